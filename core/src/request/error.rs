//! Why a request cannot be built, in words for the page.
use crate::assertion::AssertionError;
use crate::endpoint::EndpointError;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(feature = "variants", derive(strum::EnumDiscriminants), strum_discriminants(derive(strum::EnumIter)))]
pub enum RequestError {
    #[error(transparent)]
    Endpoint(#[from] EndpointError),
    #[error("The parameter \"{name}\" is required for this request.")]
    ParamMissing { name: String },
    #[error("The parameter \"{name}\" contains a NUL character, which no HTTP form or shell command can carry.")]
    ParamNul { name: String },
    #[error("The client_id is empty.")]
    ClientIdMissing,
    #[error("The client secret is empty: {auth} sends it.")]
    SecretMissing { auth: &'static str },
    #[error("A signed assertion is needed, but there is none yet: {0}")]
    AssertionMissing(MissingAssertion),
    #[error("The JWT-bearer grant already carries the signed JWT in \"assertion\"; choose client authentication none or a client secret.")]
    JwtBearerWithPrivateKeyJwt,
    #[error("The value of \"{name}\" is {length} bytes long; pkjwt sends at most {limit} bytes there.")]
    ValueTooLong { name: String, length: usize, limit: usize },
}

impl RequestError {
    pub fn code(&self) -> &'static str {
        match self {
            RequestError::Endpoint(error) => error.code(),
            RequestError::ParamMissing { .. } => "REQUEST_PARAM_MISSING",
            RequestError::ParamNul { .. } => "REQUEST_PARAM_NUL",
            RequestError::ClientIdMissing => "REQUEST_CLIENT_ID",
            RequestError::SecretMissing { .. } => "REQUEST_SECRET",
            RequestError::AssertionMissing(_) => "REQUEST_ASSERTION",
            RequestError::JwtBearerWithPrivateKeyJwt => "REQUEST_JWT_BEARER_AUTH",
            RequestError::ValueTooLong { .. } => "REQUEST_VALUE_TOO_LONG",
        }
    }
}

/// Why a request that needs a signed assertion has none.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "variants", derive(strum::EnumDiscriminants), strum_discriminants(derive(strum::EnumIter)))]
pub enum MissingAssertion {
    /// None was given (there is no key to sign with).
    NoKey,
    /// It is being signed.
    Pending,
    /// It could not be made, for this reason.
    Failed(AssertionError),
}

impl std::fmt::Display for MissingAssertion {
    // Not inlined into every `&T` and field formatter: one body per type keeps the page small.
    #[inline(never)]
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MissingAssertion::NoKey => f.write_str("make a key first."),
            MissingAssertion::Pending => f.write_str("it is being signed."),
            MissingAssertion::Failed(error) => write!(f, "{error}"),
        }
    }
}
