//! PEM exports: PKCS#8 for the private key, SPKI for the public key.
use super::{Key, KeyError, KeyMaterial, PrivateKey, PublicKey};
use const_oid::ObjectIdentifier;
use der::Encode;
use elliptic_curve::sec1::ToEncodedPoint;
use pkcs8::EncodePrivateKey;

const EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const P256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
const P384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");
const P521: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.35");

/// PKCS#8 (RFC 5915 inside RFC 5958) for an EC key: the curve in the algorithm parameters,
/// the SEC1 ECPrivateKey with its public point inside.
fn ec_pkcs8(curve: ObjectIdentifier, scalar: &[u8], point: &[u8]) -> pkcs8::Result<pkcs8::SecretDocument> {
    let sec1 = sec1::EcPrivateKey { private_key: scalar, parameters: None, public_key: Some(point) };
    let sec1_der = Zeroizing::new(sec1.to_der()?);
    let info = pkcs8::PrivateKeyInfo {
        algorithm: pkcs8::AlgorithmIdentifierRef { oid: EC_PUBLIC_KEY, parameters: Some((&curve).into()) },
        private_key: &sec1_der,
        public_key: None,
    };
    pkcs8::SecretDocument::encode_msg(&info).map_err(pkcs8::Error::from)
}
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
    let public = key.public_key();
    let document = match (private, public) {
        (PrivateKey::Rsa(k), _) => k.to_pkcs8_der(),
        // EC keys are written from the scalar and the public point the Key already holds:
        // the crates' own encoders would derive the point again, a scalar multiplication.
        (PrivateKey::P256(k), PublicKey::P256(p)) => ec_pkcs8(P256, &k.to_bytes(), p.to_encoded_point(false).as_bytes()),
        (PrivateKey::P384(k), PublicKey::P384(p)) => ec_pkcs8(P384, &k.to_bytes(), p.to_encoded_point(false).as_bytes()),
        (PrivateKey::P521(k), PublicKey::P521(p)) => ec_pkcs8(P521, &k.to_bytes(), p.to_encoded_point(false).as_bytes()),
        (PrivateKey::P256(_) | PrivateKey::P384(_) | PrivateKey::P521(_), _) => {
            return Err(KeyError::Encoding { what: "The PKCS#8 private key", reason: "public key of another curve".into() })
        }
        // RFC 8410's form without the optional public key (PKCS#8 v1), as `openssl genpkey`
        // writes it: WebCrypto in Chromium refuses the v2 form ed25519-dalek writes by default.
        (PrivateKey::Ed25519(k), _) => {
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
