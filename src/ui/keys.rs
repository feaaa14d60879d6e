//! The key workshop: generate or import a key, see and edit what identifies it.
use crate::engine::Engine;
use crate::key_store::KeyStore;
use crate::ui::fields::{CheckField, CutNotice, BLOCK_MAX};
use crate::lazy::{show, split_view, Part};
use crate::ui::key_exports::KeyExports;
use crate::ui::key_set::KeySetList;
use crate::i18n::{t, tf, tr};
use leptos::prelude::*;
use leptos::task::spawn_local;
use pkjwt_core::jwa::Alg;
use pkjwt_core::key::import::{import_text, Imported};
use pkjwt_core::key::KeyKind;

/// English key-type labels; translated where shown.
fn kind_label(kind: KeyKind) -> &'static str {
    match kind {
        KeyKind::Rsa2048 => "RSA 2048 (widest support)",
        KeyKind::Rsa3072 => "RSA 3072",
        KeyKind::Rsa4096 => "RSA 4096 (ACM/AWV examples)",
        KeyKind::P256 => "EC P-256 (ES256)",
        KeyKind::P384 => "EC P-384 (ES384)",
        KeyKind::P521 => "EC P-521 (ES512)",
        KeyKind::Ed25519 => "Ed25519 (EdDSA)",
    }
}

#[component]
pub fn KeysPanel() -> impl IntoView {
    let store = expect_context::<KeyStore>();
    view! {
        <section class="panel" id="keys" aria-labelledby="keys-title">
            <h2 id="keys-title"><span class="step">"2"</span>{t("Signing key")}</h2>
            <p class="lede">
                {t("Generate a key pair or bring your own. The private key is made and kept in this page; register only the public JWK, JWKS or certificate with your identity provider.")}
            </p>
            <div class="cards two make-row">
                <GenerateCard/>
                {show(Part::Import, import_card())}
            </div>
            <KeyError/>
            <Show when=move || store.key.with(Option::is_some)>
                <div class="cards two key-row">
                    <CurrentKey/>
                    {show(Part::KeySet, remember_card())}
                </div>
                {show(Part::KeySet, key_set_list())}
            </Show>
            {show(Part::Exports, key_exports())}
        </section>
    }
}

split_view! {
    /// The import parsers (PEM, DER, JWK Sets, certificates) load on first use.
    pub(crate) fn import_card() in later, preload preload_import_card { view! { <ImportCard/> } }
}

split_view! {
    pub(crate) fn remember_card() in later, preload preload_remember_card { view! { <RememberCard/> } }
}

split_view! {
    pub(crate) fn key_set_list() in later, preload preload_key_set_list { view! { <KeySetList/> } }
}

split_view! {
    /// The exports (PEM, certificates) load on first use.
    pub(crate) fn key_exports() in signing, preload preload_key_exports { view! { <KeyExports/> } }
}

#[component]
fn GenerateCard() -> impl IntoView {
    let store = expect_context::<KeyStore>();
    let kind = store.kind;
    let engine = store.engine;
    let generate = move |_| store.generate(kind.get_untracked());
    let i18n = expect_context::<crate::i18n::I18n>();

    view! {
        <div class="card">
            <h3>{t("Generate")}</h3>
            <label class="field">
                <span>{t("Key type")}</span>
                <select data-testid="key-alg" on:change=move |ev| {
                    if let Some(k) = KeyKind::from_id(&event_target_value(&ev)) { kind.set(k) }
                }>
                    {KeyKind::ALL.into_iter().map(|k| view! {
                        <option value=k.id() prop:selected=move || kind.get() == k>{t(kind_label(k))}</option>
                    }).collect_view()}
                </select>
            </label>
            <details class="advanced">
                <summary>{t("Engine")}</summary>
                <label class="field">
                    <span>{t("Keys made and signatures computed by")}</span>
                    <select data-testid="key-engine" on:change=move |ev| engine.set(Engine::from_id(&event_target_value(&ev)))>
                        <option value="webcrypto" prop:selected=move || engine.get() == Engine::WebCrypto>{t("WebCrypto (native, fast)")}</option>
                        <option value="rustcrypto" prop:selected=move || engine.get() == Engine::RustCrypto>{t("RustCrypto (WebAssembly)")}</option>
                    </select>
                </label>
            </details>
            <div class="row">
                <button type="button" class="primary" data-testid="key-generate" on:click=generate
                    disabled=move || store.busy.get().is_some()>
                    {t("Generate key pair")}
                </button>
                <button type="button" data-testid="key-add" on:click=move |_| store.add(kind.get_untracked())
                    disabled=move || { store.busy.get().is_some() || store.is_full() }
                    title=move || { store.is_full().then(|| crate::i18n::fill(
                        crate::i18n::tr(i18n.lang.get(), "The key set is full ({} keys): remove one first."),
                        &[pkjwt_core::key::MAX_KEYS.to_string()])) }>
                    {t("Add to key set")}
                </button>
                {move || (store.busy.get().is_some()).then(|| view! {
                    <span class="busy" data-testid="key-busy" role="status" aria-live="polite">
                        <span class="spinner" aria-hidden="true"></span>
                        {tf("Generating {}…", move || vec![store.busy.get().unwrap_or_default().to_owned()])}
                    </span>
                })}
            </div>
            {move || store.is_full().then(|| view! {
                <p class="hint" data-testid="key-add-full">
                    {tf("The key set is full ({} keys): remove one first.", || vec![pkjwt_core::key::MAX_KEYS.to_string()])}
                </p>
            })}
        </div>
    }
}

#[component]
fn ImportCard() -> impl IntoView {
    let store = expect_context::<KeyStore>();
    let pasted = RwSignal::new(String::new());
    let imported = RwSignal::new(None::<Imported>);
    let picked = RwSignal::new(0usize);

    let i18n = expect_context::<crate::i18n::I18n>();
    // Keys of the import the key set left out (a full set, a clash), as sentences.
    let left_out = RwSignal::new(Vec::<String>::new());
    let label_of = move |key: &pkjwt_core::key::Key| {
        let label = imported.with_untracked(|i| {
            i.as_ref().and_then(|i| i.candidates.iter().find(|c| c.key.thumbprint() == key.thumbprint()).map(|c| c.label.clone()))
        });
        crate::i18n::fill(tr(i18n.lang.get_untracked(), "Imported: {}."), &[label.unwrap_or_default()])
    };
    // Picking a candidate: a key the set holds becomes current; another one replaces the
    // current key.
    let apply_candidate = move |index: usize| {
        let Some(candidate) = imported.with_untracked(|i| i.as_ref().and_then(|i| i.candidates.get(index).cloned())) else {
            return;
        };
        picked.set(index);
        let held = store.set_untracked().and_then(|set| {
            set.keys().iter().find(|k| k.thumbprint() == candidate.key.thumbprint()).map(|k| k.kid().to_owned())
        });
        match held {
            Some(kid) => store.use_kid(&kid),
            None => store.set_key(candidate.key, crate::i18n::fill(tr(i18n.lang.get_untracked(), "Imported: {}."), &[candidate.label])),
        }
    };
    // A fresh import: a JWK Set's private keys all go into the key set (the preferred one
    // current); one key replaces the current key.
    let apply_import = move |preferred: usize| {
        left_out.set(Vec::new());
        let several = imported.with_untracked(|i| i.as_ref().map(|i| (i.candidates.len() > 1).then(|| pkjwt_core::key::KeySet::from_imported(i, preferred))));
        match several.flatten().flatten() {
            Some((set, refused)) => {
                picked.set(preferred);
                store.set_all(set, label_of);
                left_out.set(
                    refused
                        .iter()
                        .filter(|e| !matches!(e, pkjwt_core::key::KeySetError::PublicOnly { .. }))
                        .map(crate::i18n::key_set_error)
                        .collect(),
                );
            }
            None => apply_candidate(preferred),
        }
    };
    let settings = expect_context::<crate::settings::Settings>();
    let apply = move || {
        match import_text(&pasted.get_untracked()) {
            Ok(result) => {
                // A Google key file names its service account: that is the client id (iss).
                if let Some(email) = result.client_id.clone() {
                    if settings.client_id.get_untracked().trim().is_empty() {
                        settings.client_id.set(email);
                    }
                }
                let preferred = result.preferred();
                imported.set(Some(result));
                apply_import(preferred);
            }
            Err(error) => {
                imported.set(None);
                store.error.set(Some(crate::i18n::key_error(&error)));
            }
        }
    };
    let load_file = move |ev: leptos::ev::Event| {
        let Some(file) = crate::browser::files::take_chosen_file(&ev) else { return };
        spawn_local(async move {
            match crate::browser::files::read_key_file(&file).await {
                Ok(crate::browser::files::FileContent::Text(text)) => {
                    pasted.set(text);
                    apply();
                }
                Ok(crate::browser::files::FileContent::Binary(bytes)) => {
                    match pkjwt_core::key::import::import_der(&bytes) {
                        Ok(result) => {
                            let preferred = result.preferred();
                            imported.set(Some(result));
                            apply_import(preferred);
                        }
                        Err(error) => store.error.set(Some(crate::i18n::key_error(&error))),
                    }
                }
                Err(message) => store.error.set(Some(message)),
            }
        });
    };

    view! {
        <div class="card">
            <h3>{t("Import")}</h3>
            <label class="field">
                <span>{t("Private JWK, JWK Set, or PEM (PKCS#8, PKCS#1, SEC1, public key, certificate)")}</span>
                <textarea data-testid="key-import" class="mono" rows="2" spellcheck="false" autocomplete="off" maxlength=BLOCK_MAX
                    placeholder="{\"kty\": \"RSA\", …}  or  -----BEGIN PRIVATE KEY-----"
                    prop:value=move || pasted.get()
                    on:input=move |ev| pasted.set(event_target_value(&ev))
                    on:keydown=move |ev| {
                        if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
                            ev.prevent_default();
                            apply();
                        }
                    }
                ></textarea>
                <CutNotice value=pasted max=BLOCK_MAX/>
            </label>
            <div class="row">
                <button type="button" class="primary" data-testid="key-import-apply" on:click=move |_| apply()>
                    {t("Import key")}
                </button>
                <label class="file-button">
                    <input type="file" data-testid="key-import-file" accept=".json,.jwk,.jwks,.pem,.key,.crt,.cer,.der,.txt"
                        on:change=load_file/>
                    <span>{t("Load a file…")}</span>
                </label>
                <span class="hint">{t("Ctrl+Enter imports. The file is read here, not uploaded.")}</span>
            </div>
            {move || (imported.with(|i| i.as_ref().is_some_and(|i| i.candidates.len() > 1 || !i.skipped.is_empty()))).then(|| view! {
                <label class="field">
                    <span>{t("This JWK Set has several keys; use")}</span>
                    <select data-testid="key-import-pick" on:change=move |ev| {
                        if let Ok(index) = event_target_value(&ev).parse::<usize>() { apply_candidate(index) }
                    }>
                        {move || imported.with(|i| i.as_ref().map(|i| i.candidates.iter().enumerate().map(|(index, c)| {
                            let label = c.label.clone();
                            view! { <option value=index.to_string() prop:selected=move || picked.get() == index>{label}</option> }
                        }).collect_view()))}
                    </select>
                </label>
                <ul class="notes">
                    {move || imported.with(|i| i.as_ref().map(|i| i.skipped.iter().map(|e| view! {
                        <li>{t("Skipped:")} " " {crate::i18n::key_error(e)}</li>
                    }).collect_view()))}
                    {move || left_out.get().into_iter().map(|e| view! { <li>{t("Not in the key set:")} " " {e}</li> }).collect_view()}
                </ul>
            })}
        </div>
    }
}

#[component]
fn KeyError() -> impl IntoView {
    let store = expect_context::<KeyStore>();
    view! {
        {move || store.error.get().map(|error| view! { <p class="error" role="alert" data-testid="key-error">{error}</p> })}
    }
}

#[component]
fn CurrentKey() -> impl IntoView {
    let store = expect_context::<KeyStore>();
    let i18n = expect_context::<crate::i18n::I18n>();
    let summary = move || {
        let lang = i18n.lang.get();
        store.key.with(|key| {
            key.as_ref().map(|key| {
                format!(
                    "{} · {}",
                    key.public_key().describe(),
                    if key.is_private() { tr(lang, "private key (can sign)") } else { tr(lang, "public key only (cannot sign)") }
                )
            })
        })
    };
    // Each key of the set needs its own kid: the store refuses one another key has.
    let set_kid = move |ev| store.set_current_kid(&event_target_value(&ev));
    let set_alg = move |ev| {
        let value = event_target_value(&ev);
        let result = store.key.try_update(|key| key.as_mut().map(|key| key.set_alg(Alg::from_name(&value))));
        if let Some(Some(Err(error))) = result {
            store.error.set(Some(crate::i18n::key_error(&error)));
        }
    };
    view! {
            <div class="card current-key">
                <h3 class="summary" data-testid="key-summary">{summary}</h3>
                <p class="hint">{move || store.provenance.get()}</p>
                {move || store.key.with(|k| k.as_ref().is_some_and(|k| !k.is_private())).then(|| view! {
                    <p class="warning">
                        {t("This is a public key: you can export and register it, but signing an assertion needs the private key.")}
                    </p>
                })}
                <div class="grid-fields">
                    <label class="field">
                        <span>{t("kid (key id)")}</span>
                        <input type="text" class="mono" data-testid="key-kid" spellcheck="false" maxlength=pkjwt_core::key::MAX_KID_CHARS
                            prop:value=move || store.key.with(|k| k.as_ref().map(|k| k.kid().to_owned()).unwrap_or_default())
                            on:change=set_kid/>
                    </label>
                    <label class="field">
                        <span>{t("alg in the JWK (optional)")}</span>
                        <select data-testid="key-jwk-alg" on:change=set_alg>
                            <option value="" prop:selected=move || store.key.with(|k| k.as_ref().and_then(|k| k.alg()).is_none())>{t("(none)")}</option>
                            {move || store.key.with(|key| key.as_ref().map(|key| {
                                let current = key.alg();
                                key.public_key().algs().into_iter().map(|alg| view! {
                                    <option value=alg.name() prop:selected=current == Some(alg)>{alg.name()}</option>
                                }).collect_view()
                            }))}
                        </select>
                    </label>
                </div>
                <p class="hint">
                    {t("The default kid is the key's RFC 7638 SHA-256 thumbprint: ")}
                    <code class="mono" data-testid="key-thumbprint">{move || store.key.with(|k| k.as_ref().map(|k| k.thumbprint().to_owned()))}</code>
                    {move || (store.key.with(|k| k.as_ref().is_some_and(|k| !k.kid_is_thumbprint()))).then(|| view! {
                        " "
                        <button type="button" class="link" on:click=move |_| store.set_current_kid("")>
                            {t("Use the thumbprint again")}
                        </button>
                    })}
                </p>
            </div>
    }
}

#[component]
fn RememberCard() -> impl IntoView {
    let store = expect_context::<KeyStore>();
    view! {
        <div class="card remember">
            <CheckField label="Remember this key in this browser" testid="key-remember" value=store.remember/>
            {move || (store.count() > 1).then(|| view! { <p class="hint">{t("With several keys, the whole key set is remembered.")}</p> })}
            <p class="warning small">
                {t("Off by default. When on, the private key is stored unencrypted in this browser's localStorage for this site, where anyone with access to this browser profile can read it. Use it for test keys, not production keys.")}
            </p>
            <button type="button" class="danger" data-testid="key-forget" on:click=move |_| store.forget()>
                {move || if store.count() > 1 { t("Forget these keys")() } else { t("Forget this key")() }}
            </button>
        </div>
    }
}
