//! Mijn Burgerprofiel's three steps: token exchange at ACM (the request above), the temporary
//! token from /auth/v1/token, and the URL that opens the profile with it.
use crate::lint::current_preset;
use crate::response::{ResponseStore, TokenAnswer};
use crate::ui::artefact::Artefact;
use crate::ui::fields::TextField;
use crate::settings::Settings;
use crate::i18n::t;
use leptos::prelude::*;
use pkjwt_core::endpoint::Endpoint;
use pkjwt_core::request::TokenRequest;
use pkjwt_core::shell::render_curl;

const TEST_BASE: &str = "https://burgerprofiel.tni-vlaanderen.be";
const PRODUCTION_BASE: &str = "https://www.burgerprofiel.be";
const ACCESS_TOKEN_TYPE: &str = "urn:ietf:params:oauth:token-type:access_token";

const ACM_TEST_HOST: &str = "https://authenticatie-ti.vlaanderen.be";
const ACM_PRODUCTION_HOST: &str = "https://authenticatie.vlaanderen.be";

/// Step 1 runs at ACM: its test environment pairs with TNI, production with production.
fn retarget_acm(settings: Settings, production: bool) {
    let (from, to) = if production { (ACM_TEST_HOST, ACM_PRODUCTION_HOST) } else { (ACM_PRODUCTION_HOST, ACM_TEST_HOST) };
    let swap = |url: &str| match url.strip_prefix(from) {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => format!("{to}{rest}"),
        _ => url.to_owned(),
    };
    settings.endpoint.update(|u| *u = swap(u));
    settings.issuer.update(|u| *u = swap(u));
    settings.audience.update(|u| *u = swap(u));
    for url in [settings.token_endpoint, settings.introspection_endpoint, settings.revocation_endpoint] {
        url.update(|u| *u = swap(u));
    }
}

#[component]
pub fn MbpGuide() -> impl IntoView {
    let settings = expect_context::<Settings>();
    let responses = expect_context::<ResponseStore>();
    let production = RwSignal::new(false);
    let temporary = RwSignal::new(String::new());
    let base = move || if production.get() { PRODUCTION_BASE } else { TEST_BASE };
    let exchanged = move || {
        responses.last.with(|r| r.as_ref().and_then(|r| TokenAnswer::read(&r.body).access_token))
    };
    let step2 = Signal::derive(move || {
        let token = exchanged().unwrap_or_else(|| "ACCESS_TOKEN_FROM_STEP_1".into());
        let endpoint = Endpoint::parse(&format!("{}/auth/v1/token", base())).ok()?;
        let request = TokenRequest {
            endpoint,
            headers: vec![
                ("Content-Type".into(), "application/x-www-form-urlencoded".into()),
                ("Accept".into(), "application/json".into()),
            ],
            form: vec![("token".into(), token), ("token_type".into(), ACCESS_TOKEN_TYPE.into())],
        };
        render_curl(&request).ok()
    });
    let step3 = Signal::derive(move || {
        let token = temporary.get();
        let token = token.trim();
        let token = if token.is_empty() { "TEMPORARY_TOKEN_FROM_STEP_2" } else { token };
        let encoded: String = form_urlencoded::byte_serialize(token.as_bytes()).collect();
        Some(format!("{base}/?token={encoded}\n{base}/meldingen?token={encoded}\n", base = base()))
    });
    view! {
        <Show when=move || current_preset(settings).id == "mijn-burgerprofiel">
            <div class="card mbp" data-testid="mbp-guide">
                <h3>{t("Mijn Burgerprofiel in three steps")}</h3>
                <label class="check small-check">
                    <input type="checkbox" data-testid="mbp-production" prop:checked=move || production.get()
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            production.set(on);
                            retarget_acm(settings, on);
                        }/>
                    <span>{t("Production (www.burgerprofiel.be and ACM production) instead of test (TNI and ACM test)")}</span>
                </label>
                <ol class="steps">
                    <li>
                        <strong>{t("Token exchange at ACM. ")}</strong>
                        {t("Fill the Mijn Burgerprofiel client id in the audience parameter, paste the user's access token as subject_token and actor_token in step 4, and send it (or run the curl).")}
                    </li>
                    <li>
                        <strong>{t("Temporary token. ")}</strong>
                        {t("POST the exchanged access token to /auth/v1/token; the answer is {\"token\": \"…\"}. Server to server only in production.")}
                        <Artefact title="curl for the temporary token" testid="mbp-step2-curl" text=step2
                            filename="mbp-temporary-token.sh".to_string() mime="text/x-shellscript"/>
                    </li>
                    <li>
                        <strong>{t("Open Mijn Burgerprofiel. ")}</strong>
                        <span class="warning small">{t("The temporary token works once and expires after about 2 minutes: open the URL right away.")}</span>
                        // One line, like every field (8 KB): the token goes into a URL, which
                        // carries no more; a longer paste is cut and the field says so.
                        <TextField label="Temporary token from step 2" testid="mbp-temp-token" value=temporary mono=true/>
                        <Artefact title="URLs" testid="mbp-step3-url" text=step3 filename="mbp-urls.txt".to_string() mime="text/plain"/>
                    </li>
                </ol>
            </div>
        </Show>
    }
}
