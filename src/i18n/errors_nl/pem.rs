use super::material::material_error_nl;
use pkjwt_core::pem::{BodyProblem, PemError};

pub fn pem_error_nl(error: &PemError) -> String {
    match error {
        PemError::Material(error) => material_error_nl(error),
        PemError::Truncated { label, line } => format!(
            "Het PEM-blok is afgebroken: \"{label}\" begint op regel {line}, maar er is geen regel -----END {label}-----."
        ),
        PemError::MismatchedLabels { line, begin, end } => {
            format!("Het PEM-blok dat op regel {line} begint, opent met \"{begin}\" maar sluit met \"{end}\".")
        }
        PemError::Body { label, line, problem } => format!("PEM-blok \"{label}\" op regel {line} is beschadigd: {}.", body_nl(problem)),
        PemError::Encoding(detail) => format!("PEM kon niet gecodeerd worden: {detail}."),
    }
}

fn body_nl(problem: &BodyProblem) -> String {
    match problem {
        BodyProblem::EndWithoutBegin => "er staat een -----END-regel zonder bijbehorende -----BEGIN-regel".into(),
        BodyProblem::NotBase64 { line, found } if found.is_control() => {
            format!("regel {line} bevat het stuurteken U+{:04X}, en dat is geen base64-teken", *found as u32)
        }
        BodyProblem::NotBase64 { line, found } => format!("regel {line} bevat {found:?}, en dat is geen base64-teken"),
        BodyProblem::NoContent => "het blok is leeg".into(),
        BodyProblem::Base64 { chars } => {
            format!("de base64-inhoud laat zich niet decoderen (ontbreekt er een deel? {chars} base64-tekens)")
        }
        BodyProblem::Library(detail) => detail.to_string(),
    }
}
