//! Grants and client authentication methods, with the parameters each one takes.

/// What the request asks for. The ids are the `grant-type` option values of the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Grant {
    ClientCredentials,
    RefreshToken,
    TokenExchange,
    JwtBearer,
    Introspection,
    Revocation,
    /// RFC 6749 §4.1.3: the code the authorization endpoint gave, with the PKCE verifier.
    AuthorizationCode,
    /// RFC 8628 §3.4: polling with the device code.
    DeviceCode,
}

/// One editable form parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParamSpec {
    /// The wire name.
    pub name: &'static str,
    pub required: bool,
    /// One value per line, each sent as its own parameter (RFC 8693 `audience`, `resource`).
    pub repeatable: bool,
    /// Suggested values (token-type URNs).
    pub choices: &'static [&'static str],
    pub default: &'static str,
    /// Sent only together with this other parameter (RFC 8693 §2.1: `actor_token_type` only
    /// with `actor_token`).
    pub only_with: Option<&'static str>,
    /// Its `.env` name, when it may be shared in a link or `.env` file; tokens never are.
    pub share: Option<&'static str>,
}

const fn param(name: &'static str, required: bool) -> ParamSpec {
    ParamSpec { name, required, repeatable: false, choices: &[], default: "", only_with: None, share: None }
}

impl ParamSpec {
    /// Shareable, under `env` in `.env` files (and its own name in links).
    const fn shared(self, env: &'static str) -> ParamSpec {
        ParamSpec { share: Some(env), ..self }
    }
}

/// Every shareable parameter once, in the order the grants list them.
pub fn shared_params() -> impl Iterator<Item = &'static ParamSpec> {
    let all = Grant::ALL.into_iter().flat_map(|grant| grant.params().iter()).filter(|spec| spec.share.is_some());
    let mut seen: Vec<&'static str> = Vec::new();
    all.filter(move |spec| {
        let first = !seen.contains(&spec.name);
        seen.push(spec.name);
        first
    })
}

/// RFC 8693 §3 token type identifiers.
pub const TOKEN_TYPES: [&str; 6] = [
    "urn:ietf:params:oauth:token-type:access_token",
    "urn:ietf:params:oauth:token-type:refresh_token",
    "urn:ietf:params:oauth:token-type:id_token",
    "urn:ietf:params:oauth:token-type:saml1",
    "urn:ietf:params:oauth:token-type:saml2",
    "urn:ietf:params:oauth:token-type:jwt",
];

const ACCESS_TOKEN_TYPE: &str = "urn:ietf:params:oauth:token-type:access_token";

impl Grant {
    pub const ALL: [Grant; 8] = [
        Grant::ClientCredentials,
        Grant::AuthorizationCode,
        Grant::DeviceCode,
        Grant::RefreshToken,
        Grant::TokenExchange,
        Grant::JwtBearer,
        Grant::Introspection,
        Grant::Revocation,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Grant::ClientCredentials => "client_credentials",
            Grant::RefreshToken => "refresh_token",
            Grant::TokenExchange => "urn:ietf:params:oauth:grant-type:token-exchange",
            Grant::JwtBearer => "urn:ietf:params:oauth:grant-type:jwt-bearer",
            Grant::Introspection => "introspection",
            Grant::Revocation => "revocation",
            Grant::AuthorizationCode => "authorization_code",
            Grant::DeviceCode => "urn:ietf:params:oauth:grant-type:device_code",
        }
    }

    pub fn from_id(id: &str) -> Option<Grant> {
        Grant::ALL.into_iter().find(|grant| grant.id() == id)
    }

    pub fn label(self) -> &'static str {
        match self {
            Grant::ClientCredentials => "Client credentials",
            Grant::RefreshToken => "Refresh token",
            Grant::TokenExchange => "Token exchange (RFC 8693)",
            Grant::JwtBearer => "JWT-bearer grant (RFC 7523 §2.1)",
            Grant::Introspection => "Token introspection (RFC 7662)",
            Grant::Revocation => "Token revocation (RFC 7009)",
            Grant::AuthorizationCode => "Authorization code (RFC 6749 §4.1, PKCE)",
            Grant::DeviceCode => "Device authorization (RFC 8628)",
        }
    }

    /// The `grant_type` form value; introspection and revocation send none.
    pub fn grant_type(self) -> Option<&'static str> {
        match self {
            Grant::Introspection | Grant::Revocation => None,
            other => Some(other.id()),
        }
    }

    /// Whether this request goes to the token endpoint (not introspection/revocation).
    pub fn uses_token_endpoint(self) -> bool {
        self.grant_type().is_some()
    }

    /// The parameters the user fills in, in form order.
    pub fn params(self) -> &'static [ParamSpec] {
        match self {
            Grant::ClientCredentials => CLIENT_CREDENTIALS_PARAMS,
            Grant::RefreshToken => REFRESH_PARAMS,
            Grant::TokenExchange => TOKEN_EXCHANGE_PARAMS,
            Grant::JwtBearer => JWT_BEARER_PARAMS,
            Grant::Introspection | Grant::Revocation => TOKEN_PARAMS,
            Grant::AuthorizationCode => AUTHORIZATION_CODE_PARAMS,
            Grant::DeviceCode => DEVICE_CODE_PARAMS,
        }
    }

    /// Whether the token request also carries the setup's `redirect_uri` (RFC 6749 §4.1.3:
    /// required when the authorization request had one, which pkjwt's always has).
    pub fn sends_redirect_uri(self) -> bool {
        self == Grant::AuthorizationCode
    }
}

const SCOPE: ParamSpec = param("scope", false).shared("SCOPE");
const AUDIENCE: ParamSpec = repeatable("audience").shared("PKJWT_AUDIENCE");
const RESOURCE: ParamSpec = repeatable("resource").shared("PKJWT_RESOURCE");
const fn repeatable(name: &'static str) -> ParamSpec {
    ParamSpec { repeatable: true, ..param(name, false) }
}
const fn token_type(name: &'static str, required: bool, default: &'static str) -> ParamSpec {
    ParamSpec { choices: &TOKEN_TYPES, default, ..param(name, required) }
}
const CLIENT_CREDENTIALS_PARAMS: &[ParamSpec] = &[SCOPE, AUDIENCE, RESOURCE];
const REFRESH_PARAMS: &[ParamSpec] = &[param("refresh_token", true), SCOPE];
const TOKEN_EXCHANGE_PARAMS: &[ParamSpec] = &[
    param("subject_token", true),
    token_type("subject_token_type", true, ACCESS_TOKEN_TYPE).shared("PKJWT_SUBJECT_TOKEN_TYPE"),
    param("actor_token", false),
    ParamSpec { only_with: Some("actor_token"), ..token_type("actor_token_type", false, "").shared("PKJWT_ACTOR_TOKEN_TYPE") },
    token_type("requested_token_type", false, "").shared("PKJWT_REQUESTED_TOKEN_TYPE"),
    AUDIENCE,
    RESOURCE,
    SCOPE,
];
const JWT_BEARER_PARAMS: &[ParamSpec] = &[SCOPE];
// Codes and verifiers are single-use secrets of one attempt: never shared.
const AUTHORIZATION_CODE_PARAMS: &[ParamSpec] = &[param("code", true), param("code_verifier", false)];
const DEVICE_CODE_PARAMS: &[ParamSpec] = &[param("device_code", true)];
const TOKEN_PARAMS: &[ParamSpec] = &[
    param("token", true),
    ParamSpec { choices: &["access_token", "refresh_token"], ..param("token_type_hint", false).shared("PKJWT_TOKEN_TYPE_HINT") },
];

/// How the client proves who it is. The ids are the `client-auth` option values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClientAuth {
    PrivateKeyJwt,
    ClientSecretBasic,
    ClientSecretPost,
    None,
    /// RFC 8705 §2.1: a certificate from a CA the server trusts, matched by its subject; the
    /// request carries `client_id` only, the TLS connection the proof.
    TlsClientAuth,
    /// RFC 8705 §2.2: a self-signed certificate registered in the client's JWK Set.
    SelfSignedTlsClientAuth,
}

impl ClientAuth {
    pub const ALL: [ClientAuth; 6] = [
        ClientAuth::PrivateKeyJwt,
        ClientAuth::ClientSecretBasic,
        ClientAuth::ClientSecretPost,
        ClientAuth::None,
        ClientAuth::TlsClientAuth,
        ClientAuth::SelfSignedTlsClientAuth,
    ];

    pub fn id(self) -> &'static str {
        match self {
            ClientAuth::PrivateKeyJwt => "private_key_jwt",
            ClientAuth::ClientSecretBasic => "client_secret_basic",
            ClientAuth::ClientSecretPost => "client_secret_post",
            ClientAuth::None => "none",
            ClientAuth::TlsClientAuth => "tls_client_auth",
            ClientAuth::SelfSignedTlsClientAuth => "self_signed_tls_client_auth",
        }
    }

    pub fn from_id(id: &str) -> Option<ClientAuth> {
        ClientAuth::ALL.into_iter().find(|auth| auth.id() == id)
    }

    pub fn label(self) -> &'static str {
        match self {
            ClientAuth::PrivateKeyJwt => "private_key_jwt (signed assertion)",
            ClientAuth::ClientSecretBasic => "client_secret_basic (HTTP Basic)",
            ClientAuth::ClientSecretPost => "client_secret_post (secret in the form)",
            ClientAuth::None => "none (public client)",
            ClientAuth::TlsClientAuth => "tls_client_auth (mTLS, CA-issued certificate)",
            ClientAuth::SelfSignedTlsClientAuth => "self_signed_tls_client_auth (mTLS, self-signed certificate)",
        }
    }

    /// Whether the client proves itself with a TLS client certificate (RFC 8705 §2): only a
    /// command line (curl's `--cert`) can present one; a page's `fetch` cannot.
    pub fn uses_certificate(self) -> bool {
        matches!(self, ClientAuth::TlsClientAuth | ClientAuth::SelfSignedTlsClientAuth)
    }

    pub fn uses_secret(self) -> bool {
        matches!(self, ClientAuth::ClientSecretBasic | ClientAuth::ClientSecretPost)
    }
}
