//! A key set for rotation: the current signing key and up to [`MAX_KEYS`]` - 1` others (the
//! next key, the previous one), each with its own `kid`. The public JWK Set lists them all,
//! current first, which is how rotation works at Okta, Keycloak, SMART and Koppeltaal
//! servers: publish the new key, switch signing, retire the old one.
use super::export;
use super::import::Imported;
use super::Key;
use thiserror::Error;
use zeroize::Zeroizing;

/// The most keys a set holds.
pub const MAX_KEYS: usize = 5;

/// Why a key set refused a change, or left an imported key out.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[cfg_attr(feature = "variants", derive(strum::EnumDiscriminants), strum_discriminants(derive(strum::EnumIter)))]
pub enum KeySetError {
    #[error("The key set is full: it holds at most {max} keys. Remove one first (kid \"{kid}\" was not added).")]
    Full { kid: String, max: usize },
    #[error("The key set already has a key with kid \"{kid}\"; each key needs its own kid.")]
    DuplicateKid { kid: String },
    #[error("The key set already holds this key (RFC 7638 thumbprint) under kid \"{held}\".")]
    SameKey { held: String },
    #[error("The key set has no key with kid \"{kid}\".")]
    UnknownKid { kid: String },
    #[error("Kid \"{kid}\" is the current signing key: make another key current before removing it.")]
    RemoveCurrent { kid: String },
    #[error("Kid \"{kid}\" is a public key only; the key set keeps the keys that can sign.")]
    PublicOnly { kid: String },
}

impl KeySetError {
    pub fn code(&self) -> &'static str {
        match self {
            KeySetError::Full { .. } => "KEY_SET_FULL",
            KeySetError::DuplicateKid { .. } => "KEY_SET_DUPLICATE_KID",
            KeySetError::SameKey { .. } => "KEY_SET_SAME_KEY",
            KeySetError::UnknownKid { .. } => "KEY_SET_UNKNOWN_KID",
            KeySetError::RemoveCurrent { .. } => "KEY_SET_REMOVE_CURRENT",
            KeySetError::PublicOnly { .. } => "KEY_SET_PUBLIC_ONLY",
        }
    }
}

/// The keys held, the current one first (the order the JWK Set and the page list them in).
/// Never empty; kids and thumbprints are distinct.
#[derive(Clone, Debug)]
pub struct KeySet {
    keys: Vec<Key>,
}

impl KeySet {
    /// A set of one: `current`.
    pub fn new(current: Key) -> KeySet {
        KeySet { keys: vec![current] }
    }

    /// `current` and `others` (in their order). An other that clashes with a key before it
    /// (same kid or same key) or does not fit is left out, and returned with why.
    pub fn with_others(current: Key, others: impl IntoIterator<Item = Key>) -> (KeySet, Vec<KeySetError>) {
        let mut set = KeySet::new(current);
        let refused = others.into_iter().filter_map(|key| set.add(key).err()).collect();
        (set, refused)
    }

    /// What an import keeps: the candidate at `preferred` as the current key, then every other
    /// private candidate in input order, up to [`MAX_KEYS`]. What was left out is returned
    /// with why (public-only keys among them). `None` when there is no candidate at `preferred`.
    pub fn from_imported(imported: &Imported, preferred: usize) -> Option<(KeySet, Vec<KeySetError>)> {
        let current = imported.candidates.get(preferred)?.key.clone();
        let mut set = KeySet::new(current);
        let mut left_out = Vec::new();
        for (index, candidate) in imported.candidates.iter().enumerate() {
            if index == preferred {
                continue;
            }
            if !candidate.key.is_private() {
                left_out.push(KeySetError::PublicOnly { kid: candidate.key.kid().to_owned() });
            } else if let Err(error) = set.add(candidate.key.clone()) {
                left_out.push(error);
            }
        }
        Some((set, left_out))
    }

    /// The key that signs.
    pub fn current(&self) -> &Key {
        &self.keys[0]
    }

    /// Every key, the current one first.
    pub fn keys(&self) -> &[Key] {
        &self.keys
    }

    /// The keys that are not current, in their order.
    pub fn others(&self) -> &[Key] {
        &self.keys[1..]
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Always false: a set holds at least its current key.
    pub fn is_empty(&self) -> bool {
        false
    }

    pub fn is_full(&self) -> bool {
        self.keys.len() >= MAX_KEYS
    }

    /// Why `kid` could not be given to a key other than the one at `except` (its own kid may
    /// stay): another key has it.
    fn kid_clash(&self, kid: &str, except: Option<usize>) -> Option<KeySetError> {
        self.keys
            .iter()
            .enumerate()
            .any(|(index, key)| Some(index) != except && key.kid() == kid)
            .then(|| KeySetError::DuplicateKid { kid: kid.to_owned() })
    }

    /// Whether the current key may take `kid` (no other key in the set has it).
    pub fn check_current_kid(&self, kid: &str) -> Result<(), KeySetError> {
        let kid = if kid.is_empty() { self.current().thumbprint() } else { kid };
        self.kid_clash(kid, Some(0)).map_or(Ok(()), Err)
    }

    /// Adds `key` as a key that is not current.
    pub fn add(&mut self, key: Key) -> Result<(), KeySetError> {
        if let Some(held) = self.keys.iter().find(|held| held.thumbprint() == key.thumbprint()) {
            return Err(KeySetError::SameKey { held: held.kid().to_owned() });
        }
        if let Some(clash) = self.kid_clash(key.kid(), None) {
            return Err(clash);
        }
        if self.is_full() {
            return Err(KeySetError::Full { kid: key.kid().to_owned(), max: MAX_KEYS });
        }
        self.keys.push(key);
        Ok(())
    }

    /// Makes `key` the current key in place of the current one (generating or importing one
    /// key); the replaced key leaves the set. Another key that is the same key or has the same
    /// kid leaves too, so kids stay distinct.
    pub fn replace_current(&mut self, key: Key) {
        self.keys.remove(0);
        self.keys.retain(|held| held.thumbprint() != key.thumbprint() && held.kid() != key.kid());
        self.keys.insert(0, key);
    }

    /// Makes the key with `kid` current; the previous current key takes its place.
    pub fn use_kid(&mut self, kid: &str) -> Result<(), KeySetError> {
        let index = self.position(kid)?;
        self.keys.swap(0, index);
        Ok(())
    }

    /// Removes the key with `kid`; the current key cannot be removed.
    pub fn remove(&mut self, kid: &str) -> Result<Key, KeySetError> {
        match self.position(kid)? {
            0 => Err(KeySetError::RemoveCurrent { kid: kid.to_owned() }),
            index => Ok(self.keys.remove(index)),
        }
    }

    fn position(&self, kid: &str) -> Result<usize, KeySetError> {
        self.keys.iter().position(|key| key.kid() == kid).ok_or_else(|| KeySetError::UnknownKid { kid: kid.to_owned() })
    }

    /// `{"keys": [...]}`: every key's public JWK, current first. For a set of one it is
    /// [`export::public_jwks`] of that key, byte for byte.
    pub fn public_jwks(&self) -> String {
        export::public_jwks_of(&self.keys)
    }

    /// `{"keys": [...]}`: every key's private JWK (a public-only key's public JWK), current
    /// first. Zeroized when dropped.
    pub fn private_jwks(&self) -> Zeroizing<String> {
        export::private_jwks_of(&self.keys)
    }

    /// What "remember" stores: for one key its private JWK (as before there were sets; `None`
    /// for a public-only key), for several the private JWK Set. Either reads back with
    /// [`super::import::import_text`] and [`KeySet::from_imported`] at `preferred()`.
    pub fn remembered(&self) -> Option<Zeroizing<String>> {
        match self.keys.as_slice() {
            [only] => export::private_jwk(only),
            _ => Some(self.private_jwks()),
        }
    }
}
