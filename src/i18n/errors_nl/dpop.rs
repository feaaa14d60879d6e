//! Dutch for DPoP: the proof and nonce errors, the proof's lint and the token binding.
// The DPoP panels (the ui's work for issue 12) call these; until they land only the tests do.
#![allow(dead_code)]
use super::material::description_nl;
use super::validate::jws_decode_error_nl;
use pkjwt_core::dpop::{BindingFinding, DpopError, ProofFinding, IAT_WINDOW_SECONDS, PROOF_TYP};

pub fn dpop_error_nl(error: &DpopError) -> String {
    match error {
        DpopError::AlgNotForKey { alg, key } => format!(
            "De DPoP-sleutel is {}; die kan geen {alg} ondertekenen. Kies een ander DPoP-algoritme of maak een nieuwe DPoP-sleutel.",
            description_nl(key)
        ),
        DpopError::NonceEmpty => "De header \"DPoP-Nonce\" van de server is leeg.".into(),
        DpopError::NonceTooLong { length, limit } => {
            format!("De \"DPoP-Nonce\" van de server is {length} bytes lang; pkjwt zet hoogstens {limit} bytes in een proof.")
        }
        DpopError::NonceCharacter { character } => format!(
            "De \"DPoP-Nonce\" van de server bevat {character:?}, en dat mag in een nonce niet (RFC 9449 §8.1: zichtbare ASCII behalve '\"' en '\\\\')."
        ),
        DpopError::Decode(error) => format!("Het DPoP-proof is onleesbaar: {}.", jws_decode_error_nl(error)),
        DpopError::ClaimsNotObject => "De payload van het DPoP-proof is geen JSON-object.".into(),
    }
}

pub fn proof_finding_nl(finding: &ProofFinding) -> String {
    match finding {
        ProofFinding::HtuHasQueryOrFragment => {
            "\"htu\" heeft een query of fragment; RFC 9449 §4.2 wil de URI zonder die delen.".into()
        }
        ProofFinding::HtuMismatch { proof, request } => format!("\"htu\" is {proof}, maar het verzoek gaat naar {request}."),
        ProofFinding::HtmMismatch { proof, request } => format!("\"htm\" is {proof}, maar het verzoek is een {request}."),
        ProofFinding::IatSkew { seconds } if *seconds > 0 => {
            format!("\"iat\" ligt {seconds} s in de toekomst; servers staan ongeveer {IAT_WINDOW_SECONDS} s toe.")
        }
        ProofFinding::IatSkew { seconds } => {
            format!("\"iat\" ligt {} s in het verleden; servers staan ongeveer {IAT_WINDOW_SECONDS} s toe.", seconds.unsigned_abs())
        }
        ProofFinding::MissingAth => {
            "Het verzoek toont een access token, maar het proof heeft geen \"ath\" (RFC 9449 §4.2).".into()
        }
        ProofFinding::AthMismatch => "\"ath\" is niet de SHA-256 van het access token dat het verzoek toont.".into(),
        ProofFinding::PrivateMembersInJwk { members } => format!(
            "De \"jwk\" in de header bevat leden van een private sleutel ({}): daar hoort alleen de publieke sleutel in.",
            members.join(", ")
        ),
        ProofFinding::MissingJwk => "De header heeft geen \"jwk\" met de publieke sleutel.".into(),
        ProofFinding::WrongTyp { found } if found.is_empty() => format!("De header heeft geen \"typ\"; een proof heeft \"{PROOF_TYP}\"."),
        ProofFinding::WrongTyp { found } => format!("\"typ\" is {found:?}; een proof heeft \"{PROOF_TYP}\"."),
        ProofFinding::SymmetricAlg { alg } => {
            format!("\"alg\" is {alg:?}; een proof moet een asymmetrisch algoritme gebruiken (RFC 9449 §4.3).")
        }
        ProofFinding::MissingClaim { name } => format!("Het proof heeft geen claim \"{name}\" (RFC 9449 §4.2)."),
    }
}

pub fn binding_finding_nl(finding: &BindingFinding) -> String {
    match finding {
        BindingFinding::TokenTypeMismatch { asked, got } => {
            format!("\"token_type\" is {got:?}; pkjwt vroeg om een {}-token.", asked.word())
        }
        BindingFinding::JktMismatch { expected, got } if got.is_empty() => {
            format!("Het token heeft geen \"cnf.jkt\": het is niet gebonden aan de DPoP-sleutel ({expected}).")
        }
        BindingFinding::JktMismatch { expected, got } => format!(
            "\"cnf.jkt\" is {got}, niet de thumbprint {expected} van de DPoP-sleutel: het token is aan een andere sleutel gebonden."
        ),
        BindingFinding::JktMatches => "\"cnf.jkt\" is de thumbprint van de DPoP-sleutel: het token is eraan gebonden.".into(),
        BindingFinding::X5tMismatch { expected, got } if got.is_empty() => {
            format!("Het token heeft geen \"cnf.x5t#S256\": het is niet gebonden aan het certificaat ({expected}).")
        }
        BindingFinding::X5tMismatch { expected, got } => format!(
            "\"cnf.x5t#S256\" is {got}, niet {expected} van het certificaat: het token is aan een ander certificaat gebonden."
        ),
        BindingFinding::X5tMatches => "\"cnf.x5t#S256\" is de hash van het certificaat: het token is eraan gebonden.".into(),
        BindingFinding::Unseen => "Het access token is ondoorzichtig: zijn binding blijkt alleen uit een introspectie-antwoord.".into(),
    }
}
