//! Key material, in the lazy module `signing`: reading a key a key maker just exported, and
//! writing a private key's members for WebCrypto, the key worker and storage. Their number
//! checks, derivations and CRT values (RSA's big numbers, the curves' points) are code the
//! first screen needs only once a key is made or signs, so they come after the page is idle.
use pkjwt_core::key::{Key, KeyError, KeySet};
use zeroize::Zeroizing;

crate::lazy::split_fn! {
    in signing, preload preload_read_generated:
    /// Reads the private JWK a key maker (WebCrypto, the key worker) just exported into a
    /// [`Key`].
    pub fn read_generated(jwk: Zeroizing<String>) -> Result<Key, KeyError> {
        pkjwt_core::key::import::parse_generated_jwk(&jwk)
    }
}

crate::lazy::split_fn! {
    in signing, preload preload_private_members:
    /// The members of `key`'s private JWK that WebCrypto's importKey and the key worker take
    /// (`None` for a public key).
    pub fn private_members(key: Key) -> Option<Zeroizing<String>> {
        pkjwt_core::key::export::private_key_members(&key)
    }
}

/// [`private_members`] for a signer (WebCrypto's importKey, the key worker): the members, or
/// in words why there are none (the module did not load, or the key is public).
pub async fn private_members_of(key: &Key) -> Result<Zeroizing<String>, String> {
    private_members(key.clone())
        .await
        .map_err(|_| crate::lazy::sentence(crate::lazy::Part::Signing))?
        .ok_or_else(|| KeyError::NotPrivate.to_string())
}

crate::lazy::split_fn! {
    in signing, preload preload_remembered:
    /// What "remember" stores for `set`: one key's private JWK, or the private JWK Set.
    pub fn remembered(set: KeySet) -> Option<Zeroizing<String>> {
        set.remembered()
    }
}
