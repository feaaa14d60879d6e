//! Everything that can go wrong with a key, worded for the person who pasted it.
use crate::crypto::GenerateError;
use crate::der::DerError;
use crate::json::{JsonError, JsonProblem};
use crate::jwk::JwkError;
use crate::material::MaterialError;
use crate::pem::PemError;
use crate::x509::CertificateError;
use std::fmt;
use thiserror::Error;

/// A key could not be read, made or used. `Display` is the sentence the page shows;
/// [`KeyError::code`] is a stable id for tests and translations.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[cfg_attr(feature = "variants", derive(strum::EnumDiscriminants), strum_discriminants(derive(strum::EnumIter)))]
pub enum KeyError {
    #[error(transparent)]
    Material(#[from] MaterialError),
    #[error(transparent)]
    Pem(#[from] PemError),
    #[error(transparent)]
    Der(#[from] DerError),
    #[error(transparent)]
    Jwk(#[from] JwkError),
    #[error(transparent)]
    Certificate(#[from] CertificateError),
    #[error("Nothing to import: paste a private JWK, a JWKS or a PEM block first.")]
    Empty,
    #[error("This is not a key: expected a JSON Web Key ({{\"kty\": …}}), a JWK Set ({{\"keys\": […]}}) or a PEM block (-----BEGIN …-----).")]
    Unrecognized,
    #[error("This looks like a JWT (three base64url parts separated by dots), not a key.")]
    LooksLikeJwt,
    #[error("The JSON is not valid at line {}, column {}: {}.", .0.line, .0.column, JsonReason(.0))]
    Json(JsonError),
    #[error("The JSON is an object but neither a JWK (no \"kty\" member) nor a JWK Set (no \"keys\" member).")]
    JsonNotAKey,
    #[error("The JSON is an array, not an object: a JWK is {{\"kty\": …}}, and a list of JWKs must be wrapped as a JWK Set, {{\"keys\": […]}}.")]
    JsonArray,
    /// An entry of a JWK Set that could not be read, and where it is.
    #[error("keys[{index}]: {error}")]
    InSet { index: usize, error: Box<KeyError> },
    /// `first` is why the first entry could not be read.
    #[error("No key in the JWK Set could be read. {first}")]
    JwksNoUsableKey { first: Box<KeyError> },
    #[error("No PEM block found: a PEM key starts with a line like -----BEGIN PRIVATE KEY-----.")]
    PemNoBlock,
    #[error("PEM block \"{label}\" is encrypted; pkjwt does not take passwords. Decrypt it locally first, e.g. `openssl pkey -in encrypted.pem -out plain.pem`.")]
    PemEncrypted { label: String },
    #[error("PEM block \"{label}\" is not a key pkjwt can read: {hint}")]
    PemUnsupportedLabel { label: String, hint: LabelHint },
    #[error("The certificate does not belong to the private key it was pasted with.")]
    CertificateMismatch,
    #[error("This is a public key only: it can be shown and exported, but signing needs the private key.")]
    NotPrivate,
    #[error(transparent)]
    Generation(#[from] GenerateError),
    #[error("This Google service account key file cannot be used: it has no \"private_key\" member.")]
    ServiceAccountWithoutKey,
}

impl KeyError {
    /// A stable identifier, independent of the wording; a wrapped error keeps its own.
    pub fn code(&self) -> &'static str {
        match self {
            KeyError::Material(error) => error.code(),
            KeyError::Pem(error) => error.code(),
            KeyError::Der(error) => error.code(),
            KeyError::Jwk(error) => error.code(),
            KeyError::Certificate(error) => error.code(),
            KeyError::InSet { error, .. } => error.code(),
            KeyError::Empty => "KEY_EMPTY",
            KeyError::Unrecognized => "KEY_UNRECOGNIZED",
            KeyError::LooksLikeJwt => "KEY_IS_JWT",
            KeyError::Json(_) => "JSON_SYNTAX",
            KeyError::JsonNotAKey => "JSON_NOT_A_KEY",
            KeyError::JsonArray => "JSON_ARRAY",
            KeyError::JwksNoUsableKey { .. } => "JWKS_NO_USABLE_KEY",
            KeyError::PemNoBlock => "PEM_NO_BLOCK",
            KeyError::PemEncrypted { .. } => "PEM_ENCRYPTED",
            KeyError::PemUnsupportedLabel { .. } => "PEM_UNSUPPORTED_LABEL",
            KeyError::CertificateMismatch => "CERTIFICATE_MISMATCH",
            KeyError::NotPrivate => "KEY_NOT_PRIVATE",
            KeyError::Generation(error) => error.code(),
            KeyError::ServiceAccountWithoutKey => "KEY_SERVICE_ACCOUNT",
        }
    }
}

/// Why pasted JSON is not a key, worded for someone pasting a key: what pkjwt can tell in its
/// own words, else serde_json's.
struct JsonReason<'a>(&'a JsonError);

impl fmt::Display for JsonReason<'_> {
    // Not inlined into every `&T` and field formatter: one body per type keeps the page small.
    #[inline(never)]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.problem {
            JsonProblem::TooDeep { limit } => write!(f, "it is nested more than {limit} levels deep, which no key is"),
            JsonProblem::EndsInside(shape) => write!(f, "the text ends in the middle of {shape} (is part of it missing?)"),
            JsonProblem::Syntax { .. } => write!(f, "{}", self.0.library),
        }
    }
}

/// What a PEM block with a label pkjwt does not read is, and what to paste instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "variants", derive(strum::EnumIter))]
pub enum LabelHint {
    OpenSsh,
    CertificateRequest,
    Dsa,
    RevocationList,
    /// Curve parameters alone (`openssl ecparam -name …` without -genkey).
    CurveOnly,
    Other,
}

impl fmt::Display for LabelHint {
    // Not inlined into every `&T` and field formatter: one body per type keeps the page small.
    #[inline(never)]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LabelHint::OpenSsh => "an OpenSSH key; convert it with `ssh-keygen -p -m PKCS8 -f <file>` (this rewrites the file in PKCS#8).",
            LabelHint::CertificateRequest => "a certificate signing request holds no private key; paste the key itself.",
            LabelHint::Dsa => "DSA cannot sign JWTs; use RSA, EC or Ed25519.",
            LabelHint::RevocationList => "a revocation list, not a key.",
            LabelHint::CurveOnly => "it names a curve but holds no key; paste the EC PRIVATE KEY block as well.",
            LabelHint::Other => "expected PRIVATE KEY, RSA PRIVATE KEY, EC PRIVATE KEY, PUBLIC KEY or CERTIFICATE.",
        })
    }
}
