//! Everything the current key can be exported as, one tab each: what to register first
//! (the public JWKS), then the other public forms and the certificate, then the private ones.
use crate::key_store::KeyStore;
use crate::ui::artefact::Artefact;
use crate::ui::certificate::CertificateTab;
use crate::i18n::{tr, Lang};
use crate::ui::tabs::TabStrip;
use leptos::prelude::*;
use pkjwt_core::key::export;
use pkjwt_core::request::{download_name, PRIVATE_KEY_FILE_SUFFIX};

/// What to register first (the public JWKS), the other public forms and the certificate,
/// then the private forms.
const TABS: &[(&str, bool)] =
    &[("jwks", false), ("jwk", false), ("spki", false), ("certificate", false), ("private-jwk", true), ("private-pem", true)];

fn tab_label(lang: Lang, id: &str) -> &'static str {
    match id {
        "jwks" => tr(lang, "Public JWKS"),
        "jwk" => tr(lang, "Public JWK"),
        "spki" => tr(lang, "SPKI PEM"),
        "certificate" => tr(lang, "Certificate"),
        "private-jwk" => tr(lang, "Private JWK"),
        _ => tr(lang, "Private PEM"),
    }
}

crate::lazy::split_fn! {
    in signing, preload preload_make_certificate:
    /// A self-signed certificate for the current key, valid a year (a lint fix asks for it).
    pub(crate) fn make_certificate(keys: KeyStore, common_name: String) -> () {
        keys.make_certificate(&common_name, 365)
    }
}

#[component]
pub fn KeyExports() -> impl IntoView {
    let store = expect_context::<KeyStore>();
    let key = store.key;
    // File names carry the start of the kid so several keys can sit in one folder (the
    // core names them: the mTLS curl reads the certificate and private key by these names).
    let name = move |suffix: &'static str| {
        Signal::derive(move || key.with(|k| download_name(k.as_ref().map(|k| k.kid()).unwrap_or_default(), suffix)))
    };
    let private_jwk = Signal::derive(move || key.with(|k| k.as_ref().and_then(pkjwt_core::key::export::private_jwk).map(|s| s.to_string())));
    let public_jwk = Signal::derive(move || key.with(|k| k.as_ref().map(pkjwt_core::key::export::public_jwk)));
    // Every key of the key set, current first: what a rotation registers.
    let public_jwks = Signal::derive(move || store.public_jwks());
    let private_pem = Signal::derive(move || {
        key.with(|k| k.as_ref().and_then(|k| export::private_pem(k).ok().flatten()).map(|s| s.to_string()))
    });
    let public_pem = Signal::derive(move || key.with(|k| k.as_ref().and_then(|k| export::public_pem(k).ok())));
    let private = Signal::derive(move || key.with(|k| k.as_ref().is_some_and(|k| k.is_private())));

    view! {
        <Show when=move || key.with(Option::is_some)>
            <div class="exports">
                <TabStrip name="key" label="Key formats" tabs=TABS label_of=tab_label private=private/>
                <div role="tabpanel" id="key-panel-jwks" aria-labelledby="key-tab-jwks">
                    <Artefact title="Public JWKS" testid="key-public-jwks" text=public_jwks filename=name("jwks.json")
                        mime="application/json"
                        hint="What Beheerportaal, Okta, Keycloak and SMART servers ask you to register (or host at your JWKS URL)."/>
                </div>
                <div role="tabpanel" id="key-panel-jwk" aria-labelledby="key-tab-jwk" hidden>
                    <Artefact title="Public JWK" testid="key-public-jwk" text=public_jwk filename=name("public.jwk.json")
                        mime="application/json"/>
                </div>
                <div role="tabpanel" id="key-panel-spki" aria-labelledby="key-tab-spki" hidden>
                    <Artefact title="Public key (SPKI PEM)" testid="key-public-pem" text=public_pem filename=name("public.pem")
                        mime="application/x-pem-file" hint="For Auth0 and others that take a PEM public key."/>
                </div>
                <div role="tabpanel" id="key-panel-certificate" aria-labelledby="key-tab-certificate" hidden>
                    <CertificateTab/>
                </div>
                <div role="tabpanel" id="key-panel-private-jwk" aria-labelledby="key-tab-private-jwk" hidden>
                    <Artefact title="Private JWK" testid="key-private-jwk" text=private_jwk filename=name("private.jwk.json")
                        mime="application/json" secret=true
                        hint="Keep this secret. It is what your client signs with; never send it to the identity provider."/>
                </div>
                <div role="tabpanel" id="key-panel-private-pem" aria-labelledby="key-tab-private-pem" hidden>
                    <Artefact title="Private key (PKCS#8 PEM)" testid="key-private-pem" text=private_pem filename=name(PRIVATE_KEY_FILE_SUFFIX)
                        mime="application/x-pem-file" secret=true/>
                </div>
            </div>
        </Show>
    }
}
