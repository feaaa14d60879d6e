//! The DPoP card (RFC 9449), below the token request's commands: on/off, the proof key (algorithm,
//! own or the client key, made again on request) and its thumbprint, the server's latest
//! nonce, and the proof the request on screen carries, decoded and linted.
use crate::clock::Clock;
use crate::dpop::{Dpop, MadeBy};
use crate::i18n::t;
use crate::settings::Settings;
use crate::ui::artefact::Artefact;
use crate::ui::fields::CheckField;
use leptos::prelude::*;
use pkjwt_core::dpop::{proof_findings, DpopAlg, DpopKeySource};

#[component]
pub fn DpopCard() -> impl IntoView {
    let settings = expect_context::<Settings>();
    let dpop = expect_context::<Dpop>();
    let clock = expect_context::<Clock>();
    let on = move || settings.dpop_enabled.get();
    let made_by = move || {
        dpop.key.with(|key| match key {
            Some(Ok(key)) => Some(match key.made_by {
                MadeBy::WebCrypto => t("Made by WebCrypto in this page; its private key cannot be exported, not even by this page.")(),
                MadeBy::KeyWorker => t("Made by RustCrypto in the key worker (this browser's WebCrypto lacks the algorithm); kept in this page's memory only.")(),
                MadeBy::ClientKey => t("The client key signs the proofs: a token bound to it is bound to the client's identity key.")(),
            }
            .to_owned()),
            Some(Err(reason)) => Some(reason.clone()),
            None => None,
        })
    };
    let regenerate = move |_| {
        dpop.regenerate(settings.dpop_alg.get_untracked());
    };
    let proof = Signal::derive(move || dpop.shown.with(|s| s.as_ref().map(|s| s.proof.clone())));
    let decoded = move || {
        let token = proof.get()?;
        let decoded = pkjwt_core::jws::decode(&token).ok()?;
        let header = serde_json::to_string_pretty(&decoded.header).ok()?;
        let claims = serde_json::to_string_pretty(&decoded.claims).ok()?;
        Some(format!("{header}\n{claims}"))
    };
    let findings = move || {
        let now = clock.now.get();
        dpop.shown.with(|shown| {
            let shown = shown.as_ref()?;
            Some(match proof_findings(&shown.proof, &shown.target, now) {
                Ok(findings) => findings.iter().map(crate::i18n::proof_finding).collect::<Vec<_>>(),
                Err(error) => vec![crate::i18n::dpop_error(&error)],
            })
        })
    };
    let nonce = move || dpop.latest_origin.with(|origin| origin.as_ref().and_then(|o| dpop.nonces.with(|n| n.get(o).cloned())));

    view! {
        <div class="dpop" class:card=on data-testid="dpop-card">
            <h3 hidden=move || !on()>{t("DPoP: tokens bound to a key of this page (RFC 9449)")}</h3>
            <CheckField label="Send DPoP proofs (a signed DPoP header on every request)" testid="dpop-enabled" value=settings.dpop_enabled/>
            <div class="grid-fields" hidden=move || !on()>
                <label class="field">
                    <span>{t("Proof key algorithm")}</span>
                    <select data-testid="dpop-alg" on:change=move |ev| {
                        if let Some(alg) = DpopAlg::from_id(&event_target_value(&ev)) { settings.dpop_alg.set(alg) }
                    }>
                        {DpopAlg::ALL.into_iter().map(|alg| view! {
                            <option value=alg.id() prop:selected=move || settings.dpop_alg.get() == alg>{alg.id()}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span>{t("Proof key")}</span>
                    <select data-testid="dpop-key" on:change=move |ev| {
                        if let Some(source) = DpopKeySource::from_id(&event_target_value(&ev)) { settings.dpop_key.set(source) }
                    }>
                        <option value="own" prop:selected=move || settings.dpop_key.get() == DpopKeySource::Own>{t("A key of its own (recommended)")}</option>
                        <option value="client" prop:selected=move || settings.dpop_key.get() == DpopKeySource::Client>{t("The client key")}</option>
                    </select>
                </label>
            </div>
            <div hidden=move || !on()>
                <p class="row">
                    <span>{t("Thumbprint (dpop_jkt): ")}</span>
                    <code class="mono" data-testid="dpop-jkt">{move || dpop.jkt.get()}</code>
                    <button type="button" data-testid="dpop-regenerate" on:click=regenerate
                        disabled=move || dpop.making.get() || settings.dpop_key.get() == DpopKeySource::Client>
                        {move || if dpop.making.get() { t("Making…")() } else { t("New DPoP key")() }}
                    </button>
                </p>
                <p class="hint" data-testid="dpop-key-made-by">{made_by}</p>
                <p class="hint">
                    <span>{t("Server nonce in use: ")}</span>
                    <code class="mono" data-testid="dpop-nonce">{nonce}</code>
                </p>
                <p class="hint" role="status" data-testid="dpop-note" hidden=move || dpop.note.with(Option::is_none)>{move || dpop.note.get()}</p>
                <Artefact title="DPoP proof of the request above (a new one for every copy and Send)" testid="dpop-proof" text=proof
                    filename="dpop-proof.jwt".to_string() mime="application/jwt"/>
                <details class="more" hidden=move || proof.with(Option::is_none)>
                    <summary>{t("DPoP proof, decoded")}</summary>
                    <pre class="mono boxed" data-testid="dpop-proof-decoded" tabindex="0">{decoded}</pre>
                </details>
                <ul class="problems" data-testid="dpop-proof-problems">
                    {move || findings().unwrap_or_default().into_iter().map(|message| view! { <li>{message}</li> }).collect_view()}
                </ul>
            </div>
        </div>
    }
}
