//! Sharing the setup: the link (URL fragment) and a .env file, both without any secret.
use crate::browser::location;
use crate::settings::Settings;
use crate::share_sync::{apply, current_fragment};
use crate::key_store::KeyStore;
use crate::ui::artefact::Artefact;
use crate::ui::fields::TextField;
use crate::i18n::t;
use leptos::prelude::*;
use pkjwt_core::share::{from_env, shared_setup, to_env};

#[component]
pub fn ShareCard() -> impl IntoView {
    let settings = expect_context::<Settings>();
    let keys = expect_context::<KeyStore>();
    // The page's address does not change while it is open (only its fragment does).
    let page = location::page_address();
    let link = Signal::derive(move || Some(format!("{}{}", page.as_deref()?, current_fragment(settings))));
    let env = Signal::derive(move || Some(to_env(&shared_setup(&settings.setup()))));
    let pasted = RwSignal::new(String::new());
    let result = RwSignal::new(None::<Result<Vec<String>, String>>);
    let import = move |_| {
        let outcome = from_env(&pasted.get_untracked()).map(|(shared, read)| {
            let mut messages = apply(settings, keys, &shared, &read);
            messages.insert(0, crate::i18n::fill(crate::i18n::say("Read {} settings."), &[shared.len().to_string()]));
            messages
        });
        result.set(Some(outcome.map_err(|e| crate::i18n::env_error(&e))));
    };
    view! {
        <details class="card">
            <summary><h3>{t("Share this setup")}</h3></summary>
            <p class="hint">{t("The link and the .env file hold the provider, client id, endpoints, algorithm, lifetime, scope and grant: never the key, a client secret or a token.")}</p>
            <Artefact title="Link" testid="share-url" text=link filename="pkjwt-link.txt".to_string() mime="text/plain"/>
            <Artefact title=".env" testid="env-export" text=env filename="pkjwt.env".to_string() mime="text/plain"/>
            <TextField label="Import a .env file (ours, or CLIENT_ID / SCOPES / OKTA_URL from the seed scripts)" testid="env-import"
                value=pasted mono=true rows=4/>
            <button type="button" data-testid="env-import-apply" on:click=import>{t("Import .env")}</button>
            {move || result.get().map(|r| match r {
                Ok(messages) => view! { <ul class="notes" data-testid="env-import-result">{messages.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul> }.into_any(),
                Err(message) => view! { <p class="error" role="alert" data-testid="env-import-result">{message}</p> }.into_any(),
            })}
        </details>
    }
}
