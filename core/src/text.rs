//! Short excerpts of user input for error messages: a sentence on the page quotes what was
//! wrong, never a whole pasted file (a 10 MB paste must not come back as a 10 MB message).

/// Words of a library or the browser inside one of our messages (serde_json's reason, a DER
/// decoder's, WebCrypto's): shown as they are, since they are not ours to translate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LibraryDetail(pub String);

impl LibraryDetail {
    /// The text of a library's error (one function for all of them, so that the page holds
    /// one copy of it).
    pub fn new(text: &dyn std::fmt::Display) -> LibraryDetail {
        LibraryDetail(text.to_string())
    }
}

impl std::fmt::Display for LibraryDetail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The most characters of a user's value an error message repeats.
pub(crate) const EXCERPT_CHARS: usize = 64;

/// The first [`EXCERPT_CHARS`] characters of `text`, with `…` when there were more. For
/// values the message prints with `{:?}`, which already escapes control characters.
pub(crate) fn shorten(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(4 * EXCERPT_CHARS + 3));
    for (index, c) in text.chars().enumerate() {
        if index == EXCERPT_CHARS {
            out.push('…');
            break;
        }
        out.push(c);
    }
    out
}

/// [`shorten`], with control and bidirectional-override characters written as `\u{…}`, for
/// values a message prints as they are (so that they cannot hide or reorder its words).
pub(crate) fn printable(text: &str) -> String {
    let mut out = String::new();
    for c in shorten(text).chars() {
        if is_hidden(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

/// Control characters and the marks that change text direction: invisible, or they reorder
/// what is shown around them.
pub(crate) fn is_hidden(c: char) -> bool {
    c.is_control() || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_values_are_cut_and_controls_escaped() {
        assert_eq!(shorten("abc"), "abc");
        assert_eq!(shorten(&"é".repeat(100)).chars().count(), EXCERPT_CHARS + 1);
        assert!(shorten(&"x".repeat(10_000)).ends_with("x…"));
        assert_eq!(printable("a\u{1b}[31m\u{202e}b"), "a\\u{1b}[31m\\u{202e}b");
    }
}
