//! Signing keys: what kinds pkjwt makes, the private and public halves, and the [`Key`]
//! the page works with (material plus `kid`, optional `alg` and certificate).
pub(crate) mod asn1;
mod error;
pub mod export;
pub mod import;
pub(crate) mod rsa_parts;

use std::fmt;

pub use error::KeyError;

use crate::jwa::{Alg, KeyType};
use crate::x509::Certificate;
use rsa::traits::PublicKeyParts;

/// A key type the page can generate. The ids are the `key-alg` option values of the
/// automation contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyKind {
    Rsa2048,
    Rsa3072,
    Rsa4096,
    P256,
    P384,
    P521,
    Ed25519,
}

impl KeyKind {
    pub const ALL: [KeyKind; 7] = [
        KeyKind::Rsa2048,
        KeyKind::Rsa3072,
        KeyKind::Rsa4096,
        KeyKind::P256,
        KeyKind::P384,
        KeyKind::P521,
        KeyKind::Ed25519,
    ];

    pub fn id(self) -> &'static str {
        match self {
            KeyKind::Rsa2048 => "RSA-2048",
            KeyKind::Rsa3072 => "RSA-3072",
            KeyKind::Rsa4096 => "RSA-4096",
            KeyKind::P256 => "EC-P256",
            KeyKind::P384 => "EC-P384",
            KeyKind::P521 => "EC-P521",
            KeyKind::Ed25519 => "Ed25519",
        }
    }

    pub fn from_id(id: &str) -> Option<KeyKind> {
        KeyKind::ALL.into_iter().find(|kind| kind.id() == id)
    }

    /// RSA modulus size, for RSA kinds.
    pub fn rsa_bits(self) -> Option<usize> {
        match self {
            KeyKind::Rsa2048 => Some(2048),
            KeyKind::Rsa3072 => Some(3072),
            KeyKind::Rsa4096 => Some(4096),
            _ => None,
        }
    }

    /// The JWK `crv` for EC and OKP kinds.
    pub fn curve(self) -> Option<&'static str> {
        match self {
            KeyKind::P256 => Some("P-256"),
            KeyKind::P384 => Some("P-384"),
            KeyKind::P521 => Some("P-521"),
            KeyKind::Ed25519 => Some("Ed25519"),
            _ => None,
        }
    }

    /// The type of key this kind makes, which decides its algorithms ([`crate::jwa`]).
    pub fn key_type(self) -> KeyType {
        match self {
            KeyKind::Rsa2048 | KeyKind::Rsa3072 | KeyKind::Rsa4096 => KeyType::Rsa,
            KeyKind::P256 => KeyType::P256,
            KeyKind::P384 => KeyType::P384,
            KeyKind::P521 => KeyType::P521,
            KeyKind::Ed25519 => KeyType::Ed25519,
        }
    }

    /// Whether a key of this kind can sign with `alg`.
    pub fn signs_with(self, alg: Alg) -> bool {
        self.key_type().signs(alg)
    }

    /// The kind pkjwt generates for `alg`: its curve, or RSA-2048 for RS* and PS*.
    pub fn for_alg(alg: Alg) -> KeyKind {
        KeyKind::ALL.into_iter().find(|kind| kind.signs_with(alg)).unwrap_or(KeyKind::Rsa2048)
    }

    /// The algorithm a key of this kind signs with unless the user picks another.
    pub fn default_alg(self) -> Alg {
        self.key_type().default_alg()
    }
}

/// The private half of a signing key.
#[derive(Clone)]
pub enum PrivateKey {
    Rsa(Box<rsa::RsaPrivateKey>),
    P256(p256::SecretKey),
    P384(p384::SecretKey),
    P521(p521::SecretKey),
    Ed25519(ed25519_dalek::SigningKey),
}

/// The public half of a signing key.
#[derive(Clone, PartialEq, Eq)]
pub enum PublicKey {
    Rsa(rsa::RsaPublicKey),
    P256(p256::PublicKey),
    P384(p384::PublicKey),
    P521(p521::PublicKey),
    Ed25519(ed25519_dalek::VerifyingKey),
}

// Private keys never print their members, not even in a debug log.
impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PrivateKey({}, redacted)", self.describe())
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({})", self.describe())
    }
}

impl PrivateKey {
    /// Derives the public half. For EC keys this is a scalar multiplication (milliseconds for
    /// P-521 in WebAssembly): prefer [`Key::public_key`], which holds it.
    pub fn public_key(&self) -> PublicKey {
        match self {
            PrivateKey::Rsa(key) => PublicKey::Rsa(key.to_public_key()),
            PrivateKey::P256(key) => PublicKey::P256(key.public_key()),
            PrivateKey::P384(key) => PublicKey::P384(key.public_key()),
            PrivateKey::P521(key) => PublicKey::P521(key.public_key()),
            PrivateKey::Ed25519(key) => PublicKey::Ed25519(key.verifying_key()),
        }
    }
}

impl PrivateKey {
    /// The type of this key, which decides its algorithms ([`crate::jwa`]).
    pub fn key_type(&self) -> KeyType {
        match self {
            PrivateKey::Rsa(_) => KeyType::Rsa,
            PrivateKey::P256(_) => KeyType::P256,
            PrivateKey::P384(_) => KeyType::P384,
            PrivateKey::P521(_) => KeyType::P521,
            PrivateKey::Ed25519(_) => KeyType::Ed25519,
        }
    }

    /// Whether this key can make signatures of `alg`.
    pub fn supports(&self, alg: Alg) -> bool {
        self.key_type().signs(alg)
    }

    /// "RSA 2048-bit", "EC P-256", "Ed25519", without deriving the public key.
    pub fn describe(&self) -> String {
        match self {
            PrivateKey::Rsa(key) => format!("RSA {}-bit", key.size() * 8),
            PrivateKey::P256(_) => "EC P-256".into(),
            PrivateKey::P384(_) => "EC P-384".into(),
            PrivateKey::P521(_) => "EC P-521".into(),
            PrivateKey::Ed25519(_) => "Ed25519".into(),
        }
    }
}

impl PublicKey {
    /// "RSA 2048-bit", "EC P-256", "Ed25519".
    pub fn describe(&self) -> String {
        match self {
            PublicKey::Rsa(key) => format!("RSA {}-bit", key.size() * 8),
            PublicKey::P256(_) => "EC P-256".into(),
            PublicKey::P384(_) => "EC P-384".into(),
            PublicKey::P521(_) => "EC P-521".into(),
            PublicKey::Ed25519(_) => "Ed25519".into(),
        }
    }

    /// RSA modulus length in bits, or the curve's field size.
    pub fn bits(&self) -> usize {
        match self {
            PublicKey::Rsa(key) => key.n().bits(),
            PublicKey::P256(_) => 256,
            PublicKey::P384(_) => 384,
            PublicKey::P521(_) => 521,
            PublicKey::Ed25519(_) => 256,
        }
    }

    /// The closest generatable kind (RSA sizes other than 2048/3072/4096 map to None).
    pub fn kind(&self) -> Option<KeyKind> {
        match self {
            PublicKey::Rsa(_) => match self.bits() {
                2048 => Some(KeyKind::Rsa2048),
                3072 => Some(KeyKind::Rsa3072),
                4096 => Some(KeyKind::Rsa4096),
                _ => None,
            },
            PublicKey::P256(_) => Some(KeyKind::P256),
            PublicKey::P384(_) => Some(KeyKind::P384),
            PublicKey::P521(_) => Some(KeyKind::P521),
            PublicKey::Ed25519(_) => Some(KeyKind::Ed25519),
        }
    }

    /// The type of this key, which decides its algorithms ([`crate::jwa`]).
    pub fn key_type(&self) -> KeyType {
        match self {
            PublicKey::Rsa(_) => KeyType::Rsa,
            PublicKey::P256(_) => KeyType::P256,
            PublicKey::P384(_) => KeyType::P384,
            PublicKey::P521(_) => KeyType::P521,
            PublicKey::Ed25519(_) => KeyType::Ed25519,
        }
    }

    /// Whether this key can make signatures of `alg`.
    pub fn supports(&self, alg: Alg) -> bool {
        self.key_type().signs(alg)
    }

    /// The algorithms this key can sign with, in display order.
    pub fn algs(&self) -> Vec<Alg> {
        self.key_type().algs().collect()
    }

    /// The algorithm to preselect for this key.
    pub fn default_alg(&self) -> Alg {
        self.key_type().default_alg()
    }
}

/// Private key, or only the public half (imported from a public JWK, SPKI or certificate).
#[derive(Clone, Debug)]
pub enum KeyMaterial {
    Private(PrivateKey),
    Public(PublicKey),
}

/// The longest `kid` pkjwt takes, in characters: key ids are names or thumbprints (43).
pub const MAX_KID_CHARS: usize = 256;

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
        let public = match &material {
            KeyMaterial::Private(private) => private.public_key(),
            KeyMaterial::Public(public) => public.clone(),
        };
        let thumbprint = crate::jwk::thumbprint(&public);
        Key { material, public, thumbprint, kid: None, alg: None, certificate: None }
    }

    pub fn from_private(private: PrivateKey) -> Key {
        Key::new(KeyMaterial::Private(private))
    }

    /// A private key whose public half is already known (read from the same JWK, or from the
    /// browser that made the key), so it is not derived again. The caller vouches that the two
    /// belong together: [`crate::jwk::parse_jwk_value`] checks it for user input.
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

    /// Sets `kid`; an empty or thumbprint-equal value returns to the default.
    /// Sets the `kid` (empty: the thumbprint). It goes into every JWK, JWKS and assertion
    /// header, so it must be short printable text: a paste or a hidden character is refused.
    pub fn set_kid(&mut self, kid: &str) -> Result<(), KeyError> {
        let kid = kid.trim();
        let length = kid.chars().count();
        if length > MAX_KID_CHARS {
            return Err(KeyError::invalid("kid", format!("is {length} characters long; a key id has at most {MAX_KID_CHARS}")));
        }
        if let Some(hidden) = kid.chars().find(|c| crate::text::is_hidden(*c)) {
            return Err(KeyError::invalid("kid", format!("contains {}, a control or direction character; a key id is plain text", hidden.escape_unicode())));
        }
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
            if !self.public.supports(alg) {
                return Err(KeyError::invalid(
                    "alg",
                    format!("is {alg}, which needs {}; this key is {}", alg.key_type().requirement(), self.public.describe()),
                ));
            }
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
