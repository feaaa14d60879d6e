//! The proof's own lint: what a server checking RFC 9449 §4.3 would refuse, and what leaks.
use super::{DpopError, ProofTarget, PROOF_TYP};
use crate::jwa::Alg;
use serde_json::Value;
use std::fmt;

/// How far `iat` may be from the caller's clock before a server is likely to refuse the proof
/// (RFC 9449 §11.1 leaves the window to the server; a minute is what servers commonly allow).
pub const IAT_WINDOW_SECONDS: i64 = 60;

/// Claims every proof carries (RFC 9449 §4.2).
const REQUIRED_CLAIMS: [&str; 4] = ["jti", "htm", "htu", "iat"];

/// One thing wrong with a proof.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "variants", derive(strum::EnumDiscriminants), strum_discriminants(derive(strum::EnumIter)))]
pub enum ProofFinding {
    /// `htu` has a query or a fragment.
    HtuHasQueryOrFragment,
    /// `htu` is not the request's URI (without query and fragment).
    HtuMismatch { proof: String, request: String },
    /// `htm` is not the request's method.
    HtmMismatch { proof: String, request: String },
    /// `iat` is this many seconds from now (positive: in the future).
    IatSkew { seconds: i64 },
    /// The request presents an access token with `Authorization: DPoP`, the proof has no `ath`.
    MissingAth,
    /// `ath` is not the hash of the access token the request presents.
    AthMismatch,
    /// The header's `jwk` has these private or symmetric members.
    PrivateMembersInJwk { members: Vec<String> },
    /// The header has no `jwk` object.
    MissingJwk,
    /// `typ` is not `dpop+jwt` (`found` empty when there is none).
    WrongTyp { found: String },
    /// `alg` is `none` or an HMAC (RFC 9449 §4.3 forbids symmetric algorithms).
    SymmetricAlg { alg: String },
    /// A claim every proof carries is missing.
    MissingClaim { name: &'static str },
}

impl fmt::Display for ProofFinding {
    // Not inlined into every `&T` and field formatter: one body per type keeps the page small.
    #[inline(never)]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProofFinding::HtuHasQueryOrFragment => f.write_str("\"htu\" has a query or fragment; RFC 9449 §4.2 wants the URI without them."),
            ProofFinding::HtuMismatch { proof, request } => write!(f, "\"htu\" is {proof}, but the request goes to {request}."),
            ProofFinding::HtmMismatch { proof, request } => write!(f, "\"htm\" is {proof}, but the request is a {request}."),
            ProofFinding::IatSkew { seconds } if *seconds > 0 => {
                write!(f, "\"iat\" is {seconds} s in the future; servers allow about {IAT_WINDOW_SECONDS} s.")
            }
            ProofFinding::IatSkew { seconds } => {
                write!(f, "\"iat\" is {} s in the past; servers allow about {IAT_WINDOW_SECONDS} s.", seconds.unsigned_abs())
            }
            ProofFinding::MissingAth => f.write_str("The request presents an access token, but the proof has no \"ath\" (RFC 9449 §4.2)."),
            ProofFinding::AthMismatch => f.write_str("\"ath\" is not the SHA-256 of the access token the request presents."),
            ProofFinding::PrivateMembersInJwk { members } => {
                write!(f, "The header's \"jwk\" carries private key members ({}): it must hold the public key only.", members.join(", "))
            }
            ProofFinding::MissingJwk => f.write_str("The header has no \"jwk\" with the public key."),
            ProofFinding::WrongTyp { found } if found.is_empty() => write!(f, "The header has no \"typ\"; a proof has \"{PROOF_TYP}\"."),
            ProofFinding::WrongTyp { found } => write!(f, "\"typ\" is {found:?}; a proof has \"{PROOF_TYP}\"."),
            ProofFinding::SymmetricAlg { alg } => write!(f, "\"alg\" is {alg:?}; a proof must use an asymmetric algorithm (RFC 9449 §4.3)."),
            ProofFinding::MissingClaim { name } => write!(f, "The proof has no \"{name}\" claim (RFC 9449 §4.2)."),
        }
    }
}

/// What is wrong with `proof` for `target` at the time `now` (Unix seconds). The proof is
/// decoded, not verified: its signature is the signer's.
pub fn proof_findings(proof: &str, target: &ProofTarget, now: i64) -> Result<Vec<ProofFinding>, DpopError> {
    let decoded = crate::jws::decode(proof).map_err(DpopError::Decode)?;
    let Value::Object(claims) = &decoded.claims else { return Err(DpopError::ClaimsNotObject) };
    let header = &decoded.header;
    let text = |value: Option<&Value>| value.and_then(Value::as_str).map(str::to_owned);
    let mut findings = Vec::new();

    let typ = text(header.get("typ")).unwrap_or_default();
    if typ != PROOF_TYP {
        findings.push(ProofFinding::WrongTyp { found: crate::text::shorten(&typ) });
    }
    let alg = text(header.get("alg")).unwrap_or_default();
    if Alg::from_name(&alg).is_none() && (alg == "none" || alg.starts_with("HS")) {
        findings.push(ProofFinding::SymmetricAlg { alg: crate::text::shorten(&alg) });
    }
    match header.get("jwk") {
        Some(Value::Object(jwk)) => {
            let members: Vec<String> = crate::jwk::PRIVATE_MEMBERS.iter().filter(|m| jwk.contains_key(**m)).map(|m| (*m).to_owned()).collect();
            if !members.is_empty() {
                findings.push(ProofFinding::PrivateMembersInJwk { members });
            }
        }
        _ => findings.push(ProofFinding::MissingJwk),
    }
    for name in REQUIRED_CLAIMS {
        if !claims.contains_key(name) {
            findings.push(ProofFinding::MissingClaim { name });
        }
    }
    if let Some(htu) = text(claims.get("htu")) {
        if htu.contains(['?', '#']) {
            findings.push(ProofFinding::HtuHasQueryOrFragment);
        } else if htu != target.htu {
            findings.push(ProofFinding::HtuMismatch { proof: crate::text::printable(&htu), request: crate::text::printable(&target.htu) });
        }
    }
    if let Some(htm) = text(claims.get("htm")).filter(|htm| *htm != target.htm) {
        findings.push(ProofFinding::HtmMismatch { proof: crate::text::printable(&htm), request: target.htm.clone() });
    }
    if let Some(iat) = claims.get("iat").and_then(Value::as_i64) {
        let seconds = iat.saturating_sub(now);
        // unsigned_abs: `abs` of a difference that saturated at i64::MIN would overflow.
        if seconds.unsigned_abs() > IAT_WINDOW_SECONDS.unsigned_abs() {
            findings.push(ProofFinding::IatSkew { seconds });
        }
    }
    match (&target.ath, text(claims.get("ath"))) {
        (Some(_), None) => findings.push(ProofFinding::MissingAth),
        (Some(expected), Some(got)) if *expected != got => findings.push(ProofFinding::AthMismatch),
        _ => {}
    }
    Ok(findings)
}
