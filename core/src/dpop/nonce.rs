//! Server-provided nonces (RFC 9449 §8, §9): whether an answer asks for a retry with a nonce,
//! and the nonce any answer may hand out for the next proof.
use super::DpopError;

/// The answer header that carries a nonce (RFC 9449 §8.1).
pub const DPOP_NONCE_HEADER: &str = "DPoP-Nonce";

/// The longest nonce pkjwt takes. RFC 9449 sets no limit; a server's nonce is an opaque
/// value of tens of bytes, and one over this is not put into every proof.
pub const MAX_NONCE_BYTES: usize = 1024;

/// What an answer says about nonces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NonceAsk {
    /// No retry asked for.
    NoAsk,
    /// The server asks for a proof with this nonce (`use_dpop_nonce` and a `DPoP-Nonce`
    /// header): send once more.
    Retry { nonce: String },
    /// The server asks for a nonce, but no `DPoP-Nonce` header is visible: a browser shows
    /// only the headers the server lists in `Access-Control-Expose-Headers`.
    Unreadable,
    /// The server asks, but its `DPoP-Nonce` header is not a nonce pkjwt can send.
    Malformed(DpopError),
}

impl NonceAsk {
    /// Reads an answer: a 400 with `{"error": "use_dpop_nonce"}` (token endpoint, RFC 9449
    /// §8) or a 401 with `WWW-Authenticate: DPoP error="use_dpop_nonce"` (resource, §9), or
    /// with that body: a browser shows a resource's `WWW-Authenticate` only when the server
    /// exposes it, and the body is then all the page can read. Header names are case-insensitive.
    pub fn read(status: u16, headers: &[(String, String)], body: &str) -> NonceAsk {
        let asked = match status {
            400 => body_asks(body),
            401 => header_values(headers, "WWW-Authenticate").any(challenge_asks) || body_asks(body),
            _ => false,
        };
        if !asked {
            return NonceAsk::NoAsk;
        }
        match nonce_header(headers) {
            Ok(Some(nonce)) => NonceAsk::Retry { nonce },
            Ok(None) => NonceAsk::Unreadable,
            Err(error) => NonceAsk::Malformed(error),
        }
    }
}

/// The nonce an answer hands out for the next proof, if it carries a usable one.
pub fn fresh_nonce(headers: &[(String, String)]) -> Option<String> {
    nonce_header(headers).ok().flatten()
}

/// The answer's `DPoP-Nonce` header: `None` without one, and why one cannot be used.
pub fn nonce_header(headers: &[(String, String)]) -> Result<Option<String>, DpopError> {
    header_values(headers, DPOP_NONCE_HEADER).next().map(|value| checked_nonce(value).map(str::to_owned)).transpose()
}

/// RFC 9449 §8.1: `nonce = 1*NQCHAR`, NQCHAR being %x21 / %x23-5B / %x5D-7E.
pub(super) fn checked_nonce(value: &str) -> Result<&str, DpopError> {
    let nonce = value.trim();
    if nonce.len() > MAX_NONCE_BYTES {
        return Err(DpopError::NonceTooLong { length: nonce.len(), limit: MAX_NONCE_BYTES });
    }
    if nonce.is_empty() {
        return Err(DpopError::NonceEmpty);
    }
    if let Some(character) = nonce.chars().find(|c| !matches!(*c, '\x21' | '\x23'..='\x5B' | '\x5D'..='\x7E')) {
        return Err(DpopError::NonceCharacter { character });
    }
    Ok(nonce)
}

fn header_values<'a>(headers: &'a [(String, String)], name: &'a str) -> impl Iterator<Item = &'a str> {
    headers.iter().filter(move |(n, _)| n.trim().eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str())
}

const MAX_ERROR_BODY_BYTES: usize = 64 * 1024;

fn body_asks(body: &str) -> bool {
    // An error body is a small JSON object; anything longer is no such answer and not parsed.
    if body.len() > MAX_ERROR_BODY_BYTES {
        return false;
    }
    serde_json::from_str::<serde_json::Value>(body).ok().and_then(|v| v.get("error")?.as_str().map(|e| e == "use_dpop_nonce")).unwrap_or(false)
}

/// Whether a `WWW-Authenticate` value has a DPoP challenge with `error="use_dpop_nonce"`
/// (RFC 9110 §11.6.1: the scheme is case-insensitive; the value may be quoted or a token).
fn challenge_asks(value: &str) -> bool {
    let Some(start) = dpop_challenge_start(value) else { return false };
    // The challenge's parameters end where the next scheme begins: an item that is no name=value.
    outside_quotes(&value[start..], ',').into_iter().map(str::trim).take_while(|p| p.contains('=') || p.is_empty()).any(|param| {
        let Some((name, value)) = param.split_once('=') else { return false };
        name.trim().eq_ignore_ascii_case("error") && value.trim().trim_matches('"') == "use_dpop_nonce"
    })
}

/// `text` split at each `separator` that is not inside a quoted string (a quoted
/// `error_description` may hold commas).
fn outside_quotes(text: &str, separator: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut start, mut quoted, mut escaped) = (0, false, false);
    for (at, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            _ if c == separator && !quoted => {
                parts.push(&text[start..at]);
                start = at + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// Where the parameters of a `DPoP` challenge begin in a `WWW-Authenticate` value.
fn dpop_challenge_start(value: &str) -> Option<usize> {
    let lower = value.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find("dpop") {
        let at = from + found;
        let before = lower[..at].trim_end();
        let after = &lower[at + 4..];
        if (before.is_empty() || before.ends_with(',')) && (after.is_empty() || after.starts_with(' ')) {
            return Some(at + 4);
        }
        from = at + 4;
    }
    None
}
