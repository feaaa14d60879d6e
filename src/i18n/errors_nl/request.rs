use super::nl;
use pkjwt_core::endpoint::EndpointError;
use pkjwt_core::request::RequestError;

pub fn request_error_nl(error: &RequestError) -> String {
    match error {
        RequestError::Endpoint(error) => endpoint_error_nl(error),
        RequestError::ParamMissing { name } => format!("De parameter \"{name}\" is verplicht voor dit verzoek."),
        RequestError::ParamNul { name } => format!(
            "De parameter \"{name}\" bevat een NUL-teken, en dat kan geen HTTP-formulier of shellcommando overbrengen."
        ),
        RequestError::ClientIdMissing => "De client_id is leeg.".into(),
        RequestError::SecretMissing { auth } => format!("Het client secret is leeg: {auth} verstuurt het."),
        RequestError::AssertionMissing { reason } => {
            format!("Er is een ondertekende assertie nodig, maar die is er nog niet: {}", nl(reason))
        }
        RequestError::JwtBearerWithPrivateKeyJwt => "De JWT-bearer-grant bevat de ondertekende JWT al in \"assertion\"; kies als clientauthenticatie none of een client secret.".into(),
        RequestError::ValueTooLong { name, length, limit } => format!(
            "De waarde van \"{name}\" is {length} bytes lang; pkjwt verstuurt daar hoogstens {limit} bytes."
        ),
        _ => error.to_string(),
    }
}

pub fn endpoint_error_nl(error: &EndpointError) -> String {
    match error {
        EndpointError::Missing => "De endpoint-URL is leeg.".into(),
        EndpointError::Invalid { problem } => format!("De endpoint-URL {}.", nl(problem)),
        EndpointError::Placeholder { placeholder } => {
            format!("De endpoint-URL bevat nog de plaatshouder {placeholder}: vervang die door je eigen waarde.")
        }
    }
}
