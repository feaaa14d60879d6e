//! Signed request objects (RFC 9101): the header and claims to sign; the caller signs the
//! signing input with its engine, as it does the client assertion.
use super::{AuthorizationParams, AuthorizeError, AuthorizeSettings};
use crate::assertion::Stamp;
use crate::jwa::Alg;
use crate::jws;
use serde_json::{Map, Value};

/// RFC 9101 §10.8: the media type of a request object, as `typ`.
pub const REQUEST_OBJECT_TYP: &str = "oauth-authz-req+jwt";

/// How long a request object is valid: long enough to log in through PAR's `expires_in`
/// (oidc-provider: 60 s), within FAPI 2.0's limit of 60 minutes between `nbf` and `exp`.
pub const REQUEST_OBJECT_LIFETIME_SECONDS: i64 = 300;

/// A request object ready to sign.
pub type UnsignedRequestObject = jws::UnsignedJws;

/// Header `{alg, typ, kid}` and claims `iss` (client_id), `aud` (issuer), `exp`, `nbf`, `iat`,
/// `jti`, then every authorization parameter: `claims` as the JSON object it is, a repeated
/// `resource` as an array.
pub fn request_object(
    settings: &AuthorizeSettings,
    params: &AuthorizationParams,
    alg: Alg,
    kid: Option<&str>,
    stamp: Stamp,
) -> Result<UnsignedRequestObject, AuthorizeError> {
    let issuer = settings.issuer.trim();
    if issuer.is_empty() {
        return Err(AuthorizeError::IssuerMissing);
    }
    let client_id = settings.client_id.trim();
    if client_id.is_empty() {
        return Err(AuthorizeError::ClientIdMissing);
    }
    let mut header = Map::new();
    header.insert("alg".into(), alg.name().into());
    header.insert("typ".into(), REQUEST_OBJECT_TYP.into());
    if let Some(kid) = kid {
        header.insert("kid".into(), kid.into());
    }
    let mut claims = Map::new();
    claims.insert("iss".into(), client_id.into());
    claims.insert("aud".into(), issuer.into());
    claims.insert("exp".into(), (stamp.now + REQUEST_OBJECT_LIFETIME_SECONDS).into());
    claims.insert("nbf".into(), stamp.now.into());
    claims.insert("iat".into(), stamp.now.into());
    claims.insert("jti".into(), crate::b64::url_encode(&stamp.jti_bytes).into());
    for (name, value) in &params.0 {
        let value = if name == "claims" {
            serde_json::from_str(value).map_err(|_| AuthorizeError::ClaimsNotObject)?
        } else {
            Value::String(value.clone())
        };
        match claims.get_mut(name) {
            Some(Value::Array(values)) => values.push(value),
            Some(first) if name == "resource" => *first = Value::Array(vec![first.take(), value]),
            _ => {
                claims.insert(name.clone(), value);
            }
        }
    }
    Ok(UnsignedRequestObject { alg, header, claims })
}
