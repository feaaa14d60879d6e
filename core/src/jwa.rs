//! JSON Web Algorithms (RFC 7518, RFC 8037): one table that says everything the rest of the
//! code needs to know about a JWS `alg`, so nothing downstream enumerates algorithms.
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
        let (family, hash, curve) = match self {
            Alg::RS256 => (RsaPkcs1, Some(Sha256), None),
            Alg::RS384 => (RsaPkcs1, Some(Sha384), None),
            Alg::RS512 => (RsaPkcs1, Some(Sha512), None),
            Alg::PS256 => (RsaPss, Some(Sha256), None),
            Alg::PS384 => (RsaPss, Some(Sha384), None),
            Alg::PS512 => (RsaPss, Some(Sha512), None),
            Alg::ES256 => (Ecdsa, Some(Sha256), Some("P-256")),
            Alg::ES384 => (Ecdsa, Some(Sha384), Some("P-384")),
            Alg::ES512 => (Ecdsa, Some(Sha512), Some("P-521")),
            Alg::EdDSA => (EdDsa, None, None),
        };
        AlgSpec { alg: self, family, hash, curve }
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
}
