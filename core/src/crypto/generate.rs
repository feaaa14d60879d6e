//! Key generation: the portable path, used natively and as the browser's fallback where
//! WebCrypto lacks an algorithm.
use crate::material::{KeyKind, PrivateKey};
use crate::text::LibraryDetail;

/// Key generation failed (in RustCrypto, or in the browser).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Key generation failed: {0}.")]
pub struct GenerateError(pub LibraryDetail);

impl GenerateError {
    /// A stable identifier, independent of the wording.
    pub fn code(&self) -> &'static str {
        "KEY_GENERATION"
    }
}
use rand_core::{CryptoRngCore, OsRng};

/// Generates a private key of `kind` from the operating system's (or browser's) CSPRNG.
pub fn generate(kind: KeyKind) -> Result<PrivateKey, GenerateError> {
    generate_with(kind, &mut OsRng)
}

/// Generates a private key of `kind` from `rng`.
pub fn generate_with(kind: KeyKind, rng: &mut impl CryptoRngCore) -> Result<PrivateKey, GenerateError> {
    Ok(match kind {
        KeyKind::Rsa2048 | KeyKind::Rsa3072 | KeyKind::Rsa4096 => {
            let bits = kind.rsa_bits().unwrap_or(2048);
            let key = rsa::RsaPrivateKey::new(rng, bits)
                .map_err(|e| GenerateError(LibraryDetail::new(&e)))?;
            PrivateKey::Rsa(Box::new(key))
        }
        KeyKind::P256 => PrivateKey::P256(p256::SecretKey::random(rng)),
        KeyKind::P384 => PrivateKey::P384(p384::SecretKey::random(rng)),
        KeyKind::P521 => PrivateKey::P521(p521::SecretKey::random(rng)),
        KeyKind::Ed25519 => PrivateKey::Ed25519(ed25519_dalek::SigningKey::generate(rng)),
    })
}
