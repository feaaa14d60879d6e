//! Validating an id_token (OIDC Core §3.1.3.7) or a JWT access token (RFC 9068 §4): the
//! signature against the issuer's JWK Set, then `iss`, `aud`/`azp`, `exp`/`iat`/`nbf` against
//! the caller's time with a leeway, `nonce`, `at_hash`/`c_hash`. The first failure is the
//! verdict. The signature is verified here with RustCrypto ([`validate`]) or by the caller
//! (WebCrypto) over [`Prepared`]'s signing input, then concluded with [`conclude`].
mod claims;
mod error;
mod jwks;

pub use claims::{left_half_hash, check_claims};
pub use error::Invalid;
#[cfg(feature = "variants")]
pub use error::InvalidDiscriminants;
pub use jwks::{parse_jwks, Jwks, JwksError, JwksKey, MAX_JWKS_BYTES};
#[cfg(feature = "variants")]
pub use jwks::JwksErrorDiscriminants;

use crate::jwa::Alg;
use crate::jws::{self, DecodedJws};
use serde_json::{Map, Value};

/// Which rules apply.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TokenKind {
    /// OIDC Core: `aud` contains the client_id, `iat` and `sub` required, `nonce` when sent.
    #[default]
    IdToken,
    /// RFC 9068: signature, `iss`, `exp`; its `aud` is the resource server, not the client.
    AccessToken,
}

/// What the token must agree with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Expectations<'a> {
    pub kind: TokenKind,
    /// Empty: unknown, so `iss` is not compared (but must be present).
    pub issuer: &'a str,
    pub client_id: &'a str,
    /// Unix seconds.
    pub now: i64,
    /// Seconds of clock difference tolerated each way.
    pub leeway: i64,
    /// The attempt's nonce; `None`: none was sent (refresh), so none is compared.
    pub nonce: Option<&'a str>,
    /// The access token of the same answer, for `at_hash`.
    pub access_token: Option<&'a str>,
    /// The authorization code, for `c_hash`.
    pub code: Option<&'a str>,
}

/// The default leeway: a minute of clock difference between the page's machine and the server.
pub const DEFAULT_LEEWAY_SECONDS: i64 = 60;

/// A token taken apart with its key chosen: what a signature check needs.
#[derive(Debug, Clone)]
pub struct Prepared<'j> {
    pub decoded: DecodedJws,
    pub alg: Alg,
    pub key: &'j JwksKey,
}

impl Prepared<'_> {
    /// The bytes the signature covers, for WebCrypto.
    pub fn signing_input(&self) -> &str {
        &self.decoded.signing_input
    }

    pub fn signature(&self) -> &[u8] {
        &self.decoded.signature
    }

    /// The public JWK to import into WebCrypto.
    pub fn jwk(&self) -> &Value {
        &self.key.jwk
    }

    /// Verifies with RustCrypto.
    pub fn verify(&self) -> bool {
        crate::crypto::verify(&self.key.public, self.alg, self.decoded.signing_input.as_bytes(), &self.decoded.signature).is_ok()
    }
}

/// Decodes `token` and chooses its key in `jwks`.
pub fn prepare<'j>(token: &str, jwks: &'j Jwks) -> Result<Prepared<'j>, Invalid> {
    let decoded = jws::decode(token).map_err(Invalid::Decode)?;
    let name = decoded.header.get("alg").and_then(Value::as_str).unwrap_or_default();
    let alg = Alg::from_name(name).ok_or_else(|| Invalid::Alg { alg: crate::text::shorten(name) })?;
    let kid = decoded.header.get("kid").and_then(Value::as_str);
    let key = jwks.key_for(kid, alg).map_err(|count| match kid {
        Some(kid) => Invalid::NoKeyWithKid { kid: crate::text::shorten(kid) },
        None => Invalid::KeyNotChosen { alg: alg.name().to_owned(), count },
    })?;
    if !key.public.supports(alg) || key.alg.is_some_and(|own| own != alg) {
        return Err(Invalid::KeyAlg { kid: key.kid.clone().unwrap_or_default(), alg: alg.name().to_owned() });
    }
    Ok(Prepared { decoded, alg, key })
}

/// The outcome, with what the token said.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub outcome: Result<(), Invalid>,
    pub header: Option<Map<String, Value>>,
    pub claims: Option<Value>,
}

impl Verdict {
    pub fn is_valid(&self) -> bool {
        self.outcome.is_ok()
    }

    /// `valid` or `invalid: <reason>`, the `token-verification` text in English.
    pub fn summary(&self) -> String {
        match &self.outcome {
            Ok(()) => "valid".to_owned(),
            Err(reason) => format!("invalid: {reason}"),
        }
    }
}

/// The verdict once the caller knows whether the signature verified.
pub fn conclude(prepared: &Prepared, signature_valid: bool, expect: &Expectations) -> Verdict {
    let outcome = if signature_valid { check_claims(&prepared.decoded, prepared.alg, expect) } else { Err(Invalid::Signature) };
    Verdict { outcome, header: Some(prepared.decoded.header.clone()), claims: Some(prepared.decoded.claims.clone()) }
}

/// Validates `token` against `jwks` and `expect`, verifying the signature with RustCrypto.
pub fn validate(token: &str, jwks: &Jwks, expect: &Expectations) -> Verdict {
    match prepare(token, jwks) {
        Ok(prepared) => conclude(&prepared, prepared.verify(), expect),
        Err(reason) => {
            let decoded = jws::decode(token).ok();
            Verdict { outcome: Err(reason), header: decoded.as_ref().map(|d| d.header.clone()), claims: decoded.map(|d| d.claims) }
        }
    }
}
