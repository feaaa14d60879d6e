//! The live lint: the effective setup and key against the chosen preset's rules, the selected
//! rule sets and the server's own metadata. Derived, never stored.
use crate::settings::Settings;
use crate::key_store::KeyStore;
use leptos::prelude::*;
use pkjwt_core::lint::{apply_fix, authorize_findings, dpop_findings, lint, metadata_findings, Finding, Fix, KeyAction, LintInput};
use pkjwt_core::preset::{rule_sets, Preset, PRESETS};
use pkjwt_core::setup::Effective;

/// The current preset (custom when unknown).
pub fn current_preset(settings: Settings) -> &'static Preset {
    settings.preset.with(|id| Preset::by_id(id)).unwrap_or(&PRESETS[0])
}

pub fn findings(settings: Settings, keys: KeyStore, effective: Memo<Effective>) -> Memo<Vec<Finding>> {
    Memo::new(move |_| {
        let preset = current_preset(settings);
        let mut rules = preset.rules.to_vec();
        settings.rule_sets.with(|on| {
            for set in rule_sets().iter().filter(|set| on.contains(set.id)) {
                rules.extend_from_slice(set.rules);
            }
        });
        effective.with(|effective| {
            keys.key.with(|key| {
                let input = LintInput::new(effective, key.as_ref(), preset.scope, preset.key);
                let mut found = lint(&rules, &input);
                // DPoP's own warnings (the client key signing proofs), whatever the preset.
                found.extend(dpop_findings(&input));
                settings.discovered.with(|discovered| {
                    if let Some(discovered) = discovered {
                        found.extend(metadata_findings(&discovered.metadata, &discovered.url, &input));
                    }
                    // The code flow's rules (PKCE, PAR, offline_access, redirect URI): empty for other grants.
                    let metadata = discovered.as_ref().map(|d| (&d.metadata, d.url.as_str()));
                    found.extend(authorize_findings(effective, settings.authorize_mode.get(), metadata));
                });
                found
            })
        })
    })
}

/// Applies a lint fix to the settings (and the key, when the fix needs a new key or a
/// certificate).
pub fn apply(settings: Settings, keys: KeyStore, fix: &Fix) {
    let mut action = None;
    settings.edit(|setup| action = apply_fix(fix, setup));
    match action {
        Some(KeyAction::Generate(kind)) => keys.generate(kind),
        Some(KeyAction::MakeCertificate) if keys.key.with_untracked(|k| k.as_ref().is_some_and(|k| k.certificate().is_none())) => {
            let client_id = settings.client_id.get_untracked();
            let name = client_id.trim();
            let name = if name.is_empty() { "pkjwt client" } else { name }.to_owned();
            // The certificate's code is the key exports' lazy module.
            crate::lazy::run(crate::ui::key_exports::make_certificate(keys, name), move |made| {
                if made.is_err() {
                    keys.error.set(Some(crate::lazy::sentence(crate::lazy::Part::Exports)));
                }
            });
        }
        _ => {}
    }
}
