//! Whether a JWK Set (what a client's registered JWKS URL serves, fetched or pasted) publishes
//! the current key: an entry with its `kid`, the same key by RFC 7638 thumbprint, and `alg` and
//! `use` that fit the assertion. Also the curl that fetches the URL, for when the browser may not.
use crate::jwa::Alg;
use crate::key::import::parse_jwks_value;
use crate::key::{Key, KeyError};
use crate::shell::{render_words, ShellError, Word};
use serde_json::Value;
use std::fmt;
use thiserror::Error;

/// The most text the check reads (the issuer JWK Set reader's limit).
pub const MAX_CHECKED_JWKS_BYTES: usize = crate::validate::MAX_JWKS_BYTES;

/// Why the text could not be checked.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[cfg_attr(feature = "variants", derive(strum::EnumDiscriminants), strum_discriminants(derive(strum::EnumIter)))]
pub enum JwksCheckError {
    #[error("The JWK Set is {length} bytes; pkjwt reads at most {limit} bytes.")]
    TooLarge { length: usize, limit: usize },
    #[error("The JWKS URL answered HTTP {status}, not a JWK Set.")]
    Status { status: u16 },
    #[error("This is one JWK, not a JWK Set: a JWKS URL serves {{\"keys\": […]}}.")]
    SingleJwk,
    #[error("This is not a JWK Set: {0}")]
    Unreadable(KeyError),
}

impl JwksCheckError {
    pub fn code(&self) -> &'static str {
        match self {
            JwksCheckError::TooLarge { .. } => "JWKS_CHECK_TOO_LARGE",
            JwksCheckError::Status { .. } => "JWKS_CHECK_STATUS",
            JwksCheckError::SingleJwk => "JWKS_CHECK_SINGLE_JWK",
            JwksCheckError::Unreadable(_) => "JWKS_CHECK_UNREADABLE",
        }
    }
}

/// Where the same key sits when its `kid` is not there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SameKey {
    Kid(String),
    /// An entry without `kid`, by its position in `keys`.
    WithoutKid { index: usize },
}

/// Something worth knowing beside the verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "variants", derive(strum::EnumDiscriminants), strum_discriminants(derive(strum::EnumIter)))]
pub enum Note {
    /// The published entry's `alg` is not the assertion's.
    AlgDiffers { published: String, assertion: Alg },
    /// The published entry's `use` is not `sig`.
    UseNotSig { published: String },
    /// An entry publishes private or secret members: anyone can sign as this client.
    PrivateMembers { index: usize, members: Vec<&'static str> },
    /// An entry with the current key's `kid` could not be read.
    Unreadable { error: KeyError },
}

/// The verdict for the current key. `Display` begins with `published`, `not published` or
/// `different key`, then says why in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "variants", derive(strum::EnumDiscriminants), strum_discriminants(derive(strum::EnumIter)))]
pub enum Publication {
    /// An entry has the current key's `kid` and is the same key.
    Published { kid: String, notes: Vec<Note> },
    /// No entry has the current key's `kid`.
    NotPublished { kid: String, kids_seen: Vec<String>, same_key_under: Option<SameKey>, notes: Vec<Note> },
    /// An entry has the current key's `kid` but is another key.
    DifferentKey { kid: String, thumbprint: String, published_thumbprint: Option<String>, notes: Vec<Note> },
}

impl Publication {
    /// The verdict's first words, the same in every language.
    pub fn word(&self) -> &'static str {
        match self {
            Publication::Published { .. } => "published",
            Publication::NotPublished { .. } => "not published",
            Publication::DifferentKey { .. } => "different key",
        }
    }

    pub fn notes(&self) -> &[Note] {
        match self {
            Publication::Published { notes, .. } | Publication::NotPublished { notes, .. } | Publication::DifferentKey { notes, .. } => notes,
        }
    }
}

/// Checks whether `jwks_text` publishes `key` for assertions signed with `alg`.
pub fn check_published(key: &Key, alg: Alg, jwks_text: &str) -> Result<Publication, JwksCheckError> {
    if jwks_text.len() > MAX_CHECKED_JWKS_BYTES {
        return Err(JwksCheckError::TooLarge { length: jwks_text.len(), limit: MAX_CHECKED_JWKS_BYTES });
    }
    let text = jwks_text.trim_start_matches('\u{feff}');
    let value = crate::json::parse(text).map_err(|e| JwksCheckError::Unreadable(KeyError::Json(e)))?;
    if value.get("kty").is_some() && value.get("keys").is_none() {
        return Err(JwksCheckError::SingleJwk);
    }
    // An empty set is an answer (nothing registered yet), not a defect.
    let empty = value.get("keys").and_then(Value::as_array).is_some_and(Vec::is_empty);
    let members = value.get("keys").and_then(Value::as_array).cloned().unwrap_or_default();
    // The key is compared without `use`, `alg` and `key_ops` (the key reader refuses a key
    // that is not for signing); those are noted from the entry as published.
    let keys_only = serde_json::json!({ "keys": members.iter().map(without_usage).collect::<Vec<_>>() });
    let checked = if value.get("keys").is_some_and(Value::is_array) { &keys_only } else { &value };
    let entries = if empty { Vec::new() } else { parse_jwks_value(checked).map_err(JwksCheckError::Unreadable)? };
    let kid = key.kid();

    let mut notes: Vec<Note> = members
        .iter()
        .enumerate()
        .filter_map(|(index, jwk)| {
            let members: Vec<&'static str> = crate::jwk::PRIVATE_MEMBERS.into_iter().filter(|m| jwk.get(*m).is_some()).collect();
            (!members.is_empty()).then_some(Note::PrivateMembers { index, members })
        })
        .collect();
    let named: Vec<_> = entries.iter().filter(|e| e.kid.as_deref() == Some(kid)).collect();
    let same = |entry: &crate::key::import::JwksEntry| entry.key.as_ref().is_ok_and(|k| k.thumbprint() == key.thumbprint());

    if let Some(entry) = named.iter().find(|e| same(e)) {
        let jwk = members.get(entry.index);
        let member = |name: &str| jwk.and_then(|j| j.get(name)).map(|v| crate::text::printable(&v.as_str().map_or_else(|| v.to_string(), str::to_owned)));
        if let Some(published) = member("alg").filter(|a| a != alg.name()) {
            notes.insert(0, Note::AlgDiffers { published, assertion: alg });
        }
        if let Some(published) = member("use").filter(|u| u != "sig") {
            notes.insert(0, Note::UseNotSig { published });
        }
        return Ok(Publication::Published { kid: kid.to_owned(), notes });
    }
    if !named.is_empty() {
        let published_thumbprint = named.iter().find_map(|e| e.key.as_ref().ok().map(|k| k.thumbprint().to_owned()));
        for entry in &named {
            if let Err(error) = &entry.key {
                notes.push(Note::Unreadable { error: error.clone() });
            }
        }
        return Ok(Publication::DifferentKey {
            kid: kid.to_owned(),
            thumbprint: key.thumbprint().to_owned(),
            published_thumbprint,
            notes,
        });
    }
    let same_key_under = entries.iter().find(|e| same(e)).map(|e| match &e.kid {
        Some(kid) => SameKey::Kid(crate::text::printable(kid)),
        None => SameKey::WithoutKid { index: e.index },
    });
    let kids_seen = entries.iter().filter_map(|e| e.kid.as_deref().map(crate::text::printable)).collect();
    Ok(Publication::NotPublished { kid: kid.to_owned(), kids_seen, same_key_under, notes })
}

fn without_usage(jwk: &Value) -> Value {
    let mut jwk = jwk.clone();
    if let Some(object) = jwk.as_object_mut() {
        for member in ["use", "alg", "key_ops"] {
            object.remove(member);
        }
    }
    jwk
}

/// The curl that fetches `url` (for when the browser may not: CORS), quoted for a POSIX shell.
pub fn fetch_curl(url: &str) -> Result<String, ShellError> {
    // `--globoff`: curl would otherwise read `{…}` and `[…]` in the URL as its own patterns.
    let words: Vec<Word> = ["curl", "--silent", "--show-error", "--globoff", "--url", url, "--header", "Accept: application/json"]
        .into_iter()
        .map(|w| Word::Literal(w.to_owned()))
        .collect();
    render_words(&words)
}

/// `"a", "b"`: quoted values for a sentence.
pub fn quoted_list(values: &[String]) -> String {
    values.iter().map(|v| format!("\"{v}\"")).collect::<Vec<_>>().join(", ")
}

impl fmt::Display for Note {
    #[inline(never)]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Note::AlgDiffers { published, assertion } => write!(
                f,
                "The published key says \"alg\": \"{published}\", but the assertion is signed with {assertion}: a server that honours \"alg\" refuses it."
            ),
            Note::UseNotSig { published } => {
                write!(f, "The published key says \"use\": \"{published}\"; a key that signs assertions needs \"use\": \"sig\" (or no \"use\").")
            }
            Note::PrivateMembers { index, members } => write!(
                f,
                "keys[{index}] publishes private members ({}): anyone who reads this URL can sign as this client. Replace the key and publish only the public JWKS.",
                members.join(", ")
            ),
            Note::Unreadable { error } => write!(f, "An entry with this kid could not be read: {error}"),
        }
    }
}

impl fmt::Display for Publication {
    #[inline(never)]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.word())?;
        match self {
            Publication::Published { kid, .. } => {
                write!(f, "the JWK Set has the current key under kid \"{kid}\" (the same RFC 7638 thumbprint).")?
            }
            Publication::NotPublished { kid, kids_seen, same_key_under, .. } => {
                if kids_seen.is_empty() {
                    write!(f, "no key in this JWK Set has kid \"{kid}\" (it has no kids).")?;
                } else {
                    write!(f, "no key in this JWK Set has kid \"{kid}\" (kids there: {}).", quoted_list(kids_seen))?;
                }
                match same_key_under {
                    Some(SameKey::Kid(other)) => {
                        write!(f, " The same key is there under kid \"{other}\": make the kids agree (here or there).")?
                    }
                    Some(SameKey::WithoutKid { index }) => write!(
                        f,
                        " The same key is there without a kid (keys[{index}]): servers that choose the key by kid will not find it."
                    )?,
                    None => write!(f, " Register the public JWKS there, or add the current key to it.")?,
                }
            }
            Publication::DifferentKey { kid, thumbprint, published_thumbprint, .. } => {
                write!(f, "the JWK Set has kid \"{kid}\", but that is another key")?;
                match published_thumbprint {
                    Some(there) => write!(f, " (RFC 7638 thumbprint {there} there, {thumbprint} here).")?,
                    None => write!(f, " (its entry cannot be read; this key's RFC 7638 thumbprint is {thumbprint}).")?,
                }
                write!(f, " Publish the current public JWKS, or give the new key its own kid.")?
            }
        }
        for note in self.notes() {
            write!(f, " {note}")?;
        }
        Ok(())
    }
}
