use super::*;
use crate::jwa::Alg;
use crate::crypto::generate;
use crate::key::{Key, KeyKind};
use crate::assertion::AudienceTarget;
use crate::request::{ClientAuth, Grant};

/// A setup in which every field differs from its default.
fn unusual() -> Setup {
    Setup {
        preset: "okta".into(),
        client_id: "0oa-client".into(),
        issuer: "https://as.example".into(),
        token_endpoint: "https://as.example/token".into(),
        introspection_endpoint: "https://as.example/introspect".into(),
        revocation_endpoint: "https://as.example/revoke".into(),
        redirect_uri: "https://app.example/callback".into(),
        authorization_endpoint: "https://as.example/authorize".into(),
        par_endpoint: "https://as.example/par".into(),
        userinfo_endpoint: "https://as.example/userinfo".into(),
        jwks_uri: "https://as.example/jwks".into(),
        device_authorization_endpoint: "https://as.example/device".into(),
        mtls_token_endpoint: "https://mtls.as.example/token".into(),
        mtls_par_endpoint: "https://mtls.as.example/par".into(),
        mtls_device_authorization_endpoint: "https://mtls.as.example/device".into(),
        mtls_userinfo_endpoint: "https://mtls.as.example/userinfo".into(),
        mtls_introspection_endpoint: "https://mtls.as.example/introspect".into(),
        mtls_revocation_endpoint: "https://mtls.as.example/revoke".into(),
        discovered: Some(Discovered { url: "https://as.example/.well-known/openid-configuration".into(), metadata: Default::default() }),
        rule_sets: {
            let mut sets = RuleSets::default();
            sets.set_text("rfc10070,fapi2").unwrap_or_default();
            sets
        },
        subject: Some(String::new()),
        audience: "https://aud.example".into(),
        aud_mode: Some(AudienceTarget::Issuer),
        audience_as_array: true,
        alg: Some(Alg::PS384),
        lifetime: "900".into(),
        clock_skew: "5".into(),
        include_nbf: true,
        include_iat: false,
        typ: "client-authentication+jwt".into(),
        include_kid: false,
        include_x5t: true,
        include_x5t_s256: true,
        jku: "https://client.example/jwks.json".into(),
        jti_format: crate::assertion::JtiFormat::Base64Url,
        extra_claims: "{\"a\":1}".into(),
        endpoint: "https://as.example/other".into(),
        grant: Grant::TokenExchange,
        client_auth: ClientAuth::ClientSecretPost,
        client_secret: "s3cret".into(),
        send_client_id: true,
        dpop_enabled: true,
        dpop_alg: crate::dpop::DpopAlg::EdDSA,
        dpop_key: crate::dpop::DpopKeySource::Client,
        dpop_bind_code: true,
        params: [("scope".to_owned(), "a b".to_owned())].into_iter().collect(),
        authorize_mode: crate::authorize::AuthorizeMode::ParJar,
        pkce_method: crate::authorize::PkceMethod::Plain,
        authz_params: [("prompt".to_owned(), "consent".to_owned())].into_iter().collect(),
        authz_extra: "ui_locales=nl".into(),
        api_url: "https://api.example".into(),
        resign_on_send: false,
    }
}

#[test]
fn every_field_is_declared_once_and_differs_in_the_unusual_setup() {
    let (fresh, odd) = (Setup::default(), unusual());
    let mut visited = Vec::new();
    fresh.for_each(&mut |spec, _| visited.push(spec.name));
    assert_eq!(visited, FIELDS.iter().map(|spec| spec.name).collect::<Vec<_>>(), "the visitor walks the declaration");
    for spec in FIELDS {
        assert_eq!(FIELDS.iter().filter(|f| f.name == spec.name).count(), 1, "{}", spec.name);
        // carry reaches this field alone: copied from the unusual setup, it changes a fresh one.
        let mut copy = fresh.clone();
        copy.carry_from(&odd, &|other| other.name == spec.name);
        assert_ne!(copy, fresh, "{} has the same value in both setups", spec.name);
        let mut rest = odd.clone();
        rest.carry_from(&fresh, &|other| other.name != spec.name);
        copy.carry_from(&fresh, &|other| other.name != spec.name);
        assert_eq!(rest, copy, "{} was copied with other fields", spec.name);
    }
    let keys: Vec<_> = FIELDS.iter().filter_map(|f| f.share).collect();
    for keys_a in &keys {
        assert_eq!(keys.iter().filter(|k| k.key == keys_a.key || k.env == keys_a.env).count(), 1, "{keys_a:?} is used twice");
    }
}

#[test]
fn every_shared_field_round_trips_through_its_text() {
    let odd = unusual();
    for spec in FIELDS.iter().filter(|f| f.share.is_some()) {
        let text = odd.text_of(spec.name);
        assert!(text.is_some(), "{} has no text", spec.name);
        let text = text.unwrap_or_default();
        let mut back = Setup::default();
        assert_eq!(back.set_text(spec.name, &text), Ok(()), "{} does not read {text:?}", spec.name);
        assert_eq!(back.text_of(spec.name).as_deref(), Some(text.as_str()), "{}", spec.name);
    }
    let mut setup = unusual();
    assert_eq!(setup.set_text("aud_mode", "custom"), Ok(()));
    assert_eq!(setup.aud_mode, None, "custom is the typed audience");
    assert_eq!(setup.set_text("aud_mode", "nonsense"), Err(NotAValue));
    assert_eq!(setup.set_text("no_such_field", "x"), Err(NotAValue));
}

#[test]
fn secrets_tokens_and_free_text_are_never_shared() {
    for name in ["client_secret", "params", "extra_claims", "jku", "discovered", "api_url"] {
        assert_eq!(field(name).map(|f| f.share), Some(None), "{name} must not be shareable");
    }
    for spec in FIELDS.iter().filter(|f| f.share.is_some()) {
        let name = spec.name;
        assert!(!name.contains("secret") && (!name.contains("token") || name.ends_with("_endpoint")), "{name} looks secret");
    }
    for spec in crate::request::shared_params() {
        assert!(spec.name == "token_type_hint" || !spec.name.contains("token") || spec.name.ends_with("_type"), "{}", spec.name);
    }
}

#[test]
fn the_effective_alg_follows_the_key() {
    let generated = generate(KeyKind::P256);
    assert!(generated.is_ok(), "{generated:?}");
    let Ok(private) = generated else { return };
    let p256 = Key::from_private(private);
    assert_eq!(resolve_alg(None, None), Alg::RS256);
    assert_eq!(resolve_alg(Some(Alg::PS256), None), Alg::PS256);
    assert_eq!(resolve_alg(Some(Alg::RS256), Some(&p256)), Alg::ES256, "an alg the key cannot make gives way");
    let setup = Setup { alg: Some(Alg::RS384), ..Setup::default() };
    let effective = setup.effective(Some(&p256));
    assert_eq!((effective.alg, effective.assertion.alg), (Alg::ES256, Alg::ES256));
}

#[test]
fn aud_sub_and_the_token_endpoint_are_resolved_once() {
    let mut setup = Setup {
        client_id: "c".into(),
        issuer: "https://as".into(),
        endpoint: "https://as/introspect".into(),
        grant: Grant::Introspection,
        audience: "typed".into(),
        ..Setup::default()
    };
    assert_eq!(setup.effective(None).assertion.audience, "typed");
    assert_eq!(setup.effective(None).assertion.subject, "c");
    setup.aud_mode = Some(AudienceTarget::Issuer);
    assert_eq!(setup.effective(None).assertion.audience, "https://as");
    setup.aud_mode = Some(AudienceTarget::CalledEndpoint);
    assert_eq!(setup.effective(None).assertion.audience, "https://as/introspect");
    setup.aud_mode = Some(AudienceTarget::TokenEndpoint);
    assert_eq!(setup.effective(None).token_endpoint, "", "introspection is not the token endpoint");
    setup.grant = Grant::ClientCredentials;
    assert_eq!(setup.effective(None).assertion.audience, "https://as/introspect", "the URL in use, for a token request");
    setup.token_endpoint = "https://as/token".into();
    assert_eq!(setup.effective(None).assertion.audience, "https://as/token");
    setup.subject = Some(String::new());
    assert_eq!(setup.effective(None).assertion.subject, "", "an explicitly empty sub");
}

#[test]
fn switching_the_grant_moves_the_url_only_when_it_was_the_known_one() {
    let mut setup = Setup {
        token_endpoint: "https://as/token".into(),
        introspection_endpoint: "https://as/introspect".into(),
        endpoint: "https://as/token".into(),
        ..Setup::default()
    };
    setup.switch_grant(Grant::Introspection);
    assert_eq!(setup.endpoint, "https://as/introspect");
    setup.switch_grant(Grant::Revocation);
    assert_eq!(setup.endpoint, "https://as/introspect", "no revocation endpoint is known");
    setup.endpoint = "https://mine/x".into();
    setup.switch_grant(Grant::ClientCredentials);
    assert_eq!(setup.endpoint, "https://mine/x", "a typed URL stays");
}

#[test]
fn placeholders_are_listed_and_filled_in_every_declared_field() {
    let mut setup = Setup {
        issuer: "https://{tenant}.example".into(),
        endpoint: "https://{tenant}.example/token".into(),
        redirect_uri: "https://{app}/callback".into(),
        subject: Some("{username}".into()),
        audience: "{stale}".into(),
        aud_mode: Some(AudienceTarget::Issuer),
        params: [("audience".to_owned(), "{api}".to_owned())].into_iter().collect(),
        client_secret: "{not-a-placeholder-field}".into(),
        ..Setup::default()
    };
    assert_eq!(setup.open_placeholders(), vec!["tenant", "app", "username", "api"]);
    setup.aud_mode = None;
    assert!(setup.open_placeholders().contains(&"stale".to_owned()), "a typed aud counts");
    setup.fill_placeholder("tenant", "contoso");
    assert_eq!((setup.issuer.as_str(), setup.endpoint.as_str()), ("https://contoso.example", "https://contoso.example/token"));
    for (name, value) in [("app", "app.example"), ("username", "alice"), ("api", "https://api"), ("stale", "x")] {
        setup.fill_placeholder(name, value);
    }
    assert_eq!(setup.open_placeholders(), Vec::<String>::new());
    assert_eq!(setup.client_secret, "{not-a-placeholder-field}");
}

#[test]
fn metadata_fills_the_endpoints_and_the_url_in_use() {
    let metadata = crate::discovery::ServerMetadata {
        issuer: "https://as".into(),
        token_endpoint: "https://as/token".into(),
        introspection_endpoint: "https://as/introspect".into(),
        ..Default::default()
    };
    let mut setup = Setup { endpoint: "https://{host}/token".into(), ..Setup::default() };
    setup.adopt("https://as/.well-known/openid-configuration".into(), metadata.clone());
    assert_eq!((setup.issuer.as_str(), setup.endpoint.as_str()), ("https://as", "https://as/token"));
    assert_eq!(setup.discovered.as_ref().map(|d| d.url.as_str()), Some("https://as/.well-known/openid-configuration"));
    let mut typed = Setup { endpoint: "https://elsewhere/token".into(), issuer: "https://mine".into(), ..Setup::default() };
    typed.adopt("u".into(), metadata);
    assert_eq!((typed.issuer.as_str(), typed.endpoint.as_str()), ("https://mine", "https://elsewhere/token"));
}

#[test]
fn discovery_fills_the_authorization_endpoints_and_may_require_par() {
    let text = r#"{
        "issuer": "http://localhost:3000",
        "authorization_endpoint": "http://localhost:3000/auth",
        "token_endpoint": "http://localhost:3000/token",
        "pushed_authorization_request_endpoint": "http://localhost:3000/request",
        "require_pushed_authorization_requests": true,
        "userinfo_endpoint": "http://localhost:3000/me",
        "jwks_uri": "http://localhost:3000/jwks",
        "device_authorization_endpoint": "http://localhost:3000/device/auth",
        "code_challenge_methods_supported": ["S256"],
        "request_object_signing_alg_values_supported": ["RS256", "ES256"],
        "authorization_response_iss_parameter_supported": true
    }"#;
    let metadata = crate::discovery::parse_metadata(text).unwrap_or_default();
    assert_eq!(metadata.code_challenge_methods_supported, ["S256"]);
    assert_eq!(metadata.request_object_signing_alg_values_supported, ["RS256", "ES256"]);
    assert!(metadata.authorization_response_iss_parameter_supported);
    let mut setup = Setup { grant: Grant::AuthorizationCode, authorize_mode: crate::authorize::AuthorizeMode::Jar, ..Setup::default() };
    assert_eq!(setup.effective(None).authorize.mode, crate::authorize::AuthorizeMode::Jar);
    setup.adopt("http://localhost:3000/.well-known/openid-configuration".into(), metadata);
    assert_eq!(
        [&setup.authorization_endpoint, &setup.par_endpoint, &setup.userinfo_endpoint, &setup.jwks_uri, &setup.device_authorization_endpoint],
        ["http://localhost:3000/auth", "http://localhost:3000/request", "http://localhost:3000/me", "http://localhost:3000/jwks", "http://localhost:3000/device/auth"]
    );
    assert_eq!(setup.endpoint, "http://localhost:3000/token");
    let effective = setup.effective(None);
    assert_eq!(effective.authorize.mode, crate::authorize::AuthorizeMode::ParJar);
    assert_eq!(effective.authorize.mode_reason, Some(crate::authorize::ModeReason::ServerRequiresPar));
    assert_eq!(effective.authorize.issuer, "http://localhost:3000");
    assert!(effective.authorize.iss_required);
    assert_eq!(effective.request.redirect_uri, setup.redirect_uri);
    assert_eq!(effective.assertion_for("http://localhost:3000/request").audience, effective.assertion.audience);
    setup.aud_mode = Some(AudienceTarget::CalledEndpoint);
    assert_eq!(setup.effective(None).assertion_for("http://localhost:3000/request").audience, "http://localhost:3000/request");
    let bad = crate::discovery::parse_metadata(r#"{"token_endpoint":"t","require_pushed_authorization_requests":"yes"}"#);
    assert_eq!(bad.err().map(|e| e.code()), Some("DISCOVERY_MEMBER"));
}

#[test]
fn mtls_aliases_come_from_discovery_and_replace_the_endpoints_only_for_mtls() {
    let document = r#"{
        "issuer": "https://as.example",
        "token_endpoint": "https://as.example/token",
        "pushed_authorization_request_endpoint": "https://as.example/par",
        "device_authorization_endpoint": "https://as.example/device",
        "userinfo_endpoint": "https://as.example/me",
        "introspection_endpoint": "https://as.example/introspect",
        "dpop_signing_alg_values_supported": ["ES256", "EdDSA"],
        "mtls_endpoint_aliases": {
            "token_endpoint": "https://mtls.as.example/token",
            "pushed_authorization_request_endpoint": "https://mtls.as.example/par",
            "device_authorization_endpoint": "https://mtls.as.example/device",
            "userinfo_endpoint": "https://mtls.as.example/me",
            "introspection_endpoint": "https://mtls.as.example/introspect"
        }
    }"#;
    let metadata = crate::discovery::parse_metadata(document);
    assert!(metadata.is_ok(), "{metadata:?}");
    let metadata = metadata.unwrap_or_default();
    assert_eq!(metadata.dpop_signing_alg_values_supported, ["ES256", "EdDSA"]);
    let mut setup = Setup { client_id: "c".into(), ..Setup::default() };
    setup.adopt("https://as.example/.well-known/openid-configuration".into(), metadata);
    assert_eq!(setup.mtls_token_endpoint, "https://mtls.as.example/token");
    assert_eq!(setup.mtls_revocation_endpoint, "", "no alias: none");
    // private_key_jwt: the ordinary endpoints.
    let plain = setup.effective(None);
    assert_eq!((plain.request.endpoint.as_str(), plain.token_endpoint.as_str()), ("https://as.example/token", "https://as.example/token"));
    assert_eq!(plain.request.certificate_files, crate::request::ClientCertificate::for_kid(""));
    // tls_client_auth: every aliased endpoint, and the URL in use when it was the known one.
    for auth in [ClientAuth::TlsClientAuth, ClientAuth::SelfSignedTlsClientAuth] {
        let mtls = Setup { client_auth: auth, ..setup.clone() }.effective(None);
        assert_eq!(mtls.request.endpoint, "https://mtls.as.example/token");
        assert_eq!(mtls.token_endpoint, "https://mtls.as.example/token");
        assert_eq!(mtls.authorize.par_endpoint, "https://mtls.as.example/par");
        assert_eq!(mtls.device_authorization_endpoint, "https://mtls.as.example/device");
        assert_eq!(mtls.userinfo_endpoint, "https://mtls.as.example/me");
    }
    let mut introspect = Setup { client_auth: ClientAuth::TlsClientAuth, ..setup.clone() };
    introspect.switch_grant(Grant::Introspection);
    assert_eq!(introspect.effective(None).request.endpoint, "https://mtls.as.example/introspect");
    introspect.switch_grant(Grant::Revocation);
    assert_eq!(introspect.effective(None).request.endpoint, introspect.endpoint, "revocation has no alias");
    // A URL the user typed is theirs.
    let typed = Setup { client_auth: ClientAuth::TlsClientAuth, endpoint: "https://other.example/token".into(), ..setup.clone() };
    assert_eq!(typed.effective(None).request.endpoint, "https://other.example/token");
    // The certificate files follow the key's kid.
    let key = generate(KeyKind::P256).map(Key::from_private);
    assert!(key.is_ok(), "{key:?}");
    if let Ok(key) = key {
        let files = Setup { client_auth: ClientAuth::TlsClientAuth, ..setup.clone() }.effective(Some(&key)).request.certificate_files;
        assert_eq!(files, crate::request::ClientCertificate::for_kid(key.kid()));
        assert!(files.cert_file.starts_with("pkjwt-") && files.cert_file.ends_with("-certificate.pem"), "{files:?}");
    }
    let bad = crate::discovery::parse_metadata(r#"{"token_endpoint": "t", "mtls_endpoint_aliases": []}"#);
    assert_eq!(bad.err().map(|e| e.code()), Some("DISCOVERY_MTLS_ALIASES"));
    let bad = crate::discovery::parse_metadata(r#"{"token_endpoint": "t", "mtls_endpoint_aliases": {"token_endpoint": 1}}"#);
    assert_eq!(bad.err().map(|e| e.to_string()), Some("The metadata member \"mtls_endpoint_aliases.token_endpoint\" must be a string.".into()));
}

#[test]
fn dpop_is_in_the_effective_setup_only_when_on() {
    use crate::dpop::{DpopAlg, DpopChoice, DpopKeySource};
    let mut setup = Setup::default();
    assert_eq!(setup.effective(None).dpop, None);
    setup.dpop_enabled = true;
    setup.dpop_alg = DpopAlg::EdDSA;
    setup.dpop_bind_code = true;
    assert_eq!(setup.effective(None).dpop, Some(DpopChoice { alg: DpopAlg::EdDSA, key: DpopKeySource::Own, bind_code: true }));
    // Shared in links as their option values.
    assert_eq!(setup.text_of("dpop_alg").as_deref(), Some("EdDSA"));
    assert_eq!(setup.set_text("dpop_key", "client"), Ok(()));
    assert_eq!(setup.dpop_key, DpopKeySource::Client);
    assert_eq!(setup.set_text("dpop_alg", "HS256"), Err(NotAValue));
}

#[test]
fn resource_requests_present_the_token_as_the_setup_binds_it() {
    let header = |setup: &Setup| {
        let request = setup.effective(None).resource_request("https://api.example/v1", "tok");
        assert!(request.is_ok(), "{request:?}");
        request.map(|r| (r.headers[0].1.clone(), r.client_certificate.is_some())).unwrap_or_default()
    };
    let mut setup = Setup::default();
    assert_eq!(header(&setup), ("Bearer tok".to_owned(), false));
    setup.dpop_enabled = true;
    assert_eq!(header(&setup), ("DPoP tok".to_owned(), false));
    setup.client_auth = ClientAuth::TlsClientAuth;
    assert_eq!(header(&setup), ("DPoP tok".to_owned(), true));
    setup.dpop_enabled = false;
    assert_eq!(header(&setup), ("Bearer tok".to_owned(), true));
    assert!(setup.effective(None).resource_request("https://api.example/v1", "a\nb").is_err());
}

#[test]
fn the_flow_choices_follow_dpop_and_the_client_authentication() {
    use crate::flow::Environment;
    use crate::request::TokenScheme;
    let setup = Setup { dpop_enabled: true, client_auth: ClientAuth::TlsClientAuth, userinfo_endpoint: "https://as.example/me".into(), ..Setup::default() };
    let made = setup.effective(None).flow_choices(Environment::Test);
    assert_eq!((made.token_scheme, made.client_certificate.is_some()), (TokenScheme::Dpop, true));
    assert_eq!(made.userinfo_endpoint, "https://as.example/me");
    let plain = Setup::default().effective(None).flow_choices(Environment::Production);
    assert_eq!((plain.token_scheme, plain.client_certificate, plain.environment), (TokenScheme::Bearer, None, Environment::Production));
}
