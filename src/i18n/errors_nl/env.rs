//! Dutch for `.env` errors.
use pkjwt_core::share::{EnvError, EnvProblem, MAX_SHARED_BYTES};

pub fn env_error_nl(error: &EnvError) -> String {
    let reason = match &error.reason {
        EnvProblem::TooLarge => format!("het bestand is groter dan {} KB; een .env-bestand telt maar een paar regels", MAX_SHARED_BYTES / 1024),
        EnvProblem::NotAnAssignment { found } => format!("verwacht werd NAAM=waarde, gevonden: {found:?}"),
        EnvProblem::SingleQuoteOpen => "een waarde tussen enkele aanhalingstekens is niet afgesloten".into(),
        EnvProblem::SingleQuoteInside => "een waarde tussen enkele aanhalingstekens bevat een aanhalingsteken zonder escape".into(),
        EnvProblem::DoubleQuoteOpen => "een waarde tussen dubbele aanhalingstekens is niet afgesloten".into(),
    };
    if error.line == 0 {
        format!(".env-bestand: {reason}")
    } else {
        format!(".env-regel {}: {reason}", error.line)
    }
}
