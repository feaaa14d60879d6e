//! Browser-only code, tested in headless Chromium with wasm-bindgen-test: WebCrypto
//! against RustCrypto (each signs, the other verifies, thumbprints agree), and
//! storage.
use pkjwt::browser::{storage, webcrypto};
use pkjwt::engine::Engine;
use pkjwt_core::crypto;
use pkjwt_core::jwa::Alg;
use pkjwt_core::key::{Key, KeyKind};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const MESSAGE: &[u8] = b"eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJwa2p3dCJ9";

/// Every algorithm `key` can sign with: WebCrypto signs and RustCrypto verifies, then
/// RustCrypto signs and WebCrypto verifies; a flipped bit must fail both ways.
async fn cross_check(key: &Key) {
    let private = key.private_key().unwrap_or_else(|e| panic!("{e}"));
    let public_jwk = pkjwt_core::key::export::public_jwk(key);
    for alg in key.public_key().algs() {
        let by_browser = webcrypto::sign(key, alg, MESSAGE).await;
        assert!(by_browser.is_ok(), "{alg}: WebCrypto could not sign: {by_browser:?}");
        let by_browser = by_browser.unwrap_or_default();
        assert_eq!(crypto::verify(key.public_key(), alg, MESSAGE, &by_browser), Ok(()), "{alg}: RustCrypto rejects WebCrypto's signature");

        let by_rust = crypto::sign(private, alg, MESSAGE);
        assert!(by_rust.is_ok(), "{alg}: RustCrypto could not sign: {by_rust:?}");
        let by_rust = by_rust.unwrap_or_default();
        assert_eq!(webcrypto::verify(&public_jwk, alg, MESSAGE, &by_rust).await, Ok(true), "{alg}: WebCrypto rejects RustCrypto's signature");

        let mut tampered = by_rust.clone();
        tampered[0] ^= 1;
        assert_eq!(webcrypto::verify(&public_jwk, alg, MESSAGE, &tampered).await, Ok(false), "{alg}: WebCrypto accepts a tampered signature");
        assert!(crypto::verify(key.public_key(), alg, MESSAGE, &tampered).is_err(), "{alg}: RustCrypto accepts a tampered signature");
    }
}

/// WebCrypto, given our PKCS#8, derives the same public key (hence the same RFC 7638
/// thumbprint) and the same private members as we do.
async fn thumbprints_agree(key: &Key) {
    let exported = webcrypto::reexport_via_pkcs8(key, key.public_key().default_alg()).await;
    assert!(exported.is_ok(), "{}: WebCrypto could not import our PKCS#8: {exported:?}", key.public_key().describe());
    let theirs = pkjwt_core::key::import::parse_jwk(&exported.unwrap_or_default());
    assert!(theirs.is_ok(), "{theirs:?}");
    if let Ok(theirs) = theirs {
        assert_eq!(theirs.thumbprint(), key.thumbprint());
        assert!(theirs.is_private());
        // WebCrypto's export names its import algorithm in "alg"; compare key members only.
        let mut theirs = theirs.with_kid(key.kid()).expect("the other engine's kid");
        assert_eq!(theirs.set_alg(None), Ok(()));
        assert!(pkjwt_core::key::export::private_jwk(key) == pkjwt_core::key::export::private_jwk(&theirs), "private members differ between RustCrypto and WebCrypto");
    }
}

#[wasm_bindgen_test]
async fn webcrypto_keys_of_every_kind_work_with_rustcrypto() {
    for kind in KeyKind::ALL {
        // The page's own path: WebCrypto makes the key, the key material's module reads it.
        let generated = Engine::WebCrypto.generate(kind).await;
        let generated = generated.map_err(|e| e.message());
        assert!(generated.is_ok(), "{}: {:?}", kind.id(), generated.as_ref().err());
        if let Ok(generated) = generated {
            assert_eq!(generated.engine, Engine::WebCrypto, "{}: made by WebCrypto, not the fallback", kind.id());
            let key = generated.key;
            assert_eq!(key.public_key().kind(), Some(kind));
            // The public half was taken from WebCrypto's JWK, not derived: it must be the one
            // the private half derives.
            let derived = key.private_key().map(|p| p.public_key());
            assert!(derived.as_ref().is_ok_and(|d| d == key.public_key()), "{}: WebCrypto's public key is not the private key's", kind.id());
            cross_check(&key).await;
            thumbprints_agree(&key).await;
        }
    }
}

#[wasm_bindgen_test]
async fn rustcrypto_keys_work_with_webcrypto() {
    // RSA-4096 takes ~13 s in Rust here; 2048 exercises the same code.
    for kind in [KeyKind::Rsa2048, KeyKind::P256, KeyKind::P384, KeyKind::P521, KeyKind::Ed25519] {
        let generated = crypto::generate(kind);
        assert!(generated.is_ok(), "{}: {generated:?}", kind.id());
        if let Ok(private) = generated {
            let key = Key::from_private(private);
            cross_check(&key).await;
            thumbprints_agree(&key).await;
        }
    }
}

#[wasm_bindgen_test]
async fn webcrypto_refuses_an_alg_the_key_cannot_make() {
    let private = crypto::generate(KeyKind::P256);
    assert!(private.is_ok());
    if let Ok(private) = private {
        let result = webcrypto::sign(&Key::from_private(private), Alg::RS256, MESSAGE).await;
        assert!(matches!(result, Err(webcrypto::WebCryptoError::Failed(ref m)) if m.contains("RS256 requires an RSA key")), "{result:?}");
    }
}

/// The DPoP key pair: WebCrypto holds the private half (not extractable), the public JWK it
/// gives reads as a key, and RustCrypto verifies what the held key signs (a flipped bit
/// fails), for each proof algorithm the page offers.
#[wasm_bindgen_test]
async fn held_keys_sign_for_every_dpop_alg_and_stay_unexportable() {
    for alg in pkjwt_core::dpop::DpopAlg::ALL {
        let made = webcrypto::generate_held(alg.alg()).await;
        assert!(made.is_ok(), "{}: {:?}", alg.id(), made.as_ref().err());
        let Ok((held, public_jwk)) = made else { continue };
        assert!(!held.extractable(), "{}: the held private key is extractable", alg.id());
        let public = pkjwt_core::key::import::parse_jwk(&public_jwk);
        assert!(public.as_ref().is_ok_and(|k| !k.is_private()), "{}: {public_jwk}", alg.id());
        let Ok(public) = public else { continue };
        assert_eq!(public.public_key().kind(), Some(alg.key_kind()), "{}", alg.id());
        let signature = webcrypto::sign_held(&held, MESSAGE).await.unwrap_or_default();
        assert_eq!(crypto::verify(public.public_key(), alg.alg(), MESSAGE, &signature), Ok(()), "{}: RustCrypto rejects the held key's signature", alg.id());
        let mut tampered = signature.clone();
        tampered[0] ^= 1;
        assert!(crypto::verify(public.public_key(), alg.alg(), MESSAGE, &tampered).is_err(), "{}: a tampered signature verifies", alg.id());
    }
}

#[wasm_bindgen_test]
fn storage_holds_the_key_only_between_save_and_forget() {
    storage::forget_everything();
    assert_eq!(storage::load_key(), None);
    assert_eq!(storage::save_key("{\"kty\":\"OKP\"}"), Ok(()));
    assert_eq!(storage::load_key().as_deref(), Some("{\"kty\":\"OKP\"}"));
    storage::forget_key();
    assert_eq!(storage::load_key(), None);
}

#[wasm_bindgen_test]
fn a_remembered_key_set_comes_back_whole_and_forget_clears_it() {
    use leptos::prelude::*;
    use pkjwt::key_store::KeyStore;
    use pkjwt_core::key::KeySet;
    storage::forget_everything();
    let key = |kind, kid| crypto::generate(kind).ok().and_then(|p| Key::from_private(p).with_kid(kid).ok());
    let (Some(current), Some(next)) = (key(KeyKind::P256, "current"), key(KeyKind::Ed25519, "next")) else {
        panic!("could not make the keys");
    };
    let (set, refused) = KeySet::with_others(current, [next]);
    assert!(refused.is_empty());
    let stored = set.remembered().map(|s| s.to_string()).unwrap_or_default();
    assert_eq!(storage::save_key(&stored), Ok(()));

    let owner = Owner::new();
    owner.with(|| {
        let store = KeyStore::new();
        let kids = |store: &KeyStore| {
            let mut kids: Vec<String> = store.key.get_untracked().map(|k| k.kid().to_owned()).into_iter().collect();
            kids.extend(store.others.get_untracked().iter().map(|h| h.key.kid().to_owned()));
            kids
        };
        assert_eq!(kids(&store), ["current", "next"], "the whole set, current first");
        assert!(store.remember.get_untracked(), "remember stays on");
        assert_eq!(store.set_untracked().map(|s| s.public_jwks()), Some(set.public_jwks()));
        store.use_kid("next");
        assert_eq!(kids(&store), ["next", "current"], "one call makes the other key current");
        store.forget();
        assert_eq!(kids(&store), Vec::<String>::new());
        assert_eq!(storage::load_key(), None, "forgetting removes the stored set");
    });
}
