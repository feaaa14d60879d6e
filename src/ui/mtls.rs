//! mTLS client authentication (RFC 8705), shown for `tls_client_auth` and
//! `self_signed_tls_client_auth`: the client proves itself with its TLS certificate, which
//! only a command line can present. The curl names two files, the page's own downloads of the
//! key's certificate and private key (the names are the core's, so they always agree).
use crate::browser::download;
use crate::i18n::t;
use crate::key_store::KeyStore;
use leptos::prelude::*;
use pkjwt_core::key::export;
use pkjwt_core::request::ClientCertificate;

#[component]
pub fn MtlsFiles() -> impl IntoView {
    let keys = expect_context::<KeyStore>();
    let files = move || keys.key.with(|k| ClientCertificate::for_kid(k.as_ref().map(|k| k.kid()).unwrap_or_default()));
    let certificate = move || keys.key.with(|k| k.as_ref().and_then(|k| k.certificate()).map(|c| c.pem()));
    let problem = RwSignal::new(None::<String>);
    let save_certificate = move |_| {
        let Some(pem) = certificate() else { return };
        problem.set(download::save_text(&files().cert_file, "application/x-pem-file", &pem).err());
    };
    let save_key = move |_| {
        let pem = keys.key.with_untracked(|k| k.as_ref().and_then(|k| export::private_pem(k).ok().flatten()));
        let Some(pem) = pem else { return };
        problem.set(download::save_text(&files().key_file, "application/x-pem-file", &pem).err());
    };
    view! {
        <div class="card mtls" data-testid="mtls-card">
            <h3>{t("mTLS: the client certificate authenticates (RFC 8705)")}</h3>
            <p class="hint">{t("The request carries only client_id; the TLS connection presents the certificate. The curl below reads two files: download both into the folder where you run it.")}</p>
            <div class="row">
                <button type="button" data-testid="mtls-download-certificate" on:click=save_certificate disabled=move || certificate().is_none()>
                    {move || files().cert_file}
                </button>
                <button type="button" data-testid="mtls-download-key" on:click=save_key disabled=move || keys.key.with(|k| !k.as_ref().is_some_and(|k| k.is_private()))>
                    {move || files().key_file}
                </button>
            </div>
            <p class="hint warning" hidden=move || certificate().is_some()>
                {t("The key has no certificate yet: make a self-signed one in the key panel (tab Certificate). For tls_client_auth, save the certificate your CA issued for this key under the first name instead.")}
            </p>
            <p class="error" role="alert" hidden=move || problem.with(Option::is_none)>{move || problem.get()}</p>
        </div>
    }
}
