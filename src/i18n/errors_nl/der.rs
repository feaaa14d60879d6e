use super::material::material_error_nl;
use pkjwt_core::der::{Algorithm, DerError, DerProblem, Encoded, Structure};

pub fn der_error_nl(error: &DerError) -> String {
    match error {
        DerError::Material(error) => material_error_nl(error),
        DerError::Invalid { structure, problem } => format!("{} kan niet gelezen worden: {}.", structure_nl(*structure), der_problem_nl(problem)),
        DerError::ExplicitCurve => "De EC-sleutel schrijft zijn curveparameters voluit in plaats van de curve bij naam te noemen; pkjwt leest enkel benoemde curves (P-256, P-384, P-521). Herschrijf hem met `openssl ec -in key.pem -param_enc named_curve -out named.pem`.".into(),
        DerError::UnsupportedAlgorithm { oid, name } => format!(
            "Het sleutelalgoritme {} (OID {oid}) wordt niet ondersteund: gebruik RSA, EC P-256/P-384/P-521 of Ed25519.",
            match name {
                Algorithm::Named(name) => name,
                Algorithm::Unknown => "onbekend",
            }
        ),
        DerError::Encoding { what, detail } => format!("{} kon niet gecodeerd worden: {detail}.", encoded_nl(*what)),
    }
}

fn structure_nl(structure: Structure) -> &'static str {
    match structure {
        Structure::EcCurveName => "De curvenaam van de EC-sleutel",
        Structure::EcCurveParameters => "De curveparameters van de EC-sleutel",
        Structure::Ed25519Pkcs8 => "De Ed25519-sleutel in PKCS#8",
        Structure::Pkcs8 => "De private PKCS#8-sleutel",
        Structure::Pkcs1Private => "De private PKCS#1-RSA-sleutel",
        Structure::Sec1 => "De private SEC1-EC-sleutel",
        Structure::EcPrivate => "De private EC-sleutel",
        Structure::Spki => "De publieke sleutel (SPKI)",
        Structure::EcPublic => "De publieke EC-sleutel",
        Structure::RsaPublic => "De publieke RSA-sleutel",
        Structure::Certificate => "Het certificaat",
        Structure::CertificatePublicKey => "De publieke sleutel van het certificaat",
        Structure::File => "Het bestand",
        Structure::PastedBase64 => "De geplakte base64-tekst",
    }
}

pub fn der_problem_nl(problem: &DerProblem) -> String {
    match problem {
        DerProblem::Incomplete { actual, expected } => format!("de inhoud stopt na {actual} van de {expected} bytes; er ontbreekt een deel"),
        DerProblem::Library { detail, at: Some(at) } => format!("{detail} (bij byte {at})"),
        DerProblem::Library { detail, at: None } => detail.to_string(),
        DerProblem::CurveExpected { found } => format!("verwacht werd een curvenaam, gevonden: {found}"),
        DerProblem::MultiPrime => {
            "de sleutel heeft meer dan twee priemgetallen; RSA-sleutels met meer dan twee priemgetallen worden niet ondersteund".into()
        }
        DerProblem::Version(version) => format!("de versie is {version}, niet 1"),
        DerProblem::NoCurveScalar(len) => {
            format!("er wordt geen curve genoemd en de scalar van {len} bytes past bij geen van P-256, P-384, P-521")
        }
        DerProblem::PublicKeyBits => "de publieke sleutel is geen geheel aantal bytes".into(),
        DerProblem::NoCurve => "er wordt geen curve genoemd".into(),
        DerProblem::Unrecognized => "dit is geen PKCS#8, SPKI, X.509-certificaat, PKCS#1 of SEC1 DER".into(),
        DerProblem::Empty => "er staat niets in".into(),
    }
}

pub fn encoded_nl(what: Encoded) -> &'static str {
    match what {
        Encoded::PublicKey => "De publieke sleutel",
        Encoded::Pkcs8 => "De private PKCS#8-sleutel",
        Encoded::Signature => "De handtekening",
        Encoded::Certificate => "Het certificaat",
        Encoded::SubjectName => "De subjectnaam",
        Encoded::SerialNumber => "Het serienummer",
        Encoded::Algorithm => "Het algoritme",
        Encoded::BasicConstraints => "basicConstraints",
        Encoded::KeyUsage => "keyUsage",
        Encoded::SubjectKeyIdentifier => "subjectKeyIdentifier",
    }
}
