//! The one engine that makes keys and signatures: WebCrypto first (native, off the main
//! thread), RustCrypto in the key worker where the browser lacks the algorithm or the user asks
//! for it. Key generation is measured, for the page to say how a key was made.
use crate::browser::{clock, webcrypto, worker};
use pkjwt_core::crypto::{GenerateError, SignError};
use pkjwt_core::text::LibraryDetail;
use pkjwt_core::jwa::Alg;
use pkjwt_core::key::{Key, KeyError, KeyKind};
use crate::lazy::{Later, LoadFailed};
use zeroize::Zeroizing;

crate::lazy::split_fn! {
    in signing, preload preload_generating:
    /// [`Engine::generate`]'s work. The Generate button's work is lazy already
    /// (`key_store::making`); this keeps the benchmark hook in `main.rs`, which calls
    /// `Engine::generate` itself, from pulling key making into the main module.
    pub(crate) fn generating(engine: Engine, kind: KeyKind) -> Later<Result<Generated, GenerateFailed>> {
        Box::pin(engine.generate_here(kind))
    }
}

/// Why no key was made.
#[derive(Debug)]
pub enum GenerateFailed {
    Key(KeyError),
    /// The module that reads the made key could not be loaded.
    NotLoaded,
}

impl GenerateFailed {
    /// The sentence the page shows.
    pub fn message(&self) -> String {
        match self {
            GenerateFailed::Key(error) => crate::i18n::key_error(error),
            GenerateFailed::NotLoaded => crate::lazy::sentence(crate::lazy::Part::Signing),
        }
    }
}

impl From<KeyError> for GenerateFailed {
    fn from(error: KeyError) -> Self {
        GenerateFailed::Key(error)
    }
}

/// [`crate::material::read_generated`]; a JWK that does not read is the key maker's failure
/// (it made the JWK), said as a generation error.
async fn read_made(jwk: Zeroizing<String>) -> Result<Key, GenerateFailed> {
    match crate::material::read_generated(jwk).await {
        Ok(Ok(key)) => Ok(key),
        Ok(Err(error)) => Err(GenerateFailed::Key(GenerateError(LibraryDetail(error.to_string())).into())),
        Err(crate::lazy::LoadFailed) => Err(GenerateFailed::NotLoaded),
    }
}

/// Which implementation makes keys and signatures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    WebCrypto,
    RustCrypto,
}

/// A freshly made key and how it was made.
pub struct Generated {
    pub key: Key,
    pub engine: Engine,
    /// From the start to the key read into the page's key type.
    pub millis: f64,
    /// Of `millis`, the key maker's part (WebCrypto's generateKey and exportKey, or the
    /// worker); the rest is the page's own work, reading what it made (`make bench` budgets it).
    pub maker_millis: f64,
    /// Why the preferred engine was not used, if it was not.
    pub fallback_reason: Option<String>,
}

impl Engine {
    pub fn id(self) -> &'static str {
        match self {
            Engine::WebCrypto => "webcrypto",
            Engine::RustCrypto => "rustcrypto",
        }
    }
    pub fn from_id(id: &str) -> Engine {
        if id == "rustcrypto" {
            Engine::RustCrypto
        } else {
            Engine::WebCrypto
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Engine::WebCrypto => "WebCrypto",
            Engine::RustCrypto => "RustCrypto",
        }
    }

    /// Generates a key of `kind`, with this engine where it can (its code is in the lazy
    /// module `signing`).
    pub async fn generate(self, kind: KeyKind) -> Result<Generated, GenerateFailed> {
        generating(self, kind).await.map_err(|LoadFailed| GenerateFailed::NotLoaded)?.await
    }

    async fn generate_here(self, kind: KeyKind) -> Result<Generated, GenerateFailed> {
        let started = clock::now_ms();
        let mut fallback_reason = None;
        if self == Engine::WebCrypto {
            match webcrypto::generate(kind).await {
                Ok(jwk) => {
                    let maker_millis = clock::now_ms() - started;
                    let mut key = read_made(jwk).await?;
                    let millis = clock::now_ms() - started;
                    // WebCrypto names the algorithm it generated for ("RS256" for our RSASSA
                    // parameters); that is not a choice the user made, so the key carries no
                    // "alg" of its own.
                    let _ = key.set_alg(None);
                    return Ok(Generated { key, engine: self, millis, maker_millis, fallback_reason });
                }
                Err(webcrypto::WebCryptoError::Unsupported(reason)) => fallback_reason = Some(reason),
                Err(webcrypto::WebCryptoError::Failed(reason)) => return Err(KeyError::from(GenerateError(LibraryDetail(reason))).into()),
            }
        }
        // RustCrypto runs in a worker: RSA-4096 takes seconds, which the page must not freeze for.
        let started = clock::now_ms();
        let jwk = worker::generate(kind).await.map_err(|reason| KeyError::from(GenerateError(LibraryDetail(reason))))?;
        let maker_millis = clock::now_ms() - started;
        // Made by our own worker from RustCrypto: consistent by construction.
        let key = read_made(jwk).await?;
        let millis = clock::now_ms() - started;
        Ok(Generated { key, engine: Engine::RustCrypto, millis, maker_millis, fallback_reason })
    }

    /// Signs `message` with `key`, with this engine where it can (WebCrypto falls back to
    /// RustCrypto in the worker for an algorithm the browser lacks). Only lazy modules call it.
    pub async fn sign(self, key: &Key, alg: Alg, message: &[u8]) -> Result<Vec<u8>, SignError> {
        key.private_key().map_err(|_| SignError::NotPrivate)?;
        if self == Engine::RustCrypto {
            return worker::sign(key, alg, message).await.map_err(|e| SignError::Backend(LibraryDetail(e)));
        }
        match webcrypto::sign(key, alg, message).await {
            Ok(signature) => Ok(signature),
            Err(webcrypto::WebCryptoError::Unsupported(_)) => worker::sign(key, alg, message).await.map_err(|e| SignError::Backend(LibraryDetail(e))),
            Err(webcrypto::WebCryptoError::Failed(reason)) => Err(SignError::Backend(LibraryDetail(reason))),
        }
    }

    /// Whether `signature` over `message` verifies with `public_jwk` (a server's key, e.g. an
    /// id_token's): WebCrypto, falling back to RustCrypto in the worker for an algorithm the
    /// browser lacks, or RustCrypto by choice. `Err`: neither could check it.
    pub async fn verify(self, public_jwk: &str, alg: Alg, message: &[u8], signature: &[u8]) -> Result<bool, String> {
        if self == Engine::WebCrypto {
            match webcrypto::verify(public_jwk, alg, message, signature).await {
                Ok(valid) => return Ok(valid),
                Err(webcrypto::WebCryptoError::Failed(reason)) => return Err(reason),
                Err(webcrypto::WebCryptoError::Unsupported(_)) => {}
            }
        }
        worker::verify(public_jwk, alg, message, signature).await
    }
}
