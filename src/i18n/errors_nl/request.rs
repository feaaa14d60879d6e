use super::assertion::assertion_error_nl;
use pkjwt_core::endpoint::{EndpointError, UrlProblem};
use pkjwt_core::request::{MissingAssertion, RequestError};

pub fn request_error_nl(error: &RequestError) -> String {
    match error {
        RequestError::Endpoint(error) => endpoint_error_nl(error),
        RequestError::ParamMissing { name } => format!("De parameter \"{name}\" is verplicht voor dit verzoek."),
        RequestError::ParamNul { name } => format!(
            "De parameter \"{name}\" bevat een NUL-teken, en dat kan geen HTTP-formulier of shellcommando overbrengen."
        ),
        RequestError::ClientIdMissing => "De client_id is leeg.".into(),
        RequestError::SecretMissing { auth } => format!("Het client secret is leeg: {auth} verstuurt het."),
        RequestError::AssertionMissing(missing) => {
            let why = match missing {
                MissingAssertion::NoKey => "maak eerst een sleutel.".to_owned(),
                MissingAssertion::Pending => "ze wordt nog ondertekend.".to_owned(),
                MissingAssertion::Failed(error) => assertion_error_nl(error),
            };
            format!("Er is een ondertekende assertie nodig, maar die is er nog niet: {why}")
        }
        RequestError::JwtBearerWithPrivateKeyJwt => "De JWT-bearer-grant bevat de ondertekende JWT al in \"assertion\"; kies als clientauthenticatie none of een client secret.".into(),
        RequestError::ValueTooLong { name, length, limit } => format!(
            "De waarde van \"{name}\" is {length} bytes lang; pkjwt verstuurt daar hoogstens {limit} bytes."
        ),
    }
}

pub fn endpoint_error_nl(error: &EndpointError) -> String {
    match error {
        EndpointError::Missing => "De endpoint-URL is leeg.".into(),
        EndpointError::Invalid(problem) => format!("De endpoint-URL {}.", url_problem_nl(*problem)),
        EndpointError::Placeholder { placeholder } => {
            format!("De endpoint-URL bevat nog de plaatshouder {placeholder}: vervang die door je eigen waarde.")
        }
    }
}

fn url_problem_nl(problem: UrlProblem) -> String {
    match problem {
        UrlProblem::TooLong { length, max } => format!("is {length} tekens lang; pkjwt aanvaardt er hoogstens {max}"),
        UrlProblem::Character(' ') => "bevat een spatie; verwijder die (of gebruik percent-encoding)".into(),
        UrlProblem::Character(c) => format!("bevat het teken U+{:04X}; verwijder het (of gebruik percent-encoding)", c as u32),
        UrlProblem::Scheme => "moet beginnen met https:// (of http:// voor een server op deze computer)".into(),
        UrlProblem::NoHost => "heeft geen hostnaam".into(),
        UrlProblem::Credentials => "bevat een gebruikersnaam of wachtwoord; clientgegevens horen in het verzoek, niet in de URL".into(),
        UrlProblem::Fragment => "bevat een fragment (#…), en dat mag een token-endpoint niet hebben (RFC 6749 §3.2)".into(),
    }
}
