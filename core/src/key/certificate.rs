//! A self-signed certificate for a [`Key`]: signed by the key itself, so it must be private.
use super::{Key, KeyError};
use crate::x509::{self, Certificate, CertificateRequest, UnsignedCertificate};

/// The unsigned certificate for `key`, to be signed by any engine (see [`x509::prepare`]).
pub fn prepare(key: &Key, request: &CertificateRequest, serial: [u8; 16]) -> Result<UnsignedCertificate, KeyError> {
    Ok(x509::prepare(key.private_key()?, key.public_key(), request, serial)?)
}

/// A self-signed certificate for `key`, signed with RustCrypto.
pub fn self_signed(key: &Key, request: &CertificateRequest, serial: [u8; 16]) -> Result<Certificate, KeyError> {
    Ok(x509::self_signed(key.private_key()?, key.public_key(), request, serial)?)
}
