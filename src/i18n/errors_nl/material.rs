use pkjwt_core::jwa::KeyType;
use pkjwt_core::material::{Curve, Inconsistency, KeyDescription, MaterialError};

pub fn material_error_nl(error: &MaterialError) -> String {
    match error {
        MaterialError::TooLarge { actual, limit } => format!(
            "De invoer is {actual} bytes; pkjwt leest hoogstens {limit} bytes sleutelmateriaal. Plak enkel de sleutel."
        ),
        MaterialError::RsaSize { bits } => format!(
            "RSA-sleutels van {bits} bits worden niet ondersteund: pkjwt leest RSA-sleutels van 1024 tot 8192 bits."
        ),
        MaterialError::UnsupportedCurve { curve } => format!(
            "Niet-ondersteunde sleutel: curve {} wordt niet ondersteund; gebruik P-256, P-384, P-521 of Ed25519.",
            curve_nl(curve)
        ),
        MaterialError::Inconsistent(inconsistency) => format!("De sleutel is niet consistent: {}.", inconsistency_nl(inconsistency)),
    }
}

fn curve_nl(curve: &Curve) -> String {
    match curve {
        Curve::Named(name) => (*name).to_owned(),
        Curve::Oid(oid) => format!("met OID {oid}"),
        Curve::Given(crv) => crv.clone(),
    }
}

pub fn inconsistency_nl(inconsistency: &Inconsistency) -> String {
    match inconsistency {
        Inconsistency::PointNotOnCurve(curve) => format!("het publieke punt ligt niet op {curve}"),
        Inconsistency::ScalarNotValid(curve) => format!("de private scalar is niet geldig voor {curve}"),
        Inconsistency::StoredPointMismatch => "het publieke punt in de EC-sleutel past niet bij de private scalar".into(),
        Inconsistency::Ed25519Unusable(detail) => format!("de publieke Ed25519-sleutel is niet bruikbaar ({detail})"),
        Inconsistency::RsaModulus => "de modulus (\"n\") moet oneven zijn en groter dan de publieke exponent (\"e\")".into(),
        Inconsistency::RsaExponentEven => "de publieke exponent (\"e\") moet oneven zijn".into(),
        Inconsistency::RsaExponentTooSmall => "de publieke exponent (\"e\") is te klein".into(),
        Inconsistency::RsaExponentTooLarge => "de publieke exponent (\"e\") is te groot".into(),
        Inconsistency::RsaPublicUnusable(detail) => format!("de publieke RSA-sleutel is niet bruikbaar ({detail})"),
        Inconsistency::RsaPrimesEqual => "de twee priemgetallen (\"p\", \"q\") zijn gelijk".into(),
        Inconsistency::RsaPrimesTooSmall => "de priemgetallen (\"p\", \"q\") moeten groter zijn dan 1".into(),
        Inconsistency::RsaPrimesProduct => "het product van de priemgetallen (\"p\", \"q\") is niet de modulus (\"n\")".into(),
        Inconsistency::RsaPrivateExponent => {
            "de private exponent (\"d\") past niet bij de publieke exponent (\"e\") en de priemgetallen".into()
        }
        Inconsistency::RsaPrivateUnusable(detail) => format!("de private RSA-sleutel is niet bruikbaar ({detail})"),
        Inconsistency::JwkPointNotOnCurve(curve) => format!("de velden \"x\" en \"y\" vormen geen punt op {curve}"),
        Inconsistency::JwkPrivateMismatch(KeyType::Ed25519) => "het veld \"d\" hoort niet bij de publieke sleutel \"x\"".into(),
        Inconsistency::JwkPrivateMismatch(_) => "het veld \"d\" hoort niet bij het publieke punt (\"x\", \"y\")".into(),
    }
}

/// "RSA van 2048 bits", "EC P-256", "Ed25519".
pub fn description_nl(key: &KeyDescription) -> String {
    match key.key_type {
        KeyType::Rsa => format!("RSA van {} bits", key.bits),
        KeyType::Ed25519 => "Ed25519".into(),
        curve => format!("EC {curve}"),
    }
}

/// What an algorithm needs: "een RSA-sleutel", "een P-256-sleutel".
pub fn requirement_nl(key_type: KeyType) -> String {
    format!("een {key_type}-sleutel")
}
