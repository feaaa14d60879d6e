//! A Web Worker running RustCrypto off the page's main thread: key generation (RSA-4096 in
//! WebAssembly takes many seconds), signing where the browser's WebCrypto lacks the algorithm,
//! and writing self-signed certificates. It is loaded only when needed, so none of it counts
//! towards the page's first load: the page's own bundle carries no RustCrypto signing code and
//! no certificate encoder.
//!
//! Protocol: the worker posts "ready" once its WebAssembly runs. Requests are objects with an
//! `id` and an `op`: `{op: "generate", kind}` answers `{id, ok, jwk, ms}` (the private JWK);
//! `{op: "sign", jwk, alg, message}` answers `{id, ok, signature}`;
//! `{op: "certificate", jwk, cn, notBefore, days, serial}` (the public JWK) answers `{id, ok,
//! tbs, alg}`, the TBSCertificate the page signs with its own engine; `{op: "finish", tbs,
//! alg, signature}` answers `{id, ok, der}`, the certificate; `{op: "verify", jwk, alg,
//! message, signature}` (a public JWK, e.g. of an id_token's issuer) answers `{id, ok, valid}`.
//! Failures answer
//! `{id, ok: false, error}`. Keys stay in the page: a worker is part of it.
use js_sys::{Object, Reflect, Uint8Array};
use pkjwt_core::crypto;
use pkjwt_core::jwa::Alg;
use pkjwt_core::key::KeyKind;
use pkjwt_core::x509::{CertificateRequest, UnsignedCertificate};
use pkjwt_core::Key;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

fn field(data: &JsValue, name: &str) -> JsValue {
    Reflect::get(data, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

fn text(data: &JsValue, name: &str) -> String {
    field(data, name).as_string().unwrap_or_default()
}

fn generate_jwk(id: &str) -> Result<String, String> {
    let kind = KeyKind::from_id(id).ok_or_else(|| format!("unknown key type {id:?}"))?;
    let private = crypto::generate(kind).map_err(|e| e.to_string())?;
    pkjwt_core::key::export::private_jwk(&Key::from_private(private))
        .map(|jwk| jwk.to_string())
        .ok_or_else(|| "no private JWK".to_string())
}

fn sign(data: &JsValue) -> Result<Vec<u8>, String> {
    let jwk = zeroize::Zeroizing::new(text(data, "jwk"));
    let key = pkjwt_core::key::import::parse_jwk(&jwk).map_err(|e| e.to_string())?;
    let private = key.private_key().map_err(|e| e.to_string())?;
    let alg = Alg::from_name(&text(data, "alg")).ok_or("unknown alg")?;
    let message = Uint8Array::new(&field(data, "message")).to_vec();
    crypto::sign(private, alg, &message).map_err(|e| e.to_string())
}

/// Whether `signature` over `message` verifies with the public JWK (RustCrypto's verification,
/// for the RustCrypto engine and where WebCrypto lacks the algorithm).
fn verify(data: &JsValue) -> Result<bool, String> {
    let key = pkjwt_core::key::import::parse_jwk(&text(data, "jwk")).map_err(|e| e.to_string())?;
    let alg = Alg::from_name(&text(data, "alg")).ok_or("unknown alg")?;
    let message = Uint8Array::new(&field(data, "message")).to_vec();
    let signature = Uint8Array::new(&field(data, "signature")).to_vec();
    Ok(crypto::verify(key.public_key(), alg, &message, &signature).is_ok())
}

fn certificate(data: &JsValue) -> Result<UnsignedCertificate, String> {
    let key = pkjwt_core::key::import::parse_jwk(&text(data, "jwk")).map_err(|e| e.to_string())?;
    let request = CertificateRequest {
        common_name: text(data, "cn"),
        not_before: field(data, "notBefore").as_f64().unwrap_or_default() as u64,
        validity_days: field(data, "days").as_f64().unwrap_or_default() as u32,
    };
    let serial: [u8; 16] = Uint8Array::new(&field(data, "serial")).to_vec().try_into().map_err(|_| "a serial is 16 bytes")?;
    pkjwt_core::x509::prepare(key.public_key(), &request, serial).map_err(|e| e.to_string())
}

fn finish(data: &JsValue) -> Result<Vec<u8>, String> {
    let alg = Alg::from_name(&text(data, "alg")).ok_or("unknown alg")?;
    let unsigned = UnsignedCertificate::from_parts(Uint8Array::new(&field(data, "tbs")).to_vec(), alg);
    unsigned.finish(&Uint8Array::new(&field(data, "signature")).to_vec()).map_err(|e| e.to_string())
}

fn answer(scope: &DedicatedWorkerGlobalScope, data: &JsValue) -> Object {
    let reply = Object::new();
    let set = |name: &str, value: &JsValue| {
        let _ = Reflect::set(&reply, &JsValue::from_str(name), value);
    };
    set("id", &field(data, "id"));
    let started = scope.performance().map(|p| p.now()).unwrap_or_default();
    let outcome = match text(data, "op").as_str() {
        "generate" => generate_jwk(&text(data, "kind")).map(|jwk| set("jwk", &JsValue::from_str(&jwk))),
        "sign" => sign(data).map(|signature| set("signature", &Uint8Array::from(signature.as_slice()))),
        "certificate" => certificate(data).map(|unsigned| {
            set("tbs", &Uint8Array::from(unsigned.signing_input()));
            set("alg", &JsValue::from_str(unsigned.alg().name()));
        }),
        "verify" => verify(data).map(|valid| set("valid", &JsValue::from_bool(valid))),
        "finish" => finish(data).map(|der| set("der", &Uint8Array::from(der.as_slice()))),
        other => Err(format!("unknown request {other:?}")),
    };
    match outcome {
        Ok(()) => set("ok", &JsValue::TRUE),
        Err(error) => {
            set("ok", &JsValue::FALSE);
            set("error", &JsValue::from_str(&error));
        }
    }
    let elapsed = scope.performance().map(|p| p.now()).unwrap_or_default() - started;
    set("ms", &JsValue::from_f64(elapsed));
    reply
}

fn main() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let worker_scope = scope.clone();
    let handler = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let reply = answer(&worker_scope, &event.data());
        let _ = worker_scope.post_message(&reply);
    });
    scope.set_onmessage(Some(handler.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    handler.forget();
    let _ = scope.post_message(&JsValue::from_str("ready"));
}
