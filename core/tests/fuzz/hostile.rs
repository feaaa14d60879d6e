//! Targeted hostile inputs.
use super::*;

/// Checks that `result` is the error `code`, came fast, and says so briefly.
fn refused(tally: &mut Tally, what: &str, code: &str, f: impl FnOnce() -> (Option<&'static str>, String)) {
    let ((actual, message), took) = tally.run(f);
    eprintln!("  {what}: {actual:?} in {took:?}");
    assert_eq!(actual, Some(code), "{what}: {message}");
    assert!(!message.trim().is_empty() && message.len() <= MAX_MESSAGE_BYTES, "{what}: message of {} bytes", message.len());
    assert!(took < Duration::from_millis(500), "{what}: took {took:?}; a size check should refuse it at once");
}

fn err<T, E: std::fmt::Display>(result: Result<T, E>, code: impl Fn(&E) -> &'static str) -> (Option<&'static str>, String) {
    match result {
        Ok(_) => (None, String::new()),
        Err(error) => (Some(code(&error)), error.to_string()),
    }
}

fn ten_mb() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| "A".repeat(10 << 20))
}

fn good_request() -> RequestSettings {
    RequestSettings {
        endpoint: "https://as.example/token".into(),
        client_auth: ClientAuth::ClientSecretPost,
        client_id: "client".into(),
        client_secret: "secret".into(),
        ..RequestSettings::default()
    }
}

fn good_assertion() -> AssertionSettings {
    AssertionSettings {
        client_id: "client".into(),
        audience: "https://as.example/token".into(),
        alg: Alg::EdDSA,
        ..AssertionSettings::default()
    }
}

const STAMP: Stamp = Stamp { now: 1_790_000_000, jti_bytes: [9; 16] };

#[test]
fn ten_megabyte_inputs_are_refused_at_once() {
    let big = ten_mb();
    let key = &seeds().keys[4];
    let mut tally = Tally::new("(all parsers)", "10 MB inputs refused by size checks");
    let key_code = |e: &pkjwt_core::KeyError| e.code();
    refused(&mut tally, "import_text", "KEY_TOO_LARGE", || err(import_text(big), key_code));
    refused(&mut tally, "import_text JSON", "KEY_TOO_LARGE", || err(import_text(&format!("{{\"kty\":\"{big}\"}}")), key_code));
    refused(&mut tally, "import_der", "KEY_TOO_LARGE", || err(import_der(big.as_bytes()), key_code));
    refused(&mut tally, "parse_jwk", "KEY_TOO_LARGE", || err(pkjwt_core::key::import::parse_jwk(big), key_code));
    refused(&mut tally, "parse_generated_jwk", "KEY_TOO_LARGE", || err(pkjwt_core::key::import::parse_generated_jwk(big), key_code));
    let pem_text = format!("-----BEGIN PRIVATE KEY-----\n{big}\n-----END PRIVATE KEY-----\n");
    refused(&mut tally, "pem::parse_blocks", "KEY_TOO_LARGE", || err(pem::parse_blocks(&pem_text), |e| e.code()));
    refused(&mut tally, "Certificate::from_chain", "KEY_TOO_LARGE", || err(Certificate::from_chain(vec![big.as_bytes().to_vec()]), |e| e.code()));
    let token = format!("eyJhbGciOiJub25lIn0.{big}.");
    refused(&mut tally, "jws::decode", "JWS_TOO_LARGE", || err(jws::decode(&token), jws::JwsDecodeError::code));
    let dots = ".".repeat(10 << 20);
    refused(&mut tally, "jws::decode dots", "JWS_TOO_LARGE", || err(jws::decode(&dots), jws::JwsDecodeError::code));
    let long_url = format!("https://as.example/{big}");
    let request_code = |e: &pkjwt_core::request::RequestError| e.code();
    refused(&mut tally, "Endpoint::parse", "REQUEST_ENDPOINT_INVALID", || err(Endpoint::parse(&long_url), |e| e.code()));
    refused(&mut tally, "metadata_url", "REQUEST_ENDPOINT_INVALID", || {
        err(metadata_url(&long_url, DiscoveryDocument::OpenIdConfiguration), request_code)
    });
    let metadata = format!("{{\"token_endpoint\":\"{big}\"}}");
    refused(&mut tally, "parse_metadata", "DISCOVERY_TOO_LARGE", || err(parse_metadata(&metadata), |e| e.code()));
    for field in ["endpoint", "client_id", "client_secret", "scope", "audience"] {
        let mut settings = good_request();
        let code = match field {
            "endpoint" => {
                settings.endpoint = long_url.clone();
                "REQUEST_ENDPOINT_INVALID"
            }
            "client_id" => {
                settings.client_id = big.to_owned();
                "REQUEST_VALUE_TOO_LONG"
            }
            "client_secret" => {
                settings.client_secret = big.to_owned();
                "REQUEST_VALUE_TOO_LONG"
            }
            param => {
                settings.params.insert(param.to_owned(), big.to_owned());
                "REQUEST_VALUE_TOO_LONG"
            }
        };
        refused(&mut tally, &format!("build_request {field}"), code, || err(build_request(&settings, None), request_code));
    }
    let mut exchange = RequestSettings { grant: Grant::TokenExchange, ..good_request() };
    exchange.params.insert("subject_token".into(), big.into());
    refused(&mut tally, "build_request subject_token", "REQUEST_VALUE_TOO_LONG", || err(build_request(&exchange, None), request_code));
    let assertion_code = |e: &assertion::AssertionError| e.code();
    for (field, code) in [
        ("client_id", "ASSERTION_FIELD_TOO_LONG"),
        ("subject", "ASSERTION_FIELD_TOO_LONG"),
        ("audience", "ASSERTION_FIELD_TOO_LONG"),
        ("typ", "ASSERTION_FIELD_TOO_LONG"),
        ("jku", "ASSERTION_FIELD_TOO_LONG"),
        ("extra_claims", "ASSERTION_EXTRA_TOO_LARGE"),
        ("lifetime", "ASSERTION_LIFETIME"),
        ("clock_skew", "ASSERTION_SKEW"),
    ] {
        let mut settings = good_assertion();
        let value = big.to_owned();
        match field {
            "client_id" => settings.client_id = value,
            "subject" => settings.subject = value,
            "audience" => settings.audience = value,
            "typ" => settings.typ = value,
            "jku" => settings.jku = value,
            "extra_claims" => settings.extra_claims = value,
            "lifetime" => settings.lifetime = value,
            _ => settings.clock_skew = value,
        }
        refused(&mut tally, &format!("assertion::build {field}"), code, || err(assertion::build(&settings, key, STAMP), assertion_code));
    }
    let fragment = format!("#v=1&client_id={big}");
    let ((setup, notes), took) = tally.run(|| share::from_fragment(&fragment));
    assert!(setup.is_empty() && notes.too_large == Some(fragment.len()), "from_fragment read a 10 MB fragment");
    assert!(took < Duration::from_millis(500), "from_fragment took {took:?}");
    let env = format!("CLIENT_ID='{big}'\n");
    let (result, took) = tally.run(|| share::from_env(&env));
    assert_eq!(result.as_ref().err().map(|e| e.line), Some(0), "from_env read a 10 MB file");
    assert!(took < Duration::from_millis(500), "from_env took {took:?}");
    // Renderers have no limit of their own (their input passed the limits above); a server's
    // 10 MB access token still renders in linear time.
    let (rendered, took) = tally.run(|| render_bearer_curl("https://api.example/", big));
    assert!(rendered.is_ok() && took < Duration::from_secs(2), "render_bearer_curl took {took:?}");
}

#[test]
fn deep_json_is_refused_cleanly() {
    let mut tally = Tally::new("(all parsers)", "10 000-deep JSON");
    let key = &seeds().keys[4];
    for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
        let deep = format!("{}1{}", open.repeat(10_000), close.repeat(10_000));
        let object = format!("{{\"kty\":{deep}}}");
        refused(&mut tally, "import_text", "JSON_SYNTAX", || err(import_text(&object), |e| e.code()));
        refused(&mut tally, "parse_jwk", "JSON_SYNTAX", || err(pkjwt_core::key::import::parse_jwk(&object), |e| e.code()));
        refused(&mut tally, "parse_metadata", "DISCOVERY_JSON", || err(parse_metadata(&object), |e| e.code()));
        let settings = AssertionSettings { extra_claims: format!("{{\"x\":{deep}}}"), ..good_assertion() };
        refused(&mut tally, "assertion::build extra claims", "ASSERTION_EXTRA_JSON", || {
            err(assertion::build(&settings, key, STAMP), |e| e.code())
        });
        let payload = <base64ct::Base64UrlUnpadded as base64ct::Encoding>::encode_string(deep.as_bytes());
        let token = format!("eyJhbGciOiJub25lIn0.{payload}.");
        refused(&mut tally, "jws::decode payload", "JWS_JSON", || err(jws::decode(&token), jws::JwsDecodeError::code));
        let env = format!("CLIENT_ID='{deep}'\n");
        let (result, _) = tally.run(|| share::from_env(&env));
        assert_eq!(result.ok().and_then(|(s, _)| s.get("client_id").cloned()), Some(deep.clone()), "a nested value is text to a .env file");
    }
}

#[test]
fn control_characters_get_clear_messages() {
    let mut tally = Tally::new("(all parsers)", "NUL and control characters");
    let key = &seeds().keys[4];
    refused(&mut tally, "import_text NUL", "KEY_UNRECOGNIZED", || err(import_text("\0"), |e| e.code()));
    refused(&mut tally, "PEM body NUL", "PEM_BODY", || {
        err(import_text("-----BEGIN PRIVATE KEY-----\nMII\0B\n-----END PRIVATE KEY-----"), |e| e.code())
    });
    let (message, _) = tally.run(|| pem::parse_blocks("-----BEGIN \u{1b}[31m\u{202e}-----\nAAAA\n").err().map(|e| e.to_string()).unwrap_or_default());
    assert!(message.contains("\\u{1b}") && message.contains("\\u{202e}") && !message.contains('\u{1b}'), "label shown raw: {message:?}");
    refused(&mut tally, "Endpoint::parse control", "REQUEST_ENDPOINT_INVALID", || err(Endpoint::parse("https://as.example/\u{1}"), |e| e.code()));
    let (message, _) = tally.run(|| Endpoint::parse("https://{\u{1b}[2J").err().map(|e| e.to_string()).unwrap_or_default());
    assert!(!message.contains('\u{1b}'), "placeholder shown raw: {message:?}");
    let mut settings = good_request();
    settings.params.insert("scope".into(), "read\0write".into());
    refused(&mut tally, "build_request NUL", "REQUEST_PARAM_NUL", || err(build_request(&settings, None), |e| e.code()));
    let settings = RequestSettings { client_id: "a\0b".into(), ..good_request() };
    refused(&mut tally, "build_request client_id NUL", "REQUEST_PARAM_NUL", || err(build_request(&settings, None), |e| e.code()));
    let settings = AssertionSettings { typ: "JWT\u{7}".into(), ..good_assertion() };
    refused(&mut tally, "assertion typ", "ASSERTION_TYP", || err(assertion::build(&settings, key, STAMP), |e| e.code()));
    let settings = AssertionSettings { jku: "https://a.example/\u{0}".into(), ..good_assertion() };
    refused(&mut tally, "assertion jku", "ASSERTION_JKU", || err(assertion::build(&settings, key, STAMP), |e| e.code()));
    let settings = AssertionSettings { extra_claims: "{\"a\":\"\u{1}\"}".into(), ..good_assertion() };
    refused(&mut tally, "assertion extra claims", "ASSERTION_EXTRA_JSON", || err(assertion::build(&settings, key, STAMP), |e| e.code()));
    refused(&mut tally, "jws::decode NUL", "JWS_PARTS", || err(jws::decode("\0"), jws::JwsDecodeError::code));
    let ((_, notes), _) = tally.run(|| share::from_fragment("#\u{1b}[31m=1&a\u{0}=2"));
    assert!(notes.unknown.iter().all(|n| !n.chars().any(char::is_control)), "{:?}", notes.unknown);
    let (result, _) = tally.run(|| share::from_env("A\u{0}B=1\n\u{1b}=2\n"));
    assert!(result.is_ok_and(|(_, notes)| notes.unknown.iter().all(|n| !n.chars().any(char::is_control))));
}

#[test]
fn absurd_lifetimes_are_refused_by_name() {
    let mut tally = Tally::new("assertion::build", "absurd lifetimes and skews");
    let key = &seeds().keys[4];
    for lifetime in ["9223372036854775807", "-9223372036854775808", "-1", "0", "1e999", "٣٠٠", "３００", "300.0", "0x12c", "", " ", "31536001", "3 00", "300\0", "NaN"] {
        let settings = AssertionSettings { lifetime: lifetime.into(), ..good_assertion() };
        refused(&mut tally, &format!("lifetime {lifetime:?}"), "ASSERTION_LIFETIME", || err(assertion::build(&settings, key, STAMP), |e| e.code()));
    }
    for (lifetime, seconds) in [("1", 1), (" 300 ", 300), ("+300", 300), ("31536000", 31_536_000)] {
        let settings = AssertionSettings { lifetime: lifetime.into(), ..good_assertion() };
        let (result, _) = tally.run(|| assertion::build(&settings, key, STAMP));
        let exp = result.ok().and_then(|u| u.claims.get("exp").and_then(Value::as_i64));
        assert_eq!(exp, Some(STAMP.now + seconds), "lifetime {lifetime:?}");
    }
    for skew in ["-1", "3601", "9223372036854775807", "1e999", "٣"] {
        let settings = AssertionSettings { clock_skew: skew.into(), ..good_assertion() };
        refused(&mut tally, &format!("skew {skew:?}"), "ASSERTION_SKEW", || err(assertion::build(&settings, key, STAMP), |e| e.code()));
    }
    // The clock at the end of time: claims saturate instead of overflowing.
    let (result, _) = tally.run(|| assertion::build(&good_assertion(), key, Stamp { now: i64::MAX, jti_bytes: [0; 16] }));
    assert_eq!(result.ok().and_then(|u| u.claims.get("exp").and_then(Value::as_i64)), Some(i64::MAX));
}

#[test]
fn absurd_urls_are_refused_by_name() {
    let mut tally = Tally::new("Endpoint::parse", "absurd URLs");
    let code = |url: &str| Endpoint::parse(url).err().map(|e| e.code());
    let megabyte_path = format!("https://as.example/{}", "a".repeat(1 << 20));
    for (url, expected) in [
        (megabyte_path.as_str(), Some("REQUEST_ENDPOINT_INVALID")),
        ("https://[::1]:8443/token", None),
        ("https://[2001:db8::1]/oauth2/token?x=1", None),
        ("https://{tenant}.okta.com/oauth2/v1/token", Some("REQUEST_ENDPOINT_PLACEHOLDER")),
        ("https://as.example/{", Some("REQUEST_ENDPOINT_PLACEHOLDER")),
        ("https://as.example/token#fragment", Some("REQUEST_ENDPOINT_INVALID")),
        ("https://user:password@as.example/token", Some("REQUEST_ENDPOINT_INVALID")),
        ("https://@as.example/token", Some("REQUEST_ENDPOINT_INVALID")),
        ("javascript:alert(1)", Some("REQUEST_ENDPOINT_INVALID")),
        ("https://", Some("REQUEST_ENDPOINT_INVALID")),
    ] {
        let (actual, took) = tally.run(|| code(url));
        assert_eq!(actual, expected, "{}", url.chars().take(80).collect::<String>());
        assert!(took < Duration::from_millis(500));
    }
    let (endpoint, _) = tally.run(|| Endpoint::parse("https://[::1]:8443/token"));
    assert_eq!(endpoint.as_ref().map(Endpoint::authority), Ok("[::1]:8443"));
    let (message, _) = tally.run(|| Endpoint::parse(&megabyte_path).err().map(|e| e.to_string()).unwrap_or_default());
    assert!(message.contains(&format!("{} characters", megabyte_path.chars().count())), "{message}");
    // Non-ASCII: the limit and the message count characters, not bytes.
    let (accepted, _) = tally.run(|| Endpoint::parse(&format!("https://as.example/{}", "é".repeat(1500))));
    assert!(accepted.is_ok(), "1 519 characters refused: {:?}", accepted.err());
    let (placeholder, _) = tally.run(|| Endpoint::parse(&format!("https://x/{{{}", "a".repeat(2000))).err().map(|e| e.to_string()).unwrap_or_default());
    assert!(placeholder.contains('…') && placeholder.len() < 300, "a 2000-character placeholder quoted whole: {} bytes", placeholder.len());
}

/// A long unclosed quoted value used to rescan the whole value for every line (minutes for
/// a 256 KB file); each line is now looked at once.
#[test]
fn env_reading_is_linear() {
    let mut tally = Tally::new("from_env", "256 KB unclosed quoted values");
    for quote in ['\'', '"'] {
        let text = format!("CLIENT_ID={quote}\n{}", "x\n".repeat(120_000));
        let (result, took) = tally.run(|| share::from_env(&text));
        assert!(result.is_err(), "an unclosed value read");
        assert!(took < Duration::from_secs(1), "{quote}: {took:?}");
        let closed = format!("SCOPES={quote}\n{}{quote}\n", "x\n".repeat(120_000));
        let (result, took) = tally.run(|| share::from_env(&closed));
        assert_eq!(result.ok().and_then(|(s, _)| s.get("scope").map(|v| v.lines().count())), Some(120_001));
        assert!(took < Duration::from_secs(1), "{quote}: {took:?}");
    }
    // Values written by to_env keep trailing spaces before a line break, and '\''; one with a
    // NUL is left out, with a comment.
    let setup: SharedSetup = [("client_id", "a\0b"), ("scope", "a \nb'\n '"), ("sub", "\\\\n")].into_iter().map(|(k, v)| (k.to_owned(), v.to_owned())).collect();
    let env = share::to_env(&setup);
    assert!(env.contains("# CLIENT_ID left out: it contains control characters"), "{env}");
    let (back, _) = tally.run(|| share::from_env(&env));
    let without_nul: SharedSetup = setup.into_iter().filter(|(k, _)| k != "client_id").collect();
    assert_eq!(back.map(|(s, _)| s), Ok(without_nul));
    let (escaped, _) = tally.run(|| share::from_env("SCOPES=\"a\\\\nb\\\"c\\n\"\n"));
    assert_eq!(escaped.ok().and_then(|(s, _)| s.get("scope").cloned()).as_deref(), Some("a\\nb\"c\n"));
}

#[test]
fn long_values_are_quoted_short_in_messages() {
    let mut tally = Tally::new("(all parsers)", "messages quote a short excerpt");
    let long = "K".repeat(100_000);
    let key = &seeds().keys[4];
    let mut with_use: Value = serde_json::from_str(&seeds().jwks[4]).expect("seed JWK");
    with_use["use"] = long.clone().into();
    let messages = [
        tally.run(|| import_text(&with_use.to_string()).err().map(|e| e.to_string())).0,
        tally.run(|| import_text(&format!("{{\"kty\":\"{long}\"}}")).err().map(|e| e.to_string())).0,
        tally.run(|| import_text(&format!("{{\"kty\":\"EC\",\"crv\":\"{long}\"}}")).err().map(|e| e.to_string())).0,
        tally.run(|| import_text(&format!("-----BEGIN {long}-----\nAAAA\n-----END {long}-----")).err().map(|e| e.to_string())).0,
        tally.run(|| import_text(&format!("-----BEGIN {long}-----\nAAAA\n")).err().map(|e| e.to_string())).0,
        tally.run(|| {
            let settings = AssertionSettings { lifetime: long.clone(), ..good_assertion() };
            assertion::build(&settings, key, STAMP).err().map(|e| e.to_string())
        })
        .0,
    ];
    for message in messages {
        let message = message.unwrap_or_default();
        assert!(!message.is_empty() && message.len() < 400, "{} bytes: {}…", message.len(), &message[..message.len().min(120)]);
        assert!(message.contains('…'), "{message}");
    }
}
