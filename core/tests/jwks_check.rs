//! The JWKS URL check: the RFC 7638 §3.1 key and its published thumbprint as independent truth,
//! an openssl-made key, every verdict and note, the errors, and the curl run for real against a
//! loopback JWKS server.
mod common;

use common::*;
use pkjwt_core::jwa::Alg;
use pkjwt_core::jwks_check::{check_published, fetch_curl, JwksCheckError, Note, Publication, SameKey, MAX_CHECKED_JWKS_BYTES};
use pkjwt_core::key::export;
use pkjwt_core::Key;
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::Command;

/// RFC 7638 §3.1's example key, and the thumbprint the RFC gives for it.
const RFC_N: &str = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
const RFC_THUMBPRINT: &str = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";

fn rfc_jwk(extra: Value) -> Value {
    let mut jwk = json!({ "kty": "RSA", "e": "AQAB", "n": RFC_N });
    if let (Some(jwk), Some(extra)) = (jwk.as_object_mut(), extra.as_object()) {
        jwk.extend(extra.clone());
    }
    jwk
}

fn rfc_key(kid: &str) -> Key {
    import_one(&rfc_jwk(json!({ "kid": kid })).to_string())
}

fn jwks(keys: Vec<Value>) -> String {
    json!({ "keys": keys }).to_string()
}

/// A P-256 key openssl made, with `kid`.
fn openssl_key(kid: &str) -> Key {
    let scratch = Scratch::new("jwks-check");
    scratch.openssl(&["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "ec.pem"]);
    import_one(&scratch.read_string("ec.pem")).with_kid(kid).expect("kid")
}

fn check(key: &Key, alg: Alg, text: &str) -> Publication {
    check_published(key, alg, text).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_same_key_under_its_kid_is_published_whatever_the_member_order() {
    let key = rfc_key("2011-04-29");
    assert_eq!(key.thumbprint(), RFC_THUMBPRINT, "the RFC's thumbprint");
    // Written by hand, members in another order, with the RFC's alg and a use.
    let text = r#"{"keys":[{"n":"N","kid":"2011-04-29","use":"sig","alg":"RS256","e":"AQAB","kty":"RSA"}]}"#.replace('N', RFC_N);
    let verdict = check(&key, Alg::RS256, &text);
    assert_eq!(verdict, Publication::Published { kid: "2011-04-29".into(), notes: vec![] });
    assert!(verdict.to_string().starts_with("published: "), "{verdict}");
}

#[test]
fn alg_and_use_that_do_not_fit_are_noted() {
    let key = rfc_key("k");
    let text = jwks(vec![rfc_jwk(json!({ "kid": "k", "alg": "RS512", "use": "enc" }))]);
    let verdict = check(&key, Alg::RS256, &text);
    assert_eq!(
        verdict.notes(),
        [Note::UseNotSig { published: "enc".into() }, Note::AlgDiffers { published: "RS512".into(), assertion: Alg::RS256 }]
    );
    assert!(verdict.to_string().starts_with("published: "));
    assert!(verdict.to_string().contains("\"RS512\""), "{verdict}");
}

#[test]
fn another_key_under_the_same_kid_is_a_different_key() {
    let key = openssl_key("2011-04-29");
    let text = jwks(vec![rfc_jwk(json!({ "kid": "2011-04-29" }))]);
    let verdict = check(&key, Alg::ES256, &text);
    assert_eq!(
        verdict,
        Publication::DifferentKey {
            kid: "2011-04-29".into(),
            thumbprint: key.thumbprint().into(),
            published_thumbprint: Some(RFC_THUMBPRINT.into()),
            notes: vec![]
        }
    );
    assert!(verdict.to_string().starts_with("different key: "), "{verdict}");
    // An unreadable entry with the kid is not this key either, and says why.
    let text = jwks(vec![json!({ "kty": "oct", "k": "c2VjcmV0", "kid": "2011-04-29" })]);
    let verdict = check(&key, Alg::ES256, &text);
    assert!(matches!(&verdict, Publication::DifferentKey { published_thumbprint: None, .. }), "{verdict:?}");
    assert!(verdict.notes().iter().any(|n| matches!(n, Note::Unreadable { .. })));
    assert!(verdict.notes().iter().any(|n| matches!(n, Note::PrivateMembers { index: 0, members } if *members == ["k"])));
}

#[test]
fn without_the_kid_it_is_not_published_and_says_where_the_same_key_is() {
    let key = openssl_key("current");
    let public = |kid: Option<&str>| {
        let mut jwk: Value = serde_json::from_str(&export::public_jwk(&key)).expect("JSON");
        match kid {
            Some(kid) => jwk["kid"] = kid.into(),
            None => drop(jwk.as_object_mut().map(|o| o.remove("kid"))),
        }
        jwk
    };
    let other = rfc_jwk(json!({ "kid": "other" }));
    assert_eq!(
        check(&key, Alg::ES256, &jwks(vec![other.clone()])),
        Publication::NotPublished { kid: "current".into(), kids_seen: vec!["other".into()], same_key_under: None, notes: vec![] }
    );
    let under = check(&key, Alg::ES256, &jwks(vec![other.clone(), public(Some("old"))]));
    assert!(matches!(&under, Publication::NotPublished { same_key_under: Some(SameKey::Kid(k)), .. } if k == "old"), "{under:?}");
    assert!(under.to_string().starts_with("not published: "), "{under}");
    let bare = check(&key, Alg::ES256, &jwks(vec![other, public(None)]));
    assert!(matches!(&bare, Publication::NotPublished { same_key_under: Some(SameKey::WithoutKid { index: 1 }), .. }), "{bare:?}");
    let empty = check(&key, Alg::ES256, r#"{"keys":[]}"#);
    assert!(empty.to_string().starts_with("not published: "), "{empty}");
}

#[test]
fn a_published_private_key_is_said_loudly() {
    let key = openssl_key("leaky");
    let private = export::private_jwk(&key).expect("private");
    let verdict = check(&key, Alg::ES256, &format!("{{\"keys\":[{}]}}", private.as_str()));
    assert!(matches!(&verdict, Publication::Published { .. }));
    assert_eq!(verdict.notes(), [Note::PrivateMembers { index: 0, members: vec!["d"] }]);
    assert!(verdict.to_string().contains("anyone who reads this URL can sign as this client"), "{verdict}");
}

#[test]
fn what_is_not_a_jwk_set_is_a_typed_error() {
    let key = rfc_key("k");
    let code = |text: &str| check_published(&key, Alg::RS256, text).map(|_| ()).map_err(|e| e.code());
    assert_eq!(code("<html>login</html>"), Err("JWKS_CHECK_UNREADABLE"));
    assert_eq!(code(r#"{"issuer":"x"}"#), Err("JWKS_CHECK_UNREADABLE"));
    assert_eq!(code(r#"{"keys":{}}"#), Err("JWKS_CHECK_UNREADABLE"));
    assert_eq!(code(&rfc_jwk(json!({ "kid": "k" })).to_string()), Err("JWKS_CHECK_SINGLE_JWK"));
    let huge = format!("{{\"keys\":[],\"pad\":\"{}\"}}", "x".repeat(MAX_CHECKED_JWKS_BYTES));
    assert_eq!(
        check_published(&key, Alg::RS256, &huge).map(|_| ()),
        Err(JwksCheckError::TooLarge { length: huge.len(), limit: MAX_CHECKED_JWKS_BYTES })
    );
    assert!(check_published(&key, Alg::RS256, &format!("\u{feff}{}", jwks(vec![]))).is_ok(), "a BOM is skipped");
}

/// Serves `body` once on a loopback port; returns the URL base and the request it received.
fn serve_once(body: String) -> (String, std::thread::JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let handle = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().expect("accept");
        let mut request = Vec::new();
        let mut buffer = [0u8; 4096];
        while !request.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = stream.read(&mut buffer).expect("read");
            if n == 0 {
                break;
            }
            request.extend_from_slice(&buffer[..n]);
        }
        let answer = format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len());
        stream.write_all(answer.as_bytes()).expect("write");
        String::from_utf8_lossy(&request).into_owned()
    });
    (base, handle)
}

#[test]
fn the_curl_fetches_the_url_for_real_and_its_output_checks_out() {
    let key = rfc_key("2011-04-29");
    let (base, server) = serve_once(jwks(vec![rfc_jwk(json!({ "kid": "2011-04-29" }))]));
    let scratch = Scratch::new("jwks-curl");
    // A URL that would run a command if it were not quoted.
    let path = "/jwks?x='$(touch${IFS}PWNED)'&y=`id`";
    let command = fetch_curl(&format!("{base}{path}")).expect("curl");
    let output = Command::new("bash").arg("-c").arg(&command).current_dir(scratch.dir()).output().expect("bash");
    assert!(output.status.success(), "{}\n{command}", String::from_utf8_lossy(&output.stderr));
    let request = server.join().expect("server");
    assert!(request.starts_with(&format!("GET {path} HTTP/1.1\r\n")), "{request}");
    assert!(request.to_ascii_lowercase().contains("\r\naccept: application/json\r\n"), "{request}");
    assert!(!scratch.path("PWNED").exists());
    let verdict = check(&key, Alg::RS256, &String::from_utf8_lossy(&output.stdout));
    assert!(matches!(verdict, Publication::Published { .. }), "{verdict:?}");
}
