//! The only code that touches browser APIs (DOM, WebCrypto, clipboard, storage). Each file is
//! one capability; components call these, never web-sys directly.
pub mod clipboard;
pub mod clock;
pub mod document;
pub mod download;
pub mod fetch;
pub mod files;
pub mod idle;
pub mod location;
pub mod popup;
pub mod random;
pub mod storage;
pub mod tabs;
pub mod webcrypto;
pub mod worker;

use wasm_bindgen::JsValue;

/// A readable sentence from a thrown JS value (DOMException name and message when present).
pub fn js_error_text(value: &JsValue) -> String {
    let name = js_sys::Reflect::get(value, &"name".into()).ok().and_then(|v| v.as_string());
    let message = js_sys::Reflect::get(value, &"message".into()).ok().and_then(|v| v.as_string());
    match (name, message) {
        (Some(name), Some(message)) if !message.is_empty() => format!("{name}: {message}"),
        (Some(name), _) => name,
        (None, Some(message)) => message,
        (None, None) => value.as_string().unwrap_or_else(|| "unknown error".into()),
    }
}
