use super::json::json_problem_nl;
use super::material::{description_nl, requirement_nl};
use pkjwt_core::assertion::AssertionError;
use pkjwt_core::crypto::SignError;

fn sign_error_nl(error: &SignError) -> String {
    match error {
        SignError::NotPrivate => "Dit is enkel een publieke sleutel: om te ondertekenen is de private sleutel nodig. Importeer de private JWK of PEM, of maak een nieuwe sleutel.".into(),
        SignError::AlgMismatch { alg, needs, key } => {
            format!("{alg} vraagt {}, maar de huidige sleutel is {}.", requirement_nl(*needs), description_nl(key))
        }
        SignError::Crypto(detail) => format!("Ondertekenen mislukt: {detail}"),
        SignError::Backend(detail) => format!("De browser kon niet ondertekenen: {detail}"),
    }
}

pub fn assertion_error_nl(error: &AssertionError) -> String {
    match error {
        AssertionError::NoKey => "Nog geen sleutel: maak of importeer eerst een sleutel.".into(),
        AssertionError::Sign(error) => sign_error_nl(error),
        AssertionError::ClientIdMissing => {
            "De client_id is leeg: hij wordt de claim \"iss\" (en normaal ook \"sub\").".into()
        }
        AssertionError::AudienceMissing => {
            "De audience (\"aud\") is leeg: vul er de URL van het token-endpoint of de issuer in.".into()
        }
        AssertionError::AlgNotForKey { alg, key, choices } => {
            let choices = choices.iter().map(|a| a.name()).collect::<Vec<_>>().join(", ");
            format!("{alg} kan niet gemaakt worden met deze sleutel ({}); kies een van: {choices}.", description_nl(key))
        }
        AssertionError::Lifetime { value, max } => format!(
            "De levensduur moet een geheel aantal seconden tussen 1 en {max} zijn; ingevuld is {value:?}."
        ),
        AssertionError::Skew { value } => format!(
            "De marge voor klokverschil moet een geheel aantal seconden tussen 0 en 3600 zijn; ingevuld is {value:?}."
        ),
        AssertionError::ExtraClaimsJson(json) => format!(
            "De extra claims zijn geen geldige JSON op regel {}, kolom {}: {}.",
            json.line,
            json.column,
            json_problem_nl(json)
        ),
        AssertionError::ExtraClaimsNotObject => {
            "De extra claims moeten een JSON-object zijn, zoals {\"scope\": \"read\"}.".into()
        }
        AssertionError::ExtraClaimReserved { name } => format!(
            "De extra claims mogen \"{name}\" niet instellen: pkjwt vult die claim zelf in (zodat hij bij elke handtekening vers is)."
        ),
        AssertionError::CertificateNeeded { member } => {
            format!("De header \"{member}\" heeft een certificaat nodig: maak er een voor deze sleutel, of importeer de sleutel met zijn certificaat.")
        }
        AssertionError::JkuInvalid => "De header \"jku\" moet een https://-URL van je JWK Set zijn, zonder spaties, {placeholders} of gebruiker:wachtwoord@.".into(),
        AssertionError::TypInvalid => "De header \"typ\" mag geen stuurtekens bevatten.".into(),
        AssertionError::FieldTooLong { field, length, limit } => format!(
            "De waarde van \"{field}\" is {length} bytes lang; pkjwt aanvaardt daar hoogstens {limit} bytes."
        ),
        AssertionError::ExtraClaimsTooLarge { length, limit } => format!(
            "De extra claims zijn {length} bytes lang; pkjwt aanvaardt hoogstens {limit} bytes aan extra claims."
        ),
    }
}
