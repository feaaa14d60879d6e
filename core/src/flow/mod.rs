//! Flows: the ordered steps towards one goal. Client credentials (or any single grant) is one
//! step, the token request; Mijn Burgerprofiel is three: token exchange → temporary token →
//! open the profile. The next flows (authorization code, device) are more steps of this shape.
//!
//! A [`Step`] is a pure description. [`Step::action`] says what it does, built from the
//! flow's [`FlowChoices`] and the typed [`Answers`] of the steps before it: the setup's own token
//! request (which the caller signs at the last moment), a form POST built here, or addresses
//! to open in the browser. [`Step::read`] turns the server's answer into the typed values
//! ([`Slot`]s) that later steps read. Signing, sending and showing are the caller's.
//!
//! The authorization-code flow is (PAR →) authorize → token → userinfo; the device flow is
//! device start → token (polled). Their front channel and PAR need the pending attempt and a
//! signature, which the caller holds: those steps say what to do ([`Action::Par`],
//! [`Action::Authorize`], [`Action::DeviceStart`]) and `crate::authorize` builds it.
mod answer;
mod mbp;

pub use answer::{AnswerError, Answers, Slot, TokenAnswer, MAX_ANSWER_BYTES};
#[cfg(feature = "variants")]
pub use answer::AnswerErrorDiscriminants;
pub use mbp::{retarget_acm, Environment};

use crate::authorize::AuthorizeMode;
use crate::request::{ClientCertificate, Grant, RequestError, TokenRequest, TokenScheme};

/// One step of a flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Step {
    /// The token request the setup describes: grant, parameters, client authentication and,
    /// for private_key_jwt, a client assertion signed when the request is shown, copied or sent.
    Token,
    /// Mijn Burgerprofiel: the exchanged access token for a temporary token.
    MbpTemporaryToken,
    /// Mijn Burgerprofiel: the addresses that open the profile with the temporary token.
    MbpOpen,
    /// RFC 9126: the authorization request pushed to the PAR endpoint; gives `request_uri`.
    Par,
    /// The front channel: the authorization URL opened in a new window; the callback fills the
    /// token request's `code` and `code_verifier`.
    Authorize,
    /// OIDC Core §5.3: userinfo, a GET with the access token as Bearer.
    Userinfo,
    /// RFC 8628 §3.1: the device authorization request; gives the device and user codes.
    DeviceStart,
}

/// The steps towards one goal, in order.
#[derive(Debug, PartialEq, Eq)]
pub struct Flow {
    /// Stable identifier (the preset id for a provider's own flow).
    pub id: &'static str,
    pub steps: &'static [Step],
}

/// One token request: what every preset without a flow of its own does.
pub const TOKEN: Flow = Flow { id: "token", steps: &[Step::Token] };

/// Mijn Burgerprofiel SSO, after the guide "Mijn Burgerprofiel als Identity Provider".
pub const MIJN_BURGERPROFIEL: Flow =
    Flow { id: "mijn-burgerprofiel", steps: &[Step::Token, Step::MbpTemporaryToken, Step::MbpOpen] };

/// The authorization-code flow with the parameters in the front channel (modes query, jar).
pub const AUTHORIZATION_CODE: Flow = Flow { id: "authorization-code", steps: &[Step::Authorize, Step::Token, Step::Userinfo] };

/// The authorization-code flow with PAR first (modes par, par-jar).
pub const AUTHORIZATION_CODE_PAR: Flow =
    Flow { id: "authorization-code-par", steps: &[Step::Par, Step::Authorize, Step::Token, Step::Userinfo] };

/// The device authorization grant: start, then the token request polled with the device code.
pub const DEVICE: Flow = Flow { id: "device", steps: &[Step::DeviceStart, Step::Token] };

impl Flow {
    /// The flow a provider preset follows.
    pub fn for_preset(preset_id: &str) -> &'static Flow {
        match preset_id {
            "mijn-burgerprofiel" => &MIJN_BURGERPROFIEL,
            _ => &TOKEN,
        }
    }

    /// The flow of the setup: the user-delegated grants have their own (the authorization
    /// code's with PAR when `mode` pushes), any other grant follows the preset's.
    pub fn for_setup(preset_id: &str, grant: Grant, mode: AuthorizeMode) -> &'static Flow {
        match grant {
            Grant::AuthorizationCode if mode.uses_par() => &AUTHORIZATION_CODE_PAR,
            Grant::AuthorizationCode => &AUTHORIZATION_CODE,
            Grant::DeviceCode => &DEVICE,
            _ => Flow::for_preset(preset_id),
        }
    }
}

/// What a flow's steps are built from besides the answers: the choices the flow itself offers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FlowChoices {
    pub environment: Environment,
    /// Where [`Step::Userinfo`] goes (the effective setup's `userinfo_endpoint`).
    pub userinfo_endpoint: String,
    /// How [`Step::Userinfo`] presents the access token: `DPoP` when the setup sends proofs
    /// (the caller adds the proof), `Bearer` otherwise.
    pub token_scheme: TokenScheme,
    /// The certificate [`Step::Userinfo`] presents with mTLS (its tokens are bound to it).
    pub client_certificate: Option<ClientCertificate>,
}

/// What a step does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// The token request the setup describes, built and signed by the caller.
    SetupRequest,
    /// A complete form POST, or why it cannot be built from what is known (a value no form
    /// can carry).
    Post(Result<TokenRequest, RequestError>),
    /// Addresses the user opens in the browser (the front channel), one per line when shown.
    Open(Vec<String>),
    /// A complete GET with the access token (userinfo), or why it cannot be built.
    Get(Result<TokenRequest, RequestError>),
    /// The PAR POST: built by the caller with `authorize::par_request` (it signs the client
    /// assertion and, in mode par-jar, the request object).
    Par,
    /// The front channel: the caller makes an `authorize::Attempt` and opens
    /// `authorize::authorization_url` (after PAR with the answer's [`Slot::RequestUri`]).
    Authorize,
    /// The device authorization POST: built by the caller with
    /// `authorize::device_authorization_request` and its client assertion.
    DeviceStart,
}

impl Step {
    /// The answers this step reads; a missing one is written as its [`Slot::stand_in`].
    pub fn reads(self) -> &'static [Slot] {
        match self {
            Step::Token => &[],
            Step::MbpTemporaryToken => &[Slot::AccessToken],
            Step::MbpOpen => &[Slot::TemporaryToken],
            Step::Par | Step::DeviceStart => &[],
            // Read when present: without PAR the URL carries the parameters instead.
            Step::Authorize => &[],
            Step::Userinfo => &[Slot::AccessToken],
        }
    }

    /// The answers this step's reply gives the steps after it.
    pub fn gives(self) -> &'static [Slot] {
        match self {
            Step::Token => &[Slot::AccessToken, Slot::RefreshToken, Slot::IdToken],
            Step::MbpTemporaryToken => &[Slot::TemporaryToken],
            Step::MbpOpen | Step::Authorize | Step::Userinfo => &[],
            Step::Par => &[Slot::RequestUri],
            Step::DeviceStart => &[Slot::DeviceCode, Slot::UserCode, Slot::VerificationUri],
        }
    }

    /// What this step does now, from the flow's choices and the answers so far.
    pub fn action(self, choices: &FlowChoices, answers: &Answers) -> Action {
        match self {
            Step::Token => Action::SetupRequest,
            Step::MbpTemporaryToken => {
                Action::Post(mbp::temporary_token_request(choices.environment, answers.or_stand_in(Slot::AccessToken)))
            }
            Step::MbpOpen => Action::Open(mbp::profile_urls(choices.environment, answers.or_stand_in(Slot::TemporaryToken))),
            Step::Par => Action::Par,
            Step::Authorize => Action::Authorize,
            Step::DeviceStart => Action::DeviceStart,
            Step::Userinfo => {
                let request = TokenRequest::resource_get(&choices.userinfo_endpoint, answers.or_stand_in(Slot::AccessToken), choices.token_scheme);
                Action::Get(request.map(|request| TokenRequest { client_certificate: choices.client_certificate.clone(), ..request }))
            }
        }
    }

    /// The answers in a reply's body: exactly the slots of [`Step::gives`] that it holds.
    pub fn read(self, body: &str) -> Result<Answers, AnswerError> {
        match self {
            Step::Token => Ok(TokenAnswer::read(body).answers()),
            Step::MbpTemporaryToken => answer::string_member(body, "token").map(|token| {
                let mut answers = Answers::default();
                answers.set(Slot::TemporaryToken, token);
                answers
            }),
            Step::MbpOpen | Step::Authorize | Step::Userinfo => Ok(Answers::default()),
            Step::Par => answer::string_member(body, "request_uri").map(|uri| {
                let mut answers = Answers::default();
                answers.set(Slot::RequestUri, uri);
                answers
            }),
            Step::DeviceStart => {
                let device = crate::authorize::read_device_authorization(200, body).map_err(AnswerError::Reply)?;
                let mut answers = Answers::default();
                answers.set(Slot::DeviceCode, device.device_code().to_owned());
                answers.set(Slot::UserCode, device.user_code.clone());
                answers.set(Slot::VerificationUri, device.address().to_owned());
                Ok(answers)
            }
        }
    }
}

#[cfg(test)]
mod tests;
