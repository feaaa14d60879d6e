//! X.509 certificates: reading the ones users bring (x5c, PEM) and making self-signed ones,
//! which Entra ID, Keycloak, Auth0 and Salesforce import instead of a JWK.
mod certificate;

pub use certificate::{prepare, random_serial, self_signed, Certificate, CertificateRequest, UnsignedCertificate};
