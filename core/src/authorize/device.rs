//! The device authorization grant (RFC 8628): the start request, its answer, and what each
//! poll of the token endpoint means.
use super::reply::{Reply, ReplyError};
use super::AuthorizeError;
use crate::endpoint::Endpoint;
use crate::request::{authenticate_client, RequestSettings, TokenRequest};
use zeroize::Zeroizing;

/// RFC 8628 §3.2: the polling interval when the answer names none.
pub const DEFAULT_INTERVAL_SECONDS: u64 = 5;

/// RFC 8628 §3.5: `slow_down` adds this to the interval.
pub const SLOW_DOWN_SECONDS: u64 = 5;

/// `POST device_authorization_endpoint` with `client_id`, `scope` and the client
/// authentication of the token request (RFC 8628 §3.1).
pub fn device_authorization_request(
    endpoint: &str,
    client: &RequestSettings,
    scope: &str,
    assertion: Option<&str>,
) -> Result<TokenRequest, AuthorizeError> {
    let endpoint = Endpoint::parse(endpoint).map_err(AuthorizeError::Endpoint)?;
    let client_id = client.client_id.trim();
    if client_id.is_empty() {
        return Err(AuthorizeError::ClientIdMissing);
    }
    let scope = scope.trim();
    if scope.contains('\0') {
        return Err(AuthorizeError::ParamNul { name: "scope".into() });
    }
    let mut form = vec![("client_id".to_owned(), client_id.to_owned())];
    if !scope.is_empty() {
        form.push(("scope".into(), scope.into()));
    }
    let mut request = TokenRequest::form_post(endpoint, form);
    authenticate_client(client, assertion, &mut request)?;
    Ok(request)
}

/// The device authorization answer (RFC 8628 §3.2). The device code is a secret: wiped on
/// drop, not printed by `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct DeviceAuthorization {
    device_code: Zeroizing<String>,
    pub user_code: String,
    pub verification_uri: String,
    pub verification_uri_complete: Option<String>,
    pub expires_in: u64,
    /// Seconds between polls.
    pub interval: u64,
}

impl DeviceAuthorization {
    pub fn device_code(&self) -> &str {
        &self.device_code
    }

    /// The address to show the user: the complete one (with the code) when given.
    pub fn address(&self) -> &str {
        self.verification_uri_complete.as_deref().unwrap_or(&self.verification_uri)
    }
}

impl std::fmt::Debug for DeviceAuthorization {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeviceAuthorization")
            .field("device_code", &"…")
            .field("user_code", &self.user_code)
            .field("verification_uri", &self.verification_uri)
            .field("verification_uri_complete", &self.verification_uri_complete)
            .field("expires_in", &self.expires_in)
            .field("interval", &self.interval)
            .finish()
    }
}

/// Reads the device authorization endpoint's answer. `verification_url` (Google's spelling)
/// stands in for a missing `verification_uri`; both addresses must be http(s), because the
/// page links to them.
pub fn read_device_authorization(status: u16, body: &str) -> Result<DeviceAuthorization, ReplyError> {
    let reply = Reply::read(status, body)?;
    let verification_uri = match reply.address("verification_uri")? {
        Some(uri) => uri,
        None => reply.address("verification_url")?.ok_or(ReplyError::MemberMissing { member: "verification_uri" })?,
    };
    Ok(DeviceAuthorization {
        device_code: Zeroizing::new(reply.required_string("device_code")?),
        user_code: reply.required_string("user_code")?,
        verification_uri,
        verification_uri_complete: reply.address("verification_uri_complete")?,
        expires_in: reply.seconds("expires_in")?.ok_or(ReplyError::MemberMissing { member: "expires_in" })?,
        interval: reply.seconds("interval")?.unwrap_or(DEFAULT_INTERVAL_SECONDS).max(1),
    })
}

/// What one poll of the token endpoint means (RFC 8628 §3.5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PollOutcome {
    /// `authorization_pending`: poll again after the interval.
    Pending,
    /// `slow_down`: poll again after this (increased) interval.
    SlowDown { interval: u64 },
    /// A token answer: the user approved.
    Approved,
    /// `access_denied`: stop.
    Denied,
    /// `expired_token`: stop; start again.
    Expired,
    /// Another error, or an answer that is none of these: stop.
    Failed(ReplyError),
}

impl PollOutcome {
    /// Whether polling goes on.
    pub fn continues(&self) -> bool {
        matches!(self, PollOutcome::Pending | PollOutcome::SlowDown { .. })
    }

    /// The `device-status` word: pending, slow_down, approved, denied, expired or failed.
    pub fn status(&self) -> &'static str {
        match self {
            PollOutcome::Pending => "pending",
            PollOutcome::SlowDown { .. } => "slow_down",
            PollOutcome::Approved => "approved",
            PollOutcome::Denied => "denied",
            PollOutcome::Expired => "expired",
            PollOutcome::Failed(_) => "failed",
        }
    }
}

/// The outcome of a poll answered with `status` and `body`, polling every `interval` seconds.
pub fn poll_outcome(status: u16, body: &str, interval: u64) -> PollOutcome {
    match Reply::read(status, body) {
        Ok(reply) if reply.string("access_token").ok().flatten().is_some() => PollOutcome::Approved,
        Ok(_) => PollOutcome::Failed(ReplyError::MemberMissing { member: "access_token" }),
        Err(ReplyError::Server { status, error, description }) => match error.as_str() {
            "authorization_pending" => PollOutcome::Pending,
            "slow_down" => PollOutcome::SlowDown { interval: interval.saturating_add(SLOW_DOWN_SECONDS) },
            "access_denied" => PollOutcome::Denied,
            "expired_token" => PollOutcome::Expired,
            _ => PollOutcome::Failed(ReplyError::Server { status, error, description }),
        },
        Err(other) => PollOutcome::Failed(other),
    }
}
