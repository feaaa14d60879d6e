//! Flows: the ordered steps towards one goal. Client credentials (or any single grant) is one
//! step, the token request; Mijn Burgerprofiel is three: token exchange → temporary token →
//! open the profile. The next flows (authorization code, device) are more steps of this shape.
//!
//! A [`Step`] is a pure description. [`Step::action`] says what it does, built from the
//! flow's [`FlowChoices`] and the typed [`Answers`] of the steps before it: the setup's own token
//! request (which the caller signs at the last moment), a form POST built here, or addresses
//! to open in the browser. [`Step::read`] turns the server's answer into the typed values
//! ([`Slot`]s) that later steps read. Signing, sending and showing are the caller's.
mod answer;
mod mbp;

pub use answer::{AnswerError, Answers, Slot, TokenAnswer, MAX_ANSWER_BYTES};
#[cfg(feature = "variants")]
pub use answer::AnswerErrorDiscriminants;
pub use mbp::{retarget_acm, Environment};

use crate::request::{RequestError, TokenRequest};

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

impl Flow {
    /// The flow a provider preset follows.
    pub fn for_preset(preset_id: &str) -> &'static Flow {
        match preset_id {
            "mijn-burgerprofiel" => &MIJN_BURGERPROFIEL,
            _ => &TOKEN,
        }
    }
}

/// What a flow's steps are built from besides the answers: the choices the flow itself offers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FlowChoices {
    pub environment: Environment,
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
}

impl Step {
    /// The answers this step reads; a missing one is written as its [`Slot::stand_in`].
    pub fn reads(self) -> &'static [Slot] {
        match self {
            Step::Token => &[],
            Step::MbpTemporaryToken => &[Slot::AccessToken],
            Step::MbpOpen => &[Slot::TemporaryToken],
        }
    }

    /// The answers this step's reply gives the steps after it.
    pub fn gives(self) -> &'static [Slot] {
        match self {
            Step::Token => &[Slot::AccessToken, Slot::RefreshToken],
            Step::MbpTemporaryToken => &[Slot::TemporaryToken],
            Step::MbpOpen => &[],
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
            Step::MbpOpen => Ok(Answers::default()),
        }
    }
}

#[cfg(test)]
mod tests;
