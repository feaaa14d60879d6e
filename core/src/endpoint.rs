//! Checking an endpoint URL a user typed, and taking it apart for the raw HTTP view.
//!
//! Not a URL parser: the browser's URL parser and curl do the real parsing. This only refuses
//! what would certainly fail or mislead (no scheme, spaces, a fragment, credentials, an
//! unreplaced `{placeholder}`) with a sentence that says so. The `url` crate would add its
//! IDNA tables (~200 KB of WebAssembly) for no user-visible gain.

/// Why a URL is refused, in words for the page.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(feature = "variants", derive(strum::EnumDiscriminants), strum_discriminants(derive(strum::EnumIter)))]
pub enum EndpointError {
    #[error("The endpoint URL is empty.")]
    Missing,
    #[error("The endpoint URL {0}.")]
    Invalid(UrlProblem),
    #[error("The endpoint URL still contains the placeholder {placeholder}: replace it with your value.")]
    Placeholder { placeholder: String },
}

impl EndpointError {
    /// A stable identifier, independent of the wording.
    pub fn code(&self) -> &'static str {
        match self {
            EndpointError::Missing => "REQUEST_ENDPOINT_MISSING",
            EndpointError::Invalid(_) => "REQUEST_ENDPOINT_INVALID",
            EndpointError::Placeholder { .. } => "REQUEST_ENDPOINT_PLACEHOLDER",
        }
    }
}

/// What is wrong with a URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "variants", derive(strum::EnumDiscriminants), strum_discriminants(derive(strum::EnumIter)))]
pub enum UrlProblem {
    TooLong { length: usize, max: usize },
    /// Whitespace or a control character.
    Character(char),
    Scheme,
    NoHost,
    Credentials,
    Fragment,
}

impl std::fmt::Display for UrlProblem {
    // Not inlined into every `&T` and field formatter: one body per type keeps the page small.
    #[inline(never)]
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UrlProblem::TooLong { length, max } => write!(f, "is {length} characters long; pkjwt accepts at most {max}"),
            UrlProblem::Character(' ') => f.write_str("contains a space; remove it (or percent-encode it)"),
            UrlProblem::Character(c) => write!(f, "contains the character U+{:04X}; remove it (or percent-encode it)", *c as u32),
            UrlProblem::Scheme => f.write_str("must start with https:// (or http:// for a server on this machine)"),
            UrlProblem::NoHost => f.write_str("has no host name"),
            UrlProblem::Credentials => f.write_str("contains a user name or password; client credentials belong in the request, not the URL"),
            UrlProblem::Fragment => f.write_str("contains a fragment (#…), which a token endpoint may not have (RFC 6749 §3.2)"),
        }
    }
}

/// The longest endpoint URL, in characters.
pub const MAX_URL_LENGTH: usize = 2048;

/// A checked absolute http(s) URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    url: String,
    scheme_len: usize,
    authority_end: usize,
}

impl Endpoint {
    /// A token, introspection or revocation endpoint (no fragment, RFC 6749 §3.2).
    pub fn parse(text: &str) -> Result<Endpoint, EndpointError> {
        Endpoint::parse_url(text, false)
    }

    /// Any other http(s) URL pkjwt puts in a command or a header (an API to call, a `jku`):
    /// the same checks, but a fragment is allowed (curl drops it; a JWK Set URL may have one).
    pub fn parse_resource(text: &str) -> Result<Endpoint, EndpointError> {
        Endpoint::parse_url(text, true)
    }

    fn parse_url(text: &str, fragment_allowed: bool) -> Result<Endpoint, EndpointError> {
        let url = text.trim();
        let invalid = EndpointError::Invalid;
        if url.is_empty() {
            return Err(EndpointError::Missing);
        }
        // The limit counts characters, as the message does (bytes would overstate non-ASCII).
        let length = if url.len() > MAX_URL_LENGTH { url.chars().count() } else { url.len() };
        if length > MAX_URL_LENGTH {
            return Err(invalid(UrlProblem::TooLong { length, max: MAX_URL_LENGTH }));
        }
        if let Some(start) = url.find('{') {
            let placeholder = match url[start..].find('}') {
                Some(end) => &url[start..start + end + 1],
                None => &url[start..],
            };
            return Err(EndpointError::Placeholder { placeholder: crate::text::printable(placeholder) });
        }
        if let Some(bad) = url.chars().find(|c| c.is_whitespace() || c.is_control()) {
            return Err(invalid(UrlProblem::Character(bad)));
        }
        let lower = url.to_ascii_lowercase();
        let scheme_len = if lower.starts_with("https://") {
            8
        } else if lower.starts_with("http://") {
            7
        } else {
            return Err(invalid(UrlProblem::Scheme));
        };
        let rest = &url[scheme_len..];
        let authority_len = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let authority = &rest[..authority_len];
        if authority.is_empty() {
            return Err(invalid(UrlProblem::NoHost));
        }
        if authority.contains('@') {
            return Err(invalid(UrlProblem::Credentials));
        }
        if url.contains('#') && !fragment_allowed {
            return Err(invalid(UrlProblem::Fragment));
        }
        Ok(Endpoint { url: url.to_owned(), scheme_len, authority_end: scheme_len + authority_len })
    }

    pub fn as_str(&self) -> &str {
        &self.url
    }

    /// `host[:port]`, for the `Host` header.
    pub fn authority(&self) -> &str {
        &self.url[self.scheme_len..self.authority_end]
    }

    /// Path and query, `/` when empty, for the request line.
    pub fn path_and_query(&self) -> &str {
        match &self.url[self.authority_end..] {
            "" => "/",
            rest => rest,
        }
    }

    pub fn is_https(&self) -> bool {
        self.scheme_len == 8
    }

    /// The URL's origin (`https://host:port`), for CORS explanations.
    pub fn origin(&self) -> &str {
        &self.url[..self.authority_end]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_a_token_endpoint() {
        let endpoint = Endpoint::parse(" https://auth.example:8443/op/v1/token?x=1 ");
        assert_eq!(endpoint.as_ref().map(Endpoint::authority), Ok("auth.example:8443"));
        assert_eq!(endpoint.as_ref().map(Endpoint::path_and_query), Ok("/op/v1/token?x=1"));
        assert_eq!(Endpoint::parse("http://127.0.0.1:3000").map(|e| e.path_and_query().to_owned()), Ok("/".into()));
    }

    #[test]
    fn refuses_what_would_mislead() {
        let code = |url: &str| Endpoint::parse(url).err().map(|e| e.code());
        assert_eq!(code(""), Some("REQUEST_ENDPOINT_MISSING"));
        assert_eq!(code("https://{domain}/oauth2/v1/token"), Some("REQUEST_ENDPOINT_PLACEHOLDER"));
        assert_eq!(code("ftp://x/token"), Some("REQUEST_ENDPOINT_INVALID"));
        assert_eq!(code("https://a b/token"), Some("REQUEST_ENDPOINT_INVALID"));
        assert_eq!(code("https:///token"), Some("REQUEST_ENDPOINT_INVALID"));
        assert_eq!(code("https://user:pw@host/token"), Some("REQUEST_ENDPOINT_INVALID"));
        assert_eq!(code("https://host/token#frag"), Some("REQUEST_ENDPOINT_INVALID"));
        assert_eq!(code(&format!("https://h/{}", "a".repeat(3000))), Some("REQUEST_ENDPOINT_INVALID"));
        // Other URLs (an API, a jku) may have a fragment; every other rule holds.
        assert_eq!(Endpoint::parse_resource("https://host/api#part").map(|e| e.as_str().to_owned()), Ok("https://host/api#part".into()));
        for url in ["javascript:alert(1)", "data:text/html,x", "https://user:pw@host/api", "https://{tenant}/api", "https://host/a b"] {
            assert!(Endpoint::parse_resource(url).is_err(), "{url}");
        }
    }
}
