//! Everything that can go wrong with a key, worded for the person who pasted it.
use thiserror::Error;

/// A key could not be read, made or used. `Display` is the sentence the page shows;
/// [`KeyError::code`] is a stable id for tests and translations.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum KeyError {
    #[error("Nothing to import: paste a private JWK, a JWKS or a PEM block first.")]
    Empty,
    #[error("The input is {actual} bytes; pkjwt reads at most {limit} bytes of key material. Paste only the key.")]
    TooLarge { actual: usize, limit: usize },
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
    #[error("{context}A JWK must be a JSON object, not {found}.")]
    JwkNotObject { context: String, found: &'static str },
    #[error("{context}JWK is missing member \"{member}\"{why}.")]
    JwkMissingMember { context: String, member: &'static str, why: &'static str },
    #[error("{context}JWK member \"{member}\" {problem}.")]
    JwkInvalidMember { context: String, member: String, problem: String },
    #[error("{context}\"kty\" (Key Type) {kty:?} is not supported: use an RSA, EC (P-256, P-384, P-521) or OKP (Ed25519) key.")]
    UnsupportedKeyType { context: String, kty: String },
    #[error("{context}Symmetric keys (\"kty\": \"oct\") cannot sign a private_key_jwt assertion; that would be client_secret_jwt.")]
    SymmetricKey { context: String },
    #[error("{context}Unsupported key: curve {curve} is not supported; use P-256, P-384, P-521 or Ed25519.")]
    UnsupportedCurve { context: String, curve: String },
    #[error("The JWK Set's \"keys\" member must be an array of JWKs.")]
    JwksNotArray,
    #[error("The JWK Set has no keys.")]
    JwksEmpty,
    /// `first` is why the first entry could not be read.
    #[error("No key in the JWK Set could be read. {first}")]
    JwksNoUsableKey { first: Box<KeyError> },
    #[error("No PEM block found: a PEM key starts with a line like -----BEGIN PRIVATE KEY-----.")]
    PemNoBlock,
    #[error("PEM block is truncated: \"{label}\" begins at line {line} but there is no -----END {label}----- line.")]
    PemTruncated { label: String, line: usize },
    #[error("PEM block starting at line {line} begins with \"{begin}\" but ends with \"{end}\".")]
    PemMismatchedLabels { line: usize, begin: String, end: String },
    #[error("PEM block \"{label}\" at line {line} is damaged: {reason}.")]
    PemBody { label: String, line: usize, reason: String },
    #[error("PEM block \"{label}\" is encrypted; pkjwt does not take passwords. Decrypt it locally first, e.g. `openssl pkey -in encrypted.pem -out plain.pem`.")]
    PemEncrypted { label: String },
    #[error("PEM block \"{label}\" is not a key pkjwt can read: {hint}")]
    PemUnsupportedLabel { label: String, hint: String },
    #[error("{structure} cannot be read: {reason}.")]
    Der { structure: &'static str, reason: String },
    #[error("The EC key spells out its curve parameters instead of naming its curve; pkjwt reads named curves only (P-256, P-384, P-521). Rewrite it with `openssl ec -in key.pem -param_enc named_curve -out named.pem`.")]
    ExplicitCurve,
    #[error("The key algorithm {name} (OID {oid}) is not supported: use RSA, EC P-256/P-384/P-521 or Ed25519.")]
    UnsupportedAlgorithm { oid: String, name: String },
    #[error("{context}The key is not consistent: {reason}.")]
    Inconsistent { context: String, reason: String },
    #[error("RSA keys of {bits} bits are not supported: pkjwt reads RSA keys from 1024 to 8192 bits.")]
    RsaSize { bits: usize },
    #[error("The certificate does not belong to the private key it was pasted with.")]
    CertificateMismatch,
    #[error("This is a public key only: it can be shown and exported, but signing needs the private key.")]
    NotPrivate,
    #[error("Key generation failed: {reason}.")]
    Generation { reason: String },
    #[error("This Google service account key file cannot be used: {reason}.")]
    ServiceAccount { reason: String },
    #[error("Certificate: {reason}.")]
    CertificateInput { reason: String },
    #[error("{what} could not be encoded: {reason}.")]
    Encoding { what: &'static str, reason: String },
}

impl KeyError {
    /// A stable identifier, independent of the wording.
    pub fn code(&self) -> &'static str {
        match self {
            KeyError::Empty => "KEY_EMPTY",
            KeyError::TooLarge { .. } => "KEY_TOO_LARGE",
            KeyError::Unrecognized => "KEY_UNRECOGNIZED",
            KeyError::LooksLikeJwt => "KEY_IS_JWT",
            KeyError::Json { .. } => "JSON_SYNTAX",
            KeyError::JsonNotAKey => "JSON_NOT_A_KEY",
            KeyError::JsonArray => "JSON_ARRAY",
            KeyError::JwkNotObject { .. } => "JWK_NOT_OBJECT",
            KeyError::JwkMissingMember { .. } => "JWK_MISSING_MEMBER",
            KeyError::JwkInvalidMember { .. } => "JWK_INVALID_MEMBER",
            KeyError::UnsupportedKeyType { .. } => "JWK_UNSUPPORTED_KTY",
            KeyError::SymmetricKey { .. } => "JWK_SYMMETRIC",
            KeyError::UnsupportedCurve { .. } => "KEY_UNSUPPORTED_CURVE",
            KeyError::JwksNotArray => "JWKS_NOT_ARRAY",
            KeyError::JwksEmpty => "JWKS_EMPTY",
            KeyError::JwksNoUsableKey { .. } => "JWKS_NO_USABLE_KEY",
            KeyError::PemNoBlock => "PEM_NO_BLOCK",
            KeyError::PemTruncated { .. } => "PEM_TRUNCATED",
            KeyError::PemMismatchedLabels { .. } => "PEM_MISMATCHED_LABELS",
            KeyError::PemBody { .. } => "PEM_BODY",
            KeyError::PemEncrypted { .. } => "PEM_ENCRYPTED",
            KeyError::PemUnsupportedLabel { .. } => "PEM_UNSUPPORTED_LABEL",
            KeyError::Der { .. } => "DER_INVALID",
            KeyError::ExplicitCurve => "KEY_EXPLICIT_CURVE",
            KeyError::UnsupportedAlgorithm { .. } => "KEY_UNSUPPORTED_ALGORITHM",
            KeyError::Inconsistent { .. } => "KEY_INCONSISTENT",
            KeyError::RsaSize { .. } => "RSA_SIZE",
            KeyError::CertificateMismatch => "CERTIFICATE_MISMATCH",
            KeyError::NotPrivate => "KEY_NOT_PRIVATE",
            KeyError::Generation { .. } => "KEY_GENERATION",
            KeyError::ServiceAccount { .. } => "KEY_SERVICE_ACCOUNT",
            KeyError::CertificateInput { .. } => "CERTIFICATE_INPUT",
            KeyError::Encoding { .. } => "KEY_ENCODING",
        }
    }

    pub(crate) fn invalid(member: &str, problem: impl Into<String>) -> Self {
        KeyError::JwkInvalidMember {
            context: String::new(),
            member: member.to_owned(),
            problem: problem.into(),
        }
    }

    pub(crate) fn inconsistent(reason: impl Into<String>) -> Self {
        KeyError::Inconsistent { context: String::new(), reason: reason.into() }
    }

    /// Prefixes JWK-level messages with where the JWK sits (`keys[2]: `) inside a JWK Set.
    pub(crate) fn in_context(self, where_: &str) -> Self {
        let prefix = format!("{where_}: ");
        match self {
            KeyError::JwkMissingMember { member, why, .. } => {
                KeyError::JwkMissingMember { context: prefix, member, why }
            }
            KeyError::JwkInvalidMember { member, problem, .. } => {
                KeyError::JwkInvalidMember { context: prefix, member, problem }
            }
            KeyError::JwkNotObject { found, .. } => KeyError::JwkNotObject { context: prefix, found },
            KeyError::UnsupportedKeyType { kty, .. } => KeyError::UnsupportedKeyType { context: prefix, kty },
            KeyError::SymmetricKey { .. } => KeyError::SymmetricKey { context: prefix },
            KeyError::UnsupportedCurve { curve, .. } => KeyError::UnsupportedCurve { context: prefix, curve },
            KeyError::Inconsistent { reason, .. } => KeyError::Inconsistent { context: prefix, reason },
            other => other,
        }
    }
}
