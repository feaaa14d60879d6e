//! The pending authorization attempt (state, nonce, PKCE verifier), in this page's memory
//! only: never in storage, the page's URL or a log (the verifier also fills the token
//! request's `code_verifier` field, as the user must see it). There is at most one; starting again
//! replaces it, and it is wiped when the flow ends ([`end`]: another grant, "Forget
//! everything") — [`pkjwt_core::authorize::Attempt`] zeroizes its secrets on drop.
use crate::browser::random;
use pkjwt_core::authorize::{Attempt, AttemptRandom, AuthorizeSettings};
use std::cell::RefCell;

thread_local! {
    static PENDING: RefCell<Option<Attempt>> = const { RefCell::new(None) };
    /// The settings the pending attempt's request was built from: a change means re-signing.
    static STARTED_WITH: RefCell<Option<AuthorizeSettings>> = const { RefCell::new(None) };
}

/// A fresh attempt for `settings` with secrets from `crypto.getRandomValues`, now pending
/// (the previous one is dropped). `None` when the browser has no cryptographic randomness.
pub fn begin(settings: &AuthorizeSettings) -> Option<Attempt> {
    let random = AttemptRandom { state: random::bytes()?, nonce: random::bytes()?, verifier: random::bytes()? };
    let attempt = Attempt::new(settings, &random);
    PENDING.with(|cell| *cell.borrow_mut() = Some(attempt.clone()));
    STARTED_WITH.with(|cell| *cell.borrow_mut() = Some(settings.clone()));
    Some(attempt)
}

/// Runs `read` on the pending attempt (mutably: a callback marks its code as taken).
pub fn with_pending<R>(read: impl FnOnce(Option<&mut Attempt>) -> R) -> R {
    PENDING.with(|cell| read(cell.borrow_mut().as_mut()))
}

/// Whether an attempt is pending, its code not yet taken, and built from settings other than
/// `now` (which then become the ones it was built from).
pub fn changed_since_start(now: &AuthorizeSettings) -> bool {
    let open = with_pending(|attempt| attempt.is_some_and(|a| !a.code_taken()));
    open && STARTED_WITH.with(|cell| {
        let mut started = cell.borrow_mut();
        let changed = started.as_ref().is_some_and(|s| s != now);
        if changed {
            *started = Some(now.clone());
        }
        changed
    })
}

/// The nonce the pending attempt sent, for checking the id_token it brings back.
pub fn expected_nonce() -> Option<String> {
    with_pending(|attempt| attempt.map(|a| a.nonce().to_owned()))
}

/// Ends the flow: the attempt and its secrets are wiped, and the window it opened is no
/// longer listened to.
pub fn end() {
    PENDING.with(|cell| cell.borrow_mut().take());
    STARTED_WITH.with(|cell| cell.borrow_mut().take());
    crate::browser::popup::forget_window();
}

use leptos::prelude::*;

/// What the authorization card shows about the attempt (no secrets but those the user sees
/// anyway: the URL carries state and nonce, as it must). Plain signals of types the page
/// already has. Cleared with the attempt.
#[derive(Clone, Copy)]
pub struct AuthorizeFlow {
    /// Where the flow stands (`authorize-status`), and whether that is a refusal.
    pub status: RwSignal<Option<String>>,
    pub refused: RwSignal<bool>,
    /// The front-channel URL (`authorize-url`).
    pub url: RwSignal<Option<String>>,
    /// PAR's `request_uri`, and when it expires (Unix seconds; 0: none).
    pub request_uri: RwSignal<Option<String>>,
    pub request_uri_expires: RwSignal<i64>,
    /// The signed request object (jar modes).
    pub request_object: RwSignal<Option<String>>,
    pub busy: RwSignal<bool>,
    /// The pasted redirect address (`authorize-callback-url`); emptied once read.
    pub pasted: RwSignal<String>,
}

impl AuthorizeFlow {
    pub fn new() -> AuthorizeFlow {
        AuthorizeFlow {
            status: RwSignal::new(None),
            refused: RwSignal::new(false),
            url: RwSignal::new(None),
            request_uri: RwSignal::new(None),
            request_uri_expires: RwSignal::new(0),
            request_object: RwSignal::new(None),
            busy: RwSignal::new(false),
            pasted: RwSignal::new(String::new()),
        }
    }

    pub fn say(&self, text: String, refused: bool) {
        self.refused.set(refused);
        self.status.set(Some(text));
    }

    /// Ends the flow: the attempt wiped, and everything shown about it.
    pub fn clear(&self) {
        end();
        self.status.set(None);
        self.refused.set(false);
        self.url.set(None);
        self.request_uri.set(None);
        self.request_uri_expires.set(0);
        self.request_object.set(None);
        self.pasted.set(String::new());
    }
}

impl Default for AuthorizeFlow {
    fn default() -> Self {
        AuthorizeFlow::new()
    }
}
