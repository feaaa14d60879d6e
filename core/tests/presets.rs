//! Every preset satisfies its own rules; breaking any rule is reported, and the fix offered
//! clears it. Requests and assertions built from each preset are valid.
use pkjwt_core::assertion::{build, Stamp};
use pkjwt_core::jwa::Alg;
use pkjwt_core::crypto;
use pkjwt_core::key::{Key, KeyKind, PrivateKey};
use pkjwt_core::lint::{apply_fix, check, lint, Finding, KeyAction, LintInput, Rule, RuleRef, Severity};
use pkjwt_core::preset::{rule_sets, Preset, PRESETS};
use pkjwt_core::setup::{fill_placeholder, placeholders};
use pkjwt_core::assertion::AudienceTarget;
use pkjwt_core::request::{build_request, ClientAuth, Grant};
use pkjwt_core::setup::{Effective, Setup};
use pkjwt_core::key::certificate::self_signed;
use pkjwt_core::x509::CertificateRequest;

const NOW: i64 = 1_790_000_000;

/// Values for every placeholder the presets use.
fn fill(text: &str) -> String {
    placeholders(text).iter().fold(text.to_owned(), |text, name| {
        let value = match name.as_str() {
            "domain" => "dev-123.okta.com",
            "host" => "idp.example.org",
            "realm" => "demo",
            "tenant" => "contoso",
            "fhir-server" => "fhir.example.org",
            "username" => "alice@example.com",
            "mbp-client-id" => "mbp-client",
            "api-identifier" => "https://api.example.com",
            other => panic!("no test value for placeholder {other}"),
        };
        fill_placeholder(&text, name, value)
    })
}

/// A preset chosen on a fresh page for client "client-123", its placeholders filled, with a
/// key of the kind it recommends.
struct Case {
    key: Key,
    setup: Setup,
}

impl Case {
    fn effective(&self) -> Effective {
        self.setup.effective(Some(&self.key))
    }
}

/// One key per kind for the whole file: RSA-4096 generation would otherwise dominate.
fn key_for(kind: KeyKind) -> Key {
    static KEYS: std::sync::OnceLock<std::sync::Mutex<std::collections::HashMap<&'static str, Key>>> = std::sync::OnceLock::new();
    let keys = KEYS.get_or_init(Default::default);
    let mut keys = keys.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    keys.entry(kind.id())
        .or_insert_with(|| Key::from_private(crypto::generate(kind).unwrap_or_else(|e| panic!("{e}"))))
        .clone()
}

fn make_certificate(key: &mut Key) {
    let request = CertificateRequest { common_name: "pkjwt test".into(), not_before: NOW as u64, validity_days: 30 };
    let certificate = self_signed(key, &request, [9; 16]).unwrap_or_else(|e| panic!("{e}"));
    key.set_certificate(certificate).unwrap_or_else(|e| panic!("{e}"));
}

fn case(profile: &Preset) -> Case {
    let mut key = key_for(profile.key);
    if profile.x5t_s256 || profile.x5t {
        make_certificate(&mut key);
    }
    let start = Setup { client_id: "client-123".into(), ..Setup::default() };
    let mut setup = start.with_preset(profile);
    for name in setup.open_placeholders() {
        setup.fill_placeholder(&name, &fill(&format!("{{{name}}}")));
    }
    Case { key, setup }
}

fn lint_case(rules: &[RuleRef], c: &Case, profile: &Preset) -> Vec<Finding> {
    let effective = c.effective();
    lint(rules, &LintInput::new(&effective, Some(&c.key), profile.scope, profile.key))
}

fn check_case(rule: &RuleRef, c: &Case, profile: &Preset) -> Option<Finding> {
    let effective = c.effective();
    check(rule, &LintInput::new(&effective, Some(&c.key), profile.scope, profile.key))
}

#[test]
fn every_preset_passes_its_own_rules_and_builds_a_valid_request() {
    for profile in PRESETS {
        let c = case(profile);
        let findings = lint_case(profile.rules, &c, profile);
        assert!(findings.is_empty(), "{}: the preset breaks its own rules: {findings:#?}", profile.id);
        if profile.id == "custom" {
            continue; // no endpoint until the user types one
        }
        let effective = c.effective();
        let unsigned = build(&effective.assertion, &c.key, Stamp::fresh(NOW)).unwrap_or_else(|e| panic!("{}: {e}", profile.id));
        let assertion = unsigned.sign_with_rustcrypto(&c.key).unwrap_or_else(|e| panic!("{}: {e}", profile.id));
        let mut request = effective.request.clone();
        if request.grant == Grant::TokenExchange {
            request.params.insert("subject_token".into(), "user-access-token".into());
        }
        if request.grant == Grant::AuthorizationCode {
            // What the callback would have given: a code, for the setup's redirect URI.
            request.params.insert("code".into(), "c0de".into());
            request.redirect_uri = "https://app.example/callback".into();
        }
        let built = build_request(&request, Some(&assertion.token)).unwrap_or_else(|e| panic!("{}: {e}", profile.id));
        assert_eq!(built.url(), effective.request.endpoint);
        if profile.client_auth == ClientAuth::None && profile.grant == Grant::JwtBearer {
            let names: Vec<&str> = built.form.iter().map(|(n, _)| n.as_str()).collect();
            assert_eq!(names, ["grant_type", "assertion"], "{}: a JWT-bearer grant sends exactly these", profile.id);
        }
    }
}

/// Makes `rule` fail, as a user could by editing a field (or choosing another key).
fn break_rule(rule: &Rule, c: &mut Case) {
    let s = &mut c.setup;
    match rule {
        Rule::Algs(allowed) => {
            let alg = Alg::ALL.into_iter().find(|alg| !allowed.contains(alg)).unwrap_or(Alg::RS256);
            if !c.key.public_key().supports(alg) {
                c.key = key_for(KeyKind::for_alg(alg));
            }
            s.alg = Some(alg);
        }
        Rule::MaxLifetime(max) => s.lifetime = (max + 1).to_string(),
        Rule::Kid => s.include_kid = false,
        Rule::Typ(_) => s.typ = String::new(),
        Rule::X5tS256 => s.include_x5t_s256 = false,
        Rule::Audience { .. } => {
            s.aud_mode = None;
            s.audience = "https://wrong.example/token".into();
        }
        Rule::RsaBits { .. } => {
            let small = rsa::RsaPrivateKey::new(&mut rand_core::OsRng, 1024).unwrap_or_else(|e| panic!("{e}"));
            c.key = Key::from_private(PrivateKey::Rsa(Box::new(small)));
            s.alg = Some(Alg::RS256);
        }
        Rule::EcMinBits(_) => {}
        Rule::Scope => s.set_param("scope", String::new()),
        Rule::ScopeClaim => s.extra_claims = String::new(),
        Rule::SubjectIsClientId => s.subject = Some("someone-else".into()),
        Rule::SubjectIsUser => s.subject = None,
        Rule::Grant(_) => s.grant = Grant::RefreshToken,
        Rule::ClientAuth(_) => s.client_auth = ClientAuth::ClientSecretPost,
        Rule::SendClientId => s.send_client_id = false,
        Rule::MaxSkew(max) => s.clock_skew = (max + 5).to_string(),
        Rule::Par => s.authorize_mode = pkjwt_core::authorize::AuthorizeMode::Query,
        Rule::PkceS256 => s.pkce_method = pkjwt_core::authorize::PkceMethod::Plain,
        Rule::ClientAuthIn(_) => s.client_auth = ClientAuth::ClientSecretPost,
        Rule::SenderConstrained => s.dpop_enabled = false,
        Rule::DpopAlgs(_) => {
            s.dpop_enabled = true;
            s.dpop_key = pkjwt_core::dpop::DpopKeySource::Own;
            s.dpop_alg = pkjwt_core::dpop::DpopAlg::RS256;
        }
    }
}

fn check_breaking_and_fixing(profile: &Preset, rules: &[RuleRef], label: &str) {
    for rule in rules {
        if matches!(rule.rule, Rule::EcMinBits(_)) {
            continue; // no supported curve is below any minimum in use
        }
        let mut c = case(profile);
        break_rule(&rule.rule, &mut c);
        let finding = check_case(rule, &c, profile);
        let Some(finding) = finding else {
            panic!("{label}: breaking {:?} was not reported", rule.rule);
        };
        assert!(!finding.message().is_empty() && !finding.source.to_string().is_empty() && finding.url.starts_with("https://"));
        let Some(fix) = finding.fix.clone() else {
            // Only a value the user must know (a username) has no one-click fix.
            assert!(matches!(rule.rule, Rule::SubjectIsUser), "{label}: {:?} offers no fix", rule.rule);
            continue;
        };
        match apply_fix(&fix, &mut c.setup) {
            Some(KeyAction::Generate(kind)) => c.key = key_for(kind),
            Some(KeyAction::MakeCertificate) if c.key.certificate().is_none() => make_certificate(&mut c.key),
            _ => {}
        }
        let after = check_case(rule, &c, profile);
        assert!(after.is_none(), "{label}: fix {fix:?} did not clear {:?}: {after:?}", rule.rule);
    }
}

#[test]
fn breaking_any_rule_is_reported_and_its_fix_clears_it() {
    for profile in PRESETS {
        check_breaking_and_fixing(profile, profile.rules, profile.id);
    }
}

#[test]
fn rfc10070_and_fapi2_rule_sets_report_and_fix() {
    let custom = &PRESETS[0];
    for set in rule_sets() {
        let mut c = case(custom);
        c.setup.issuer = "https://as.example".into();
        c.setup.token_endpoint = "https://as.example/token".into();
        c.setup.endpoint = c.setup.token_endpoint.clone();
        // The custom preset's defaults (aud = token endpoint, typ JWT, RS256) break both sets.
        c.setup.aud_mode = Some(AudienceTarget::TokenEndpoint);
        let findings = lint_case(set.rules, &c, custom);
        assert!(findings.iter().any(|f| f.rule == "aud"), "{}: {findings:#?}", set.id);
        for finding in &findings {
            if let Some(fix) = &finding.fix {
                if let Some(KeyAction::Generate(kind)) = apply_fix(fix, &mut c.setup) {
                    c.key = key_for(kind);
                }
            }
        }
        let remaining = lint_case(set.rules, &c, custom);
        assert!(remaining.is_empty(), "{}: fixes left {remaining:#?}", set.id);
    }
}

#[test]
fn smart_lifetime_3600_is_an_error_with_a_fix_to_300() {
    let smart = Preset::by_id("smart-backend").unwrap_or_else(|| panic!("no SMART preset"));
    let mut c = case(smart);
    c.setup.lifetime = "3600".into();
    let findings = lint_case(smart.rules, &c, smart);
    let lifetime = findings.iter().find(|f| f.rule == "lifetime");
    assert!(lifetime.is_some_and(|f| f.severity == Severity::Error && f.message().contains("3600") && f.message().contains("300")), "{findings:#?}");
    assert_eq!(lifetime.and_then(|f| f.fix.clone()), Some(pkjwt_core::lint::Fix::Lifetime(300)));
}

#[test]
fn audience_targets_resolve_to_the_right_url() {
    let okta = Preset::by_id("okta").unwrap_or_else(|| panic!("no Okta preset"));
    assert_eq!(okta.audience, AudienceTarget::CalledEndpoint);
    let mut c = case(okta);
    assert_eq!(c.effective().assertion.audience, "https://dev-123.okta.com/oauth2/v1/token");
    // Calling introspection with the token endpoint typed as aud: the audience must follow the
    // URL being called.
    c.setup.aud_mode = None;
    c.setup.audience = c.effective().assertion.audience;
    c.setup.grant = Grant::Introspection;
    c.setup.endpoint = fill(okta.introspection_endpoint);
    let findings = lint_case(okta.rules, &c, okta);
    assert!(findings.iter().any(|f| f.rule == "aud" && f.message().contains("/introspect")), "{findings:#?}");
    // Following the called endpoint, it does.
    c.setup.aud_mode = Some(AudienceTarget::CalledEndpoint);
    assert_eq!(c.effective().assertion.audience, "https://dev-123.okta.com/oauth2/v1/introspect");
}

#[test]
fn the_fapi2_preset_asks_for_par_pkce_dpop_and_a_short_assertion_and_cites_its_sections() {
    use pkjwt_core::authorize::{AuthorizeMode, PkceMethod};
    use pkjwt_core::dpop::{DpopAlg, DpopKeySource};
    let fapi2 = Preset::by_id("fapi2").unwrap_or_else(|| panic!("no fapi2 preset"));
    // A user who had chosen query mode and PKCE plain, with DPoP off, chooses the preset.
    let before = Setup { client_id: "client-123".into(), authorize_mode: AuthorizeMode::Query, include_nbf: false, ..Setup::default() };
    let setup = before.with_preset(fapi2);
    assert_eq!(setup.grant, Grant::AuthorizationCode);
    assert_eq!(setup.authorize_mode, AuthorizeMode::Par);
    assert_eq!(setup.pkce_method, PkceMethod::S256);
    assert_eq!(setup.client_auth, ClientAuth::PrivateKeyJwt);
    assert_eq!(setup.aud_mode, Some(AudienceTarget::Issuer));
    assert_eq!((setup.lifetime.as_str(), setup.include_nbf), ("60", true));
    assert_eq!((setup.dpop_enabled, setup.dpop_alg, setup.dpop_key), (true, DpopAlg::ES256, DpopKeySource::Own));
    assert_eq!(setup.alg, Some(Alg::ES256));
    assert_eq!(fapi2.docs, "https://openid.net/specs/fapi-security-profile-2_0-final.html");
    // Another preset leaves the mode and nbf as the user had them, and turns DPoP off.
    let okta = Preset::by_id("okta").unwrap_or_else(|| panic!("no Okta preset"));
    let after = setup.with_preset(okta);
    assert_eq!((after.authorize_mode, after.include_nbf, after.dpop_enabled), (AuthorizeMode::Par, true, false));

    // Each section of the profile is named where its rule comes from.
    let mut c = case(fapi2);
    c.setup.authorize_mode = AuthorizeMode::Query;
    c.setup.pkce_method = PkceMethod::Plain;
    c.setup.dpop_enabled = false;
    c.setup.client_auth = ClientAuth::ClientSecretBasic;
    c.setup.alg = Some(Alg::RS256);
    c.key = key_for(KeyKind::Rsa2048);
    let cited: Vec<(&str, String, String)> =
        lint_case(fapi2.rules, &c, fapi2).into_iter().map(|f| (f.rule, f.source.to_string(), f.url)).collect();
    let section = |s: &str| (format!("FAPI 2.0 Security Profile §{s}"), format!("https://openid.net/specs/fapi-security-profile-2_0-final.html#section-{s}"));
    let expected = [
        ("sender-constrained", section("5.3.3.1")),
        ("client-auth", section("5.3.3.1")),
        ("par", section("5.3.3.2")),
        ("pkce-s256", section("5.3.3.2")),
        ("alg", section("5.4.1")),
    ];
    assert_eq!(cited, expected.map(|(rule, (name, url))| (rule, name, url)).to_vec());
    // mTLS client authentication constrains the tokens too (RFC 8705 §3).
    c.setup.client_auth = ClientAuth::SelfSignedTlsClientAuth;
    let rules: Vec<&str> = lint_case(fapi2.rules, &c, fapi2).into_iter().map(|f| f.rule).collect();
    assert!(!rules.contains(&"sender-constrained") && !rules.contains(&"client-auth"), "{rules:?}");
}

#[test]
fn dpop_with_the_client_key_is_warned_and_the_server_metadata_names_its_dpop_algs() {
    use pkjwt_core::discovery::ServerMetadata;
    use pkjwt_core::dpop::{DpopAlg, DpopKeySource};
    use pkjwt_core::lint::{dpop_findings, metadata_findings, Fix};
    let custom = &PRESETS[0];
    let mut c = case(custom);
    let rules = |c: &Case, metadata: &ServerMetadata| {
        let effective = c.effective();
        let input = LintInput::new(&effective, Some(&c.key), "", KeyKind::Rsa2048);
        let mut found = dpop_findings(&input);
        found.extend(metadata_findings(metadata, "https://as.example/.well-known/openid-configuration", &input));
        found.into_iter().map(|f| (f.rule, f.severity, f.fix)).collect::<Vec<_>>()
    };
    let metadata = ServerMetadata { dpop_signing_alg_values_supported: vec!["EdDSA".into(), "ES256".into()], ..ServerMetadata::default() };
    assert_eq!(rules(&c, &metadata), vec![], "DPoP off: nothing to say");
    assert_eq!(rules(&c, &ServerMetadata::default()), vec![]);
    c.setup.dpop_enabled = true;
    // A server that announces no DPoP at all.
    assert_eq!(rules(&c, &ServerMetadata::default()), vec![("server-no-dpop", Severity::Warning, None)]);
    c.setup.dpop_alg = DpopAlg::PS256;
    assert_eq!(rules(&c, &metadata), vec![("server-dpop-alg", Severity::Error, Some(Fix::DpopAlg(DpopAlg::ES256)))]);
    c.setup.dpop_alg = DpopAlg::EdDSA;
    assert_eq!(rules(&c, &metadata), vec![]);
    // The client key (RSA here) signs the proofs: a warning, and RS256 is not listed.
    c.setup.dpop_key = DpopKeySource::Client;
    assert_eq!(
        rules(&c, &metadata),
        vec![("dpop-client-key", Severity::Warning, Some(Fix::DpopOwnKey)), ("server-dpop-alg", Severity::Error, Some(Fix::DpopOwnKey))]
    );
    let mut fixed = c.setup.clone();
    apply_fix(&Fix::DpopOwnKey, &mut fixed);
    assert_eq!(rules(&Case { key: c.key.clone(), setup: fixed }, &metadata), vec![]);
}
