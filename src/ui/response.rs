//! Step 4: the server's answer, decoded, and what to do next with the tokens in it.
use crate::clock::{duration, utc, Clock};
use crate::response::{pretty_body, ResponseStore};
use crate::settings::Settings;
use crate::ui::artefact::Artefact;
use crate::i18n::{fill, t, tr};
use leptos::prelude::*;
use pkjwt_core::flow::TokenAnswer;
use pkjwt_core::request::Grant;

/// Shown from the first answer on; its code (decoding, the id_token check, the next steps)
/// loads on first use.
#[component]
pub fn ResponsePanel() -> impl IntoView {
    let responses = expect_context::<ResponseStore>();
    view! {
        <Show when=move || responses.last.with(Option::is_some)>
            {crate::lazy::show(crate::lazy::Part::Response, response_section())}
        </Show>
    }
}

crate::lazy::split_view! {
    pub(crate) fn response_section() in later, preload preload_response_section { view! { <ResponseSection/> } }
}

#[component]
fn ResponseSection() -> impl IntoView {
    let responses = expect_context::<ResponseStore>();
    let clock = expect_context::<Clock>();
    let i18n = expect_context::<crate::i18n::I18n>();
    let answer = responses.answer;
    let status_line = move || {
        responses.last.with(|r| {
            r.as_ref().map(|r| format!("{} · {} ms · {}", r.status_text, crate::clock::whole(r.elapsed_ms), utc(r.received_at)))
        })
    };
    let ok = move || responses.last.with(|r| r.as_ref().is_some_and(|r| (200..300).contains(&r.status)));
    let expiry = move || {
        let received = responses.last.with(|r| r.as_ref().map(|r| r.received_at))?;
        let seconds = answer.with(|a| a.as_ref().and_then(|a| a.expires_in))?;
        let left = received + seconds - clock.now.get();
        let lang = i18n.lang.get();
        Some(if left > 0 {
            fill(tr(lang, "The access token expires in {} (expires_in {} s)."), &[duration(left), seconds.to_string()])
        } else {
            fill(tr(lang, "The access token expired {} ago."), &[duration(left)])
        })
    };
    let jwt_expiry = move || {
        let exp = answer.with(|a| a.as_ref().and_then(|a| a.access_token_claims.as_ref()?.get("exp")?.as_i64()))?;
        let left = exp - clock.now.get();
        let lang = i18n.lang.get();
        let when = if left > 0 { fill(tr(lang, "in {}"), &[duration(left)]) } else { fill(tr(lang, "{} ago"), &[duration(left)]) };
        Some(fill(tr(lang, "Its exp is {} ({})."), &[utc(exp), when]))
    };
    let claims = move || {
        answer.with(|a| a.as_ref().and_then(|a| a.access_token_claims.as_ref()).and_then(|c| serde_json::to_string_pretty(c).ok()))
    };

    view! {
            <section class="panel" id="response" aria-labelledby="response-title">
                <h2 id="response-title"><span class="step">"5"</span>{t("Response")}</h2>
                <p class="status-line" class:bad=move || !ok()>
                    <strong data-testid="response-status">{move || responses.last.with(|r| r.as_ref().map(|r| r.status))}</strong>
                    " " {status_line}
                </p>
                {move || (answer.with(|a| a.as_ref().is_some_and(|a| a.oauth_error.is_some()))).then(|| view! {
                    <p class="error" data-testid="response-oauth-error">
                        {t("The server refused:")} " " {move || answer.with(|a| a.as_ref().and_then(|a| a.oauth_error.clone()))}
                    </p>
                })}
                <p class="hint" data-testid="response-expires">{expiry} " " {jwt_expiry}</p>
                <details class="more">
                    <summary>{t("Headers the browser lets the page read")}</summary>
                    <pre class="mono boxed" data-testid="response-headers" tabindex="0">
                        {move || responses.last.with(|r| r.as_ref().map(|r| r.headers.iter().map(|(n, v)| format!("{n}: {v}\n")).collect::<String>()))}
                    </pre>
                </details>
                <Artefact title="Body" testid="response-body" mime="application/json" filename="response.json".to_string()
                    text=Signal::derive(move || responses.last.with(|r| r.as_ref().filter(|r| !r.body.is_empty()).map(|r| pretty_body(&r.body))))/>
                {move || (responses.last.with(|r| r.as_ref().is_some_and(|r| r.body.is_empty()))).then(|| view! {
                    <p class="hint" data-testid="response-empty">{t("The server answered with an empty body.")}</p>
                })}
                {move || (claims().is_some()).then(|| view! {
                    <div class="artefact">
                        <h3>{t("Access token claims (decoded, not verified)")}</h3>
                        <pre class="mono" data-testid="response-token-claims" tabindex="0">{claims}</pre>
                    </div>
                })}
                <crate::ui::binding::TokenBinding/>
                <crate::ui::verify::TokenCheck/>
                <NextSteps answer=answer/>
            </section>
    }
}

/// One click from a token to the next request that uses it.
#[component]
fn NextSteps(answer: Memo<Option<TokenAnswer>>) -> impl IntoView {
    let settings = expect_context::<Settings>();
    let access = move || answer.with(|a| a.as_ref().and_then(|a| a.access_token.clone()));
    let refresh = move || answer.with(|a| a.as_ref().and_then(|a| a.refresh_token.clone()));
    let show_api = RwSignal::new(false);
    let show_userinfo = RwSignal::new(false);
    let go = move |grant: Grant, params: Vec<(&'static str, String)>| {
        settings.switch_grant(grant);
        for (name, value) in params {
            settings.set_param(name, value);
        }
        crate::browser::document::scroll_into_view("request");
    };
    view! {
        <Show when=move || access().is_some() || refresh().is_some()>
            <div class="card next-steps">
                <h3>{t("Next")}</h3>
                <div class="row">
                    {move || (access().is_some()).then(|| view! {
                        <button type="button" data-testid="next-userinfo" on:click=move |_| show_userinfo.set(true)>{t("Ask userinfo")}</button>
                        <button type="button" data-testid="next-api" on:click=move |_| show_api.set(true)>{t("Call an API with this token")}</button>
                        <button type="button" data-testid="next-introspect" on:click=move |_| go(Grant::Introspection, vec![
                            ("token", access().unwrap_or_default()), ("token_type_hint", "access_token".into())])>{t("Introspect it")}</button>
                        <button type="button" data-testid="next-exchange" on:click=move |_| go(Grant::TokenExchange, vec![
                            ("subject_token", access().unwrap_or_default()),
                            ("subject_token_type", "urn:ietf:params:oauth:token-type:access_token".into())])>{t("Exchange it")}</button>
                        <button type="button" data-testid="next-revoke" on:click=move |_| go(Grant::Revocation, vec![
                            ("token", access().unwrap_or_default()), ("token_type_hint", "access_token".into())])>{t("Revoke it")}</button>
                    })}
                    {move || (refresh().is_some()).then(|| view! {
                        <button type="button" data-testid="next-refresh" on:click=move |_| go(Grant::RefreshToken, vec![
                            ("refresh_token", refresh().unwrap_or_default())])>{t("Use the refresh token")}</button>
                    })}
                </div>
                {move || (show_userinfo.get()).then(|| view! { <crate::ui::userinfo::UserinfoStep/> })}
                {move || (show_api.get()).then(|| view! { <crate::ui::api::ApiCall access=Signal::derive(access)/> })}
            </div>
        </Show>
    }
}
