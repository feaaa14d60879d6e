//! Why an assertion cannot be built, in words for the page.
use crate::crypto::SignError;
use crate::json::JsonError;
use crate::jwa::Alg;
use crate::material::KeyDescription;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(feature = "variants", derive(strum::EnumDiscriminants), strum_discriminants(derive(strum::EnumIter)))]
pub enum AssertionError {
    #[error("No key yet: generate or import a key first.")]
    NoKey,
    #[error(transparent)]
    Sign(#[from] SignError),
    #[error("The client_id is empty: it becomes the \"iss\" (and normally \"sub\") claim.")]
    ClientIdMissing,
    #[error("The audience (\"aud\") is empty: put the token endpoint URL or the issuer there.")]
    AudienceMissing,
    #[error("{alg} cannot be made with a {key} key; choose one of: {}.", names(.choices))]
    AlgNotForKey { alg: Alg, key: KeyDescription, choices: Vec<Alg> },
    #[error("The lifetime must be a whole number of seconds between 1 and {max}; got {value:?}.")]
    Lifetime { value: String, max: i64 },
    #[error("The clock-skew allowance must be a whole number of seconds between 0 and 3600; got {value:?}.")]
    Skew { value: String },
    #[error("Extra claims are not valid JSON at line {}, column {}: {}.", .0.line, .0.column, .0.library)]
    ExtraClaimsJson(JsonError),
    #[error("Extra claims must be a JSON object such as {{\"scope\": \"read\"}}.")]
    ExtraClaimsNotObject,
    #[error("Extra claims may not set \"{name}\": pkjwt sets it itself (so that it is fresh on every signature).")]
    ExtraClaimReserved { name: String },
    #[error("The \"{member}\" header needs a certificate: make one for this key, or import the key with its certificate.")]
    CertificateNeeded { member: &'static str },
    #[error("The \"jku\" header must be an https:// URL of your JWK Set, without spaces, {{placeholders}} or user:password@.")]
    JkuInvalid,
    #[error("The \"typ\" header may not contain control characters.")]
    TypInvalid,
    #[error("The \"{field}\" value is {length} bytes long; pkjwt accepts at most {limit} bytes there.")]
    FieldTooLong { field: &'static str, length: usize, limit: usize },
    #[error("Extra claims are {length} bytes long; pkjwt accepts at most {limit} bytes of extra claims.")]
    ExtraClaimsTooLarge { length: usize, limit: usize },
}

impl AssertionError {
    pub fn code(&self) -> &'static str {
        match self {
            AssertionError::NoKey => "ASSERTION_NO_KEY",
            AssertionError::Sign(error) => error.code(),
            AssertionError::ClientIdMissing => "ASSERTION_CLIENT_ID",
            AssertionError::AudienceMissing => "ASSERTION_AUDIENCE",
            AssertionError::AlgNotForKey { .. } => "ASSERTION_ALG",
            AssertionError::Lifetime { .. } => "ASSERTION_LIFETIME",
            AssertionError::Skew { .. } => "ASSERTION_SKEW",
            AssertionError::ExtraClaimsJson(_) => "ASSERTION_EXTRA_JSON",
            AssertionError::ExtraClaimsNotObject => "ASSERTION_EXTRA_NOT_OBJECT",
            AssertionError::ExtraClaimReserved { .. } => "ASSERTION_EXTRA_RESERVED",
            AssertionError::CertificateNeeded { .. } => "ASSERTION_CERTIFICATE",
            AssertionError::JkuInvalid => "ASSERTION_JKU",
            AssertionError::TypInvalid => "ASSERTION_TYP",
            AssertionError::FieldTooLong { .. } => "ASSERTION_FIELD_TOO_LONG",
            AssertionError::ExtraClaimsTooLarge { .. } => "ASSERTION_EXTRA_TOO_LARGE",
        }
    }
}

/// `RS256, RS384`: algorithm names as a list.
pub(crate) fn names(algs: &[Alg]) -> String {
    algs.iter().map(|a| a.name()).collect::<Vec<_>>().join(", ")
}
