//! Mijn Burgerprofiel: the temporary-token request and the addresses that open the profile,
//! in the test (TNI) or production environment; step 1, the token exchange, runs at ACM.
use crate::endpoint::Endpoint;
use crate::request::{RequestError, TokenRequest};

const ACCESS_TOKEN_TYPE: &str = "urn:ietf:params:oauth:token-type:access_token";

/// Test (TNI and ACM test) or production (www.burgerprofiel.be and ACM production).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Environment {
    #[default]
    Test,
    Production,
}

impl Environment {
    fn base(self) -> &'static str {
        match self {
            Environment::Test => "https://burgerprofiel.tni-vlaanderen.be",
            Environment::Production => "https://www.burgerprofiel.be",
        }
    }

    /// The ACM host the token exchange goes to in this environment.
    fn acm(self) -> &'static str {
        match self {
            Environment::Test => "https://authenticatie-ti.vlaanderen.be",
            Environment::Production => "https://authenticatie.vlaanderen.be",
        }
    }
}

/// `url` moved to the ACM host of `to` when it is on the other environment's ACM host
/// (the host itself, or a path below it); any other URL as it is.
pub fn retarget_acm(url: &str, to: Environment) -> String {
    let from = match to {
        Environment::Test => Environment::Production,
        Environment::Production => Environment::Test,
    };
    match url.strip_prefix(from.acm()) {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => format!("{}{rest}", to.acm()),
        _ => url.to_owned(),
    }
}

/// `POST {base}/auth/v1/token` with `token` and `token_type`; the answer is `{"token": "…"}`.
pub(super) fn temporary_token_request(environment: Environment, access_token: &str) -> Result<TokenRequest, RequestError> {
    if access_token.contains('\0') {
        return Err(RequestError::ParamNul { name: "token".into() });
    }
    Ok(TokenRequest::form_post(
        Endpoint::parse(&format!("{}/auth/v1/token", environment.base()))?,
        vec![("token".into(), access_token.to_owned()), ("token_type".into(), ACCESS_TOKEN_TYPE.into())],
    ))
}

/// The profile and its messages, each opened with `?token=` (the temporary token, URL-encoded).
pub(super) fn profile_urls(environment: Environment, temporary_token: &str) -> Vec<String> {
    let encoded: String = form_urlencoded::byte_serialize(temporary_token.as_bytes()).collect();
    let base = environment.base();
    vec![format!("{base}/?token={encoded}"), format!("{base}/meldingen?token={encoded}")]
}
