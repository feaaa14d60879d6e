//! Signing the client assertion: from the current settings and key, with WebCrypto where the
//! browser has the algorithm and RustCrypto otherwise. Every call makes a new assertion (new
//! `jti`, `iat`, `exp`), because servers accept each one only once.
use crate::browser::{clock, webcrypto, worker};
use crate::clock::Clock;
use crate::keygen::Engine;
use crate::settings::Settings;
use crate::state::KeyStore;
use leptos::prelude::*;
use leptos::task::spawn_local;
use pkjwt_core::assertion::{build, AssertionError, AssertionSettings, ClientAssertion, Stamp};
use pkjwt_core::crypto::SignError;
use pkjwt_core::jwa::Alg;
use pkjwt_core::key::Key;
use pkjwt_core::text::LibraryDetail;

/// The assertion the page shows, and how to make a new one.
#[derive(Clone, Copy)]
pub struct Signer {
    /// The latest assertion (or why there is none). `None` only before the first signature.
    pub current: RwSignal<Option<Result<ClientAssertion, AssertionError>>>,
    /// Numbers each signing so that a slow, older signature never replaces a newer one.
    ticket: StoredValue<u64>,
    settings: Settings,
    keys: KeyStore,
    clock: Clock,
}

/// The algorithm the assertion uses: the user's choice if this key can make it, else the
/// key's own `alg`, else the key type's default.
pub fn effective_alg(chosen: Option<Alg>, key: Option<&Key>) -> Alg {
    let Some(key) = key else {
        return chosen.unwrap_or(Alg::RS256);
    };
    chosen
        .filter(|alg| key.public_key().supports(*alg))
        .or(key.alg())
        .unwrap_or_else(|| key.public_key().default_alg())
}

impl Signer {
    pub fn new(settings: Settings, keys: KeyStore, clock: Clock) -> Signer {
        Signer { current: RwSignal::new(None), ticket: StoredValue::new(0), settings, keys, clock }
    }

    /// Re-signs whenever the key or any setting changes ("editing any field re-signs at
    /// once"), request settings included: the curl on screen must always carry an unused
    /// assertion, also for someone who selects it by hand.
    pub fn follow_changes(self) {
        Effect::new(move |_| {
            self.keys.key.track();
            self.keys.engine.track();
            let _ = self.settings.assertion(Alg::RS256);
            let _ = self.settings.request();
            spawn_local(async move {
                let _ = self.sign_now().await;
            });
        });
    }

    /// Signs a fresh assertion now and shows it (unless a newer one got there first).
    pub async fn sign_now(self) -> Result<ClientAssertion, AssertionError> {
        let ticket = self.ticket.with_value(|t| t + 1);
        self.ticket.set_value(ticket);
        let result = self.sign().await;
        if self.ticket.get_value() == ticket {
            self.clock.touch();
            self.current.set(Some(result.clone()));
        }
        result
    }

    async fn sign(self) -> Result<ClientAssertion, AssertionError> {
        let key = self.keys.key.get_untracked().ok_or(AssertionError::NoKey)?;
        let settings = untrack(|| {
            let alg = effective_alg(self.settings.alg.get(), Some(&key));
            let mut settings = self.settings.assertion(alg);
            settings.alg = alg;
            settings
        });
        let engine = self.keys.engine.get_untracked();
        sign_assertion(&settings, &key, engine).await
    }
}

/// Signs `message` with the chosen engine: WebCrypto (falling back to RustCrypto in the
/// worker where the browser lacks the algorithm), or RustCrypto in the worker.
pub async fn signature(key: &Key, alg: pkjwt_core::jwa::Alg, message: &[u8], engine: Engine) -> Result<Vec<u8>, SignError> {
    key.private_key().map_err(|_| SignError::NotPrivate)?;
    if engine == Engine::RustCrypto {
        return worker::sign(key, alg, message).await.map_err(|e| SignError::Backend(LibraryDetail(e)));
    }
    match webcrypto::sign(key, alg, message).await {
        Ok(signature) => Ok(signature),
        Err(webcrypto::WebCryptoError::Unsupported(_)) => worker::sign(key, alg, message).await.map_err(|e| SignError::Backend(LibraryDetail(e))),
        Err(webcrypto::WebCryptoError::Failed(reason)) => Err(SignError::Backend(LibraryDetail(reason))),
    }
}

/// Builds and signs an assertion now: WebCrypto where the browser has the algorithm,
/// RustCrypto otherwise. What the page and the benchmark both run.
pub async fn sign_assertion(settings: &AssertionSettings, key: &Key, engine: Engine) -> Result<ClientAssertion, AssertionError> {
    let unsigned = build(settings, key, Stamp::fresh(clock::now_unix() as i64))?;
    let input = unsigned.signing_input();
    let signature = signature(key, unsigned.alg, input.as_bytes(), engine).await?;
    Ok(unsigned.finish(&signature))
}
