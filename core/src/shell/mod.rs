//! Rendering a [`TokenRequest`](crate::request::TokenRequest) as something a person runs:
//! a POSIX-shell curl command, a Windows PowerShell command, or the raw HTTP request.
//!
//! Quoting is the security boundary here: nothing a user types may run as a command.
//! POSIX quoting is `shlex`'s; PowerShell has no maintained quoting crate, so its (small,
//! single-quote) rule is ours and documented in ARCHITECTURE.md.
mod http;
mod posix;
mod powershell;

pub use http::render_http;
pub use posix::{bearer_curl_argv, curl_argv, posix_quote, render_bearer_curl, render_curl, render_words, ShellError, Word};
pub use powershell::{powershell_quote, render_powershell};
