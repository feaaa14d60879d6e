//! Applying a provider preset to the settings.
use crate::settings::{KnownEndpoints, Settings};
use crate::signer::effective_alg;
use crate::state::KeyStore;
use leptos::prelude::*;
use pkjwt_core::preset::{fill_placeholder, placeholders, Preset, SubjectPreset};

/// Fills the settings from `profile`. "custom" keeps the current values and only drops the
/// provider's rules.
pub fn apply_preset(settings: Settings, keys: KeyStore, profile: &'static Preset) {
    settings.preset.set(profile.id);
    if profile.id == "custom" {
        return;
    }
    let alg = keys.key.with_untracked(|key| effective_alg(settings.alg.get_untracked(), key.as_ref()));
    let (assertion, request) = settings.snapshot(alg);
    let (assertion, request) = profile.apply(&assertion, &request);
    settings.load(&assertion, &request);
    settings.subject.set(match profile.subject {
        SubjectPreset::FollowClientId => None,
        SubjectPreset::Omit => Some(String::new()),
        SubjectPreset::Template(template) => Some(template.to_owned()),
    });
    settings.issuer.set(profile.issuer.to_owned());
    settings.known_endpoints.set(KnownEndpoints {
        token: profile.token_endpoint.to_owned(),
        introspection: profile.introspection_endpoint.to_owned(),
        revocation: profile.revocation_endpoint.to_owned(),
    });
    settings.aud_mode.set(Some(profile.audience));
    settings.discovered.set(None);
    // Recommend the provider's key type for the next generation.
    keys.kind.set(profile.key);
}

/// Every text field a placeholder can sit in, read together.
fn placeholder_fields(settings: Settings) -> Vec<String> {
    let mut fields = vec![
        settings.endpoint.get(),
        settings.issuer.get(),
        // What aud really is: the typed text only counts while aud is typed.
        settings.audience_value(),
        settings.subject.get().unwrap_or_default(),
        settings.client_id.get(),
    ];
    settings.known_endpoints.with(|k| fields.extend([k.token.clone(), k.introspection.clone(), k.revocation.clone()]));
    settings.params.with(|p| fields.extend(p.values().cloned()));
    fields
}

/// The `{name}` placeholders still present anywhere in the settings.
pub fn open_placeholders(settings: Settings) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for field in placeholder_fields(settings) {
        for name in placeholders(&field) {
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names
}

/// Replaces `{name}` with `value` in every field.
pub fn fill(settings: Settings, name: &str, value: &str) {
    let replace = |signal: RwSignal<String>| {
        let current = signal.get_untracked();
        let filled = fill_placeholder(&current, name, value);
        if filled != current {
            signal.set(filled);
        }
    };
    replace(settings.endpoint);
    replace(settings.issuer);
    replace(settings.audience);
    replace(settings.client_id);
    settings.subject.update(|subject| {
        if let Some(subject) = subject {
            *subject = fill_placeholder(subject, name, value);
        }
    });
    settings.known_endpoints.update(|k| {
        for url in [&mut k.token, &mut k.introspection, &mut k.revocation] {
            *url = fill_placeholder(url, name, value);
        }
    });
    settings.params.update(|params| {
        for param in params.values_mut() {
            *param = fill_placeholder(param, name, value);
        }
    });
}
