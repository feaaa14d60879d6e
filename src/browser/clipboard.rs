//! Copying text to the clipboard.
use crate::i18n::{fill, say};
use wasm_bindgen_futures::JsFuture;

/// Writes `text` to the clipboard. The error is a sentence for the page.
pub async fn copy_text(text: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let clipboard = window.navigator().clipboard();
    // `navigator.clipboard` is undefined outside secure contexts (e.g. plain http on a LAN).
    if wasm_bindgen::JsValue::from(clipboard.clone()).is_undefined() {
        return Err(say("The clipboard is not available here (it needs https or localhost). Select the text and copy it by hand.").into());
    }
    JsFuture::from(clipboard.write_text(text))
        .await
        .map(|_| ())
        .map_err(|e| fill(say("Copy failed ({}). Select the text and copy it by hand."), &[super::js_error_text(&e)]))
}
