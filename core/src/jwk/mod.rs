//! JSON Web Keys (RFC 7517, RFC 8037): reading them member by member so every defect is
//! reported by name, and writing them with members in a stable, readable order. This is the
//! encoding of key material and its parameters; [`crate::key`] turns it into a `Key`.
//!
//! Why not `jose-jwk`: its serde derive can only say "missing field", it has no P-521 or
//! Ed25519 conversions, and we want the member order of our output under our control.
mod parse;
mod thumbprint;
mod write;

pub use parse::{read, read_generated, set_entries, Check, JwkParts};
pub use thumbprint::{thumbprint, thumbprint_input};
pub use write::{private_jwk, private_jwks_of, private_key_members, public_jwk, public_jwks, public_jwks_of, public_key_members, Jwk, Parameters};

use crate::b64::Base64Problem;
use crate::jwa::{Alg, KeyType};
use crate::json::JsonKind;
use crate::material::{KeyDescription, MaterialError, PublicKey};
use crate::x509::CertificateError;
use std::fmt;
use thiserror::Error;

/// Members of a JWK that belong to a private or symmetric key (RFC 7518 §6.2.2, §6.3.2, §6.4):
/// what a public JWK, a DPoP proof's `jwk` or a published JWK Set must not carry.
pub const PRIVATE_MEMBERS: [&str; 8] = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

/// A JWK or JWK Set that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[cfg_attr(feature = "variants", derive(strum::EnumDiscriminants), strum_discriminants(derive(strum::EnumIter)))]
pub enum JwkError {
    #[error(transparent)]
    Material(#[from] MaterialError),
    #[error("A JWK must be a JSON object, not {found}.")]
    NotObject { found: JsonKind },
    #[error("JWK is missing member \"{member}\" ({why}).")]
    MissingMember { member: Member, why: Needed },
    #[error("JWK member \"{member}\" {problem}.")]
    InvalidMember { member: Member, problem: MemberProblem },
    #[error("\"kty\" (Key Type) {kty:?} is not supported: use an RSA, EC (P-256, P-384, P-521) or OKP (Ed25519) key.")]
    UnsupportedKeyType { kty: String },
    #[error("Symmetric keys (\"kty\": \"oct\") cannot sign a private_key_jwt assertion; that would be client_secret_jwt.")]
    Symmetric,
    #[error("The JWK Set's \"keys\" member must be an array of JWKs.")]
    SetNotArray,
    #[error("The JWK Set has no keys.")]
    SetEmpty,
}

impl JwkError {
    /// A stable identifier, independent of the wording.
    pub fn code(&self) -> &'static str {
        match self {
            JwkError::Material(error) => error.code(),
            JwkError::NotObject { .. } => "JWK_NOT_OBJECT",
            JwkError::MissingMember { .. } => "JWK_MISSING_MEMBER",
            JwkError::InvalidMember { .. } => "JWK_INVALID_MEMBER",
            JwkError::UnsupportedKeyType { .. } => "JWK_UNSUPPORTED_KTY",
            JwkError::Symmetric => "JWK_SYMMETRIC",
            JwkError::SetNotArray => "JWKS_NOT_ARRAY",
            JwkError::SetEmpty => "JWKS_EMPTY",
        }
    }

    pub(crate) fn invalid(member: Member, problem: MemberProblem) -> Self {
        JwkError::InvalidMember { member, problem }
    }
}

/// The JWK members pkjwt reads, by wire name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "variants", derive(strum::EnumIter))]
pub enum Member {
    Kty,
    Use,
    Alg,
    Kid,
    Crv,
    N,
    E,
    D,
    P,
    Q,
    X,
    Y,
    X5c,
    Oth,
}

impl Member {
    pub fn name(self) -> &'static str {
        match self {
            Member::Kty => "kty",
            Member::Use => "use",
            Member::Alg => "alg",
            Member::Kid => "kid",
            Member::Crv => "crv",
            Member::N => "n",
            Member::E => "e",
            Member::D => "d",
            Member::P => "p",
            Member::Q => "q",
            Member::X => "x",
            Member::Y => "y",
            Member::X5c => "x5c",
            Member::Oth => "oth",
        }
    }
}

impl fmt::Display for Member {
    // Not inlined into every `&T` and field formatter: one body per type keeps the page small.
    #[inline(never)]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What a missing member is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "variants", derive(strum::EnumIter))]
pub enum Needed {
    KeyType,
    EcCurve,
    EcCoordinate,
    OkpCurve,
    Ed25519PublicKey,
    RsaModulus,
    RsaExponent,
    /// An RSA private JWK's primes, which pkjwt does not recover from `d`.
    RsaPrimes,
}

impl fmt::Display for Needed {
    // Not inlined into every `&T` and field formatter: one body per type keeps the page small.
    #[inline(never)]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Needed::KeyType => "Key Type",
            Needed::EcCurve => "the curve of an EC key",
            Needed::EcCoordinate => "a coordinate of the EC public point",
            Needed::OkpCurve => "the curve of an OKP key",
            Needed::Ed25519PublicKey => "the Ed25519 public key",
            Needed::RsaModulus => "the RSA modulus",
            Needed::RsaExponent => "the RSA public exponent",
            Needed::RsaPrimes => "an RSA private JWK needs its primes; pkjwt does not recover them from d",
        })
    }
}

/// What is wrong with a member that is there.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "variants", derive(strum::EnumDiscriminants), strum_discriminants(derive(strum::EnumIter)))]
pub enum MemberProblem {
    NotString { found: JsonKind },
    Empty,
    Base64(Base64Problem),
    /// Must be `expected` bytes for `curve`, is `actual`.
    Length { expected: usize, curve: KeyType, actual: usize },
    /// `use` other than "sig" (the value, shortened).
    Use(String),
    /// An `alg` that is no JWS algorithm pkjwt signs with (the value, shortened).
    UnknownAlg(String),
    /// An `alg` this key cannot make: it `needs` another key type.
    AlgNotForKey { alg: Alg, needs: KeyType, key: KeyDescription },
    KidTooLong { length: usize, max: usize },
    /// A control or direction character in `kid`.
    KidHidden(char),
    X5cNotArray,
    X5cEmpty,
    X5cEntryNotString(usize),
    X5cEntryNotBase64(usize),
    /// The certificate in `x5c` cannot be read, or not used.
    Certificate(Box<CertificateError>),
    /// The certificate in `x5c` is for another key.
    CertificateForOtherKey,
    MultiPrime,
    ScalarNotValid(KeyType),
    NotEd25519,
}

impl fmt::Display for MemberProblem {
    // Not inlined into every `&T` and field formatter: one body per type keeps the page small.
    #[inline(never)]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MemberProblem::NotString { found } => write!(f, "must be a string, not {found}"),
            MemberProblem::Empty => f.write_str("is empty"),
            MemberProblem::Base64(problem) => write!(f, "{problem}"),
            MemberProblem::Length { expected, curve, actual } => write!(f, "must be {expected} bytes for {curve}, but is {actual} bytes"),
            MemberProblem::Use(value) => write!(f, "is {value:?}; a signing key must have \"use\": \"sig\" or none"),
            MemberProblem::UnknownAlg(value) => write!(f, "is {value:?}, not a JWS algorithm pkjwt signs with (RS*, PS*, ES*, EdDSA)"),
            MemberProblem::AlgNotForKey { alg, needs, key } => write!(f, "is {alg}, which needs {}; this key is {key}", needs.requirement()),
            MemberProblem::KidTooLong { length, max } => write!(f, "is {length} characters long; a key id has at most {max}"),
            MemberProblem::KidHidden(c) => write!(f, "contains {}, a control or direction character; a key id is plain text", c.escape_unicode()),
            MemberProblem::X5cNotArray => f.write_str("must be an array of base64 certificates"),
            MemberProblem::X5cEmpty => f.write_str("is an empty array"),
            MemberProblem::X5cEntryNotString(index) => write!(f, "entry {index} is not a string"),
            MemberProblem::X5cEntryNotBase64(index) => write!(f, "entry {index} is not standard base64 (x5c uses base64, not base64url)"),
            MemberProblem::Certificate(error) => match error.as_ref() {
                CertificateError::Der(crate::der::DerError::Invalid { problem, .. }) => write!(f, "holds no readable certificate: {problem}"),
                // The sentence becomes a clause of this one: without its full stop.
                other => write!(f, "holds a certificate pkjwt cannot use: {}", other.to_string().trim_end_matches('.')),
            },
            MemberProblem::CertificateForOtherKey => f.write_str("holds a certificate for a different key"),
            MemberProblem::MultiPrime => f.write_str("lists more than two primes; multi-prime RSA keys are not supported"),
            MemberProblem::ScalarNotValid(curve) => write!(f, "is not a valid {curve} private scalar"),
            MemberProblem::NotEd25519 => f.write_str("is not an Ed25519 public key"),
        }
    }
}

/// The longest `kid` pkjwt takes, in characters: key ids are names or thumbprints (43).
pub const MAX_KID_CHARS: usize = 256;

/// A `kid` as a JWK, JWKS and assertion header carry it: trimmed, short, plain text (a paste
/// or a hidden character is refused).
pub fn check_kid(kid: &str) -> Result<&str, JwkError> {
    let kid = kid.trim();
    let length = kid.chars().count();
    if length > MAX_KID_CHARS {
        return Err(JwkError::invalid(Member::Kid, MemberProblem::KidTooLong { length, max: MAX_KID_CHARS }));
    }
    if let Some(hidden) = kid.chars().find(|c| crate::text::is_hidden(*c)) {
        return Err(JwkError::invalid(Member::Kid, MemberProblem::KidHidden(hidden)));
    }
    Ok(kid)
}

/// Refuses an `alg` that `public` cannot make.
pub fn check_alg(alg: Alg, public: &PublicKey) -> Result<(), JwkError> {
    if public.supports(alg) {
        return Ok(());
    }
    Err(JwkError::invalid(Member::Alg, MemberProblem::AlgNotForKey { alg, needs: alg.key_type(), key: public.description() }))
}
