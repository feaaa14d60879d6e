//! Key material: the kinds of key pkjwt makes, the private and public halves as RustCrypto
//! types, RSA keys from their numbers, and the most key material any reader takes. Below
//! every encoding (PEM, DER, JWK, X.509), which read into and write from these types.
mod error;
pub(crate) mod rsa_parts;

use std::fmt;

pub use error::{Curve, Inconsistency, KeyDescription, MaterialError};
#[cfg(feature = "variants")]
pub use error::{CurveDiscriminants, InconsistencyDiscriminants, MaterialErrorDiscriminants};

use crate::jwa::{Alg, KeyType};
use rsa::traits::PublicKeyParts;

/// The most key material pkjwt reads. A JWK Set of many 8192-bit keys with certificate
/// chains fits; a mistaken paste of a whole file or log does not, and fails at once instead
/// of freezing the page. Every reader of key material refuses more before reading it.
pub const MAX_INPUT_BYTES: usize = 256 * 1024;

/// Refuses `len` bytes of input over [`MAX_INPUT_BYTES`].
pub(crate) fn check_input_size(len: usize) -> Result<(), MaterialError> {
    if len > MAX_INPUT_BYTES {
        return Err(MaterialError::TooLarge { actual: len, limit: MAX_INPUT_BYTES });
    }
    Ok(())
}

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
    pub fn description(&self) -> KeyDescription {
        let bits = match self {
            PrivateKey::Rsa(key) => key.size() * 8,
            PrivateKey::P256(_) => 256,
            PrivateKey::P384(_) => 384,
            PrivateKey::P521(_) => 521,
            PrivateKey::Ed25519(_) => 256,
        };
        KeyDescription { key_type: self.key_type(), bits }
    }

    pub fn describe(&self) -> String {
        self.description().to_string()
    }
}

impl PublicKey {
    /// "RSA 2048-bit", "EC P-256", "Ed25519".
    pub fn description(&self) -> KeyDescription {
        let bits = match self {
            PublicKey::Rsa(key) => key.size() * 8,
            _ => self.bits(),
        };
        KeyDescription { key_type: self.key_type(), bits }
    }

    pub fn describe(&self) -> String {
        self.description().to_string()
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
