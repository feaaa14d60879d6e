//! Registering the public key: RFC 7591 dynamic client registration, and Okta's Apps API
//! (what seed 002's script does), as request bodies and curl commands.
use crate::jwa::Alg;
use crate::request::Grant;
use crate::shell::{render_words, ShellError, Word};
use serde_json::{json, Value};

/// The RFC 7591 §2 metadata for a private_key_jwt client with this JWK Set, and with
/// `redirect_uri` as its one redirect URI when it is not empty.
pub fn dynamic_registration_body(client_name: &str, public_jwks: &Value, alg: Alg, grant: Grant, redirect_uri: &str) -> Value {
    let grant_type = grant.grant_type().unwrap_or("client_credentials");
    let mut body = json!({
        "client_name": client_name,
        "token_endpoint_auth_method": "private_key_jwt",
        "token_endpoint_auth_signing_alg": alg.name(),
        "grant_types": [grant_type],
        "response_types": [],
        "jwks": public_jwks,
    });
    let redirect_uri = redirect_uri.trim();
    if let (false, Some(members)) = (redirect_uri.is_empty(), body.as_object_mut()) {
        members.insert("redirect_uris".into(), json!([redirect_uri]));
    }
    body
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
