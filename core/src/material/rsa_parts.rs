//! RSA keys from their numbers, shared by the JWK and the PKCS#1 readers so both apply one
//! size rule and explain a bad key in the same words. The `rsa` crate's own constructors
//! cap public keys at 4096 bits and report problems as "invalid modulus"; pkjwt promises
//! 1024 to 8192 bits and says which number is wrong (named as the JWK member, which is
//! also how the numbers are usually discussed).
use super::{Inconsistency, MaterialError};
use crate::text::LibraryDetail;
use rsa::{BigUint, RsaPrivateKey, RsaPublicKey};

/// Smallest and largest RSA modulus pkjwt reads (generation offers 2048–4096).
pub(crate) const MIN_BITS: usize = 1024;
pub(crate) const MAX_BITS: usize = 8192;

/// Checks the size first, so a 512-bit key gets the size message rather than a math error.
pub(crate) fn public_key(n: BigUint, e: BigUint) -> Result<RsaPublicKey, MaterialError> {
    let bits = n.bits();
    if !(MIN_BITS..=MAX_BITS).contains(&bits) {
        return Err(MaterialError::RsaSize { bits });
    }
    RsaPublicKey::new_with_max_size(n, e, MAX_BITS).map_err(|error| {
        MaterialError::Inconsistent(match error {
            rsa::Error::InvalidModulus => Inconsistency::RsaModulus,
            rsa::Error::InvalidExponent => Inconsistency::RsaExponentEven,
            rsa::Error::PublicExponentTooSmall => Inconsistency::RsaExponentTooSmall,
            rsa::Error::PublicExponentTooLarge => Inconsistency::RsaExponentTooLarge,
            other => Inconsistency::RsaPublicUnusable(LibraryDetail::new(&other)),
        })
    })
}

/// A two-prime private key; `d`, `p` and `q` must agree with `n` and `e`. The CRT values are
/// recomputed from them, so a key that omits them (or has them wrong) still signs correctly.
pub(crate) fn private_key(n: BigUint, e: BigUint, d: BigUint, p: BigUint, q: BigUint) -> Result<RsaPrivateKey, MaterialError> {
    public_key(n.clone(), e.clone())?;
    if p == q {
        return Err(MaterialError::Inconsistent(Inconsistency::RsaPrimesEqual));
    }
    // `from_components` validates before it precomputes, so primes of 0 or 1 are refused
    // rather than dividing by zero.
    RsaPrivateKey::from_components(n, e, d, vec![p, q]).map_err(|error| {
        MaterialError::Inconsistent(match error {
            rsa::Error::InvalidPrime => Inconsistency::RsaPrimesTooSmall,
            rsa::Error::InvalidModulus => Inconsistency::RsaPrimesProduct,
            rsa::Error::InvalidExponent => Inconsistency::RsaPrivateExponent,
            other => Inconsistency::RsaPrivateUnusable(LibraryDetail::new(&other)),
        })
    })
}
