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
use crate::ui::fields::{CutNotice, BLOCK_MAX, LINE_MAX};
use leptos::prelude::*;
use leptos::task::spawn_local;
use pkjwt_core::jwks_check::{check_published, fetch_curl, JwksCheckError};

/// What was checked: a JWK Set's text, or an answer that is not one.
#[derive(Clone, PartialEq)]
enum Checked {
    Text(String),
    Status(u16),
}

#[component]
pub fn JwksCheck() -> impl IntoView {
    let store = expect_context::<KeyStore>();
    let effective = expect_context::<Signer>().effective();
    let url = RwSignal::new(String::new());
    let pasted = RwSignal::new(String::new());
    let checked = RwSignal::new(None::<Checked>);
    let fetch_error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let show_paste = RwSignal::new(false);

    let verdict = Memo::new(move |_| {
        // The verdict is a sentence: again in the other language.
        crate::i18n::current();
        let alg = effective.with(|e| e.alg);
        let checked = checked.get()?;
        store.key.with(|key| {
            let key = key.as_ref()?;
            let result = match checked {
                Checked::Text(text) => check_published(key, alg, &text),
                Checked::Status(status) => Err(JwksCheckError::Status { status }),
            };
            Some(match result {
                Ok(publication) => (Some(publication.word()), crate::i18n::publication(&publication)),
                Err(error) => (None, crate::i18n::jwks_check_error(&error)),
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
                Ok((status, body)) if (200..300).contains(&status) => checked.set(Some(Checked::Text(body))),
                Ok((status, _)) => checked.set(Some(Checked::Status(status))),
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
        checked.set(Some(Checked::Text(pasted.get_untracked())));
    };
    let curl = move || {
        let target = url.get();
        let target = target.trim();
        (!target.is_empty()).then(|| fetch_curl(target).unwrap_or_else(|e| e.to_string()))
    };

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
            {move || fetch_error.get().map(|e| view! { <p class="error" role="alert" data-testid="jwks-check-error">{e}</p> })}
            <p class="status-line" role="status" aria-live="polite" hidden=move || verdict.with(Option::is_none)
                class:good=move || verdict.with(|v| matches!(v, Some((Some("published"), _))))
                class:bad=move || verdict.with(|v| matches!(v, Some((Some(w), _)) if *w != "published") || matches!(v, Some((None, _))))>
                <strong data-testid="jwks-check-result">{move || verdict.with(|v| v.as_ref().map(|(_, text)| text.clone()))}</strong>
            </p>
            <Show when=move || show_paste.get()>
                <label class="field">
                    <span>{t("The JWK Set, as the URL serves it")}</span>
                    <textarea data-testid="jwks-check-paste" class="mono" rows="3" spellcheck="false" autocomplete="off" maxlength=BLOCK_MAX
                        placeholder="{\"keys\": […]}"
                        prop:value=move || pasted.get()
                        on:input=move |ev| pasted.set(event_target_value(&ev))></textarea>
                    <CutNotice value=pasted max=BLOCK_MAX/>
                </label>
                <div class="row">
                    <button type="button" data-testid="jwks-check-paste-apply" on:click=move |_| apply_paste()>
                        {t("Check the pasted JWK Set")}
                    </button>
                </div>
                {move || curl().map(|command| view! {
                    <p class="hint">{t("Fetch it in a terminal:")}</p>
                    <pre class="mono" data-testid="jwks-check-curl">{command}</pre>
                })}
            </Show>
        </div>
    }
}
