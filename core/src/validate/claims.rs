//! The claim checks, after the signature.
use super::{Expectations, Invalid, TokenKind};
use crate::jwa::{Alg, HashAlg};
use crate::jws::DecodedJws;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256, Sha384, Sha512};

/// OIDC Core §3.1.3.6 `at_hash` / §3.3.2.11 `c_hash`: the left half of the hash of `value`
/// with the hash of `alg`, base64url. EdDSA with Ed25519 hashes with SHA-512 (OpenID's
/// registration of EdDSA for these claims).
pub fn left_half_hash(alg: Alg, value: &str) -> String {
    let digest: Vec<u8> = match alg.spec().hash.unwrap_or(HashAlg::Sha512) {
        HashAlg::Sha256 => Sha256::digest(value.as_bytes()).to_vec(),
        HashAlg::Sha384 => Sha384::digest(value.as_bytes()).to_vec(),
        HashAlg::Sha512 => Sha512::digest(value.as_bytes()).to_vec(),
    };
    crate::b64::url_encode(&digest[..digest.len() / 2])
}

fn string<'a>(claims: &'a Map<String, Value>, claim: &'static str) -> Result<Option<&'a str>, Invalid> {
    match claims.get(claim) {
        None => Ok(None),
        Some(Value::String(text)) => Ok(Some(text)),
        Some(_) => Err(Invalid::ClaimType { claim }),
    }
}

/// A NumericDate: seconds, possibly with a fraction (RFC 7519 §2), read as whole seconds.
fn time(claims: &Map<String, Value>, claim: &'static str) -> Result<Option<i64>, Invalid> {
    match claims.get(claim) {
        None => Ok(None),
        Some(Value::Number(n)) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)).map(Some).ok_or(Invalid::ClaimType { claim }),
        Some(_) => Err(Invalid::ClaimType { claim }),
    }
}

/// Every check after the signature, in the order OIDC Core §3.1.3.7 lists them.
pub fn check_claims(decoded: &DecodedJws, alg: Alg, expect: &Expectations) -> Result<(), Invalid> {
    let Value::Object(claims) = &decoded.claims else {
        return Err(Invalid::ClaimsNotObject);
    };
    let id_token = expect.kind == TokenKind::IdToken;
    let iss = string(claims, "iss")?.ok_or(Invalid::Missing { claim: "iss" })?;
    let issuer = expect.issuer.trim();
    if !issuer.is_empty() && iss != issuer {
        return Err(Invalid::Issuer { expected: issuer.to_owned(), got: crate::text::shorten(iss) });
    }
    if id_token {
        string(claims, "sub")?.ok_or(Invalid::Missing { claim: "sub" })?;
        let client_id = expect.client_id.trim();
        let audiences: Vec<&str> = match claims.get("aud") {
            None => return Err(Invalid::Missing { claim: "aud" }),
            Some(Value::String(one)) => vec![one.as_str()],
            Some(Value::Array(many)) => many.iter().map(|a| a.as_str().ok_or(Invalid::ClaimType { claim: "aud" })).collect::<Result<_, _>>()?,
            Some(_) => return Err(Invalid::ClaimType { claim: "aud" }),
        };
        if !audiences.contains(&client_id) {
            return Err(Invalid::Audience { client_id: client_id.to_owned() });
        }
        let azp = string(claims, "azp")?;
        if audiences.len() > 1 && azp.is_none() {
            return Err(Invalid::Missing { claim: "azp" });
        }
        if let Some(azp) = azp.filter(|azp| *azp != client_id) {
            return Err(Invalid::AuthorizedParty { client_id: client_id.to_owned(), got: crate::text::shorten(azp) });
        }
    }
    let (now, leeway) = (expect.now, expect.leeway.max(0));
    let exp = time(claims, "exp")?.ok_or(Invalid::Missing { claim: "exp" })?;
    if now > exp.saturating_add(leeway) {
        return Err(Invalid::Expired { exp, now, leeway });
    }
    match time(claims, "iat")? {
        Some(iat) if iat > now.saturating_add(leeway) => return Err(Invalid::IssuedInFuture { iat, now, leeway }),
        None if id_token => return Err(Invalid::Missing { claim: "iat" }),
        _ => {}
    }
    if let Some(nbf) = time(claims, "nbf")? {
        if nbf > now.saturating_add(leeway) {
            return Err(Invalid::NotYetValid { nbf, now, leeway });
        }
    }
    if let (true, Some(expected)) = (id_token, expect.nonce) {
        let nonce = string(claims, "nonce")?.ok_or(Invalid::Missing { claim: "nonce" })?;
        if nonce != expected {
            return Err(Invalid::Nonce);
        }
    }
    for (claim, value, wrong) in [("at_hash", expect.access_token, Invalid::AtHash), ("c_hash", expect.code, Invalid::CHash)] {
        if let (Some(hash), Some(value)) = (string(claims, claim)?, value) {
            if hash != left_half_hash(alg, value.trim()) {
                return Err(wrong);
            }
        }
    }
    Ok(())
}
