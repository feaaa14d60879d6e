use super::material::material_error_nl;
use super::nl;
use pkjwt_core::der::DerError;

pub fn der_error_nl(error: &DerError) -> String {
    match error {
        DerError::Material(error) => material_error_nl(error),
        DerError::Invalid { structure, reason } => format!("{} kan niet gelezen worden: {}.", nl(structure), nl(reason)),
        DerError::ExplicitCurve => "De EC-sleutel schrijft zijn curveparameters voluit in plaats van de curve bij naam te noemen; pkjwt leest enkel benoemde curves (P-256, P-384, P-521). Herschrijf hem met `openssl ec -in key.pem -param_enc named_curve -out named.pem`.".into(),
        DerError::UnsupportedAlgorithm { oid, name } => format!(
            "Het sleutelalgoritme {} (OID {oid}) wordt niet ondersteund: gebruik RSA, EC P-256/P-384/P-521 of Ed25519.",
            nl(name)
        ),
        DerError::Encoding { what, reason } => format!("{} kon niet gecodeerd worden: {}.", nl(what), nl(reason)),
    }
}
