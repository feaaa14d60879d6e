//! Property tests: whatever is pasted or uploaded, importing returns a key or a typed error
//! and never panics. Inputs are arbitrary text and bytes, and valid JWK/PEM/DER with
//! random edits, which reach far deeper into the parsers than random noise does.
mod common;

use common::*;
use pkjwt_core::jwk;
use pkjwt_core::key::export;
use pkjwt_core::key::import::{import_der, import_text};
use pkjwt_core::x509::{self_signed, CertificateRequest};
use pkjwt_core::{Key, KeyKind};
use proptest::prelude::*;
use std::sync::OnceLock;

/// Valid inputs to mutate: private and public JWKs, JWKS, PEM and DER for each key family.
struct Seeds {
    texts: Vec<String>,
    ders: Vec<Vec<u8>>,
}

fn seeds() -> &'static Seeds {
    static SEEDS: OnceLock<Seeds> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let mut texts = Vec::new();
        let mut ders = Vec::new();
        for kind in [KeyKind::Rsa2048, KeyKind::P256, KeyKind::P521, KeyKind::Ed25519] {
            let private = generated(kind);
            let mut key = Key::from_private(private.clone());
            let request = CertificateRequest { common_name: "fuzz".into(), not_before: 1_700_000_000, validity_days: 30 };
            let certificate = self_signed(&pkjwt_core::Key::from_private((private).clone()), &request, [7; 16]).expect("certificate");
            ders.push(certificate.der().to_vec());
            key.set_certificate(certificate.clone()).expect("own certificate");
            texts.push(jwk::private_jwk(&key).expect("private").to_string());
            texts.push(jwk::public_jwks(&key));
            let private_pem = export::private_pem(&key).expect("encode").expect("private");
            texts.push(format!("{}{}", *private_pem, certificate.pem()));
            texts.push(export::public_pem(&key).expect("encode"));
            ders.push(export::private_pkcs8_der(&key).expect("encode").expect("private").to_vec());
        }
        Seeds { texts, ders }
    })
}

/// One edit of a byte string: overwrite, insert, delete or truncate at `position`.
#[derive(Debug, Clone)]
enum Edit {
    Set(usize, u8),
    Insert(usize, u8),
    Delete(usize),
    Truncate(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Edit::Set(at, byte)),
        (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Edit::Insert(at, byte)),
        any::<usize>().prop_map(Edit::Delete),
        any::<usize>().prop_map(Edit::Truncate),
    ]
}

fn apply(bytes: &mut Vec<u8>, edits: &[Edit]) {
    for edit in edits {
        let len = bytes.len().max(1);
        match *edit {
            Edit::Set(at, byte) if !bytes.is_empty() => bytes[at % len] = byte,
            Edit::Insert(at, byte) => bytes.insert(at % (bytes.len() + 1), byte),
            Edit::Delete(at) if !bytes.is_empty() => {
                bytes.remove(at % len);
            }
            Edit::Truncate(at) => bytes.truncate(at % len),
            _ => {}
        }
    }
}

/// Edits that keep text characters ASCII-printable, so they land in base64 bodies and JSON
/// strings rather than only producing invalid UTF-8.
fn text_edit() -> impl Strategy<Value = Edit> {
    edit().prop_map(|edit| match edit {
        Edit::Set(at, byte) => Edit::Set(at, b' ' + byte % 95),
        Edit::Insert(at, byte) => Edit::Insert(at, b' ' + byte % 95),
        other => other,
    })
}

proptest! {
    // 256 cases keep `cargo test` quick; PROPTEST_CASES=100000 digs deeper.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(256),
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        let _ = import_text(&text);
    }

    #[test]
    fn arbitrary_key_like_text_never_panics(text in r#"[\{\}\[\]":,a-zA-Z0-9 \-_=+/\n]{0,400}"#) {
        let _ = import_text(&text);
        let _ = import_text(&format!("-----BEGIN PRIVATE KEY-----\n{text}\n-----END PRIVATE KEY-----\n"));
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let _ = import_der(&bytes);
        let _ = import_text(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn mutated_valid_text_never_panics(seed in any::<prop::sample::Index>(), edits in proptest::collection::vec(text_edit(), 1..6)) {
        let seeds = seeds();
        let mut bytes = seed.get(&seeds.texts).clone().into_bytes();
        apply(&mut bytes, &edits);
        let _ = import_text(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn mutated_valid_der_never_panics(seed in any::<prop::sample::Index>(), edits in proptest::collection::vec(edit(), 1..6)) {
        let seeds = seeds();
        let mut bytes = seed.get(&seeds.ders).clone();
        apply(&mut bytes, &edits);
        let _ = import_der(&bytes);
        let _ = import_text(&<base64ct::Base64 as base64ct::Encoding>::encode_string(&bytes));
    }

    #[test]
    fn jwk_members_with_arbitrary_values_never_panic(
        seed in 0usize..4,
        member in prop::sample::select(vec!["n", "e", "d", "p", "q", "x", "y", "crv", "kty", "alg", "use", "kid", "x5c"]),
        value in prop_oneof![
            any::<Vec<u8>>().prop_map(|bytes| serde_json::Value::String(b64url(&bytes))),
            any::<String>().prop_map(serde_json::Value::String),
            any::<i64>().prop_map(serde_json::Value::from),
            Just(serde_json::Value::Null),
            Just(serde_json::json!(["AA", 1])),
        ],
    ) {
        let seeds = seeds();
        // Seeds come in groups of four per kind; the first of each is the private JWK.
        let mut jwk: serde_json::Value = serde_json::from_str(&seeds.texts[seed * 4]).expect("seed JWK");
        jwk[member] = value;
        let _ = import_text(&jwk.to_string());
    }
}
