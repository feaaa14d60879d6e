//! Checking an assertion and request against a provider's rules. Findings are data, not
//! errors: each names the rule, says what is wrong in words, cites where the rule comes from
//! and, where one exists, carries the one change that fixes it.
mod fix;
mod rules;

pub use fix::{apply_fix, KeyAction};
pub use rules::check;

use crate::assertion::AssertionSettings;
use crate::jwa::Alg;
use crate::key::{Key, KeyKind};
use crate::profile::AudienceTarget;
use crate::request::{ClientAuth, Grant, RequestSettings};

/// One requirement.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Rule {
    /// `alg` must be one of these.
    Algs(&'static [Alg]),
    /// `exp - iat` at most this many seconds.
    MaxLifetime(i64),
    /// A `kid` header.
    Kid,
    /// A `typ` header with exactly this value.
    Typ(&'static str),
    /// An `x5t#S256` header (so a certificate).
    X5tS256,
    /// `aud` identifies this, as one string unless `array_ok`.
    Audience { target: AudienceTarget, array_ok: bool },
    /// RSA modulus size, in bits.
    RsaBits { min: usize, max: usize },
    /// EC keys of at least this many bits.
    EcMinBits(usize),
    /// The request carries a non-empty `scope`.
    Scope,
    /// The assertion carries a `scope` claim (Google service accounts).
    ScopeClaim,
    /// `sub` equals `iss` (client authentication).
    SubjectIsClientId,
    /// A `sub` claim distinct from `iss` (the user, for the Salesforce JWT-bearer grant).
    SubjectIsUser,
    Grant(Grant),
    ClientAuth(ClientAuth),
    /// `client_id` also sent as a form field.
    SendClientId,
    /// `iat` back-dated by at most this many seconds (FAPI 2.0: 10 s tolerance).
    MaxSkew(i64),
}

/// A rule, how much it matters, and the document it comes from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RuleRef {
    pub rule: Rule,
    pub severity: Severity,
    /// Short name of the source, e.g. "SMART Backend Services".
    pub source: &'static str,
    pub url: &'static str,
}

/// A named set of rules that applies on top of a profile (RFC 10070, FAPI 2.0).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RuleSet {
    pub id: &'static str,
    pub name: &'static str,
    pub rules: &'static [RuleRef],
}

/// One change that makes a rule pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fix {
    Alg(Alg),
    /// Generate a key of this kind (the current one cannot satisfy the rule).
    GenerateKey(KeyKind),
    Lifetime(i64),
    IncludeKid,
    Typ(String),
    /// Make a certificate if there is none, and send `x5t#S256`.
    X5tS256,
    /// Set `aud` to this single value.
    Audience(String),
    Scope(String),
    ScopeClaim(String),
    SubjectFollowsClientId,
    Grant(Grant),
    ClientAuth(ClientAuth),
    SendClientId,
    Skew(i64),
}

impl Fix {
    /// A short label for the fix button.
    pub fn label(&self) -> String {
        match self {
            Fix::Alg(alg) => format!("Use {alg}"),
            Fix::GenerateKey(kind) => format!("Generate a {} key", kind.id()),
            Fix::Lifetime(seconds) => format!("Set lifetime to {seconds} s"),
            Fix::IncludeKid => "Add kid".into(),
            Fix::Typ(typ) => format!("Set typ to {typ}"),
            Fix::X5tS256 => "Add x5t#S256 (makes a certificate if needed)".into(),
            Fix::Audience(aud) => format!("Set aud to {aud}"),
            Fix::Scope(scope) => format!("Set scope to {scope}"),
            Fix::ScopeClaim(scope) => format!("Add the scope claim \"{scope}\""),
            Fix::SubjectFollowsClientId => "Make sub follow client_id".into(),
            Fix::Grant(grant) => format!("Use {}", grant.label()),
            Fix::ClientAuth(auth) => format!("Use {}", auth.id()),
            Fix::SendClientId => "Send client_id too".into(),
            Fix::Skew(seconds) => format!("Back-date by {seconds} s"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The provider refuses the request.
    Error,
    /// Works, but against the provider's advice.
    Warning,
}

/// A broken rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Stable id of the rule kind ("alg", "lifetime", "aud", …).
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    /// Where the rule comes from ("SMART Backend Services", "Server metadata").
    pub source: String,
    pub url: String,
    pub fix: Option<Fix>,
}

/// What the rules look at: the effective settings (with `alg` resolved), the key, and the
/// endpoints the audience can point at.
#[derive(Debug, Clone, Copy)]
pub struct LintInput<'a> {
    pub key: Option<&'a Key>,
    pub assertion: &'a AssertionSettings,
    pub request: &'a RequestSettings,
    /// Issuer identifier, if known.
    pub issuer: &'a str,
    /// Token endpoint, if known.
    pub token_endpoint: &'a str,
    /// The scope the profile suggests, for fixes.
    pub suggested_scope: &'a str,
    /// The key kind the profile recommends, for fixes.
    pub suggested_key: KeyKind,
}

/// Checks every rule, in order.
pub fn lint(rules: &[RuleRef], input: &LintInput) -> Vec<Finding> {
    rules.iter().filter_map(|rule| check(rule, input)).collect()
}
