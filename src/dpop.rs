//! DPoP (RFC 9449): the proof key and the proofs it signs. A proof is attached to a request
//! at the last moment, like the client assertion: the one on screen is signed for what is
//! shown, each copy and each Send signs a new one (new `jti`), with the latest nonce the
//! request's server gave. The private half of the proof key never leaves this module's
//! memory: a non-extractable WebCrypto key where the browser has the algorithm, else a
//! RustCrypto key made by the key worker (held here, like the client key in its store), or
//! the client key itself when the user chose that.
use crate::browser::fetch::{self, HttpResponse};
use crate::browser::{clock, webcrypto, worker};
use crate::i18n::{fill, say};
use crate::key_store::KeyStore;
use leptos::prelude::*;
use leptos::task::spawn_local;
use pkjwt_core::assertion::Stamp;
use pkjwt_core::dpop::{fresh_nonce, jkt, unsigned_proof, with_proof, DpopAlg, DpopChoice, DpopKeySource, NonceAsk, ProofTarget};
use pkjwt_core::jwa::Alg;
use pkjwt_core::key::{Key, KeyKind, PublicKey};
use pkjwt_core::request::{Grant, RequestError, TokenRequest};
use pkjwt_core::setup::Effective;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;

/// How the DPoP key's private half is held.
#[derive(Clone)]
pub(crate) enum Private {
    /// In WebCrypto, not extractable.
    Held(webcrypto::HeldKey),
    /// Made by RustCrypto in the key worker (the browser lacks the algorithm).
    Worker(Box<Key>),
    /// The client key (`dpop_key = client`): signed like the assertion.
    Client,
}

thread_local! {
    /// The private half of the current DPoP key, with the number of the key it belongs to.
    static PRIVATE: RefCell<Option<(u64, Private)>> = const { RefCell::new(None) };
}

/// What the page shows and signs with: the public half of the DPoP key.
#[derive(Clone, PartialEq)]
pub struct ProofKey {
    pub public: PublicKey,
    pub alg: Alg,
    /// RFC 7638 thumbprint: `dpop_jkt` and the `cnf.jkt` a bound token carries.
    pub jkt: String,
    /// Where the private half is, for the page to say.
    pub made_by: MadeBy,
    /// Which key this is (the private half is looked up by it).
    number: u64,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum MadeBy {
    WebCrypto,
    KeyWorker,
    ClientKey,
}

/// The proof on screen and the request target it was signed for.
#[derive(Clone, PartialEq)]
pub struct ShownProof {
    pub target: ProofTarget,
    pub proof: String,
}

/// Makes the request to send, anew for each try. A trait object, not a generic: one copy of
/// [`Dpop::send`] in the page's WebAssembly rather than one per caller.
pub type Rebuild<'a> = dyn Fn() -> Pin<Box<dyn Future<Output = Result<TokenRequest, String>> + 'a>> + 'a;

/// What a send gave, and whether it had to be repeated with the server's nonce.
pub struct Sent {
    pub response: HttpResponse,
    pub retried: bool,
}

#[derive(Clone, Copy)]
pub struct Dpop {
    /// The DPoP key, or why there is none (`None` until DPoP is first turned on).
    pub key: RwSignal<Option<Result<ProofKey, String>>>,
    pub jkt: Memo<Option<String>>,
    pub making: RwSignal<bool>,
    /// The latest `DPoP-Nonce` of each server (by origin), from any answer.
    pub nonces: RwSignal<BTreeMap<String, String>>,
    /// The origin whose nonce came last (the one the card shows).
    pub latest_origin: RwSignal<Option<String>>,
    /// The proof the main request on screen (and its curl) carries.
    pub shown: RwSignal<Option<ShownProof>>,
    /// What the last send did about nonces (retried, or could not read the header).
    pub note: RwSignal<Option<String>>,
    effective: Memo<Effective>,
    keys: KeyStore,
    /// Numbers the keys, so that a slow older one never replaces a newer one.
    key_counter: StoredValue<u64>,
    /// Numbers the signings of the proof on screen, for the same reason.
    proof_counter: StoredValue<u64>,
}

impl Dpop {
    pub fn new(effective: Memo<Effective>, keys: KeyStore) -> Dpop {
        let key = RwSignal::new(None::<Result<ProofKey, String>>);
        let jkt = Memo::new(move |_| key.with(|k| k.as_ref().and_then(|k| k.as_ref().ok()).map(|k| k.jkt.clone())));
        let dpop = Dpop {
            key,
            jkt,
            making: RwSignal::new(false),
            nonces: RwSignal::new(BTreeMap::new()),
            latest_origin: RwSignal::new(None),
            shown: RwSignal::new(None),
            note: RwSignal::new(None),
            effective,
            keys,
            key_counter: StoredValue::new(0),
            proof_counter: StoredValue::new(0),
        };
        dpop.follow_choice();
        dpop
    }

    /// The DPoP choice in effect (tracked), `None` when DPoP is off.
    pub fn choice(&self) -> Option<DpopChoice> {
        self.effective.with(|e| e.dpop)
    }

    pub fn enabled_untracked(&self) -> bool {
        self.effective.with_untracked(|e| e.dpop.is_some())
    }

    /// Whether the setup's own request carries a proof: every token request does (RFC 9449
    /// §5); introspection and revocation are the client's calls about a token, for which
    /// RFC 9449 defines no proof (the servers of the tests ignore one).
    pub fn proves_main_request(&self) -> bool {
        self.effective.with(|e| e.dpop.is_some() && !matches!(e.request.grant, Grant::Introspection | Grant::Revocation))
    }

    fn next_key_number(&self) -> u64 {
        let number = self.key_counter.get_value() + 1;
        self.key_counter.set_value(number);
        number
    }

    /// A key is made when DPoP is turned on or its algorithm or source changes; the client
    /// key follows the key panel (and the assertion's algorithm, which fits it).
    fn follow_choice(self) {
        let effective = self.effective;
        let wanted = Memo::new(move |_| effective.with(|e| e.dpop.map(|choice| (choice, e.alg))));
        Effect::new(move |_| {
            let Some((choice, client_alg)) = wanted.get() else { return };
            match choice.key {
                DpopKeySource::Client => self.keys.key.with(|key| self.use_client_key(key.as_ref(), client_alg)),
                DpopKeySource::Own => {
                    let current = self.key.with_untracked(|k| k.as_ref().and_then(|k| k.as_ref().ok()).map(|k| (k.alg, k.made_by)));
                    if !current.is_some_and(|(made_for, by)| made_for == choice.alg.alg() && by != MadeBy::ClientKey) {
                        self.regenerate(choice.alg);
                    }
                }
            }
        });
    }

    fn use_client_key(&self, key: Option<&Key>, alg: Alg) {
        let number = self.next_key_number();
        let shown = match key {
            Some(key) if key.is_private() => {
                PRIVATE.with(|cell| *cell.borrow_mut() = Some((number, Private::Client)));
                Ok(ProofKey { jkt: jkt(key.public_key()), public: key.public_key().clone(), alg, made_by: MadeBy::ClientKey, number })
            }
            _ => Err(say("Generate or import a key first.").to_owned()),
        };
        self.key.set(Some(shown));
        // A key of its own still being made is no longer wanted (its task sees the newer key
        // number and stops); without this, every proof would wait for it until `ready_key` gives up.
        self.making.set(false);
    }

    /// Makes a new DPoP key for `alg` (the regenerate button, or a new choice).
    pub fn regenerate(&self, alg: DpopAlg) {
        let (kind, alg) = (alg.key_kind(), alg.alg());
        let dpop = *self;
        let number = self.next_key_number();
        // The old key's thumbprint no longer says which key signs.
        self.key.set(None);
        self.making.set(true);
        spawn_local(async move {
            let made = match key_making(alg, kind).await {
                Ok(making) => making.await,
                Err(crate::lazy::LoadFailed) => Err(crate::lazy::sentence(crate::lazy::Part::Dpop)),
            };
            if dpop.key_counter.get_value() != number {
                return;
            }
            let shown = made.map(|(public, made_by, private)| {
                PRIVATE.with(|cell| *cell.borrow_mut() = Some((number, private)));
                ProofKey { jkt: jkt(&public), public, alg, made_by, number }
            });
            dpop.key.set(Some(shown));
            dpop.making.set(false);
        });
    }

    /// Waits (briefly) for a key being made, and gives the current one.
    async fn ready_key(&self) -> Result<ProofKey, String> {
        for _ in 0..200 {
            if !self.making.get_untracked() {
                break;
            }
            clock::sleep_ms(50).await;
        }
        self.key
            .get_untracked()
            .unwrap_or_else(|| Err(say("The DPoP key is not made yet.").to_owned()))
    }

    /// The DPoP key's thumbprint, once the key is made.
    pub async fn ready_jkt(&self) -> Result<String, String> {
        self.ready_key().await.map(|key| key.jkt)
    }

    /// The nonce this page holds for `origin`.
    pub fn nonce_for(&self, origin: &str) -> Option<String> {
        self.nonces.with_untracked(|n| n.get(origin).cloned())
    }

    /// A new proof for `target` (new `jti`, `iat` now), with the nonce of `origin` if any.
    /// Proofs are signed in the lazy module `later`, which DPoP's first use loads if the preload
    /// has not.
    pub async fn sign_proof(&self, target: &ProofTarget, origin: &str) -> Result<String, String> {
        match proof_signing(*self, target.clone(), origin.to_owned()).await {
            Ok(signing) => signing.await,
            Err(crate::lazy::LoadFailed) => Err(crate::lazy::sentence(crate::lazy::Part::Dpop)),
        }
    }

    async fn sign_proof_now(&self, target: &ProofTarget, origin: &str) -> Result<String, String> {
        let key = self.ready_key().await?;
        let nonce = self.nonce_for(origin);
        let stamp = Stamp::fresh(crate::browser::clock::now_unix() as i64);
        let unsigned =
            unsigned_proof(key.alg, &key.public, target, nonce.as_deref(), stamp).map_err(|e| crate::i18n::dpop_error(&e))?;
        let input = unsigned.signing_input();
        let signature = self.sign(&key, input.as_bytes()).await?;
        Ok(unsigned.finish(&signature))
    }

    async fn sign(&self, key: &ProofKey, message: &[u8]) -> Result<Vec<u8>, String> {
        let holder = PRIVATE.with(|cell| cell.borrow().as_ref().filter(|(number, _)| *number == key.number).map(|(_, private)| private.clone()));
        match holder.ok_or_else(|| say("The DPoP key is not made yet.").to_owned())? {
            Private::Held(held) => webcrypto::sign_held(&held, message).await.map_err(|e| match e {
                webcrypto::WebCryptoError::Unsupported(reason) | webcrypto::WebCryptoError::Failed(reason) => reason,
            }),
            Private::Worker(private) => worker::sign(&private, key.alg, message).await,
            Private::Client => {
                let client = self.keys.key.get_untracked().ok_or_else(|| say("Generate or import a key first.").to_owned())?;
                self.keys.engine.get_untracked().sign(&client, key.alg, message).await.map_err(|e| crate::i18n::assertion_error(&e.into()))
            }
        }
    }

    /// Puts a fresh proof into `request` (its `DPoP` header) when DPoP is on.
    pub async fn prove(&self, request: &mut TokenRequest) -> Result<Option<String>, String> {
        if !self.enabled_untracked() {
            return Ok(None);
        }
        let proof = self.sign_proof(&ProofTarget::of(request), request.endpoint.origin()).await?;
        with_proof(request, &proof);
        Ok(Some(proof))
    }

    /// Adds the proof on screen to `request`, if it was signed for this very target.
    pub fn carry(&self, request: &mut TokenRequest) {
        if !self.proves_main_request() {
            return;
        }
        let target = ProofTarget::of(request);
        let proof = self.shown.with(|shown| shown.as_ref().filter(|s| s.target == target).map(|s| s.proof.clone()));
        if let Some(proof) = proof {
            with_proof(request, &proof);
        }
    }

    /// Keeps the proof on screen signed for the main request: again when it changes (a new
    /// assertion too: a proof is as single-use as the assertion beside it), and when the key
    /// or the server's nonce changes.
    pub fn follow_shown(self, request: Memo<Result<TokenRequest, RequestError>>) {
        Effect::new(move |_| {
            let on = self.proves_main_request();
            self.key.track();
            self.nonces.track();
            let target = request.with(|r| r.as_ref().ok().filter(|_| on).map(|r| (ProofTarget::of(r), r.endpoint.origin().to_owned())));
            let Some((target, origin)) = target else {
                if self.shown.with_untracked(Option::is_some) {
                    self.shown.set(None);
                }
                return;
            };
            let number = self.proof_counter.get_value() + 1;
            self.proof_counter.set_value(number);
            spawn_local(async move {
                let signed = self.sign_proof(&target, &origin).await;
                if self.proof_counter.get_value() == number {
                    self.shown.set(signed.ok().map(|proof| ShownProof { target, proof }));
                }
            });
        });
    }

    /// `request` with a proof signed for it (again when it, the key or a nonce changes): for
    /// a command on screen other than the main request's (the API call, a flow's step).
    pub fn with_shown_proof(self, request: Signal<Option<TokenRequest>>) -> Signal<Option<TokenRequest>> {
        let proof = RwSignal::new(None::<ShownProof>);
        Effect::new(move |_| {
            let on = self.choice().is_some();
            self.key.track();
            self.nonces.track();
            let target = request.with(|r| r.as_ref().filter(|_| on).map(|r| (ProofTarget::of(r), r.endpoint.origin().to_owned())));
            let Some((target, origin)) = target else { return proof.set(None) };
            spawn_local(async move {
                let signed = self.sign_proof(&target, &origin).await;
                proof.set(signed.ok().map(|signed| ShownProof { target, proof: signed }));
            });
        });
        Signal::derive(move || {
            let mut request = request.get()?;
            let target = ProofTarget::of(&request);
            proof.with(|p| p.as_ref().filter(|p| p.target == target).map(|p| with_proof(&mut request, &p.proof)));
            Some(request)
        })
    }

    /// Sends the request `build` makes (a new one each time: an assertion in it is
    /// single-use) with a fresh proof when DPoP is on (`fresh_proof`; else the proof it
    /// carries). A server that asks for a nonce (`use_dpop_nonce`) gets the request once more,
    /// built and proved again with it.
    pub async fn send(&self, build: &Rebuild<'_>, fresh_proof: bool) -> Result<Sent, String> {
        self.note.set(None);
        let mut request = build().await?;
        if fresh_proof {
            self.prove(&mut request).await?;
        }
        let response = fetch::send(&request).await.map_err(|e| fetch::explain(&e))?;
        self.keep_nonce(&request, &response);
        if !self.enabled_untracked() {
            return Ok(Sent { response, retried: false });
        }
        match NonceAsk::read(response.status, &response.headers, &response.body) {
            NonceAsk::NoAsk => Ok(Sent { response, retried: false }),
            NonceAsk::Malformed(error) => {
                self.note.set(Some(crate::i18n::dpop_error(&error)));
                Ok(Sent { response, retried: false })
            }
            NonceAsk::Unreadable => {
                self.note.set(Some(fill(
                    say("{} asked for a DPoP nonce, but the browser does not let this page read its DPoP-Nonce header: the server does not list it in Access-Control-Expose-Headers. The curl command works (curl reads every header)."),
                    &[request.endpoint.origin().to_owned()],
                )));
                Ok(Sent { response, retried: false })
            }
            // `keep_nonce` above has already stored the nonce the server asks for.
            NonceAsk::Retry { .. } => {
                let mut again = build().await?;
                self.prove(&mut again).await?;
                let response = fetch::send(&again).await.map_err(|e| fetch::explain(&e))?;
                self.keep_nonce(&again, &response);
                self.note.set(Some(fill(say("{} asked for a DPoP nonce (use_dpop_nonce): sent again once, with its nonce."), &[again.endpoint.origin().to_owned()])));
                Ok(Sent { response, retried: true })
            }
        }
    }

    /// Keeps a `DPoP-Nonce` the answer carries for the next proof to its server.
    fn keep_nonce(&self, request: &TokenRequest, response: &HttpResponse) {
        if let Some(nonce) = fresh_nonce(&response.headers) {
            self.store_nonce(request.endpoint.origin(), nonce);
        }
    }

    fn store_nonce(&self, origin: &str, nonce: String) {
        if self.nonces.with_untracked(|n| n.get(origin) != Some(&nonce)) {
            self.nonces.update(|n| {
                n.insert(origin.to_owned(), nonce);
            });
        }
        if self.latest_origin.with_untracked(|o| o.as_deref() != Some(origin)) {
            self.latest_origin.set(Some(origin.to_owned()));
        }
    }

    /// Drops the DPoP key, nonces and proofs ("Forget everything").
    pub fn forget(&self) {
        self.next_key_number();
        PRIVATE.with(|cell| cell.borrow_mut().take());
        self.key.set(None);
        self.making.set(false);
        self.nonces.set(BTreeMap::new());
        self.latest_origin.set(None);
        self.shown.set(None);
        self.note.set(None);
    }
}

/// What DPoP's split points give: work that goes on after the call.
pub(crate) type Pending<T> = crate::lazy::Later<Result<T, String>>;

crate::lazy::split_fn! {
    in later, preload preload_key_making:
    /// [`make_key`], in the lazy module `later`.
    pub(crate) fn key_making(alg: Alg, kind: KeyKind) -> Pending<(PublicKey, MadeBy, Private)> {
        Box::pin(make_key(alg, kind))
    }
}

crate::lazy::split_fn! {
    in later, preload preload_proof_signing:
    /// [`Dpop::sign_proof_now`], in the lazy module `later`.
    pub(crate) fn proof_signing(dpop: Dpop, target: ProofTarget, origin: String) -> Pending<String> {
        Box::pin(async move { dpop.sign_proof_now(&target, &origin).await })
    }
}

/// A new key pair for `alg`: WebCrypto (not extractable), else RustCrypto in the key worker.
async fn make_key(alg: Alg, kind: KeyKind) -> Result<(PublicKey, MadeBy, Private), String> {
    match webcrypto::generate_held(alg).await {
        Ok((held, public_jwk)) => {
            let public = read_dpop_key(zeroize::Zeroizing::new(public_jwk)).await?;
            Ok((public.public_key().clone(), MadeBy::WebCrypto, Private::Held(held)))
        }
        Err(webcrypto::WebCryptoError::Unsupported(_)) => {
            let key = read_dpop_key(worker::generate(kind).await?).await?;
            Ok((key.public_key().clone(), MadeBy::KeyWorker, Private::Worker(Box::new(key))))
        }
        Err(webcrypto::WebCryptoError::Failed(reason)) => Err(reason),
    }
}

/// A made DPoP key's JWK, read in the lazy module `signing`; or why not, in words.
async fn read_dpop_key(jwk: zeroize::Zeroizing<String>) -> Result<Key, String> {
    match crate::material::read_generated(jwk).await {
        Ok(read) => read.map_err(|e| crate::i18n::key_error(&e)),
        Err(crate::lazy::LoadFailed) => Err(crate::lazy::sentence(crate::lazy::Part::Signing)),
    }
}

