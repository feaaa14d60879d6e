use super::der::{der_error_nl, encoded_nl};
use super::material::material_error_nl;
use pkjwt_core::x509::{CertificateError, InputProblem};

pub fn certificate_error_nl(error: &CertificateError) -> String {
    match error {
        CertificateError::Material(error) => material_error_nl(error),
        CertificateError::Der(error) => der_error_nl(error),
        CertificateError::Input(problem) => format!("Certificaat: {}.", input_nl(problem)),
        CertificateError::Encoding { what, detail } => format!("{} kon niet gecodeerd worden: {detail}.", encoded_nl(*what)),
    }
}

fn input_nl(problem: &InputProblem) -> String {
    match problem {
        InputProblem::EmptyCommonName => "de common name (CN) van het subject is leeg".into(),
        InputProblem::CommonNameTooLong { length, max } => format!("de common name telt {length} tekens; X.509 staat er hoogstens {max} toe"),
        InputProblem::CommonNameControl => "de common name bevat een stuurteken".into(),
        InputProblem::Validity { days, max } => format!("de geldigheid moet tussen 1 en {max} dagen liggen, niet {days}"),
        InputProblem::OutOfRange => {
            "de geldigheidsperiode moet tussen de jaren 1970 en 9999 liggen, want meer kan X.509 niet uitdrukken".into()
        }
    }
}
