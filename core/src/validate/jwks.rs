//! The issuer's JWK Set: read with the key import's own JWK reader, and the key a token names.
use crate::jwa::Alg;
use crate::key::import::parse_jwks_value;
use crate::key::KeyError;
use crate::material::PublicKey;
use serde_json::Value;

/// The longest JWK Set read. Providers publish a few keys (a few kilobytes); Entra's set with
/// certificates runs to tens.
pub const MAX_JWKS_BYTES: usize = 512 * 1024;

/// One usable verification key of the set.
#[derive(Debug, Clone)]
pub struct JwksKey {
    /// Its place in `keys`.
    pub index: usize,
    pub kid: Option<String>,
    /// The JWK's own `alg`, if it names one.
    pub alg: Option<Alg>,
    pub public: PublicKey,
    /// The JWK as published, for WebCrypto's `importKey`.
    pub jwk: Value,
}

/// A JWK Set's usable keys, and what was skipped (symmetric, encryption or unreadable keys).
#[derive(Debug, Clone, Default)]
pub struct Jwks {
    pub keys: Vec<JwksKey>,
    pub skipped: Vec<KeyError>,
}

/// A JWK Set that cannot be used at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(feature = "variants", derive(strum::EnumDiscriminants), strum_discriminants(derive(strum::EnumIter)))]
pub enum JwksError {
    #[error("The JWK Set is {length} bytes; pkjwt reads at most {limit} bytes.")]
    TooLarge { length: usize, limit: usize },
    #[error("The JWK Set cannot be read: {0}")]
    Unreadable(KeyError),
    #[error("The JWK Set has no key pkjwt can verify with; the first problem: {0}")]
    NoUsableKey(KeyError),
}

impl JwksError {
    pub fn code(&self) -> &'static str {
        match self {
            JwksError::TooLarge { .. } => "JWKS_TOO_LARGE",
            JwksError::Unreadable(_) => "JWKS_UNREADABLE",
            JwksError::NoUsableKey(_) => "JWKS_NO_USABLE_KEY",
        }
    }
}

/// Reads a JWK Set (`{"keys": [...]}`); a single JWK is read as a set of one.
pub fn parse_jwks(text: &str) -> Result<Jwks, JwksError> {
    if text.len() > MAX_JWKS_BYTES {
        return Err(JwksError::TooLarge { length: text.len(), limit: MAX_JWKS_BYTES });
    }
    let value = crate::json::parse(text).map_err(|e| JwksError::Unreadable(KeyError::Json(e)))?;
    let value = if value.get("kty").is_some() { serde_json::json!({ "keys": [value] }) } else { value };
    let entries = parse_jwks_value(&value).map_err(JwksError::Unreadable)?;
    let members = value.get("keys").and_then(Value::as_array).cloned().unwrap_or_default();
    let mut jwks = Jwks::default();
    for entry in entries {
        match entry.key {
            Ok(key) => jwks.keys.push(JwksKey {
                index: entry.index,
                kid: entry.kid,
                alg: key.alg(),
                public: key.public_key().clone(),
                jwk: members.get(entry.index).cloned().unwrap_or_default(),
            }),
            Err(error) => jwks.skipped.push(error),
        }
    }
    if jwks.keys.is_empty() {
        return Err(JwksError::NoUsableKey(jwks.skipped.first().cloned().unwrap_or(KeyError::JsonNotAKey)));
    }
    Ok(jwks)
}

impl Jwks {
    /// The key for a token signed with `alg`: the one whose `kid` is `kid`; without a `kid`,
    /// the only key that can verify `alg`. `Err(count)`: how many keys could (0 or several).
    pub fn key_for(&self, kid: Option<&str>, alg: Alg) -> Result<&JwksKey, usize> {
        let fits = |key: &&JwksKey| key.public.supports(alg) && key.alg.is_none_or(|own| own == alg);
        match kid {
            // One kid may name keys of several types (a rollover); the one that fits wins.
            Some(kid) => {
                let named = |key: &&JwksKey| key.kid.as_deref() == Some(kid);
                self.keys.iter().filter(named).find(fits).or_else(|| self.keys.iter().find(named)).ok_or(0)
            }
            None => {
                let mut candidates = self.keys.iter().filter(fits);
                match (candidates.next(), candidates.next()) {
                    (Some(key), None) => Ok(key),
                    (None, _) => Err(0),
                    (Some(_), Some(_)) => Err(2 + candidates.count()),
                }
            }
        }
    }
}
