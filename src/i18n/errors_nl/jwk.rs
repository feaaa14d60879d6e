use super::material::material_error_nl;
use super::nl;
use pkjwt_core::jwk::JwkError;

pub fn jwk_error_nl(error: &JwkError) -> String {
    match error {
        JwkError::Material(error) => material_error_nl(error),
        JwkError::NotObject { found } => format!("Een JWK moet een JSON-object zijn, niet {}.", nl(found)),
        JwkError::MissingMember { member, why } => format!("In de JWK ontbreekt het veld \"{member}\"{}.", nl(why)),
        JwkError::InvalidMember { member, problem } => format!("Het JWK-veld \"{member}\" {}.", nl(problem)),
        JwkError::UnsupportedKeyType { kty } => format!(
            "\"kty\" (Key Type) {kty:?} wordt niet ondersteund: gebruik een RSA-, EC- (P-256, P-384, P-521) of OKP-sleutel (Ed25519)."
        ),
        JwkError::Symmetric => "Symmetrische sleutels (\"kty\": \"oct\") kunnen geen private_key_jwt-assertie ondertekenen; dat zou client_secret_jwt zijn.".into(),
        JwkError::SetNotArray => "Het veld \"keys\" van de JWK Set moet een array van JWK's zijn.".into(),
        JwkError::SetEmpty => "De JWK Set bevat geen sleutels.".into(),
    }
}
