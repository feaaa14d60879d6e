//! Registering the public key: RFC 7591 dynamic client registration (with RFC 8705's and
//! RFC 9449's client metadata), and Okta's Apps API (what seed 002's script does), as request
//! bodies and curl commands.
use crate::jwa::Alg;
use crate::request::{ClientAuth, Grant};
use crate::shell::{render_words, ShellError, Word};
use crate::x509::Certificate;
use serde_json::{json, Value};

/// The RFC 7591 §2 metadata for a private_key_jwt client with this JWK Set, and with
/// `redirect_uri` as its one redirect URI when it is not empty.
pub fn dynamic_registration_body(client_name: &str, public_jwks: &Value, alg: Alg, grant: Grant, redirect_uri: &str) -> Value {
    let registration = Registration {
        client_name,
        public_jwks,
        alg,
        grant,
        redirect_uri,
        client_auth: ClientAuth::PrivateKeyJwt,
        certificate: None,
        dpop: false,
    };
    // private_key_jwt needs no certificate, so there is no error to report.
    registration_body(&registration).unwrap_or_default()
}

/// What a client registers (RFC 7591 §2).
#[derive(Debug, Clone, Copy)]
pub struct Registration<'a> {
    pub client_name: &'a str,
    /// `{"keys": [...]}`: the public JWK, with `x5c` when the key has a certificate.
    pub public_jwks: &'a Value,
    pub alg: Alg,
    pub grant: Grant,
    pub redirect_uri: &'a str,
    pub client_auth: ClientAuth,
    /// The key's certificate, which the mTLS methods register (RFC 8705 §2.1.2, §2.2.2).
    pub certificate: Option<&'a Certificate>,
    /// The client sends DPoP proofs: `dpop_bound_access_tokens` (RFC 9449 §5.2).
    pub dpop: bool,
}

/// Why a registration body cannot be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(feature = "variants", derive(strum::EnumDiscriminants), strum_discriminants(derive(strum::EnumIter)))]
pub enum RegisterError {
    #[error("{auth} registers the key's certificate: make one in the key panel first.")]
    CertificateNeeded { auth: &'static str },
}

impl RegisterError {
    /// A stable identifier, independent of the wording.
    pub fn code(&self) -> &'static str {
        match self {
            RegisterError::CertificateNeeded { .. } => "REGISTER_CERTIFICATE_NEEDED",
        }
    }
}

/// The RFC 7591 §2 body for `registration`: the client authentication method and what it
/// needs (the signing alg for private_key_jwt; `tls_client_auth_subject_dn` for tls_client_auth,
/// RFC 8705 §2.1.2; the certificate in `jwks` for self_signed_tls_client_auth, §2.2.2), the
/// JWK Set, the grant, the redirect URI when set, and the binding of its tokens (RFC 8705 §3.4,
/// RFC 9449 §5.2).
pub fn registration_body(registration: &Registration) -> Result<Value, RegisterError> {
    let auth = registration.client_auth;
    let grant_type = registration.grant.grant_type().unwrap_or("client_credentials");
    let mut body = serde_json::Map::new();
    body.insert("client_name".into(), registration.client_name.into());
    body.insert("token_endpoint_auth_method".into(), auth.id().into());
    if registration.certificate.is_none() && auth.uses_certificate() {
        return Err(RegisterError::CertificateNeeded { auth: auth.id() });
    }
    match (auth, registration.certificate) {
        (ClientAuth::PrivateKeyJwt, _) => {
            body.insert("token_endpoint_auth_signing_alg".into(), registration.alg.name().into());
        }
        (ClientAuth::TlsClientAuth, Some(certificate)) => {
            body.insert("tls_client_auth_subject_dn".into(), certificate.subject().into());
        }
        _ => {}
    }
    body.insert("grant_types".into(), json!([grant_type]));
    body.insert("response_types".into(), json!([]));
    body.insert("jwks".into(), registration.public_jwks.clone());
    let redirect_uri = registration.redirect_uri.trim();
    if !redirect_uri.is_empty() {
        body.insert("redirect_uris".into(), json!([redirect_uri]));
    }
    if auth.uses_certificate() {
        body.insert("tls_client_certificate_bound_access_tokens".into(), true.into());
    }
    if registration.dpop {
        body.insert("dpop_bound_access_tokens".into(), true.into());
    }
    Ok(Value::Object(body))
}

/// Okta's "create a service app" body: an API Services app authenticating with private_key_jwt.
pub fn okta_service_app_body(label: &str, public_jwks: &Value) -> Value {
    json!({
        "name": "oidc_client",
        "label": label,
        "signOnMode": "OPENID_CONNECT",
        "credentials": { "oauthClient": { "token_endpoint_auth_method": "private_key_jwt" } },
        "settings": {
            "oauthClient": {
                "application_type": "service",
                "grant_types": ["client_credentials"],
                "response_types": ["token"],
                "jwks": public_jwks,
            }
        }
    })
}

/// `curl` POSTing `body` as JSON to `url`, with an optional extra header word (for Okta's
/// `Authorization: SSWS …`, which reads the token from the shell environment).
pub fn json_post_curl(url: &str, body: &Value, authorization: Option<Word>) -> Result<String, ShellError> {
    let pretty = serde_json::to_string_pretty(body).unwrap_or_default();
    let mut words = vec![
        Word::Literal("curl".into()),
        Word::Literal("--silent".into()),
        Word::Literal("--show-error".into()),
        Word::Literal("--request".into()),
        Word::Literal("POST".into()),
        Word::Literal("--url".into()),
        Word::Literal(url.into()),
        Word::Literal("--header".into()),
        Word::Literal("Content-Type: application/json".into()),
        Word::Literal("--header".into()),
        Word::Literal("Accept: application/json".into()),
    ];
    if let Some(authorization) = authorization {
        words.push(Word::Literal("--header".into()));
        words.push(authorization);
    }
    // --data-raw: curl never reads a file for a body starting with '@'.
    words.push(Word::Literal("--data-raw".into()));
    words.push(Word::Literal(pretty));
    render_words(&words)
}

/// The Okta API token comes from the shell, never from the page: the command refuses to run
/// until `OKTA_API_TOKEN` is exported.
pub const OKTA_AUTHORIZATION: Word = Word::Shell("\"Authorization: SSWS ${OKTA_API_TOKEN:?export OKTA_API_TOKEN=<your Okta API token> first}\"");
