use pkjwt_core::json::{JsonError, JsonKind, JsonProblem, JsonShape};

/// Why the JSON does not parse, from what is typed (not from serde_json's English words).
pub fn json_problem_nl(error: &JsonError) -> String {
    match error.problem {
        JsonProblem::TooDeep { limit } => format!("de tekst is meer dan {limit} niveaus diep genest"),
        JsonProblem::EndsInside(shape) => format!("de tekst stopt midden in {} (ontbreekt er een deel?)", shape_nl(shape)),
        JsonProblem::Syntax { found: Some(c) } => format!("onverwacht teken {c:?}"),
        JsonProblem::Syntax { found: None } => "ongeldige JSON".into(),
    }
}

fn shape_nl(shape: JsonShape) -> &'static str {
    match shape {
        JsonShape::Value => "een waarde",
        JsonShape::Object => "een object",
        JsonShape::List => "een lijst",
        JsonShape::String => "een string",
    }
}

pub fn json_kind_nl(kind: JsonKind) -> &'static str {
    match kind {
        JsonKind::Null => "null",
        JsonKind::Boolean => "een boolean",
        JsonKind::Number => "een getal",
        JsonKind::String => "een string",
        JsonKind::Array => "een array",
        JsonKind::Object => "een object",
    }
}
