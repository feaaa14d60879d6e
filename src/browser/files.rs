//! Reading a key file the user picked. The file is read inside the page, never uploaded.
use crate::i18n::{fill, say};
use pkjwt_core::key::import::MAX_INPUT_BYTES;
use wasm_bindgen_futures::JsFuture;

pub enum FileContent {
    Text(String),
    /// Not UTF-8: DER from a `.der`/`.cer` file.
    Binary(Vec<u8>),
}

pub async fn read_key_file(file: &web_sys::File) -> Result<FileContent, String> {
    let size = file.size();
    if size > MAX_INPUT_BYTES as f64 {
        return Err(fill(
            say("{} is {} KB; pkjwt reads key files up to {} KB. Pick the key file itself."),
            &[file.name(), crate::clock::whole(size / 1024.0), (MAX_INPUT_BYTES / 1024).to_string()],
        ));
    }
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|e| fill(say("Could not read {}: {}"), &[file.name(), super::js_error_text(&e)]))?;
    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    Ok(match String::from_utf8(bytes) {
        Ok(text) => FileContent::Text(text),
        Err(error) => FileContent::Binary(error.into_bytes()),
    })
}

/// Takes the file chosen in the `<input type=file>` that fired `event`, and clears the input so
/// that choosing the same file again fires again.
pub fn take_chosen_file(event: &web_sys::Event) -> Option<web_sys::File> {
    use wasm_bindgen::JsCast;
    let input = event.target()?.dyn_into::<web_sys::HtmlInputElement>().ok()?;
    let file = input.files().and_then(|files| files.get(0));
    input.set_value("");
    file
}
