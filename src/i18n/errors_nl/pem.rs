use super::material::material_error_nl;
use super::nl;
use pkjwt_core::pem::PemError;

pub fn pem_error_nl(error: &PemError) -> String {
    match error {
        PemError::Material(error) => material_error_nl(error),
        PemError::Truncated { label, line } => format!(
            "Het PEM-blok is afgebroken: \"{label}\" begint op regel {line}, maar er is geen regel -----END {label}-----."
        ),
        PemError::MismatchedLabels { line, begin, end } => {
            format!("Het PEM-blok dat op regel {line} begint, opent met \"{begin}\" maar sluit met \"{end}\".")
        }
        PemError::Body { label, line, reason } => format!("PEM-blok \"{label}\" op regel {line} is beschadigd: {}.", nl(reason)),
        PemError::Encoding { reason } => format!("PEM kon niet gecodeerd worden: {}.", nl(reason)),
    }
}
