//! X.509 certificates: reading the ones users bring (x5c, PEM) and making self-signed ones,
//! which Entra ID, Keycloak, Auth0 and Salesforce import instead of a JWK.
mod certificate;

pub use certificate::{prepare, random_serial, self_signed, Certificate, CertificateRequest, UnsignedCertificate};

use crate::der::DerError;
use crate::material::MaterialError;

/// A certificate that cannot be read or made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CertificateError {
    #[error(transparent)]
    Material(#[from] MaterialError),
    #[error(transparent)]
    Der(#[from] DerError),
    #[error("Certificate: {reason}.")]
    Input { reason: String },
    #[error("{what} could not be encoded: {reason}.")]
    Encoding { what: &'static str, reason: String },
}

impl CertificateError {
    /// A stable identifier, independent of the wording.
    pub fn code(&self) -> &'static str {
        match self {
            CertificateError::Material(error) => error.code(),
            CertificateError::Der(error) => error.code(),
            CertificateError::Input { .. } => "CERTIFICATE_INPUT",
            CertificateError::Encoding { .. } => "KEY_ENCODING",
        }
    }
}
