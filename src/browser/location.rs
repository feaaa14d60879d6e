//! The page's own address: its fragment, which carries the shareable setup.

/// The fragment of the page's URL, with its `#` (empty when there is none).
pub fn fragment() -> String {
    web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
}

/// Replaces the page's fragment without adding a history entry (so the back button is not
/// flooded); an empty `fragment` removes it.
pub fn replace_fragment(fragment: &str) {
    let Some(window) = web_sys::window() else { return };
    if window.location().hash().unwrap_or_default() == fragment {
        return;
    }
    let url = if fragment.is_empty() { window.location().pathname().unwrap_or_default() } else { fragment.to_owned() };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

thread_local! {
    static PENDING_FRAGMENT: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// [`replace_fragment`] in a task of its own, once for several changes in a row (the latest):
/// `history.replaceState` took 4–7 ms of the frame in which a grant switch shows its card.
pub fn replace_fragment_soon(fragment: String) {
    let first = PENDING_FRAGMENT.with(|pending| pending.borrow_mut().replace(fragment).is_none());
    if !first {
        return;
    }
    let Some(window) = web_sys::window() else { return };
    let replace = wasm_bindgen::closure::Closure::once_into_js(|| {
        if let Some(fragment) = PENDING_FRAGMENT.with(|pending| pending.borrow_mut().take()) {
            replace_fragment(&fragment);
        }
    });
    let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(wasm_bindgen::JsCast::unchecked_ref(&replace), 0);
}

/// The page's address without query or fragment (origin and path), for links to it.
pub fn page_address() -> Option<String> {
    let location = web_sys::window()?.location();
    Some(format!("{}{}", location.origin().ok()?, location.pathname().ok()?))
}
