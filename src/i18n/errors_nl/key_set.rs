//! Dutch for why the key set refused a change or left an imported key out.
use pkjwt_core::key::KeySetError;

pub fn key_set_error_nl(error: &KeySetError) -> String {
    match error {
        KeySetError::Full { kid, max } => {
            format!("De sleutelset is vol: hij bevat hoogstens {max} sleutels. Verwijder er eerst een (kid \"{kid}\" werd niet toegevoegd).")
        }
        KeySetError::DuplicateKid { kid } => {
            format!("De sleutelset heeft al een sleutel met kid \"{kid}\"; elke sleutel heeft een eigen kid nodig.")
        }
        KeySetError::SameKey { held } => {
            format!("De sleutelset bevat deze sleutel (RFC 7638-thumbprint) al, onder kid \"{held}\".")
        }
        KeySetError::UnknownKid { kid } => format!("De sleutelset heeft geen sleutel met kid \"{kid}\"."),
        KeySetError::RemoveCurrent { kid } => format!(
            "Kid \"{kid}\" is de huidige ondertekensleutel: maak eerst een andere sleutel de huidige voor je hem verwijdert."
        ),
        KeySetError::PublicOnly { kid } => {
            format!("Kid \"{kid}\" is enkel een publieke sleutel; de sleutelset houdt de sleutels die kunnen ondertekenen.")
        }
    }
}
