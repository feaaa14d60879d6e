//! Everything that can go wrong with a key, worded for the person who pasted it.
use crate::crypto::GenerateError;
use crate::der::DerError;
use crate::jwk::JwkError;
use crate::material::MaterialError;
use crate::pem::PemError;
use crate::x509::CertificateError;
use thiserror::Error;

/// A key could not be read, made or used. `Display` is the sentence the page shows;
/// [`KeyError::code`] is a stable id for tests and translations.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
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
    #[error("The JSON is not valid at line {line}, column {column}: {reason}.")]
    Json { line: usize, column: usize, reason: String },
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
    PemUnsupportedLabel { label: String, hint: String },
    #[error("The certificate does not belong to the private key it was pasted with.")]
    CertificateMismatch,
    #[error("This is a public key only: it can be shown and exported, but signing needs the private key.")]
    NotPrivate,
    #[error(transparent)]
    Generation(#[from] GenerateError),
    #[error("This Google service account key file cannot be used: {reason}.")]
    ServiceAccount { reason: String },
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
            KeyError::Json { .. } => "JSON_SYNTAX",
            KeyError::JsonNotAKey => "JSON_NOT_A_KEY",
            KeyError::JsonArray => "JSON_ARRAY",
            KeyError::JwksNoUsableKey { .. } => "JWKS_NO_USABLE_KEY",
            KeyError::PemNoBlock => "PEM_NO_BLOCK",
            KeyError::PemEncrypted { .. } => "PEM_ENCRYPTED",
            KeyError::PemUnsupportedLabel { .. } => "PEM_UNSUPPORTED_LABEL",
            KeyError::CertificateMismatch => "CERTIFICATE_MISMATCH",
            KeyError::NotPrivate => "KEY_NOT_PRIVATE",
            KeyError::Generation(error) => error.code(),
            KeyError::ServiceAccount { .. } => "KEY_SERVICE_ACCOUNT",
        }
    }
}
