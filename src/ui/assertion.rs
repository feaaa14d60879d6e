//! Step 2: the client assertion — who signs, for whom, for how long — and the signed result.
use crate::clock::{duration, utc, Clock};
use crate::settings::Settings;
use crate::signer::Signer;
use crate::key_store::KeyStore;
use crate::ui::fields::{CheckField, TextField, LINE_MAX};
use crate::ui::copy::{Fresh, FreshCopyButton};
use pkjwt_core::assertion::AudienceTarget;
use crate::i18n::{fill, t, tr};
use leptos::prelude::*;
use pkjwt_core::assertion::JtiFormat;
use pkjwt_core::jwa::Alg;

fn pretty(map: &serde_json::Map<String, serde_json::Value>) -> String {
    serde_json::to_string_pretty(map).unwrap_or_default()
}

#[component]
pub fn AssertionPanel() -> impl IntoView {
    let settings = expect_context::<Settings>();
    view! {
        <section class="panel" id="assertion" aria-labelledby="assertion-title">
            <h2 id="assertion-title"><span class="step">"3"</span>{t("Client assertion")}</h2>
            <p class="lede">
                {t("The JWT your client signs to prove who it is (RFC 7523). It is signed again, with a new jti and times, whenever you change a field, copy it or send a request.")}
            </p>
            <div class="grid-fields assertion-fields">
                <TextField label="client_id (iss)" testid="client-id" value=settings.client_id mono=true
                    placeholder="the client id you registered"/>
                <SubjectField/>
                <AudienceField/>
                <AlgField/>
                <TextField label="Lifetime (seconds from iat to exp)" testid="assertion-lifetime" value=settings.lifetime kind="number"/>
            </div>
            <details class="advanced">
                <summary>{t("More claims and headers")}</summary>
                <div class="grid-fields">
                    <TextField label="typ header (empty: none)" testid="assertion-typ" value=settings.typ mono=true
                        hint="JWT is common; RFC 10070 recommends client-authentication+jwt."/>
                    <TextField label="Back-date iat by (seconds)" testid="assertion-skew" value=settings.clock_skew kind="number"
                        hint="For servers whose clock runs behind yours."/>
                    <TextField label="jku header (empty: none)" testid="assertion-jku" value=settings.jku mono=true
                        placeholder="https://client.example/jwks.json"/>
                    <label class="field">
                        <span>{t("jti format")}</span>
                        <select data-testid="assertion-jti-format" on:change=move |ev| settings.jti_format.set(
                            if event_target_value(&ev) == "base64url" { JtiFormat::Base64Url } else { JtiFormat::Uuid })>
                            <option value="uuid" prop:selected=move || settings.jti_format.get() == JtiFormat::Uuid>{t("UUID (random, v4)")}</option>
                            <option value="base64url" prop:selected=move || settings.jti_format.get() == JtiFormat::Base64Url>{t("128 random bits, base64url")}</option>
                        </select>
                    </label>
                </div>
                <div class="checks">
                    <CheckField label="kid header" testid="assertion-kid" value=settings.include_kid/>
                    <CheckField label="iat claim" testid="assertion-iat" value=settings.include_iat/>
                    <CheckField label="nbf claim" testid="assertion-nbf" value=settings.include_nbf/>
                    <CheckField label="aud as an array" testid="assertion-aud-array" value=settings.audience_as_array/>
                    <CheckField label="x5t header (certificate SHA-1)" testid="assertion-x5t" value=settings.include_x5t/>
                    <CheckField label="x5t#S256 header (certificate SHA-256)" testid="assertion-x5t-s256" value=settings.include_x5t_s256/>
                </div>
                <TextField label="Extra claims (a JSON object)" testid="assertion-extra" value=settings.extra_claims mono=true rows=3
                    placeholder="{\"scope\": \"https://www.googleapis.com/auth/cloud-platform\"}"/>
            </details>
            {crate::lazy::show(crate::lazy::Part::Lint, crate::ui::problems::problems_panel())}
            <SignedAssertion/>
        </section>
    }
}

/// `aud`: typed, or following the issuer, the token endpoint or the endpoint being called.
#[component]
fn AudienceField() -> impl IntoView {
    let settings = expect_context::<Settings>();
    let effective = expect_context::<Memo<pkjwt_core::setup::Effective>>();
    let audience = move || effective.with(|e| e.assertion.audience.clone());
    let modes = [
        ("custom", "as typed", None),
        ("issuer", "the issuer", Some(AudienceTarget::Issuer)),
        ("token-endpoint", "the token endpoint", Some(AudienceTarget::TokenEndpoint)),
        ("endpoint", "the endpoint being called", Some(AudienceTarget::CalledEndpoint)),
    ];
    view! {
        <label class="field wide">
            <span>{t("Audience (aud)")}</span>
            <input type="text" class="mono" data-testid="assertion-aud" spellcheck="false" autocomplete="off" maxlength=LINE_MAX placeholder="https://…/token"
                class:has-placeholder=move || !pkjwt_core::setup::placeholders(&audience()).is_empty()
                prop:value=audience
                on:input=move |ev| {
                    settings.aud_mode.set(None);
                    settings.audience.set(event_target_value(&ev));
                }/>
            <span class="inline-select">
                <small class="hint">{t("aud is ")}</small>
                <select data-testid="assertion-aud-mode" aria-label=t("What aud identifies") on:change=move |ev| {
                    let id = event_target_value(&ev);
                    let mode = modes.iter().find(|(m, _, _)| *m == id).and_then(|(_, _, target)| *target);
                    if mode.is_none() {
                        // Keep what was shown, now as typed text.
                        settings.audience.set(audience());
                    }
                    settings.aud_mode.set(mode);
                }>
                    {modes.into_iter().map(|(id, label, target)| view! {
                        <option value=id prop:selected=move || settings.aud_mode.get() == target>{t(label)}</option>
                    }).collect_view()}
                </select>
            </span>
            <small class="hint">{t("Spaces separate several values (an array).")}</small>
        </label>
    }
}

/// `sub` follows the client id until the user types their own.
#[component]
fn SubjectField() -> impl IntoView {
    let settings = expect_context::<Settings>();
    let effective = expect_context::<Memo<pkjwt_core::setup::Effective>>();
    let subject = move || effective.with(|e| e.assertion.subject.clone());
    view! {
        <label class="field">
            <span>
                {t("Subject (sub) ")}
                <Show when=move || settings.subject.with(Option::is_some)
                    fallback=|| view! { <small class="hint">{t("follows client_id")}</small> }>
                    <button type="button" class="link small" on:click=move |_| settings.subject.set(None)>{t("follow client_id again")}</button>
                </Show>
            </span>
            <input type="text" class="mono" data-testid="assertion-sub" spellcheck="false" autocomplete="off" maxlength=LINE_MAX
                class:has-placeholder=move || !pkjwt_core::setup::placeholders(&subject()).is_empty()
                prop:value=subject
                on:input=move |ev| settings.subject.set(Some(event_target_value(&ev)))/>
        </label>
    }
}

/// Only the algorithms the current key can make.
#[component]
fn AlgField() -> impl IntoView {
    let settings = expect_context::<Settings>();
    let keys = expect_context::<KeyStore>();
    let effective = expect_context::<Memo<pkjwt_core::setup::Effective>>();
    let current = move || effective.with(|e| e.alg);
    let choices = move || keys.key.with(|key| key.as_ref().map(|k| k.public_key().algs()).unwrap_or_else(|| Alg::ALL.to_vec()));
    view! {
        <label class="field">
            <span>{t("Algorithm (alg)")}</span>
            <select data-testid="assertion-alg" on:change=move |ev| settings.alg.set(Alg::from_name(&event_target_value(&ev)))>
                {move || choices().into_iter().map(|alg| view! {
                    <option value=alg.name() prop:selected=move || current() == alg>{alg.name()}</option>
                }).collect_view()}
            </select>
        </label>
    }
}

#[component]
fn SignedAssertion() -> impl IntoView {
    let signer = expect_context::<Signer>();
    let clock = expect_context::<Clock>();
    let assertion = move || signer.current.with(|c| c.as_ref().and_then(|r| r.as_ref().ok()).cloned());
    let i18n = expect_context::<crate::i18n::I18n>();
    let error = move || {
        i18n.lang.track();
        signer.current.with(|c| c.as_ref().and_then(|r| r.as_ref().err()).map(crate::i18n::assertion_error))
    };
    let expired = move || assertion().is_some_and(|a| a.expires_at <= clock.now.get());
    let timing = move || {
        let lang = i18n.lang.get();
        assertion().map(|a| {
            let now = clock.now.get();
            let left = a.expires_at - now;
            let status = if left > 0 {
                fill(tr(lang, "expires in {}"), &[duration(left)])
            } else {
                fill(tr(lang, "expired {} ago"), &[duration(left)])
            };
            fill(tr(lang, "issued {} · expires {} · {}"), &[utc(a.issued_at), utc(a.expires_at), status])
        })
    };
    view! {
        {move || (error().is_some()).then(|| view! {
            <p class="error" role="alert" data-testid="assertion-error">{error}</p>
        })}
        <Show when=move || assertion().is_some()>
            <div class="artefact">
                <header class="artefact-head">
                    <h3>{t("Signed assertion (compact JWS)")}</h3>
                    <div class="actions">
                        <FreshCopyButton testid="assertion-copy" label="Copy a fresh one" what=Fresh::Assertion/>
                    </div>
                </header>
                <p class="hint" class:expired=expired data-testid="assertion-times">
                    {timing}
                    {move || (expired()).then(|| view! {
                        " "<strong data-testid="assertion-expired">{t("Expired: copying or sending signs a new one.")}</strong>
                    })}
                </p>
                <pre class="mono token" data-testid="assertion" tabindex="0">{move || assertion().map(|a| a.token)}</pre>
                <details class="more">
                <summary>{t("Header and claims, decoded")}</summary>
                <div class="exports pair">
                    <div class="artefact">
                        <h3>{t("Header")}</h3>
                        <pre class="mono" data-testid="assertion-header" tabindex="0">{move || assertion().map(|a| pretty(&a.header))}</pre>
                    </div>
                    <div class="artefact">
                        <h3>{t("Claims")}</h3>
                        <pre class="mono" data-testid="assertion-claims" tabindex="0">{move || assertion().map(|a| pretty(&a.claims))}</pre>
                    </div>
                </div>
                </details>
            </div>
        </Show>
    }
}
