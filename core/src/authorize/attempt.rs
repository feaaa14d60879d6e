//! The pending attempt: what one authorization request must be checked against when the
//! browser comes back (state, nonce, PKCE verifier) and the code it gave. It lives in the
//! page's memory only; its secrets are wiped on drop and `Debug` never prints them.
use super::pkce::{CodeVerifier, PkceMethod, VERIFIER_RANDOM_BYTES};
use zeroize::{Zeroize, Zeroizing};

/// How the authorization request reaches the server. The ids are the `authorize-mode`
/// option values.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum AuthorizeMode {
    /// Every parameter in the front-channel URL.
    #[default]
    Query,
    /// RFC 9126: the parameters are POSTed first; the URL carries `client_id` + `request_uri`.
    Par,
    /// RFC 9101 by value: a signed request object in `request=`.
    Jar,
    /// RFC 9126 with a signed request object as the pushed body.
    ParJar,
}

impl AuthorizeMode {
    pub const ALL: [AuthorizeMode; 4] = [AuthorizeMode::Query, AuthorizeMode::Par, AuthorizeMode::Jar, AuthorizeMode::ParJar];

    pub fn id(self) -> &'static str {
        match self {
            AuthorizeMode::Query => "query",
            AuthorizeMode::Par => "par",
            AuthorizeMode::Jar => "jar",
            AuthorizeMode::ParJar => "par-jar",
        }
    }

    pub fn from_id(id: &str) -> Option<AuthorizeMode> {
        AuthorizeMode::ALL.into_iter().find(|mode| mode.id() == id)
    }

    /// The parameters are pushed to the PAR endpoint first.
    pub fn uses_par(self) -> bool {
        matches!(self, AuthorizeMode::Par | AuthorizeMode::ParJar)
    }

    /// The parameters travel in a signed request object.
    pub fn uses_jar(self) -> bool {
        matches!(self, AuthorizeMode::Jar | AuthorizeMode::ParJar)
    }

    /// The same mode with PAR (a server that requires PAR).
    pub fn with_par(self) -> AuthorizeMode {
        match self {
            AuthorizeMode::Query | AuthorizeMode::Par => AuthorizeMode::Par,
            AuthorizeMode::Jar | AuthorizeMode::ParJar => AuthorizeMode::ParJar,
        }
    }
}

/// Random bytes for `state` and `nonce`: 128 bits each, the least RFC 6749 §10.10 and OIDC
/// Core §15.5.2 make guessing impractical with.
pub const STATE_RANDOM_BYTES: usize = 16;

/// The caller's random bytes for one attempt (from `crypto.getRandomValues` in the page).
/// Wiped on drop.
#[derive(Clone)]
pub struct AttemptRandom {
    pub state: [u8; STATE_RANDOM_BYTES],
    pub nonce: [u8; STATE_RANDOM_BYTES],
    pub verifier: [u8; VERIFIER_RANDOM_BYTES],
}

impl Drop for AttemptRandom {
    fn drop(&mut self) {
        self.state.zeroize();
        self.nonce.zeroize();
        self.verifier.zeroize();
    }
}

impl std::fmt::Debug for AttemptRandom {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AttemptRandom(…)")
    }
}

/// One authorization request waiting for its callback.
#[derive(Clone)]
pub struct Attempt {
    state: Zeroizing<String>,
    nonce: Zeroizing<String>,
    verifier: CodeVerifier,
    pub pkce: PkceMethod,
    pub mode: AuthorizeMode,
    pub redirect_uri: String,
    pub client_id: String,
    /// The issuer the callback's `iss` must equal (RFC 9207), when known.
    pub issuer: String,
    /// The server always sends `iss` (RFC 9207 §3), so a callback without one is refused.
    pub iss_required: bool,
    /// A callback already gave this attempt's code: a second one is refused.
    pub(super) code_taken: bool,
}

impl Attempt {
    /// A fresh attempt for these settings, its secrets made from `random`.
    pub fn new(settings: &super::AuthorizeSettings, random: &AttemptRandom) -> Attempt {
        Attempt {
            state: Zeroizing::new(crate::b64::url_encode(&random.state)),
            nonce: Zeroizing::new(crate::b64::url_encode(&random.nonce)),
            verifier: CodeVerifier::from_random(&random.verifier),
            pkce: settings.pkce,
            mode: settings.mode,
            redirect_uri: settings.redirect_uri.trim().to_owned(),
            client_id: settings.client_id.trim().to_owned(),
            issuer: settings.issuer.trim().to_owned(),
            iss_required: settings.iss_required,
            code_taken: false,
        }
    }

    pub fn state(&self) -> &str {
        &self.state
    }

    pub fn nonce(&self) -> &str {
        &self.nonce
    }

    /// The verifier the token request sends as `code_verifier`; `None` without PKCE.
    pub fn code_verifier(&self) -> Option<&str> {
        (self.pkce != PkceMethod::None).then(|| self.verifier.as_str())
    }

    /// The `code_challenge` the authorization request sends; `None` without PKCE.
    pub fn code_challenge(&self) -> Option<String> {
        self.verifier.challenge(self.pkce)
    }

    /// Whether a callback already gave this attempt's code.
    pub fn code_taken(&self) -> bool {
        self.code_taken
    }
}

impl std::fmt::Debug for Attempt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Attempt")
            .field("state", &"…")
            .field("nonce", &"…")
            .field("verifier", &self.verifier)
            .field("pkce", &self.pkce)
            .field("mode", &self.mode)
            .field("redirect_uri", &self.redirect_uri)
            .field("client_id", &self.client_id)
            .field("issuer", &self.issuer)
            .field("iss_required", &self.iss_required)
            .field("code_taken", &self.code_taken)
            .finish()
    }
}
