//! The page: header, the five panels, footer. Owns the contexts every panel reads.
//!
//! Steps 3 and 4 (the assertion and the token request) are code of the lazy module `signing`:
//! they show what a key signs, so they have nothing to show before a key is made, and they lie
//! below the first screen's fold. They come with the preload after idle (about half a second
//! after the page is interactive, BENCHMARKS.md), like the key maker they need.
use crate::browser::storage;
use crate::clock::Clock;
use crate::response::ResponseStore;
use crate::settings::Settings;
use crate::signer::Signer;
use crate::key_store::KeyStore;
use crate::ui::assertion::AssertionPanel;
use crate::ui::keys::KeysPanel;
use crate::ui::provider::ProviderPanel;
use crate::ui::request::RequestPanel;
use crate::ui::response::ResponsePanel;
use crate::i18n::t;
use leptos::prelude::*;

#[component]
pub fn App() -> impl IntoView {
    let i18n = crate::i18n::I18n::new();
    provide_context(i18n);
    let keys = KeyStore::new();
    keys.sync_storage();
    let settings = Settings::new();
    let clock = Clock::start();
    let effective = settings.effective(keys);
    let signer = Signer::new(effective, keys, clock);
    signer.follow_changes();
    provide_context(keys);
    provide_context(settings);
    provide_context(signer);
    provide_context(effective);
    let dpop = crate::dpop::Dpop::new(effective, keys);
    provide_context(dpop);
    provide_context(ResponseStore::new());
    provide_context(clock);
    let authorize_flow = crate::authorize::AuthorizeFlow::new();
    provide_context(authorize_flow);
    let link_notes = crate::share_sync::sync_fragment(settings, keys);

    let responses = expect_context::<ResponseStore>();
    // Memory as well as storage: the key, the DPoP key, the worker that may hold one, WebCrypto's imported
    // copy, tokens in answers and parameters, the client secret, every setting, the pending
    // authorization attempt.
    let forget_everything = move |_| {
        keys.forget();
        // The DPoP key (a WebCrypto handle or a worker-made key), its nonces and proofs.
        dpop.forget();
        crate::browser::worker::terminate();
        storage::forget_everything();
        settings.reset();
        responses.clear();
        // The pending authorization attempt (state, nonce, verifier) and what was shown of it.
        authorize_flow.clear();
    };

    view! {
        <header class="top">
            <div class="brand">
                <h1>"pkjwt"</h1>
                <span class="tagline">{t("private_key_jwt workbench")}</span>
                <label class="lang">
                    <span class="visually-hidden">{t("Language")}</span>
                    <select data-testid="lang" aria-label=t("Language") on:change=move |ev| {
                        crate::i18n::switch(i18n, if event_target_value(&ev) == "nl" { crate::i18n::Lang::Nl } else { crate::i18n::Lang::En })
                    }>
                        <option value="en" prop:selected=move || i18n.lang.get() == crate::i18n::Lang::En>"English"</option>
                        <option value="nl" prop:selected=move || i18n.lang.get() == crate::i18n::Lang::Nl>"Nederlands"</option>
                    </select>
                </label>
            </div>
            {move || i18n.dutch_failed.get().then(|| crate::lazy::message(crate::lazy::Part::Dutch))}
            <p class="promise">
                {t("Keys are generated and kept in this page. Nothing is sent anywhere unless you press Send.")}
            </p>
        </header>
        <Show when=move || !link_notes.with(Vec::is_empty)>
            <ul class="notes link-notes" data-testid="share-notes">
                {move || link_notes.get().into_iter().map(|note| view! { <li>{note}</li> }).collect_view()}
            </ul>
        </Show>
        <main>
            <ProviderPanel/>
            <KeysPanel/>
            {crate::lazy::show(crate::lazy::Part::Assertion, assertion_step())}
            {crate::lazy::show(crate::lazy::Part::Request, request_step())}
            <ResponsePanel/>
        </main>
        <footer class="bottom">
            <button type="button" class="link" data-testid="forget-everything" on:click=forget_everything>
                {t("Forget everything (memory and this site's storage)")}
            </button>
            <a href="./pkjwt.html" download="pkjwt.html" data-testid="download-single-file">{t("Download pkjwt as one HTML file (for machines without internet)")}</a>
            <span>{t("pkjwt · static page, no server, no tracking")}</span>
        </footer>
    }
}

// Two views, so that each mounts in a task of its own.
crate::lazy::split_view! {
    /// Step 3.
    pub(crate) fn assertion_step() in signing, preload preload_assertion_step { view! { <AssertionPanel/> } }
}

crate::lazy::split_view! {
    /// Step 4.
    pub(crate) fn request_step() in signing, preload preload_request_step { view! { <RequestPanel/> } }
}
