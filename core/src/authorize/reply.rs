//! Reading the JSON a PAR or device authorization endpoint answers, with typed errors.
use serde_json::{Map, Value};

/// The longest answer read; PAR and device answers are a few hundred bytes.
pub const MAX_REPLY_BYTES: usize = 64 * 1024;

/// An answer that does not hold what was asked for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(feature = "variants", derive(strum::EnumDiscriminants), strum_discriminants(derive(strum::EnumIter)))]
pub enum ReplyError {
    #[error("The answer is {length} bytes long; pkjwt reads at most {limit} bytes.")]
    TooLong { length: usize, limit: usize },
    #[error("The answer (HTTP {status}) is not a JSON object.")]
    NotObject { status: u16 },
    #[error("The server refused (HTTP {status}): {error}{}", description.as_ref().map(|d| format!(": {d}")).unwrap_or_default())]
    Server { status: u16, error: String, description: Option<String> },
    #[error("The answer has no \"{member}\".")]
    MemberMissing { member: &'static str },
    #[error("The answer's \"{member}\" must be a string.")]
    NotString { member: &'static str },
    #[error("The answer's \"{member}\" must be a whole number of seconds.")]
    NotSeconds { member: &'static str },
    #[error("The answer's \"{member}\" is not an http(s) address, so pkjwt does not link to it.")]
    NotAddress { member: &'static str },
}

impl ReplyError {
    pub fn code(&self) -> &'static str {
        match self {
            ReplyError::TooLong { .. } => "REPLY_TOO_LONG",
            ReplyError::NotObject { .. } => "REPLY_NOT_OBJECT",
            ReplyError::Server { .. } => "REPLY_SERVER_ERROR",
            ReplyError::MemberMissing { .. } => "REPLY_MEMBER_MISSING",
            ReplyError::NotString { .. } => "REPLY_NOT_STRING",
            ReplyError::NotSeconds { .. } => "REPLY_NOT_SECONDS",
            ReplyError::NotAddress { .. } => "REPLY_NOT_ADDRESS",
        }
    }
}

/// A JSON object answer, or the OAuth error it carries (RFC 6749 §5.2), or why neither.
pub(super) struct Reply(Map<String, Value>);

impl Reply {
    pub(super) fn read(status: u16, body: &str) -> Result<Reply, ReplyError> {
        if body.len() > MAX_REPLY_BYTES {
            return Err(ReplyError::TooLong { length: body.len(), limit: MAX_REPLY_BYTES });
        }
        let Ok(Value::Object(map)) = crate::json::parse(body) else {
            return Err(ReplyError::NotObject { status });
        };
        let reply = Reply(map);
        if let Some(error) = reply.0.get("error").and_then(Value::as_str) {
            let description = reply.0.get("error_description").and_then(Value::as_str).map(crate::text::shorten);
            return Err(ReplyError::Server { status, error: crate::text::shorten(error), description });
        }
        if !(200..300).contains(&status) {
            return Err(ReplyError::NotObject { status });
        }
        Ok(reply)
    }

    /// A string member, `None` when absent or null.
    pub(super) fn string(&self, member: &'static str) -> Result<Option<String>, ReplyError> {
        match self.0.get(member) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(text)) => Ok(Some(text.clone())),
            Some(_) => Err(ReplyError::NotString { member }),
        }
    }

    pub(super) fn required_string(&self, member: &'static str) -> Result<String, ReplyError> {
        self.string(member)?.filter(|s| !s.trim().is_empty()).ok_or(ReplyError::MemberMissing { member })
    }

    /// A string member that is an http(s) address (the page links to it: no `javascript:`).
    pub(super) fn address(&self, member: &'static str) -> Result<Option<String>, ReplyError> {
        match self.string(member)? {
            Some(text) => crate::endpoint::Endpoint::parse_resource(&text)
                .map(|url| Some(url.as_str().to_owned()))
                .map_err(|_| ReplyError::NotAddress { member }),
            None => Ok(None),
        }
    }

    /// A number of seconds, `None` when absent or null.
    pub(super) fn seconds(&self, member: &'static str) -> Result<Option<u64>, ReplyError> {
        match self.0.get(member) {
            None | Some(Value::Null) => Ok(None),
            Some(value) => value.as_u64().map(Some).ok_or(ReplyError::NotSeconds { member }),
        }
    }
}
