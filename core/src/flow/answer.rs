//! What servers answer, read into typed values that later steps use.
use crate::jws;
use serde_json::Value;

/// A typed value one step's answer gives the steps after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Slot {
    /// `access_token` of a token response.
    AccessToken,
    /// `refresh_token` of a token response.
    RefreshToken,
    /// Mijn Burgerprofiel's temporary token (`{"token": "…"}` from /auth/v1/token).
    TemporaryToken,
    /// `id_token` of a token response.
    IdToken,
    /// `request_uri` of a PAR answer.
    RequestUri,
    /// `device_code` of a device authorization answer (the polled token request's parameter).
    DeviceCode,
    /// `user_code` of a device authorization answer.
    UserCode,
    /// `verification_uri_complete` (else `verification_uri`) of a device authorization answer.
    VerificationUri,
}

impl Slot {
    pub const ALL: [Slot; 8] = [
        Slot::AccessToken,
        Slot::RefreshToken,
        Slot::TemporaryToken,
        Slot::IdToken,
        Slot::RequestUri,
        Slot::DeviceCode,
        Slot::UserCode,
        Slot::VerificationUri,
    ];

    /// What a command or URL carries until the value is known.
    pub fn stand_in(self) -> &'static str {
        match self {
            Slot::AccessToken => "ACCESS_TOKEN",
            Slot::RefreshToken => "REFRESH_TOKEN",
            Slot::TemporaryToken => "TEMPORARY_TOKEN",
            Slot::IdToken => "ID_TOKEN",
            Slot::RequestUri => "REQUEST_URI",
            Slot::DeviceCode => "DEVICE_CODE",
            Slot::UserCode => "USER_CODE",
            Slot::VerificationUri => "VERIFICATION_URI",
        }
    }
}

/// The values known so far, by slot, as given (a pasted value keeps its spaces while typed).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answers([Option<String>; Slot::ALL.len()]);

impl Answers {
    /// The value, trimmed; `None` when there is none or it is blank.
    pub fn get(&self, slot: Slot) -> Option<&str> {
        self.0[slot as usize].as_deref().map(str::trim).filter(|value| !value.is_empty())
    }

    /// The value as given, for the field that edits it.
    pub fn given(&self, slot: Slot) -> &str {
        self.0[slot as usize].as_deref().unwrap_or_default()
    }

    pub fn set(&mut self, slot: Slot, value: String) {
        self.0[slot as usize] = Some(value);
    }

    /// A step's new reply decides its slots: each of `slots` takes its value from `reply`,
    /// or has none when the reply has none.
    pub fn replace(&mut self, slots: &[Slot], reply: &Answers) {
        for slot in slots {
            self.0[*slot as usize] = reply.0[*slot as usize].clone();
        }
    }

    pub(super) fn or_stand_in(&self, slot: Slot) -> &str {
        self.get(slot).unwrap_or(slot.stand_in())
    }
}

/// The longest answer body a step reads. Token responses are a few kilobytes (a JWT access
/// token with many claims, tens); a larger body is not one.
pub const MAX_ANSWER_BYTES: usize = 1024 * 1024;

/// A reply that does not hold what the step expects.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(feature = "variants", derive(strum::EnumDiscriminants), strum_discriminants(derive(strum::EnumIter)))]
pub enum AnswerError {
    #[error("The answer is {length} bytes long; pkjwt reads at most {limit} bytes.")]
    TooLong { length: usize, limit: usize },
    #[error("The answer is not JSON.")]
    NotJson,
    #[error("The answer has no \"{member}\" string.")]
    MemberMissing { member: &'static str },
    /// A device authorization answer that is not one.
    #[error(transparent)]
    Reply(crate::authorize::ReplyError),
}

impl AnswerError {
    pub fn code(&self) -> &'static str {
        match self {
            AnswerError::TooLong { .. } => "ANSWER_TOO_LONG",
            AnswerError::NotJson => "ANSWER_NOT_JSON",
            AnswerError::MemberMissing { .. } => "ANSWER_MEMBER_MISSING",
            AnswerError::Reply(error) => error.code(),
        }
    }
}

fn json(body: &str) -> Result<Value, AnswerError> {
    if body.len() > MAX_ANSWER_BYTES {
        return Err(AnswerError::TooLong { length: body.len(), limit: MAX_ANSWER_BYTES });
    }
    serde_json::from_str(body).map_err(|_| AnswerError::NotJson)
}

/// The string member `member` of a JSON object body.
pub(super) fn string_member(body: &str, member: &'static str) -> Result<String, AnswerError> {
    json(body)?
        .get(member)
        .and_then(Value::as_str)
        .filter(|value| !value.trim().is_empty())
        .map(str::to_owned)
        .ok_or(AnswerError::MemberMissing { member })
}

/// What a token-endpoint answer contains, read leniently: any of it may be missing.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TokenAnswer {
    pub json: Option<Value>,
    pub access_token: Option<String>,
    pub refresh_token: Option<String>,
    /// OIDC Core §3.1.3.3.
    pub id_token: Option<String>,
    pub expires_in: Option<i64>,
    /// `error: error_description` of an OAuth error response.
    pub oauth_error: Option<String>,
    /// The decoded claims when the access token is a JWT.
    pub access_token_claims: Option<Value>,
    pub access_token_header: Option<Value>,
    /// The decoded (not yet validated) claims of the id_token.
    pub id_token_claims: Option<Value>,
}

impl TokenAnswer {
    /// The values later steps read: the access, refresh and id tokens.
    pub fn answers(&self) -> Answers {
        let mut answers = Answers::default();
        let tokens = [(Slot::AccessToken, &self.access_token), (Slot::RefreshToken, &self.refresh_token), (Slot::IdToken, &self.id_token)];
        for (slot, value) in tokens {
            if let Some(value) = value {
                answers.set(slot, value.clone());
            }
        }
        answers
    }

    pub fn read(body: &str) -> TokenAnswer {
        let Ok(json) = json(body) else {
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
            id_token_claims: text("id_token").and_then(|t| jws::decode(&t).ok()).map(|d| d.claims),
            id_token: text("id_token"),
            expires_in: json.get("expires_in").and_then(Value::as_i64),
            oauth_error,
            access_token_claims: decoded.as_ref().map(|d| d.claims.clone()),
            access_token_header: decoded.map(|d| Value::Object(d.header)),
            access_token,
            json: Some(json),
        }
    }
}
