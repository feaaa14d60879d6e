//! The page's side of the RustCrypto worker (src/bin/keygen_worker.rs): one worker, started
//! on first use and kept, with requests matched to answers by id.
use super::js_error_text;
use js_sys::{Function, Object, Promise, Reflect, Uint8Array};
use pkjwt_core::jwa::Alg;
use pkjwt_core::key::KeyKind;
use pkjwt_core::x509::{CertificateRequest, UnsignedCertificate};
use pkjwt_core::Key;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{ErrorEvent, MessageEvent, Worker};

/// Where trunk puts the worker's loader, next to the page (so sub-paths work).
const WORKER_URL: &str = "./keygen_worker_loader.js";

/// The worker's address: the one-file build (pkjwt.html) makes it a Blob URL and says so in
/// `globalThis.PKJWT_WORKER_URL`; otherwise the loader next to the page.
fn worker_url() -> String {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("PKJWT_WORKER_URL"))
        .ok()
        .and_then(|url| url.as_string())
        .unwrap_or_else(|| WORKER_URL.to_owned())
}

/// Resolve and reject functions of a pending request.
type Pending = Rc<RefCell<HashMap<u32, (Function, Function)>>>;

#[derive(Clone)]
struct Handle {
    worker: Worker,
    /// Resolves once the worker's WebAssembly runs: a message sent earlier would be lost.
    ready: Promise,
    pending: Pending,
    next_id: Rc<Cell<u32>>,
}

thread_local! {
    static HANDLE: RefCell<Option<Handle>> = const { RefCell::new(None) };
}

fn start() -> Result<Handle, String> {
    let worker = Worker::new(&worker_url()).map_err(|e| js_error_text(&e))?;
    let pending: Pending = Rc::new(RefCell::new(HashMap::new()));
    let mut ready_resolve = None;
    let ready = Promise::new(&mut |resolve, _reject| ready_resolve = Some(resolve));
    let answers = pending.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let data = event.data();
        if data.as_string().as_deref() == Some("ready") {
            if let Some(resolve) = &ready_resolve {
                let _ = resolve.call0(&JsValue::NULL);
            }
            return;
        }
        let id = Reflect::get(&data, &"id".into()).ok().and_then(|v| v.as_f64()).unwrap_or(-1.0) as u32;
        if let Some((resolve, _)) = answers.borrow_mut().remove(&id) {
            let _ = resolve.call1(&JsValue::NULL, &data);
        }
    });
    let failed = pending.clone();
    let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
        // A worker that failed to load or crashed answers nothing more: fail what waits, and
        // start afresh next time.
        for (_, (_, reject)) in failed.borrow_mut().drain() {
            let _ = reject.call1(&JsValue::NULL, &JsValue::from_str(&event.message()));
        }
        HANDLE.with(|handle| handle.borrow_mut().take());
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    // Both live as long as the worker does.
    on_message.forget();
    on_error.forget();
    Ok(Handle { worker, ready, pending, next_id: Rc::new(Cell::new(0)) })
}

fn handle() -> Result<Handle, String> {
    HANDLE.with(|cell| {
        if let Some(handle) = cell.borrow().as_ref() {
            return Ok(handle.clone());
        }
        let handle = start()?;
        *cell.borrow_mut() = Some(handle.clone());
        Ok(handle)
    })
}

/// Stops the worker (and with it any key it holds); the next use starts a fresh one.
pub fn terminate() {
    if let Some(handle) = HANDLE.with(|cell| cell.borrow_mut().take()) {
        handle.worker.terminate();
    }
}

/// Sends `request` (an object; its `id` is set here) and waits for the answer.
async fn call(request: Object) -> Result<JsValue, String> {
    let handle = handle()?;
    JsFuture::from(handle.ready.clone()).await.map_err(|e| js_error_text(&e))?;
    let id = handle.next_id.get();
    handle.next_id.set(id.wrapping_add(1));
    let _ = Reflect::set(&request, &"id".into(), &JsValue::from(id));
    let answer = Promise::new(&mut |resolve, reject| {
        handle.pending.borrow_mut().insert(id, (resolve, reject));
    });
    handle.worker.post_message(&request).map_err(|e| js_error_text(&e))?;
    let data = JsFuture::from(answer).await.map_err(|e| js_error_text(&e))?;
    if Reflect::get(&data, &"ok".into()).ok().and_then(|v| v.as_bool()) != Some(true) {
        let error = Reflect::get(&data, &"error".into()).ok().and_then(|v| v.as_string());
        return Err(error.unwrap_or_else(|| "the RustCrypto worker failed".into()));
    }
    Ok(data)
}

fn request_object(fields: &[(&str, JsValue)]) -> Object {
    let object = Object::new();
    for (name, value) in fields {
        let _ = Reflect::set(&object, &JsValue::from_str(name), value);
    }
    object
}

/// Generates a key of `kind` with RustCrypto in the worker: its private JWK, which the engine
/// reads (`crate::material::read_generated`).
pub async fn generate(kind: KeyKind) -> Result<zeroize::Zeroizing<String>, String> {
    let data = call(request_object(&[("op", "generate".into()), ("kind", kind.id().into())])).await?;
    Ok(zeroize::Zeroizing::new(Reflect::get(&data, &"jwk".into()).ok().and_then(|v| v.as_string()).unwrap_or_default()))
}

/// The unsigned self-signed certificate for `key`'s public half, written by the worker.
pub async fn prepare_certificate(key: &Key, request: &CertificateRequest, serial: [u8; 16]) -> Result<UnsignedCertificate, String> {
    let data = call(request_object(&[
        ("op", "certificate".into()),
        ("jwk", JsValue::from_str(&pkjwt_core::key::export::public_jwk(key))),
        ("cn", JsValue::from_str(&request.common_name)),
        ("notBefore", JsValue::from_f64(request.not_before as f64)),
        ("days", JsValue::from(request.validity_days)),
        ("serial", Uint8Array::from(serial.as_slice()).into()),
    ]))
    .await?;
    let tbs = Reflect::get(&data, &"tbs".into()).map_err(|e| js_error_text(&e))?;
    let alg = Reflect::get(&data, &"alg".into()).ok().and_then(|v| v.as_string()).and_then(|name| Alg::from_name(&name));
    Ok(UnsignedCertificate::from_parts(Uint8Array::new(&tbs).to_vec(), alg.ok_or("the worker named no algorithm")?))
}

/// The certificate's DER: `unsigned` with the page's signature, put together by the worker.
pub async fn finish_certificate(unsigned: &UnsignedCertificate, signature: &[u8]) -> Result<Vec<u8>, String> {
    let data = call(request_object(&[
        ("op", "finish".into()),
        ("tbs", Uint8Array::from(unsigned.signing_input()).into()),
        ("alg", unsigned.alg().name().into()),
        ("signature", Uint8Array::from(signature).into()),
    ]))
    .await?;
    let der = Reflect::get(&data, &"der".into()).map_err(|e| js_error_text(&e))?;
    Ok(Uint8Array::new(&der).to_vec())
}

/// Signs with RustCrypto in the worker (where WebCrypto lacks the algorithm).
pub async fn sign(key: &Key, alg: Alg, message: &[u8]) -> Result<Vec<u8>, String> {
    // Written in the lazy module `signing` (an RSA key's CRT values need big numbers).
    let jwk = crate::material::private_members_of(key).await?;
    let data = call(request_object(&[
        ("op", "sign".into()),
        ("jwk", JsValue::from_str(&jwk)),
        ("alg", alg.name().into()),
        ("message", Uint8Array::from(message).into()),
    ]))
    .await?;
    let signature = Reflect::get(&data, &"signature".into()).map_err(|e| js_error_text(&e))?;
    Ok(Uint8Array::new(&signature).to_vec())
}

/// Verifies `signature` over `message` with the public JWK, with RustCrypto in the worker.
pub async fn verify(public_jwk: &str, alg: Alg, message: &[u8], signature: &[u8]) -> Result<bool, String> {
    let data = call(request_object(&[
        ("op", "verify".into()),
        ("jwk", JsValue::from_str(public_jwk)),
        ("alg", alg.name().into()),
        ("message", Uint8Array::from(message).into()),
        ("signature", Uint8Array::from(signature).into()),
    ]))
    .await?;
    Ok(Reflect::get(&data, &"valid".into()).ok().and_then(|v| v.as_bool()) == Some(true))
}
