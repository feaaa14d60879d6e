//! Making keys: WebCrypto first (native, off the main thread), RustCrypto where the browser
//! lacks the algorithm or the user asks for it. Either way the result is measured.
use crate::browser::{clock, webcrypto, worker};
use pkjwt_core::crypto::GenerateError;
use pkjwt_core::text::LibraryDetail;
use pkjwt_core::key::{Key, KeyError, KeyKind};

/// Which implementation made (or should make) a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    WebCrypto,
    RustCrypto,
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
}

/// A freshly made key and how it was made.
pub struct Generated {
    pub key: Key,
    pub engine: Engine,
    pub millis: f64,
    /// Why the preferred engine was not used, if it was not.
    pub fallback_reason: Option<String>,
}

/// Generates a key of `kind`, preferring `engine`.
pub async fn generate_key(kind: KeyKind, engine: Engine) -> Result<Generated, KeyError> {
    let started = clock::now_ms();
    let mut fallback_reason = None;
    if engine == Engine::WebCrypto {
        match webcrypto::generate(kind).await {
            Ok(key) => {
                return Ok(Generated { key, engine, millis: clock::now_ms() - started, fallback_reason });
            }
            Err(webcrypto::WebCryptoError::Unsupported(reason)) => fallback_reason = Some(reason),
            Err(webcrypto::WebCryptoError::Failed(reason)) => return Err(GenerateError(LibraryDetail(reason)).into()),
        }
    }
    // RustCrypto runs in a worker: RSA-4096 takes seconds, which the page must not freeze for.
    let started = clock::now_ms();
    let key = worker::generate(kind).await.map_err(|reason| GenerateError(LibraryDetail(reason)))?;
    Ok(Generated { key, engine: Engine::RustCrypto, millis: clock::now_ms() - started, fallback_reason })
}
