//! Calling an API with the last access token: `Authorization: Bearer`, or with DPoP on
//! `Authorization: DPoP` plus a proof carrying `ath` (RFC 9449 §7). Its curl (a proof signed
//! for it, again when the URL, key or nonce changes) and Send, with the answer shown like the
//! token response's.
use crate::browser::fetch::HttpResponse;
use crate::browser::{clipboard, download};
use crate::dpop::Dpop;
use crate::i18n::{say, t};
use crate::response::pretty_body;
use crate::settings::Settings;
use crate::ui::artefact::Artefact;
use crate::ui::fields::TextField;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::future::Future;
use std::pin::Pin;
use pkjwt_core::endpoint::Endpoint;
use pkjwt_core::request::TokenScheme;
use pkjwt_core::setup::Effective;
use pkjwt_core::shell::{render_bearer_curl, render_curl};

#[component]
pub fn ApiCall(#[prop(into)] access: Signal<Option<String>>) -> impl IntoView {
    let settings = expect_context::<Settings>();
    let dpop = expect_context::<Dpop>();
    // The API URL goes into a command: it is checked as an endpoint is (a fragment aside).
    let api_url = Memo::new(move |_| {
        let url = settings.api_url.get();
        let url = if url.trim().is_empty() { "https://api.example/resource" } else { url.trim() };
        Endpoint::parse_resource(url).map(|endpoint| endpoint.as_str().to_owned())
    });
    let effective = expect_context::<Memo<Effective>>();
    let scheme = move || if dpop.choice().is_some() { TokenScheme::Dpop } else { TokenScheme::Bearer };
    // As the setup binds its tokens: DPoP's scheme, or mTLS's certificate (RFC 8705 §3).
    let request = Signal::derive(move || {
        let url = api_url.get().ok()?;
        let token = access.get()?;
        effective.with(|e| e.resource_request(&url, &token).ok())
    });
    // The curl's own proof, signed for it: the main request's stays its own.
    let shown = dpop.with_shown_proof(request);
    let api_curl = Signal::derive(move || {
        let token = access.get()?;
        let url = api_url.get().ok()?;
        let shown = shown.get()?;
        if scheme() == TokenScheme::Bearer && shown.client_certificate.is_none() {
            return render_bearer_curl(&url, &token).ok();
        }
        render_curl(&shown).ok()
    });
    let api_error = move || api_url.get().err().map(|error| format!("{} {}", t("API URL:")(), crate::i18n::endpoint_error(&error)));

    let reply = RwSignal::new(None::<HttpResponse>);
    let problem = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    let send = move |_| {
        if sending.get_untracked() {
            return;
        }
        sending.set(true);
        problem.set(None);
        spawn_local(async move {
            // Each try is a new request (a fresh proof is put in by `send`).
            let build = move || -> Pin<Box<dyn Future<Output = _>>> {
                Box::pin(async move {
                    let request = request.get_untracked().ok_or_else(|| t("API URL:")().to_owned())?;
                    match request.client_certificate {
                        Some(_) => Err(say(crate::ui::authorize::MTLS_FROM_PAGE).to_owned()),
                        None => Ok(request),
                    }
                })
            };
            match dpop.send(&build, true).await {
                Ok(sent) => reply.set(Some(sent.response)),
                Err(message) => {
                    reply.set(None);
                    problem.set(Some(message));
                }
            }
            sending.set(false);
        });
    };
    let status = move || reply.with(|r| r.as_ref().map(|r| r.status));
    let headers = move || reply.with(|r| r.as_ref().map(|r| r.headers.iter().map(|(n, v)| format!("{n}: {v}\n")).collect::<String>()));
    let body = Signal::derive(move || reply.with(|r| r.as_ref().map(|r| pretty_body(&r.body))));
    let title = move || if scheme() == TokenScheme::Dpop { t("curl with Authorization: DPoP and a DPoP proof")() } else { t("curl with Authorization: Bearer")() };
    // A copy carries a proof of its own (a proof is single-use, like the one on screen).
    let copied = RwSignal::new(None::<Result<(), String>>);
    let copy = move |_| {
        let Some(shown) = api_curl.get_untracked() else { return };
        let fresh = request.get_untracked().filter(|_| scheme() == TokenScheme::Dpop);
        spawn_local(async move {
            let text = match fresh {
                Some(mut request) => match dpop.prove(&mut request).await {
                    Ok(_) => render_curl(&request).map_err(|e| e.to_string()),
                    Err(error) => Err(error),
                },
                None => Ok(shown),
            };
            let result = match text {
                Ok(text) => clipboard::copy_text(&text).await,
                Err(error) => Err(error),
            };
            copied.set(Some(result));
            set_timeout(move || copied.set(None), std::time::Duration::from_millis(2500));
        });
    };
    let save = move |_| {
        let Some(text) = api_curl.get_untracked() else { return };
        copied.set(download::save_text("api-call.sh", "text/x-shellscript", &text).err().map(Err));
    };

    view! {
        <div class="card flow api-call" data-testid="api-card">
            <TextField label="API URL" testid="api-url" value=settings.api_url mono=true placeholder="https://api.example/resource"/>
            {move || api_error().map(|message| view! { <p class="error" role="alert">{message}</p> })}
            <section class="artefact" hidden=move || api_curl.with(Option::is_none)>
                <header class="artefact-head">
                    <h3>{title}</h3>
                    <div class="actions">
                        <button type="button" data-testid="api-curl-copy" on:click=copy>
                            {move || if matches!(copied.get(), Some(Ok(()))) { t("Copied ✓ (freshly signed)")() } else { t("Copy")() }}
                        </button>
                        <button type="button" data-testid="api-curl-download" on:click=save>{t("Download")}</button>
                    </div>
                </header>
                <pre class="mono command" data-testid="api-curl" tabindex="0">{move || api_curl.get()}</pre>
                <p class="status" role="status">{move || copied.get().and_then(Result::err)}</p>
            </section>
            <div class="row">
                <button type="button" data-testid="api-send" on:click=send disabled=move || sending.get() || request.with(Option::is_none)>
                    {move || if sending.get() { t("Sending…")() } else { t("Send from this page")() }}
                </button>
                <strong data-testid="api-status">{status}</strong>
            </div>
            <details class="more" hidden=move || reply.with(Option::is_none)>
                <summary>{t("Headers the browser lets the page read")}</summary>
                <pre class="mono boxed" data-testid="api-headers" tabindex="0">{headers}</pre>
            </details>
            <Artefact title="Answer" testid="api-body" text=body filename="api-answer.json".to_string() mime="application/json"/>
            <p class="error" role="alert" data-testid="api-error" hidden=move || problem.with(Option::is_none)>{move || problem.get()}</p>
        </div>
    }
}
