//! What can be wrong with key material itself, whichever encoding it came in.
use crate::jwa::KeyType;
use crate::text::LibraryDetail;
use std::fmt;
use thiserror::Error;

/// Key material pkjwt cannot use. `Display` is the sentence the page shows; [`code`] the
/// stable id tests and translations use.
///
/// [`code`]: MaterialError::code
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[cfg_attr(feature = "variants", derive(strum::EnumDiscriminants), strum_discriminants(derive(strum::EnumIter)))]
pub enum MaterialError {
    #[error("The input is {actual} bytes; pkjwt reads at most {limit} bytes of key material. Paste only the key.")]
    TooLarge { actual: usize, limit: usize },
    #[error("RSA keys of {bits} bits are not supported: pkjwt reads RSA keys from {} to {} bits.", super::rsa_parts::MIN_BITS, super::rsa_parts::MAX_BITS)]
    RsaSize { bits: usize },
    #[error("Unsupported key: curve {curve} is not supported; use P-256, P-384, P-521 or Ed25519.")]
    UnsupportedCurve { curve: Curve },
    #[error("The key is not consistent: {0}.")]
    Inconsistent(Inconsistency),
}

impl MaterialError {
    /// A stable identifier, independent of the wording.
    pub fn code(&self) -> &'static str {
        match self {
            MaterialError::TooLarge { .. } => "KEY_TOO_LARGE",
            MaterialError::RsaSize { .. } => "RSA_SIZE",
            MaterialError::UnsupportedCurve { .. } => "KEY_UNSUPPORTED_CURVE",
            MaterialError::Inconsistent(_) => "KEY_INCONSISTENT",
        }
    }
}

/// A curve pkjwt does not sign with.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "variants", derive(strum::EnumDiscriminants), strum_discriminants(derive(strum::EnumIter)))]
pub enum Curve {
    /// A curve whose OID pkjwt knows by name (P-192, secp256k1, brainpool…).
    Named(&'static str),
    /// Any other curve OID.
    Oid(String),
    /// A JWK's `crv`, as given (shortened, printable).
    Given(String),
}

impl fmt::Display for Curve {
    // Not inlined into every `&T` and field formatter: one body per type keeps the page small.
    #[inline(never)]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Curve::Named(name) => f.write_str(name),
            Curve::Oid(oid) => write!(f, "with OID {oid}"),
            Curve::Given(crv) => f.write_str(crv),
        }
    }
}

/// How the parts of a key disagree.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "variants", derive(strum::EnumDiscriminants), strum_discriminants(derive(strum::EnumIter)))]
pub enum Inconsistency {
    PointNotOnCurve(KeyType),
    ScalarNotValid(KeyType),
    /// The public point a SEC1 key carries is not its private scalar's.
    StoredPointMismatch,
    Ed25519Unusable(LibraryDetail),
    RsaModulus,
    RsaExponentEven,
    RsaExponentTooSmall,
    RsaExponentTooLarge,
    RsaPublicUnusable(LibraryDetail),
    RsaPrimesEqual,
    RsaPrimesTooSmall,
    RsaPrimesProduct,
    RsaPrivateExponent,
    RsaPrivateUnusable(LibraryDetail),
    /// A JWK's `x` and `y` are not a point on its curve.
    JwkPointNotOnCurve(KeyType),
    /// A JWK's `d` is not the private key of its `x`, `y` (EC) or `x` (Ed25519).
    JwkPrivateMismatch(KeyType),
}

impl fmt::Display for Inconsistency {
    // Not inlined into every `&T` and field formatter: one body per type keeps the page small.
    #[inline(never)]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Inconsistency::PointNotOnCurve(curve) => write!(f, "the public point is not on {curve}"),
            Inconsistency::ScalarNotValid(curve) => write!(f, "the private scalar is not valid for {curve}"),
            Inconsistency::StoredPointMismatch => f.write_str("the public point stored in the EC key does not match its private scalar"),
            Inconsistency::Ed25519Unusable(detail) => write!(f, "the Ed25519 public key is not usable ({detail})"),
            Inconsistency::RsaModulus => f.write_str("the modulus (\"n\") must be odd and larger than the public exponent (\"e\")"),
            Inconsistency::RsaExponentEven => f.write_str("the public exponent (\"e\") must be odd"),
            Inconsistency::RsaExponentTooSmall => f.write_str("the public exponent (\"e\") is too small"),
            Inconsistency::RsaExponentTooLarge => f.write_str("the public exponent (\"e\") is too large"),
            Inconsistency::RsaPublicUnusable(detail) => write!(f, "the RSA public key is not usable ({detail})"),
            Inconsistency::RsaPrimesEqual => f.write_str("the two primes (\"p\", \"q\") are equal"),
            Inconsistency::RsaPrimesTooSmall => f.write_str("the primes (\"p\", \"q\") must be larger than 1"),
            Inconsistency::RsaPrimesProduct => f.write_str("the primes (\"p\", \"q\") do not multiply to the modulus (\"n\")"),
            Inconsistency::RsaPrivateExponent => {
                f.write_str("the private exponent (\"d\") does not match the public exponent (\"e\") and the primes")
            }
            Inconsistency::RsaPrivateUnusable(detail) => write!(f, "the RSA private key is not usable ({detail})"),
            Inconsistency::JwkPointNotOnCurve(curve) => write!(f, "members \"x\" and \"y\" are not a point on {curve}"),
            Inconsistency::JwkPrivateMismatch(KeyType::Ed25519) => f.write_str("member \"d\" does not belong to the public key \"x\""),
            Inconsistency::JwkPrivateMismatch(_) => f.write_str("member \"d\" does not belong to the public point (\"x\", \"y\")"),
        }
    }
}

/// What a key is, for messages: "RSA 2048-bit", "EC P-256", "Ed25519".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyDescription {
    pub key_type: KeyType,
    /// The RSA modulus size (for other types, their curve's size).
    pub bits: usize,
}

impl fmt::Display for KeyDescription {
    // Not inlined into every `&T` and field formatter: one body per type keeps the page small.
    #[inline(never)]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.key_type {
            KeyType::Rsa => write!(f, "RSA {}-bit", self.bits),
            KeyType::Ed25519 => f.write_str("Ed25519"),
            curve => write!(f, "EC {curve}"),
        }
    }
}
