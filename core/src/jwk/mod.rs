//! JSON Web Keys (RFC 7517, RFC 8037): reading them member by member so every defect is
//! reported by name, and writing them with members in a stable, readable order. This is the
//! encoding of key material and its parameters; [`crate::key`] turns it into a `Key`.
//!
//! Why not `jose-jwk`: its serde derive can only say "missing field", it has no P-521 or
//! Ed25519 conversions, and we want the member order of our output under our control.
mod parse;
mod thumbprint;
mod write;

pub use parse::{read, set_entries, Check, JwkParts};
pub use thumbprint::{thumbprint, thumbprint_input};
pub use write::{private_jwk, private_key_members, public_jwk, public_jwks, Jwk, Parameters};

use crate::jwa::Alg;
use crate::material::{MaterialError, PublicKey};
use thiserror::Error;

/// A JWK or JWK Set that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum JwkError {
    #[error(transparent)]
    Material(#[from] MaterialError),
    #[error("A JWK must be a JSON object, not {found}.")]
    NotObject { found: &'static str },
    #[error("JWK is missing member \"{member}\"{why}.")]
    MissingMember { member: &'static str, why: &'static str },
    #[error("JWK member \"{member}\" {problem}.")]
    InvalidMember { member: String, problem: String },
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

    pub(crate) fn invalid(member: &str, problem: impl Into<String>) -> Self {
        JwkError::InvalidMember { member: member.to_owned(), problem: problem.into() }
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
        return Err(JwkError::invalid("kid", format!("is {length} characters long; a key id has at most {MAX_KID_CHARS}")));
    }
    if let Some(hidden) = kid.chars().find(|c| crate::text::is_hidden(*c)) {
        return Err(JwkError::invalid("kid", format!("contains {}, a control or direction character; a key id is plain text", hidden.escape_unicode())));
    }
    Ok(kid)
}

/// Refuses an `alg` that `public` cannot make.
pub fn check_alg(alg: Alg, public: &PublicKey) -> Result<(), JwkError> {
    if public.supports(alg) {
        return Ok(());
    }
    Err(JwkError::invalid("alg", format!("is {alg}, which needs {}; this key is {}", alg.key_type().requirement(), public.describe())))
}
