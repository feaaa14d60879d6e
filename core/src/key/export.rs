//! Writing a [`Key`] out: its JWKs and JWK Set, and PEM (PKCS#8 for the private key, SPKI
//! for the public key).
use super::{Key, KeyError, KeyMaterial};
use crate::jwk;
use zeroize::Zeroizing;

/// `-----BEGIN PUBLIC KEY-----` (SubjectPublicKeyInfo, RFC 5280).
pub fn public_pem(key: &Key) -> Result<String, KeyError> {
    let der = crate::der::spki_der(key.public_key())?;
    Ok(crate::pem::encode("PUBLIC KEY", &der)?)
}

/// PKCS#8 DER of the private key, or `None` for a public-only key.
pub fn private_pkcs8_der(key: &Key) -> Result<Option<Zeroizing<Vec<u8>>>, KeyError> {
    let KeyMaterial::Private(private) = key.material() else {
        return Ok(None);
    };
    Ok(Some(crate::der::pkcs8_der(private, key.public_key())?))
}

/// `-----BEGIN PRIVATE KEY-----` (PKCS#8, RFC 5208/5958), or `None` for a public-only key.
pub fn private_pem(key: &Key) -> Result<Option<Zeroizing<String>>, KeyError> {
    let Some(der) = private_pkcs8_der(key)? else {
        return Ok(None);
    };
    Ok(crate::pem::encode("PRIVATE KEY", &der).map(|pem| Some(Zeroizing::new(pem)))?)
}

/// The JWK parameters of `key` beyond its material: `kid`, `use`, `alg`, certificate.
fn parameters(key: &Key) -> jwk::Parameters<'_> {
    jwk::Parameters { kid: key.kid(), alg: key.alg(), certificate: key.certificate() }
}

/// The public JWK, pretty-printed: no private members, with `kid`, `use`, `alg` and the
/// certificate members where set.
pub fn public_jwk(key: &Key) -> String {
    jwk::public_jwk(key.public_key(), &parameters(key))
}

/// `{"keys": [public JWK]}`: what Beheerportaal, Okta, Keycloak and SMART servers register.
pub fn public_jwks(key: &Key) -> String {
    jwk::public_jwks(key.public_key(), &parameters(key))
}

/// `{"keys": [...]}` with the public JWK of each key, in the order given (a key set: the
/// current key first). For one key it is [`public_jwks`], byte for byte.
pub fn public_jwks_of<'a>(keys: impl IntoIterator<Item = &'a Key>) -> String {
    let keys: Vec<_> = keys.into_iter().map(|key| (key.public_key(), parameters(key))).collect();
    jwk::public_jwks_of(&keys)
}

/// `{"keys": [...]}` with the private JWK of each key (the public JWK of a public-only one),
/// in the order given: what "remember" stores for a key set. Zeroized when dropped.
pub fn private_jwks_of<'a>(keys: impl IntoIterator<Item = &'a Key>) -> Zeroizing<String> {
    let keys: Vec<_> = keys
        .into_iter()
        .map(|key| {
            let private = match key.material() {
                KeyMaterial::Private(private) => Some(private),
                KeyMaterial::Public(_) => None,
            };
            (key.public_key(), private, parameters(key))
        })
        .collect();
    jwk::private_jwks_of(&keys)
}

/// The private JWK, or `None` for a public-only key. Zeroized when dropped.
pub fn private_jwk(key: &Key) -> Option<Zeroizing<String>> {
    let KeyMaterial::Private(private) = key.material() else {
        return None;
    };
    Some(jwk::private_jwk(private, key.public_key(), &parameters(key)))
}

/// Only the key members of the private JWK (no `kid`, `use`, `alg` or certificate), as
/// WebCrypto's `importKey("jwk", …)` wants them: it refuses a JWK whose `alg` differs from
/// the algorithm it is imported for. `None` for a public-only key.
pub fn private_key_members(key: &Key) -> Option<Zeroizing<String>> {
    let KeyMaterial::Private(private) = key.material() else {
        return None;
    };
    Some(jwk::private_key_members(private, key.public_key()))
}
