//! Moving the user's attention to an element of the page: keyboard focus, or scrolling it
//! into view. By element id, so components never hold DOM nodes.
use wasm_bindgen::JsCast;

fn element(id: &str) -> Option<web_sys::Element> {
    web_sys::window()?.document()?.get_element_by_id(id)
}

/// Gives the element with this id the keyboard focus (a roving-tabindex tab, for instance).
/// The page's elements are all HTML elements, so the cast goes unchecked (a checked one costs
/// the first load an `instanceof` binding for nothing).
pub fn focus(id: &str) {
    if let Some(element) = element(id) {
        let _ = element.unchecked_into::<web_sys::HtmlElement>().focus();
    }
}

/// Scrolls the element with this id into view.
pub fn scroll_to(id: &str) {
    if let Some(element) = element(id) {
        element.scroll_into_view();
    }
}
