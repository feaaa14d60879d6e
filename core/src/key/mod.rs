//! The [`Key`] the page works with (material plus `kid`, optional `alg` and certificate),
//! reading it from whatever a user pastes, and writing it out again.
pub mod certificate;
mod error;
pub mod export;
pub mod import;
pub mod set;

pub use error::{KeyError, LabelHint};
pub use set::{KeySet, KeySetError, MAX_KEYS};
#[cfg(feature = "variants")]
pub use set::KeySetErrorDiscriminants;
#[cfg(feature = "variants")]
pub use error::KeyErrorDiscriminants;
/// The material a [`Key`] holds, also here so that a user of keys needs one path.
pub use crate::material::{KeyKind, KeyMaterial, PrivateKey, PublicKey};

use crate::jwa::Alg;
use crate::x509::Certificate;

pub use crate::jwk::MAX_KID_CHARS;

/// The key the page works with: material plus the JWK parameters the user controls.
#[derive(Clone, Debug)]
pub struct Key {
    material: KeyMaterial,
    public: PublicKey,
    thumbprint: String,
    /// `kid`; `None` means "use the thumbprint".
    kid: Option<String>,
    alg: Option<Alg>,
    certificate: Option<Certificate>,
}

impl Key {
    pub fn new(material: KeyMaterial) -> Key {
        match material {
            KeyMaterial::Private(private) => {
                let public = private.public_key();
                Key::with_public(private, public)
            }
            KeyMaterial::Public(public) => Key::from_public(public),
        }
    }

    /// A public key only. Its own function, so that reading one does not bring the private
    /// keys' derivations of [`Key::new`] along.
    pub fn from_public(public: PublicKey) -> Key {
        let thumbprint = crate::jwk::thumbprint(&public);
        Key { material: KeyMaterial::Public(public.clone()), public, thumbprint, kid: None, alg: None, certificate: None }
    }

    pub fn from_private(private: PrivateKey) -> Key {
        Key::new(KeyMaterial::Private(private))
    }

    /// A private key whose public half is already known (read from the same JWK, or from the
    /// browser that made the key), so it is not derived again. The caller vouches that the two
    /// belong together: [`crate::jwk::read`] checks it for user input.
    pub(crate) fn with_public(private: PrivateKey, public: PublicKey) -> Key {
        let thumbprint = crate::jwk::thumbprint(&public);
        Key { material: KeyMaterial::Private(private), public, thumbprint, kid: None, alg: None, certificate: None }
    }

    pub fn material(&self) -> &KeyMaterial {
        &self.material
    }

    pub fn public_key(&self) -> &PublicKey {
        &self.public
    }

    /// The private key, or [`KeyError::NotPrivate`] with the sentence that explains why not.
    pub fn private_key(&self) -> Result<&PrivateKey, KeyError> {
        match &self.material {
            KeyMaterial::Private(private) => Ok(private),
            KeyMaterial::Public(_) => Err(KeyError::NotPrivate),
        }
    }

    pub fn is_private(&self) -> bool {
        matches!(self.material, KeyMaterial::Private(_))
    }

    /// RFC 7638 SHA-256 thumbprint, base64url.
    pub fn thumbprint(&self) -> &str {
        &self.thumbprint
    }

    /// The effective `kid`: the user's, else the thumbprint.
    pub fn kid(&self) -> &str {
        self.kid.as_deref().unwrap_or(&self.thumbprint)
    }

    /// Sets the `kid` (empty: the thumbprint). It goes into every JWK, JWKS and assertion
    /// header, so it must be short printable text: a paste or a hidden character is refused.
    pub fn set_kid(&mut self, kid: &str) -> Result<(), KeyError> {
        let kid = crate::jwk::check_kid(kid)?;
        self.kid = (!kid.is_empty() && kid != self.thumbprint).then(|| kid.to_owned());
        Ok(())
    }

    /// Goes back to the RFC 7638 thumbprint as `kid`.
    pub fn reset_kid(&mut self) {
        self.kid = None;
    }

    pub fn with_kid(mut self, kid: &str) -> Result<Key, KeyError> {
        self.set_kid(kid)?;
        Ok(self)
    }

    pub fn kid_is_thumbprint(&self) -> bool {
        self.kid.is_none()
    }

    /// The optional JWK `alg` member.
    pub fn alg(&self) -> Option<Alg> {
        self.alg
    }

    /// Sets the JWK `alg`; an algorithm this key cannot use is refused.
    pub fn set_alg(&mut self, alg: Option<Alg>) -> Result<(), KeyError> {
        if let Some(alg) = alg {
            crate::jwk::check_alg(alg, &self.public)?;
        }
        self.alg = alg;
        Ok(())
    }

    pub fn certificate(&self) -> Option<&Certificate> {
        self.certificate.as_ref()
    }

    /// Attaches a certificate; it must certify this key's public half.
    pub fn set_certificate(&mut self, certificate: Certificate) -> Result<(), KeyError> {
        if certificate.public_key() != &self.public {
            return Err(KeyError::CertificateMismatch);
        }
        self.certificate = Some(certificate);
        Ok(())
    }

    pub fn clear_certificate(&mut self) {
        self.certificate = None;
    }
}
