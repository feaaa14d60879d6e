//! The device authorization grant (RFC 8628), shown for the grant
//! `urn:ietf:params:oauth:grant-type:device_code` above the token request: Start POSTs to the
//! device authorization endpoint (with the token request's client authentication), the page
//! shows the user code and the address to enter it at, and polls the token request below at
//! the server's interval — each poll with a fresh assertion — until approved, denied or
//! expired. The token request's curl is one poll. With DPoP on, every poll carries a fresh
//! proof.
use crate::browser::clock;
use crate::dpop::Dpop;
use crate::clock::{duration, Clock};
use crate::i18n::{fill, say, t};
use crate::request_flow::fresh_request;
use crate::response::ResponseStore;
use crate::settings::Settings;
use crate::signer::Signer;
use crate::ui::artefact::Artefact;
use crate::ui::fields::TextField;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::future::Future;
use std::pin::Pin;
use pkjwt_core::authorize::{device_authorization_request, poll_outcome, read_device_authorization, PollOutcome};
use pkjwt_core::request::TokenRequest;
use pkjwt_core::shell::render_curl;

#[component]
pub fn DeviceCard() -> impl IntoView {
    let settings = expect_context::<Settings>();
    let signer = expect_context::<Signer>();
    let responses = expect_context::<ResponseStore>();
    let clock = expect_context::<Clock>();
    let effective = signer.effective();
    let user_code = RwSignal::new(None::<String>);
    let address = RwSignal::new(None::<String>);
    let expires_at = RwSignal::new(0i64);
    let status = RwSignal::new(None::<String>);
    let problem = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // Each start (and leaving the grant) ends the polling of the one before.
    let run = StoredValue::new(0u64);
    on_cleanup(move || {
        run.try_update_value(|r| *r += 1);
        settings.params.update(|params| {
            params.remove("device_code");
        });
    });

    let scope = move || settings.authz_params.with(|p| p.get("scope").cloned().unwrap_or_else(|| "openid".into()));
    // The start request as shown: with the assertion on screen (Start signs a fresh one).
    let shown_request = move || -> Result<TokenRequest, String> {
        let assertion = signer.current.with(|a| a.as_ref().and_then(|a| a.as_ref().ok()).map(|a| a.token.clone()));
        effective.with(|e| device_authorization_request(&e.device_authorization_endpoint, &e.request, &scope(), assertion.as_deref()))
            .map_err(|e| crate::i18n::authorize_error(&e))
    };
    let dpop = expect_context::<Dpop>();
    let start_curl = Signal::derive(move || shown_request().ok().and_then(|r| render_curl(&r).ok()));
    let left = move || {
        let expires = Some(expires_at.get()).filter(|e| *e > 0)?;
        let left = expires - clock.now.get();
        Some(if left > 0 { fill(t("The user code expires in {}.")(), &[duration(left)]) } else { t("The user code has expired.")().to_owned() })
    };

    let start = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        problem.set(None);
        run.update_value(|r| *r += 1);
        let this_run = run.get_value();
        spawn_local(async move {
            // Each try signs its own assertion (the nonce retry too): each is single-use.
            let build = move || -> Pin<Box<dyn Future<Output = _>>> { Box::pin(async move {
                let effective = signer.effective().get_untracked();
                if effective.request.client_auth.uses_certificate() {
                    return Err(say(crate::ui::authorize::MTLS_FROM_PAGE).to_owned());
                }
                let assertion = if effective.request.needs_assertion() {
                    let signed = signer.sign_for(&effective.device_authorization_endpoint).await;
                    Some(signed.map_err(|e| crate::i18n::assertion_error(&e))?.token)
                } else {
                    None
                };
                device_authorization_request(&effective.device_authorization_endpoint, &effective.request, &scope_untracked(settings), assertion.as_deref())
                    .map_err(|e| crate::i18n::authorize_error(&e))
            }) };
            // RFC 9449 defines no proof for the device authorization request; the polls carry one.
            let started = dpop.send(&build, false).await.map(|sent| sent.response);
            let answer = started.and_then(|response| {
                let read = read_device_authorization(response.status, &response.body).map_err(|e| crate::i18n::reply_error(&e));
                read.map(|answer| (answer, response.received_at))
            });
            busy.set(false);
            let (answer, received_at) = match answer {
                Ok(answer) => answer,
                Err(message) => return problem.set(Some(message)),
            };
            settings.set_param("device_code", answer.device_code().to_owned());
            user_code.set(Some(answer.user_code.clone()));
            address.set(Some(answer.address().to_owned()));
            let expires = received_at + answer.expires_in.min(i64::MAX as u64) as i64;
            expires_at.set(expires);
            status.set(Some("pending".into()));
            poll(this_run, run, answer.interval, expires, status, problem, signer, dpop, responses).await;
        });
    };
    let stop = move |_| {
        run.update_value(|r| *r += 1);
        status.set(Some("stopped".into()));
    };

    view! {
        <div class="card flow device" data-testid="device-card">
            <h3>{t("Device authorization (RFC 8628)")}</h3>
            <p class="hint">{t("For a device without a browser: the user enters a short code on another device, and this page polls the token endpoint until they approve.")}</p>
            <div class="grid-fields">
                <TextField label="Device authorization endpoint" testid="device-endpoint" value=settings.device_authorization_endpoint mono=true
                    placeholder="https://…/device/auth"/>
                <label class="field">
                    <span>"scope"</span>
                    <input type="text" data-testid="authz-param-scope" class="mono" spellcheck="false" autocomplete="off" maxlength=crate::ui::fields::LINE_MAX
                        prop:value=scope on:input=move |ev| {
                            let text = event_target_value(&ev);
                            settings.authz_params.update(|p| { p.insert("scope".into(), text); });
                        }/>
                </label>
            </div>
            <Artefact title="curl for the device authorization request" testid="device-start-curl" text=start_curl
                filename="device-authorization.sh".to_string() mime="text/x-shellscript"/>
            <div class="row">
                <button type="button" class="primary" data-testid="device-start" on:click=start disabled=move || busy.get()>
                    {move || if busy.get() { t("Starting…")() } else { t("Start and poll")() }}
                </button>
                <button type="button" data-testid="device-stop" on:click=stop
                    disabled=move || !status.with(|s| s.as_deref() == Some("pending") || s.as_deref() == Some("slow_down"))>{t("Stop polling")}</button>
            </div>
            <div class="device-code" hidden=move || user_code.with(Option::is_none)>
                    <p>{t("Enter this code")}" "<strong class="mono user-code" data-testid="device-user-code">{move || user_code.get()}</strong></p>
                    <p>{t("at")}" "<a data-testid="device-verification-uri" href=move || address.get() target="_blank" rel="noopener noreferrer">{move || address.get()}</a></p>
                    <p class="hint" data-testid="device-expires">{left}</p>
            </div>
            <p class="status-line" role="status" aria-live="polite" hidden=move || status.with(Option::is_none)
                class:waiting=move || status.with(|s| matches!(s.as_deref(), Some("pending" | "slow_down" | "stopped")))
                class:bad=move || status.with(|s| matches!(s.as_deref(), Some("denied" | "expired" | "failed")))>
                {t("Polling: ")}<strong data-testid="device-status">{move || status.get()}</strong>
            </p>
            <p class="error" role="alert" data-testid="device-error" hidden=move || problem.with(Option::is_none)>{move || problem.get()}</p>
        </div>
    }
}

fn scope_untracked(settings: Settings) -> String {
    settings.authz_params.with_untracked(|p| p.get("scope").cloned().unwrap_or_else(|| "openid".into()))
}

/// Polls the token request (grant device_code) every `interval` seconds, each with a fresh
/// assertion, while this is the latest run and the code has not expired.
#[allow(clippy::too_many_arguments)]
async fn poll(
    this_run: u64,
    run: StoredValue<u64>,
    mut interval: u64,
    expires_at: i64,
    status: RwSignal<Option<String>>,
    problem: RwSignal<Option<String>>,
    signer: Signer,
    dpop: Dpop,
    responses: ResponseStore,
) {
    loop {
        clock::sleep_ms((interval.clamp(1, 600) * 1000) as u32).await;
        if run.try_get_value() != Some(this_run) {
            return;
        }
        if clock::now_unix() as i64 >= expires_at {
            status.set(Some("expired".into()));
            return;
        }
        // Each poll (and its nonce retry) with a fresh assertion and proof.
        let response = match dpop.send(&move || -> Pin<Box<dyn Future<Output = _>>> { Box::pin(fresh_request(signer)) }, true).await {
            Ok(sent) => sent.response,
            Err(message) => {
                problem.set(Some(message));
                status.set(Some("failed".into()));
                return;
            }
        };
        if run.try_get_value() != Some(this_run) {
            return;
        }
        let outcome = poll_outcome(response.status, &response.body, interval);
        status.set(Some(outcome.status().to_owned()));
        match &outcome {
            PollOutcome::SlowDown { interval: slower } => interval = *slower,
            PollOutcome::Failed(error) => problem.set(Some(crate::i18n::reply_error(error))),
            PollOutcome::Denied => problem.set(Some(say("The user denied the request (access_denied). Polling stopped.").to_owned())),
            PollOutcome::Expired => problem.set(Some(say("The device code expired (expired_token). Start again.").to_owned())),
            _ => {}
        }
        if !outcome.continues() {
            // A device flow sends no nonce: its id_token has none to compare.
            responses.expected_nonce.set(None);
            responses.asked_dpop.set(dpop.enabled_untracked());
            responses.show(response);
            // The assertion of the last poll is spent; show an unused one.
            let _ = signer.sign_now().await;
            return;
        }
    }
}
