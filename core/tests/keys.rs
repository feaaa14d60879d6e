//! Generated keys of every kind: their JWK and PEM forms round-trip, and openssl reads our
//! PKCS#8 and derives the same public key we export.
mod common;

use common::*;
use pkjwt_core::jwk;
use pkjwt_core::key::export;
use pkjwt_core::key::import::import_text;
use pkjwt_core::{Key, KeyKind};
use serde_json::Value;

const PRIVATE_MEMBERS: [&str; 8] = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

fn key_of(kind: KeyKind) -> Key {
    Key::from_private(generated(kind).clone())
}

#[test]
fn private_jwk_round_trips_for_every_kind() {
    for kind in KeyKind::ALL {
        let key = key_of(kind);
        let text = pkjwt_core::key::export::private_jwk(&key).expect("a generated key has a private JWK");
        let back = import_one(&text);
        assert!(back.is_private(), "{kind:?}");
        assert_eq!(back.thumbprint(), key.thumbprint(), "{kind:?}");
        assert_eq!(back.public_key(), key.public_key(), "{kind:?}");
        assert_eq!(back.public_key().kind(), Some(kind));
        let ours = export::private_pkcs8_der(&key).expect("encode").expect("private");
        let theirs = export::private_pkcs8_der(&back).expect("encode").expect("private");
        assert!(*ours == *theirs, "{kind:?}: the private key changed in the JWK round trip");
    }
}

#[test]
fn private_pem_is_accepted_by_openssl_and_yields_our_public_pem() {
    for kind in KeyKind::ALL {
        let scratch = Scratch::new("keys-pem");
        let key = key_of(kind);
        let private_pem = export::private_pem(&key).expect("encode").expect("private");
        assert!(private_pem.starts_with("-----BEGIN PRIVATE KEY-----\n"), "{kind:?}");
        scratch.write("private.pem", private_pem.as_bytes());

        let public_from_openssl = scratch.openssl_text(&["pkey", "-in", "private.pem", "-pubout"]);
        let public_pem = export::public_pem(&key).expect("encode");
        assert_eq!(public_pem, public_from_openssl, "{kind:?}: SPKI differs from openssl's");

        let text = scratch.openssl_text(&["pkey", "-in", "private.pem", "-noout", "-text"]);
        let expected_header = match kind {
            KeyKind::Rsa2048 => "Private-Key: (2048 bit, 2 primes)",
            KeyKind::Rsa3072 => "Private-Key: (3072 bit, 2 primes)",
            KeyKind::Rsa4096 => "Private-Key: (4096 bit, 2 primes)",
            KeyKind::P256 => "NIST CURVE: P-256",
            KeyKind::P384 => "NIST CURVE: P-384",
            KeyKind::P521 => "NIST CURVE: P-521",
            KeyKind::Ed25519 => "ED25519 Private-Key:",
        };
        assert!(text.contains(expected_header), "{kind:?}: openssl says\n{text}");
        if kind != KeyKind::Ed25519 {
            // openssl 3.0 has no consistency check for Ed25519 keys.
            scratch.openssl(&["pkey", "-in", "private.pem", "-noout", "-check"]);
        }
    }
}

#[test]
fn rsa_private_jwk_crt_members_match_openssl() {
    // dp, dq and qi are derived by our JWK writer; openssl prints them from the PKCS#8 and
    // `-check` has verified them there.
    let scratch = Scratch::new("keys-crt");
    let key = key_of(KeyKind::Rsa2048);
    let private_pem = export::private_pem(&key).expect("encode").expect("private");
    scratch.write("private.pem", private_pem.as_bytes());
    let text = scratch.openssl_text(&["pkey", "-in", "private.pem", "-noout", "-text"]);
    let jwk_text = pkjwt_core::key::export::private_jwk(&key).expect("private");
    let jwk: Value = serde_json::from_str(&jwk_text).expect("JSON");
    for (name, label) in [
        ("n", "modulus:"),
        ("d", "privateExponent:"),
        ("p", "prime1:"),
        ("q", "prime2:"),
        ("dp", "exponent1:"),
        ("dq", "exponent2:"),
        ("qi", "coefficient:"),
    ] {
        assert_eq!(b64url_decode(member(&jwk, name)), openssl_text_field(&text, label), "JWK member {name}");
    }
    assert_eq!(b64url_decode(member(&jwk, "e")), vec![1, 0, 1]);
    assert!(text.contains("publicExponent: 65537 (0x10001)"));
}

#[test]
fn ec_and_okp_private_jwk_members_match_openssl() {
    let scratch = Scratch::new("keys-ecd");
    for (kind, len) in [(KeyKind::P256, 32), (KeyKind::P384, 48), (KeyKind::P521, 66), (KeyKind::Ed25519, 32)] {
        let key = key_of(kind);
        let private_pem = export::private_pem(&key).expect("encode").expect("private");
        scratch.write("private.pem", private_pem.as_bytes());
        let text = scratch.openssl_text(&["pkey", "-in", "private.pem", "-noout", "-text"]);
        let jwk: Value = serde_json::from_str(&pkjwt_core::key::export::private_jwk(&key).expect("private")).expect("JSON");
        let d = b64url_decode(member(&jwk, "d"));
        assert_eq!(d.len(), len, "{kind:?}: d must be the full field length (RFC 7518 §6.2.2.1)");
        assert_eq!(strip_leading_zeros(d), openssl_text_field(&text, "priv:"), "{kind:?}");
        let public = openssl_text_field(&text, "pub:");
        let x = b64url_decode(member(&jwk, "x"));
        assert_eq!(x.len(), len, "{kind:?}: x length");
        if kind == KeyKind::Ed25519 {
            assert_eq!(strip_leading_zeros(x), public);
        } else {
            let y = b64url_decode(member(&jwk, "y"));
            assert_eq!(y.len(), len, "{kind:?}: y length");
            let point = [vec![4u8], x, y].concat();
            assert_eq!(point, public, "{kind:?}");
        }
    }
}

#[test]
fn public_jwk_has_no_private_members_and_re_imports_as_public() {
    for kind in KeyKind::ALL {
        let key = key_of(kind);
        let text = pkjwt_core::key::export::public_jwk(&key);
        let value: Value = serde_json::from_str(&text).expect("public JWK is JSON");
        let object = value.as_object().expect("public JWK is an object");
        for name in PRIVATE_MEMBERS {
            assert!(!object.contains_key(name), "{kind:?}: public JWK has private member {name}: {text}");
        }
        let expected_kty = match kind {
            KeyKind::Rsa2048 | KeyKind::Rsa3072 | KeyKind::Rsa4096 => "RSA",
            KeyKind::P256 | KeyKind::P384 | KeyKind::P521 => "EC",
            KeyKind::Ed25519 => "OKP",
        };
        assert_eq!(member(&value, "kty"), expected_kty);
        assert_eq!(object.get("crv").and_then(Value::as_str), kind.curve());
        assert_eq!(member(&value, "kid"), key.thumbprint());
        assert_eq!(member(&value, "use"), "sig");

        let back = import_one(&text);
        assert!(!back.is_private(), "{kind:?}: a public JWK imported as private");
        assert_eq!(back.thumbprint(), key.thumbprint());
        assert_eq!(back.public_key(), key.public_key());
    }
}

#[test]
fn public_jwks_is_a_set_of_exactly_the_public_jwk() {
    for kind in KeyKind::ALL {
        let mut key = key_of(kind).with_kid("my-key-1").expect("a plain kid");
        key.set_alg(Some(kind.default_alg())).expect("default alg fits");
        let set: Value = serde_json::from_str(&pkjwt_core::key::export::public_jwks(&key)).expect("JWKS is JSON");
        let object = set.as_object().expect("JWKS is an object");
        assert_eq!(object.len(), 1, "{kind:?}: JWKS has members other than keys: {set}");
        let keys = object["keys"].as_array().expect("keys is an array");
        assert_eq!(keys.len(), 1);
        let public: Value = serde_json::from_str(&pkjwt_core::key::export::public_jwk(&key)).expect("JSON");
        assert_eq!(keys[0], public);
        assert_eq!(member(&keys[0], "kid"), "my-key-1");
        assert_eq!(member(&keys[0], "alg"), kind.default_alg().name());

        let imported = import_text(&pkjwt_core::key::export::public_jwks(&key)).expect("our JWKS imports");
        assert_eq!(imported.candidates.len(), 1);
        let back = &imported.candidates[0].key;
        assert_eq!(back.kid(), "my-key-1");
        assert_eq!(back.alg(), Some(kind.default_alg()));
        assert_eq!(back.thumbprint(), key.thumbprint());
    }
}

#[test]
fn debug_output_never_shows_private_members() {
    for kind in KeyKind::ALL {
        let key = key_of(kind);
        let jwk_text = pkjwt_core::key::export::private_jwk(&key).expect("private");
        let jwk: Value = serde_json::from_str(&jwk_text).expect("JSON");
        let imported = import_text(&jwk_text).expect("imports");
        let secrets: Vec<String> = ["d", "p", "q", "dp", "dq", "qi"]
            .iter()
            .filter_map(|name| jwk.get(*name).and_then(Value::as_str))
            .flat_map(|b64| {
                let bytes = b64url_decode(b64);
                let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
                let decimal_head: Vec<String> = bytes.iter().take(4).map(u8::to_string).collect();
                [b64.to_owned(), hex[..16].to_owned(), format!("[{}", decimal_head.join(", "))]
            })
            .collect();
        let debug = format!("{key:?} {:?} {:?} {imported:?}", generated(kind), key.material());
        for secret in &secrets {
            assert!(!debug.contains(secret.as_str()), "{kind:?}: Debug output shows private material {secret}: {debug}");
        }
        assert!(debug.contains("redacted"), "{debug}");
    }
}

#[test]
fn jwk_struct_debug_redacts_private_members() {
    let mut jwk = jwk::Jwk::default();
    jwk.kty = "EC";
    jwk.d = Some("c2VjcmV0LXNjYWxhcg".into());
    jwk.x = Some("public-x".into());
    let debug = format!("{jwk:?}");
    assert!(!debug.contains("c2VjcmV0LXNjYWxhcg"), "{debug}");
    assert!(debug.contains("public-x"), "{debug}");
}

#[test]
fn key_kind_ids_round_trip() {
    for kind in KeyKind::ALL {
        assert_eq!(KeyKind::from_id(kind.id()), Some(kind));
        assert_eq!(key_of(kind).public_key().kind(), Some(kind));
        assert!(key_of(kind).public_key().supports(kind.default_alg()));
    }
    assert_eq!(KeyKind::from_id("RSA-1024"), None);
}

#[test]
fn a_kid_is_short_printable_text() {
    let mut key = key_of(KeyKind::ALL[3]);
    let thumbprint = key.kid().to_owned();
    for bad in ["ctl\u{0}", "a\u{202e}b", "bell\u{7}", &"k".repeat(257)] {
        let error = key.set_kid(bad).expect_err("refused");
        assert_eq!(error.code(), "JWK_INVALID_MEMBER", "{bad:?}: {error}");
        assert!(error.to_string().contains("kid"), "{error}");
        assert_eq!(key.kid(), thumbprint, "a refused kid changes nothing");
    }
    key.set_kid(&"k".repeat(256)).expect("256 characters are fine");
    key.set_kid("  my key  ").expect("plain text");
    assert_eq!(key.kid(), "my key");
    key.reset_kid();
    assert_eq!(key.kid(), thumbprint);
    // An imported JWK with such a kid gets the same message.
    let private = pkjwt_core::key::export::private_jwk(&key).expect("a private key");
    let mut jwk: Value = serde_json::from_str(&private).expect("JSON");
    jwk["kid"] = Value::from("x\u{202e}y");
    let error = import_text(&jwk.to_string()).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(error.contains("kid") && error.contains("direction"), "{error}");
}

#[test]
fn a_kind_signs_with_exactly_the_algs_its_keys_support() {
    let keys: Vec<(KeyKind, pkjwt_core::Key)> = KeyKind::ALL.into_iter().map(|kind| (kind, key_of(kind))).collect();
    for (kind, key) in &keys {
        for alg in pkjwt_core::Alg::ALL {
            assert_eq!(kind.signs_with(alg), key.public_key().supports(alg), "{kind:?} {alg}");
        }
    }
    for alg in pkjwt_core::Alg::ALL {
        let made = KeyKind::for_alg(alg);
        let key = keys.iter().find(|(kind, _)| *kind == made).map(|(_, key)| key);
        assert!(key.is_some_and(|key| key.public_key().supports(alg)), "{alg} -> {made:?}");
    }
}
