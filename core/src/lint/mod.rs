//! Checking an assertion and request against a provider's rules. Findings are data, not
//! errors: each names the rule, says what is wrong in words, cites where the rule comes from
//! and, where one exists, carries the one change that fixes it.
mod authorize;
mod dpop;
mod fix;
mod metadata;
mod rules;

pub use authorize::authorize_findings;
pub use dpop::dpop_findings;
pub use fix::{apply_fix, KeyAction};
pub use metadata::metadata_findings;
pub use rules::check;

use crate::assertion::AssertionSettings;
use crate::authorize::{AuthorizeMode, AuthorizeSettings, PkceMethod};
use crate::dpop::{DpopAlg, DpopChoice, DpopKeySource};
use crate::jwa::Alg;
use crate::key::{Key, KeyKind};
use crate::assertion::AudienceTarget;
use crate::request::{ClientAuth, Grant, RequestSettings};
use crate::setup::Effective;

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
    /// The authorization-code flow pushes its request (PAR, RFC 9126).
    Par,
    /// The authorization-code flow uses PKCE with S256.
    PkceS256,
    /// Client authentication is one of these.
    ClientAuthIn(&'static [ClientAuth]),
    /// Access tokens are sender-constrained: DPoP, or mTLS client authentication (RFC 8705).
    SenderConstrained,
    /// With DPoP on, its proofs use one of these algorithms.
    DpopAlgs(&'static [DpopAlg]),
}

/// A rule, how much it matters, and the document it comes from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RuleRef {
    pub rule: Rule,
    pub severity: Severity,
    pub source: Document,
}

/// The documents rules come from, with their names and addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "variants", derive(strum::EnumIter))]
pub enum Document {
    SmartBackendServices,
    Koppeltaal,
    Acm,
    MijnBurgerprofiel,
    Okta,
    OidcOp,
    Keycloak,
    Auth0,
    Entra,
    GoogleServiceAccounts,
    Salesforce,
    Rfc7523,
    Rfc10070,
    Fapi2,
    /// FAPI 2.0 §5.3.2.1, the authorization server's general requirements (its clock tolerance).
    Fapi2Server,
    /// FAPI 2.0 §5.3.3.1, the client's general requirements.
    Fapi2Client,
    /// FAPI 2.0 §5.3.3.2, the client's authorization code flow.
    Fapi2CodeFlow,
    /// FAPI 2.0 §5.4.1, cryptography.
    Fapi2Crypto,
    /// DPoP.
    Rfc9449,
    /// OAuth 2.0 Security Best Current Practice.
    Rfc9700,
    /// Pushed authorization requests.
    Rfc9126,
    /// OpenID Connect Core 1.0 §11, offline access.
    OidcCore,
}

impl Document {
    /// The document's short name, as the provider or standard calls it.
    pub fn name(self) -> &'static str {
        match self {
            Document::SmartBackendServices => "SMART Backend Services",
            Document::Koppeltaal => "Koppeltaal",
            Document::Acm => "ACM/IDM (Digitaal Vlaanderen)",
            Document::MijnBurgerprofiel => "Mijn Burgerprofiel",
            Document::Okta => "Okta",
            Document::OidcOp => "oidc-op (IdentityPython)",
            Document::Keycloak => "Keycloak",
            Document::Auth0 => "Auth0",
            Document::Entra => "Microsoft Entra ID",
            Document::GoogleServiceAccounts => "Google service accounts",
            Document::Salesforce => "Salesforce",
            Document::Rfc7523 => "RFC 7523 §3",
            Document::Rfc10070 => "RFC 10070",
            Document::Fapi2 => "FAPI 2.0 Security Profile",
            Document::Fapi2Server => "FAPI 2.0 Security Profile §5.3.2.1",
            Document::Fapi2Client => "FAPI 2.0 Security Profile §5.3.3.1",
            Document::Fapi2CodeFlow => "FAPI 2.0 Security Profile §5.3.3.2",
            Document::Fapi2Crypto => "FAPI 2.0 Security Profile §5.4.1",
            Document::Rfc9449 => "RFC 9449",
            Document::Rfc9700 => "RFC 9700 (OAuth 2.0 Security BCP)",
            Document::Rfc9126 => "RFC 9126 §2",
            Document::OidcCore => "OpenID Connect Core 1.0 §11",
        }
    }

    pub const fn url(self) -> &'static str {
        match self {
            Document::SmartBackendServices => "https://hl7.org/fhir/uv/bulkdata/authorization/index.html",
            Document::Koppeltaal => "https://devguide.koppeltaal.nl/technische-howto/connectie-maken-met-koppeltaal/toegang-tot-koppeltaal",
            Document::Acm => "https://authenticatie.vlaanderen.be/docs/beveiligen-van-api/oauth-rest/rest-server2server/aanvraag-access-token/",
            Document::MijnBurgerprofiel => "https://authenticatie.vlaanderen.be/docs/beveiligen-van-api/oauth-rest/rest-namens-gebruiker/rest-token-exchange/",
            Document::Okta => "https://developer.okta.com/docs/guides/build-self-signed-jwt/",
            Document::OidcOp => "https://oidcop.readthedocs.io/",
            Document::Keycloak => "https://www.keycloak.org/docs/latest/server_admin/#_client-credentials",
            Document::Auth0 => "https://auth0.com/docs/get-started/authentication-and-authorization-flow/authenticate-with-private-key-jwt",
            Document::Entra => "https://learn.microsoft.com/entra/identity-platform/certificate-credentials",
            Document::GoogleServiceAccounts => "https://developers.google.com/identity/protocols/oauth2/service-account#httprest",
            Document::Salesforce => "https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_jwt_flow.htm",
            Document::Rfc7523 => "https://www.rfc-editor.org/rfc/rfc7523#section-3",
            Document::Rfc10070 => "https://www.rfc-editor.org/rfc/rfc10070",
            Document::Fapi2 => "https://openid.net/specs/fapi-security-profile-2_0-final.html",
            Document::Fapi2Server => "https://openid.net/specs/fapi-security-profile-2_0-final.html#section-5.3.2.1",
            Document::Fapi2Client => "https://openid.net/specs/fapi-security-profile-2_0-final.html#section-5.3.3.1",
            Document::Fapi2CodeFlow => "https://openid.net/specs/fapi-security-profile-2_0-final.html#section-5.3.3.2",
            Document::Fapi2Crypto => "https://openid.net/specs/fapi-security-profile-2_0-final.html#section-5.4.1",
            Document::Rfc9449 => "https://www.rfc-editor.org/rfc/rfc9449",
            Document::Rfc9700 => "https://www.rfc-editor.org/rfc/rfc9700#section-2.1.1",
            Document::Rfc9126 => "https://www.rfc-editor.org/rfc/rfc9126#section-2",
            Document::OidcCore => "https://openid.net/specs/openid-connect-core-1_0.html#OfflineAccess",
        }
    }
}

/// Where a finding's rule comes from: a document, or what the server itself announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "variants", derive(strum::EnumDiscriminants), strum_discriminants(derive(strum::EnumIter)))]
pub enum Source {
    Document(Document),
    ServerMetadata,
}

impl std::fmt::Display for Source {
    // Not inlined into every `&T` and field formatter: one body per type keeps the page small.
    #[inline(never)]
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Source::Document(document) => document.name(),
            Source::ServerMetadata => "Server metadata",
        })
    }
}

/// A named set of rules that applies on top of a preset (RFC 10070, FAPI 2.0).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RuleSet {
    pub id: &'static str,
    pub name: &'static str,
    pub rules: &'static [RuleRef],
}

/// One change that makes a rule pass.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "variants", derive(strum::EnumDiscriminants), strum_discriminants(derive(strum::EnumIter)))]
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
    Pkce(PkceMethod),
    AuthorizeMode(AuthorizeMode),
    /// Set this authorization parameter to this value.
    AuthzParam { name: &'static str, value: &'static str },
    /// Switch DPoP on.
    EnableDpop,
    /// Sign DPoP proofs with this algorithm.
    DpopAlg(DpopAlg),
    /// Give DPoP a key of its own instead of the client key.
    DpopOwnKey,
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
            Fix::Pkce(method) => format!("Use PKCE {}", method.id()),
            Fix::AuthorizeMode(mode) => format!("Use mode {}", mode.id()),
            Fix::AuthzParam { name, value } => format!("Set {name} to {value}"),
            Fix::EnableDpop => "Turn DPoP on".into(),
            Fix::DpopAlg(alg) => format!("Use {} for DPoP", alg.id()),
            Fix::DpopOwnKey => "Give DPoP its own key".into(),
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

/// What is wrong, with the values a sentence about it needs. `message` is the English
/// sentence; the page words other languages from this.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "variants", derive(strum::EnumDiscriminants), strum_discriminants(derive(strum::EnumIter)))]
pub enum Problem {
    /// `alg` is `current`; the source accepts only `allowed`.
    Alg { current: Alg, allowed: Vec<Alg> },
    /// `exp - iat` is `current` seconds; at most `max` allowed.
    Lifetime { current: i64, max: i64 },
    /// No `kid` header.
    Kid,
    /// The `typ` header is `current` (trimmed; empty when there is none) instead of `wanted`.
    Typ { current: String, wanted: String },
    /// No `x5t#S256` header; `has_certificate` tells whether a certificate must be made first.
    X5tS256 { has_certificate: bool },
    /// `aud` does not contain `expected`, which is the `target`.
    Audience { target: AudienceTarget, expected: String },
    /// `aud` is an array where one string is wanted.
    AudienceString,
    /// The RSA modulus has `bits` bits, outside `min..=max`.
    RsaSize { bits: usize, min: usize, max: usize },
    /// A (non-RSA) key of `bits` bits, fewer than `min`.
    KeySize { bits: usize, min: usize },
    /// No `scope` in the request.
    Scope,
    /// No `scope` claim in the assertion.
    ScopeClaim,
    /// `sub` differs from `iss`.
    SubjectIsClientId,
    /// `sub` is empty or the client id, where the user is wanted.
    SubjectIsUser,
    /// The source uses this grant.
    Grant(Grant),
    /// The source expects this client authentication.
    ClientAuth(ClientAuth),
    /// `client_id` is not also sent as a form field.
    SendClientId,
    /// `iat` is back-dated by `current` seconds; at most `max` tolerated.
    Skew { current: i64, max: i64 },
    /// The server's metadata does not list `current` among `supported` authentication methods.
    ServerAuthMethod { current: ClientAuth, supported: Vec<String> },
    /// The server's metadata does not list `current` among `supported` assertion algorithms.
    ServerAlg { current: Alg, supported: Vec<String> },
    /// The server's metadata lists only these PKCE methods, and `current` is not one.
    ServerPkce { current: PkceMethod, supported: Vec<String> },
    /// The server requires PAR, and the chosen mode does not push.
    ServerRequiresPar { chosen: AuthorizeMode },
    /// PKCE `plain` or none.
    PkceWeak { current: PkceMethod },
    /// `offline_access` in the scope without `prompt=consent`.
    OfflineAccessWithoutConsent,
    /// A redirect_uri over plain http to a host other than this machine.
    RedirectUriHttp { redirect_uri: String },
    /// The client assertion for PAR has an `aud` the PAR endpoint need not accept.
    ParAudience { audience: String, issuer: String, par_endpoint: String },
    /// The authorization request is not pushed (mode `chosen`), and the source requires PAR.
    ParRequired { chosen: AuthorizeMode },
    /// PKCE is `current`; the source requires S256.
    PkceS256Required { current: PkceMethod },
    /// Client authentication is `current`; the source accepts only `allowed`.
    ClientAuthNotIn { current: ClientAuth, allowed: Vec<ClientAuth> },
    /// Neither DPoP nor mTLS: the tokens would be bearer tokens.
    SenderConstraintMissing,
    /// DPoP proofs are signed with `current`; the source accepts only `allowed`.
    DpopAlg { current: Alg, allowed: Vec<Alg> },
    /// DPoP proofs are signed with the client-authentication key.
    DpopClientKey,
    /// The server's metadata does not list `current` among its DPoP algorithms.
    ServerDpopAlg { current: Alg, supported: Vec<String> },
    /// DPoP is on, and the server's metadata announces no DPoP algorithms at all.
    ServerNoDpop,
}

impl Problem {
    /// The English sentence; `source` names where the rule comes from.
    pub fn message(&self, source: &str) -> String {
        match self {
            Problem::Alg { current, allowed } => {
                let names = allowed.iter().map(|a| a.name()).collect::<Vec<_>>().join(", ");
                format!("\"alg\" is {current}; {source} accepts {names}.")
            }
            Problem::Lifetime { current, max } => {
                format!("The lifetime is {current} s; {source} allows at most {max} s between iat and exp.")
            }
            Problem::Kid => format!("{source} requires a \"kid\" header naming the key."),
            Problem::Typ { current, wanted } => {
                let now = if current.is_empty() { "missing".to_owned() } else { format!("{current:?}") };
                format!("The \"typ\" header is {now}; {source} wants \"{wanted}\".")
            }
            Problem::X5tS256 { has_certificate: true } => {
                format!("{source} identifies the key by its certificate: add the \"x5t#S256\" header.")
            }
            Problem::X5tS256 { has_certificate: false } => {
                format!("{source} identifies the key by an uploaded certificate: make one and add the \"x5t#S256\" header.")
            }
            Problem::Audience { target, expected } => {
                format!("\"aud\" must be {} ({expected}) for {source}.", target.describe())
            }
            Problem::AudienceString => format!("{source} wants \"aud\" as one string, not an array."),
            Problem::RsaSize { bits, min, max } => format!("The RSA key has {bits} bits; {source} accepts {min} to {max}."),
            Problem::KeySize { bits, min } => format!("The key has {bits} bits; {source} needs at least {min}."),
            Problem::Scope => format!("{source} requires a scope in the request."),
            Problem::ScopeClaim => format!("{source} expects the scopes as a \"scope\" claim in the JWT."),
            Problem::SubjectIsClientId => {
                format!("\"sub\" must equal \"iss\" (the client_id) for client authentication ({source}).")
            }
            Problem::SubjectIsUser => format!("{source} puts the user (the username) in \"sub\", not the client id."),
            Problem::Grant(grant) => format!("{source} uses the {} grant.", grant.label()),
            Problem::ClientAuth(auth) => format!("{source} expects client authentication {}.", auth.id()),
            Problem::SendClientId => format!("{source} also expects client_id as a form field."),
            Problem::Skew { current, max } => format!("iat is back-dated by {current} s; {source} tolerates {max} s."),
            Problem::ServerAuthMethod { current, supported } => format!(
                "The server does not list {} among its client authentication methods ({}).",
                current.id(),
                supported.join(", ")
            ),
            Problem::ServerAlg { current, supported } => format!(
                "The server does not list {current} among the algorithms it accepts for client assertions ({}).",
                supported.join(", ")
            ),
            Problem::ServerPkce { current, supported } => format!(
                "The server accepts only PKCE {} (code_challenge_methods_supported); the setup uses {}.",
                supported.join(", "),
                current.id()
            ),
            Problem::ServerRequiresPar { chosen } => format!(
                "The server requires pushed authorization requests; mode {} sends none, so pkjwt pushes them (PAR).",
                chosen.id()
            ),
            Problem::PkceWeak { current } => {
                format!("PKCE {} leaves a stolen code usable; {source} recommends S256.", current.id())
            }
            Problem::OfflineAccessWithoutConsent => {
                format!("\"offline_access\" in the scope needs prompt=consent, or the server ignores it ({source}).")
            }
            Problem::RedirectUriHttp { redirect_uri } => {
                format!("The redirect_uri {redirect_uri} uses http to another host than this machine; {source} requires https there.")
            }
            Problem::ParRequired { chosen } => {
                format!("{source} requires pushed authorization requests (PAR); mode {} sends the request through the browser.", chosen.id())
            }
            Problem::PkceS256Required { current } => format!("PKCE is {}; {source} requires S256.", current.id()),
            Problem::ClientAuthNotIn { current, allowed } => {
                let names = allowed.iter().map(|a| a.id()).collect::<Vec<_>>().join(", ");
                format!("Client authentication {} is not allowed by {source}; it accepts {names}.", current.id())
            }
            Problem::SenderConstraintMissing => format!(
                "{source} requires sender-constrained access tokens: turn DPoP on, or authenticate with mTLS (tls_client_auth or self_signed_tls_client_auth)."
            ),
            Problem::DpopAlg { current, allowed } => {
                let names = allowed.iter().map(|a| a.name()).collect::<Vec<_>>().join(", ");
                format!("DPoP proofs are signed with {current}; {source} accepts {names}.")
            }
            Problem::DpopClientKey => format!(
                "DPoP proofs are signed with the client-authentication key: tokens are then bound to the client's registered key, which a DPoP key of its own keeps apart ({source})."
            ),
            Problem::ServerDpopAlg { current, supported } => format!(
                "The server does not list {current} among its DPoP algorithms (dpop_signing_alg_values_supported: {}).",
                supported.join(", ")
            ),
            Problem::ServerNoDpop => "The server's metadata announces no DPoP (no dpop_signing_alg_values_supported): it may ignore the proofs and issue Bearer tokens.".to_owned(),
            Problem::ParAudience { audience, issuer, par_endpoint } => format!(
                "The client assertion's \"aud\" ({audience}) is neither the issuer ({issuer}) nor the PAR endpoint ({par_endpoint}); {source} only obliges servers to accept those and the token endpoint."
            ),
        }
    }
}

/// A broken rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Stable id of the rule kind ("alg", "lifetime", "aud", …).
    pub rule: &'static str,
    pub severity: Severity,
    /// What is wrong, as data (each language words it).
    pub problem: Problem,
    /// Where the rule comes from.
    pub source: Source,
    pub url: String,
    pub fix: Option<Fix>,
}

impl Finding {
    /// The English sentence.
    pub fn message(&self) -> String {
        self.problem.message(&self.source.to_string())
    }
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
    /// The scope the preset suggests, for fixes.
    pub suggested_scope: &'a str,
    /// The key kind the preset recommends, for fixes.
    pub suggested_key: KeyKind,
    /// The authorization request's settings, the mode resolved.
    pub authorize: &'a AuthorizeSettings,
    /// DPoP, when it is on.
    pub dpop: Option<DpopChoice>,
}

impl<'a> LintInput<'a> {
    /// What the rules look at for `effective`, with the preset's suggestions for fixes.
    pub fn new(effective: &'a Effective, key: Option<&'a Key>, suggested_scope: &'a str, suggested_key: KeyKind) -> Self {
        LintInput {
            key,
            assertion: &effective.assertion,
            request: &effective.request,
            issuer: &effective.issuer,
            token_endpoint: &effective.token_endpoint,
            suggested_scope,
            suggested_key,
            authorize: &effective.authorize,
            dpop: effective.dpop,
        }
    }

    /// The algorithm DPoP proofs are signed with, when DPoP is on: the DPoP key's, or the
    /// assertion's when the client key signs them.
    pub fn dpop_alg(&self) -> Option<Alg> {
        self.dpop.map(|dpop| match dpop.key {
            DpopKeySource::Own => dpop.alg.alg(),
            DpopKeySource::Client => self.assertion.alg,
        })
    }
}

/// Checks every rule, in order.
pub fn lint(rules: &[RuleRef], input: &LintInput) -> Vec<Finding> {
    rules.iter().filter_map(|rule| check(rule, input)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The English sentences are part of the interface (the page, tests and translations
    /// match them); this pins their wording.
    #[test]
    fn problems_are_worded_as_before() {
        let source = "SMART Backend Services";
        let cases: Vec<(Problem, &str)> = vec![
            (Problem::Alg { current: Alg::RS256, allowed: vec![Alg::RS384, Alg::ES384] }, "\"alg\" is RS256; SMART Backend Services accepts RS384, ES384."),
            (Problem::Lifetime { current: 600, max: 300 }, "The lifetime is 600 s; SMART Backend Services allows at most 300 s between iat and exp."),
            (Problem::Kid, "SMART Backend Services requires a \"kid\" header naming the key."),
            (Problem::Typ { current: String::new(), wanted: "JWT".into() }, "The \"typ\" header is missing; SMART Backend Services wants \"JWT\"."),
            (Problem::Typ { current: "jwt".into(), wanted: "JWT".into() }, "The \"typ\" header is \"jwt\"; SMART Backend Services wants \"JWT\"."),
            (Problem::X5tS256 { has_certificate: true }, "SMART Backend Services identifies the key by its certificate: add the \"x5t#S256\" header."),
            (Problem::X5tS256 { has_certificate: false }, "SMART Backend Services identifies the key by an uploaded certificate: make one and add the \"x5t#S256\" header."),
            (Problem::Audience { target: AudienceTarget::TokenEndpoint, expected: "https://as/token".into() }, "\"aud\" must be the token endpoint URL (https://as/token) for SMART Backend Services."),
            (Problem::AudienceString, "SMART Backend Services wants \"aud\" as one string, not an array."),
            (Problem::RsaSize { bits: 1024, min: 2048, max: 4096 }, "The RSA key has 1024 bits; SMART Backend Services accepts 2048 to 4096."),
            (Problem::KeySize { bits: 256, min: 384 }, "The key has 256 bits; SMART Backend Services needs at least 384."),
            (Problem::Scope, "SMART Backend Services requires a scope in the request."),
            (Problem::ScopeClaim, "SMART Backend Services expects the scopes as a \"scope\" claim in the JWT."),
            (Problem::SubjectIsClientId, "\"sub\" must equal \"iss\" (the client_id) for client authentication (SMART Backend Services)."),
            (Problem::SubjectIsUser, "SMART Backend Services puts the user (the username) in \"sub\", not the client id."),
            (Problem::Grant(Grant::TokenExchange), "SMART Backend Services uses the Token exchange (RFC 8693) grant."),
            (Problem::ClientAuth(ClientAuth::PrivateKeyJwt), "SMART Backend Services expects client authentication private_key_jwt."),
            (Problem::SendClientId, "SMART Backend Services also expects client_id as a form field."),
            (Problem::Skew { current: 30, max: 10 }, "iat is back-dated by 30 s; SMART Backend Services tolerates 10 s."),
            (
                Problem::ServerAuthMethod { current: ClientAuth::PrivateKeyJwt, supported: vec!["client_secret_basic".into(), "none".into()] },
                "The server does not list private_key_jwt among its client authentication methods (client_secret_basic, none).",
            ),
            (
                Problem::ServerAlg { current: Alg::PS256, supported: vec!["RS256".into(), "ES256".into()] },
                "The server does not list PS256 among the algorithms it accepts for client assertions (RS256, ES256).",
            ),
            (
                Problem::ServerPkce { current: PkceMethod::Plain, supported: vec!["S256".into()] },
                "The server accepts only PKCE S256 (code_challenge_methods_supported); the setup uses plain.",
            ),
            (
                Problem::ServerRequiresPar { chosen: AuthorizeMode::Jar },
                "The server requires pushed authorization requests; mode jar sends none, so pkjwt pushes them (PAR).",
            ),
            (Problem::PkceWeak { current: PkceMethod::None }, "PKCE none leaves a stolen code usable; SMART Backend Services recommends S256."),
            (Problem::OfflineAccessWithoutConsent, "\"offline_access\" in the scope needs prompt=consent, or the server ignores it (SMART Backend Services)."),
            (
                Problem::RedirectUriHttp { redirect_uri: "http://app.example/cb".into() },
                "The redirect_uri http://app.example/cb uses http to another host than this machine; SMART Backend Services requires https there.",
            ),
        ];
        for (problem, english) in cases {
            assert_eq!(problem.message(source), english);
        }
    }
}
