//! The key set (`key-set`): every key held, the current one first and marked
//! `aria-current="true"`; each other key can become the current signing key in one click
//! (`key-set-use`: the assertion re-signs) or be removed (`key-set-remove`). The public JWKS
//! lists them all, which is how a rotation is published.
use crate::i18n::{t, tf, tr};
use crate::key_store::KeyStore;
use leptos::prelude::*;
use pkjwt_core::key::Key;

/// One line about a key: its type and whether it can sign.
fn describe(key: &Key, lang: crate::i18n::Lang) -> String {
    format!(
        "{} · {}",
        key.public_key().describe(),
        if key.is_private() { tr(lang, "private key (can sign)") } else { tr(lang, "public key only (cannot sign)") }
    )
}

#[component]
pub fn KeySetList() -> impl IntoView {
    let store = expect_context::<KeyStore>();
    let i18n = expect_context::<crate::i18n::I18n>();
    let entry = move |key: Key, provenance: Option<String>, current: bool| {
        let kid = key.kid().to_owned();
        let (use_kid, remove_kid, shown) = (kid.clone(), kid.clone(), kid.clone());
        let lang = i18n.lang.get();
        let mut line = describe(&key, lang);
        if current {
            line = format!("{line} · {}", tr(lang, "current: signs the assertion"));
        }
        let can_sign = key.is_private();
        view! {
            <li data-kid=kid aria-current=current.then_some("true") class:current=current>
                <code class="mono">{shown}</code>
                " · "
                <span>{line}</span>
                <span class="hint small">{provenance}</span>
                {(!current).then(move || view! {
                    <span class="row">
                        <button type="button" data-testid="key-set-use" on:click=move |_| store.use_kid(&use_kid) disabled=!can_sign>
                            {tr(lang, "Sign with this key")}
                        </button>
                        <button type="button" class="link" data-testid="key-set-remove" on:click=move |_| store.remove(&remove_kid)>
                            {tr(lang, "Remove")}
                        </button>
                    </span>
                })}
            </li>
        }
    };
    view! {
        // Shown once there is a second key ("Add to key set"); with one key the list stays in
        // the DOM for automation but takes no room.
        <div class="card key-set" hidden=move || store.count() < 2>
            <h3>{t("Key set (rotation)")}</h3>
            <p class="hint">
                {t("Rotate without downtime: add the next key, register the public JWKS (it lists every key, the current one first), switch signing, then remove the old key.")}
            </p>
            <ul class="key-set-list" data-testid="key-set">
                {move || {
                    let current = store.key.get().map(|key| entry(key, store.provenance.get(), true));
                    let others = store.others.get().into_iter().map(|held| entry(held.key, held.provenance, false)).collect_view();
                    (current, others)
                }}
            </ul>
            <p class="hint">{tf("{} of at most {} keys.", move || vec![store.count().to_string(), pkjwt_core::key::MAX_KEYS.to_string()])}</p>
        </div>
    }
}
