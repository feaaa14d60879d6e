//! The live lint: the current settings and key against the chosen provider's rules, the
//! selected rule sets and the server's own metadata. Derived, never stored.
use crate::settings::Settings;
use crate::signer::effective_alg;
use crate::state::KeyStore;
use leptos::prelude::*;
use pkjwt_core::discovery::metadata_findings;
use pkjwt_core::lint::{apply_fix, lint, Finding, Fix, KeyAction, LintInput};
use pkjwt_core::preset::{rule_sets, Preset, PRESETS};

/// The current preset (custom when unknown).
pub fn current_preset(settings: Settings) -> &'static Preset {
    Preset::by_id(settings.preset.get()).unwrap_or(&PRESETS[0])
}

pub fn findings(settings: Settings, keys: KeyStore) -> Memo<Vec<Finding>> {
    Memo::new(move |_| {
        let profile = current_preset(settings);
        let mut rules = profile.rules.to_vec();
        for set in rule_sets() {
            let on = match set.id {
                "rfc10070" => settings.rfc10070.get(),
                "fapi2" => settings.fapi2.get(),
                _ => false,
            };
            if on {
                rules.extend_from_slice(set.rules);
            }
        }
        keys.key.with(|key| {
            let alg = effective_alg(settings.alg.get(), key.as_ref());
            let mut assertion = settings.assertion(alg);
            assertion.alg = alg;
            let request = settings.request();
            let issuer = settings.issuer.get();
            let token_endpoint = settings.token_endpoint();
            let input = LintInput {
                key: key.as_ref(),
                assertion: &assertion,
                request: &request,
                issuer: &issuer,
                token_endpoint: &token_endpoint,
                suggested_scope: profile.scope,
                suggested_key: profile.key,
            };
            let mut found = lint(&rules, &input);
            if let Some(discovered) = settings.discovered.get() {
                found.extend(metadata_findings(&discovered.metadata, &discovered.url, &input));
            }
            found
        })
    })
}

/// Applies a lint fix to the settings (and the key, when the fix needs a new key or a
/// certificate).
pub fn apply(settings: Settings, keys: KeyStore, fix: &Fix) {
    let alg = keys.key.with_untracked(|key| effective_alg(settings.alg.get_untracked(), key.as_ref()));
    let (mut assertion, mut request) = settings.snapshot(alg);
    let action = apply_fix(fix, &mut assertion, &mut request);
    settings.load(&assertion, &request);
    match action {
        Some(KeyAction::Generate(kind)) => keys.generate(kind),
        Some(KeyAction::MakeCertificate) if keys.key.with_untracked(|k| k.as_ref().is_some_and(|k| k.certificate().is_none())) => {
            let name = assertion.client_id.trim();
            keys.make_certificate(if name.is_empty() { "pkjwt client" } else { name }, 365);
        }
        _ => {}
    }
}
