//! A self-signed certificate for a [`Key`]: signed by the key itself, so it must be private.
use super::{Key, KeyError};
use crate::x509::{self, Certificate, CertificateRequest};

/// A self-signed certificate for `key`, signed with RustCrypto.
pub fn self_signed(key: &Key, request: &CertificateRequest, serial: [u8; 16]) -> Result<Certificate, KeyError> {
    Ok(x509::self_signed(key.private_key()?, key.public_key(), request, serial)?)
}
