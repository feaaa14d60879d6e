//! A tab strip after the WAI-ARIA tabs pattern: activation follows focus, one tab in the Tab
//! order (roving tabindex), the arrow keys move along the strip and Home/End go to its ends.
//! A panel that is not shown stays in the DOM (`hidden`) with all of its content, because
//! automation reads artefacts there. The caller writes the panels as
//! `<div role="tabpanel" id="{name}-panel-{id}" aria-labelledby="{name}-tab-{id}">`, all but
//! the first `hidden`; [`crate::browser::tabs::show`] makes the tabs and keeps tabs and panels
//! in step (plain DOM: about 1 KB gzip less in the first load than a reactive view per tab).
use crate::browser::{document::focus, tabs};
use crate::i18n::{t, I18n, Lang};
use leptos::prelude::*;

/// The tabs of a strip: id, and whether it holds private material (offered only while the
/// strip's `private` is true, and marked).
pub type Tabs = &'static [(&'static str, bool)];

#[component]
pub fn TabStrip(
    /// Prefix of the element ids, unique in the page.
    name: &'static str,
    label: &'static str,
    tabs: Tabs,
    /// Each tab's label, by id, in a language.
    label_of: fn(Lang, &str) -> &'static str,
    /// Whether the private tabs are offered.
    #[prop(into)]
    private: Signal<bool>,
) -> impl IntoView {
    let lang = expect_context::<I18n>().lang;
    let chosen = RwSignal::new(0usize);
    let offered = move |index: usize| !tabs[index].1 || private.get();
    // The chosen tab while it is offered, else the first.
    let current = move || Some(chosen.get()).filter(|i| offered(*i)).unwrap_or(0);
    Effect::new(move |previous: Option<Lang>| {
        let lang = lang.get();
        let shown: Vec<tabs::Tab> = tabs
            .iter()
            .enumerate()
            .map(|(index, (id, secret))| tabs::Tab { id, label: label_of(lang, id), offered: offered(index), secret: *secret })
            .collect();
        tabs::show(name, &shown, current(), previous.is_some_and(|p| p != lang));
        lang
    });
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let open: Vec<usize> = (0..tabs.len()).filter(|i| untrack(|| offered(*i))).collect();
        let Some(position) = open.iter().position(|i| *i == untrack(current)) else { return };
        let next = match ev.key().as_str() {
            "ArrowRight" => open[(position + 1) % open.len()],
            "ArrowLeft" => open[(position + open.len() - 1) % open.len()],
            "Home" => open[0],
            "End" => open[open.len() - 1],
            _ => return,
        };
        ev.prevent_default();
        chosen.set(next);
        focus(&format!("{name}-tab-{}", tabs[next].0));
    };
    view! {
        <div role="tablist" class="tabs" id=format!("{name}-tabs") aria-label=t(label) on:keydown=on_key
            on:click=move |ev| {
                let ids: Vec<&str> = tabs.iter().map(|(id, _)| *id).collect();
                if let Some(index) = tabs::index_of(&ev, name, &ids) { chosen.set(index) }
            }></div>
    }
}
