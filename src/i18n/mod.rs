//! Dutch and English. Interface strings are written in English in the components and looked up
//! here; `nl.rs` holds the Dutch. A native test (below) fails when a string the components
//! use has no Dutch translation, so the two languages cannot drift apart silently.
mod errors_nl;
mod nl;

use leptos::prelude::*;

use pkjwt_core::assertion::AssertionError;
use pkjwt_core::discovery::DiscoveryError;
use pkjwt_core::endpoint::EndpointError;
use pkjwt_core::flow::AnswerError;
use pkjwt_core::key::KeyError;
use pkjwt_core::lint::{Finding, Fix};
use pkjwt_core::request::RequestError;
use pkjwt_core::script::ScriptError;
use pkjwt_core::share::EnvError;

/// The core's errors and findings in the current language.
pub fn key_error(error: &KeyError) -> String {
    in_language(error, |nl| nl.key_error)
}

pub fn assertion_error(error: &AssertionError) -> String {
    in_language(error, |nl| nl.assertion_error)
}

pub fn request_error(error: &RequestError) -> String {
    in_language(error, |nl| nl.request_error)
}

pub fn script_error(error: &ScriptError) -> String {
    in_language(error, |nl| nl.script_error)
}

pub fn endpoint_error(error: &EndpointError) -> String {
    in_language(error, |nl| nl.endpoint_error)
}

pub fn discovery_error(error: &DiscoveryError) -> String {
    in_language(error, |nl| nl.discovery_error)
}

pub fn answer_error(error: &AnswerError) -> String {
    in_language(error, |nl| nl.answer_error)
}

pub fn env_error(error: &EnvError) -> String {
    in_language(error, |nl| nl.env_error)
}

// The authorization flows' errors, and the validation of tokens.
pub fn authorize_error(error: &pkjwt_core::authorize::AuthorizeError) -> String {
    in_language(error, |nl| nl.authorize_error)
}

pub fn callback_error(error: &pkjwt_core::authorize::CallbackError) -> String {
    in_language(error, |nl| nl.callback_error)
}

pub fn callback_refusal(error: &pkjwt_core::authorize::CallbackRefusal) -> String {
    in_language(error, |nl| nl.callback_refusal)
}

pub fn reply_error(error: &pkjwt_core::authorize::ReplyError) -> String {
    in_language(error, |nl| nl.reply_error)
}

pub fn mode_reason(reason: &pkjwt_core::authorize::ModeReason) -> String {
    in_language(reason, |nl| nl.mode_reason)
}

pub fn invalid(error: &pkjwt_core::validate::Invalid) -> String {
    in_language(error, |nl| nl.invalid)
}

pub fn jwks_error(error: &pkjwt_core::validate::JwksError) -> String {
    in_language(error, |nl| nl.jwks_error)
}

// DPoP: the core's errors, the proof's lint and the token's binding.
pub fn dpop_error(error: &pkjwt_core::dpop::DpopError) -> String {
    in_language(error, |nl| nl.dpop_error)
}

pub fn proof_finding(finding: &pkjwt_core::dpop::ProofFinding) -> String {
    in_language(finding, |nl| nl.proof_finding)
}

pub fn binding_finding(finding: &pkjwt_core::dpop::BindingFinding) -> String {
    in_language(finding, |nl| nl.binding_finding)
}

pub fn key_set_error(error: &pkjwt_core::key::KeySetError) -> String {
    in_language(error, |nl| nl.key_set_error)
}

/// The JWKS URL check's verdict: its first words stay English in Dutch too.
pub fn publication(publication: &pkjwt_core::jwks_check::Publication) -> String {
    in_language(publication, |nl| nl.publication)
}

pub fn jwks_check_error(error: &pkjwt_core::jwks_check::JwksCheckError) -> String {
    in_language(error, |nl| nl.jwks_check_error)
}

pub fn register_error(error: &pkjwt_core::register::RegisterError) -> String {
    in_language(error, |nl| nl.register_error)
}

/// Everything Dutch: the interface table and the core's errors and findings in Dutch. It
/// lives in the lazy module `nl`, reached only through [`dutch_table`]; until it is loaded
/// the page speaks English.
pub struct Dutch {
    text: fn(&str) -> Option<&'static str>,
    key_error: fn(&KeyError) -> String,
    assertion_error: fn(&AssertionError) -> String,
    request_error: fn(&RequestError) -> String,
    script_error: fn(&ScriptError) -> String,
    endpoint_error: fn(&EndpointError) -> String,
    discovery_error: fn(&DiscoveryError) -> String,
    answer_error: fn(&AnswerError) -> String,
    env_error: fn(&EnvError) -> String,
    authorize_error: fn(&pkjwt_core::authorize::AuthorizeError) -> String,
    callback_error: fn(&pkjwt_core::authorize::CallbackError) -> String,
    callback_refusal: fn(&pkjwt_core::authorize::CallbackRefusal) -> String,
    reply_error: fn(&pkjwt_core::authorize::ReplyError) -> String,
    mode_reason: fn(&pkjwt_core::authorize::ModeReason) -> String,
    invalid: fn(&pkjwt_core::validate::Invalid) -> String,
    jwks_error: fn(&pkjwt_core::validate::JwksError) -> String,
    dpop_error: fn(&pkjwt_core::dpop::DpopError) -> String,
    proof_finding: fn(&pkjwt_core::dpop::ProofFinding) -> String,
    binding_finding: fn(&pkjwt_core::dpop::BindingFinding) -> String,
    key_set_error: fn(&pkjwt_core::key::KeySetError) -> String,
    publication: fn(&pkjwt_core::jwks_check::Publication) -> String,
    jwks_check_error: fn(&pkjwt_core::jwks_check::JwksCheckError) -> String,
    register_error: fn(&pkjwt_core::register::RegisterError) -> String,
    source: fn(&pkjwt_core::lint::Source) -> &'static str,
    finding: fn(&Finding) -> String,
    fix_label: fn(&Fix) -> String,
}

static DUTCH: Dutch = Dutch {
    text: nl::text,
    key_error: errors_nl::key_error_nl,
    assertion_error: errors_nl::assertion_error_nl,
    request_error: errors_nl::request_error_nl,
    script_error: errors_nl::script_error_nl,
    endpoint_error: errors_nl::endpoint_error_nl,
    discovery_error: errors_nl::discovery_error_nl,
    answer_error: errors_nl::answer_error_nl,
    env_error: errors_nl::env_error_nl,
    authorize_error: errors_nl::authorize_error_nl,
    callback_error: errors_nl::callback_error_nl,
    callback_refusal: errors_nl::callback_refusal_nl,
    reply_error: errors_nl::reply_error_nl,
    mode_reason: errors_nl::mode_reason_nl,
    invalid: errors_nl::invalid_nl,
    jwks_error: errors_nl::jwks_error_nl,
    dpop_error: errors_nl::dpop_error_nl,
    proof_finding: errors_nl::proof_finding_nl,
    binding_finding: errors_nl::binding_finding_nl,
    key_set_error: errors_nl::key_set_error_nl,
    publication: errors_nl::publication_nl,
    jwks_check_error: errors_nl::jwks_check_error_nl,
    register_error: errors_nl::register_error_nl,
    source: errors_nl::source_nl,
    finding: errors_nl::finding_nl,
    fix_label: errors_nl::fix_label_nl,
};

crate::lazy::split_fn! {
    in nl, preload preload_dutch:
    pub(crate) fn dutch_table() -> &'static Dutch { &DUTCH }
}

/// The Dutch table once it is loaded.
static LOADED: std::sync::OnceLock<&'static Dutch> = std::sync::OnceLock::new();

fn loaded() -> Option<&'static Dutch> {
    LOADED.get().copied()
}

/// Switches the page to `lang`; Dutch is loaded first (at once when its module is there).
/// If it cannot be, the page stays English and says so.
pub fn switch(i18n: I18n, lang: Lang) {
    if lang == Lang::En || loaded().is_some() {
        i18n.lang.set(lang);
        return;
    }
    crate::lazy::run(dutch_table(), move |table| match table {
        Ok(table) => {
            let _ = LOADED.set(table);
            i18n.dutch_failed.set(false);
            i18n.lang.set(Lang::Nl);
        }
        Err(_) => i18n.dutch_failed.set(true),
    });
}

/// `value`'s English `Display`, or its Dutch from `dutch`.
fn in_language<T: std::fmt::Display + ?Sized>(value: &T, dutch: fn(&Dutch) -> fn(&T) -> String) -> String {
    match (lang_now(), loaded()) {
        (Lang::Nl, Some(nl)) => dutch(nl)(value),
        _ => value.to_string(),
    }
}

/// Where a finding's rule comes from, as the link shows it.
pub fn finding_source(finding: &Finding, lang: Lang) -> String {
    match (lang, loaded()) {
        (Lang::Nl, Some(nl)) => (nl.source)(&finding.source).to_owned(),
        _ => finding.source.to_string(),
    }
}

pub fn finding_message(finding: &Finding, lang: Lang) -> String {
    match (lang, loaded()) {
        (Lang::Nl, Some(nl)) => (nl.finding)(finding),
        _ => finding.message(),
    }
}

pub fn fix_label(fix: &Fix, lang: Lang) -> String {
    match (lang, loaded()) {
        (Lang::Nl, Some(nl)) => (nl.fix_label)(fix),
        _ => fix.label(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Nl,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Nl => "nl",
        }
    }

    /// Dutch when the browser's preferred language is Dutch (nl, nl-BE, nl-NL), else English.
    pub fn detect() -> Lang {
        let first = crate::browser::document::preferred_language().unwrap_or_default();
        if first.to_ascii_lowercase().starts_with("nl") {
            Lang::Nl
        } else {
            Lang::En
        }
    }
}

/// The page's language, shared through context.
#[derive(Clone, Copy)]
pub struct I18n {
    pub lang: RwSignal<Lang>,
    /// Dutch was asked for but its module could not be loaded.
    pub dutch_failed: RwSignal<bool>,
}

/// The language for sentences made outside components (async work, event handlers).
static CURRENT: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// The current language, without subscribing to it.
pub fn lang_now() -> Lang {
    if CURRENT.load(std::sync::atomic::Ordering::Relaxed) {
        Lang::Nl
    } else {
        Lang::En
    }
}

/// `en` in the current language, for sentences made outside components.
pub fn say(en: &'static str) -> &'static str {
    tr(lang_now(), en)
}

impl I18n {
    pub fn new() -> I18n {
        let detected = Lang::detect();
        let i18n = I18n { lang: RwSignal::new(Lang::En), dutch_failed: RwSignal::new(false) };
        // Dutch at once where its module is there (in one module, or cached), else once loaded.
        switch(i18n, detected);
        // Sentences made while the page starts (notes about a shared link) come before the
        // effect below first runs.
        CURRENT.store(i18n.lang.get_untracked() == Lang::Nl, std::sync::atomic::Ordering::Relaxed);
        // Keep <html lang> right for screen readers and hyphenation.
        Effect::new(move |_| {
            let lang = i18n.lang.get();
            CURRENT.store(lang == Lang::Nl, std::sync::atomic::Ordering::Relaxed);
            crate::browser::document::set_language(lang.code());
        });
        i18n
    }
}

impl Default for I18n {
    fn default() -> Self {
        I18n::new()
    }
}

/// `en` in the current language.
pub fn tr(lang: Lang, en: &'static str) -> &'static str {
    match (lang, loaded()) {
        (Lang::Nl, Some(nl)) => (nl.text)(en).unwrap_or(en),
        _ => en,
    }
}

fn lang() -> RwSignal<Lang> {
    use_context::<I18n>().map(|i| i.lang).unwrap_or_else(|| RwSignal::new(Lang::En))
}

/// A reactive translation of `en`, for view children and attributes.
pub fn t(en: &'static str) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let lang = lang();
    move || tr(lang.get(), en)
}

/// A reactive translation of a pattern with `{}` holes, filled in order.
pub fn tf(en: &'static str, args: impl Fn() -> Vec<String> + Send + Sync + 'static) -> impl Fn() -> String + Send + Sync + 'static {
    let lang = lang();
    move || fill(tr(lang.get(), en), &args())
}

/// Fills `{}` holes in order.
pub fn fill(pattern: &str, args: &[String]) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut args = args.iter();
    let mut rest = pattern;
    while let Some(at) = rest.find("{}") {
        out.push_str(&rest[..at]);
        out.push_str(args.next().map(String::as_str).unwrap_or(""));
        rest = &rest[at + 2..];
    }
    out.push_str(rest);
    out
}

/// The current language, read reactively.
pub fn current() -> Lang {
    lang().get()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every literal handed to `t`/`tf` or to a component's `label`/`title`/`hint`/`summary`
    /// prop has a Dutch translation.
    #[test]
    fn every_interface_string_has_a_dutch_translation() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut missing = Vec::new();
        let mut seen = 0;
        let mut stack = vec![root];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                if path.extension().is_none_or(|e| e != "rs") || path.to_string_lossy().contains("i18n") {
                    continue;
                }
                let source = std::fs::read_to_string(&path).unwrap_or_default();
                for literal in literals(&source) {
                    seen += 1;
                    if nl::text(&literal).is_none() {
                        missing.push(format!("{}: {literal:?}", path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()));
                    }
                }
            }
        }
        assert!(seen > 100, "the scan found only {seen} strings; is it still looking at the right calls?");
        assert!(missing.is_empty(), "{} strings have no Dutch translation:\n{}", missing.len(), missing.join("\n"));
    }

    /// String literals passed to `t(`, `tf(`, `tr(lang, `, or as `label=`, `title=`, `hint=`.
    fn literals(source: &str) -> Vec<String> {
        let mut found = Vec::new();
        for marker in ["t(\"", "tf(\"", "tr(lang, \"", "say(\"", "label=\"", "title=\"", "hint=\""] {
            let mut rest = source;
            while let Some(at) = rest.find(marker) {
                let before = rest[..at].chars().last();
                rest = &rest[at + marker.len()..];
                // `t(` must be the function, not the end of another identifier (`set(`, `get(`).
                if marker == "t(\"" && before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
                    continue;
                }
                let mut literal = String::new();
                let mut chars = rest.chars();
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => match chars.next() {
                            Some('n') => literal.push('\n'),
                            Some(other) => literal.push(other),
                            None => break,
                        },
                        '"' => break,
                        other => literal.push(other),
                    }
                }
                found.push(literal);
            }
        }
        found
    }

    #[test]
    fn fill_puts_arguments_in_order() {
        assert_eq!(fill("a {} b {}", &["1".into(), "2".into()]), "a 1 b 2");
        assert_eq!(fill("no holes", &["x".into()]), "no holes");
    }
}
