//! Signing and verification for every JWS algorithm, synchronous.
use super::{check_alg, SignError};
use crate::jwa::Alg;
use crate::material::{KeyDescription, PrivateKey, PublicKey};
use crate::text::LibraryDetail;
use rand_core::OsRng;
use signature::{RandomizedSigner, SignatureEncoding, Signer, Verifier};

/// Signs `message` with `alg`. RSA signatures use the randomized (blinded) signer, which
/// masks the timing variation behind RUSTSEC-2023-0071.
pub fn sign(key: &PrivateKey, alg: Alg, message: &[u8]) -> Result<Vec<u8>, SignError> {
    use sha2::{Sha256, Sha384, Sha512};
    check_alg(key, alg)?;
    let crypto = |e: signature::Error| SignError::Crypto(LibraryDetail::new(&e));
    Ok(match (key, alg) {
        (PrivateKey::Rsa(k), Alg::RS256) => rsa::pkcs1v15::SigningKey::<Sha256>::new((**k).clone())
            .try_sign_with_rng(&mut OsRng, message).map_err(crypto)?.to_vec(),
        (PrivateKey::Rsa(k), Alg::RS384) => rsa::pkcs1v15::SigningKey::<Sha384>::new((**k).clone())
            .try_sign_with_rng(&mut OsRng, message).map_err(crypto)?.to_vec(),
        (PrivateKey::Rsa(k), Alg::RS512) => rsa::pkcs1v15::SigningKey::<Sha512>::new((**k).clone())
            .try_sign_with_rng(&mut OsRng, message).map_err(crypto)?.to_vec(),
        // rsa's PSS signing key uses a salt as long as the digest, as RFC 7518 §3.5 requires.
        (PrivateKey::Rsa(k), Alg::PS256) => rsa::pss::SigningKey::<Sha256>::new((**k).clone())
            .try_sign_with_rng(&mut OsRng, message).map_err(crypto)?.to_vec(),
        (PrivateKey::Rsa(k), Alg::PS384) => rsa::pss::SigningKey::<Sha384>::new((**k).clone())
            .try_sign_with_rng(&mut OsRng, message).map_err(crypto)?.to_vec(),
        (PrivateKey::Rsa(k), Alg::PS512) => rsa::pss::SigningKey::<Sha512>::new((**k).clone())
            .try_sign_with_rng(&mut OsRng, message).map_err(crypto)?.to_vec(),
        (PrivateKey::P256(k), Alg::ES256) => {
            let signature: p256::ecdsa::Signature = p256::ecdsa::SigningKey::from(k).try_sign(message).map_err(crypto)?;
            signature.to_vec()
        }
        (PrivateKey::P384(k), Alg::ES384) => {
            let signature: p384::ecdsa::Signature = p384::ecdsa::SigningKey::from(k).try_sign(message).map_err(crypto)?;
            signature.to_vec()
        }
        (PrivateKey::P521(k), Alg::ES512) => {
            let signing = p521::ecdsa::SigningKey::from_slice(&k.to_bytes()).map_err(crypto)?;
            let signature: p521::ecdsa::Signature = signing.try_sign_with_rng(&mut OsRng, message).map_err(crypto)?;
            signature.to_vec()
        }
        (PrivateKey::Ed25519(k), Alg::EdDSA) => k.try_sign(message).map_err(crypto)?.to_vec(),
        // check_alg let only the pairs above through.
        _ => return Err(SignError::AlgMismatch { alg, needs: alg.key_type(), key: key.description() }),
    })
}

/// Why a signature did not verify.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    #[error("{alg} cannot be verified with a {key} key")]
    AlgMismatch { alg: Alg, key: KeyDescription },
    #[error("the signature is malformed")]
    Malformed,
    #[error("the signature does not match")]
    Mismatch,
}

/// Verifies a JWS signature made with `alg`.
pub fn verify(key: &PublicKey, alg: Alg, message: &[u8], signature: &[u8]) -> Result<(), VerifyError> {
    use sha2::{Sha256, Sha384, Sha512};
    if !key.supports(alg) {
        return Err(VerifyError::AlgMismatch { alg, key: key.description() });
    }
    let mismatch = |_| VerifyError::Mismatch;
    match (key, alg) {
        (PublicKey::Rsa(k), Alg::RS256 | Alg::RS384 | Alg::RS512) => {
            let sig = rsa::pkcs1v15::Signature::try_from(signature).map_err(|_| VerifyError::Malformed)?;
            match alg {
                Alg::RS256 => rsa::pkcs1v15::VerifyingKey::<Sha256>::new(k.clone()).verify(message, &sig),
                Alg::RS384 => rsa::pkcs1v15::VerifyingKey::<Sha384>::new(k.clone()).verify(message, &sig),
                _ => rsa::pkcs1v15::VerifyingKey::<Sha512>::new(k.clone()).verify(message, &sig),
            }
            .map_err(mismatch)
        }
        (PublicKey::Rsa(k), Alg::PS256 | Alg::PS384 | Alg::PS512) => {
            let sig = rsa::pss::Signature::try_from(signature).map_err(|_| VerifyError::Malformed)?;
            match alg {
                Alg::PS256 => rsa::pss::VerifyingKey::<Sha256>::new(k.clone()).verify(message, &sig),
                Alg::PS384 => rsa::pss::VerifyingKey::<Sha384>::new(k.clone()).verify(message, &sig),
                _ => rsa::pss::VerifyingKey::<Sha512>::new(k.clone()).verify(message, &sig),
            }
            .map_err(mismatch)
        }
        (PublicKey::P256(k), Alg::ES256) => {
            let sig = p256::ecdsa::Signature::from_slice(signature).map_err(|_| VerifyError::Malformed)?;
            p256::ecdsa::VerifyingKey::from(k).verify(message, &sig).map_err(mismatch)
        }
        (PublicKey::P384(k), Alg::ES384) => {
            let sig = p384::ecdsa::Signature::from_slice(signature).map_err(|_| VerifyError::Malformed)?;
            p384::ecdsa::VerifyingKey::from(k).verify(message, &sig).map_err(mismatch)
        }
        (PublicKey::P521(k), Alg::ES512) => {
            let sig = p521::ecdsa::Signature::from_slice(signature).map_err(|_| VerifyError::Malformed)?;
            let point = elliptic_curve::sec1::ToEncodedPoint::to_encoded_point(k, false);
            p521::ecdsa::VerifyingKey::from_encoded_point(&point)
                .map_err(|_| VerifyError::Malformed)?
                .verify(message, &sig)
                .map_err(mismatch)
        }
        (PublicKey::Ed25519(k), Alg::EdDSA) => {
            let sig = ed25519_dalek::Signature::from_slice(signature).map_err(|_| VerifyError::Malformed)?;
            k.verify(message, &sig).map_err(mismatch)
        }
        _ => Err(VerifyError::AlgMismatch { alg, key: key.description() }),
    }
}
