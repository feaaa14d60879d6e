//! Dutch for why a registration body cannot be written.
// The registration panel words this once the ui offers the mTLS methods there (issue 12).
#![allow(dead_code)]
use pkjwt_core::register::RegisterError;

pub fn register_error_nl(error: &RegisterError) -> String {
    match error {
        RegisterError::CertificateNeeded { auth } => {
            format!("{auth} registreert het certificaat van de sleutel: maak er eerst een in het sleutelpaneel.")
        }
    }
}
