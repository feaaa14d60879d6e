//! WebCrypto: key generation and signing by the browser's own native code, off the main
//! thread. RustCrypto (in `pkjwt-core`) stays the portable implementation and the
//! fallback where a browser lacks an algorithm.
use std::cell::RefCell;

use js_sys::{Array, Object, Reflect, Uint8Array, JSON};
use pkjwt_core::crypto::check_alg;
use pkjwt_core::jwa::{Alg, AlgFamily};
use pkjwt_core::key::{Key, KeyKind};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, SubtleCrypto};
use zeroize::Zeroizing;

/// Why WebCrypto could not do something; `Unsupported` means "fall back to RustCrypto".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WebCryptoError {
    /// No `crypto.subtle` (not a secure context) or the algorithm is not implemented.
    Unsupported(String),
    Failed(String),
}

pub fn subtle() -> Result<SubtleCrypto, WebCryptoError> {
    let crypto = web_sys::window()
        .ok_or_else(|| WebCryptoError::Unsupported("no window".into()))?
        .crypto()
        .map_err(|_| WebCryptoError::Unsupported("no window.crypto".into()))?;
    let subtle = crypto.subtle();
    // `crypto.subtle` is undefined outside secure contexts.
    if JsValue::from(subtle.clone()).is_undefined() {
        return Err(WebCryptoError::Unsupported("crypto.subtle is only available on https or localhost".into()));
    }
    Ok(subtle)
}

fn object(entries: &[(&str, JsValue)]) -> Object {
    let object = Object::new();
    for (name, value) in entries {
        // Setting a property on a fresh plain object cannot throw.
        let _ = Reflect::set(&object, &JsValue::from_str(name), value);
    }
    object
}

fn classify(error: JsValue) -> WebCryptoError {
    let text = super::js_error_text(&error);
    if text.starts_with("NotSupportedError") {
        WebCryptoError::Unsupported(text)
    } else {
        WebCryptoError::Failed(text)
    }
}

async fn call(promise: Result<js_sys::Promise, JsValue>) -> Result<JsValue, WebCryptoError> {
    JsFuture::from(promise.map_err(classify)?).await.map_err(classify)
}

/// WebCrypto parameters for generating a key of `kind`.
fn generation_algorithm(kind: KeyKind) -> Object {
    match kind.rsa_bits() {
        Some(bits) => object(&[
            ("name", "RSASSA-PKCS1-v1_5".into()),
            ("modulusLength", JsValue::from(bits as u32)),
            ("publicExponent", Uint8Array::from(&[1u8, 0, 1][..]).into()),
            ("hash", "SHA-256".into()),
        ]),
        None if kind == KeyKind::Ed25519 => object(&[("name", "Ed25519".into())]),
        None => object(&[("name", "ECDSA".into()), ("namedCurve", kind.curve().unwrap_or("P-256").into())]),
    }
}

/// Generates a key pair in WebCrypto and exports its private half as a JWK, which the engine
/// then reads like any imported key (`crate::material::read_generated`).
pub async fn generate(kind: KeyKind) -> Result<Zeroizing<String>, WebCryptoError> {
    let subtle = subtle()?;
    let usages = Array::of2(&"sign".into(), &"verify".into());
    let pair = call(subtle.generate_key_with_object(&generation_algorithm(kind), true, &usages)).await?;
    let private: CryptoKey = Reflect::get(&pair, &"privateKey".into())
        .map_err(classify)?
        .dyn_into()
        .map_err(|_| WebCryptoError::Failed("generateKey returned no private key".into()))?;
    let jwk = call(subtle.export_key("jwk", &private)).await?;
    Ok(Zeroizing::new(JSON::stringify(&jwk).ok().and_then(|s| s.as_string()).unwrap_or_default()))
}

/// (importKey algorithm, sign algorithm) for `alg`.
fn signing_algorithms(alg: Alg) -> (Object, Object) {
    let spec = alg.spec();
    let hash = spec.hash.map(|h| h.webcrypto_name()).unwrap_or("SHA-256");
    match spec.family {
        AlgFamily::RsaPkcs1 => {
            let import = object(&[("name", "RSASSA-PKCS1-v1_5".into()), ("hash", hash.into())]);
            (import, object(&[("name", "RSASSA-PKCS1-v1_5".into())]))
        }
        AlgFamily::RsaPss => {
            let import = object(&[("name", "RSA-PSS".into()), ("hash", hash.into())]);
            // RFC 7518 §3.5: the salt is as long as the hash.
            let salt = spec.hash.map(|h| h.len()).unwrap_or(32);
            (import, object(&[("name", "RSA-PSS".into()), ("saltLength", JsValue::from(salt))]))
        }
        AlgFamily::Ecdsa => {
            let import = object(&[("name", "ECDSA".into()), ("namedCurve", spec.curve.unwrap_or("P-256").into())]);
            (import, object(&[("name", "ECDSA".into()), ("hash", hash.into())]))
        }
        AlgFamily::EdDsa => (object(&[("name", "Ed25519".into())]), object(&[("name", "Ed25519".into())])),
    }
}

thread_local! {
    /// The last imported signing key, by (RFC 7638 thumbprint, alg): importing an RSA key
    /// costs more than signing with it, and the page signs on every edit.
    static IMPORTED: RefCell<Option<(String, Alg, CryptoKey)>> = const { RefCell::new(None) };
}

/// Drops the cached CryptoKey (when the user forgets the key).
pub fn forget_cached_key() {
    IMPORTED.with(|cell| cell.borrow_mut().take());
}

async fn signing_key(subtle: &SubtleCrypto, key: &Key, alg: Alg, import: &Object) -> Result<CryptoKey, WebCryptoError> {
    let thumbprint = key.thumbprint().to_owned();
    let cached = IMPORTED.with(|cell| {
        cell.borrow()
            .as_ref()
            .filter(|(t, a, _)| *t == thumbprint && *a == alg)
            .map(|(_, _, k)| k.clone())
    });
    if let Some(crypto_key) = cached {
        return Ok(crypto_key);
    }
    // Written in the lazy module `signing` (an RSA key's CRT values need big numbers).
    let members = crate::material::private_members_of(key).await.map_err(WebCryptoError::Failed)?;
    let jwk: Object = JSON::parse(&members)
        .map_err(classify)?
        .dyn_into()
        .map_err(|_| WebCryptoError::Failed("JWK is not an object".into()))?;
    // Not extractable: the CryptoKey can sign but never be read back out.
    let usages = Array::of1(&"sign".into());
    let crypto_key: CryptoKey = call(subtle.import_key_with_object("jwk", &jwk, import, false, &usages))
        .await?
        .dyn_into()
        .map_err(|_| WebCryptoError::Failed("importKey returned no key".into()))?;
    IMPORTED.with(|cell| *cell.borrow_mut() = Some((thumbprint, alg, crypto_key.clone())));
    Ok(crypto_key)
}

/// Signs `message` with WebCrypto; the signature is in JWS form (r‖s for ECDSA, which is
/// also what WebCrypto returns).
pub async fn sign(key: &Key, alg: Alg, message: &[u8]) -> Result<Vec<u8>, WebCryptoError> {
    let private = key.private_key().map_err(|e| WebCryptoError::Failed(e.to_string()))?;
    check_alg(private, alg).map_err(|e| WebCryptoError::Failed(e.to_string()))?;
    let subtle = subtle()?;
    let (import, params) = signing_algorithms(alg);
    let crypto_key = signing_key(&subtle, key, alg, &import).await?;
    let signature = call(subtle.sign_with_object_and_u8_array(&params, &crypto_key, message)).await?;
    Ok(Uint8Array::new(&signature).to_vec())
}

/// A private key that lives only inside WebCrypto, made for one algorithm: it signs, but
/// nothing (this page included) can read it out. The DPoP key is one (RFC 9449 §2 asks that
/// a proof key be kept from the application where it can be).
#[derive(Clone)]
pub struct HeldKey {
    private: CryptoKey,
    alg: Alg,
}

impl HeldKey {
    pub fn alg(&self) -> Alg {
        self.alg
    }

    /// Whether WebCrypto says its private half can be exported (never, as made here).
    pub fn extractable(&self) -> bool {
        self.private.extractable()
    }
}

/// Generates a key pair for `alg` whose private half is not extractable, and returns it with
/// its public JWK (public keys are always exportable).
pub async fn generate_held(alg: Alg) -> Result<(HeldKey, String), WebCryptoError> {
    let subtle = subtle()?;
    // The import parameters name the algorithm bound to the key; RSA also needs its size.
    let (parameters, _) = signing_algorithms(alg);
    if let Some(bits) = KeyKind::for_alg(alg).rsa_bits() {
        let _ = Reflect::set(&parameters, &"modulusLength".into(), &JsValue::from(bits as u32));
        let _ = Reflect::set(&parameters, &"publicExponent".into(), &Uint8Array::from(&[1u8, 0, 1][..]).into());
    }
    let usages = Array::of1(&"sign".into());
    let pair = call(subtle.generate_key_with_object(&parameters, false, &usages)).await?;
    let half = |name: &str| -> Result<CryptoKey, WebCryptoError> {
        Reflect::get(&pair, &name.into())
            .map_err(classify)?
            .dyn_into()
            .map_err(|_| WebCryptoError::Failed(format!("generateKey returned no {name}")))
    };
    let (private, public) = (half("privateKey")?, half("publicKey")?);
    let jwk = call(subtle.export_key("jwk", &public)).await?;
    let json = JSON::stringify(&jwk)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| WebCryptoError::Failed("exportKey returned no JWK".into()))?;
    Ok((HeldKey { private, alg }, json))
}

/// Signs `message` with a held key (JWS form, as [`sign`]).
pub async fn sign_held(key: &HeldKey, message: &[u8]) -> Result<Vec<u8>, WebCryptoError> {
    let subtle = subtle()?;
    let (_, params) = signing_algorithms(key.alg);
    let signature = call(subtle.sign_with_object_and_u8_array(&params, &key.private, message)).await?;
    Ok(Uint8Array::new(&signature).to_vec())
}

/// Verifies with WebCrypto (used by the tests that cross-check it with RustCrypto).
pub async fn verify(public_jwk: &str, alg: Alg, message: &[u8], signature: &[u8]) -> Result<bool, WebCryptoError> {
    let subtle = subtle()?;
    let (import, params) = signing_algorithms(alg);
    let jwk: Object = JSON::parse(public_jwk)
        .map_err(classify)?
        .dyn_into()
        .map_err(|_| WebCryptoError::Failed("JWK is not an object".into()))?;
    // WebCrypto refuses a JWK whose "alg" or "use" conflicts with the import; drop them.
    let _ = Reflect::delete_property(&jwk, &"alg".into());
    let _ = Reflect::delete_property(&jwk, &"key_ops".into());
    let usages = Array::of1(&"verify".into());
    let crypto_key: CryptoKey = call(subtle.import_key_with_object("jwk", &jwk, &import, false, &usages))
        .await?
        .dyn_into()
        .map_err(|_| WebCryptoError::Failed("importKey returned no key".into()))?;
    let result = call(subtle.verify_with_object_and_u8_array_and_u8_array(&params, &crypto_key, signature, message)).await?;
    Ok(result.as_bool().unwrap_or(false))
}

/// Gives WebCrypto our PKCS#8 encoding of `key` and returns the JWK WebCrypto exports from
/// it. WebCrypto derives the public members from the private key material itself (an
/// Ed25519 PKCS#8 holds no public key at all), so comparing this JWK with ours checks our
/// encoding and our public-key derivation against the browser's.
pub async fn reexport_via_pkcs8(key: &Key, alg: Alg) -> Result<String, WebCryptoError> {
    let subtle = subtle()?;
    let (import, _) = signing_algorithms(alg);
    let der = pkjwt_core::key::export::private_pkcs8_der(key)
        .ok()
        .flatten()
        .ok_or_else(|| WebCryptoError::Failed("no PKCS#8 encoding".into()))?;
    let buffer = Uint8Array::from(der.as_slice());
    let usages = Array::of1(&"sign".into());
    let crypto_key: CryptoKey = call(subtle.import_key_with_object("pkcs8", &buffer.buffer(), &import, true, &usages))
        .await?
        .dyn_into()
        .map_err(|_| WebCryptoError::Failed("importKey returned no key".into()))?;
    let exported = call(subtle.export_key("jwk", &crypto_key)).await?;
    JSON::stringify(&exported)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| WebCryptoError::Failed("exportKey returned no JWK".into()))
}
