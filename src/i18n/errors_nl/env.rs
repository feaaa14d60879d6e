use super::nl;
use pkjwt_core::share::EnvError;

pub fn env_error_nl(error: &EnvError) -> String {
    if error.line == 0 {
        format!(".env-bestand: {}", nl(&error.reason))
    } else {
        format!(".env-regel {}: {}", error.line, nl(&error.reason))
    }
}
