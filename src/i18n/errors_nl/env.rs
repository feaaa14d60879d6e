//! Dutch for `.env` errors. `EnvError.reason` is still free English text (share.rs is being
//! rewritten to typed reasons), so this is the one place left that recognises the core's
//! English: it goes when `EnvError` carries a typed reason, and until then it knows only
//! share.rs's own fixed sentences and shows anything else as it is.
use pkjwt_core::share::EnvError;

pub fn env_error_nl(error: &EnvError) -> String {
    let reason = reason_nl(&error.reason);
    if error.line == 0 {
        format!(".env-bestand: {reason}")
    } else {
        format!(".env-regel {}: {reason}", error.line)
    }
}

fn reason_nl(reason: &str) -> String {
    if let Some(found) = reason.strip_prefix("expected NAME=value, found ") {
        return format!("verwacht werd NAAM=waarde, gevonden: {found}");
    }
    match reason {
        "the file is larger than 256 KB; a .env file is a few lines" => "het bestand is groter dan 256 KB; een .env-bestand telt maar een paar regels",
        "a single-quoted value is not closed" => "een waarde tussen enkele aanhalingstekens is niet afgesloten",
        "a single-quoted value contains an unescaped quote" => "een waarde tussen enkele aanhalingstekens bevat een aanhalingsteken zonder escape",
        "a double-quoted value is not closed" => "een waarde tussen dubbele aanhalingstekens is niet afgesloten",
        other => other,
    }
    .to_owned()
}
