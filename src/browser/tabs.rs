//! The tabs of a tab strip (WAI-ARIA tabs), made and kept in step here: one `role=tab` per
//! tab inside the `role=tablist` element `{strip}-tabs`, with `aria-selected`, the roving
//! `tabindex` and `hidden` for a tab not offered, and `hidden` on every panel
//! (`{strip}-panel-{id}`) but the shown one. One pass over plain DOM calls instead of a
//! reactive view per tab: that costs the first load a few hundred bytes instead of ~4 KB gzip.
use wasm_bindgen::JsCast;

/// One tab as shown now.
pub struct Tab<'a> {
    pub id: &'a str,
    pub label: &'a str,
    pub offered: bool,
    /// Private material, marked (`class="secret"`).
    pub secret: bool,
}

/// Shows tab `current` of `tabs`, making the tab elements on first use.
pub fn show(strip: &str, tabs: &[Tab], current: usize) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(list) = document.get_element_by_id(&format!("{strip}-tabs")) else { return };
    for (index, tab) in tabs.iter().enumerate() {
        let id = format!("{strip}-tab-{}", tab.id);
        let element = match document.get_element_by_id(&id) {
            Some(element) => element,
            None => {
                let Ok(element) = document.create_element("div") else { return };
                element.set_id(&id);
                let _ = element.set_attribute("role", "tab");
                let _ = element.set_attribute("aria-controls", &format!("{strip}-panel-{}", tab.id));
                let _ = element.set_attribute("data-index", &index.to_string());
                if tab.secret {
                    element.set_class_name("secret");
                }
                let _ = list.append_child(&element);
                element
            }
        };
        let selected = index == current;
        element.set_text_content(Some(tab.label));
        let _ = element.set_attribute("aria-selected", if selected { "true" } else { "false" });
        let _ = element.set_attribute("tabindex", if selected { "0" } else { "-1" });
        let _ = element.toggle_attribute_with_force("hidden", !tab.offered);
        if let Some(panel) = document.get_element_by_id(&format!("{strip}-panel-{}", tab.id)) {
            let _ = panel.toggle_attribute_with_force("hidden", !selected);
        }
    }
}

/// The index of the tab an event inside the strip happened on.
pub fn index_of(ev: &web_sys::Event) -> Option<usize> {
    let target = ev.target()?.dyn_into::<web_sys::Element>().ok()?;
    target.closest("[role=tab]").ok()??.get_attribute("data-index")?.parse().ok()
}
