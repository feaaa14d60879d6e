//! Registering the public key with the provider: the portal steps in words, and the curl for
//! RFC 7591 dynamic registration and for Okta's Apps API.
use crate::lint::current_preset;
use crate::settings::Settings;
use crate::key_store::KeyStore;
use crate::ui::artefact::Artefact;
use crate::ui::fields::TextField;
use crate::ui::jwks_check::JwksCheck;
use crate::ui::provider_text::registration;
use crate::i18n::t;
use leptos::prelude::*;
use pkjwt_core::request::ClientAuth;
use pkjwt_core::register::{json_post_curl, okta_service_app_body, registration_body, Registration, OKTA_AUTHORIZATION};

#[component]
pub fn RegistrationCard() -> impl IntoView {
    let settings = expect_context::<Settings>();
    let keys = expect_context::<KeyStore>();
    let effective = expect_context::<Memo<pkjwt_core::setup::Effective>>();
    // Every key of the key set, current first (as `key-public-jwks`). A memo: written and
    // read once per key change, not on every edit the registration body follows.
    let jwks = Memo::new(move |_| keys.public_jwks().and_then(|jwks| serde_json::from_str::<serde_json::Value>(&jwks).ok()));
    let jwks = move || jwks.get();
    // Discovery's registration endpoint, else the conventional one under the issuer.
    let registration_url = move || {
        let discovered = settings.discovered.with(|d| d.as_ref().map(|d| d.metadata.registration_endpoint.clone()));
        match discovered.filter(|u| !u.is_empty()) {
            Some(url) => url,
            None => format!("{}/register", settings.issuer.get().trim_end_matches('/')),
        }
    };
    // The body follows the client authentication (the certificate for mTLS) and DPoP
    // (`dpop_bound_access_tokens`); why there is none is said below it.
    let dcr_body = move || {
        let jwks = jwks().ok_or_else(String::new)?;
        keys.key.with(|key| {
            let registration = Registration {
                client_name: "pkjwt client",
                public_jwks: &jwks,
                alg: effective.with(|e| e.alg),
                grant: settings.grant.get(),
                redirect_uri: &settings.redirect_uri.get(),
                // The key registers for private_key_jwt, or its certificate for mTLS.
                client_auth: Some(settings.client_auth.get()).filter(|auth| auth.uses_certificate()).unwrap_or(ClientAuth::PrivateKeyJwt),
                certificate: key.as_ref().and_then(|k| k.certificate()),
                dpop: settings.dpop_enabled.get(),
            };
            registration_body(&registration).map_err(|e| crate::i18n::register_error(&e))
        })
    };
    let dcr = Signal::derive(move || json_post_curl(&registration_url(), &dcr_body().ok()?, None).ok());
    let dcr_problem = move || dcr_body().err().filter(|message| !message.is_empty());
    let okta = Signal::derive(move || {
        let jwks = jwks()?;
        let issuer = settings.issuer.get();
        let apps = format!("{}/api/v1/apps", issuer.trim_end_matches('/'));
        json_post_curl(&apps, &okta_service_app_body("pkjwt service app", &jwks), Some(OKTA_AUTHORIZATION)).ok()
    });
    view! {
        <details class="card">
            <summary><h3>{t("Register the public key")}</h3></summary>
            <ol class="steps" data-testid="registration-steps">
                {move || registration(current_preset(settings).id).iter().map(|step| view! { <li>{t(step)}</li> }).collect_view()}
            </ol>
            {move || (keys.key.with(Option::is_none)).then(|| view! {
                <p class="hint">{t("Make or import a key in step 2 to get the commands below.")}</p>
            })}
            {move || (current_preset(settings).id == "okta").then(|| view! {
                <Artefact title="Create the service app (Okta Apps API)" testid="register-okta-curl" text=okta
                    filename="okta-create-app.sh".to_string() mime="text/x-shellscript"
                    hint="Export your Okta API token first (export OKTA_API_TOKEN=…): it stays in your shell, never in this page."/>
            })}
            // The code flow edits its redirect URI in its own card (one field per testid).
            {move || (settings.grant.get() != pkjwt_core::request::Grant::AuthorizationCode).then(|| view! {
                <TextField label="Redirect URI (optional; registered as redirect_uris)" testid="redirect-uri" value=settings.redirect_uri mono=true
                    placeholder="https://app.example/callback"/>
            })}
            <Artefact title="Dynamic client registration (RFC 7591)" testid="register-dcr-curl" text=dcr
                filename="register-client.sh".to_string() mime="text/x-shellscript"
                hint="For servers that offer open registration (oidc-op, many test servers). The answer carries your client_id."/>
            <p class="hint warning" data-testid="register-dcr-problem" hidden=move || dcr_problem().is_none()>{dcr_problem}</p>
            // Registered a JWKS URL instead? Whether it publishes the current key (in this closed
            // section, so it adds no height to the page until it is wanted).
            <Show when=move || keys.key.with(Option::is_some)>
                <JwksCheck/>
            </Show>
        </details>
    }
}
