//! Signing backends. The page prefers WebCrypto (native code, off the main thread); RustCrypto
//! is the portable implementation every native test exercises and the fallback where a
//! browser lacks an algorithm. Both implement [`Backend`], and the wasm tests sign with one
//! and verify with the other.
pub mod rustcrypto;

use crate::jwa::Alg;
use crate::key::{KeyError, KeyKind, PrivateKey};

pub use rustcrypto::RustCrypto;

/// Failure to sign.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SignError {
    #[error("This is a public key only: signing needs the private key. Import the private JWK or PEM, or generate a new key.")]
    NotPrivate,
    #[error("{alg} requires {needs}, but the current key is {key}.")]
    AlgMismatch { alg: Alg, needs: &'static str, key: String },
    #[error("Signing failed: {0}")]
    Crypto(String),
    #[error("The browser could not sign: {0}")]
    Backend(String),
}

impl SignError {
    pub fn code(&self) -> &'static str {
        match self {
            SignError::NotPrivate => "SIGN_NOT_PRIVATE",
            SignError::AlgMismatch { .. } => "SIGN_ALG_MISMATCH",
            SignError::Crypto(_) => "SIGN_CRYPTO",
            SignError::Backend(_) => "SIGN_BACKEND",
        }
    }
}

/// What a key-generation and signing implementation provides. Async because WebCrypto is.
#[allow(async_fn_in_trait)]
pub trait Backend {
    /// A short name for logs and benchmarks ("WebCrypto", "RustCrypto").
    fn name(&self) -> &'static str;
    async fn generate(&self, kind: KeyKind) -> Result<PrivateKey, KeyError>;
    /// Signs `message`, returning the JWS signature bytes (r‖s for ECDSA).
    async fn sign(&self, key: &PrivateKey, alg: Alg, message: &[u8]) -> Result<Vec<u8>, SignError>;
}

/// Refuses an algorithm the key cannot make, with the sentence that says why.
pub fn check_alg(key: &PrivateKey, alg: Alg) -> Result<(), SignError> {
    if key.supports(alg) {
        Ok(())
    } else {
        Err(SignError::AlgMismatch { alg, needs: alg.key_type().requirement(), key: key.describe() })
    }
}
