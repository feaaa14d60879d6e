//! The authorization-code flow's front channel and the device flow's start: PKCE, the pending
//! attempt, the authorization request's parameters and URL, PAR (RFC 9126), signed request
//! objects (RFC 9101), reading the callback (RFC 6749 §4.1.2, RFC 9207), and the device
//! authorization grant (RFC 8628). Pure: the caller gives the random bytes and the time,
//! signs with its engine, sends, and keeps the attempt in memory.
mod attempt;
mod callback;
mod device;
mod error;
mod jar;
mod par;
mod params;
mod pkce;
mod reply;

pub use attempt::{Attempt, AttemptRandom, AuthorizeMode, STATE_RANDOM_BYTES};
pub use callback::{check_callback, parse_callback, AuthorizationCode, Callback, CallbackError, CallbackRefusal, MAX_CALLBACK_BYTES};
pub use device::{device_authorization_request, poll_outcome, read_device_authorization, DeviceAuthorization, PollOutcome, DEFAULT_INTERVAL_SECONDS, SLOW_DOWN_SECONDS};
pub use error::AuthorizeError;
pub use jar::{request_object, UnsignedRequestObject, REQUEST_OBJECT_LIFETIME_SECONDS, REQUEST_OBJECT_TYP};
pub use par::{par_request, read_par_answer, ParAnswer, PushedBody};
pub use params::{authorization_params, authorization_url, AuthorizationParams, FrontChannel, AUTHZ_PARAMS, AUTHZ_SHARED, MAX_EXTRA_BYTES, RESERVED_PARAMS};
pub use pkce::{code_challenge, CodeVerifier, PkceMethod, VERIFIER_RANDOM_BYTES};
pub use reply::{ReplyError, MAX_REPLY_BYTES};
#[cfg(feature = "variants")]
pub use callback::{CallbackErrorDiscriminants, CallbackRefusalDiscriminants};
#[cfg(feature = "variants")]
pub use error::AuthorizeErrorDiscriminants;
#[cfg(feature = "variants")]
pub use reply::ReplyErrorDiscriminants;

use std::collections::BTreeMap;

/// What the authorization request is built from: the effective setup's part of it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuthorizeSettings {
    pub authorization_endpoint: String,
    pub par_endpoint: String,
    pub client_id: String,
    pub redirect_uri: String,
    /// The issuer: `aud` of a request object, and what a callback's `iss` must equal.
    pub issuer: String,
    /// The mode in effect: the chosen one, or PAR when the server requires it.
    pub mode: AuthorizeMode,
    /// Why [`AuthorizeSettings::mode`] is not the chosen mode; `None` when it is.
    pub mode_reason: Option<ModeReason>,
    pub pkce: PkceMethod,
    /// The server announces `authorization_response_iss_parameter_supported` (RFC 9207 §3):
    /// a callback without `iss` is then refused.
    pub iss_required: bool,
    /// The values of [`AUTHZ_PARAMS`], by wire name.
    pub params: BTreeMap<String, String>,
    /// Further parameters, one `name=value` per line.
    pub extra: String,
}

/// Why the mode in effect differs from the one chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "variants", derive(strum::EnumIter))]
pub enum ModeReason {
    /// The server's metadata says `require_pushed_authorization_requests: true`.
    ServerRequiresPar,
}

impl std::fmt::Display for ModeReason {
    // Not inlined into every `&T` and field formatter: one body per type keeps the page small.
    #[inline(never)]
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ModeReason::ServerRequiresPar => {
                f.write_str("The server's metadata says \"require_pushed_authorization_requests\": pkjwt uses PAR.")
            }
        }
    }
}

impl AuthorizeSettings {
    /// The mode to use for `chosen` when the server does (or does not) require PAR, and why
    /// it differs.
    pub fn effective_mode(chosen: AuthorizeMode, server_requires_par: bool) -> (AuthorizeMode, Option<ModeReason>) {
        if server_requires_par && !chosen.uses_par() {
            (chosen.with_par(), Some(ModeReason::ServerRequiresPar))
        } else {
            (chosen, None)
        }
    }
}

#[cfg(test)]
mod tests;
