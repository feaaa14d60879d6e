//! X.509 certificates: reading the ones users bring (x5c, PEM) and making self-signed ones,
//! which Entra ID, Keycloak, Auth0 and Salesforce import instead of a JWK.
mod certificate;

pub use certificate::{check_request, prepare, random_serial, self_signed, Certificate, CertificateRequest, UnsignedCertificate};

use crate::der::{DerError, Encoded};
use crate::material::MaterialError;
use crate::text::LibraryDetail;
use std::fmt;

/// A certificate that cannot be read or made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(feature = "variants", derive(strum::EnumDiscriminants), strum_discriminants(derive(strum::EnumIter)))]
pub enum CertificateError {
    #[error(transparent)]
    Material(#[from] MaterialError),
    #[error(transparent)]
    Der(#[from] DerError),
    #[error("Certificate: {0}.")]
    Input(InputProblem),
    #[error("{what} could not be encoded: {detail}.")]
    Encoding { what: Encoded, detail: LibraryDetail },
}

/// What is wrong with what the user asked a self-signed certificate to say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "variants", derive(strum::EnumDiscriminants), strum_discriminants(derive(strum::EnumIter)))]
pub enum InputProblem {
    EmptyCommonName,
    CommonNameTooLong { length: usize, max: usize },
    CommonNameControl,
    Validity { days: u32, max: u32 },
    OutOfRange,
}

impl fmt::Display for InputProblem {
    // Not inlined into every `&T` and field formatter: one body per type keeps the page small.
    #[inline(never)]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputProblem::EmptyCommonName => f.write_str("the subject common name (CN) is empty"),
            InputProblem::CommonNameTooLong { length, max } => write!(f, "the common name has {length} characters; X.509 allows at most {max}"),
            InputProblem::CommonNameControl => f.write_str("the common name contains a control character"),
            InputProblem::Validity { days, max } => write!(f, "validity must be between 1 and {max} days, not {days}"),
            InputProblem::OutOfRange => f.write_str("the validity period must lie between the years 1970 and 9999, which X.509 can express"),
        }
    }
}

impl CertificateError {
    /// A stable identifier, independent of the wording.
    pub fn code(&self) -> &'static str {
        match self {
            CertificateError::Material(error) => error.code(),
            CertificateError::Der(error) => error.code(),
            CertificateError::Input(_) => "CERTIFICATE_INPUT",
            CertificateError::Encoding { .. } => "KEY_ENCODING",
        }
    }
}
