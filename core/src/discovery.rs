//! Authorization server metadata (RFC 8414, OpenID Connect Discovery, SMART configuration):
//! where to find it, reading it, and checking the current setup against what it announces.
use crate::json::JsonError;
use crate::endpoint::Endpoint;
use crate::request::RequestError;
use serde_json::Value;

/// Where a server publishes its metadata.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiscoveryDocument {
    OpenIdConfiguration,
    OAuthAuthorizationServer,
    SmartConfiguration,
}

/// What pkjwt uses from a metadata document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServerMetadata {
    pub issuer: String,
    pub token_endpoint: String,
    pub introspection_endpoint: String,
    pub revocation_endpoint: String,
    pub registration_endpoint: String,
    pub jwks_uri: String,
    pub authorization_endpoint: String,
    /// RFC 9126 §5.
    pub pushed_authorization_request_endpoint: String,
    pub require_pushed_authorization_requests: bool,
    pub userinfo_endpoint: String,
    /// RFC 8628 §4.
    pub device_authorization_endpoint: String,
    /// RFC 7636 §6.2 (RFC 8414 §2).
    pub code_challenge_methods_supported: Vec<String>,
    /// RFC 9101 §9.2.
    pub request_object_signing_alg_values_supported: Vec<String>,
    /// RFC 9207 §3: the server sends `iss` in every authorization response.
    pub authorization_response_iss_parameter_supported: bool,
    pub token_endpoint_auth_methods_supported: Vec<String>,
    pub token_endpoint_auth_signing_alg_values_supported: Vec<String>,
    pub grant_types_supported: Vec<String>,
    pub scopes_supported: Vec<String>,
    /// RFC 9449 §5.1.
    pub dpop_signing_alg_values_supported: Vec<String>,
    /// RFC 8705 §5: the endpoints a client using mTLS calls instead.
    pub mtls_endpoint_aliases: MtlsEndpointAliases,
}

/// RFC 8705 §5 `mtls_endpoint_aliases`, for the endpoints pkjwt calls (empty: no alias).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MtlsEndpointAliases {
    pub token_endpoint: String,
    pub pushed_authorization_request_endpoint: String,
    pub device_authorization_endpoint: String,
    pub userinfo_endpoint: String,
    pub introspection_endpoint: String,
    pub revocation_endpoint: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(feature = "variants", derive(strum::EnumDiscriminants), strum_discriminants(derive(strum::EnumIter)))]
pub enum DiscoveryError {
    #[error("The metadata is not valid JSON at line {}, column {}: {}.", .0.line, .0.column, .0.library)]
    Json(JsonError),
    #[error("The metadata must be a JSON object.")]
    NotObject,
    #[error("The metadata has no \"token_endpoint\", so it is not an authorization server's metadata.")]
    NoTokenEndpoint,
    #[error("The metadata member \"{member}\" must be {expected}.")]
    Member { member: &'static str, expected: Expected },
    #[error("The metadata member \"mtls_endpoint_aliases\" must be a JSON object.")]
    AliasesNotObject,
    #[error("The metadata is {0} bytes; pkjwt reads at most 1 MB.")]
    TooLarge(usize),
}

/// What a metadata member must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "variants", derive(strum::EnumIter))]
pub enum Expected {
    String,
    ArrayOfStrings,
    Boolean,
}

impl std::fmt::Display for Expected {
    // Not inlined into every `&T` and field formatter: one body per type keeps the page small.
    #[inline(never)]
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Expected::String => "a string",
            Expected::ArrayOfStrings => "an array of strings",
            Expected::Boolean => "true or false",
        })
    }
}

impl DiscoveryError {
    pub fn code(&self) -> &'static str {
        match self {
            DiscoveryError::Json(_) => "DISCOVERY_JSON",
            DiscoveryError::NotObject => "DISCOVERY_NOT_OBJECT",
            DiscoveryError::NoTokenEndpoint => "DISCOVERY_NO_TOKEN_ENDPOINT",
            DiscoveryError::Member { .. } => "DISCOVERY_MEMBER",
            DiscoveryError::AliasesNotObject => "DISCOVERY_MTLS_ALIASES",
            DiscoveryError::TooLarge(_) => "DISCOVERY_TOO_LARGE",
        }
    }
}

/// The metadata URL for `issuer` (or, for SMART, the FHIR base URL).
pub fn metadata_url(issuer: &str, document: DiscoveryDocument) -> Result<String, RequestError> {
    let base = Endpoint::parse(issuer)?;
    let url = base.as_str().trim_end_matches('/');
    Ok(match document {
        DiscoveryDocument::OpenIdConfiguration => format!("{url}/.well-known/openid-configuration"),
        DiscoveryDocument::SmartConfiguration => format!("{url}/.well-known/smart-configuration"),
        // RFC 8414 §3.1: the well-known segment goes between the host and the issuer's path.
        DiscoveryDocument::OAuthAuthorizationServer => {
            let path = base.path_and_query().trim_end_matches('/');
            let path = if path == "/" { "" } else { path };
            format!("{}/.well-known/oauth-authorization-server{path}", base.origin())
        }
    })
}

/// Reads a metadata document.
pub fn parse_metadata(text: &str) -> Result<ServerMetadata, DiscoveryError> {
    if text.len() > 1_000_000 {
        return Err(DiscoveryError::TooLarge(text.len()));
    }
    let value = crate::json::parse(text).map_err(DiscoveryError::Json)?;
    let Value::Object(map) = value else { return Err(DiscoveryError::NotObject) };
    let aliases = match map.get("mtls_endpoint_aliases") {
        None | Some(Value::Null) => serde_json::Map::new(),
        Some(Value::Object(aliases)) => aliases.clone(),
        Some(_) => return Err(DiscoveryError::AliasesNotObject),
    };
    // Errors name the member by its path, so that the page says which of the two it is.
    let alias = |member: &'static str, path: &'static str| {
        member_text(&aliases, member).map_err(|_| DiscoveryError::Member { member: path, expected: Expected::String })
    };
    let text = |member: &'static str| member_text(&map, member);
    let list = |member: &'static str| -> Result<Vec<String>, DiscoveryError> {
        match map.get(member) {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(Value::Array(items)) => items
                .iter()
                .map(|item| item.as_str().map(str::to_owned).ok_or(DiscoveryError::Member { member, expected: Expected::ArrayOfStrings }))
                .collect(),
            Some(_) => Err(DiscoveryError::Member { member, expected: Expected::ArrayOfStrings }),
        }
    };
    let flag = |member: &'static str| -> Result<bool, DiscoveryError> {
        match map.get(member) {
            None | Some(Value::Null) => Ok(false),
            Some(Value::Bool(on)) => Ok(*on),
            Some(_) => Err(DiscoveryError::Member { member, expected: Expected::Boolean }),
        }
    };
    let metadata = ServerMetadata {
        issuer: text("issuer")?,
        token_endpoint: text("token_endpoint")?,
        introspection_endpoint: text("introspection_endpoint")?,
        revocation_endpoint: text("revocation_endpoint")?,
        registration_endpoint: text("registration_endpoint")?,
        jwks_uri: text("jwks_uri")?,
        authorization_endpoint: text("authorization_endpoint")?,
        pushed_authorization_request_endpoint: text("pushed_authorization_request_endpoint")?,
        require_pushed_authorization_requests: flag("require_pushed_authorization_requests")?,
        userinfo_endpoint: text("userinfo_endpoint")?,
        device_authorization_endpoint: text("device_authorization_endpoint")?,
        code_challenge_methods_supported: list("code_challenge_methods_supported")?,
        request_object_signing_alg_values_supported: list("request_object_signing_alg_values_supported")?,
        authorization_response_iss_parameter_supported: flag("authorization_response_iss_parameter_supported")?,
        token_endpoint_auth_methods_supported: list("token_endpoint_auth_methods_supported")?,
        token_endpoint_auth_signing_alg_values_supported: list("token_endpoint_auth_signing_alg_values_supported")?,
        grant_types_supported: list("grant_types_supported")?,
        scopes_supported: list("scopes_supported")?,
        dpop_signing_alg_values_supported: list("dpop_signing_alg_values_supported")?,
        mtls_endpoint_aliases: MtlsEndpointAliases {
            token_endpoint: alias("token_endpoint", "mtls_endpoint_aliases.token_endpoint")?,
            pushed_authorization_request_endpoint: alias("pushed_authorization_request_endpoint", "mtls_endpoint_aliases.pushed_authorization_request_endpoint")?,
            device_authorization_endpoint: alias("device_authorization_endpoint", "mtls_endpoint_aliases.device_authorization_endpoint")?,
            userinfo_endpoint: alias("userinfo_endpoint", "mtls_endpoint_aliases.userinfo_endpoint")?,
            introspection_endpoint: alias("introspection_endpoint", "mtls_endpoint_aliases.introspection_endpoint")?,
            revocation_endpoint: alias("revocation_endpoint", "mtls_endpoint_aliases.revocation_endpoint")?,
        },
    };
    if metadata.token_endpoint.is_empty() {
        return Err(DiscoveryError::NoTokenEndpoint);
    }
    Ok(metadata)
}

/// A member that is a string when present.
fn member_text(map: &serde_json::Map<String, Value>, member: &'static str) -> Result<String, DiscoveryError> {
    match map.get(member) {
        None | Some(Value::Null) => Ok(String::new()),
        Some(Value::String(s)) => Ok(s.clone()),
        Some(_) => Err(DiscoveryError::Member { member, expected: Expected::String }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn well_known_urls_follow_each_specification() {
        use DiscoveryDocument::*;
        assert_eq!(metadata_url("https://idp.example/realms/demo/", OpenIdConfiguration), Ok("https://idp.example/realms/demo/.well-known/openid-configuration".into()));
        assert_eq!(metadata_url("https://idp.example/tenant/v2", OAuthAuthorizationServer), Ok("https://idp.example/.well-known/oauth-authorization-server/tenant/v2".into()));
        assert_eq!(metadata_url("https://idp.example", OAuthAuthorizationServer), Ok("https://idp.example/.well-known/oauth-authorization-server".into()));
        assert_eq!(metadata_url("https://fhir.example/r4", SmartConfiguration), Ok("https://fhir.example/r4/.well-known/smart-configuration".into()));
        assert!(metadata_url("https://{tenant}.example", OpenIdConfiguration).is_err());
    }

    #[test]
    fn metadata_is_read_member_by_member() {
        let good = r#"{"issuer":"https://as","token_endpoint":"https://as/token","token_endpoint_auth_signing_alg_values_supported":["ES256"]}"#;
        assert_eq!(parse_metadata(good).map(|m| m.token_endpoint_auth_signing_alg_values_supported), Ok(vec!["ES256".into()]));
        let code = |text: &str| parse_metadata(text).err().map(|e| e.code());
        assert_eq!(code("{"), Some("DISCOVERY_JSON"));
        assert_eq!(code("[]"), Some("DISCOVERY_NOT_OBJECT"));
        assert_eq!(code(r#"{"issuer":"x"}"#), Some("DISCOVERY_NO_TOKEN_ENDPOINT"));
        assert_eq!(code(r#"{"token_endpoint":"t","scopes_supported":"a b"}"#), Some("DISCOVERY_MEMBER"));
    }
}
