use super::der::der_error_nl;
use super::json::json_problem_nl;
use super::jwk::jwk_error_nl;
use super::material::material_error_nl;
use super::pem::pem_error_nl;
use super::x509::certificate_error_nl;
use pkjwt_core::key::{KeyError, LabelHint};

pub fn key_error_nl(error: &KeyError) -> String {
    match error {
        KeyError::Material(error) => material_error_nl(error),
        KeyError::Pem(error) => pem_error_nl(error),
        KeyError::Der(error) => der_error_nl(error),
        KeyError::Jwk(error) => jwk_error_nl(error),
        KeyError::Certificate(error) => certificate_error_nl(error),
        KeyError::Empty => "Niets om te importeren: plak eerst een private JWK, een JWKS of een PEM-blok.".into(),
        KeyError::Unrecognized => "Dit is geen sleutel: verwacht werd een JSON Web Key ({\"kty\": …}), een JWK Set ({\"keys\": […]}) of een PEM-blok (-----BEGIN …-----).".into(),
        KeyError::LooksLikeJwt => "Dit lijkt een JWT (drie base64url-delen gescheiden door punten), geen sleutel.".into(),
        KeyError::Json(json) => {
            format!("De JSON is niet geldig op regel {}, kolom {}: {}.", json.line, json.column, json_problem_nl(json))
        }
        KeyError::JsonNotAKey => "De JSON is een object, maar noch een JWK (geen veld \"kty\") noch een JWK Set (geen veld \"keys\").".into(),
        KeyError::JsonArray => "De JSON is een array, geen object: een JWK is {\"kty\": …}, en een lijst JWK's moet je verpakken als JWK Set, {\"keys\": […]}.".into(),
        KeyError::InSet { index, error } => format!("keys[{index}]: {}", key_error_nl(error)),
        KeyError::JwksNoUsableKey { first } => format!("Geen enkele sleutel in de JWK Set kon gelezen worden. {}", key_error_nl(first)),
        KeyError::PemNoBlock => "Geen PEM-blok gevonden: een PEM-sleutel begint met een regel zoals -----BEGIN PRIVATE KEY-----.".into(),
        KeyError::PemEncrypted { label } => format!(
            "PEM-blok \"{label}\" is versleuteld; pkjwt vraagt geen wachtwoorden. Ontsleutel het eerst lokaal, bv. `openssl pkey -in encrypted.pem -out plain.pem`."
        ),
        KeyError::PemUnsupportedLabel { label, hint } => format!("PEM-blok \"{label}\" is geen sleutel die pkjwt kan lezen: {}", hint_nl(*hint)),
        KeyError::CertificateMismatch => "Het certificaat hoort niet bij de private sleutel waarmee het geplakt werd.".into(),
        KeyError::NotPrivate => "Dit is enkel een publieke sleutel: je kunt hem tonen en exporteren, maar om te ondertekenen is de private sleutel nodig.".into(),
        KeyError::Generation(error) => format!("Het aanmaken van de sleutel is mislukt: {}.", error.0),
        KeyError::ServiceAccountWithoutKey => {
            "Dit sleutelbestand van een Google-serviceaccount is niet bruikbaar: het heeft geen veld \"private_key\".".into()
        }
    }
}

fn hint_nl(hint: LabelHint) -> &'static str {
    match hint {
        LabelHint::OpenSsh => "een OpenSSH-sleutel; zet hem om met `ssh-keygen -p -m PKCS8 -f <bestand>` (dat herschrijft het bestand in PKCS#8).",
        LabelHint::CertificateRequest => "een certificaataanvraag (CSR) bevat geen private sleutel; plak de sleutel zelf.",
        LabelHint::Dsa => "DSA kan geen JWT's ondertekenen; gebruik RSA, EC of Ed25519.",
        LabelHint::RevocationList => "een intrekkingslijst (CRL), geen sleutel.",
        LabelHint::CurveOnly => "het noemt een curve maar bevat geen sleutel; plak ook het blok EC PRIVATE KEY.",
        LabelHint::Other => "verwacht werd PRIVATE KEY, RSA PRIVATE KEY, EC PRIVATE KEY, PUBLIC KEY of CERTIFICATE.",
    }
}
