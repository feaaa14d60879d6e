//! The non-secret setup in the URL fragment, both ways: read once at start, written whenever
//! it changes (with replaceState, so the back button is not flooded). Only the whitelist in
//! `pkjwt_core::share` can ever reach the URL: never a key, secret or token.
use crate::i18n::{fill, say};
use crate::preset::apply_preset;
use crate::settings::Settings;
use crate::state::KeyStore;
use leptos::prelude::*;
use pkjwt_core::jwa::Alg;
use pkjwt_core::preset::{Preset};
use pkjwt_core::assertion::AudienceTarget;
use pkjwt_core::request::{ClientAuth, Grant};
use pkjwt_core::share::{from_fragment, to_fragment, ReadNotes, SharedSetup};

/// Parameters that may be shared (no tokens, no secrets).
pub const SHARED_PARAMS: [&str; 7] =
    ["scope", "audience", "resource", "subject_token_type", "actor_token_type", "requested_token_type", "token_type_hint"];

fn flag(value: bool) -> String {
    if value { "1" } else { "0" }.to_owned()
}

/// The shareable part of the current settings.
pub fn shared_setup(settings: Settings) -> SharedSetup {
    let mut setup = SharedSetup::new();
    let mut put = |key: &str, value: String| {
        if !value.trim().is_empty() {
            setup.insert(key.to_owned(), value);
        }
    };
    put("preset", settings.preset.get().to_owned());
    put("client_id", settings.client_id.get());
    put("issuer", settings.issuer.get());
    settings.known_endpoints.with(|k| {
        put("token_endpoint", k.token.clone());
        put("introspection_endpoint", k.introspection.clone());
        put("revocation_endpoint", k.revocation.clone());
    });
    put("endpoint", settings.endpoint.get());
    put("grant", settings.grant.get().id().to_owned());
    put("client_auth", settings.client_auth.get().id().to_owned());
    if settings.send_client_id.get() {
        put("send_client_id", flag(true));
    }
    if let Some(subject) = settings.subject.get() {
        // An explicitly empty sub (service accounts) is shared as "-".
        put("sub", if subject.is_empty() { "-".into() } else { subject });
    }
    match settings.aud_mode.get() {
        Some(target) => put("aud_mode", target.id().to_owned()),
        None => put("aud", settings.audience.get()),
    }
    if let Some(alg) = settings.alg.get() {
        put("alg", alg.name().to_owned());
    }
    put("lifetime", settings.lifetime.get());
    put("typ", settings.typ.get());
    put("kid", flag(settings.include_kid.get()));
    if settings.include_x5t.get() {
        put("x5t", flag(true));
    }
    if settings.include_x5t_s256.get() {
        put("x5t_s256", flag(true));
    }
    if settings.include_nbf.get() {
        put("nbf", flag(true));
    }
    if settings.clock_skew.get().trim() != "0" {
        put("skew", settings.clock_skew.get());
    }
    settings.params.with(|params| {
        for name in SHARED_PARAMS {
            if let Some(value) = params.get(name) {
                put(name, value.clone());
            }
        }
    });
    let rules: Vec<&str> = [("rfc10070", settings.rfc10070.get()), ("fapi2", settings.fapi2.get())]
        .into_iter()
        .filter_map(|(id, on)| on.then_some(id))
        .collect();
    put("rules", rules.join(","));
    setup
}

/// Applies a shared setup: the preset first, then each value over it. Returns sentences
/// about what was not used.
pub fn apply_shared(settings: Settings, keys: KeyStore, setup: &SharedSetup) -> Vec<String> {
    let mut notes = Vec::new();
    let get = |key: &str| setup.get(key).cloned();
    if let Some(id) = get("preset") {
        match Preset::by_id(&id) {
            Some(profile) => apply_preset(settings, keys, profile),
            None => notes.push(fill(say("Unknown preset {} ignored."), &[format!("{id:?}")])),
        }
    }
    let text = |key: &str, signal: RwSignal<String>| {
        if let Some(value) = get(key) {
            signal.set(value);
        }
    };
    let boolean = |key: &str, signal: RwSignal<bool>| {
        if let Some(value) = get(key) {
            signal.set(value == "1" || value == "true");
        }
    };
    text("client_id", settings.client_id);
    text("issuer", settings.issuer);
    settings.known_endpoints.update(|k| {
        for (key, slot) in [("token_endpoint", &mut k.token), ("introspection_endpoint", &mut k.introspection), ("revocation_endpoint", &mut k.revocation)] {
            if let Some(value) = get(key) {
                *slot = value;
            }
        }
    });
    if let Some(value) = get("grant") {
        match Grant::from_id(&value) {
            Some(grant) => settings.grant.set(grant),
            None => notes.push(fill(say("Unknown grant {} ignored."), &[format!("{value:?}")])),
        }
    }
    text("endpoint", settings.endpoint);
    if let Some(value) = get("client_auth") {
        match ClientAuth::from_id(&value) {
            Some(auth) => settings.client_auth.set(auth),
            None => notes.push(fill(say("Unknown client authentication {} ignored."), &[format!("{value:?}")])),
        }
    }
    boolean("send_client_id", settings.send_client_id);
    if let Some(value) = get("sub") {
        settings.subject.set(Some(if value == "-" { String::new() } else { value }));
    }
    if let Some(value) = get("aud_mode") {
        match AudienceTarget::from_id(&value) {
            Some(target) => settings.aud_mode.set(Some(target)),
            None => notes.push(fill(say("Unknown audience mode {} ignored."), &[format!("{value:?}")])),
        }
    }
    if let Some(value) = get("aud") {
        settings.aud_mode.set(None);
        settings.audience.set(value);
    }
    if let Some(value) = get("alg") {
        match Alg::from_name(&value) {
            Some(alg) => settings.alg.set(Some(alg)),
            None => notes.push(fill(say("Unknown algorithm {} ignored."), &[format!("{value:?}")])),
        }
    }
    text("lifetime", settings.lifetime);
    text("typ", settings.typ);
    boolean("kid", settings.include_kid);
    boolean("x5t", settings.include_x5t);
    boolean("x5t_s256", settings.include_x5t_s256);
    boolean("nbf", settings.include_nbf);
    text("skew", settings.clock_skew);
    for name in SHARED_PARAMS {
        if let Some(value) = get(name) {
            settings.set_param(name, value);
        }
    }
    if let Some(rules) = get("rules") {
        settings.rfc10070.set(rules.split(',').any(|r| r == "rfc10070"));
        settings.fapi2.set(rules.split(',').any(|r| r == "fapi2"));
    }
    notes
}

pub fn describe(notes: &ReadNotes) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(length) = notes.too_large {
        out.push(fill(
            say("The link's settings are {} bytes long, more than a link of pkjwt ever holds; none of them were read."),
            &[length.to_string()],
        ));
    }
    if !notes.ignored_secrets.is_empty() {
        out.push(fill(
            say("Ignored {}: pkjwt never takes secrets, keys or tokens from a link or file."),
            &[notes.ignored_secrets.join(", ")],
        ));
    }
    if !notes.unknown.is_empty() {
        out.push(fill(say("Ignored unknown settings: {}."), &[notes.unknown.join(", ")]));
    }
    out
}

/// Reads the fragment at start and keeps it in step with the settings afterwards.
pub fn sync_fragment(settings: Settings, keys: KeyStore) -> RwSignal<Vec<String>> {
    let notes = RwSignal::new(Vec::new());
    let location = web_sys::window().map(|w| w.location());
    let hash = location.as_ref().and_then(|l| l.hash().ok()).unwrap_or_default();
    if hash.len() > 1 {
        let (setup, read_notes) = from_fragment(&hash);
        let mut all = apply_shared(settings, keys, &setup);
        all.extend(describe(&read_notes));
        notes.set(all);
    }
    Effect::new(move |_| {
        let setup = shared_setup(settings);
        let fragment = if setup.is_empty() { String::new() } else { to_fragment(&setup) };
        if let Some(window) = web_sys::window() {
            let current = window.location().hash().unwrap_or_default();
            if current != fragment {
                let url = if fragment.is_empty() { window.location().pathname().unwrap_or_default() } else { fragment };
                if let Ok(history) = window.history() {
                    let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
                }
            }
        }
    });
    notes
}
