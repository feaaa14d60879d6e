//! The shareable part of a setup: what a team bookmarks (URL fragment) or keeps next to its
//! scripts (`.env`). Only non-secret settings are in the whitelist below; keys, client
//! secrets and tokens have no entry and can never be written, and are refused when read.
use crate::preset::Preset;
use crate::authorize::AUTHZ_SHARED;
use crate::request::shared_params;
use crate::setup::{Setup, FIELDS};
use std::collections::BTreeMap;

/// (fragment key, .env name) of every shareable setting, in output order: the shared fields
/// of [`crate::setup::FIELDS`], then the shared form parameters (their `ParamSpec` says so).
pub fn whitelist() -> Vec<(&'static str, &'static str)> {
    let fields = FIELDS.iter().filter_map(|spec| spec.share).map(|keys| (keys.key, keys.env));
    let params = shared_params().map(|spec| (spec.name, spec.share.unwrap_or_default()));
    let authz = AUTHZ_SHARED.iter().map(|(_, key, env)| (*key, *env));
    fields.chain(params).chain(authz).collect()
}

/// `.env` names other tools use for the same things (the seed scripts' names).
const ENV_ALIASES: &[(&str, &str)] = &[("SCOPES", "scope"), ("TOKEN_URL", "token_endpoint"), ("OKTA_URL", "issuer")];

/// Names that carry secrets in other tools' `.env` files: read, recognised, never used.
const SECRET_NAMES: &[&str] = &[
    "CLIENT_SECRET", "PRIVATE_KEY", "PUBLIC_KEY", "MODULUS", "API_KEY", "JWK_KEY_PATH", "JWK", "ACCESS_TOKEN",
    "REFRESH_TOKEN", "TOKEN", "PASSWORD",
];

/// Shareable settings by fragment key.
pub type SharedSetup = BTreeMap<String, String>;

/// The shareable part of `setup`: every shared field and form parameter that has a value.
pub fn shared_setup(setup: &Setup) -> SharedSetup {
    let mut shared = SharedSetup::new();
    setup.for_each(&mut |spec, value| {
        if let (Some(keys), Some(text)) = (spec.share, value.to_text()) {
            shared.insert(keys.key.to_owned(), text);
        }
    });
    for spec in shared_params() {
        if let Some(value) = setup.params.get(spec.name).filter(|v| !v.trim().is_empty()) {
            shared.insert(spec.name.to_owned(), value.clone());
        }
    }
    for (name, key, _) in AUTHZ_SHARED {
        if let Some(value) = setup.authz_params.get(*name).filter(|v| !v.trim().is_empty()) {
            shared.insert((*key).to_owned(), value.clone());
        }
    }
    shared
}

/// A shared value that was not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShareNote {
    /// No preset has this id.
    UnknownPreset(String),
    /// `value` is none of the values the setting under `key` takes.
    BadValue { key: &'static str, value: String },
}

/// `setup` with a shared setup applied: the preset first, then each value over it. Returns
/// what was not used. Keys outside the whitelist never reach this far ([`from_fragment`] and
/// [`from_env`] drop them).
pub fn apply_shared(setup: &Setup, shared: &SharedSetup) -> (Setup, Vec<ShareNote>) {
    let mut notes = Vec::new();
    let mut next = setup.clone();
    if let Some(id) = shared.get("preset") {
        match Preset::by_id(id) {
            Some(preset) => next = next.with_preset(preset),
            None => notes.push(ShareNote::UnknownPreset(crate::text::printable(id))),
        }
    }
    next.for_each_mut(&mut |spec, value| {
        let Some(keys) = spec.share.filter(|keys| keys.key != "preset") else { return };
        if let Some(text) = shared.get(keys.key) {
            if value.set_text(text).is_err() {
                notes.push(ShareNote::BadValue { key: keys.key, value: crate::text::printable(text) });
            }
        }
    });
    // Links of the first release wrote a typed `aud` without `aud_mode`.
    if shared.contains_key("aud") && !shared.contains_key("aud_mode") {
        next.aud_mode = None;
    }
    for spec in shared_params() {
        if let Some(value) = shared.get(spec.name) {
            next.set_param(spec.name, value.clone());
        }
    }
    for (name, key, _) in AUTHZ_SHARED {
        if let Some(value) = shared.get(*key) {
            next.authz_params.insert((*name).to_owned(), value.clone());
        }
    }
    (next, notes)
}

/// The most a link's fragment or a `.env` file may hold: far more than every setting
/// together, far less than a mistaken paste of a file or log.
pub const MAX_SHARED_BYTES: usize = 256 * 1024;

/// The longest value a link or `.env` file carries: every shareable setting is an id, a URL
/// or a short list. A longer one (a paste gone wrong) is left out rather than written into
/// the page's address.
pub const MAX_SHARED_VALUE_BYTES: usize = 8 * 1024;

/// How many names each list of [`ReadNotes`] keeps.
pub const MAX_NOTED: usize = 20;

/// What reading a link or file noticed but did not use. The lists name each setting once,
/// shortened and printable, at most [`MAX_NOTED`] of them, then `…` if there were more.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadNotes {
    pub ignored_secrets: Vec<String>,
    pub unknown: Vec<String>,
    /// The fragment's length in bytes, when it was over [`MAX_SHARED_BYTES`] and so was not
    /// read at all.
    pub too_large: Option<usize>,
}

/// Adds `name` to a list of [`ReadNotes`].
fn note(list: &mut Vec<String>, name: &str) {
    let name = crate::text::printable(name);
    if list.len() > MAX_NOTED || list.contains(&name) {
        return;
    }
    list.push(if list.len() == MAX_NOTED { "…".to_owned() } else { name });
}

/// `#v=1&preset=okta&client_id=…`: form-encoded, only whitelisted keys, empty values left out.
pub fn to_fragment(setup: &SharedSetup) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    out.append_pair("v", "1");
    for (key, _) in whitelist() {
        if let Some(value) = setup.get(key).filter(|v| !v.is_empty() && v.len() <= MAX_SHARED_VALUE_BYTES) {
            out.append_pair(key, &without_userinfo(value));
        }
    }
    format!("#{}", out.finish())
}

/// `value` without the `user:password@` of a URL. A password typed into a URL field (which
/// the request builder refuses anyway) must not be carried into a link, the page's address
/// or a `.env` file.
fn without_userinfo(value: &str) -> std::borrow::Cow<'_, str> {
    let Some(scheme_end) = value.find("://") else { return value.into() };
    let authority_start = scheme_end + 3;
    let rest = &value[authority_start..];
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    match authority.rfind('@') {
        Some(at) => format!("{}{}", &value[..authority_start], &rest[at + 1..]).into(),
        None => value.into(),
    }
}

/// Control and direction characters (line breaks and tabs aside), which would hide or reorder
/// what a `.env` file shows when read or sourced.
fn has_hidden_characters(value: &str) -> bool {
    value.chars().any(|c| c != '\n' && c != '\t' && crate::text::is_hidden(c))
}

/// Reads a fragment (with or without `#`). Unknown keys are listed; secret-looking keys are
/// refused and listed, so a link crafted to carry a secret cannot plant one.
pub fn from_fragment(fragment: &str) -> (SharedSetup, ReadNotes) {
    let mut setup = SharedSetup::new();
    let mut notes = ReadNotes::default();
    let whitelist = whitelist();
    if fragment.len() > MAX_SHARED_BYTES {
        notes.too_large = Some(fragment.len());
        return (setup, notes);
    }
    for (key, value) in form_urlencoded::parse(fragment.trim_start_matches('#').as_bytes()) {
        if key == "v" {
            continue;
        }
        if whitelist.iter().any(|(k, _)| *k == key) {
            setup.insert(key.into_owned(), value.into_owned());
        } else if SECRET_NAMES.iter().any(|s| s.eq_ignore_ascii_case(&key)) || key.contains("secret") || key.contains("token") && key != "token_type_hint" {
            note(&mut notes.ignored_secrets, &key);
        } else {
            note(&mut notes.unknown, &key);
        }
    }
    (setup, notes)
}

/// A `.env` file: one `NAME=value` per line, values double-quoted when they need it.
pub fn to_env(setup: &SharedSetup) -> String {
    let mut out = String::from("# pkjwt setup (no keys, secrets or tokens). Import it back in pkjwt, or source it in a shell.\n");
    for (key, name) in whitelist() {
        if let Some(value) = setup.get(key).filter(|v| !v.is_empty()) {
            if has_hidden_characters(value) {
                out.push_str(&format!("# {name} left out: it contains control characters\n"));
                continue;
            }
            if value.len() > MAX_SHARED_VALUE_BYTES {
                out.push_str(&format!("# {name} left out: it is longer than {} KB\n", MAX_SHARED_VALUE_BYTES / 1024));
                continue;
            }
            out.push_str(&format!("{name}={}\n", env_quote(&without_userinfo(value))));
        }
    }
    out
}

fn env_quote(value: &str) -> String {
    if value.chars().all(|c| c.is_ascii_alphanumeric() || "-_./:@+,=".contains(c)) {
        return value.to_owned();
    }
    // Single quotes: what shells and dotenv readers agree on; a single quote inside is
    // written as '\'' (close, escaped quote, reopen).
    format!("'{}'", value.replace('\'', "'\\''"))
}

/// A line of a `.env` file that could not be read (line 0: the whole file).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(".env line {line}: {reason}")]
pub struct EnvError {
    pub line: usize,
    pub reason: EnvProblem,
}

/// What is wrong with a `.env` line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(feature = "variants", derive(strum::EnumDiscriminants), strum_discriminants(derive(strum::EnumIter)))]
pub enum EnvProblem {
    #[error("the file is larger than {} KB; a .env file is a few lines", MAX_SHARED_BYTES / 1024)]
    TooLarge,
    /// `found` is the line, shortened.
    #[error("expected NAME=value, found {found:?}")]
    NotAnAssignment { found: String },
    #[error("a single-quoted value is not closed")]
    SingleQuoteOpen,
    #[error("a single-quoted value contains an unescaped quote")]
    SingleQuoteInside,
    #[error("a double-quoted value is not closed")]
    DoubleQuoteOpen,
}

impl EnvError {
    pub fn code(&self) -> &'static str {
        match self.reason {
            EnvProblem::TooLarge => "ENV_TOO_LARGE",
            EnvProblem::NotAnAssignment { .. } => "ENV_NOT_AN_ASSIGNMENT",
            EnvProblem::SingleQuoteOpen => "ENV_SINGLE_QUOTE_OPEN",
            EnvProblem::SingleQuoteInside => "ENV_SINGLE_QUOTE_INSIDE",
            EnvProblem::DoubleQuoteOpen => "ENV_DOUBLE_QUOTE_OPEN",
        }
    }
}

/// Reads a `.env` file: ours, or the seed scripts' (`CLIENT_ID`, `SCOPES`, `OKTA_URL`, …).
pub fn from_env(text: &str) -> Result<(SharedSetup, ReadNotes), EnvError> {
    if text.len() > MAX_SHARED_BYTES {
        return Err(EnvError { line: 0, reason: EnvProblem::TooLarge });
    }
    let mut setup = SharedSetup::new();
    let mut notes = ReadNotes::default();
    let whitelist = whitelist();
    let lines: Vec<&str> = text.lines().collect();
    let mut index = 0;
    while index < lines.len() {
        let start = index;
        // Trailing spaces are kept: they may belong to a quoted value that goes on below.
        let line = lines[index].trim_start();
        index += 1;
        if line.trim_end().is_empty() || line.starts_with('#') {
            continue;
        }
        let line = line.strip_prefix("export ").unwrap_or(line);
        let Some((name, first)) = line.split_once('=') else {
            return Err(EnvError { line: start + 1, reason: EnvProblem::NotAnAssignment { found: crate::text::shorten(line.trim_end()) } });
        };
        let name = name.trim();
        // A quoted value may run over several lines (python-dotenv writes PEM keys that way).
        let mut raw = first.trim_start().to_owned();
        if let Some(quote) = raw.chars().next().filter(|c| *c == '\'' || *c == '"') {
            // Only the line just added can hold the closing quote, so each line is looked at
            // once (rescanning the whole value made a long unclosed one take minutes).
            let mut closed = closes(&raw[1..], quote);
            while !closed && index < lines.len() {
                raw.push('\n');
                raw.push_str(lines[index]);
                closed = closes(lines[index], quote);
                index += 1;
            }
        }
        let secret = SECRET_NAMES.contains(&name);
        let value = match env_unquote(raw.trim_end()) {
            Ok(value) => value,
            // A secret is never used, so a value we cannot read there costs nothing.
            Err(_) if secret => String::new(),
            Err(reason) => return Err(EnvError { line: start + 1, reason }),
        };
        if let Some((key, _)) = whitelist.iter().find(|(_, env)| *env == name) {
            setup.insert((*key).to_owned(), value);
        } else if let Some((_, key)) = ENV_ALIASES.iter().find(|(alias, _)| *alias == name) {
            setup.insert((*key).to_owned(), value);
        } else if secret {
            note(&mut notes.ignored_secrets, name);
        } else {
            note(&mut notes.unknown, name);
        }
    }
    Ok((setup, notes))
}

/// Whether `body`, a line of a value opened by `quote` (the first line without the quote),
/// closes it, ignoring escaped quotes. Escapes never reach across a line break.
fn closes(body: &str, quote: char) -> bool {
    if quote == '\'' {
        // '…' with '\'' sequences: strip those, then look for a closing quote at the end.
        let stripped = body.replace("'\\''", "");
        return stripped.trim_end().ends_with('\'');
    }
    let mut escaped = false;
    for c in body.chars() {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return true,
            _ => escaped = false,
        }
    }
    false
}

fn env_unquote(value: &str) -> Result<String, EnvProblem> {
    if let Some(inner) = value.strip_prefix('\'') {
        // Shell-style: '…', with '\'' sequences for embedded single quotes.
        let mut pieces: Vec<&str> = inner.split("'\\''").collect();
        let Some(last) = pieces.pop().and_then(|last| last.strip_suffix('\'')) else {
            return Err(EnvProblem::SingleQuoteOpen);
        };
        pieces.push(last);
        if pieces.iter().any(|piece| piece.contains('\'')) {
            return Err(EnvProblem::SingleQuoteInside);
        }
        return Ok(pieces.join("'"));
    }
    if let Some(inner) = value.strip_prefix('"') {
        let Some(body) = inner.strip_suffix('"') else {
            return Err(EnvProblem::DoubleQuoteOpen);
        };
        // One pass, left to right: `\\n` is a backslash and an n, not a line break.
        let mut out = String::with_capacity(body.len());
        let mut chars = body.chars();
        while let Some(c) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some('n') => out.push('\n'),
                Some(escaped @ ('"' | '\\')) => out.push(escaped),
                Some(other) => {
                    out.push('\\');
                    out.push(other);
                }
                None => out.push('\\'),
            }
        }
        return Ok(out);
    }
    // Unquoted: a trailing comment is not part of the value.
    Ok(value.split(" #").next().unwrap_or_default().trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> SharedSetup {
        [("preset", "okta"), ("client_id", "0oa1 'x'"), ("scope", "okta.users.read okta.users.manage"), ("alg", "RS256")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect()
    }

    /// The Okta preset with {domain} filled, a few choices changed, and secrets and tokens set.
    fn rich_setup() -> Setup {
        let okta = Preset::by_id("okta").map(|preset| Setup::default().with_preset(preset)).unwrap_or_default();
        let mut setup = Setup { client_id: "0oa-share".into(), alg: Some(crate::jwa::Alg::RS384), lifetime: "900".into(), ..okta };
        setup.fill_placeholder("domain", "dev-1.okta.com");
        setup.switch_grant(crate::request::Grant::TokenExchange);
        setup.include_kid = false;
        setup.include_x5t = true;
        setup.redirect_uri = "https://app.example/callback".into();
        setup.rule_sets.set("fapi2", true);
        setup.client_secret = "s3cret".into();
        for (name, value) in [("scope", "a b"), ("subject_token", "st-secret"), ("actor_token", "at-secret"), ("audience", "x\ny")] {
            setup.set_param(name, value.into());
        }
        for (name, value) in [("scope", "openid offline_access"), ("prompt", "consent"), ("resource", "https://a\nhttps://b"), ("login_hint", "alice@example.org")] {
            setup.authz_params.insert(name.into(), value.into());
        }
        setup.authorize_mode = crate::authorize::AuthorizeMode::ParJar;
        setup.pkce_method = crate::authorize::PkceMethod::Plain;
        setup
    }

    /// What a link restores: everything but secrets and tokens.
    fn without_secrets(mut setup: Setup) -> Setup {
        setup.client_secret.clear();
        setup.params.retain(|name, _| shared_params().any(|spec| spec.name == name));
        setup.authz_params.retain(|name, _| AUTHZ_SHARED.iter().any(|(shared, _, _)| shared == name));
        setup
    }

    #[test]
    fn a_setup_survives_a_link_and_a_env_file_without_its_secrets() {
        let setup = rich_setup();
        let fragment = to_fragment(&shared_setup(&setup));
        assert!(!fragment.contains("s3cret") && !fragment.contains("st-secret") && !fragment.contains("at-secret"), "{fragment}");
        let (shared, notes) = from_fragment(&fragment);
        assert_eq!(notes, ReadNotes::default());
        let (restored, notes) = apply_shared(&Setup::default(), &shared);
        assert_eq!(notes, vec![]);
        assert_eq!(restored, without_secrets(setup.clone()));

        let env = to_env(&shared_setup(&setup));
        assert!(env.contains("\nREDIRECT_URI=https://app.example/callback\n") && env.contains("\nPKJWT_KID=0\n"), "{env}");
        let (shared, _) = from_env(&env).unwrap_or_default();
        assert_eq!(apply_shared(&Setup::default(), &shared).0, without_secrets(setup));
    }

    #[test]
    fn old_links_unknown_presets_and_bad_values_are_read_as_far_as_they_go() {
        let (shared, _) = from_fragment("#v=1&preset=okta&aud=https%3A%2F%2Ftyped&alg=XS256&grant=magic");
        let (setup, notes) = apply_shared(&Setup::default(), &shared);
        assert_eq!((setup.aud_mode, setup.audience.as_str()), (None, "https://typed"), "a first-release link's aud is typed");
        assert_eq!(setup.preset, "okta");
        assert_eq!(
            notes,
            vec![ShareNote::BadValue { key: "alg", value: "XS256".into() }, ShareNote::BadValue { key: "grant", value: "magic".into() }]
        );
        let (shared, _) = from_fragment("#v=1&preset=nope&client_id=c");
        let (setup, notes) = apply_shared(&Setup::default(), &shared);
        assert_eq!((setup.preset.as_str(), setup.client_id.as_str()), ("custom", "c"));
        assert_eq!(notes, vec![ShareNote::UnknownPreset("nope".into())]);
    }

    #[test]
    fn fragment_round_trips_and_refuses_secrets() {
        let fragment = to_fragment(&sample());
        assert!(fragment.starts_with("#v=1&preset=okta&client_id="));
        let (back, notes) = from_fragment(&fragment);
        assert_eq!(back, sample());
        assert!(notes.ignored_secrets.is_empty() && notes.unknown.is_empty());
        let (setup, notes) = from_fragment("#client_secret=s3cret&refresh_token=rt&d=AAAA&scope=a");
        assert_eq!(setup.get("scope").map(String::as_str), Some("a"));
        assert!(!setup.contains_key("client_secret"));
        assert_eq!(notes.ignored_secrets, vec!["client_secret", "refresh_token"]);
        assert_eq!(notes.unknown, vec!["d"]);
    }

    #[test]
    fn passwords_in_urls_and_hidden_characters_are_not_shared() {
        let setup: SharedSetup = [
            ("issuer", "https://client:s3cr3t-in-url@as.example/oauth2?x=a@b"),
            ("endpoint", "https://as.example/token?next=u@example"),
            ("client_id", "ctl\u{0}\u{1b}[31m\u{202e}end"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        let (fragment, env) = (to_fragment(&setup), to_env(&setup));
        for shared in [&fragment, &env] {
            assert!(!shared.contains("s3cr3t") && !shared.contains("client%3A"), "{shared}");
        }
        let (back, _) = from_fragment(&fragment);
        assert_eq!(back.get("issuer").map(String::as_str), Some("https://as.example/oauth2?x=a@b"));
        assert_eq!(back.get("endpoint").map(String::as_str), Some("https://as.example/token?next=u@example"));
        assert!(env.contains("# CLIENT_ID left out: it contains control characters\n"), "{env}");
        assert!(!env.chars().any(|c| c.is_control() && c != '\n') && !env.contains('\u{202e}'), "{env:?}");

        let long: SharedSetup = [("issuer", format!("https://as.example/{}", "a".repeat(MAX_SHARED_VALUE_BYTES)))].into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        assert_eq!(to_fragment(&long), "#v=1");
        assert!(to_env(&long).ends_with("# ISSUER left out: it is longer than 8 KB\n"), "{}", to_env(&long));
    }

    #[test]
    fn env_round_trips_and_reads_the_seed_scripts_names() {
        let env = to_env(&sample());
        assert!(env.contains("PKJWT_PRESET=okta\n") && env.contains("CLIENT_ID='0oa1 '\\''x'\\'''\n"), "{env}");
        assert_eq!(from_env(&env).map(|(s, _)| s), Ok(sample()));
        let seed = "PRIVATE_KEY=-----BEGIN\nCLIENT_ID=abc\nOKTA_URL=https://dev.okta.com\nAPI_KEY=00x\nSCOPES='okta.users.read okta.users.manage'\nexport FOO=bar # comment\n";
        let (setup, notes) = match from_env(seed) {
            Ok(read) => read,
            Err(error) => return assert_eq!(Some(error), None),
        };
        assert_eq!(setup.get("issuer").map(String::as_str), Some("https://dev.okta.com"));
        assert_eq!(setup.get("scope").map(String::as_str), Some("okta.users.read okta.users.manage"));
        assert_eq!(notes.ignored_secrets, vec!["PRIVATE_KEY", "API_KEY"]);
        assert_eq!(notes.unknown, vec!["FOO"]);
        assert_eq!(from_env("JUSTTEXT").err().map(|e| e.line), Some(1));
        // python-dotenv writes multi-line values in quotes; secrets among them are skipped.
        let dotenv = "PRIVATE_KEY='-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----'\nCLIENT_ID='abc'\nSCOPES=\"a\nb\"\n";
        let (setup, notes) = from_env(dotenv).unwrap_or_default();
        assert_eq!(setup.get("client_id").map(String::as_str), Some("abc"));
        assert_eq!(setup.get("scope").map(String::as_str), Some("a\nb"));
        assert_eq!(notes.ignored_secrets, vec!["PRIVATE_KEY"]);
        assert_eq!(from_env("PRIVATE_KEY='never closed\nCLIENT_ID=x").map(|(s, _)| s.len()), Ok(0));
        assert_eq!(from_env("A='open").err().map(|e| e.line), Some(1));
    }
}
