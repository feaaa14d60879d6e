//! The document as a whole: its language, and bringing a part of it into view or focus.

/// The browser's preferred language tag (`nl-BE`, `en-US`), if it names one.
pub fn preferred_language() -> Option<String> {
    let languages = web_sys::window()?.navigator().languages();
    languages.get(0).as_string()
}

/// Sets `<html lang>` (for screen readers and hyphenation).
pub fn set_language(code: &str) {
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", code);
    }
}

/// Scrolls the element with this `id` into view, if there is one.
pub fn scroll_into_view(id: &str) {
    if let Some(element) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id)) {
        element.scroll_into_view();
    }
}

/// Gives the element with this `id` the keyboard focus (a roving-tabindex tab). The page's
/// elements are all HTML elements, so the cast goes unchecked (a checked one costs the first
/// load an `instanceof` binding for nothing).
pub fn focus(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(element) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id)) {
        let _ = element.unchecked_into::<web_sys::HtmlElement>().focus();
    }
}
