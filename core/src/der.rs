//! The DER key structures: reading the ones users bring (PKCS#8, PKCS#1 and SEC1 private
//! keys, SPKI and PKCS#1 public keys) and writing SPKI and PKCS#8. Each reader names its
//! structure in errors; all of them end in the same curve, size and consistency checks.
use crate::material::{rsa_parts, MaterialError, PrivateKey, PublicKey};
use const_oid::ObjectIdentifier;
use der::asn1::{AnyRef, BitStringRef, OctetStringRef};
use der::{Decode, Encode, Tag, Tagged};
use elliptic_curve::sec1::ToEncodedPoint;
use pkcs8::{DecodePrivateKey, EncodePrivateKey};
use rsa::BigUint;
use spki::DecodePublicKey;
use zeroize::Zeroizing;

/// DER that cannot be read as a key (or a key that cannot be written as DER).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DerError {
    #[error(transparent)]
    Material(#[from] MaterialError),
    #[error("{structure} cannot be read: {reason}.")]
    Invalid { structure: &'static str, reason: String },
    #[error("The EC key spells out its curve parameters instead of naming its curve; pkjwt reads named curves only (P-256, P-384, P-521). Rewrite it with `openssl ec -in key.pem -param_enc named_curve -out named.pem`.")]
    ExplicitCurve,
    #[error("The key algorithm {name} (OID {oid}) is not supported: use RSA, EC P-256/P-384/P-521 or Ed25519.")]
    UnsupportedAlgorithm { oid: String, name: String },
    #[error("{what} could not be encoded: {reason}.")]
    Encoding { what: &'static str, reason: String },
}

impl DerError {
    /// A stable identifier, independent of the wording.
    pub fn code(&self) -> &'static str {
        match self {
            DerError::Material(error) => error.code(),
            DerError::Invalid { .. } => "DER_INVALID",
            DerError::ExplicitCurve => "KEY_EXPLICIT_CURVE",
            DerError::UnsupportedAlgorithm { .. } => "KEY_UNSUPPORTED_ALGORITHM",
            DerError::Encoding { .. } => "KEY_ENCODING",
        }
    }
}

/// A DER decoding error, worded for the page.
pub(crate) fn der_error(structure: &'static str, error: der::Error) -> DerError {
    let reason = match error.kind() {
        der::ErrorKind::Incomplete { expected_len, actual_len } => format!(
            "it ends after {} of its {} bytes; part of it is missing",
            u32::from(actual_len),
            u32::from(expected_len)
        ),
        kind => match error.position() {
            Some(position) => format!("{kind} (at byte {})", u32::from(position)),
            None => kind.to_string(),
        },
    };
    DerError::Invalid { structure, reason }
}

mod oids {
    use const_oid::ObjectIdentifier as Oid;
    pub const RSA_ENCRYPTION: Oid = Oid::new_unwrap("1.2.840.113549.1.1.1");
    pub const RSASSA_PSS: Oid = Oid::new_unwrap("1.2.840.113549.1.1.10");
    pub const EC_PUBLIC_KEY: Oid = Oid::new_unwrap("1.2.840.10045.2.1");
    pub const ED25519: Oid = Oid::new_unwrap("1.3.101.112");
    pub const P256: Oid = Oid::new_unwrap("1.2.840.10045.3.1.7");
    pub const P384: Oid = Oid::new_unwrap("1.3.132.0.34");
    pub const P521: Oid = Oid::new_unwrap("1.3.132.0.35");
}

/// The name of a curve OID pkjwt cannot use, for the error message.
fn curve_name(oid: &ObjectIdentifier) -> String {
    match oid.to_string().as_str() {
        "1.2.840.10045.3.1.1" => "P-192".into(),
        "1.3.132.0.33" => "P-224".into(),
        "1.3.132.0.10" => "secp256k1".into(),
        "1.3.36.3.3.2.8.1.1.7" => "brainpoolP256r1".into(),
        "1.3.36.3.3.2.8.1.1.11" => "brainpoolP384r1".into(),
        "1.3.36.3.3.2.8.1.1.13" => "brainpoolP512r1".into(),
        other => format!("with OID {other}"),
    }
}

fn algorithm_name(oid: &ObjectIdentifier) -> String {
    match oid.to_string().as_str() {
        "1.3.101.113" => "Ed448".into(),
        "1.3.101.110" => "X25519".into(),
        "1.3.101.111" => "X448".into(),
        "1.2.840.10040.4.1" => "DSA".into(),
        "1.2.840.10046.2.1" => "Diffie-Hellman".into(),
        "1.2.840.10045.2.1" => "EC".into(),
        "1.2.840.113549.1.1.1" => "RSA".into(),
        // Names of everything else would cost const-oid's whole OID table in the page.
        _ => "unknown".into(),
    }
}

/// RFC 5480 ECParameters: a named curve (the only kind pkjwt reads), explicit parameters
/// (refused with the command that names the curve instead), or NULL/absent (no curve here).
fn ec_curve_oid(parameters: Option<AnyRef<'_>>) -> Result<Option<ObjectIdentifier>, DerError> {
    match parameters {
        Some(any) if any.tag() == Tag::ObjectIdentifier => any
            .decode_as::<ObjectIdentifier>()
            .map(Some)
            .map_err(|e| der_error("The EC key's curve name", e)),
        Some(any) if any.tag() == Tag::Sequence => Err(DerError::ExplicitCurve),
        Some(any) if any.tag() == Tag::Null => Ok(None),
        Some(any) => Err(DerError::Invalid {
            structure: "The EC key's curve parameters",
            reason: format!("expected a curve name, found {}", any.tag()),
        }),
        None => Ok(None),
    }
}

/// A public point on a supported curve.
fn public_from_point(curve: ObjectIdentifier, point: &[u8]) -> Result<PublicKey, DerError> {
    let bad = |crv: &str| DerError::from(MaterialError::inconsistent(format!("the public point is not on {crv}")));
    if curve == oids::P256 {
        p256::PublicKey::from_sec1_bytes(point).map(PublicKey::P256).map_err(|_| bad("P-256"))
    } else if curve == oids::P384 {
        p384::PublicKey::from_sec1_bytes(point).map(PublicKey::P384).map_err(|_| bad("P-384"))
    } else if curve == oids::P521 {
        p521::PublicKey::from_sec1_bytes(point).map(PublicKey::P521).map_err(|_| bad("P-521"))
    } else {
        Err(MaterialError::UnsupportedCurve { curve: curve_name(&curve) }.into())
    }
}

pub(crate) fn private_from_pkcs8(der: &[u8]) -> Result<PrivateKey, DerError> {
    let info = pkcs8::PrivateKeyInfo::from_der(der).map_err(|e| der_error("The PKCS#8 private key", e))?;
    let oid = info.algorithm.oid;
    if oid == oids::RSA_ENCRYPTION || oid == oids::RSASSA_PSS {
        return private_from_pkcs1(info.private_key);
    }
    if oid == oids::EC_PUBLIC_KEY {
        let curve = ec_curve_oid(info.algorithm.parameters)?;
        return private_from_sec1(info.private_key, curve);
    }
    if oid == oids::ED25519 {
        return ed25519_dalek::SigningKey::from_pkcs8_der(der)
            .map(PrivateKey::Ed25519)
            .map_err(|e| DerError::Invalid { structure: "The Ed25519 PKCS#8 key", reason: e.to_string() });
    }
    Err(DerError::UnsupportedAlgorithm { oid: oid.to_string(), name: algorithm_name(&oid) })
}

fn biguint(bytes: der::asn1::UintRef<'_>) -> BigUint {
    BigUint::from_bytes_be(bytes.as_bytes())
}

pub(crate) fn private_from_pkcs1(der: &[u8]) -> Result<PrivateKey, DerError> {
    let parsed = pkcs1::RsaPrivateKey::from_der(der).map_err(|e| der_error("The PKCS#1 RSA private key", e))?;
    if parsed.other_prime_infos.is_some() {
        return Err(DerError::Invalid {
            structure: "The PKCS#1 RSA private key",
            reason: "it has more than two primes; multi-prime RSA keys are not supported".into(),
        });
    }
    let key = rsa_parts::private_key(
        biguint(parsed.modulus),
        biguint(parsed.public_exponent),
        biguint(parsed.private_exponent),
        biguint(parsed.prime1),
        biguint(parsed.prime2),
    )
    .map_err(DerError::from)?;
    Ok(PrivateKey::Rsa(Box::new(key)))
}

/// SEC1 ECPrivateKey (RFC 5915 §3). Our own type rather than `sec1::EcPrivateKey`, whose
/// parameters field accepts only a named curve and so turns explicit parameters into a
/// bare DER error.
#[derive(der::Sequence)]
struct EcPrivateKey<'a> {
    version: u8,
    private_key: OctetStringRef<'a>,
    #[asn1(context_specific = "0", optional = "true")]
    parameters: Option<AnyRef<'a>>,
    #[asn1(context_specific = "1", optional = "true")]
    public_key: Option<BitStringRef<'a>>,
}

/// Whether `der` has the shape of a SEC1 EC private key.
pub(crate) fn is_sec1(der: &[u8]) -> bool {
    EcPrivateKey::from_der(der).is_ok_and(|key| key.version == 1)
}

pub(crate) fn private_from_sec1(der: &[u8], curve_from_pkcs8: Option<ObjectIdentifier>) -> Result<PrivateKey, DerError> {
    const STRUCTURE: &str = "The SEC1 EC private key";
    let parsed = EcPrivateKey::from_der(der).map_err(|e| der_error(STRUCTURE, e))?;
    if parsed.version != 1 {
        return Err(DerError::Invalid { structure: STRUCTURE, reason: format!("its version is {}, not 1", parsed.version) });
    }
    let inner_curve = ec_curve_oid(parsed.parameters)?;
    let scalar = parsed.private_key.as_bytes();
    let curve = match curve_from_pkcs8.or(inner_curve) {
        Some(curve) => curve,
        // No curve named anywhere: the scalar's length is the only clue.
        None => match scalar.len() {
            32 => oids::P256,
            48 => oids::P384,
            66 => oids::P521,
            len => {
                return Err(DerError::Invalid {
                    structure: "The EC private key",
                    reason: format!("it names no curve and its {len}-byte scalar fits none of P-256, P-384, P-521"),
                })
            }
        },
    };
    let bad_scalar = |crv: &str| DerError::from(MaterialError::inconsistent(format!("the private scalar is not valid for {crv}")));
    let key = if curve == oids::P256 {
        PrivateKey::P256(p256::SecretKey::from_slice(scalar).map_err(|_| bad_scalar("P-256"))?)
    } else if curve == oids::P384 {
        PrivateKey::P384(p384::SecretKey::from_slice(scalar).map_err(|_| bad_scalar("P-384"))?)
    } else if curve == oids::P521 {
        PrivateKey::P521(p521::SecretKey::from_slice(scalar).map_err(|_| bad_scalar("P-521"))?)
    } else {
        return Err(MaterialError::UnsupportedCurve { curve: curve_name(&curve) }.into());
    };
    // A SEC1 key may carry its public point, compressed or not; if it does, it must match.
    if let Some(bits) = parsed.public_key {
        let stored = bits.as_bytes().ok_or(DerError::Invalid {
            structure: STRUCTURE,
            reason: "its public key is not a whole number of bytes".into(),
        })?;
        let mismatch = || DerError::from(MaterialError::inconsistent("the public point stored in the EC key does not match its private scalar"));
        if public_from_point(curve, stored).map_err(|_| mismatch())? != key.public_key() {
            return Err(mismatch());
        }
    }
    Ok(key)
}

/// Reads a SubjectPublicKeyInfo (the `PUBLIC KEY` PEM, and the key inside a certificate).
pub(crate) fn public_from_spki(der: &[u8]) -> Result<PublicKey, DerError> {
    let info = spki::SubjectPublicKeyInfoRef::from_der(der).map_err(|e| der_error("The public key (SPKI)", e))?;
    let oid = info.algorithm.oid;
    if oid == oids::RSA_ENCRYPTION || oid == oids::RSASSA_PSS {
        let bits = info.subject_public_key.raw_bytes();
        return public_from_pkcs1(bits);
    }
    if oid == oids::EC_PUBLIC_KEY {
        let curve = ec_curve_oid(info.algorithm.parameters)?.ok_or(DerError::Invalid {
            structure: "The EC public key",
            reason: "it names no curve".into(),
        })?;
        return public_from_point(curve, info.subject_public_key.raw_bytes());
    }
    if oid == oids::ED25519 {
        return ed25519_dalek::VerifyingKey::from_public_key_der(der)
            .map(PublicKey::Ed25519)
            .map_err(|e| DerError::from(MaterialError::inconsistent(format!("the Ed25519 public key is not usable ({e})"))));
    }
    Err(DerError::UnsupportedAlgorithm { oid: oid.to_string(), name: algorithm_name(&oid) })
}

pub(crate) fn public_from_pkcs1(der: &[u8]) -> Result<PublicKey, DerError> {
    let parsed = pkcs1::RsaPublicKey::from_der(der).map_err(|e| der_error("The RSA public key", e))?;
    rsa_parts::public_key(biguint(parsed.modulus), biguint(parsed.public_exponent)).map(PublicKey::Rsa).map_err(DerError::from)
}

/// The DER SubjectPublicKeyInfo of `public`.
pub(crate) fn spki_der(public: &PublicKey) -> Result<Vec<u8>, DerError> {
    let encoded = match public {
        PublicKey::Rsa(k) => spki::EncodePublicKey::to_public_key_der(k),
        PublicKey::P256(k) => spki::EncodePublicKey::to_public_key_der(k),
        PublicKey::P384(k) => spki::EncodePublicKey::to_public_key_der(k),
        PublicKey::P521(k) => spki::EncodePublicKey::to_public_key_der(k),
        PublicKey::Ed25519(k) => spki::EncodePublicKey::to_public_key_der(k),
    };
    encoded
        .map(|doc| doc.as_bytes().to_vec())
        .map_err(|e| DerError::Encoding { what: "The public key", reason: e.to_string() })
}

/// PKCS#8 (RFC 5915 inside RFC 5958) for an EC key: the curve in the algorithm parameters,
/// the SEC1 ECPrivateKey with its public point inside.
fn ec_pkcs8(curve: ObjectIdentifier, scalar: &[u8], point: &[u8]) -> pkcs8::Result<pkcs8::SecretDocument> {
    let sec1 = sec1::EcPrivateKey { private_key: scalar, parameters: None, public_key: Some(point) };
    let sec1_der = Zeroizing::new(sec1.to_der()?);
    let info = pkcs8::PrivateKeyInfo {
        algorithm: pkcs8::AlgorithmIdentifierRef { oid: oids::EC_PUBLIC_KEY, parameters: Some((&curve).into()) },
        private_key: &sec1_der,
        public_key: None,
    };
    pkcs8::SecretDocument::encode_msg(&info).map_err(pkcs8::Error::from)
}

/// The PKCS#8 DER of a private key whose public half is `public`.
pub(crate) fn pkcs8_der(private: &PrivateKey, public: &PublicKey) -> Result<Zeroizing<Vec<u8>>, DerError> {
    let document = match (private, public) {
        (PrivateKey::Rsa(k), _) => k.to_pkcs8_der(),
        // EC keys are written from the scalar and the public point the caller already holds:
        // the crates' own encoders would derive the point again, a scalar multiplication.
        (PrivateKey::P256(k), PublicKey::P256(p)) => ec_pkcs8(oids::P256, &k.to_bytes(), p.to_encoded_point(false).as_bytes()),
        (PrivateKey::P384(k), PublicKey::P384(p)) => ec_pkcs8(oids::P384, &k.to_bytes(), p.to_encoded_point(false).as_bytes()),
        (PrivateKey::P521(k), PublicKey::P521(p)) => ec_pkcs8(oids::P521, &k.to_bytes(), p.to_encoded_point(false).as_bytes()),
        (PrivateKey::P256(_) | PrivateKey::P384(_) | PrivateKey::P521(_), _) => {
            return Err(DerError::Encoding { what: "The PKCS#8 private key", reason: "public key of another curve".into() })
        }
        // RFC 8410's form without the optional public key (PKCS#8 v1), as `openssl genpkey`
        // writes it: WebCrypto in Chromium refuses the v2 form ed25519-dalek writes by default.
        (PrivateKey::Ed25519(k), _) => {
            ed25519_dalek::pkcs8::KeypairBytes { secret_key: k.to_bytes(), public_key: None }.to_pkcs8_der()
        }
    }
    .map_err(|e| DerError::Encoding { what: "The PKCS#8 private key", reason: e.to_string() })?;
    Ok(Zeroizing::new(document.as_bytes().to_vec()))
}
