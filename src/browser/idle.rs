//! Work for when the page has nothing else to do: `requestIdleCallback` (with a deadline, so
//! a busy page still gets it), or a timer where the browser lacks it (Safari).
use wasm_bindgen::JsCast;

/// Runs `work` once the browser is idle, at the latest after `timeout_ms`.
pub fn when_idle(work: impl FnOnce() + 'static, timeout_ms: u32) {
    let Some(window) = web_sys::window() else { return };
    let callback = wasm_bindgen::closure::Closure::once_into_js(work);
    let has_idle = js_sys::Reflect::has(&window, &"requestIdleCallback".into()).unwrap_or(false);
    if has_idle {
        let options = web_sys::IdleRequestOptions::new();
        options.set_timeout(timeout_ms);
        if window.request_idle_callback_with_options(callback.unchecked_ref(), &options).is_ok() {
            return;
        }
    }
    let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), timeout_ms.min(i32::MAX as u32) as i32);
}

/// Sets `data-<name>` on `<html>`: states the page reports for tests and tools.
pub fn set_root_data(name: &str, value: &str) {
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute(&format!("data-{name}"), value);
    }
}
