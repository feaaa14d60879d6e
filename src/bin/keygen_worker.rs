//! A Web Worker that generates keys with RustCrypto, off the page's main thread: RSA-4096 in
//! WebAssembly takes many seconds, and the page must stay responsive meanwhile. It is loaded
//! only when needed (the RustCrypto engine, or a browser without the algorithm in WebCrypto),
//! so none of it counts towards the page's first load.
//!
//! Protocol: the worker posts "ready" once its WebAssembly runs; the page then posts a key
//! kind id ("RSA-4096"); the worker answers `{ok: true, jwk, ms}` with the private JWK, or
//! `{ok: false, error}`. The key never leaves the page: a worker is part of it.
use js_sys::{Object, Reflect};
use pkjwt_core::key::{generate, KeyKind};
use pkjwt_core::Key;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

fn reply(fields: &[(&str, JsValue)]) -> Object {
    let object = Object::new();
    for (name, value) in fields {
        let _ = Reflect::set(&object, &JsValue::from_str(name), value);
    }
    object
}

fn now_ms(scope: &DedicatedWorkerGlobalScope) -> f64 {
    scope.performance().map(|p| p.now()).unwrap_or_else(js_sys::Date::now)
}

fn generate_jwk(id: &str) -> Result<String, String> {
    let kind = KeyKind::from_id(id).ok_or_else(|| format!("unknown key type {id:?}"))?;
    let private = generate::generate(kind).map_err(|e| e.to_string())?;
    pkjwt_core::jwk::private_jwk(&Key::from_private(private))
        .map(|jwk| jwk.to_string())
        .ok_or_else(|| "no private JWK".to_string())
}

fn main() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let worker_scope = scope.clone();
    let handler = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let id = event.data().as_string().unwrap_or_default();
        let started = now_ms(&worker_scope);
        let answer = match generate_jwk(&id) {
            Ok(jwk) => reply(&[
                ("ok", JsValue::TRUE),
                ("jwk", JsValue::from_str(&jwk)),
                ("ms", JsValue::from_f64(now_ms(&worker_scope) - started)),
            ]),
            Err(error) => reply(&[("ok", JsValue::FALSE), ("error", JsValue::from_str(&error))]),
        };
        let _ = worker_scope.post_message(&answer);
    });
    scope.set_onmessage(Some(handler.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    handler.forget();
    let _ = scope.post_message(&JsValue::from_str("ready"));
}
