use super::*;
use crate::assertion::Stamp;
use crate::jwa::Alg;
use crate::request::{ClientAuth, RequestSettings};
use crate::test_support::OrFail;

/// RFC 7636 Appendix B: the 32 octets, their verifier and its S256 challenge.
const RFC7636_OCTETS: [u8; 32] = [
    116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214, 191, 240, 91, 88, 5, 88,
    83, 132, 141, 121,
];
const RFC7636_VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const RFC7636_CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

fn settings() -> AuthorizeSettings {
    AuthorizeSettings {
        authorization_endpoint: "https://as.example/authorize".into(),
        par_endpoint: "https://as.example/par".into(),
        client_id: "client-1".into(),
        redirect_uri: "http://127.0.0.1:8080/callback.html".into(),
        issuer: "https://as.example".into(),
        ..AuthorizeSettings::default()
    }
}

fn random() -> AttemptRandom {
    AttemptRandom { state: [1; 16], nonce: [2; 16], verifier: RFC7636_OCTETS }
}

fn attempt() -> Attempt {
    Attempt::new(&settings(), &random())
}

#[test]
fn pkce_matches_rfc7636_appendix_b() {
    let verifier = CodeVerifier::from_random(&RFC7636_OCTETS);
    assert_eq!(verifier.as_str(), RFC7636_VERIFIER);
    assert_eq!(verifier.challenge(PkceMethod::S256).as_deref(), Some(RFC7636_CHALLENGE));
    assert_eq!(verifier.challenge(PkceMethod::Plain).as_deref(), Some(RFC7636_VERIFIER));
    assert_eq!(verifier.challenge(PkceMethod::None), None);
    assert_eq!(format!("{verifier:?}"), "CodeVerifier(…)");
    for method in PkceMethod::ALL {
        assert_eq!(PkceMethod::from_id(method.id()), Some(method));
    }
}

#[test]
fn an_attempt_holds_fresh_secrets_and_prints_none() {
    let attempt = attempt();
    // 16 random bytes are 22 base64url characters: 128 bits.
    assert_eq!(attempt.state(), crate::b64::url_encode(&[1; 16]));
    assert_eq!(attempt.state().len(), 22);
    assert_eq!(attempt.nonce(), crate::b64::url_encode(&[2; 16]));
    assert_eq!(attempt.code_verifier(), Some(RFC7636_VERIFIER));
    let printed = format!("{attempt:?} {:?}", random());
    for secret in [attempt.state(), attempt.nonce(), RFC7636_VERIFIER] {
        assert!(!printed.contains(secret), "Debug shows a secret: {printed}");
    }
    let without = Attempt::new(&AuthorizeSettings { pkce: PkceMethod::None, ..settings() }, &random());
    assert_eq!((without.code_verifier(), without.code_challenge()), (None, None));
}

#[test]
fn authorization_params_come_in_a_stable_order() {
    let mut with_fields = settings();
    with_fields.params.insert("scope".into(), "openid offline_access".into());
    with_fields.params.insert("prompt".into(), "consent".into());
    with_fields.params.insert("resource".into(), "https://api.example/a\n\n https://api.example/b \n".into());
    with_fields.params.insert("claims".into(), r#"{"id_token":{"acr":null}}"#.into());
    with_fields.extra = "ui_locales=nl en\n\nmax_age=0".into();
    let attempt = attempt();
    let params = authorization_params(&with_fields, &attempt, None).map(|p| p.0);
    let expected: Vec<(String, String)> = [
        ("response_type", "code"),
        ("client_id", "client-1"),
        ("redirect_uri", "http://127.0.0.1:8080/callback.html"),
        ("scope", "openid offline_access"),
        ("state", attempt.state()),
        ("nonce", attempt.nonce()),
        ("code_challenge", RFC7636_CHALLENGE),
        ("code_challenge_method", "S256"),
        ("prompt", "consent"),
        ("resource", "https://api.example/a"),
        ("resource", "https://api.example/b"),
        ("claims", r#"{"id_token":{"acr":null}}"#),
        ("ui_locales", "nl en"),
        ("max_age", "0"),
    ]
    .iter()
    .map(|(n, v)| (n.to_string(), v.to_string()))
    .collect();
    assert_eq!(params, Ok(expected));
    // Untouched, scope is openid; no PKCE sends no challenge.
    let plain = Attempt::new(&AuthorizeSettings { pkce: PkceMethod::None, ..settings() }, &random());
    let params = authorization_params(&settings(), &plain, None).or_fail();
    assert_eq!(params.get("scope"), Some("openid"));
    assert_eq!(params.get("code_challenge"), None);
}

#[test]
fn bad_authorization_params_are_refused_by_code() {
    let code = |change: &dyn Fn(&mut AuthorizeSettings)| {
        let mut s = settings();
        change(&mut s);
        authorization_params(&s, &Attempt::new(&s, &random()), None).err().map(|e| e.code())
    };
    assert_eq!(code(&|s| s.client_id = " ".into()), Some("AUTHORIZE_CLIENT_ID"));
    assert_eq!(code(&|s| s.redirect_uri = String::new()), Some("AUTHORIZE_REDIRECT_URI"));
    assert_eq!(code(&|s| s.redirect_uri = "https://app.example/cb#x".into()), Some("AUTHORIZE_REDIRECT_URI"));
    assert_eq!(code(&|s| s.extra = "state=mine".into()), Some("AUTHORIZE_EXTRA_RESERVED"));
    assert_eq!(code(&|s| s.extra = "a=1\nno equals sign".into()), Some("AUTHORIZE_EXTRA_LINE"));
    assert_eq!(code(&|s| s.extra = "a=x\0y".into()), Some("AUTHORIZE_PARAM_NUL"));
    assert_eq!(code(&|s| s.extra = "a=".to_owned() + &"x".repeat(MAX_EXTRA_BYTES)), Some("AUTHORIZE_VALUE_TOO_LONG"));
    assert_eq!(code(&|s| { s.params.insert("claims".into(), "{\"a\":".into()); }), Some("AUTHORIZE_CLAIMS_JSON"));
    assert_eq!(code(&|s| { s.params.insert("claims".into(), "[1]".into()); }), Some("AUTHORIZE_CLAIMS_NOT_OBJECT"));
    assert_eq!(code(&|s| { s.params.insert("login_hint".into(), "a\0".into()); }), Some("AUTHORIZE_PARAM_NUL"));
}

#[test]
fn the_front_channel_carries_the_parameters_or_only_a_reference() {
    let attempt = attempt();
    let params = authorization_params(&settings(), &attempt, None).or_fail();
    let url = authorization_url(&settings(), FrontChannel::Params(&params)).unwrap_or_default();
    let (base, query) = url.split_once('?').unwrap_or_default();
    assert_eq!(base, "https://as.example/authorize");
    // Decoded by an independent reader, the query is exactly the parameters.
    let read: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes()).into_owned().collect();
    assert_eq!(read, params.0);
    assert!(query.contains("redirect_uri=http%3A%2F%2F127.0.0.1%3A8080%2Fcallback.html"), "{query}");

    let by_reference = authorization_url(&settings(), FrontChannel::RequestUri("urn:ietf:params:oauth:request_uri:abc"));
    assert_eq!(by_reference.as_deref(), Ok("https://as.example/authorize?client_id=client-1&request_uri=urn%3Aietf%3Aparams%3Aoauth%3Arequest_uri%3Aabc"));
    let by_value = authorization_url(&settings(), FrontChannel::RequestObject("h.p.s"));
    assert_eq!(by_value.as_deref(), Ok("https://as.example/authorize?client_id=client-1&response_type=code&scope=openid&request=h.p.s"));
    // An endpoint with a query of its own keeps it (RFC 6749 §3.1).
    let tenant = AuthorizeSettings { authorization_endpoint: "https://as.example/authorize?p=B2C_1".into(), ..settings() };
    assert_eq!(authorization_url(&tenant, FrontChannel::RequestUri("u")).as_deref(), Ok("https://as.example/authorize?p=B2C_1&client_id=client-1&request_uri=u"));
    // Without openid in the scope (plain OAuth), only RFC 9101's client_id and request.
    let mut oauth = settings();
    oauth.params.insert("scope".into(), "api.read".into());
    assert_eq!(authorization_url(&oauth, FrontChannel::RequestObject("j")).as_deref(), Ok("https://as.example/authorize?client_id=client-1&response_type=code&request=j"));
    let unknown = AuthorizeSettings { authorization_endpoint: String::new(), ..settings() };
    assert_eq!(authorization_url(&unknown, FrontChannel::Params(&params)).err().map(|e| e.code()), Some("REQUEST_ENDPOINT_MISSING"));
}

#[test]
fn the_server_requiring_par_makes_the_mode_push() {
    use AuthorizeMode::*;
    assert_eq!(AuthorizeSettings::effective_mode(Query, true), (Par, Some(ModeReason::ServerRequiresPar)));
    assert_eq!(AuthorizeSettings::effective_mode(Jar, true), (ParJar, Some(ModeReason::ServerRequiresPar)));
    assert_eq!(AuthorizeSettings::effective_mode(ParJar, true), (ParJar, None));
    assert_eq!(AuthorizeSettings::effective_mode(Jar, false), (Jar, None));
    for mode in AuthorizeMode::ALL {
        assert_eq!(AuthorizeMode::from_id(mode.id()), Some(mode));
    }
}

fn client(auth: ClientAuth) -> RequestSettings {
    RequestSettings { client_auth: auth, client_id: "client-1".into(), client_secret: "s3cret".into(), ..RequestSettings::default() }
}

#[test]
fn par_posts_the_parameters_with_the_token_requests_client_authentication() {
    let params = authorization_params(&settings(), &attempt(), None).or_fail();
    let request = par_request(&settings(), &client(ClientAuth::PrivateKeyJwt), PushedBody::Params(&params), Some("signed.jwt.here"));
    let request = request.or_fail();
    assert_eq!(request.url(), "https://as.example/par");
    let mut expected = params.0.clone();
    expected.push(("client_assertion_type".into(), crate::assertion::CLIENT_ASSERTION_TYPE.into()));
    expected.push(("client_assertion".into(), "signed.jwt.here".into()));
    assert_eq!(request.form, expected);
    // client_secret_post: client_id once, from the parameters.
    let post = par_request(&settings(), &client(ClientAuth::ClientSecretPost), PushedBody::Params(&params), None).or_fail();
    assert_eq!(post.form.iter().filter(|(n, _)| n == "client_id").count(), 1);
    assert_eq!(post.form.last(), Some(&("client_secret".to_owned(), "s3cret".to_owned())));
    // par-jar: client_id and the request object; Basic in the header.
    let basic = par_request(&settings(), &client(ClientAuth::ClientSecretBasic), PushedBody::RequestObject("h.p.s"), None).or_fail();
    assert_eq!(basic.form, [("client_id".to_owned(), "client-1".to_owned()), ("request".to_owned(), "h.p.s".to_owned())]);
    assert!(basic.headers.iter().any(|(n, v)| n == "Authorization" && v.starts_with("Basic ")));
    let missing = par_request(&settings(), &client(ClientAuth::PrivateKeyJwt), PushedBody::Params(&params), None);
    assert_eq!(missing.err().map(|e| e.code()), Some("REQUEST_ASSERTION"));
}

#[test]
fn par_answers_are_read_with_typed_errors() {
    let good = r#"{"request_uri":"urn:ietf:params:oauth:request_uri:6esc_11ACC5bwc014ltc14eY22c","expires_in":60}"#;
    assert_eq!(
        read_par_answer(201, good),
        Ok(ParAnswer { request_uri: "urn:ietf:params:oauth:request_uri:6esc_11ACC5bwc014ltc14eY22c".into(), expires_in: 60 })
    );
    let code = |status, body: &str| read_par_answer(status, body).err().map(|e| e.code());
    assert_eq!(code(400, r#"{"error":"invalid_request","error_description":"PAR required"}"#), Some("REPLY_SERVER_ERROR"));
    assert_eq!(code(201, "<html>"), Some("REPLY_NOT_OBJECT"));
    assert_eq!(code(502, "{}"), Some("REPLY_NOT_OBJECT"));
    assert_eq!(code(201, r#"{"expires_in":60}"#), Some("REPLY_MEMBER_MISSING"));
    assert_eq!(code(201, r#"{"request_uri":5,"expires_in":60}"#), Some("REPLY_NOT_STRING"));
    assert_eq!(code(201, r#"{"request_uri":"u","expires_in":"60"}"#), Some("REPLY_NOT_SECONDS"));
    assert_eq!(code(201, &" ".repeat(MAX_REPLY_BYTES + 1)), Some("REPLY_TOO_LONG"));
    let refused = read_par_answer(401, r#"{"error":"invalid_client"}"#).err().map(|e| e.to_string());
    assert_eq!(refused.as_deref(), Some("The server refused (HTTP 401): invalid_client"));
}

#[test]
fn a_request_object_carries_every_parameter_and_verifies() {
    let mut with_fields = settings();
    with_fields.params.insert("resource".into(), "https://a.example\nhttps://b.example".into());
    with_fields.params.insert("claims".into(), r#"{"userinfo":{"email":null}}"#.into());
    let attempt = attempt();
    let params = authorization_params(&with_fields, &attempt, None).or_fail();
    let stamp = Stamp { now: 1_700_000_000, jti_bytes: [7; 16] };
    let object = request_object(&with_fields, &params, Alg::ES256, Some("kid-1"), stamp).or_fail();
    assert_eq!(serde_json::Value::Object(object.header.clone()), serde_json::json!({"alg": "ES256", "typ": "oauth-authz-req+jwt", "kid": "kid-1"}));
    let claims = serde_json::Value::Object(object.claims.clone());
    assert_eq!(claims["iss"], "client-1");
    assert_eq!(claims["aud"], "https://as.example");
    assert_eq!((claims["iat"].as_i64(), claims["nbf"].as_i64(), claims["exp"].as_i64()), (Some(1_700_000_000), Some(1_700_000_000), Some(1_700_000_300)));
    assert_eq!(claims["jti"], crate::b64::url_encode(&[7; 16]));
    assert_eq!(claims["state"], attempt.state());
    assert_eq!(claims["code_challenge"], RFC7636_CHALLENGE);
    assert_eq!(claims["resource"], serde_json::json!(["https://a.example", "https://b.example"]));
    assert_eq!(claims["claims"], serde_json::json!({"userinfo": {"email": null}}));
    // Signed here, decoded and verified by the core's JWS reader.
    let key = crate::key::Key::new(crate::material::KeyMaterial::Private(crate::crypto::generate(crate::key::KeyKind::P256).or_fail()));
    let private = key.private_key().or_fail();
    let signature = crate::crypto::sign(private, Alg::ES256, object.signing_input().as_bytes()).or_fail();
    let decoded = crate::jws::decode(&object.finish(&signature)).or_fail();
    assert_eq!(decoded.verify(key.public_key()), Ok(()));
    let unknown = AuthorizeSettings { issuer: String::new(), ..settings() };
    assert_eq!(request_object(&unknown, &params, Alg::ES256, None, stamp).err().map(|e| e.code()), Some("AUTHORIZE_ISSUER"));
}

#[test]
fn callbacks_are_read_from_urls_queries_and_fragments() {
    let state = attempt().state().to_owned();
    for text in [
        format!("http://127.0.0.1:8080/callback.html?code=c0de&state={state}&iss=https%3A%2F%2Fas.example"),
        format!("?code=c0de&state={state}&iss=https://as.example"),
        format!("code=c0de&state={state}&iss=https://as.example"),
        format!("https://app.example/cb#code=c0de&state={state}&iss=https://as.example"),
        format!("  https://app.example/cb?iss=https://as.example#code=c0de&state={state}\n"),
    ] {
        let callback = parse_callback(&text).or_fail();
        assert!(callback.has_code(), "{text}");
        assert_eq!(callback.iss.as_deref(), Some("https://as.example"), "{text}");
        let mut pending = attempt();
        assert_eq!(check_callback(Some(&mut pending), &callback).map(|c| c.as_str().to_owned()), Ok("c0de".into()), "{text}");
        assert!(!format!("{callback:?}").contains("c0de") && !format!("{callback:?}").contains(&state));
    }
    let code = |text: &str| parse_callback(text).err().map(|e| e.code());
    assert_eq!(code("https://app.example/cb"), Some("CALLBACK_NO_PARAMETERS"));
    assert_eq!(code(""), Some("CALLBACK_NO_PARAMETERS"));
    assert_eq!(code("?code=a&code=b&state=s"), Some("CALLBACK_DUPLICATE"));
    assert_eq!(code("?state=a#state=b"), Some("CALLBACK_DUPLICATE"));
    assert_eq!(code(&"a".repeat(MAX_CALLBACK_BYTES + 1)), Some("CALLBACK_TOO_LONG"));
}

#[test]
fn callbacks_are_refused_in_order_and_a_code_is_taken_once() {
    let state = attempt().state().to_owned();
    let refusal = |pending: Option<&mut Attempt>, text: &str| {
        let callback = parse_callback(text).or_fail();
        check_callback(pending, &callback).err()
    };
    let good = format!("?code=c0de&state={state}");
    assert_eq!(refusal(None, &good), Some(CallbackRefusal::NoPendingAttempt));
    assert_eq!(refusal(Some(&mut attempt()), "?code=c0de&state=other"), Some(CallbackRefusal::StateMismatch));
    assert_eq!(refusal(Some(&mut attempt()), "?code=c0de"), Some(CallbackRefusal::StateMismatch));
    // A wrong state wins over the error it carries: such an answer may be forged.
    assert_eq!(refusal(Some(&mut attempt()), "?error=access_denied&state=other"), Some(CallbackRefusal::StateMismatch));
    assert_eq!(
        refusal(Some(&mut attempt()), &format!("{good}&iss=https://evil.example")),
        Some(CallbackRefusal::IssuerMismatch { expected: "https://as.example".into(), got: "https://evil.example".into() })
    );
    assert_eq!(
        refusal(Some(&mut attempt()), &format!("?error=access_denied&error_description=End-User+aborted+interaction&state={state}")),
        Some(CallbackRefusal::ServerError { error: "access_denied".into(), description: Some("End-User aborted interaction".into()) })
    );
    assert_eq!(refusal(Some(&mut attempt()), &format!("?state={state}")), Some(CallbackRefusal::NoCode));
    let mut pending = attempt();
    assert_eq!(refusal(Some(&mut pending), &good), None);
    assert!(pending.code_taken());
    assert_eq!(refusal(Some(&mut pending), &good), Some(CallbackRefusal::CodeUsed));
    let mut promised = Attempt::new(&AuthorizeSettings { iss_required: true, ..settings() }, &random());
    assert_eq!(refusal(Some(&mut promised), &good), Some(CallbackRefusal::IssuerMissing));
    assert_eq!(refusal(Some(&mut promised), &format!("{good}&iss=https://as.example")), None);
    // A long issuer is compared whole, not as the excerpt a message shows.
    let long = format!("https://as.example/{}", "t".repeat(100));
    let mut long_attempt = Attempt::new(&AuthorizeSettings { issuer: long.clone(), ..settings() }, &random());
    assert_eq!(refusal(Some(&mut long_attempt), &format!("{good}&iss={long}")), None);
    let mut other = Attempt::new(&AuthorizeSettings { issuer: long.clone(), ..settings() }, &random());
    assert!(matches!(refusal(Some(&mut other), &format!("{good}&iss={long}x")), Some(CallbackRefusal::IssuerMismatch { .. })));
    // Without a known issuer, a present iss is not compared.
    let mut unknown = Attempt::new(&AuthorizeSettings { issuer: String::new(), ..settings() }, &random());
    assert_eq!(refusal(Some(&mut unknown), &format!("{good}&iss=https://any.example")), None);
}

#[test]
fn device_start_posts_client_id_scope_and_client_authentication() {
    let request = device_authorization_request("https://as.example/device", &client(ClientAuth::PrivateKeyJwt), " openid offline_access ", Some("a.b.c"));
    let request = request.or_fail();
    let names: Vec<&str> = request.form.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["client_id", "scope", "client_assertion_type", "client_assertion"]);
    assert_eq!(request.form[1].1, "openid offline_access");
    let none = device_authorization_request("https://as.example/device", &client(ClientAuth::None), "", None).or_fail();
    assert_eq!(none.form, [("client_id".to_owned(), "client-1".to_owned())]);
    let code = |endpoint: &str, scope: &str| device_authorization_request(endpoint, &client(ClientAuth::None), scope, None).err().map(|e| e.code());
    assert_eq!(code("", "openid"), Some("REQUEST_ENDPOINT_MISSING"));
    assert_eq!(code("https://as.example/device", "a\0"), Some("AUTHORIZE_PARAM_NUL"));
}

#[test]
fn device_answers_and_polls_mean_what_rfc8628_says() {
    // RFC 8628 §3.2's example answer.
    let example = r#"{"device_code":"GmRhmhcxhwAzkoEqiMEg_DnyEysNkuNhszIySk9eS","user_code":"WDJB-MJHT","verification_uri":"https://example.com/device","verification_uri_complete":"https://example.com/device?user_code=WDJB-MJHT","expires_in":1800,"interval":5}"#;
    let device = read_device_authorization(200, example).or_fail();
    assert_eq!(device.device_code(), "GmRhmhcxhwAzkoEqiMEg_DnyEysNkuNhszIySk9eS");
    assert_eq!((device.user_code.as_str(), device.address(), device.expires_in, device.interval), ("WDJB-MJHT", "https://example.com/device?user_code=WDJB-MJHT", 1800, 5));
    assert!(!format!("{device:?}").contains("GmRhmhcx"));
    let plain = read_device_authorization(200, r#"{"device_code":"d","user_code":"u","verification_url":"https://g.example/device","expires_in":600}"#).or_fail();
    assert_eq!((plain.address(), plain.interval), ("https://g.example/device", DEFAULT_INTERVAL_SECONDS));
    assert_eq!(read_device_authorization(200, r#"{"user_code":"u","verification_uri":"https://v.example","expires_in":1}"#).err().map(|e| e.code()), Some("REPLY_MEMBER_MISSING"));
    let script = r#"{"device_code":"d","user_code":"u","verification_uri":"https://as.example/device","verification_uri_complete":"javascript:alert(1)","expires_in":1}"#;
    assert_eq!(read_device_authorization(200, script).err().map(|e| e.code()), Some("REPLY_NOT_ADDRESS"));

    let error = |name: &str| format!(r#"{{"error":"{name}"}}"#);
    assert_eq!(poll_outcome(400, &error("authorization_pending"), 5), PollOutcome::Pending);
    assert_eq!(poll_outcome(400, &error("slow_down"), 5), PollOutcome::SlowDown { interval: 10 });
    assert_eq!(poll_outcome(400, &error("access_denied"), 5), PollOutcome::Denied);
    assert_eq!(poll_outcome(400, &error("expired_token"), 5), PollOutcome::Expired);
    assert_eq!(poll_outcome(200, r#"{"access_token":"at","token_type":"Bearer"}"#, 5), PollOutcome::Approved);
    assert!(matches!(poll_outcome(401, &error("invalid_client"), 5), PollOutcome::Failed(ReplyError::Server { status: 401, .. })));
    assert!(matches!(poll_outcome(500, "oops", 5), PollOutcome::Failed(ReplyError::NotObject { status: 500 })));
    assert!(PollOutcome::SlowDown { interval: 10 }.continues() && !PollOutcome::Denied.continues());
}

#[test]
fn dpop_jkt_binds_the_code_to_the_dpop_key_after_pkce() {
    // RFC 9449 §10: the thumbprint of the DPoP key, as an authorization request parameter.
    let jkt = "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I";
    let params = authorization_params(&settings(), &attempt(), Some(jkt)).or_fail();
    let names: Vec<&str> = params.0.iter().map(|(n, _)| n.as_str()).collect();
    let at = names.iter().position(|n| *n == "dpop_jkt");
    assert_eq!(at.map(|i| names[i - 1]), Some("code_challenge_method"), "{names:?}");
    assert_eq!(params.get("dpop_jkt"), Some(jkt));
    assert_eq!(authorization_params(&settings(), &attempt(), Some(" ")).or_fail().get("dpop_jkt"), None);
    assert_eq!(authorization_params(&settings(), &attempt(), None).or_fail().get("dpop_jkt"), None);
    // The page writes it; an extra line may not.
    let mut extra = settings();
    extra.extra = "dpop_jkt=someone-elses".into();
    let refused = authorization_params(&extra, &attempt(), None).err().map(|e| e.code());
    assert_eq!(refused, Some("AUTHORIZE_EXTRA_RESERVED"));
    // PAR pushes it with the rest.
    let pushed = par_request(&settings(), &client(ClientAuth::ClientSecretPost), PushedBody::Params(&params), None).or_fail();
    assert!(pushed.form.contains(&("dpop_jkt".to_owned(), jkt.to_owned())));
}
