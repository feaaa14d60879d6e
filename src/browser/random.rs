//! Randomness for secrets the page makes itself (PKCE verifier, state, nonce), straight from
//! `crypto.getRandomValues`.

/// `N` random bytes, or `None` when the browser offers no cryptographic randomness (then
/// there is no attempt rather than a guessable one).
pub fn bytes<const N: usize>() -> Option<[u8; N]> {
    let mut bytes = [0u8; N];
    let crypto = web_sys::window()?.crypto().ok()?;
    crypto.get_random_values_with_u8_array(&mut bytes).ok()?;
    Some(bytes)
}
