//! Compact JWS (RFC 7515 §7.1): building the signing input, assembling the token, and
//! decoding tokens for display.
use crate::b64;
use crate::crypto::{self, SignError};
use crate::jwa::Alg;
use crate::material::{PrivateKey, PublicKey};
use serde_json::{Map, Value};

/// `BASE64URL(header) . BASE64URL(payload)`, the bytes a JWS signature covers.
pub fn signing_input(header: &Map<String, Value>, claims: &Map<String, Value>) -> String {
    // Serializing a Map of JSON values cannot fail.
    let header = serde_json::to_vec(header).unwrap_or_default();
    let claims = serde_json::to_vec(claims).unwrap_or_default();
    format!("{}.{}", b64::url_encode(&header), b64::url_encode(&claims))
}

/// Appends the signature to the signing input.
pub fn assemble(signing_input: &str, signature: &[u8]) -> String {
    format!("{signing_input}.{}", b64::url_encode(signature))
}

/// A JWS's header and claims, ready for the caller to sign with its engine (WebCrypto or the
/// key worker): the request object and the DPoP proof. The client assertion has its own type,
/// which also keeps its times for the page.
#[derive(Debug, Clone, PartialEq)]
pub struct UnsignedJws {
    pub alg: Alg,
    pub header: Map<String, Value>,
    pub claims: Map<String, Value>,
}

impl UnsignedJws {
    /// The bytes the signature covers.
    pub fn signing_input(&self) -> String {
        signing_input(&self.header, &self.claims)
    }

    /// The compact JWS with `signature` made over [`Self::signing_input`] (for ECDSA the raw
    /// `r || s` that WebCrypto and RustCrypto both give).
    pub fn finish(&self, signature: &[u8]) -> String {
        assemble(&self.signing_input(), signature)
    }
}

/// Signs with RustCrypto in one step.
pub fn sign(key: &PrivateKey, alg: Alg, header: &Map<String, Value>, claims: &Map<String, Value>) -> Result<String, SignError> {
    let input = signing_input(header, claims);
    let signature = crypto::sign(key, alg, input.as_bytes())?;
    Ok(assemble(&input, &signature))
}

/// A compact JWS taken apart (not verified).
#[derive(Debug, Clone, PartialEq)]
pub struct DecodedJws {
    pub header: Map<String, Value>,
    pub claims: Value,
    pub signing_input: String,
    pub signature: Vec<u8>,
}

impl DecodedJws {
    pub fn alg(&self) -> Option<Alg> {
        self.header.get("alg").and_then(Value::as_str).and_then(Alg::from_name)
    }

    /// Verifies with RustCrypto against `key` using the header's `alg`.
    pub fn verify(&self, key: &PublicKey) -> Result<(), crypto::VerifyError> {
        let alg = self.alg().ok_or(crypto::VerifyError::Malformed)?;
        crypto::verify(key, alg, self.signing_input.as_bytes(), &self.signature)
    }
}

/// The longest token [`decode`] reads. Access tokens with many groups or roles run to tens
/// of kilobytes; a response body that is not a token at all is refused before it is split.
pub const MAX_TOKEN_BYTES: usize = 256 * 1024;

/// A token that is not a readable compact JWS.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(feature = "variants", derive(strum::EnumDiscriminants), strum_discriminants(derive(strum::EnumIter)))]
pub enum JwsDecodeError {
    #[error("a JWT has three parts separated by dots; this has {0}")]
    Parts(usize),
    #[error("the {0} part is not base64url")]
    Base64(&'static str),
    #[error("the {0} part is not JSON: {1}")]
    Json(&'static str, String),
    #[error("the header is not a JSON object")]
    HeaderNotObject,
    #[error("the token is {length} bytes; pkjwt decodes tokens of at most {limit} bytes")]
    TooLarge { length: usize, limit: usize },
}

impl JwsDecodeError {
    /// A stable identifier, independent of the wording.
    pub fn code(&self) -> &'static str {
        match self {
            JwsDecodeError::Parts(_) => "JWS_PARTS",
            JwsDecodeError::Base64(_) => "JWS_BASE64",
            JwsDecodeError::Json(..) => "JWS_JSON",
            JwsDecodeError::HeaderNotObject => "JWS_HEADER_NOT_OBJECT",
            JwsDecodeError::TooLarge { .. } => "JWS_TOO_LARGE",
        }
    }
}

/// Splits and decodes a compact JWS without verifying it.
pub fn decode(token: &str) -> Result<DecodedJws, JwsDecodeError> {
    let token = token.trim();
    if token.len() > MAX_TOKEN_BYTES {
        return Err(JwsDecodeError::TooLarge { length: token.len(), limit: MAX_TOKEN_BYTES });
    }
    let mut parts = token.split('.');
    let (Some(header), Some(claims), Some(signature), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        // Counted, not collected: a string of dots costs no allocation per part.
        return Err(JwsDecodeError::Parts(token.matches('.').count() + 1));
    };
    let header_bytes = b64::url_decode(header).map_err(|_| JwsDecodeError::Base64("header"))?;
    let claims_bytes = b64::url_decode(claims).map_err(|_| JwsDecodeError::Base64("payload"))?;
    let signature_bytes = b64::url_decode(signature).map_err(|_| JwsDecodeError::Base64("signature"))?;
    let header_value: Value =
        serde_json::from_slice(&header_bytes).map_err(|e| JwsDecodeError::Json("header", e.to_string()))?;
    let Value::Object(header_map) = header_value else {
        return Err(JwsDecodeError::HeaderNotObject);
    };
    let claims_value: Value =
        serde_json::from_slice(&claims_bytes).map_err(|e| JwsDecodeError::Json("payload", e.to_string()))?;
    Ok(DecodedJws {
        header: header_map,
        claims: claims_value,
        signing_input: format!("{header}.{claims}"),
        signature: signature_bytes,
    })
}
