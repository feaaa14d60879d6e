//! RFC 7638 JWK thumbprints.
use crate::b64;
use crate::material::PublicKey;
use sha2::{Digest, Sha256};

/// The canonical JSON RFC 7638 §3 hashes: required members only, lexicographic order,
/// no whitespace.
pub fn thumbprint_input(key: &PublicKey) -> String {
    let mut members = super::write::public_members(key).required;
    // Sort explicitly: serde_json keeps insertion order (preserve_order is on for readable
    // claims), and RFC 7638 wants the members in lexicographic order of their names.
    members.sort_by(|a, b| a.0.cmp(b.0));
    let body: Vec<String> = members
        .iter()
        .map(|(name, value)| format!("{}:{}", serde_json::Value::from(*name), serde_json::Value::from(value.as_str())))
        .collect();
    format!("{{{}}}", body.join(","))
}

/// RFC 7638 SHA-256 thumbprint, base64url without padding.
pub fn thumbprint(key: &PublicKey) -> String {
    b64::url_encode(&Sha256::digest(thumbprint_input(key).as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 7638 §3.1: the example RSA key and its thumbprint.
    #[test]
    fn rfc7638_section_3_1_example() {
        let n = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
        let jwk = serde_json::json!({"kty": "RSA", "n": n, "e": "AQAB", "alg": "RS256", "kid": "2011-04-29"});
        let key = crate::jwk::read(&jwk, crate::jwk::Check::Full).map(|parts| parts.public);
        assert!(key.is_ok(), "{key:?}");
        if let Ok(key) = key {
            assert_eq!(thumbprint(&key), "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
        }
    }
}
