//! The proof JWT (RFC 9449 §4.2): header and claims from the target and a stamp, signed by
//! the caller, then attached to the request.
use super::{DpopError, ProofTarget};
use crate::assertion::Stamp;
use crate::jwa::Alg;
use crate::jws;
use crate::material::PublicKey;
use crate::request::TokenRequest;
use serde_json::Map;

/// The proof's `typ` header (RFC 9449 §4.2).
pub const PROOF_TYP: &str = "dpop+jwt";

/// The request header that carries the proof (RFC 9449 §4.1).
pub const DPOP_HEADER: &str = "DPoP";

/// Header and claims of a proof, ready to sign.
pub type UnsignedProof = jws::UnsignedJws;

/// The proof for `target`, by the key `public` with `alg`: header `typ`, `alg` and the public
/// `jwk` only; claims `jti` (from the stamp's random bits, as a UUID), `htm`, `htu`, `iat`,
/// then `nonce` and `ath` when there are any.
pub fn unsigned_proof(alg: Alg, public: &PublicKey, target: &ProofTarget, nonce: Option<&str>, stamp: Stamp) -> Result<UnsignedProof, DpopError> {
    if !public.supports(alg) {
        return Err(DpopError::AlgNotForKey { alg, key: public.description() });
    }
    let nonce = nonce.map(super::nonce::checked_nonce).transpose()?;
    let mut header = Map::new();
    header.insert("typ".into(), PROOF_TYP.into());
    header.insert("alg".into(), alg.name().into());
    header.insert("jwk".into(), crate::jwk::public_key_members(public));
    let mut claims = Map::new();
    let jti = uuid::Builder::from_random_bytes(stamp.jti_bytes).into_uuid().hyphenated().to_string();
    claims.insert("jti".into(), jti.into());
    claims.insert("htm".into(), target.htm.clone().into());
    claims.insert("htu".into(), target.htu.clone().into());
    claims.insert("iat".into(), stamp.now.into());
    if let Some(nonce) = nonce {
        claims.insert("nonce".into(), nonce.into());
    }
    if let Some(ath) = &target.ath {
        claims.insert("ath".into(), ath.clone().into());
    }
    Ok(UnsignedProof { alg, header, claims })
}

/// Puts `proof` in the request's `DPoP` header, replacing any earlier proof (each is
/// single-use: a retry or a copy carries a new one).
pub fn with_proof(request: &mut TokenRequest, proof: &str) {
    request.headers.retain(|(name, _)| !name.eq_ignore_ascii_case(DPOP_HEADER));
    request.headers.push((DPOP_HEADER.to_owned(), proof.trim().to_owned()));
}
