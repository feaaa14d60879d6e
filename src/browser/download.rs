//! Saving text as a file. The file is made from a Blob inside the page: nothing is uploaded.
use crate::i18n::{fill, say};
use wasm_bindgen::JsCast;

/// Offers `text` as a download named `filename`.
pub fn save_text(filename: &str, mime: &str, text: &str) -> Result<(), String> {
    let fail = |e: wasm_bindgen::JsValue| fill(say("Download failed: {}"), &[super::js_error_text(&e)]);
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(fail)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(fail)?
        .dyn_into()
        .map_err(|_| say("Download failed: no anchor element").to_string())?;
    anchor.set_href(&url);
    anchor.set_download(filename);
    anchor.click();
    // Revoking at once would cancel the download in some browsers; the URL is only valid
    // inside this page anyway, so release it a little later.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 10_000);
    Ok(())
}
