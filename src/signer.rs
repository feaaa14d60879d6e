//! Signing the client assertion from the effective setup, with the chosen [`Engine`]. Every call
//! makes a new assertion (new `jti`, `iat`, `exp`), because servers accept each one only once.
use crate::browser::clock;
use crate::clock::Clock;
use crate::engine::Engine;
use crate::key_store::KeyStore;
use crate::lazy::{Later, LoadFailed};
use leptos::prelude::*;
use leptos::task::spawn_local;
use pkjwt_core::assertion::{build, AssertionError, AssertionSettings, ClientAssertion, Stamp};
use pkjwt_core::crypto::SignError;
use pkjwt_core::key::Key;
use pkjwt_core::text::LibraryDetail;
use pkjwt_core::setup::Effective;

/// The assertion the page shows, and how to make a new one.
#[derive(Clone, Copy)]
pub struct Signer {
    /// The latest assertion (or why there is none). `None` only before the first signature.
    pub current: RwSignal<Option<Result<ClientAssertion, AssertionError>>>,
    /// Numbers each signing so that a slow, older signature never replaces a newer one.
    ticket: StoredValue<u64>,
    effective: Memo<Effective>,
    keys: KeyStore,
    clock: Clock,
}

impl Signer {
    pub fn new(effective: Memo<Effective>, keys: KeyStore, clock: Clock) -> Signer {
        Signer { current: RwSignal::new(None), ticket: StoredValue::new(0), effective, keys, clock }
    }

    /// The effective setup this signer signs (shared through context for everything else
    /// that reads it).
    pub fn effective(&self) -> Memo<Effective> {
        self.effective
    }

    /// Re-signs whenever the key, the engine or the effective setup changes ("editing any field
    /// re-signs at once"), request settings included: the curl on screen must always carry an
    /// unused assertion, also for someone who selects it by hand.
    pub fn follow_changes(self) {
        Effect::new(move |_| {
            self.keys.key.track();
            self.keys.engine.track();
            self.effective.track();
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

    /// A fresh assertion for a request to `endpoint` (PAR, the device start), whose `aud` is that
    /// endpoint when the preset says so. Not shown: the one on screen stays unused.
    pub async fn sign_for(self, endpoint: &str) -> Result<ClientAssertion, AssertionError> {
        let key = self.keys.key.get_untracked().ok_or(AssertionError::NoKey)?;
        let settings = self.effective.with_untracked(|effective| effective.assertion_for(endpoint));
        sign_assertion(settings, key, self.keys.engine.get_untracked()).await
    }

    async fn sign(self) -> Result<ClientAssertion, AssertionError> {
        let key = self.keys.key.get_untracked().ok_or(AssertionError::NoKey)?;
        let settings = self.effective.with_untracked(|effective| effective.assertion.clone());
        sign_assertion(settings, key, self.keys.engine.get_untracked()).await
    }
}

/// Builds and signs an assertion now with `engine`: what the page and the benchmark both run.
/// Its code is in the lazy module `signing`, which takes the settings and key it is given.
pub async fn sign_assertion(settings: AssertionSettings, key: Key, engine: Engine) -> Result<ClientAssertion, AssertionError> {
    match assertion_signing(settings, key, engine).await {
        Ok(signed) => signed.await,
        Err(LoadFailed) => Err(AssertionError::Sign(SignError::Backend(LibraryDetail(crate::lazy::sentence(crate::lazy::Part::Signing))))),
    }
}

crate::lazy::split_fn! {
    in signing, preload preload_assertion_signing:
    /// [`sign_assertion`]'s work.
    pub(crate) fn assertion_signing(settings: AssertionSettings, key: Key, engine: Engine) -> Later<Result<ClientAssertion, AssertionError>> {
        Box::pin(async move { sign_here(&settings, &key, engine).await })
    }
}

async fn sign_here(settings: &AssertionSettings, key: &Key, engine: Engine) -> Result<ClientAssertion, AssertionError> {
    let unsigned = build(settings, key, Stamp::fresh(clock::now_unix() as i64))?;
    let input = unsigned.signing_input();
    let signature = engine.sign(key, unsigned.alg, input.as_bytes()).await?;
    Ok(unsigned.finish(&signature))
}
