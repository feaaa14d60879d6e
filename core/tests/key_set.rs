//! The key set for rotation: keys openssl made, added, switched and removed; the public JWK
//! Set lists each key (checked against openssl's own public key), current first; what
//! "remember" stores reads back as the same set.
mod common;

use common::*;
use pkjwt_core::key::export;
use pkjwt_core::key::import::import_text;
use pkjwt_core::key::{Key, KeySet, KeySetError, MAX_KEYS};
use serde_json::Value;

/// A key openssl generated (`genpkey` arguments), and openssl's SPKI PEM of it.
fn openssl_key(scratch: &Scratch, name: &str, args: &[&str]) -> (Key, String) {
    let file = format!("{name}.pem");
    let mut command = vec!["genpkey"];
    command.extend_from_slice(args);
    command.extend_from_slice(&["-out", &file]);
    scratch.openssl(&command);
    let public_pem = scratch.openssl_text(&["pkey", "-in", &file, "-pubout"]);
    (import_one(&scratch.read_string(&file)), public_pem)
}

fn three_keys(scratch: &Scratch) -> Vec<(Key, String)> {
    vec![
        openssl_key(scratch, "ec", &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"]),
        openssl_key(scratch, "ed", &["-algorithm", "ED25519"]),
        openssl_key(scratch, "rsa", &["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"]),
    ]
}

fn kids(jwks: &str) -> Vec<String> {
    let value: Value = serde_json::from_str(jwks).expect("JSON");
    value["keys"].as_array().expect("keys").iter().map(|k| member(k, "kid").to_owned()).collect()
}

#[test]
fn a_set_of_one_exports_the_same_jwks_as_the_key() {
    let scratch = Scratch::new("keyset-one");
    for (key, _) in three_keys(&scratch) {
        let set = KeySet::new(key.clone());
        assert_eq!(set.public_jwks(), export::public_jwks(&key), "byte for byte");
        assert_eq!(set.remembered().as_deref().map(String::as_str), export::private_jwk(&key).as_deref().map(String::as_str));
    }
}

#[test]
fn the_public_jwks_lists_every_key_current_first_and_each_is_openssls_key() {
    let scratch = Scratch::new("keyset-jwks");
    let keys = three_keys(&scratch);
    let (set, refused) = KeySet::with_others(keys[0].0.clone(), keys[1..].iter().map(|(k, _)| k.clone()));
    assert!(refused.is_empty(), "{refused:?}");
    let jwks = set.public_jwks();
    assert_eq!(kids(&jwks), keys.iter().map(|(k, _)| k.kid().to_owned()).collect::<Vec<_>>());
    assert!(!jwks.contains("\"d\""), "no private member in the public JWKS");
    // Each entry, read back and written as SPKI, is the key openssl made (not our own view of it).
    let value: Value = serde_json::from_str(&jwks).expect("JSON");
    for (entry, (_, openssl_public)) in value["keys"].as_array().expect("keys").iter().zip(&keys) {
        let back = import_one(&entry.to_string());
        assert_eq!(export::public_pem(&back).expect("pem"), *openssl_public);
    }

    let mut set = set;
    let next = keys[2].0.kid().to_owned();
    set.use_kid(&next).expect("use");
    assert_eq!(set.current().kid(), next);
    assert_eq!(kids(&set.public_jwks())[0], next, "the new current key comes first");
    assert_eq!(set.len(), 3, "switching keeps every key");
    assert_eq!(set.others()[1].kid(), keys[0].0.kid(), "the old current key takes the place of the new one");
}

#[test]
fn the_set_refuses_duplicates_a_sixth_key_and_removing_the_current_key() {
    let scratch = Scratch::new("keyset-refuse");
    let keys = three_keys(&scratch);
    let mut set = KeySet::new(keys[0].0.clone());
    assert_eq!(set.add(keys[0].0.clone()), Err(KeySetError::SameKey { held: keys[0].0.kid().to_owned() }));
    let clash = keys[1].0.clone().with_kid(keys[0].0.kid()).expect("kid");
    assert_eq!(set.add(clash), Err(KeySetError::DuplicateKid { kid: keys[0].0.kid().to_owned() }));
    assert_eq!(set.check_current_kid(keys[0].0.kid()), Ok(()), "the current key may keep its kid");
    set.add(keys[1].0.clone().with_kid("next").expect("kid")).expect("add");
    assert_eq!(set.check_current_kid("next"), Err(KeySetError::DuplicateKid { kid: "next".into() }));
    set.add(keys[2].0.clone()).expect("add the third");
    for kind in [pkjwt_core::KeyKind::P384, pkjwt_core::KeyKind::P521] {
        set.add(Key::from_private(generated(kind).clone())).expect("add up to the fifth");
    }
    assert_eq!(set.len(), MAX_KEYS);
    assert!(set.is_full());
    let sixth = Key::from_private(generated(pkjwt_core::KeyKind::Ed25519).clone());
    assert_eq!(set.add(sixth.clone()), Err(KeySetError::Full { kid: sixth.kid().to_owned(), max: MAX_KEYS }));

    let current = set.current().kid().to_owned();
    assert_eq!(set.remove(&current).map(|k| k.kid().to_owned()), Err(KeySetError::RemoveCurrent { kid: current }));
    assert_eq!(set.remove("nope").map(|_| ()), Err(KeySetError::UnknownKid { kid: "nope".into() }));
    assert_eq!(set.use_kid("nope"), Err(KeySetError::UnknownKid { kid: "nope".into() }));
    assert_eq!(set.remove("next").map(|k| k.kid().to_owned()), Ok("next".to_owned()));
    assert_eq!(set.len(), MAX_KEYS - 1);
}

#[test]
fn replacing_the_current_key_keeps_the_others_and_drops_a_clash() {
    let scratch = Scratch::new("keyset-replace");
    let keys = three_keys(&scratch);
    let (mut set, _) = KeySet::with_others(keys[0].0.clone(), [keys[1].0.clone()]);
    set.replace_current(keys[2].0.clone());
    assert_eq!(kids(&set.public_jwks()), [keys[2].0.kid(), keys[1].0.kid()]);
    // Importing a key the set already holds as another member makes it current, once.
    set.replace_current(keys[1].0.clone());
    assert_eq!(kids(&set.public_jwks()), [keys[1].0.kid()]);
}

#[test]
fn an_imported_jwks_keeps_every_private_key_and_notes_public_ones() {
    let scratch = Scratch::new("keyset-import");
    let keys = three_keys(&scratch);
    let jwk = |key: &Key| serde_json::from_str::<Value>(&export::private_jwk(key).expect("private")).expect("JSON");
    let public = serde_json::from_str::<Value>(&export::public_jwk(&keys[2].0)).expect("JSON");
    let text = serde_json::json!({ "keys": [public, jwk(&keys[0].0), jwk(&keys[1].0)] }).to_string();
    let imported = import_text(&text).expect("import");
    let preferred = imported.preferred();
    assert_eq!(preferred, 1, "the first private key");
    let (set, left_out) = KeySet::from_imported(&imported, preferred).expect("a candidate");
    assert_eq!(kids(&set.public_jwks()), [keys[0].0.kid(), keys[1].0.kid()]);
    assert!(set.keys().iter().all(Key::is_private));
    assert_eq!(left_out, [KeySetError::PublicOnly { kid: keys[2].0.kid().to_owned() }]);
}

#[test]
fn what_remember_stores_reads_back_as_the_same_set_with_certificates() {
    let scratch = Scratch::new("keyset-remember");
    let keys = three_keys(&scratch);
    // A certificate openssl made for the second key travels with that key.
    scratch.openssl(&["req", "-new", "-x509", "-key", "ed.pem", "-subj", "/CN=keyset", "-days", "2", "-out", "ed.crt"]);
    let with_certificate = import_one(&format!("{}{}", scratch.read_string("ed.pem"), scratch.read_string("ed.crt")));
    assert!(with_certificate.certificate().is_some());
    let (set, _) = KeySet::with_others(
        keys[0].0.clone().with_kid("current").expect("kid"),
        [with_certificate.clone().with_kid("next").expect("kid"), keys[2].0.clone()],
    );
    let stored = set.remembered().expect("private keys");
    let value: Value = serde_json::from_str(&stored).expect("JSON");
    assert_eq!(value["keys"].as_array().map(Vec::len), Some(3));
    assert!(value["keys"].as_array().expect("keys").iter().all(|k| k.get("d").is_some()), "private JWKs");

    let imported = import_text(&stored).expect("import");
    let (back, left_out) = KeySet::from_imported(&imported, imported.preferred()).expect("a candidate");
    assert!(left_out.is_empty(), "{left_out:?}");
    assert_eq!(back.public_jwks(), set.public_jwks(), "same kids, keys, order and certificates");
    let x5t = |key: &Key| key.certificate().map(|c| c.x5t_s256());
    assert_eq!(x5t(&back.others()[0]), x5t(&with_certificate));
    for (a, b) in back.keys().iter().zip(set.keys()) {
        assert_eq!(export::private_pkcs8_der(a).expect("der").as_deref(), export::private_pkcs8_der(b).expect("der").as_deref());
    }
}
