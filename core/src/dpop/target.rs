//! What a proof is made for: the request's method, its URI and the access token it carries.
use crate::b64;
use crate::material::PublicKey;
use crate::request::{TokenRequest, TokenScheme};
use sha2::{Digest, Sha256};

/// RFC 9449 §4.2 `htu`: the target URI without its query and fragment, in the form servers
/// compare it in (§4.3 asks them to normalize by RFC 3986 §6.2.2 and §6.2.3): scheme and host
/// in lower case, no default port, `/` for an empty path. Browsers and curl send that form too.
pub fn htu(url: &str) -> String {
    let url = url.trim();
    let url = &url[..url.find(['?', '#']).unwrap_or(url.len())];
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_owned() };
    let scheme = scheme.to_ascii_lowercase();
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let authority = authority.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "https" => ":443",
        "http" => ":80",
        _ => "",
    };
    let authority = match authority.strip_suffix(default_port) {
        Some(host) if !default_port.is_empty() => host,
        _ => authority.as_str(),
    };
    let path = if path.is_empty() { "/" } else { path };
    format!("{scheme}://{authority}{path}")
}

/// RFC 9449 §4.2 `ath`: base64url of the SHA-256 of the access token's ASCII.
pub fn ath(access_token: &str) -> String {
    b64::url_encode(&Sha256::digest(access_token.as_bytes()))
}

/// RFC 9449 §6.1 `jkt`: the RFC 7638 SHA-256 thumbprint of the DPoP public key.
pub fn jkt(public: &PublicKey) -> String {
    crate::jwk::thumbprint(public)
}

/// The request a proof is for (RFC 9449 §4.2): `htm`, `htu`, and `ath` when the request
/// presents an access token with `Authorization: DPoP`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProofTarget {
    pub htm: String,
    pub htu: String,
    pub ath: Option<String>,
}

impl ProofTarget {
    pub fn of(request: &TokenRequest) -> ProofTarget {
        let dpop_token = request
            .headers
            .iter()
            .filter(|(name, _)| name.eq_ignore_ascii_case("Authorization"))
            .find_map(|(_, value)| dpop_token(value));
        ProofTarget { htm: request.method.as_str().to_owned(), htu: htu(request.url()), ath: dpop_token.map(ath) }
    }
}

/// The token of an `Authorization: DPoP <token>` value (the scheme is case-insensitive,
/// RFC 9110 §11.1).
fn dpop_token(value: &str) -> Option<&str> {
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme.eq_ignore_ascii_case(TokenScheme::Dpop.word()).then(|| token.trim()).filter(|token| !token.is_empty())
}
