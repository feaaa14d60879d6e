//! The last answer from a server, and what the page can read out of it.
use crate::browser::fetch::HttpResponse;
use leptos::prelude::*;
use pkjwt_core::flow::TokenAnswer;

/// The settings a message was about.
pub type SettingsSnapshot = pkjwt_core::setup::Setup;
use serde_json::Value;

#[derive(Clone, Copy)]
pub struct ResponseStore {
    pub last: RwSignal<Option<HttpResponse>>,
    /// What the last answer says, read once for everything that shows or uses it.
    pub answer: Memo<Option<TokenAnswer>>,
    /// Why the last send produced no response (CORS, network, invalid request), with the
    /// settings it was for: once they change, the message no longer applies and is not shown.
    pub error: RwSignal<Option<(SettingsSnapshot, String)>>,
    pub sending: RwSignal<bool>,
    /// The nonce the last answer's id_token must carry: the pending attempt's, when the request
    /// was an authorization-code exchange; `None` otherwise (a refreshed id_token has none to
    /// compare).
    pub expected_nonce: RwSignal<Option<String>>,
    /// Whether the request of the last answer carried a DPoP proof (its token should be a
    /// DPoP token, bound to the key).
    pub asked_dpop: RwSignal<bool>,
}

impl ResponseStore {
    pub fn new() -> ResponseStore {
        let last = RwSignal::new(None::<HttpResponse>);
        let answer = Memo::new(move |_| last.with(|r| r.as_ref().map(|r| TokenAnswer::read(&r.body))));
        ResponseStore { last, answer, error: RwSignal::new(None), sending: RwSignal::new(false), expected_nonce: RwSignal::new(None), asked_dpop: RwSignal::new(false) }
    }

    /// The send error, if it is about the settings as they are now.
    pub fn current_error(&self, now: &SettingsSnapshot) -> Option<String> {
        self.error.with(|e| e.as_ref().filter(|(about, _)| about == now).map(|(_, message)| message.clone()))
    }

    /// Drops the last answer (and the tokens in it).
    pub fn clear(&self) {
        self.last.set(None);
        self.error.set(None);
        self.expected_nonce.set(None);
    }

    pub fn show(&self, response: HttpResponse) {
        self.error.set(None);
        self.last.set(Some(response));
    }
}

impl Default for ResponseStore {
    fn default() -> Self {
        ResponseStore::new()
    }
}

/// Pretty-printed JSON, or the text as it came.
pub fn pretty_body(body: &str) -> String {
    match serde_json::from_str::<Value>(body) {
        Ok(json) => serde_json::to_string_pretty(&json).unwrap_or_else(|_| body.to_owned()),
        Err(_) => body.to_owned(),
    }
}
