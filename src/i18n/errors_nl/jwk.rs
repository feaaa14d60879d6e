use super::der::der_problem_nl;
use super::json::json_kind_nl;
use super::material::{description_nl, material_error_nl, requirement_nl};
use super::x509::certificate_error_nl;
use pkjwt_core::b64::Base64Problem;
use pkjwt_core::der::DerError;
use pkjwt_core::jwk::{JwkError, MemberProblem, Needed};
use pkjwt_core::x509::CertificateError;

pub fn jwk_error_nl(error: &JwkError) -> String {
    match error {
        JwkError::Material(error) => material_error_nl(error),
        JwkError::NotObject { found } => format!("Een JWK moet een JSON-object zijn, niet {}.", json_kind_nl(*found)),
        JwkError::MissingMember { member, why } => format!("In de JWK ontbreekt het veld \"{member}\" ({}).", needed_nl(*why)),
        JwkError::InvalidMember { member, problem } => format!("Het JWK-veld \"{member}\" {}.", member_problem_nl(problem)),
        JwkError::UnsupportedKeyType { kty } => format!(
            "\"kty\" (Key Type) {kty:?} wordt niet ondersteund: gebruik een RSA-, EC- (P-256, P-384, P-521) of OKP-sleutel (Ed25519)."
        ),
        JwkError::Symmetric => "Symmetrische sleutels (\"kty\": \"oct\") kunnen geen private_key_jwt-assertie ondertekenen; dat zou client_secret_jwt zijn.".into(),
        JwkError::SetNotArray => "Het veld \"keys\" van de JWK Set moet een array van JWK's zijn.".into(),
        JwkError::SetEmpty => "De JWK Set bevat geen sleutels.".into(),
    }
}

fn needed_nl(why: Needed) -> &'static str {
    match why {
        Needed::KeyType => "het sleuteltype",
        Needed::EcCurve => "de curve van een EC-sleutel",
        Needed::EcCoordinate => "een coördinaat van het publieke EC-punt",
        Needed::OkpCurve => "de curve van een OKP-sleutel",
        Needed::Ed25519PublicKey => "de publieke Ed25519-sleutel",
        Needed::RsaModulus => "de RSA-modulus",
        Needed::RsaExponent => "de publieke RSA-exponent",
        Needed::RsaPrimes => "een private RSA-JWK heeft zijn priemgetallen nodig; pkjwt leidt ze niet af uit d",
    }
}

fn member_problem_nl(problem: &MemberProblem) -> String {
    match problem {
        MemberProblem::NotString { found } => format!("moet een string zijn, niet {}", json_kind_nl(*found)),
        MemberProblem::Empty => "is leeg".into(),
        MemberProblem::Base64(Base64Problem::StandardAlphabet) => {
            "gebruikt het standaard-base64-alfabet ('+' of '/'); JOSE vereist base64url ('-' en '_')".into()
        }
        MemberProblem::Base64(Base64Problem::Invalid) => "is geen geldige base64url".into(),
        MemberProblem::Length { expected, curve, actual } => format!("moet {expected} bytes zijn voor {curve}, maar is {actual} bytes"),
        MemberProblem::Use(value) => format!("is {value:?}; een ondertekeningssleutel moet \"use\": \"sig\" hebben of geen \"use\""),
        MemberProblem::UnknownAlg(value) => format!("is {value:?}, geen JWS-algoritme waarmee pkjwt ondertekent (RS*, PS*, ES*, EdDSA)"),
        MemberProblem::AlgNotForKey { alg, needs, key } => {
            format!("is {alg}, dat {} vraagt; deze sleutel is {}", requirement_nl(*needs), description_nl(key))
        }
        MemberProblem::KidTooLong { length, max } => format!("is {length} tekens lang; een sleutel-id heeft er hoogstens {max}"),
        MemberProblem::KidHidden(c) => format!("bevat {}, een stuur- of richtingsteken; een sleutel-id is gewone tekst", c.escape_unicode()),
        MemberProblem::X5cNotArray => "moet een array van base64-certificaten zijn".into(),
        MemberProblem::X5cEmpty => "is een lege array".into(),
        MemberProblem::X5cEntryNotString(index) => format!("heeft een element {index} dat geen string is"),
        MemberProblem::X5cEntryNotBase64(index) => {
            format!("heeft een element {index} dat geen standaard-base64 is (x5c gebruikt base64, geen base64url)")
        }
        MemberProblem::Certificate(error) => match error.as_ref() {
            CertificateError::Der(DerError::Invalid { problem, .. }) => format!("bevat geen leesbaar certificaat: {}", der_problem_nl(problem)),
            other => format!("bevat een certificaat dat pkjwt niet kan gebruiken: {}", certificate_error_nl(other).trim_end_matches('.')),
        },
        MemberProblem::CertificateForOtherKey => "bevat een certificaat voor een andere sleutel".into(),
        MemberProblem::MultiPrime => {
            "vermeldt meer dan twee priemgetallen; RSA-sleutels met meer dan twee priemgetallen worden niet ondersteund".into()
        }
        MemberProblem::ScalarNotValid(curve) => format!("is geen geldige private scalar voor {curve}"),
        MemberProblem::NotEd25519 => "is geen publieke Ed25519-sleutel".into(),
    }
}
