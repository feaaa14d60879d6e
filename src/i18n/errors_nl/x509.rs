use super::der::der_error_nl;
use super::material::material_error_nl;
use super::nl;
use pkjwt_core::x509::CertificateError;

pub fn certificate_error_nl(error: &CertificateError) -> String {
    match error {
        CertificateError::Material(error) => material_error_nl(error),
        CertificateError::Der(error) => der_error_nl(error),
        CertificateError::Input { reason } => format!("Certificaat: {}.", nl(reason)),
        CertificateError::Encoding { what, reason } => format!("{} kon niet gecodeerd worden: {}.", nl(what), nl(reason)),
    }
}
