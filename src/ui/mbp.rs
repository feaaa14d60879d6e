//! Mijn Burgerprofiel's flow as the page shows it, below the token request: step 1 is that
//! request (the token exchange at ACM), step 2 the temporary token from /auth/v1/token, step 3
//! the URLs that open the profile with it.
use crate::i18n::t;
use crate::response::ResponseStore;
use crate::settings::Settings;
use crate::ui::fields::TextField;
use crate::ui::flow::{FlowState, OpenStep, PostStep};
use leptos::prelude::*;
use pkjwt_core::flow::{retarget_acm, Environment, Slot, Step};

/// Step 1 runs at ACM: its test environment pairs with TNI, production with production.
fn retarget(settings: Settings, environment: Environment) {
    let urls = [settings.endpoint, settings.issuer, settings.audience];
    for url in urls.into_iter().chain([settings.token_endpoint, settings.introspection_endpoint, settings.revocation_endpoint]) {
        url.update(|u| *u = retarget_acm(u, environment));
    }
}

#[component]
pub fn MbpFlow() -> impl IntoView {
    let settings = expect_context::<Settings>();
    let state = FlowState::new(expect_context::<ResponseStore>());
    view! {
        <div class="card flow" data-testid="mbp-guide">
            <h3>{t("Mijn Burgerprofiel in three steps")}</h3>
            <label class="check small-check">
                <input type="checkbox" data-testid="mbp-production"
                    prop:checked=state.production
                    on:change=move |ev| {
                        let production = event_target_checked(&ev);
                        state.production.set(production);
                        retarget(settings, if production { Environment::Production } else { Environment::Test });
                    }/>
                <span>{t("Production (www.burgerprofiel.be and ACM production) instead of test (TNI and ACM test)")}</span>
            </label>
            <ol class="steps flow-steps">
                <li>
                    <strong>{t("Token exchange at ACM. ")}</strong>
                    {t("Fill the Mijn Burgerprofiel client id in the audience parameter, paste the user's access token as subject_token and actor_token, and send the request above (or run its curl).")}
                </li>
                <li>
                    <strong>{t("Temporary token. ")}</strong>
                    {t("POST the exchanged access token to /auth/v1/token; the answer is {\"token\": \"…\"}. Server to server only in production.")}
                    <PostStep state=state step=Step::MbpTemporaryToken title="curl for the temporary token" testid="mbp-step2-curl"
                        answer="mbp-step2-body" hook="mbp-step2" filename="mbp-temporary-token.sh"/>
                </li>
                <li>
                    <strong>{t("Open Mijn Burgerprofiel. ")}</strong>
                    <p class="warning small">{t("The temporary token works once and expires after about 2 minutes: open the URL right away.")}</p>
                    // One line, like every field (8 KB): the token goes into a URL, which carries
                    // no more; a longer paste is cut and the field says so.
                    <TextField label="Temporary token from step 2" testid="mbp-temp-token" value=state.field(Slot::TemporaryToken) mono=true/>
                    <OpenStep state=state step=Step::MbpOpen title="URLs" testid="mbp-step3-url" filename="mbp-urls.txt"/>
                </li>
            </ol>
        </div>
    }
}
