//! What a script does, read from the request: the form with the values the script makes
//! itself (the assertion, the secret, the client_id a `.env` may change) marked, and the
//! assertion's claims with the fresh ones open.
use super::ScriptError;
use crate::assertion::{AssertionRecipe, ClaimValue, CLIENT_ASSERTION_TYPE};
use crate::request::{HttpMethod, TokenRequest};
use base64ct::Encoding as _;
use serde_json::Value;

/// The environment variable naming the private key file.
pub const ENV_KEY_FILE: &str = "PKJWT_KEY_FILE";
/// The environment variable holding the client secret (never written into a script).
pub const ENV_SECRET: &str = "PKJWT_CLIENT_SECRET";
/// The environment variable naming the `.env` file (default `./.env`).
pub const ENV_FILE: &str = "PKJWT_ENV_FILE";
/// The page's `.env` names (`share::to_env`) a script reads: the client id, the request's URL,
/// and for token-endpoint requests the token endpoint.
pub const ENV_CLIENT_ID: &str = "CLIENT_ID";
pub const ENV_ENDPOINT: &str = "PKJWT_ENDPOINT";
pub const ENV_TOKEN_ENDPOINT: &str = "TOKEN_ENDPOINT";

const JWT_BEARER: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";

/// A form value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field<'a> {
    /// Sent as it is.
    Literal(&'a str),
    /// The client id (a `.env` may change it).
    ClientId,
    /// A new assertion, signed by the script.
    Assertion,
    /// `$PKJWT_CLIENT_SECRET`.
    Secret,
}

/// A claim of the assertion.
#[derive(Debug, Clone, PartialEq)]
pub enum Claim<'a> {
    Fixed(&'a Value),
    /// The client id (`iss`, and `sub` when it is the client id).
    ClientId,
    /// The URL the request goes to (`aud` when it is that URL).
    Endpoint,
    Jti,
    IssuedAt,
    NotBefore,
    Expires,
}

/// The request as a script makes it.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan<'a> {
    pub url: &'a str,
    /// The `.env` names that may replace the URL, first found wins.
    pub endpoint_names: &'static [&'static str],
    /// Headers sent as they are (`Content-Type`, `Accept`).
    pub headers: Vec<(&'a str, &'a str)>,
    /// `Authorization: Basic` from the client id and `$PKJWT_CLIENT_SECRET` (client_secret_basic).
    pub basic: bool,
    /// The client id, when the request names it (form, Basic credentials or `iss`).
    pub client_id: Option<String>,
    pub form: Vec<(&'a str, Field<'a>)>,
    /// The assertion the script signs, when the request carries one.
    pub recipe: Option<&'a AssertionRecipe>,
    /// The recipe's claims (empty without one).
    pub claims: Vec<(&'a str, Claim<'a>)>,
}

impl<'a> Plan<'a> {
    pub fn read(request: &'a TokenRequest, recipe: Option<&'a AssertionRecipe>) -> Result<Plan<'a>, ScriptError> {
        if request.method != HttpMethod::Post {
            return Err(ScriptError::NotAPost);
        }
        if request.client_certificate.is_some() {
            return Err(ScriptError::Mtls);
        }
        if request.headers.iter().any(|(name, _)| name.eq_ignore_ascii_case("DPoP")) {
            return Err(ScriptError::Dpop);
        }
        let mut basic = None;
        let mut headers = Vec::new();
        for (name, value) in &request.headers {
            match value.strip_prefix("Basic ") {
                Some(credentials) if name.eq_ignore_ascii_case("Authorization") => basic = Some(basic_client_id(credentials)),
                _ => headers.push((name.as_str(), value.as_str())),
            }
        }
        let value_of = |wanted: &str| request.form.iter().find(|(name, _)| name == wanted).map(|(_, value)| value.as_str());
        let jwt_bearer = value_of("grant_type") == Some(JWT_BEARER);
        let client_assertion = value_of("client_assertion_type") == Some(CLIENT_ASSERTION_TYPE);
        let issuer = recipe.and_then(|recipe| recipe.fixed("iss")).and_then(Value::as_str);
        let client_id = value_of("client_id").map(str::to_owned).or(basic.clone().flatten()).or(issuer.map(str::to_owned));

        let mut signs = false;
        let mut form = Vec::new();
        for (name, value) in &request.form {
            let field = match name.as_str() {
                "client_assertion" if client_assertion => Field::Assertion,
                "assertion" if jwt_bearer => Field::Assertion,
                "client_secret" => Field::Secret,
                "client_id" => Field::ClientId,
                _ => Field::Literal(value),
            };
            signs |= field == Field::Assertion;
            form.push((name.as_str(), field));
        }
        let recipe = if signs { Some(recipe.ok_or(ScriptError::NoRecipe)?) } else { None };
        let url = request.url();
        let claims = recipe.map(|recipe| claims(recipe, client_id.as_deref(), url)).unwrap_or_default();
        let endpoint_names: &'static [&'static str] =
            if value_of("grant_type").is_some() { &[ENV_ENDPOINT, ENV_TOKEN_ENDPOINT] } else { &[ENV_ENDPOINT] };
        Ok(Plan { url, endpoint_names, headers, basic: basic.is_some(), client_id, form, recipe, claims })
    }

    /// Whether the script reads `$PKJWT_CLIENT_SECRET`.
    pub fn needs_secret(&self) -> bool {
        self.basic || self.form.iter().any(|(_, field)| *field == Field::Secret)
    }

    /// What the script asks for, in a few words for its header: `grant_type=client_credentials`.
    pub fn summary(&self) -> String {
        match self.form.iter().find(|(name, _)| *name == "grant_type") {
            Some((_, Field::Literal(grant))) => format!("grant_type={grant}"),
            _ => "token introspection or revocation".to_owned(),
        }
    }
}

/// The client id inside Basic credentials (RFC 6749 §2.3.1: form-encoded, then `id:secret`).
fn basic_client_id(credentials: &str) -> Option<String> {
    let decoded = base64ct::Base64::decode_vec(credentials.trim()).ok()?;
    let decoded = String::from_utf8(decoded).ok()?;
    let (id, _secret) = decoded.split_once(':')?;
    Some(form_urlencoded::parse(id.as_bytes()).next().map(|(name, _)| name.into_owned()).unwrap_or_default())
}


fn claims<'a>(recipe: &'a AssertionRecipe, client_id: Option<&str>, url: &str) -> Vec<(&'a str, Claim<'a>)> {
    recipe
        .claims
        .iter()
        .map(|(name, value)| {
            let claim = match value {
                ClaimValue::Fixed(Value::String(text)) if matches!(name.as_str(), "iss" | "sub") && Some(text.as_str()) == client_id => Claim::ClientId,
                ClaimValue::Fixed(Value::String(text)) if name == "aud" && text == url => Claim::Endpoint,
                ClaimValue::Fixed(value) => Claim::Fixed(value),
                ClaimValue::Jti => Claim::Jti,
                ClaimValue::IssuedAt => Claim::IssuedAt,
                ClaimValue::NotBefore => Claim::NotBefore,
                ClaimValue::Expires => Claim::Expires,
            };
            (name.as_str(), claim)
        })
        .collect()
}
