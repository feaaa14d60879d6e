//! Why an authorization, PAR, request-object or device request cannot be built.
use crate::endpoint::EndpointError;
use crate::json::JsonError;
use crate::request::RequestError;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(feature = "variants", derive(strum::EnumDiscriminants), strum_discriminants(derive(strum::EnumIter)))]
pub enum AuthorizeError {
    /// The authorization, PAR or device endpoint.
    #[error(transparent)]
    Endpoint(EndpointError),
    #[error("The redirect_uri is not usable: {0}")]
    RedirectUri(EndpointError),
    #[error("The client_id is empty.")]
    ClientIdMissing,
    #[error("The issuer is unknown, and a request object's \"aud\" must be the issuer.")]
    IssuerMissing,
    #[error("The parameter \"{name}\" contains a NUL character, which no URL or form can carry.")]
    ParamNul { name: String },
    #[error("The value of \"{name}\" is {length} bytes long; pkjwt sends at most {limit} bytes there.")]
    ValueTooLong { name: String, length: usize, limit: usize },
    #[error("The \"claims\" parameter is not valid JSON at line {}, column {}: {}.", .0.line, .0.column, .0.library)]
    ClaimsJson(JsonError),
    #[error("The \"claims\" parameter must be a JSON object.")]
    ClaimsNotObject,
    #[error("Line {line} of the extra parameters is not name=value.")]
    ExtraLine { line: usize },
    #[error("The extra parameter \"{name}\" is one pkjwt sets itself; set it in its own field, or leave it out.")]
    ExtraReserved { name: String },
    /// Client authentication of a PAR or device request.
    #[error(transparent)]
    Request(RequestError),
}

impl AuthorizeError {
    pub fn code(&self) -> &'static str {
        match self {
            AuthorizeError::Endpoint(error) => error.code(),
            AuthorizeError::RedirectUri(_) => "AUTHORIZE_REDIRECT_URI",
            AuthorizeError::ClientIdMissing => "AUTHORIZE_CLIENT_ID",
            AuthorizeError::IssuerMissing => "AUTHORIZE_ISSUER",
            AuthorizeError::ParamNul { .. } => "AUTHORIZE_PARAM_NUL",
            AuthorizeError::ValueTooLong { .. } => "AUTHORIZE_VALUE_TOO_LONG",
            AuthorizeError::ClaimsJson(_) => "AUTHORIZE_CLAIMS_JSON",
            AuthorizeError::ClaimsNotObject => "AUTHORIZE_CLAIMS_NOT_OBJECT",
            AuthorizeError::ExtraLine { .. } => "AUTHORIZE_EXTRA_LINE",
            AuthorizeError::ExtraReserved { .. } => "AUTHORIZE_EXTRA_RESERVED",
            AuthorizeError::Request(error) => error.code(),
        }
    }
}

impl From<RequestError> for AuthorizeError {
    fn from(error: RequestError) -> Self {
        AuthorizeError::Request(error)
    }
}
