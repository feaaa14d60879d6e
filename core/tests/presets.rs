//! Every preset satisfies its own rules; breaking any rule is reported, and the fix offered
//! clears it. Requests and assertions built from each preset are valid.
use pkjwt_core::assertion::{build, AssertionSettings, Stamp};
use pkjwt_core::jwa::Alg;
use pkjwt_core::crypto;
use pkjwt_core::key::{Key, KeyKind, PrivateKey};
use pkjwt_core::lint::{apply_fix, check, lint, KeyAction, LintInput, Rule, RuleRef, Severity};
use pkjwt_core::preset::{fill_placeholder, placeholders, rule_sets, Preset, PRESETS};
use pkjwt_core::assertion::AudienceTarget;
use pkjwt_core::request::{build_request, ClientAuth, Grant, RequestSettings};
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

struct Setup {
    key: Key,
    assertion: AssertionSettings,
    request: RequestSettings,
    issuer: String,
    token: String,
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

fn setup(profile: &Preset) -> Setup {
    let mut key = key_for(profile.key);
    if profile.x5t_s256 || profile.x5t {
        make_certificate(&mut key);
    }
    let start_assertion = AssertionSettings { client_id: "client-123".into(), ..AssertionSettings::default() };
    let start_request = RequestSettings { client_id: "client-123".into(), ..RequestSettings::default() };
    let (mut assertion, mut request) = profile.apply(&start_assertion, &start_request);
    assertion.audience = fill(&assertion.audience);
    assertion.subject = fill(&assertion.subject);
    request.endpoint = fill(&request.endpoint);
    for value in request.params.values_mut() {
        *value = fill(value);
    }
    // Koppeltaal's endpoint is fixed; others come with a template.
    Setup { key, assertion, request, issuer: fill(profile.issuer), token: fill(profile.token_endpoint) }
}

fn input<'a>(s: &'a Setup, profile: &'a Preset) -> LintInput<'a> {
    LintInput {
        key: Some(&s.key),
        assertion: &s.assertion,
        request: &s.request,
        issuer: &s.issuer,
        token_endpoint: &s.token,
        suggested_scope: profile.scope,
        suggested_key: profile.key,
    }
}

#[test]
fn every_preset_passes_its_own_rules_and_builds_a_valid_request() {
    for profile in PRESETS {
        let s = setup(profile);
        let findings = lint(profile.rules, &input(&s, profile));
        assert!(findings.is_empty(), "{}: the preset breaks its own rules: {findings:#?}", profile.id);
        if profile.id == "custom" {
            continue; // no endpoint until the user types one
        }
        let unsigned = build(&s.assertion, &s.key, Stamp::fresh(NOW)).unwrap_or_else(|e| panic!("{}: {e}", profile.id));
        let assertion = unsigned.sign_with_rustcrypto(&s.key).unwrap_or_else(|e| panic!("{}: {e}", profile.id));
        let mut request = s.request.clone();
        if request.grant == Grant::TokenExchange {
            request.params.insert("subject_token".into(), "user-access-token".into());
        }
        let built = build_request(&request, Some(&assertion.token)).unwrap_or_else(|e| panic!("{}: {e}", profile.id));
        assert_eq!(built.url(), s.request.endpoint);
        if profile.client_auth == ClientAuth::None && profile.grant == Grant::JwtBearer {
            let names: Vec<&str> = built.form.iter().map(|(n, _)| n.as_str()).collect();
            assert_eq!(names, ["grant_type", "assertion"], "{}: a JWT-bearer grant sends exactly these", profile.id);
        }
    }
}

/// Makes `rule` fail, as a user could by editing a field.
fn break_rule(rule: &Rule, s: &mut Setup) {
    let a = &mut s.assertion;
    match rule {
        Rule::Algs(allowed) => a.alg = Alg::ALL.into_iter().find(|alg| !allowed.contains(alg)).unwrap_or(Alg::RS256),
        Rule::MaxLifetime(max) => a.lifetime = (max + 1).to_string(),
        Rule::Kid => a.include_kid = false,
        Rule::Typ(_) => a.typ = String::new(),
        Rule::X5tS256 => a.include_x5t_s256 = false,
        Rule::Audience { .. } => a.audience = "https://wrong.example/token".into(),
        Rule::RsaBits { .. } => {
            let small = rsa::RsaPrivateKey::new(&mut rand_core::OsRng, 1024).unwrap_or_else(|e| panic!("{e}"));
            s.key = Key::from_private(PrivateKey::Rsa(Box::new(small)));
            a.alg = Alg::RS256;
        }
        Rule::EcMinBits(_) => {}
        Rule::Scope => {
            s.request.params.insert("scope".into(), String::new());
        }
        Rule::ScopeClaim => a.extra_claims = String::new(),
        Rule::SubjectIsClientId => a.subject = "someone-else".into(),
        Rule::SubjectIsUser => a.subject = a.client_id.clone(),
        Rule::Grant(_) => s.request.grant = Grant::RefreshToken,
        Rule::ClientAuth(_) => s.request.client_auth = ClientAuth::ClientSecretPost,
        Rule::SendClientId => s.request.send_client_id = false,
        Rule::MaxSkew(max) => a.clock_skew = (max + 5).to_string(),
    }
}

fn check_breaking_and_fixing(profile: &Preset, rules: &[RuleRef], label: &str) {
    for rule in rules {
        if matches!(rule.rule, Rule::EcMinBits(_)) {
            continue; // no supported curve is below any minimum in use
        }
        let mut s = setup(profile);
        break_rule(&rule.rule, &mut s);
        let finding = check(rule, &input(&s, profile));
        let Some(finding) = finding else {
            panic!("{label}: breaking {:?} was not reported", rule.rule);
        };
        assert!(!finding.message().is_empty() && !finding.source.to_string().is_empty() && finding.url.starts_with("https://"));
        let Some(fix) = finding.fix.clone() else {
            // Only a value the user must know (a username) has no one-click fix.
            assert!(matches!(rule.rule, Rule::SubjectIsUser), "{label}: {:?} offers no fix", rule.rule);
            continue;
        };
        match apply_fix(&fix, &mut s.assertion, &mut s.request) {
            Some(KeyAction::Generate(kind)) => s.key = key_for(kind),
            Some(KeyAction::MakeCertificate) if s.key.certificate().is_none() => make_certificate(&mut s.key),
            _ => {}
        }
        let after = check(rule, &input(&s, profile));
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
        let mut s = setup(custom);
        s.issuer = "https://as.example".into();
        s.token = "https://as.example/token".into();
        s.request.endpoint = s.token.clone();
        // The custom preset's defaults (aud = token endpoint, typ JWT, RS256) break both sets.
        let findings = lint(set.rules, &input(&s, custom));
        assert!(findings.iter().any(|f| f.rule == "aud"), "{}: {findings:#?}", set.id);
        for finding in &findings {
            if let Some(fix) = &finding.fix {
                if let Some(KeyAction::Generate(kind)) = apply_fix(fix, &mut s.assertion, &mut s.request) {
                    s.key = key_for(kind);
                }
            }
        }
        let remaining = lint(set.rules, &input(&s, custom));
        assert!(remaining.is_empty(), "{}: fixes left {remaining:#?}", set.id);
    }
}

#[test]
fn smart_lifetime_3600_is_an_error_with_a_fix_to_300() {
    let smart = Preset::by_id("smart-backend").unwrap_or_else(|| panic!("no SMART preset"));
    let mut s = setup(smart);
    s.assertion.lifetime = "3600".into();
    let findings = lint(smart.rules, &input(&s, smart));
    let lifetime = findings.iter().find(|f| f.rule == "lifetime");
    assert!(lifetime.is_some_and(|f| f.severity == Severity::Error && f.message().contains("3600") && f.message().contains("300")), "{findings:#?}");
    assert_eq!(lifetime.and_then(|f| f.fix.clone()), Some(pkjwt_core::lint::Fix::Lifetime(300)));
}

#[test]
fn audience_targets_resolve_to_the_right_url() {
    let okta = Preset::by_id("okta").unwrap_or_else(|| panic!("no Okta preset"));
    assert_eq!(okta.audience, AudienceTarget::CalledEndpoint);
    let mut s = setup(okta);
    assert_eq!(s.assertion.audience, "https://dev-123.okta.com/oauth2/v1/token");
    // Calling introspection: the audience must follow the URL being called.
    s.request.grant = Grant::Introspection;
    s.request.endpoint = fill(okta.introspection_endpoint);
    let findings = lint(okta.rules, &input(&s, okta));
    assert!(findings.iter().any(|f| f.rule == "aud" && f.message().contains("/introspect")), "{findings:#?}");
}
