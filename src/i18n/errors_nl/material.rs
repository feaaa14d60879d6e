use super::nl;
use pkjwt_core::material::MaterialError;

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
            nl(curve)
        ),
        MaterialError::Inconsistent { reason } => format!("De sleutel is niet consistent: {}.", nl(reason)),
    }
}
