//! PEM exports: PKCS#8 for the private key, SPKI for the public key.
use super::{Key, KeyError, KeyMaterial, PrivateKey};
use pkcs8::EncodePrivateKey;
use zeroize::Zeroizing;

/// `-----BEGIN PUBLIC KEY-----` (SubjectPublicKeyInfo, RFC 5280).
pub fn public_pem(key: &Key) -> Result<String, KeyError> {
    let der = super::asn1::spki_der(key.public_key())?;
    crate::pem::encode("PUBLIC KEY", &der)
}

/// PKCS#8 DER of the private key, or `None` for a public-only key.
pub fn private_pkcs8_der(key: &Key) -> Result<Option<Zeroizing<Vec<u8>>>, KeyError> {
    let KeyMaterial::Private(private) = key.material() else {
        return Ok(None);
    };
    let document = match private {
        PrivateKey::Rsa(k) => k.to_pkcs8_der(),
        PrivateKey::P256(k) => k.to_pkcs8_der(),
        PrivateKey::P384(k) => k.to_pkcs8_der(),
        PrivateKey::P521(k) => k.to_pkcs8_der(),
        // RFC 8410's form without the optional public key (PKCS#8 v1), as `openssl genpkey`
        // writes it: WebCrypto in Chromium refuses the v2 form ed25519-dalek writes by default.
        PrivateKey::Ed25519(k) => {
            ed25519_dalek::pkcs8::KeypairBytes { secret_key: k.to_bytes(), public_key: None }.to_pkcs8_der()
        }
    }
    .map_err(|e| KeyError::Encoding { what: "The PKCS#8 private key", reason: e.to_string() })?;
    Ok(Some(Zeroizing::new(document.as_bytes().to_vec())))
}

/// `-----BEGIN PRIVATE KEY-----` (PKCS#8, RFC 5208/5958), or `None` for a public-only key.
pub fn private_pem(key: &Key) -> Result<Option<Zeroizing<String>>, KeyError> {
    let Some(der) = private_pkcs8_der(key)? else {
        return Ok(None);
    };
    crate::pem::encode("PRIVATE KEY", &der).map(|pem| Some(Zeroizing::new(pem)))
}
