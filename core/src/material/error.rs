//! What can be wrong with key material itself, whichever encoding it came in.
use thiserror::Error;

/// Key material pkjwt cannot use. `Display` is the sentence the page shows; [`code`] the
/// stable id tests and translations use.
///
/// [`code`]: MaterialError::code
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum MaterialError {
    #[error("The input is {actual} bytes; pkjwt reads at most {limit} bytes of key material. Paste only the key.")]
    TooLarge { actual: usize, limit: usize },
    #[error("RSA keys of {bits} bits are not supported: pkjwt reads RSA keys from 1024 to 8192 bits.")]
    RsaSize { bits: usize },
    #[error("Unsupported key: curve {curve} is not supported; use P-256, P-384, P-521 or Ed25519.")]
    UnsupportedCurve { curve: String },
    #[error("The key is not consistent: {reason}.")]
    Inconsistent { reason: String },
}

impl MaterialError {
    /// A stable identifier, independent of the wording.
    pub fn code(&self) -> &'static str {
        match self {
            MaterialError::TooLarge { .. } => "KEY_TOO_LARGE",
            MaterialError::RsaSize { .. } => "RSA_SIZE",
            MaterialError::UnsupportedCurve { .. } => "KEY_UNSUPPORTED_CURVE",
            MaterialError::Inconsistent { .. } => "KEY_INCONSISTENT",
        }
    }

    pub(crate) fn inconsistent(reason: impl Into<String>) -> Self {
        MaterialError::Inconsistent { reason: reason.into() }
    }
}
