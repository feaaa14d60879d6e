//! Labelled form fields bound to one signal each.
use crate::i18n::{fill, t};
use leptos::prelude::*;

/// The most a one-line field takes, in characters (`maxlength`): ids, URLs and names are far
/// shorter. The browser itself stops a paste there, which is what keeps a mistaken paste of a
/// whole file quick: Chromium spends about 2 s putting 10 MB into a field that has no limit,
/// before any of the page's code runs.
pub const LINE_MAX: usize = pkjwt_core::assertion::MAX_FIELD_BYTES;

/// The `maxlength` of a field whose value the core limits and explains when over (text areas,
/// tokens): see the core's rule ("The input is 307200 bytes; pkjwt reads at most 262144 …").
pub use pkjwt_core::setup::cut_beyond;

/// The most a text area takes: key files, metadata documents, `.env` files and tokens.
pub const BLOCK_MAX: usize = cut_beyond(pkjwt_core::key::import::MAX_INPUT_BYTES);

/// Says so when a field is full, so that a cut paste is not mistaken for the whole of it.
/// (`maxlength` counts UTF-16 units, and so does this.)
#[component]
pub fn CutNotice(#[prop(into)] value: Signal<String>, max: usize) -> impl IntoView {
    view! {
        {move || (value.with(|v| v.len() >= max && v.encode_utf16().count() >= max)).then(|| view! {
            <small class="hint warning" role="status">
                {move || fill(t("This field holds at most {} characters; what was pasted was cut there.")(), &[max.to_string()])}
            </small>
        })}
    }
}

/// What a text field edits: its signal, and the input limit its declaration sets when it is a
/// setting ([`crate::settings::Field`]).
#[derive(Clone, Copy)]
pub struct Bound {
    signal: RwSignal<String>,
    declared_max: Option<usize>,
}

impl From<RwSignal<String>> for Bound {
    fn from(signal: RwSignal<String>) -> Bound {
        Bound { signal, declared_max: None }
    }
}

impl From<crate::settings::Field<String>> for Bound {
    fn from(field: crate::settings::Field<String>) -> Bound {
        Bound { signal: field.into(), declared_max: Some(field.spec.max) }
    }
}

/// A text input (or, with `rows`, a textarea) that writes its signal on every keystroke.
#[component]
pub fn TextField(
    label: &'static str,
    testid: &'static str,
    #[prop(into)] value: Bound,
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
    /// `maxlength`: the setting's declared limit, else [`LINE_MAX`] for an input and
    /// [`BLOCK_MAX`] for a textarea.
    #[prop(optional)]
    max: Option<usize>,
) -> impl IntoView {
    let max = max.or(value.declared_max).unwrap_or(if rows.is_some() { BLOCK_MAX } else { LINE_MAX });
    let value = value.signal;
    let control = match rows {
        Some(rows) => view! {
            <textarea data-testid=testid class:mono=mono rows=rows spellcheck="false" placeholder=placeholder maxlength=max
                prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))></textarea>
        }
        .into_any(),
        None => view! {
            // Numbers are typed as text: a number input reports "" while a value is half typed,
            // and writing that back would eat keystrokes. The core explains bad numbers.
            <input type=kind.filter(|k| *k != "number").unwrap_or("text")
                inputmode=kind.filter(|k| *k == "number").map(|_| "numeric") data-testid=testid class:mono=mono spellcheck="false" autocomplete="off" maxlength=max
                class:has-placeholder=move || value.with(|v| !pkjwt_core::setup::placeholders(v).is_empty())
                placeholder=placeholder prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
        }
        .into_any(),
    };
    view! {
        <label class="field">
            <span>{t(label)}</span>
            {control}
            <CutNotice value=value max=max/>
            {hint.map(|hint| view! { <small class="hint">{t(hint)}</small> })}
        </label>
    }
}

/// A checkbox bound to a boolean signal.
#[component]
pub fn CheckField(label: &'static str, testid: &'static str, #[prop(into)] value: RwSignal<bool>) -> impl IntoView {
    view! {
        <label class="check small-check">
            <input type="checkbox" data-testid=testid prop:checked=move || value.get()
                on:change=move |ev| value.set(event_target_checked(&ev))/>
            <span>{t(label)}</span>
        </label>
    }
}
