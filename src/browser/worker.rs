//! Running RustCrypto key generation in the key-generation Web Worker (src/bin/keygen_worker.rs).
use super::js_error_text;
use js_sys::{Promise, Reflect};
use pkjwt_core::key::KeyKind;
use pkjwt_core::Key;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{ErrorEvent, MessageEvent, Worker};

/// Where trunk puts the worker's loader, next to the page (so sub-paths work).
const WORKER_URL: &str = "./keygen_worker_loader.js";

/// The next message from `worker`, or its error.
fn next_message(worker: &Worker) -> Promise {
    let worker = worker.clone();
    Promise::new(&mut |resolve, reject| {
        let on_message = Closure::once_into_js(move |event: MessageEvent| {
            let _ = resolve.call1(&JsValue::NULL, &event.data());
        });
        let on_error = Closure::once_into_js(move |event: ErrorEvent| {
            let _ = reject.call1(&JsValue::NULL, &JsValue::from_str(&event.message()));
        });
        worker.set_onmessage(Some(on_message.unchecked_ref()));
        worker.set_onerror(Some(on_error.unchecked_ref()));
    })
}

/// Generates a key of `kind` with RustCrypto in a fresh worker; returns it and the time the
/// worker spent generating, in milliseconds.
pub async fn generate(kind: KeyKind) -> Result<(Key, f64), String> {
    let worker = Worker::new(WORKER_URL).map_err(|e| js_error_text(&e))?;
    let outcome = exchange(&worker, kind).await;
    worker.terminate();
    outcome
}

async fn exchange(worker: &Worker, kind: KeyKind) -> Result<(Key, f64), String> {
    // Wait for "ready": a message sent before the worker's WebAssembly runs would be lost.
    JsFuture::from(next_message(worker)).await.map_err(|e| js_error_text(&e))?;
    let answer = next_message(worker);
    worker.post_message(&JsValue::from_str(kind.id())).map_err(|e| js_error_text(&e))?;
    let data = JsFuture::from(answer).await.map_err(|e| js_error_text(&e))?;
    let field = |name: &str| Reflect::get(&data, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED);
    if field("ok").as_bool() != Some(true) {
        return Err(field("error").as_string().unwrap_or_else(|| "the key worker failed".into()));
    }
    let jwk = zeroize::Zeroizing::new(field("jwk").as_string().unwrap_or_default());
    let ms = field("ms").as_f64().unwrap_or_default();
    // Made by our own worker from RustCrypto: consistent by construction.
    let key = pkjwt_core::jwk::parse_generated_jwk(&jwk).map_err(|e| e.to_string())?;
    Ok((key, ms))
}
