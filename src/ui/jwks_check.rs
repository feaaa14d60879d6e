//! "Check my JWKS URL": fetch the client's registered JWKS URL (`jwks-url`, `jwks-check`) and
//! say whether it publishes the current key (`jwks-check-result`, beginning with `published`,
//! `not published` or `different key` in every language; `pkjwt_core::jwks_check`). When the
//! browser may not fetch it (CORS), the same check on pasted JSON (`jwks-check-paste`,
//! `jwks-check-paste-apply`) and the curl that fetches it (`jwks-check-curl`). The verdict
//! follows the current key: switching keys in the set checks the same text again.
use crate::browser::fetch::{self, FetchError};
use crate::i18n::{fill, say, t};
use crate::key_store::KeyStore;
use crate::signer::Signer;
use crate::ui::fields::{BLOCK_MAX, LINE_MAX};
use leptos::prelude::*;
use leptos::task::spawn_local;
use pkjwt_core::jwks_check::{check_published, fetch_curl, JwksCheckError};

#[component]
pub fn JwksCheck() -> impl IntoView {
    let store = expect_context::<KeyStore>();
    let effective = expect_context::<Signer>().effective();
    let url = RwSignal::new(String::new());
    let pasted = RwSignal::new(String::new());
    // The text of the JWK Set checked last (fetched or pasted).
    let checked = RwSignal::new(None::<String>);
    let fetch_error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let show_paste = RwSignal::new(false);

    // A sentence beginning with `published`, `not published` or `different key`, or why the
    // text is no JWK Set. Memo<Option<String>>, a type the page has already (each new signal
    // type costs the first load its own copy of the reactive code).
    let verdict = Memo::new(move |_| {
        // The verdict is a sentence: again in the other language.
        crate::i18n::current();
        let alg = effective.with(|e| e.alg);
        checked.with(|text| {
            let text = text.as_deref()?;
            store.key.with(|key| {
                Some(match check_published(key.as_ref()?, alg, text) {
                    Ok(publication) => crate::i18n::publication(&publication),
                    Err(error) => crate::i18n::jwks_check_error(&error),
                })
            })
        })
    });

    let check = move || {
        let target = url.get_untracked().trim().to_owned();
        if target.is_empty() || busy.get_untracked() {
            return;
        }
        busy.set(true);
        fetch_error.set(None);
        checked.set(None);
        spawn_local(async move {
            match fetch::get_text(&target).await {
                Ok((status, body)) if (200..300).contains(&status) => checked.set(Some(body)),
                Ok((status, _)) => fetch_error.set(Some(crate::i18n::jwks_check_error(&JwksCheckError::Status { status }))),
                Err(error) => {
                    let message = match &error {
                        FetchError::Blocked { target_origin, .. } => fill(
                            say("The browser could not fetch the JWKS URL from {}: the server does not allow calls from web pages (CORS), or it cannot be reached. Fetch it with the curl below and paste what it prints."),
                            std::slice::from_ref(target_origin),
                        ),
                        other => fetch::explain(other),
                    };
                    fetch_error.set(Some(message));
                    show_paste.set(true);
                }
            }
            busy.set(false);
        });
    };
    let apply_paste = move || {
        fetch_error.set(None);
        checked.set(Some(pasted.get_untracked()));
    };
    let curl = move || fetch_curl(url.get().trim()).unwrap_or_else(|e| e.to_string());

    view! {
        <div class="card jwks-check">
            <h3>{t("Check my JWKS URL")}</h3>
            <p class="hint">
                {t("Where the server reads your public keys (your registered JWKS URL, not the server's own jwks_uri): does it publish the current key, under its kid, with the same thumbprint? Only a GET of that URL is sent, nothing private.")}
            </p>
            <label class="field">
                <span>{t("JWKS URL")}</span>
                <input type="url" class="mono" data-testid="jwks-url" spellcheck="false" autocomplete="off" maxlength=LINE_MAX
                    placeholder="https://client.example/.well-known/jwks.json"
                    prop:value=move || url.get()
                    on:input=move |ev| url.set(event_target_value(&ev))
                    on:keydown=move |ev| if ev.key() == "Enter" { check() }/>
            </label>
            <div class="row">
                <button type="button" class="primary" data-testid="jwks-check" on:click=move |_| check()
                    disabled=move || busy.get() || url.with(|u| u.trim().is_empty())>
                    {t("Check")}
                </button>
                <button type="button" class="link" on:click=move |_| show_paste.update(|s| *s = !*s)>
                    {t("Paste the JWK Set instead")}
                </button>
            </div>
            <p class="error" role="alert" data-testid="jwks-check-error" hidden=move || fetch_error.with(Option::is_none)>
                {move || fetch_error.get()}
            </p>
            <p class="status-line" class:bad=move || !verdict.with(|v| v.as_deref().is_some_and(|v| v.starts_with("published")))
                role="status" aria-live="polite" hidden=move || verdict.with(Option::is_none)>
                <strong data-testid="jwks-check-result">{move || verdict.get()}</strong>
            </p>
            <div hidden=move || !show_paste.get()>
                <label class="field">
                    <span>{t("The JWK Set, as the URL serves it")}</span>
                    <textarea data-testid="jwks-check-paste" class="mono" rows="3" spellcheck="false" autocomplete="off" maxlength=BLOCK_MAX
                        placeholder="{\"keys\": […]}"
                        on:input=move |ev| pasted.set(event_target_value(&ev))></textarea>
                </label>
                <div class="row">
                    <button type="button" data-testid="jwks-check-paste-apply" on:click=move |_| apply_paste()>
                        {t("Check the pasted JWK Set")}
                    </button>
                </div>
                <p class="hint">{t("Fetch it in a terminal:")}</p>
                <pre class="mono boxed" data-testid="jwks-check-curl" tabindex="0">{curl}</pre>
            </div>
        </div>
    }
}
