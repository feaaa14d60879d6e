//! The authorization request's parameters (RFC 6749 §4.1.1, OIDC Core §3.1.2.1, RFC 7636
//! §4.3) from the settings and the attempt, in a stable order, and the front-channel URL.
use super::{Attempt, AuthorizeError, AuthorizeSettings};
use crate::endpoint::Endpoint;
use crate::request::ParamSpec;

const fn field(name: &'static str) -> ParamSpec {
    ParamSpec { name, required: false, repeatable: false, choices: &[], default: "", only_with: None, share: None }
}

/// The authorization parameters the user fills in, in URL order. `response_mode` left empty
/// means the default for `code`, the query (OIDC Core §3.1.2.1); `form_post` is not offered
/// because a static page cannot read a POST.
pub const AUTHZ_PARAMS: &[ParamSpec] = &[
    ParamSpec { default: "openid", ..field("scope") },
    ParamSpec { choices: &["none", "login", "consent", "select_account"], ..field("prompt") },
    field("login_hint"),
    field("acr_values"),
    ParamSpec { repeatable: true, ..field("resource") },
    field("claims"),
    ParamSpec { choices: &["query", "fragment"], ..field("response_mode") },
];

/// The authorization parameters a link or `.env` file may carry: (wire name, fragment key,
/// `.env` name). Keys differ from the token request's parameters of the same name (`scope`);
/// `login_hint` names a person and stays out.
pub const AUTHZ_SHARED: &[(&str, &str, &str)] = &[
    ("scope", "authz_scope", "PKJWT_AUTHZ_SCOPE"),
    ("prompt", "authz_prompt", "PKJWT_AUTHZ_PROMPT"),
    ("acr_values", "authz_acr_values", "PKJWT_AUTHZ_ACR_VALUES"),
    ("resource", "authz_resource", "PKJWT_AUTHZ_RESOURCE"),
    ("claims", "authz_claims", "PKJWT_AUTHZ_CLAIMS"),
    ("response_mode", "authz_response_mode", "PKJWT_AUTHZ_RESPONSE_MODE"),
];

/// Parameters pkjwt writes itself, refused among the extra ones.
pub const RESERVED_PARAMS: &[&str] = &[
    "response_type",
    "client_id",
    "redirect_uri",
    "state",
    "nonce",
    "code_challenge",
    "code_challenge_method",
    "request",
    "request_uri",
    "scope",
    "prompt",
    "login_hint",
    "acr_values",
    "resource",
    "claims",
    "response_mode",
    "dpop_jkt",
];

/// The longest value of one authorization parameter, and of the extra lines together:
/// the whole front-channel URL must stay within what browsers and servers accept.
pub const MAX_EXTRA_BYTES: usize = 16 * 1024;

/// The authorization request's parameters, in order; `resource` may repeat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorizationParams(pub Vec<(String, String)>);

impl AuthorizationParams {
    /// The first value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// What the front channel carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrontChannel<'a> {
    /// Every parameter in the URL (mode `query`).
    Params(&'a AuthorizationParams),
    /// `client_id` + `request`, a signed request object by value (RFC 9101 §5, mode `jar`), with
    /// `response_type` and an openid `scope` repeated as OIDC Core §6.1 asks.
    RequestObject(&'a str),
    /// `client_id` + `request_uri` from PAR (RFC 9126 §4, modes `par` and `par-jar`).
    RequestUri(&'a str),
}

fn checked<'a>(name: &str, value: &'a str) -> Result<&'a str, AuthorizeError> {
    if value.len() > MAX_EXTRA_BYTES {
        return Err(AuthorizeError::ValueTooLong { name: name.to_owned(), length: value.len(), limit: MAX_EXTRA_BYTES });
    }
    if value.contains('\0') {
        return Err(AuthorizeError::ParamNul { name: name.to_owned() });
    }
    Ok(value)
}

/// The parameters of `attempt`'s authorization request: `response_type=code`, `client_id`,
/// `redirect_uri`, `scope`, `state`, `nonce`, the PKCE challenge, `dpop_jkt` (the DPoP key's
/// thumbprint, binding the code to it: RFC 9449 §10) when given, then the optional fields and
/// the extra lines, in that order.
pub fn authorization_params(settings: &AuthorizeSettings, attempt: &Attempt, dpop_jkt: Option<&str>) -> Result<AuthorizationParams, AuthorizeError> {
    let client_id = checked("client_id", attempt.client_id.trim())?;
    if client_id.is_empty() {
        return Err(AuthorizeError::ClientIdMissing);
    }
    let redirect_uri = Endpoint::parse(&attempt.redirect_uri).map_err(AuthorizeError::RedirectUri)?;
    let mut pairs: Vec<(String, String)> = vec![
        ("response_type".into(), "code".into()),
        ("client_id".into(), client_id.into()),
        ("redirect_uri".into(), redirect_uri.as_str().into()),
    ];
    let value = |spec: &ParamSpec| settings.params.get(spec.name).map(String::as_str).unwrap_or(spec.default);
    let mut fields = AUTHZ_PARAMS.iter();
    // scope comes before state and nonce, as in OIDC Core's examples.
    if let Some(scope) = fields.next() {
        let scope = checked(scope.name, value(scope).trim())?;
        if !scope.is_empty() {
            pairs.push(("scope".into(), scope.into()));
        }
    }
    pairs.push(("state".into(), attempt.state().into()));
    pairs.push(("nonce".into(), attempt.nonce().into()));
    if let (Some(challenge), Some(method)) = (attempt.code_challenge(), attempt.pkce.wire_name()) {
        pairs.push(("code_challenge".into(), challenge));
        pairs.push(("code_challenge_method".into(), method.into()));
    }
    if let Some(jkt) = dpop_jkt.map(str::trim).filter(|jkt| !jkt.is_empty()) {
        pairs.push(("dpop_jkt".into(), checked("dpop_jkt", jkt)?.into()));
    }
    for spec in fields {
        let raw = checked(spec.name, value(spec))?;
        let values: Vec<&str> = if spec.repeatable {
            raw.lines().map(str::trim).filter(|v| !v.is_empty()).collect()
        } else {
            Some(raw.trim()).filter(|v| !v.is_empty()).into_iter().collect()
        };
        for value in values {
            if spec.name == "claims" {
                check_claims(value)?;
            }
            pairs.push((spec.name.into(), value.into()));
        }
    }
    pairs.extend(extra_params(&settings.extra)?);
    Ok(AuthorizationParams(pairs))
}

/// The `claims` request parameter must be a JSON object (OIDC Core §5.5).
fn check_claims(text: &str) -> Result<(), AuthorizeError> {
    match crate::json::parse(text).map_err(AuthorizeError::ClaimsJson)? {
        serde_json::Value::Object(_) => Ok(()),
        _ => Err(AuthorizeError::ClaimsNotObject),
    }
}

/// `name=value` lines; blank lines are skipped, the value is taken as typed after the first `=`.
fn extra_params(text: &str) -> Result<Vec<(String, String)>, AuthorizeError> {
    checked("extra", text)?;
    let mut pairs = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let Some((name, value)) = line.split_once('=') else {
            return Err(AuthorizeError::ExtraLine { line: index + 1 });
        };
        let name = name.trim();
        if name.is_empty() {
            return Err(AuthorizeError::ExtraLine { line: index + 1 });
        }
        if RESERVED_PARAMS.contains(&name) {
            return Err(AuthorizeError::ExtraReserved { name: crate::text::shorten(name) });
        }
        pairs.push((name.to_owned(), value.trim().to_owned()));
    }
    Ok(pairs)
}

/// The URL the browser is sent to: the authorization endpoint (which may have a query of its
/// own, RFC 6749 §3.1) with what `front` carries, form-urlencoded.
pub fn authorization_url(settings: &AuthorizeSettings, front: FrontChannel) -> Result<String, AuthorizeError> {
    let endpoint = Endpoint::parse(&settings.authorization_endpoint).map_err(AuthorizeError::Endpoint)?;
    let client_id = settings.client_id.trim();
    let mut query = form_urlencoded::Serializer::new(String::new());
    match front {
        FrontChannel::Params(params) => {
            query.extend_pairs(&params.0);
        }
        FrontChannel::RequestObject(jwt) => {
            // OIDC Core §6.1: an OpenID request repeats response_type and the openid scope in
            // the query (RFC 9101 lets servers ignore them; they must equal the object's).
            query.append_pair("client_id", client_id).append_pair("response_type", "code");
            let scope = settings.params.get("scope").map(String::as_str).unwrap_or("openid").trim();
            if scope.split_whitespace().any(|s| s == "openid") {
                query.append_pair("scope", checked("scope", scope)?);
            }
            query.append_pair("request", checked("request", jwt.trim())?);
        }
        FrontChannel::RequestUri(uri) => {
            query.append_pair("client_id", client_id).append_pair("request_uri", checked("request_uri", uri.trim())?);
        }
    }
    if !matches!(front, FrontChannel::Params(_)) && client_id.is_empty() {
        return Err(AuthorizeError::ClientIdMissing);
    }
    let url = endpoint.as_str();
    let joint = if !url.contains('?') {
        "?"
    } else if url.ends_with('?') || url.ends_with('&') {
        ""
    } else {
        "&"
    };
    Ok(format!("{url}{joint}{}", query.finish()))
}
