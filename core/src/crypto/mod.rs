//! RustCrypto key generation, signing and verification, as plain functions: the portable
//! implementation every native test exercises. The page builds its one engine on these
//! (WebCrypto first, these in a worker where a browser lacks an algorithm); the wasm tests
//! sign with one and verify with the other.
mod generate;
mod sign;

use crate::jwa::{Alg, KeyType};
use crate::material::{KeyDescription, PrivateKey};
use crate::text::LibraryDetail;

pub use generate::{generate, generate_with, GenerateError};
pub use sign::{sign, verify, VerifyError};

/// Failure to sign.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(feature = "variants", derive(strum::EnumDiscriminants), strum_discriminants(derive(strum::EnumIter)))]
pub enum SignError {
    #[error("This is a public key only: signing needs the private key. Import the private JWK or PEM, or generate a new key.")]
    NotPrivate,
    #[error("{alg} requires {}, but the current key is {key}.", .needs.requirement())]
    AlgMismatch { alg: Alg, needs: KeyType, key: KeyDescription },
    #[error("Signing failed: {0}")]
    Crypto(LibraryDetail),
    /// The browser's engine (WebCrypto, or the worker running these functions) failed.
    #[error("The browser could not sign: {0}")]
    Backend(LibraryDetail),
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

/// Refuses an algorithm the key cannot make, with the sentence that says why.
pub fn check_alg(key: &PrivateKey, alg: Alg) -> Result<(), SignError> {
    if key.supports(alg) {
        Ok(())
    } else {
        Err(SignError::AlgMismatch { alg, needs: alg.key_type(), key: key.description() })
    }
}
