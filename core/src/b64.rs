//! Thin wrappers over `base64ct` so the rest of the crate says which alphabet it means.
use base64ct::{Base64, Base64UrlUnpadded, Encoding};

/// base64url without padding, as JOSE uses everywhere (RFC 7515 §2).
pub(crate) fn url_encode(bytes: &[u8]) -> String {
    Base64UrlUnpadded::encode_string(bytes)
}

/// Decodes base64url; tolerates trailing `=` padding, which some tools add, but not the
/// standard alphabet, so that a wrongly encoded member is reported rather than guessed at.
pub(crate) fn url_decode(text: &str) -> Result<Vec<u8>, Base64Problem> {
    if text.contains(['+', '/']) {
        return Err(Base64Problem::StandardAlphabet);
    }
    let trimmed = text.trim_end_matches('=');
    Base64UrlUnpadded::decode_vec(trimmed).map_err(|_| Base64Problem::Invalid)
}

/// Standard base64 with padding (x5c members, PEM bodies).
pub(crate) fn std_encode(bytes: &[u8]) -> String {
    Base64::encode_string(bytes)
}

pub(crate) fn std_decode(text: &str) -> Result<Vec<u8>, Base64Problem> {
    Base64::decode_vec(text).map_err(|_| Base64Problem::Invalid)
}

/// Why a base64url member does not decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base64Problem {
    StandardAlphabet,
    Invalid,
}

impl std::fmt::Display for Base64Problem {
    // Not inlined into every `&T` and field formatter: one body per type keeps the page small.
    #[inline(never)]
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Base64Problem::StandardAlphabet => {
                "uses the standard base64 alphabet ('+' or '/'); JOSE requires base64url ('-' and '_')"
            }
            Base64Problem::Invalid => "is not valid base64url",
        })
    }
}
