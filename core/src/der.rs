//! The DER key structures: reading the ones users bring (PKCS#8, PKCS#1 and SEC1 private
//! keys, SPKI and PKCS#1 public keys) and writing SPKI and PKCS#8. Each reader names its
//! structure in errors; all of them end in the same curve, size and consistency checks.
use crate::jwa::KeyType;
use crate::material::{rsa_parts, MaterialError, PrivateKey, PublicKey};
use const_oid::ObjectIdentifier;
use der::asn1::{AnyRef, BitStringRef, OctetStringRef};
use der::{Decode, Encode, Tag, Tagged};
use elliptic_curve::sec1::ToEncodedPoint;
use pkcs8::{DecodePrivateKey, EncodePrivateKey};
use rsa::BigUint;
use spki::DecodePublicKey;
use crate::material::{Curve, Inconsistency};
use crate::text::LibraryDetail;
use std::fmt;
use zeroize::Zeroizing;

/// DER that cannot be read as a key (or a key that cannot be written as DER).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(feature = "variants", derive(strum::EnumDiscriminants), strum_discriminants(derive(strum::EnumIter)))]
pub enum DerError {
    #[error(transparent)]
    Material(#[from] MaterialError),
    #[error("{structure} cannot be read: {problem}.")]
    Invalid { structure: Structure, problem: DerProblem },
    #[error("The EC key spells out its curve parameters instead of naming its curve; pkjwt reads named curves only (P-256, P-384, P-521). Rewrite it with `openssl ec -in key.pem -param_enc named_curve -out named.pem`.")]
    ExplicitCurve,
    #[error("The key algorithm {name} (OID {oid}) is not supported: use RSA, EC P-256/P-384/P-521 or Ed25519.")]
    UnsupportedAlgorithm { oid: String, name: Algorithm },
    #[error("{what} could not be encoded: {detail}.")]
    Encoding { what: Encoded, detail: LibraryDetail },
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

/// The DER structure (or where the DER came from) that cannot be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "variants", derive(strum::EnumIter))]
pub enum Structure {
    EcCurveName,
    EcCurveParameters,
    Ed25519Pkcs8,
    Pkcs8,
    Pkcs1Private,
    Sec1,
    EcPrivate,
    Spki,
    EcPublic,
    RsaPublic,
    Certificate,
    CertificatePublicKey,
    File,
    PastedBase64,
}

impl fmt::Display for Structure {
    // Not inlined into every `&T` and field formatter: one body per type keeps the page small.
    #[inline(never)]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Structure::EcCurveName => "The EC key's curve name",
            Structure::EcCurveParameters => "The EC key's curve parameters",
            Structure::Ed25519Pkcs8 => "The Ed25519 PKCS#8 key",
            Structure::Pkcs8 => "The PKCS#8 private key",
            Structure::Pkcs1Private => "The PKCS#1 RSA private key",
            Structure::Sec1 => "The SEC1 EC private key",
            Structure::EcPrivate => "The EC private key",
            Structure::Spki => "The public key (SPKI)",
            Structure::EcPublic => "The EC public key",
            Structure::RsaPublic => "The RSA public key",
            Structure::Certificate => "The certificate",
            Structure::CertificatePublicKey => "The certificate's public key",
            Structure::File => "The file",
            Structure::PastedBase64 => "The pasted base64 text",
        })
    }
}

/// Why DER cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "variants", derive(strum::EnumDiscriminants), strum_discriminants(derive(strum::EnumIter)))]
pub enum DerProblem {
    /// It ends after `actual` of its `expected` bytes.
    Incomplete { actual: u32, expected: u32 },
    /// The DER decoder's words, and the byte where it stopped if it says.
    Library { detail: LibraryDetail, at: Option<u32> },
    /// EC parameters that are neither a curve name nor explicit parameters (the tag found).
    CurveExpected { found: LibraryDetail },
    MultiPrime,
    Version(u8),
    /// No curve named, and a scalar of this many bytes fits none.
    NoCurveScalar(usize),
    PublicKeyBits,
    NoCurve,
    /// None of the structures pkjwt reads.
    Unrecognized,
    Empty,
}

impl fmt::Display for DerProblem {
    // Not inlined into every `&T` and field formatter: one body per type keeps the page small.
    #[inline(never)]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DerProblem::Incomplete { actual, expected } => write!(f, "it ends after {actual} of its {expected} bytes; part of it is missing"),
            DerProblem::Library { detail, at: Some(at) } => write!(f, "{detail} (at byte {at})"),
            DerProblem::Library { detail, at: None } => write!(f, "{detail}"),
            DerProblem::CurveExpected { found } => write!(f, "expected a curve name, found {found}"),
            DerProblem::MultiPrime => f.write_str("it has more than two primes; multi-prime RSA keys are not supported"),
            DerProblem::Version(version) => write!(f, "its version is {version}, not 1"),
            DerProblem::NoCurveScalar(len) => write!(f, "it names no curve and its {len}-byte scalar fits none of P-256, P-384, P-521"),
            DerProblem::PublicKeyBits => f.write_str("its public key is not a whole number of bytes"),
            DerProblem::NoCurve => f.write_str("it names no curve"),
            DerProblem::Unrecognized => f.write_str("it is neither PKCS#8, SPKI, an X.509 certificate, PKCS#1 nor SEC1 DER"),
            DerProblem::Empty => f.write_str("it is empty"),
        }
    }
}

/// A key algorithm pkjwt does not sign with, by name where pkjwt knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "variants", derive(strum::EnumDiscriminants), strum_discriminants(derive(strum::EnumIter)))]
pub enum Algorithm {
    Named(&'static str),
    /// Names of everything else would cost const-oid's whole OID table in the page.
    Unknown,
}

impl fmt::Display for Algorithm {
    // Not inlined into every `&T` and field formatter: one body per type keeps the page small.
    #[inline(never)]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Algorithm::Named(name) => f.write_str(name),
            Algorithm::Unknown => f.write_str("unknown"),
        }
    }
}

/// What could not be encoded (DER here, and the certificate parts [`crate::x509`] writes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "variants", derive(strum::EnumIter))]
pub enum Encoded {
    PublicKey,
    Pkcs8,
    Signature,
    Certificate,
    SubjectName,
    SerialNumber,
    Algorithm,
    BasicConstraints,
    KeyUsage,
    SubjectKeyIdentifier,
}

impl fmt::Display for Encoded {
    // Not inlined into every `&T` and field formatter: one body per type keeps the page small.
    #[inline(never)]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Encoded::PublicKey => "The public key",
            Encoded::Pkcs8 => "The PKCS#8 private key",
            Encoded::Signature => "The signature",
            Encoded::Certificate => "The certificate",
            Encoded::SubjectName => "The subject name",
            Encoded::SerialNumber => "The serial number",
            Encoded::Algorithm => "The algorithm",
            Encoded::BasicConstraints => "basicConstraints",
            Encoded::KeyUsage => "keyUsage",
            Encoded::SubjectKeyIdentifier => "subjectKeyIdentifier",
        })
    }
}

/// A DER decoding error, worded for the page.
pub(crate) fn der_error(structure: Structure, error: der::Error) -> DerError {
    let problem = match error.kind() {
        der::ErrorKind::Incomplete { expected_len, actual_len } => {
            DerProblem::Incomplete { actual: u32::from(actual_len), expected: u32::from(expected_len) }
        }
        kind => DerProblem::Library { detail: LibraryDetail::new(&kind), at: error.position().map(u32::from) },
    };
    DerError::Invalid { structure, problem }
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

/// A curve OID pkjwt cannot use, by name where it is a well-known one.
fn curve_name(oid: &ObjectIdentifier) -> Curve {
    let oid = oid.to_string();
    match oid.as_str() {
        "1.2.840.10045.3.1.1" => Curve::Named("P-192"),
        "1.3.132.0.33" => Curve::Named("P-224"),
        "1.3.132.0.10" => Curve::Named("secp256k1"),
        "1.3.36.3.3.2.8.1.1.7" => Curve::Named("brainpoolP256r1"),
        "1.3.36.3.3.2.8.1.1.11" => Curve::Named("brainpoolP384r1"),
        "1.3.36.3.3.2.8.1.1.13" => Curve::Named("brainpoolP512r1"),
        _ => Curve::Oid(oid),
    }
}

fn algorithm_name(oid: &ObjectIdentifier) -> Algorithm {
    match oid.to_string().as_str() {
        "1.3.101.113" => Algorithm::Named("Ed448"),
        "1.3.101.110" => Algorithm::Named("X25519"),
        "1.3.101.111" => Algorithm::Named("X448"),
        "1.2.840.10040.4.1" => Algorithm::Named("DSA"),
        "1.2.840.10046.2.1" => Algorithm::Named("Diffie-Hellman"),
        "1.2.840.10045.2.1" => Algorithm::Named("EC"),
        "1.2.840.113549.1.1.1" => Algorithm::Named("RSA"),
        _ => Algorithm::Unknown,
    }
}

/// RFC 5480 ECParameters: a named curve (the only kind pkjwt reads), explicit parameters
/// (refused with the command that names the curve instead), or NULL/absent (no curve here).
fn ec_curve_oid(parameters: Option<AnyRef<'_>>) -> Result<Option<ObjectIdentifier>, DerError> {
    match parameters {
        Some(any) if any.tag() == Tag::ObjectIdentifier => any
            .decode_as::<ObjectIdentifier>()
            .map(Some)
            .map_err(|e| der_error(Structure::EcCurveName, e)),
        Some(any) if any.tag() == Tag::Sequence => Err(DerError::ExplicitCurve),
        Some(any) if any.tag() == Tag::Null => Ok(None),
        Some(any) => Err(DerError::Invalid {
            structure: Structure::EcCurveParameters,
            problem: DerProblem::CurveExpected { found: LibraryDetail::new(&any.tag()) },
        }),
        None => Ok(None),
    }
}

/// A public point on a supported curve.
fn public_from_point(curve: ObjectIdentifier, point: &[u8]) -> Result<PublicKey, DerError> {
    let bad = |crv| DerError::from(MaterialError::Inconsistent(Inconsistency::PointNotOnCurve(crv)));
    if curve == oids::P256 {
        p256::PublicKey::from_sec1_bytes(point).map(PublicKey::P256).map_err(|_| bad(KeyType::P256))
    } else if curve == oids::P384 {
        p384::PublicKey::from_sec1_bytes(point).map(PublicKey::P384).map_err(|_| bad(KeyType::P384))
    } else if curve == oids::P521 {
        p521::PublicKey::from_sec1_bytes(point).map(PublicKey::P521).map_err(|_| bad(KeyType::P521))
    } else {
        Err(MaterialError::UnsupportedCurve { curve: curve_name(&curve) }.into())
    }
}

pub(crate) fn private_from_pkcs8(der: &[u8]) -> Result<PrivateKey, DerError> {
    let info = pkcs8::PrivateKeyInfo::from_der(der).map_err(|e| der_error(Structure::Pkcs8, e))?;
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
            .map_err(|e| DerError::Invalid { structure: Structure::Ed25519Pkcs8, problem: DerProblem::Library { detail: LibraryDetail::new(&e), at: None } });
    }
    Err(DerError::UnsupportedAlgorithm { oid: oid.to_string(), name: algorithm_name(&oid) })
}

fn biguint(bytes: der::asn1::UintRef<'_>) -> BigUint {
    BigUint::from_bytes_be(bytes.as_bytes())
}

pub(crate) fn private_from_pkcs1(der: &[u8]) -> Result<PrivateKey, DerError> {
    let parsed = pkcs1::RsaPrivateKey::from_der(der).map_err(|e| der_error(Structure::Pkcs1Private, e))?;
    if parsed.other_prime_infos.is_some() {
        return Err(DerError::Invalid { structure: Structure::Pkcs1Private, problem: DerProblem::MultiPrime });
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
    const STRUCTURE: Structure = Structure::Sec1;
    let parsed = EcPrivateKey::from_der(der).map_err(|e| der_error(STRUCTURE, e))?;
    if parsed.version != 1 {
        return Err(DerError::Invalid { structure: STRUCTURE, problem: DerProblem::Version(parsed.version) });
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
                return Err(DerError::Invalid { structure: Structure::EcPrivate, problem: DerProblem::NoCurveScalar(len) })
            }
        },
    };
    let bad_scalar = |crv| DerError::from(MaterialError::Inconsistent(Inconsistency::ScalarNotValid(crv)));
    let key = if curve == oids::P256 {
        PrivateKey::P256(p256::SecretKey::from_slice(scalar).map_err(|_| bad_scalar(KeyType::P256))?)
    } else if curve == oids::P384 {
        PrivateKey::P384(p384::SecretKey::from_slice(scalar).map_err(|_| bad_scalar(KeyType::P384))?)
    } else if curve == oids::P521 {
        PrivateKey::P521(p521::SecretKey::from_slice(scalar).map_err(|_| bad_scalar(KeyType::P521))?)
    } else {
        return Err(MaterialError::UnsupportedCurve { curve: curve_name(&curve) }.into());
    };
    // A SEC1 key may carry its public point, compressed or not; if it does, it must match.
    if let Some(bits) = parsed.public_key {
        let stored = bits.as_bytes().ok_or(DerError::Invalid { structure: STRUCTURE, problem: DerProblem::PublicKeyBits })?;
        let mismatch = || DerError::from(MaterialError::Inconsistent(Inconsistency::StoredPointMismatch));
        if public_from_point(curve, stored).map_err(|_| mismatch())? != key.public_key() {
            return Err(mismatch());
        }
    }
    Ok(key)
}

/// Reads a SubjectPublicKeyInfo (the `PUBLIC KEY` PEM, and the key inside a certificate).
pub(crate) fn public_from_spki(der: &[u8]) -> Result<PublicKey, DerError> {
    let info = spki::SubjectPublicKeyInfoRef::from_der(der).map_err(|e| der_error(Structure::Spki, e))?;
    let oid = info.algorithm.oid;
    if oid == oids::RSA_ENCRYPTION || oid == oids::RSASSA_PSS {
        let bits = info.subject_public_key.raw_bytes();
        return public_from_pkcs1(bits);
    }
    if oid == oids::EC_PUBLIC_KEY {
        let curve = ec_curve_oid(info.algorithm.parameters)?.ok_or(DerError::Invalid { structure: Structure::EcPublic, problem: DerProblem::NoCurve })?;
        return public_from_point(curve, info.subject_public_key.raw_bytes());
    }
    if oid == oids::ED25519 {
        return ed25519_dalek::VerifyingKey::from_public_key_der(der)
            .map(PublicKey::Ed25519)
            .map_err(|e| DerError::from(MaterialError::Inconsistent(Inconsistency::Ed25519Unusable(LibraryDetail::new(&e)))));
    }
    Err(DerError::UnsupportedAlgorithm { oid: oid.to_string(), name: algorithm_name(&oid) })
}

pub(crate) fn public_from_pkcs1(der: &[u8]) -> Result<PublicKey, DerError> {
    let parsed = pkcs1::RsaPublicKey::from_der(der).map_err(|e| der_error(Structure::RsaPublic, e))?;
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
        .map_err(|e| DerError::Encoding { what: Encoded::PublicKey, detail: LibraryDetail::new(&e) })
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
            // The halves of one key are of one curve; these are not.
            return Err(MaterialError::Inconsistent(Inconsistency::StoredPointMismatch).into())
        }
        // RFC 8410's form without the optional public key (PKCS#8 v1), as `openssl genpkey`
        // writes it: WebCrypto in Chromium refuses the v2 form ed25519-dalek writes by default.
        (PrivateKey::Ed25519(k), _) => {
            ed25519_dalek::pkcs8::KeypairBytes { secret_key: k.to_bytes(), public_key: None }.to_pkcs8_der()
        }
    }
    .map_err(|e| DerError::Encoding { what: Encoded::Pkcs8, detail: LibraryDetail::new(&e) })?;
    Ok(Zeroizing::new(document.as_bytes().to_vec()))
}
