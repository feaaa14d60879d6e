//! Whether the token an answer carries is bound to the client's key: `token_type` (RFC 9449
//! §5) and the `cnf` confirmation (RFC 9449 §6 `jkt`, RFC 8705 §3.1 `x5t#S256`) of a JWT
//! access token or an introspection answer (RFC 9449 §6.2, RFC 8705 §3.2).
use crate::b64;
use crate::request::TokenScheme;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use std::fmt;

/// RFC 8705 §3.1 `x5t#S256`: base64url of the SHA-256 of the certificate's DER.
pub fn x5t_s256(cert_der: &[u8]) -> String {
    b64::url_encode(&Sha256::digest(cert_der))
}

/// One thing the answer says about the token's binding.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "variants", derive(strum::EnumDiscriminants), strum_discriminants(derive(strum::EnumIter)))]
pub enum BindingFinding {
    /// `token_type` is `got` where the scheme asked for was expected.
    TokenTypeMismatch { asked: TokenScheme, got: String },
    /// `cnf.jkt` is another key's thumbprint (`got` empty: there is no `cnf.jkt`).
    JktMismatch { expected: String, got: String },
    /// `cnf.jkt` is the DPoP key's thumbprint: the token is bound to it.
    JktMatches,
    /// `cnf.x5t#S256` is another certificate's (`got` empty: there is none).
    X5tMismatch { expected: String, got: String },
    /// `cnf.x5t#S256` is the certificate's: the token is bound to it.
    X5tMatches,
    /// The token's claims are not visible (an opaque token without introspection): its
    /// binding cannot be checked here.
    Unseen,
}

impl BindingFinding {
    /// Whether this is good news (the page says "bound").
    pub fn is_match(&self) -> bool {
        matches!(self, BindingFinding::JktMatches | BindingFinding::X5tMatches)
    }
}

impl fmt::Display for BindingFinding {
    // Not inlined into every `&T` and field formatter: one body per type keeps the page small.
    #[inline(never)]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BindingFinding::TokenTypeMismatch { asked, got } => write!(f, "\"token_type\" is {got:?}; pkjwt asked for a {} token.", asked.word()),
            BindingFinding::JktMismatch { expected, got } if got.is_empty() => {
                write!(f, "The token has no \"cnf.jkt\": it is not bound to the DPoP key ({expected}).")
            }
            BindingFinding::JktMismatch { expected, got } => {
                write!(f, "\"cnf.jkt\" is {got}, not the DPoP key's thumbprint {expected}: the token is bound to another key.")
            }
            BindingFinding::JktMatches => f.write_str("\"cnf.jkt\" is the DPoP key's thumbprint: the token is bound to it."),
            BindingFinding::X5tMismatch { expected, got } if got.is_empty() => {
                write!(f, "The token has no \"cnf.x5t#S256\": it is not bound to the certificate ({expected}).")
            }
            BindingFinding::X5tMismatch { expected, got } => {
                write!(f, "\"cnf.x5t#S256\" is {got}, not the certificate's {expected}: the token is bound to another certificate.")
            }
            BindingFinding::X5tMatches => f.write_str("\"cnf.x5t#S256\" is the certificate's hash: the token is bound to it."),
            BindingFinding::Unseen => f.write_str("The access token is opaque: its binding shows only in an introspection answer."),
        }
    }
}

/// The binding of the token in `answer` (a token answer, or an introspection answer with
/// `active`): `token_type` against what was asked (`asked_dpop`), and the `cnf` of the JWT
/// access token's `access_token_claims` (or of the introspection answer) against the DPoP
/// key's thumbprint `dpop_jkt` and the certificate's `cert_x5t_s256`, where given.
pub fn binding_findings(
    asked_dpop: bool,
    answer: &Value,
    access_token_claims: Option<&Map<String, Value>>,
    dpop_jkt: Option<&str>,
    cert_x5t_s256: Option<&str>,
) -> Vec<BindingFinding> {
    let mut findings = Vec::new();
    let asked = if asked_dpop { TokenScheme::Dpop } else { TokenScheme::Bearer };
    if let Some(got) = answer.get("token_type").and_then(Value::as_str) {
        if !got.eq_ignore_ascii_case(asked.word()) {
            findings.push(BindingFinding::TokenTypeMismatch { asked, got: crate::text::printable(got) });
        }
    }
    let introspection = answer.get("active").is_some();
    // An inactive token (RFC 7662 §2.2) has no binding to speak of.
    if answer.get("active") == Some(&Value::Bool(false)) {
        return findings;
    }
    let cnf = match (access_token_claims, introspection) {
        (Some(claims), _) => Some(claims.get("cnf")),
        (None, true) => Some(answer.get("cnf")),
        (None, false) => None,
    };
    let Some(cnf) = cnf else {
        if dpop_jkt.is_some() || cert_x5t_s256.is_some() {
            findings.push(BindingFinding::Unseen);
        }
        return findings;
    };
    let member = |name: &str| cnf.and_then(|c| c.get(name)).and_then(Value::as_str).map(crate::text::printable).unwrap_or_default();
    if let Some(expected) = dpop_jkt {
        let got = member("jkt");
        findings.push(if got == expected {
            BindingFinding::JktMatches
        } else {
            BindingFinding::JktMismatch { expected: expected.to_owned(), got }
        });
    }
    if let Some(expected) = cert_x5t_s256 {
        let got = member("x5t#S256");
        findings.push(if got == expected {
            BindingFinding::X5tMatches
        } else {
            BindingFinding::X5tMismatch { expected: expected.to_owned(), got }
        });
    }
    findings
}
