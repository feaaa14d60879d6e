//! Dutch for the core's errors and lint findings. The core words its messages in English
//! (each error's `Display`, one catalogue); this is the Dutch one: exhaustive matches over the
//! same typed values, one file per error type, so the compiler names any variant without
//! Dutch. Words that come from a library or the browser (`LibraryDetail`) are shown as they
//! are; nothing here reads English text.
mod assertion;
mod authorize;
mod der;
mod discovery;
mod dpop;
mod env;
mod flow;
mod json;
mod jwk;
mod jwks_check;
mod key;
mod key_set;
mod lint;
mod material;
mod pem;
mod register;
mod request;
mod script;
mod validate;
mod x509;
#[cfg(test)]
mod tests;

pub use assertion::assertion_error_nl;
// The authorization-code and device flows' panels (issue 11) word these; until they land
// only the translation tests call them.
#[allow(unused_imports)]
pub use authorize::{authorize_error_nl, callback_error_nl, callback_refusal_nl, mode_reason_nl, reply_error_nl};
pub use discovery::discovery_error_nl;
// The DPoP panels (issue 12) word these; until they land only the translation tests call them.
#[allow(unused_imports)]
pub use dpop::{binding_finding_nl, dpop_error_nl, proof_finding_nl};
pub use env::env_error_nl;
pub use flow::answer_error_nl;
pub use jwks_check::{jwks_check_error_nl, publication_nl};
pub use key::key_error_nl;
pub use key_set::key_set_error_nl;
pub use lint::{finding_nl, fix_label_nl, source_nl};
#[allow(unused_imports)]
pub use register::register_error_nl;
pub use request::{endpoint_error_nl, request_error_nl};
pub use script::script_error_nl;
#[allow(unused_imports)]
pub use validate::{invalid_nl, jwks_error_nl, jws_decode_error_nl};
