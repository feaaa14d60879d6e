// The authorization-code and device flows' panels (issue 11) word these; until they land only
// the translation tests call them.
#![cfg_attr(not(test), allow(dead_code))]
use super::key::key_error_nl;
use pkjwt_core::jws::JwsDecodeError;
use pkjwt_core::validate::{Invalid, JwksError};

pub fn jwks_error_nl(error: &JwksError) -> String {
    match error {
        JwksError::TooLarge { length, limit } => format!("De JWK Set is {length} bytes; pkjwt leest er hoogstens {limit}."),
        JwksError::Unreadable(error) => format!("De JWK Set is onleesbaar: {}", key_error_nl(error)),
        JwksError::NoUsableKey(error) => {
            format!("De JWK Set bevat geen sleutel waarmee pkjwt kan verifiëren; het eerste probleem: {}", key_error_nl(error))
        }
    }
}

/// Why a token is invalid, as the rest of "ongeldig: …".
pub fn invalid_nl(invalid: &Invalid) -> String {
    match invalid {
        Invalid::Decode(error) => format!("het is geen leesbare JWT: {}", jws_decode_error_nl(error)),
        Invalid::ClaimsNotObject => "de payload is geen JSON-object".into(),
        Invalid::Alg { alg } => format!("de header noemt geen \"alg\" die pkjwt kan verifiëren (\"{alg}\")"),
        Invalid::NoKeyWithKid { kid } => format!("de JWK Set heeft geen sleutel met kid \"{kid}\""),
        Invalid::KeyNotChosen { alg, count } => format!(
            "het token heeft geen kid, en de JWK Set heeft {count} sleutels die bij {alg} passen: noem de sleutel met een kid"
        ),
        Invalid::KeyAlg { kid, alg } => format!("de sleutel \"{kid}\" kan {alg} niet verifiëren"),
        Invalid::Signature => "de handtekening klopt niet met de sleutel van de issuer".into(),
        Invalid::Missing { claim } => format!("\"{claim}\" ontbreekt"),
        Invalid::ClaimType { claim } => format!("\"{claim}\" heeft het verkeerde type"),
        Invalid::Issuer { expected, got } => format!("\"iss\" is \"{got}\", niet de issuer \"{expected}\""),
        Invalid::Audience { client_id } => format!("\"aud\" bevat de client_id \"{client_id}\" niet"),
        Invalid::AuthorizedParty { client_id, got } => format!("\"azp\" is \"{got}\", niet de client_id \"{client_id}\""),
        Invalid::Expired { exp, now, leeway } => {
            format!("het is verlopen: \"exp\" is {exp}, het is nu {now} (speling {leeway} s)")
        }
        Invalid::IssuedInFuture { iat, now, leeway } => {
            format!("het is in de toekomst uitgegeven: \"iat\" is {iat}, het is nu {now} (speling {leeway} s)")
        }
        Invalid::NotYetValid { nbf, now, leeway } => {
            format!("het is nog niet geldig: \"nbf\" is {nbf}, het is nu {now} (speling {leeway} s)")
        }
        Invalid::Nonce => "\"nonce\" is niet de nonce van dit autorisatieverzoek".into(),
        Invalid::AtHash => "\"at_hash\" past niet bij het access token".into(),
        Invalid::CHash => "\"c_hash\" past niet bij de autorisatiecode".into(),
    }
}

pub fn jws_decode_error_nl(error: &JwsDecodeError) -> String {
    match error {
        JwsDecodeError::Parts(count) => format!("een JWT heeft drie delen, gescheiden door punten; deze heeft er {count}"),
        JwsDecodeError::Base64(part) => format!("{} is geen base64url", part_nl(part)),
        // The library's words stay as they are.
        JwsDecodeError::Json(part, detail) => format!("{} is geen JSON: {detail}", part_nl(part)),
        JwsDecodeError::HeaderNotObject => "de header is geen JSON-object".into(),
        JwsDecodeError::TooLarge { length, limit } => {
            format!("het token is {length} bytes; pkjwt decodeert tokens van hoogstens {limit} bytes")
        }
    }
}

fn part_nl(part: &str) -> &'static str {
    match part {
        "header" => "de header",
        "payload" => "de payload",
        _ => "de handtekening",
    }
}
