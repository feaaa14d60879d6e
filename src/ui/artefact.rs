//! An artefact the user takes away: monospace text with copy and download buttons.
use crate::browser::{clipboard, download};
use crate::i18n::t;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;

/// Feedback shown next to a copy button for a moment.
#[derive(Clone, PartialEq)]
enum CopyState {
    Idle,
    Copied,
    Failed(String),
}

/// A titled block of monospace text. Its `<pre>` holds exactly the artefact (nothing else),
/// under `testid`, as the automation contract requires.
#[component]
pub fn Artefact(
    /// Heading, e.g. "Public JWKS".
    title: &'static str,
    /// `data-testid` of the text node.
    testid: &'static str,
    /// The text; `None` hides the whole block.
    #[prop(into)]
    text: Signal<Option<String>>,
    /// Download file name.
    #[prop(into)]
    filename: Signal<String>,
    /// Download MIME type.
    mime: &'static str,
    /// Private material: blurred until revealed, and marked.
    #[prop(optional)]
    secret: bool,
    /// One line under the heading saying what this is for.
    #[prop(optional)]
    hint: Option<&'static str>,
) -> impl IntoView {
    let copy_state = RwSignal::new(CopyState::Idle);
    let revealed = RwSignal::new(!secret);
    let download_error = RwSignal::new(None::<String>);

    let copy = move |_| {
        let Some(value) = text.get_untracked() else { return };
        spawn_local(async move {
            let state = match clipboard::copy_text(&value).await {
                Ok(()) => CopyState::Copied,
                Err(message) => CopyState::Failed(message),
            };
            copy_state.set(state);
            set_timeout(move || copy_state.set(CopyState::Idle), Duration::from_millis(2000));
        });
    };
    let save = move |_| {
        let Some(value) = text.get_untracked() else { return };
        download_error.set(download::save_text(&filename.get_untracked(), mime, &value).err());
    };

    view! {
        {move || (text.with(Option::is_some)).then(|| view! {
            <section class="artefact" class:secret=secret>
                <header class="artefact-head">
                    <h3>
                        {t(title)}
                        {secret.then(|| view! { <span class="badge badge-secret">{t("private")}</span> })}
                    </h3>
                    <div class="actions">
                        {secret.then(|| view! {
                            <button type="button" class="ghost" aria-pressed=move || revealed.get().to_string()
                                on:click=move |_| revealed.update(|r| *r = !*r)>
                                {move || if revealed.get() { t("Hide")() } else { t("Show")() }}
                            </button>
                        })}
                        <button type="button" on:click=copy data-testid=format!("{testid}-copy")
                            aria-label=move || format!("{} {}", t("Copy")(), t(title)())>
                            {move || match copy_state.get() {
                                CopyState::Copied => t("Copied ✓")(),
                                _ => t("Copy")(),
                            }}
                        </button>
                        <button type="button" on:click=save data-testid=format!("{testid}-download")
                            aria-label=move || format!("{} {}", t("Download")(), t(title)())>
                            {t("Download")}
                        </button>
                    </div>
                </header>
                {hint.map(|hint| view! { <p class="hint">{t(hint)}</p> })}
                <pre class="mono" class:concealed=move || !revealed.get() data-testid=testid tabindex="0">
                    {move || text.get().unwrap_or_default()}
                </pre>
                <p class="status" role="status" aria-live="polite">
                    {move || match copy_state.get() {
                        CopyState::Failed(message) => Some(message),
                        _ => None,
                    }}
                    {move || download_error.get()}
                </p>
            </section>
        })}
    }
}
