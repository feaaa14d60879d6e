//! Why a proof cannot be made or read, in words for the page.
use crate::jwa::Alg;
use crate::jws::JwsDecodeError;
use crate::material::KeyDescription;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(feature = "variants", derive(strum::EnumDiscriminants), strum_discriminants(derive(strum::EnumIter)))]
pub enum DpopError {
    #[error("The DPoP key is {key}; it cannot sign {alg}. Choose another DPoP algorithm or make a new DPoP key.")]
    AlgNotForKey { alg: Alg, key: KeyDescription },
    #[error("The server's \"DPoP-Nonce\" header is empty.")]
    NonceEmpty,
    #[error("The server's \"DPoP-Nonce\" is {length} bytes long; pkjwt puts at most {limit} bytes in a proof.")]
    NonceTooLong { length: usize, limit: usize },
    #[error("The server's \"DPoP-Nonce\" contains {character:?}, which a nonce may not (RFC 9449 §8.1: visible ASCII except '\"' and '\\\\').")]
    NonceCharacter { character: char },
    #[error("The DPoP proof cannot be read: {0}.")]
    Decode(JwsDecodeError),
    #[error("The DPoP proof's payload is not a JSON object.")]
    ClaimsNotObject,
}

impl DpopError {
    /// A stable identifier, independent of the wording.
    pub fn code(&self) -> &'static str {
        match self {
            DpopError::AlgNotForKey { .. } => "DPOP_ALG_NOT_FOR_KEY",
            DpopError::NonceEmpty => "DPOP_NONCE_EMPTY",
            DpopError::NonceTooLong { .. } => "DPOP_NONCE_TOO_LONG",
            DpopError::NonceCharacter { .. } => "DPOP_NONCE_CHARACTER",
            DpopError::Decode(_) => "DPOP_DECODE",
            DpopError::ClaimsNotObject => "DPOP_CLAIMS_NOT_OBJECT",
        }
    }
}
