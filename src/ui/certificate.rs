//! Self-signed X.509 certificate for the current key: its making, its facts, its PEM.
use crate::key_store::KeyStore;
use crate::ui::artefact::Artefact;
use crate::ui::fields::TextField;
use crate::clock::utc;
use crate::i18n::t;
use leptos::prelude::*;
use pkjwt_core::request::{download_name, CERTIFICATE_FILE_SUFFIX};

#[component]
pub fn CertificateTab() -> impl IntoView {
    let store = expect_context::<KeyStore>();
    let key = store.key;
    let common_name = RwSignal::new("pkjwt client".to_string());
    let days = RwSignal::new("365".to_string());

    let make = move |_| match days.get_untracked().trim().parse::<u32>() {
        Ok(days) => store.make_certificate(&common_name.get_untracked(), days),
        Err(_) => store.error.set(Some(crate::i18n::say("Certificate: validity must be a whole number of days, e.g. 365.").into())),
    };

    let pem = Signal::derive(move || key.with(|k| k.as_ref().and_then(|k| k.certificate()).map(|c| c.pem())));
    let filename = Signal::derive(move || {
        key.with(|k| download_name(k.as_ref().map(|k| k.kid()).unwrap_or_default(), CERTIFICATE_FILE_SUFFIX))
    });
    let details = move || {
        key.with(|k| {
            k.as_ref().and_then(|k| k.certificate()).map(|c| {
                view! {
                    <dl class="facts">
                        <dt>{t("Subject")}</dt><dd class="mono">{c.subject().to_owned()}</dd>
                        <dt>{t("Valid")}</dt><dd>{format!("{} → {}", utc(c.not_before() as i64), utc(c.not_after() as i64))}</dd>
                        <dt>{t("x5t")}</dt><dd class="mono" data-testid="key-x5t">{c.x5t()}</dd>
                        <dt>{t("x5t#S256")}</dt><dd class="mono" data-testid="key-x5t-s256">{c.x5t_s256()}</dd>
                    </dl>
                }
            })
        })
    };

    view! {
        <p class="hint">
            {t("Entra ID, Keycloak, Auth0 and Salesforce take a certificate instead of a JWK. With one, the public JWK also carries x5c, x5t and x5t#S256.")}
        </p>
        <div class="row cert-make">
            <TextField label="Subject common name (CN)" testid="key-cert-cn" value=common_name/>
            // Text, as every number field here: the certificate builder explains a bad number.
            <TextField label="Valid for (days)" testid="key-cert-days" value=days kind="number" max=16/>
            <button type="button" data-testid="key-make-certificate" on:click=make
                disabled=move || key.with(|k| !k.as_ref().is_some_and(|k| k.is_private()))>
                {t("Make certificate")}
            </button>
        </div>
        {details}
        <Artefact title="Certificate (PEM)" testid="key-certificate-pem" text=pem filename=filename
            mime="application/x-pem-file"/>
    }
}
