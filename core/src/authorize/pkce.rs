//! PKCE (RFC 7636): the code verifier made from caller-given random bytes, and its challenge.
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

/// How the authorization request proves the token request comes from the same client.
/// The ids are the `pkce-method` option values.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum PkceMethod {
    /// `code_challenge = BASE64URL(SHA-256(verifier))` (RFC 7636 §4.2).
    #[default]
    S256,
    /// `code_challenge = verifier`: only for clients that cannot hash (RFC 7636 §4.2).
    Plain,
    /// No PKCE at all.
    None,
}

impl PkceMethod {
    pub const ALL: [PkceMethod; 3] = [PkceMethod::S256, PkceMethod::Plain, PkceMethod::None];

    pub fn id(self) -> &'static str {
        match self {
            PkceMethod::S256 => "S256",
            PkceMethod::Plain => "plain",
            PkceMethod::None => "none",
        }
    }

    pub fn from_id(id: &str) -> Option<PkceMethod> {
        PkceMethod::ALL.into_iter().find(|method| method.id() == id)
    }

    /// The `code_challenge_method` value; `None` sends no PKCE parameters.
    pub fn wire_name(self) -> Option<&'static str> {
        match self {
            PkceMethod::None => None,
            other => Some(other.id()),
        }
    }
}

/// The random bytes a verifier is made of: 32 octets give the 43-character verifier RFC 7636
/// §4.1 recommends (256 bits of entropy).
pub const VERIFIER_RANDOM_BYTES: usize = 32;

/// A PKCE code verifier: a secret of one attempt, wiped on drop and never printed by `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct CodeVerifier(Zeroizing<String>);

impl CodeVerifier {
    /// `BASE64URL(random)` without padding (RFC 7636 §4.1).
    pub fn from_random(random: &[u8; VERIFIER_RANDOM_BYTES]) -> CodeVerifier {
        CodeVerifier(Zeroizing::new(crate::b64::url_encode(random)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The `code_challenge` for `method`; `None` for [`PkceMethod::None`].
    pub fn challenge(&self, method: PkceMethod) -> Option<String> {
        code_challenge(self.as_str(), method)
    }
}

impl std::fmt::Debug for CodeVerifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CodeVerifier(…)")
    }
}

/// The `code_challenge` of `verifier` under `method` (RFC 7636 §4.2); `None` for no PKCE.
pub fn code_challenge(verifier: &str, method: PkceMethod) -> Option<String> {
    match method {
        PkceMethod::S256 => Some(crate::b64::url_encode(&Sha256::digest(verifier.as_bytes()))),
        PkceMethod::Plain => Some(verifier.to_owned()),
        PkceMethod::None => None,
    }
}
