//! Labelled form fields bound to one signal each.
use crate::i18n::t;
use leptos::prelude::*;

/// A text input (or, with `rows`, a textarea) that writes its signal on every keystroke.
#[component]
pub fn TextField(
    label: &'static str,
    testid: &'static str,
    value: RwSignal<String>,
    #[prop(optional)] placeholder: &'static str,
    /// Monospace, for URLs, ids and JSON.
    #[prop(optional)]
    mono: bool,
    /// A textarea of this many rows instead of a one-line input.
    #[prop(optional)]
    rows: Option<u32>,
    #[prop(optional)] hint: Option<&'static str>,
    /// `input` type, e.g. "url" or "number"; "text" by default.
    #[prop(optional)]
    kind: Option<&'static str>,
) -> impl IntoView {
    let control = match rows {
        Some(rows) => view! {
            <textarea data-testid=testid class:mono=mono rows=rows spellcheck="false" placeholder=placeholder
                prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))></textarea>
        }
        .into_any(),
        None => view! {
            // Numbers are typed as text: a number input reports "" while a value is half typed,
            // and writing that back would eat keystrokes. The core explains bad numbers.
            <input type=kind.filter(|k| *k != "number").unwrap_or("text")
                inputmode=kind.filter(|k| *k == "number").map(|_| "numeric") data-testid=testid class:mono=mono spellcheck="false" autocomplete="off"
                class:has-placeholder=move || value.with(|v| !pkjwt_core::profile::placeholders(v).is_empty())
                placeholder=placeholder prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
        }
        .into_any(),
    };
    view! {
        <label class="field">
            <span>{t(label)}</span>
            {control}
            {hint.map(|hint| view! { <small class="hint">{t(hint)}</small> })}
        </label>
    }
}

/// A checkbox bound to a boolean signal.
#[component]
pub fn CheckField(label: &'static str, testid: &'static str, value: RwSignal<bool>) -> impl IntoView {
    view! {
        <label class="check small-check">
            <input type="checkbox" data-testid=testid prop:checked=move || value.get()
                on:change=move |ev| value.set(event_target_checked(&ev))/>
            <span>{t(label)}</span>
        </label>
    }
}
