//! The shareable setup in the URL fragment, both ways: read once at start, written whenever
//! it changes. Only the declaration's shareable fields (`pkjwt_core::share`) can ever reach the
//! URL: never a key, secret or token.
use crate::browser::location;
use crate::i18n::{fill, say};
use crate::settings::Settings;
use crate::key_store::KeyStore;
use leptos::prelude::*;
use pkjwt_core::share::{apply_shared, from_fragment, shared_setup, to_fragment, ReadNotes, ShareNote, SharedSetup};

/// Applies a shared setup (a link or a `.env` file) to the settings. Returns sentences about
/// what was not used.
pub fn apply(settings: Settings, keys: KeyStore, shared: &SharedSetup, read: &ReadNotes) -> Vec<String> {
    let (next, notes) = apply_shared(&settings.setup_untracked(), shared);
    settings.load(&next);
    if let Some(preset) = shared.get("preset").and_then(|id| pkjwt_core::preset::Preset::by_id(id)) {
        keys.recommend(preset);
    }
    let mut sentences: Vec<String> = notes.iter().map(describe_note).collect();
    sentences.extend(describe(read));
    sentences
}

fn describe_note(note: &ShareNote) -> String {
    match note {
        ShareNote::UnknownPreset(id) => fill(say("Unknown preset {} ignored."), &[format!("{id:?}")]),
        ShareNote::BadValue { key, value } => fill(say("The value {} of {} is not one pkjwt knows; ignored."), &[format!("{value:?}"), (*key).to_owned()]),
    }
}

fn describe(notes: &ReadNotes) -> Vec<String> {
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

/// The link's fragment for the settings as they are (tracked).
pub fn current_fragment(settings: Settings) -> String {
    let shared = shared_setup(&settings.setup());
    if shared.is_empty() {
        String::new()
    } else {
        to_fragment(&shared)
    }
}

/// Reads the fragment at start and keeps it in step with the settings afterwards.
pub fn sync_fragment(settings: Settings, keys: KeyStore) -> RwSignal<Vec<String>> {
    let notes = RwSignal::new(Vec::new());
    let hash = location::fragment();
    if hash.len() > 1 {
        let (shared, read) = from_fragment(&hash);
        notes.set(apply(settings, keys, &shared, &read));
    }
    Effect::new(move |_| location::replace_fragment_soon(current_fragment(settings)));
    notes
}
