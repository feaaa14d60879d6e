//! What made a token invalid: the first check that failed, with the values it compared.
use crate::jws::JwsDecodeError;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(feature = "variants", derive(strum::EnumDiscriminants), strum_discriminants(derive(strum::EnumIter)))]
pub enum Invalid {
    #[error("it is not a readable JWT: {0}")]
    Decode(JwsDecodeError),
    #[error("its payload is not a JSON object")]
    ClaimsNotObject,
    #[error("its header names no \"alg\" pkjwt can verify (\"{alg}\")")]
    Alg { alg: String },
    #[error("the JWK Set has no key with kid \"{kid}\"")]
    NoKeyWithKid { kid: String },
    #[error("the token has no kid, and the JWK Set has {count} keys that fit {alg}: name the key with a kid")]
    KeyNotChosen { alg: String, count: usize },
    #[error("the key \"{kid}\" cannot verify {alg}")]
    KeyAlg { kid: String, alg: String },
    #[error("the signature does not verify with the issuer's key")]
    Signature,
    #[error("\"{claim}\" is missing")]
    Missing { claim: &'static str },
    #[error("\"{claim}\" has the wrong type")]
    ClaimType { claim: &'static str },
    #[error("\"iss\" is \"{got}\", not the issuer \"{expected}\"")]
    Issuer { expected: String, got: String },
    #[error("\"aud\" does not contain the client_id \"{client_id}\"")]
    Audience { client_id: String },
    #[error("\"azp\" is \"{got}\", not the client_id \"{client_id}\"")]
    AuthorizedParty { client_id: String, got: String },
    #[error("it expired: \"exp\" is {exp}, the time is {now} (leeway {leeway} s)")]
    Expired { exp: i64, now: i64, leeway: i64 },
    #[error("it is issued in the future: \"iat\" is {iat}, the time is {now} (leeway {leeway} s)")]
    IssuedInFuture { iat: i64, now: i64, leeway: i64 },
    #[error("it is not valid yet: \"nbf\" is {nbf}, the time is {now} (leeway {leeway} s)")]
    NotYetValid { nbf: i64, now: i64, leeway: i64 },
    #[error("\"nonce\" is not the nonce of this authorization request")]
    Nonce,
    #[error("\"at_hash\" does not match the access token")]
    AtHash,
    #[error("\"c_hash\" does not match the authorization code")]
    CHash,
}

impl Invalid {
    pub fn code(&self) -> &'static str {
        match self {
            Invalid::Decode(_) => "TOKEN_DECODE",
            Invalid::ClaimsNotObject => "TOKEN_CLAIMS_NOT_OBJECT",
            Invalid::Alg { .. } => "TOKEN_ALG",
            Invalid::NoKeyWithKid { .. } => "TOKEN_NO_KEY_WITH_KID",
            Invalid::KeyNotChosen { .. } => "TOKEN_KEY_NOT_CHOSEN",
            Invalid::KeyAlg { .. } => "TOKEN_KEY_ALG",
            Invalid::Signature => "TOKEN_SIGNATURE",
            Invalid::Missing { .. } => "TOKEN_CLAIM_MISSING",
            Invalid::ClaimType { .. } => "TOKEN_CLAIM_TYPE",
            Invalid::Issuer { .. } => "TOKEN_ISS",
            Invalid::Audience { .. } => "TOKEN_AUD",
            Invalid::AuthorizedParty { .. } => "TOKEN_AZP",
            Invalid::Expired { .. } => "TOKEN_EXPIRED",
            Invalid::IssuedInFuture { .. } => "TOKEN_IAT_FUTURE",
            Invalid::NotYetValid { .. } => "TOKEN_NBF",
            Invalid::Nonce => "TOKEN_NONCE",
            Invalid::AtHash => "TOKEN_AT_HASH",
            Invalid::CHash => "TOKEN_C_HASH",
        }
    }
}
