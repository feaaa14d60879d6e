//! Token-endpoint requests (RFC 6749 §4.1.3, §4.4 and §6, RFC 8628 §3.4, RFC 8693, RFC 7523 §2.1,
//! RFC 7662, RFC 7009, RFC 8705 §2):
//! which form parameters and headers each grant and client authentication method sends.
mod build;
mod error;
mod grant;

pub use build::{
    authenticate_client, basic_authorization, build_request, download_name, download_stem, ClientCertificate, HttpMethod, RequestSettings, TokenRequest,
    TokenScheme, CERTIFICATE_FILE_SUFFIX, FORM_CONTENT_TYPE, MAX_CLIENT_FIELD_BYTES, MAX_PARAM_BYTES, PRIVATE_KEY_FILE_SUFFIX,
};
pub use error::{MissingAssertion, RequestError};
#[cfg(feature = "variants")]
pub use error::{MissingAssertionDiscriminants, RequestErrorDiscriminants};
pub use grant::{shared_params, ClientAuth, Grant, ParamSpec, TOKEN_TYPES};
