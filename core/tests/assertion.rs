//! Client assertion claims and header (RFC 7523 §3), and every way the settings can be wrong.
use pkjwt_core::assertion::{build, AssertionSettings, JtiFormat, Stamp};
use pkjwt_core::jwa::Alg;
use pkjwt_core::jws;
use pkjwt_core::crypto;
use pkjwt_core::key::{Key, KeyKind};
use pkjwt_core::key::certificate::self_signed;
use pkjwt_core::x509::CertificateRequest;
use serde_json::{json, Value};

const NOW: i64 = 1_790_000_000;

fn key(kind: KeyKind) -> Key {
    Key::from_private(crypto::generate(kind).unwrap_or_else(|e| panic!("{e}")))
}

fn settings() -> AssertionSettings {
    AssertionSettings {
        client_id: "my-client".into(),
        subject: "my-client".into(),
        audience: "https://auth.example/op/v1/token".into(),
        alg: Alg::ES256,
        ..AssertionSettings::default()
    }
}

fn stamp() -> Stamp {
    Stamp { now: NOW, jti_bytes: [0x5a; 16] }
}

#[test]
fn claims_follow_rfc7523_and_sign_verifiably() {
    let key = key(KeyKind::P256);
    let unsigned = build(&settings(), &key, stamp()).unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<&str> = unsigned.claims.keys().map(String::as_str).collect();
    assert_eq!(names, ["iss", "sub", "aud", "jti", "iat", "exp"]);
    assert_eq!(unsigned.claims["iss"], json!("my-client"));
    assert_eq!(unsigned.claims["sub"], json!("my-client"));
    assert_eq!(unsigned.claims["aud"], json!("https://auth.example/op/v1/token"));
    assert_eq!(unsigned.claims["iat"], json!(NOW));
    assert_eq!(unsigned.claims["exp"], json!(NOW + 300));
    // A version 4, variant 1 UUID made from our random bytes.
    let jti = unsigned.claims["jti"].as_str().unwrap_or_default().to_owned();
    assert_eq!(jti, "5a5a5a5a-5a5a-4a5a-9a5a-5a5a5a5a5a5a");
    assert_eq!(unsigned.header.get("alg"), Some(&json!("ES256")));
    assert_eq!(unsigned.header.get("typ"), Some(&json!("JWT")));
    assert_eq!(unsigned.header.get("kid"), Some(&json!(key.kid())));

    let assertion = unsigned.sign_with_rustcrypto(&key).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(assertion.expires_at, NOW + 300);
    let decoded = jws::decode(&assertion.token).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(decoded.verify(key.public_key()), Ok(()));
    assert_eq!(Value::Object(assertion.claims.clone()), decoded.claims);
}

#[test]
fn every_signature_gets_a_fresh_jti() {
    let key = key(KeyKind::P256);
    let a = build(&settings(), &key, Stamp::fresh(NOW)).unwrap_or_else(|e| panic!("{e}"));
    let b = build(&settings(), &key, Stamp::fresh(NOW)).unwrap_or_else(|e| panic!("{e}"));
    assert_ne!(a.claims["jti"], b.claims["jti"]);
    let mut s = settings();
    s.jti_format = JtiFormat::Base64Url;
    let c = build(&s, &key, stamp()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(c.claims["jti"].as_str().map(str::len), Some(22));
}

#[test]
fn options_shape_the_claims_and_header() {
    let mut key = key(KeyKind::Rsa2048);
    let request = CertificateRequest { common_name: "c".into(), not_before: NOW as u64, validity_days: 30 };
    let certificate = self_signed(&key, &request, [7; 16]).unwrap_or_else(|e| panic!("{e}"));
    key.set_certificate(certificate.clone()).unwrap_or_else(|e| panic!("{e}"));
    let s = AssertionSettings {
        alg: Alg::PS256,
        subject: String::new(),
        audience: "https://a.example\n\n https://b.example \n".into(),
        lifetime: " 60 ".into(),
        clock_skew: "30".into(),
        include_nbf: true,
        typ: "client-authentication+jwt".into(),
        include_kid: false,
        include_x5t: true,
        include_x5t_s256: true,
        jku: "https://client.example/jwks.json".into(),
        extra_claims: r#"{"scope": "system/*.rs", "n": 1}"#.into(),
        ..settings()
    };
    let unsigned = build(&s, &key, stamp()).unwrap_or_else(|e| panic!("{e}"));
    assert!(!unsigned.claims.contains_key("sub"));
    assert_eq!(unsigned.claims["aud"], json!(["https://a.example", "https://b.example"]));
    assert_eq!(unsigned.claims["iat"], json!(NOW - 30));
    assert_eq!(unsigned.claims["nbf"], json!(NOW - 30));
    assert_eq!(unsigned.claims["exp"], json!(NOW + 60));
    assert_eq!(unsigned.claims["scope"], json!("system/*.rs"));
    assert_eq!(unsigned.header.get("typ"), Some(&json!("client-authentication+jwt")));
    assert!(!unsigned.header.contains_key("kid"));
    assert_eq!(unsigned.header.get("x5t"), Some(&json!(certificate.x5t())));
    assert_eq!(unsigned.header.get("x5t#S256"), Some(&json!(certificate.x5t_s256())));
    assert_eq!(unsigned.header.get("jku"), Some(&json!("https://client.example/jwks.json")));

    let single_as_array = AssertionSettings { audience_as_array: true, ..settings() };
    let unsigned = build(&single_as_array, &self::key(KeyKind::P256), stamp()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(unsigned.claims["aud"], json!(["https://auth.example/op/v1/token"]));
}

#[test]
fn wrong_settings_say_what_is_wrong() {
    let ec = key(KeyKind::P256);
    let code = |s: AssertionSettings, key: &Key| build(&s, key, stamp()).err().map(|e| (e.code(), e.to_string()));
    let expect = |s: AssertionSettings, wanted: &str, fragment: &str| {
        let got = code(s, &ec);
        assert!(got.as_ref().is_some_and(|(c, m)| *c == wanted && m.contains(fragment)), "wanted {wanted} ~ {fragment:?}, got {got:?}");
    };
    expect(AssertionSettings { client_id: "  ".into(), ..settings() }, "ASSERTION_CLIENT_ID", "client_id");
    expect(AssertionSettings { audience: "\n \n".into(), ..settings() }, "ASSERTION_AUDIENCE", "aud");
    expect(AssertionSettings { alg: Alg::RS256, ..settings() }, "ASSERTION_ALG", "ES256");
    for lifetime in ["0", "-5", "abc", "1e3", "", "99999999999999999999", "31536001"] {
        expect(AssertionSettings { lifetime: lifetime.into(), ..settings() }, "ASSERTION_LIFETIME", "lifetime");
    }
    expect(AssertionSettings { clock_skew: "7200".into(), ..settings() }, "ASSERTION_SKEW", "3600");
    expect(AssertionSettings { extra_claims: "{\"a\": 1,\n \"b\": }".into(), ..settings() }, "ASSERTION_EXTRA_JSON", "line 2");
    expect(AssertionSettings { extra_claims: "[1]".into(), ..settings() }, "ASSERTION_EXTRA_NOT_OBJECT", "object");
    expect(AssertionSettings { extra_claims: "{\"exp\": 1}".into(), ..settings() }, "ASSERTION_EXTRA_RESERVED", "\"exp\"");
    let deep = format!("{{\"a\": {}1{}}}", "[".repeat(5000), "]".repeat(5000));
    expect(AssertionSettings { extra_claims: deep, ..settings() }, "ASSERTION_EXTRA_JSON", "recursion");
    expect(AssertionSettings { include_x5t_s256: true, ..settings() }, "ASSERTION_CERTIFICATE", "x5t#S256");
    expect(AssertionSettings { jku: "http://x/jwks".into(), ..settings() }, "ASSERTION_JKU", "https");
    for jku in ["https://user:pw@client.example/jwks", "https://{tenant}.example/jwks", "https://client.example/jw ks", "javascript:alert(1)"] {
        expect(AssertionSettings { jku: jku.into(), ..settings() }, "ASSERTION_JKU", "https");
    }
    expect(AssertionSettings { typ: "a\u{1}b".into(), ..settings() }, "ASSERTION_TYP", "typ");

    let public_only = Key::new(pkjwt_core::KeyMaterial::Public(ec.public_key().clone()));
    let got = code(settings(), &public_only);
    assert_eq!(got.map(|(c, _)| c), Some("SIGN_NOT_PRIVATE"));
}

/// The core's sentences name what to do, never where on the page (the page's layout changes;
/// issue 10 moved the key from step 1 to step 2).
#[test]
fn assertion_errors_do_not_name_the_page_layout() {
    use pkjwt_core::assertion::AssertionError;
    for error in [AssertionError::NoKey, AssertionError::CertificateNeeded { member: "x5t#S256" }, AssertionError::ExtraClaimReserved { name: "exp".into() }] {
        let text = error.to_string();
        for layout in ["step ", "above", "below", "button"] {
            assert!(!text.contains(layout), "{text}");
        }
    }
    assert_eq!(AssertionError::NoKey.to_string(), "No key yet: generate or import a key first.");
}
