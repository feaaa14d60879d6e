//! JSON Web Algorithms (RFC 7518, RFC 8037): one table that says everything the rest of the
//! code needs to know about a JWS `alg`, including which type of key makes it, so nothing
//! downstream enumerates algorithms or pairs them with keys.
use std::fmt;

/// A JWS signature algorithm pkjwt can sign with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Alg {
    RS256,
    RS384,
    RS512,
    PS256,
    PS384,
    PS512,
    ES256,
    ES384,
    ES512,
    EdDSA,
}

/// The kind of key an algorithm family needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlgFamily {
    /// RSASSA-PKCS1-v1_5 (RS*)
    RsaPkcs1,
    /// RSASSA-PSS, salt length = hash length (PS*)
    RsaPss,
    /// ECDSA on the named curve, signature as r‖s (ES*)
    Ecdsa,
    /// EdDSA on Ed25519 (RFC 8037)
    EdDsa,
}

/// The types of signing key pkjwt knows, as far as algorithms care: any RSA size, or one curve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyType {
    Rsa,
    P256,
    P384,
    P521,
    Ed25519,
}

impl KeyType {
    pub const ALL: [KeyType; 5] = [KeyType::Rsa, KeyType::P256, KeyType::P384, KeyType::P521, KeyType::Ed25519];

    /// The algorithms a key of this type signs with, in display order (from [`Alg::spec`]).
    pub fn algs(self) -> impl Iterator<Item = Alg> {
        Alg::ALL.into_iter().filter(move |alg| alg.spec().key_type == self)
    }

    /// Whether a key of this type makes `alg` signatures.
    pub fn signs(self, alg: Alg) -> bool {
        alg.spec().key_type == self
    }

    /// The algorithm a key of this type signs with unless the user picks another: its first.
    pub fn default_alg(self) -> Alg {
        self.algs().next().unwrap_or(Alg::RS256)
    }

    /// The JWK `crv` (RFC 7518 §6.2.1.1, RFC 8037 §2); none for RSA.
    pub fn curve(self) -> Option<&'static str> {
        match self {
            KeyType::Rsa => None,
            KeyType::P256 => Some("P-256"),
            KeyType::P384 => Some("P-384"),
            KeyType::P521 => Some("P-521"),
            KeyType::Ed25519 => Some("Ed25519"),
        }
    }

    /// What an algorithm needs, as an English phrase ("an RSA key", "a P-256 key").
    pub fn requirement(self) -> &'static str {
        match self {
            KeyType::Rsa => "an RSA key",
            KeyType::P256 => "a P-256 key",
            KeyType::P384 => "a P-384 key",
            KeyType::P521 => "a P-521 key",
            KeyType::Ed25519 => "an Ed25519 key",
        }
    }

    /// The name the type goes by ("RSA", "P-256", "Ed25519").
    pub fn name(self) -> &'static str {
        self.curve().unwrap_or("RSA")
    }
}

impl fmt::Display for KeyType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The hash inside an algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HashAlg {
    Sha256,
    Sha384,
    Sha512,
}

impl HashAlg {
    /// WebCrypto's name for the hash.
    pub fn webcrypto_name(self) -> &'static str {
        match self {
            HashAlg::Sha256 => "SHA-256",
            HashAlg::Sha384 => "SHA-384",
            HashAlg::Sha512 => "SHA-512",
        }
    }
    /// Output length in bytes (also the PSS salt length JWS requires).
    // A digest's size, not a collection's: there is nothing for `is_empty` to say.
    #[allow(clippy::len_without_is_empty)]
    pub fn len(self) -> u32 {
        match self {
            HashAlg::Sha256 => 32,
            HashAlg::Sha384 => 48,
            HashAlg::Sha512 => 64,
        }
    }
}

/// Everything about one `alg`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AlgSpec {
    pub alg: Alg,
    pub family: AlgFamily,
    /// `None` for EdDSA, whose hash is part of the signature scheme.
    pub hash: Option<HashAlg>,
    /// For ECDSA: the JWK `crv` the key must have.
    pub curve: Option<&'static str>,
    /// The type of key that makes this algorithm's signatures.
    pub key_type: KeyType,
}

impl Alg {
    /// All algorithms in the order the page lists them.
    pub const ALL: [Alg; 10] = [
        Alg::RS256,
        Alg::RS384,
        Alg::RS512,
        Alg::PS256,
        Alg::PS384,
        Alg::PS512,
        Alg::ES256,
        Alg::ES384,
        Alg::ES512,
        Alg::EdDSA,
    ];

    pub fn spec(self) -> AlgSpec {
        use AlgFamily::*;
        use HashAlg::*;
        let (family, hash, key_type) = match self {
            Alg::RS256 => (RsaPkcs1, Some(Sha256), KeyType::Rsa),
            Alg::RS384 => (RsaPkcs1, Some(Sha384), KeyType::Rsa),
            Alg::RS512 => (RsaPkcs1, Some(Sha512), KeyType::Rsa),
            Alg::PS256 => (RsaPss, Some(Sha256), KeyType::Rsa),
            Alg::PS384 => (RsaPss, Some(Sha384), KeyType::Rsa),
            Alg::PS512 => (RsaPss, Some(Sha512), KeyType::Rsa),
            Alg::ES256 => (Ecdsa, Some(Sha256), KeyType::P256),
            Alg::ES384 => (Ecdsa, Some(Sha384), KeyType::P384),
            Alg::ES512 => (Ecdsa, Some(Sha512), KeyType::P521),
            Alg::EdDSA => (EdDsa, None, KeyType::Ed25519),
        };
        let curve = if family == Ecdsa { key_type.curve() } else { None };
        AlgSpec { alg: self, family, hash, curve, key_type }
    }

    /// The type of key this algorithm needs.
    pub fn key_type(self) -> KeyType {
        self.spec().key_type
    }

    /// The wire name (`"RS256"`, `"EdDSA"`).
    pub fn name(self) -> &'static str {
        match self {
            Alg::RS256 => "RS256",
            Alg::RS384 => "RS384",
            Alg::RS512 => "RS512",
            Alg::PS256 => "PS256",
            Alg::PS384 => "PS384",
            Alg::PS512 => "PS512",
            Alg::ES256 => "ES256",
            Alg::ES384 => "ES384",
            Alg::ES512 => "ES512",
            Alg::EdDSA => "EdDSA",
        }
    }

    /// Parses a wire name; exact and case-sensitive, as JOSE is.
    pub fn from_name(name: &str) -> Option<Alg> {
        Alg::ALL.into_iter().find(|alg| alg.name() == name)
    }
}

impl fmt::Display for Alg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Alg {
    type Err = UnknownAlg;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Alg::from_name(s).ok_or_else(|| UnknownAlg(s.to_owned()))
    }
}

/// An `alg` value pkjwt cannot sign with.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"alg\" (Algorithm) value {0:?} is not one of RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA")]
pub struct UnknownAlg(pub String);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_case_sensitive() {
        for alg in Alg::ALL {
            assert_eq!(Alg::from_name(alg.name()), Some(alg));
        }
        assert_eq!(Alg::from_name("rs256"), None);
        assert_eq!(Alg::from_name("none"), None);
        assert_eq!(Alg::from_name("HS256"), None);
    }

    #[test]
    fn ecdsa_algs_name_their_curve() {
        assert_eq!(Alg::ES512.spec().curve, Some("P-521"));
        assert_eq!(Alg::ES384.spec().hash, Some(HashAlg::Sha384));
        assert_eq!(Alg::EdDSA.spec().hash, None);
    }

    /// RFC 7518 §3.1 and RFC 8037 §3.1, written out independently of the table: RS* and PS*
    /// take any RSA key, ES256/384/512 one curve each, EdDSA (here) Ed25519.
    #[test]
    fn each_key_type_signs_what_the_rfcs_say() {
        use Alg::*;
        let expected: [(KeyType, &[Alg]); 5] = [
            (KeyType::Rsa, &[RS256, RS384, RS512, PS256, PS384, PS512]),
            (KeyType::P256, &[ES256]),
            (KeyType::P384, &[ES384]),
            (KeyType::P521, &[ES512]),
            (KeyType::Ed25519, &[EdDSA]),
        ];
        for (key_type, algs) in expected {
            assert_eq!(key_type.algs().collect::<Vec<_>>(), algs, "{key_type}");
            assert_eq!(key_type.default_alg(), algs[0], "{key_type}");
            for alg in Alg::ALL {
                assert_eq!(key_type.signs(alg), algs.contains(&alg), "{key_type} {alg}");
            }
        }
        // ES* name their curve, and it is the key type's.
        for alg in Alg::ALL {
            assert_eq!(alg.spec().curve.is_some(), alg.spec().family == AlgFamily::Ecdsa, "{alg}");
            assert!(alg.spec().curve.is_none_or(|crv| alg.key_type().curve() == Some(crv)), "{alg}");
        }
    }
}
