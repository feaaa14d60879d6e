//! Reading JSON with serde_json, and saying where and what went wrong in typed values: the
//! position, whether the text is nested too deep or ends inside a value, and otherwise the
//! character where reading stopped (serde_json's own words travel along, as a library detail).
use crate::text::LibraryDetail;
use serde_json::Value;
use std::fmt;

/// serde_json's nesting limit: deeper input fails instead of exhausting the stack.
pub const MAX_DEPTH: usize = 128;

/// JSON that does not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    pub line: usize,
    pub column: usize,
    pub problem: JsonProblem,
    /// serde_json's description, without its position.
    pub library: LibraryDetail,
}

/// What is wrong, as far as pkjwt can tell without serde_json's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "variants", derive(strum::EnumDiscriminants), strum_discriminants(derive(strum::EnumIter)))]
pub enum JsonProblem {
    /// Nested more than `limit` levels deep.
    TooDeep { limit: usize },
    /// The text stops inside an unfinished value of this shape.
    EndsInside(JsonShape),
    /// Anything else; `found` is the character where reading stopped.
    Syntax { found: Option<char> },
}

/// The kind of value the text stopped in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "variants", derive(strum::EnumIter))]
pub enum JsonShape {
    Value,
    Object,
    List,
    String,
}

impl fmt::Display for JsonShape {
    // Not inlined into every `&T` and field formatter: one body per type keeps the page small.
    #[inline(never)]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            JsonShape::Value => "a value",
            JsonShape::Object => "an object",
            JsonShape::List => "a list",
            JsonShape::String => "a string",
        })
    }
}

/// What a JSON value is, for messages that name what they found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "variants", derive(strum::EnumIter))]
pub enum JsonKind {
    Null,
    Boolean,
    Number,
    String,
    Array,
    Object,
}

impl JsonKind {
    pub fn of(value: &Value) -> JsonKind {
        match value {
            Value::Null => JsonKind::Null,
            Value::Bool(_) => JsonKind::Boolean,
            Value::Number(_) => JsonKind::Number,
            Value::String(_) => JsonKind::String,
            Value::Array(_) => JsonKind::Array,
            Value::Object(_) => JsonKind::Object,
        }
    }
}

impl fmt::Display for JsonKind {
    // Not inlined into every `&T` and field formatter: one body per type keeps the page small.
    #[inline(never)]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            JsonKind::Null => "null",
            JsonKind::Boolean => "a boolean",
            JsonKind::Number => "a number",
            JsonKind::String => "a string",
            JsonKind::Array => "an array",
            JsonKind::Object => "an object",
        })
    }
}

/// Parses `text`, or says where and what is wrong.
pub fn parse(text: &str) -> Result<Value, JsonError> {
    serde_json::from_str(text).map_err(|error| {
        let full = error.to_string();
        let library = LibraryDetail(match full.rfind(" at line ") {
            Some(at) => full[..at].to_owned(),
            None => full,
        });
        let (line, column) = (error.line(), error.column());
        // serde_json reports the position just past the character it stopped at.
        let offset = offset_of(text, line, column);
        let problem = if depth_reached(&text[..offset]) >= MAX_DEPTH {
            JsonProblem::TooDeep { limit: MAX_DEPTH }
        } else if error.classify() == serde_json::error::Category::Eof {
            JsonProblem::EndsInside(open_shape(text))
        } else {
            JsonProblem::Syntax { found: text[..offset].chars().next_back() }
        };
        JsonError { line, column, problem, library }
    })
}

/// The byte offset of a 1-based line and a byte column on it, within `text`.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start = if line <= 1 { 0 } else { text.match_indices('\n').nth(line - 2).map_or(text.len(), |(at, _)| at + 1) };
    let mut offset = (start + column).min(text.len());
    while !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

/// Scans brackets outside strings: the deepest nesting, and (at the end) what is still open.
struct Scan {
    open: Vec<char>,
    deepest: usize,
    in_string: bool,
    last: Option<char>,
}

fn scan(text: &str) -> Scan {
    let mut state = Scan { open: Vec::new(), deepest: 0, in_string: false, last: None };
    let mut escaped = false;
    for c in text.chars() {
        if state.in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => state.in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => state.in_string = true,
            '{' | '[' => {
                state.open.push(c);
                state.deepest = state.deepest.max(state.open.len());
            }
            '}' | ']' => {
                state.open.pop();
            }
            _ => {}
        }
        if !c.is_whitespace() {
            state.last = Some(c);
        }
    }
    state
}

fn depth_reached(text: &str) -> usize {
    scan(text).deepest
}

/// What a text that ends too early stops in: a string, a value still to come (after `:`,
/// `,`, or inside a word such as `tru`), else the innermost open object or list.
fn open_shape(text: &str) -> JsonShape {
    let state = scan(text);
    if state.in_string {
        return JsonShape::String;
    }
    match (state.last, state.open.last()) {
        (Some(':' | ','), _) | (Some('a'..='z'), _) | (_, None) => JsonShape::Value,
        (_, Some('{')) => JsonShape::Object,
        (_, Some(_)) => JsonShape::List,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(text: &str) -> Option<JsonProblem> {
        parse(text).err().map(|e| e.problem)
    }

    #[test]
    fn a_text_that_ends_early_says_what_it_ends_in() {
        assert_eq!(problem("{\"kty\": \"EC\", \"crv\": "), Some(JsonProblem::EndsInside(JsonShape::Value)));
        assert_eq!(problem("{\"kty\": \"EC\""), Some(JsonProblem::EndsInside(JsonShape::Object)));
        assert_eq!(problem("[1, 2"), Some(JsonProblem::EndsInside(JsonShape::List)));
        assert_eq!(problem("{\"a\": \"b"), Some(JsonProblem::EndsInside(JsonShape::String)));
        assert_eq!(problem("[tru"), Some(JsonProblem::EndsInside(JsonShape::Value)));
        // serde_json agrees on the shape (its own words, kept as the library detail).
        for (text, words) in [("{\"a\": ", "a value"), ("{\"a\"", "an object"), ("[1", "a list"), ("\"ab", "a string")] {
            assert!(parse(text).err().is_some_and(|e| e.library.0.ends_with(words)), "{text}");
        }
    }

    #[test]
    fn too_deep_and_other_syntax_errors_are_told_apart() {
        assert_eq!(problem(&"[".repeat(10_000)), Some(JsonProblem::TooDeep { limit: 128 }));
        assert_eq!(problem(&format!("{}1{}", "{\"a\":".repeat(200), "}".repeat(200))), Some(JsonProblem::TooDeep { limit: 128 }));
        assert_eq!(problem(&format!("{}{}", "[".repeat(127), "]".repeat(127))), None);
        let error = parse("{\n  \"kty\": \"RSA\",\n  \"n\": oops\n}").err();
        assert_eq!(error.as_ref().map(|e| (e.line, e.column, e.problem)), Some((3, 8, JsonProblem::Syntax { found: Some('o') })));
        assert_eq!(problem("{\"a\": 1,}"), Some(JsonProblem::Syntax { found: Some('}') }));
        assert_eq!(problem("{\"é\": x}"), Some(JsonProblem::Syntax { found: Some('x') }));
    }
}
