//! Findings about the authorization request: PKCE, PAR, offline access, the redirect_uri, and
//! the audience of the PAR request's client assertion.
use super::{Document, Finding, Fix, Problem, Severity, Source};
use crate::assertion::AudienceTarget;
use crate::authorize::{AuthorizeMode, PkceMethod};
use crate::discovery::ServerMetadata;
use crate::request::{ClientAuth, Grant};
use crate::setup::Effective;

/// The findings for an authorization-code setup (none for other grants). `chosen` is the mode
/// the user picked (the effective one may be PAR because the server requires it); `metadata`
/// is what discovery found, if anything, and `url` where.
pub fn authorize_findings(effective: &Effective, chosen: AuthorizeMode, metadata: Option<(&ServerMetadata, &str)>) -> Vec<Finding> {
    let mut findings = Vec::new();
    if effective.request.grant != Grant::AuthorizationCode {
        return findings;
    }
    let settings = &effective.authorize;
    let document = |rule: &'static str, severity: Severity, problem: Problem, source: Document, fix: Option<Fix>| Finding {
        rule,
        severity,
        problem,
        source: Source::Document(source),
        url: source.url().to_owned(),
        fix,
    };
    if let Some((metadata, url)) = metadata {
        let server = |rule: &'static str, severity: Severity, problem: Problem, fix: Option<Fix>| Finding {
            rule,
            severity,
            problem,
            source: Source::ServerMetadata,
            url: url.to_owned(),
            fix,
        };
        let methods = &metadata.code_challenge_methods_supported;
        if !methods.is_empty() && !methods.iter().any(|m| m == settings.pkce.id()) {
            let fix = PkceMethod::ALL.into_iter().find(|p| methods.iter().any(|m| m == p.id())).map(Fix::Pkce);
            findings.push(server("server-pkce", Severity::Error, Problem::ServerPkce { current: settings.pkce, supported: methods.clone() }, fix));
        }
        if metadata.require_pushed_authorization_requests && !chosen.uses_par() {
            let fix = Some(Fix::AuthorizeMode(chosen.with_par()));
            findings.push(server("server-par", Severity::Warning, Problem::ServerRequiresPar { chosen }, fix));
        }
    }
    if settings.pkce != PkceMethod::S256 && !findings.iter().any(|f| f.rule == "server-pkce") {
        let problem = Problem::PkceWeak { current: settings.pkce };
        findings.push(document("pkce", Severity::Warning, problem, Document::Rfc9700, Some(Fix::Pkce(PkceMethod::S256))));
    }
    let param = |name: &str| settings.params.get(name).map(String::as_str).unwrap_or_default();
    let scope = settings.params.get("scope").map(String::as_str).unwrap_or("openid");
    if scope.split_whitespace().any(|s| s == "offline_access") && !param("prompt").split_whitespace().any(|p| p == "consent") {
        let fix = Some(Fix::AuthzParam { name: "prompt", value: "consent" });
        findings.push(document("offline-access", Severity::Warning, Problem::OfflineAccessWithoutConsent, Document::OidcCore, fix));
    }
    let redirect_uri = settings.redirect_uri.trim();
    if is_remote_http(redirect_uri) {
        let problem = Problem::RedirectUriHttp { redirect_uri: crate::text::shorten(redirect_uri) };
        findings.push(document("redirect-uri-http", Severity::Warning, problem, Document::Rfc9700, None));
    }
    if let Some(problem) = par_audience(effective) {
        findings.push(document("par-aud", Severity::Warning, problem, Document::Rfc9126, None));
    }
    findings
}

/// `http://` to a host that is not a loopback name or address (RFC 8252 §7.3, RFC 9700 §2.6).
fn is_remote_http(uri: &str) -> bool {
    let Some(rest) = uri.get(..7).filter(|s| s.eq_ignore_ascii_case("http://")).map(|_| &uri[7..]) else {
        return false;
    };
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => authority.split(':').next().unwrap_or_default(),
    };
    !(host.eq_ignore_ascii_case("localhost") || host.starts_with("127.") || host == "::1")
}

/// With PAR and private_key_jwt, an `aud` that is none of issuer, token endpoint and PAR
/// endpoint (RFC 9126 §2: what the server must accept).
fn par_audience(effective: &Effective) -> Option<Problem> {
    let settings = &effective.authorize;
    let request = &effective.request;
    if !settings.mode.uses_par() || request.client_auth != ClientAuth::PrivateKeyJwt {
        return None;
    }
    // Following the called endpoint, the PAR request's assertion is signed for the PAR endpoint.
    if effective.aud_mode == Some(AudienceTarget::CalledEndpoint) {
        return None;
    }
    let audience = effective.assertion.audience.trim();
    let (issuer, token, par) = (settings.issuer.trim(), effective.token_endpoint.trim(), settings.par_endpoint.trim());
    if audience.is_empty() || par.is_empty() || audience.contains('{') {
        return None;
    }
    let accepted = [issuer, token, par];
    if audience.split_whitespace().any(|aud| accepted.contains(&aud)) {
        return None;
    }
    Some(Problem::ParAudience { audience: crate::text::shorten(audience), issuer: issuer.to_owned(), par_endpoint: par.to_owned() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::setup::Setup;

    fn rules(setup: &Setup, metadata: Option<&ServerMetadata>) -> Vec<&'static str> {
        let effective = setup.effective(None);
        authorize_findings(&effective, setup.authorize_mode, metadata.map(|m| (m, "https://as.example/.well-known/openid-configuration")))
            .iter()
            .map(|f| f.rule)
            .collect()
    }

    fn code_setup() -> Setup {
        Setup {
            grant: Grant::AuthorizationCode,
            client_id: "client-1".into(),
            issuer: "https://as.example".into(),
            token_endpoint: "https://as.example/token".into(),
            par_endpoint: "https://as.example/par".into(),
            redirect_uri: "https://app.example/callback".into(),
            audience: "https://as.example".into(),
            ..Setup::default()
        }
    }

    #[test]
    fn a_plain_code_setup_has_no_findings_and_other_grants_none_at_all() {
        assert_eq!(rules(&code_setup(), None), Vec::<&str>::new());
        let weak = Setup { grant: Grant::ClientCredentials, pkce_method: PkceMethod::None, ..code_setup() };
        assert_eq!(rules(&weak, None), Vec::<&str>::new());
    }

    #[test]
    fn each_rule_fires_and_its_fix_makes_it_pass() {
        let mut metadata = ServerMetadata { code_challenge_methods_supported: vec!["S256".into()], ..ServerMetadata::default() };
        let plain = Setup { pkce_method: PkceMethod::Plain, ..code_setup() };
        assert_eq!(rules(&plain, Some(&metadata)), ["server-pkce"]);
        assert_eq!(rules(&plain, None), ["pkce"]);
        metadata.require_pushed_authorization_requests = true;
        assert_eq!(rules(&code_setup(), Some(&metadata)), ["server-par"]);
        let mut consent = code_setup();
        consent.authz_params.insert("scope".into(), "openid offline_access".into());
        assert_eq!(rules(&consent, None), ["offline-access"]);
        let http = Setup { redirect_uri: "http://app.example/cb".into(), ..code_setup() };
        assert_eq!(rules(&http, None), ["redirect-uri-http"]);
        for loopback in ["http://127.0.0.1:8080/callback.html", "http://localhost/cb", "http://[::1]:3000/cb", "https://app.example/cb"] {
            assert_eq!(rules(&Setup { redirect_uri: loopback.into(), ..code_setup() }, None), Vec::<&str>::new(), "{loopback}");
        }
        let par_aud = Setup { authorize_mode: AuthorizeMode::Par, audience: "https://as.example/other".into(), ..code_setup() };
        assert_eq!(rules(&par_aud, None), ["par-aud"]);
        for accepted in ["https://as.example", "https://as.example/token", "https://as.example/par"] {
            assert_eq!(rules(&Setup { audience: accepted.into(), ..par_aud.clone() }, None), Vec::<&str>::new(), "{accepted}");
        }
        let follows = Setup { aud_mode: Some(AudienceTarget::CalledEndpoint), ..par_aud.clone() };
        assert_eq!(rules(&follows, None), Vec::<&str>::new());

        for (mut setup, metadata) in [(plain, Some(&metadata)), (code_setup(), Some(&metadata)), (consent, None)] {
            let effective = setup.effective(None);
            let found = authorize_findings(&effective, setup.authorize_mode, metadata.map(|m| (m, "u")));
            for finding in &found {
                assert!(finding.fix.is_some(), "{} has no fix", finding.rule);
                if let Some(fix) = &finding.fix {
                    crate::lint::apply_fix(fix, &mut setup);
                }
            }
            let left: Vec<_> = authorize_findings(&setup.effective(None), setup.authorize_mode, metadata.map(|m| (m, "u")))
                .into_iter()
                .filter(|f| f.fix.is_some())
                .map(|f| f.rule)
                .collect();
            assert!(left.is_empty(), "still {left:?}");
        }
    }
}
