//! The last answer from a server, and what the page can read out of it.
use crate::browser::fetch::HttpResponse;
use leptos::prelude::*;

/// The settings a message was about.
pub type SettingsSnapshot = pkjwt_core::setup::Setup;
use pkjwt_core::jws;
use serde_json::Value;

#[derive(Clone, Copy)]
pub struct ResponseStore {
    pub last: RwSignal<Option<HttpResponse>>,
    /// Why the last send produced no response (CORS, network, invalid request), with the
    /// settings it was for: once they change, the message no longer applies and is not shown.
    pub error: RwSignal<Option<(SettingsSnapshot, String)>>,
    pub sending: RwSignal<bool>,
}

impl ResponseStore {
    pub fn new() -> ResponseStore {
        ResponseStore { last: RwSignal::new(None), error: RwSignal::new(None), sending: RwSignal::new(false) }
    }

    /// The send error, if it is about the settings as they are now.
    pub fn current_error(&self, now: &SettingsSnapshot) -> Option<String> {
        self.error.with(|e| e.as_ref().filter(|(about, _)| about == now).map(|(_, message)| message.clone()))
    }

    /// Drops the last answer (and the tokens in it).
    pub fn clear(&self) {
        self.last.set(None);
        self.error.set(None);
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

/// What a token-endpoint answer contains, read leniently: any of it may be missing.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TokenAnswer {
    pub json: Option<Value>,
    pub access_token: Option<String>,
    pub refresh_token: Option<String>,
    pub expires_in: Option<i64>,
    /// `error: error_description` of an OAuth error response.
    pub oauth_error: Option<String>,
    /// The decoded claims when the access token is a JWT.
    pub access_token_claims: Option<Value>,
    pub access_token_header: Option<Value>,
}

impl TokenAnswer {
    pub fn read(body: &str) -> TokenAnswer {
        let Ok(json) = serde_json::from_str::<Value>(body) else {
            return TokenAnswer::default();
        };
        let text = |name: &str| json.get(name).and_then(Value::as_str).map(str::to_owned);
        let access_token = text("access_token");
        let decoded = access_token.as_deref().and_then(|t| jws::decode(t).ok());
        let oauth_error = text("error").map(|error| match text("error_description") {
            Some(description) => format!("{error}: {description}"),
            None => error,
        });
        TokenAnswer {
            refresh_token: text("refresh_token"),
            expires_in: json.get("expires_in").and_then(Value::as_i64),
            oauth_error,
            access_token_claims: decoded.as_ref().map(|d| d.claims.clone()),
            access_token_header: decoded.map(|d| Value::Object(d.header)),
            access_token,
            json: Some(json),
        }
    }
}

/// Pretty-printed JSON, or the text as it came.
pub fn pretty_body(body: &str) -> String {
    match serde_json::from_str::<Value>(body) {
        Ok(json) => serde_json::to_string_pretty(&json).unwrap_or_else(|_| body.to_owned()),
        Err(_) => body.to_owned(),
    }
}
