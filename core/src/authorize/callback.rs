//! The redirect back from the authorization endpoint (RFC 6749 §4.1.2, RFC 9207): read from the
//! URL (or a bare query or fragment) and checked against the pending attempt.
use super::Attempt;
use zeroize::Zeroizing;

/// The longest callback read: codes are short, but a pasted URL may carry much else.
pub const MAX_CALLBACK_BYTES: usize = 64 * 1024;

/// An authorization code: single-use and short-lived, wiped on drop, never printed by `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct AuthorizationCode(Zeroizing<String>);

impl AuthorizationCode {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for AuthorizationCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AuthorizationCode(…)")
    }
}

/// What a callback carries.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Callback {
    code: Option<AuthorizationCode>,
    state: Option<Zeroizing<String>>,
    pub iss: Option<String>,
    pub error: Option<String>,
    pub error_description: Option<String>,
}

impl Callback {
    pub fn has_code(&self) -> bool {
        self.code.is_some()
    }
}

impl std::fmt::Debug for Callback {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Callback")
            .field("code", &self.code)
            .field("state", &self.state.as_ref().map(|_| "…"))
            .field("iss", &self.iss)
            .field("error", &self.error)
            .field("error_description", &self.error_description)
            .finish()
    }
}

/// A callback that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(feature = "variants", derive(strum::EnumDiscriminants), strum_discriminants(derive(strum::EnumIter)))]
pub enum CallbackError {
    #[error("The address is {length} bytes long; pkjwt reads at most {limit} bytes.")]
    TooLong { length: usize, limit: usize },
    #[error("The address has no code, state or error: paste the whole address the server redirected to.")]
    NoParameters,
    #[error("The parameter \"{name}\" appears more than once (RFC 6749 §3.1 allows it once).")]
    Duplicate { name: String },
}

impl CallbackError {
    pub fn code(&self) -> &'static str {
        match self {
            CallbackError::TooLong { .. } => "CALLBACK_TOO_LONG",
            CallbackError::NoParameters => "CALLBACK_NO_PARAMETERS",
            CallbackError::Duplicate { .. } => "CALLBACK_DUPLICATE",
        }
    }
}

/// Reads a redirected-to URL, or its bare query (`?code=…`, `code=…`) or fragment (`#code=…`,
/// for `response_mode=fragment`). Query and fragment parameters are read together.
pub fn parse_callback(text: &str) -> Result<Callback, CallbackError> {
    if text.len() > MAX_CALLBACK_BYTES {
        return Err(CallbackError::TooLong { length: text.len(), limit: MAX_CALLBACK_BYTES });
    }
    let text = text.trim();
    let (before_fragment, fragment) = text.split_once('#').unwrap_or((text, ""));
    let query = match before_fragment.split_once('?') {
        Some((_, query)) => query,
        // No `?`: a bare query, unless it is an address without one (a scheme before any `=`).
        None if before_fragment.split('=').next().is_some_and(|start| start.contains("://")) => "",
        None => before_fragment,
    };
    let mut callback = Callback::default();
    let mut any = false;
    for part in [query, fragment] {
        for (name, value) in form_urlencoded::parse(part.as_bytes()) {
            let slot: &mut Option<String> = match name.as_ref() {
                "code" => {
                    once(&name, callback.code.is_some())?;
                    callback.code = Some(AuthorizationCode(Zeroizing::new(value.into_owned())));
                    any = true;
                    continue;
                }
                "state" => {
                    once(&name, callback.state.is_some())?;
                    callback.state = Some(Zeroizing::new(value.into_owned()));
                    any = true;
                    continue;
                }
                "iss" => &mut callback.iss,
                "error" => &mut callback.error,
                "error_description" => &mut callback.error_description,
                _ => continue,
            };
            once(&name, slot.is_some())?;
            // Kept whole: `iss` is compared exactly; messages shorten what they quote.
            *slot = Some(value.into_owned());
            any = true;
        }
    }
    if !any {
        return Err(CallbackError::NoParameters);
    }
    Ok(callback)
}

/// Refuses a second value of `name` (`known`: it has one already).
fn once(name: &str, known: bool) -> Result<(), CallbackError> {
    if known {
        return Err(CallbackError::Duplicate { name: name.to_owned() });
    }
    Ok(())
}

/// Why a callback is not accepted; nothing is sent then.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(feature = "variants", derive(strum::EnumDiscriminants), strum_discriminants(derive(strum::EnumIter)))]
pub enum CallbackRefusal {
    #[error("No authorization request is waiting for an answer: start one first, then come back with its callback.")]
    NoPendingAttempt,
    #[error("The \"state\" in the callback is not the one pkjwt sent: this answer belongs to another request (or was forged), so it is not used.")]
    StateMismatch,
    #[error("The callback's \"iss\" is \"{got}\", but the issuer is \"{expected}\" (RFC 9207): the answer may come from another server, so it is not used.")]
    IssuerMismatch { expected: String, got: String },
    #[error("The callback has no \"iss\", but the server says it always sends one (RFC 9207): the answer may come from another server, so it is not used.")]
    IssuerMissing,
    #[error("The server answered \"{error}\"{}", description.as_ref().map(|d| format!(": {d}")).unwrap_or_default())]
    ServerError { error: String, description: Option<String> },
    #[error("The callback has no \"code\".")]
    NoCode,
    #[error("This attempt's code was already taken: a code is used once. Start a new authorization request.")]
    CodeUsed,
}

impl CallbackRefusal {
    pub fn code(&self) -> &'static str {
        match self {
            CallbackRefusal::NoPendingAttempt => "CALLBACK_NO_ATTEMPT",
            CallbackRefusal::StateMismatch => "CALLBACK_STATE",
            CallbackRefusal::IssuerMismatch { .. } => "CALLBACK_ISS",
            CallbackRefusal::IssuerMissing => "CALLBACK_ISS_MISSING",
            CallbackRefusal::ServerError { .. } => "CALLBACK_SERVER_ERROR",
            CallbackRefusal::NoCode => "CALLBACK_NO_CODE",
            CallbackRefusal::CodeUsed => "CALLBACK_CODE_USED",
        }
    }
}

/// Checks `callback` against the pending `attempt`, in this order: there is one, `state`
/// matches (an error answer too: one with a wrong state may be forged), `iss` matches when
/// present and the issuer is known (and is present when the server promises it), no `error`, a `code`, not taken before. The accepted code
/// is marked taken.
pub fn check_callback(attempt: Option<&mut Attempt>, callback: &Callback) -> Result<AuthorizationCode, CallbackRefusal> {
    let attempt = attempt.ok_or(CallbackRefusal::NoPendingAttempt)?;
    let state_matches = callback.state.as_ref().is_some_and(|state| constant_time_eq(state.as_bytes(), attempt.state().as_bytes()));
    if !state_matches {
        return Err(CallbackRefusal::StateMismatch);
    }
    match &callback.iss {
        Some(iss) if !attempt.issuer.is_empty() && *iss != attempt.issuer => {
            return Err(CallbackRefusal::IssuerMismatch { expected: attempt.issuer.clone(), got: crate::text::shorten(iss) });
        }
        None if attempt.iss_required => return Err(CallbackRefusal::IssuerMissing),
        _ => {}
    }
    if let Some(error) = &callback.error {
        let description = callback.error_description.as_deref().map(crate::text::shorten);
        return Err(CallbackRefusal::ServerError { error: crate::text::shorten(error), description });
    }
    let code = callback.code.clone().filter(|code| !code.as_str().is_empty()).ok_or(CallbackRefusal::NoCode)?;
    if attempt.code_taken {
        return Err(CallbackRefusal::CodeUsed);
    }
    attempt.code_taken = true;
    Ok(code)
}

/// Compares without stopping at the first difference, so timing does not reveal the state.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |diff, (x, y)| diff | (x ^ y)) == 0
}
