//! Finding PEM blocks (RFC 7468) in pasted text. Locating the boundaries is ours, so that a
//! missing or mismatched `-----END` line is reported with its label and line number; the
//! base64 body is decoded by `pem-rfc7468`.
use crate::material::{check_input_size, MaterialError};
use crate::text::LibraryDetail;
use std::fmt;

/// A PEM text that cannot be read, or DER that cannot be written as PEM.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(feature = "variants", derive(strum::EnumDiscriminants), strum_discriminants(derive(strum::EnumIter)))]
pub enum PemError {
    #[error(transparent)]
    Material(#[from] MaterialError),
    #[error("PEM block is truncated: \"{label}\" begins at line {line} but there is no -----END {label}----- line.")]
    Truncated { label: String, line: usize },
    #[error("PEM block starting at line {line} begins with \"{begin}\" but ends with \"{end}\".")]
    MismatchedLabels { line: usize, begin: String, end: String },
    #[error("PEM block \"{label}\" at line {line} is damaged: {problem}.")]
    Body { label: String, line: usize, problem: BodyProblem },
    #[error("PEM could not be encoded: {0}.")]
    Encoding(LibraryDetail),
}

/// What is wrong inside a PEM block.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "variants", derive(strum::EnumDiscriminants), strum_discriminants(derive(strum::EnumIter)))]
pub enum BodyProblem {
    EndWithoutBegin,
    /// Line `line` holds `found`, which base64 does not use.
    NotBase64 { line: usize, found: char },
    NoContent,
    /// The base64 does not decode; it has `chars` characters.
    Base64 { chars: usize },
    Library(LibraryDetail),
}

impl fmt::Display for BodyProblem {
    // Not inlined into every `&T` and field formatter: one body per type keeps the page small.
    #[inline(never)]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BodyProblem::EndWithoutBegin => f.write_str("there is an -----END line without its -----BEGIN line"),
            BodyProblem::NotBase64 { line, found } if found.is_control() => {
                write!(f, "line {line} contains the control character U+{:04X}, which is not a base64 character", *found as u32)
            }
            BodyProblem::NotBase64 { line, found } => write!(f, "line {line} contains {found:?}, which is not a base64 character"),
            BodyProblem::NoContent => f.write_str("the block has no content"),
            BodyProblem::Base64 { chars } => {
                write!(f, "its base64 content does not decode (is a part missing? {chars} base64 characters)")
            }
            BodyProblem::Library(detail) => write!(f, "{detail}"),
        }
    }
}

impl PemError {
    /// A stable identifier, independent of the wording.
    pub fn code(&self) -> &'static str {
        match self {
            PemError::Material(error) => error.code(),
            PemError::Truncated { .. } => "PEM_TRUNCATED",
            PemError::MismatchedLabels { .. } => "PEM_MISMATCHED_LABELS",
            PemError::Body { .. } => "PEM_BODY",
            PemError::Encoding { .. } => "KEY_ENCODING",
        }
    }
}

/// One decoded PEM block.
#[derive(Clone, PartialEq, Eq)]
pub struct PemBlock {
    pub label: String,
    /// 1-based line of the `-----BEGIN` boundary.
    pub line: usize,
    pub der: Vec<u8>,
    /// RFC 1421 headers such as `Proc-Type: 4,ENCRYPTED` (legacy OpenSSL encryption).
    pub encrypted_legacy: bool,
}

impl std::fmt::Debug for PemBlock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The body may be a private key: show only its shape.
        write!(f, "PemBlock({:?}, line {}, {} bytes)", self.label, self.line, self.der.len())
    }
}

impl Drop for PemBlock {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.der);
    }
}

const BEGIN: &str = "-----BEGIN ";
const END: &str = "-----END ";
const DASHES: &str = "-----";

fn boundary_label<'a>(line: &'a str, prefix: &str) -> Option<&'a str> {
    line.trim().strip_prefix(prefix)?.strip_suffix(DASHES)
}

/// Finds and decodes every PEM block in `text`, in order. Text over
/// [`MAX_INPUT_BYTES`](crate::material::MAX_INPUT_BYTES) is refused unread.
pub fn parse_blocks(text: &str) -> Result<Vec<PemBlock>, PemError> {
    check_input_size(text.len())?;
    // Labels are the user's text: error messages quote them shortened and printable.
    let shown = crate::text::printable;
    let mut blocks = Vec::new();
    let mut lines = text.lines().enumerate();
    while let Some((index, line)) = lines.next() {
        let Some(label) = boundary_label(line, BEGIN) else {
            if let Some(label) = boundary_label(line, END) {
                return Err(PemError::Body {
                    label: shown(label),
                    line: index + 1,
                    problem: BodyProblem::EndWithoutBegin,
                });
            }
            continue;
        };
        let start = index + 1;
        let mut body = String::new();
        let mut headers = Vec::new();
        let mut closed = false;
        for (inner_index, inner) in lines.by_ref() {
            if let Some(end_label) = boundary_label(inner, END) {
                if end_label != label {
                    return Err(PemError::MismatchedLabels {
                        line: start,
                        begin: shown(label),
                        end: shown(end_label),
                    });
                }
                closed = true;
                break;
            }
            if boundary_label(inner, BEGIN).is_some() {
                return Err(PemError::Truncated { label: shown(label), line: start });
            }
            let trimmed = inner.trim();
            if trimmed.contains(':') && body.is_empty() {
                headers.push(trimmed.to_owned());
                continue;
            }
            if trimmed.is_empty() {
                continue;
            }
            if let Some(bad) = trimmed.chars().find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '='))) {
                return Err(PemError::Body {
                    label: shown(label),
                    line: inner_index + 1,
                    problem: BodyProblem::NotBase64 { line: inner_index + 1, found: bad },
                });
            }
            body.push_str(trimmed);
        }
        if !closed {
            return Err(PemError::Truncated { label: shown(label), line: start });
        }
        let encrypted_legacy = headers.iter().any(|h| h.starts_with("Proc-Type") && h.contains("ENCRYPTED"));
        let der = if encrypted_legacy {
            Vec::new()
        } else {
            decode_body(label, start, &body)?
        };
        blocks.push(PemBlock { label: label.to_owned(), line: start, der, encrypted_legacy });
    }
    Ok(blocks)
}

/// Decodes the body with `pem-rfc7468` after rewrapping it at 64 columns, so that bodies
/// pasted as one long line (common in .env files and consoles) are accepted too.
fn decode_body(label: &str, line: usize, body: &str) -> Result<Vec<u8>, PemError> {
    if body.is_empty() {
        return Err(PemError::Body { label: crate::text::printable(label), line, problem: BodyProblem::NoContent });
    }
    let mut canonical = format!("{BEGIN}{label}{DASHES}\n");
    let bytes = body.as_bytes();
    for chunk in bytes.chunks(64) {
        // Every byte is ASCII (checked above), so each chunk is valid UTF-8.
        canonical.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        canonical.push('\n');
    }
    canonical.push_str(&format!("{END}{label}{DASHES}\n"));
    let result = pem_rfc7468::decode_vec(canonical.as_bytes()).map(|(_, der)| der);
    zeroize::Zeroize::zeroize(&mut canonical);
    match result {
        Ok(der) => Ok(der),
        Err(error) => Err(PemError::Body {
            label: crate::text::printable(label),
            line,
            problem: match error {
                pem_rfc7468::Error::Base64(_) => BodyProblem::Base64 { chars: body.len() },
                other => BodyProblem::Library(LibraryDetail::new(&other)),
            },
        }),
    }
}

/// Encodes DER as a PEM block with 64-column lines and LF endings.
pub fn encode(label: &str, der: &[u8]) -> Result<String, PemError> {
    pem_rfc7468::encode_string(label, pem_rfc7468::LineEnding::LF, der)
        .map_err(|error| PemError::Encoding(LibraryDetail::new(&error)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_end_is_truncated_with_label_and_line() {
        let error = parse_blocks("junk\n-----BEGIN PRIVATE KEY-----\nMIIB\n").err();
        assert_eq!(error, Some(PemError::Truncated { label: "PRIVATE KEY".into(), line: 2 }));
        assert!(error.map(|e| e.to_string()).unwrap_or_default().contains("PEM block is truncated"));
    }

    #[test]
    fn mismatched_labels_are_named() {
        let error = parse_blocks("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PUBLIC KEY-----\n").err();
        assert_eq!(error.map(|e| e.code()), Some("PEM_MISMATCHED_LABELS"));
    }

    #[test]
    fn non_base64_characters_are_located() {
        let error = parse_blocks("-----BEGIN PRIVATE KEY-----\nAA\u{1}A\n-----END PRIVATE KEY-----\n").err();
        let message = error.map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("U+0001") && message.contains("line 2"), "{message}");
    }

    #[test]
    fn long_single_line_body_is_accepted() {
        let der: Vec<u8> = (0..=255u8).collect();
        let body = <base64ct::Base64 as base64ct::Encoding>::encode_string(&der);
        let text = format!("-----BEGIN PUBLIC KEY-----\n{body}\n-----END PUBLIC KEY-----");
        let blocks = parse_blocks(&text).unwrap_or_default();
        assert_eq!(blocks.len(), 1);
        assert_eq!(blocks[0].der, der);
    }
}
