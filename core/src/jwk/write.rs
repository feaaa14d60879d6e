//! Writing JWKs and JWK Sets.
use crate::b64;
use crate::jwa::Alg;
use crate::material::{PrivateKey, PublicKey};
use crate::x509::Certificate;
use elliptic_curve::sec1::ToEncodedPoint;
use rsa::traits::{PrivateKeyParts, PublicKeyParts};
use rsa::BigUint;
use serde::Serialize;
use zeroize::{Zeroize, Zeroizing};

/// A JWK as pkjwt writes it. Field order is the member order of the output:
/// key type, public members, private members, then parameters.
#[derive(Clone, Default, Serialize)]
pub struct Jwk {
    pub kty: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub crv: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub n: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub e: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub y: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub d: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dp: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dq: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qi: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kid: Option<String>,
    #[serde(rename = "use", skip_serializing_if = "Option::is_none")]
    pub use_: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alg: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x5c: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x5t: Option<String>,
    #[serde(rename = "x5t#S256", skip_serializing_if = "Option::is_none")]
    pub x5t_s256: Option<String>,
}

// The private members never print, not even in a debug log; only whether they are present.
impl std::fmt::Debug for Jwk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let redacted = |member: &Option<String>| member.as_ref().map(|_| "redacted");
        f.debug_struct("Jwk")
            .field("kty", &self.kty)
            .field("crv", &self.crv)
            .field("n", &self.n)
            .field("e", &self.e)
            .field("x", &self.x)
            .field("y", &self.y)
            .field("d", &redacted(&self.d))
            .field("p", &redacted(&self.p))
            .field("q", &redacted(&self.q))
            .field("dp", &redacted(&self.dp))
            .field("dq", &redacted(&self.dq))
            .field("qi", &redacted(&self.qi))
            .field("kid", &self.kid)
            .field("use", &self.use_)
            .field("alg", &self.alg)
            .field("x5c", &self.x5c)
            .field("x5t", &self.x5t)
            .field("x5t#S256", &self.x5t_s256)
            .finish()
    }
}

impl Drop for Jwk {
    fn drop(&mut self) {
        for member in [&mut self.d, &mut self.p, &mut self.q, &mut self.dp, &mut self.dq, &mut self.qi] {
            member.zeroize();
        }
    }
}

/// Public members of a key: `kty`, and the members RFC 7638 calls required.
pub(crate) struct PublicMembers {
    pub kty: &'static str,
    pub crv: Option<&'static str>,
    /// (name, base64url value) for every required member, `kty`/`crv` included.
    pub required: Vec<(&'static str, String)>,
}

pub(crate) fn public_members(key: &PublicKey) -> PublicMembers {
    fn ec(crv: &'static str, x: &[u8], y: &[u8]) -> PublicMembers {
        PublicMembers {
            kty: "EC",
            crv: Some(crv),
            required: vec![
                ("crv", crv.to_owned()),
                ("kty", "EC".to_owned()),
                ("x", b64::url_encode(x)),
                ("y", b64::url_encode(y)),
            ],
        }
    }
    // `x()`/`y()` are always present for an uncompressed encoding of a valid public key.
    fn xy(point: &[u8], len: usize) -> (&[u8], &[u8]) {
        let coords = &point[1..];
        (&coords[..len], &coords[len..])
    }
    match key {
        PublicKey::Rsa(rsa) => PublicMembers {
            kty: "RSA",
            crv: None,
            required: vec![
                ("e", b64::url_encode(&rsa.e().to_bytes_be())),
                ("kty", "RSA".to_owned()),
                ("n", b64::url_encode(&rsa.n().to_bytes_be())),
            ],
        },
        PublicKey::P256(pk) => {
            let point = pk.to_encoded_point(false);
            let (x, y) = xy(point.as_bytes(), 32);
            ec("P-256", x, y)
        }
        PublicKey::P384(pk) => {
            let point = pk.to_encoded_point(false);
            let (x, y) = xy(point.as_bytes(), 48);
            ec("P-384", x, y)
        }
        PublicKey::P521(pk) => {
            let point = pk.to_encoded_point(false);
            let (x, y) = xy(point.as_bytes(), 66);
            ec("P-521", x, y)
        }
        PublicKey::Ed25519(vk) => PublicMembers {
            kty: "OKP",
            crv: Some("Ed25519"),
            required: vec![
                ("crv", "Ed25519".to_owned()),
                ("kty", "OKP".to_owned()),
                ("x", b64::url_encode(vk.as_bytes())),
            ],
        },
    }
}

/// The key members of `public` (kty, crv, n/e or x/y) and nothing else.
fn bare_public_jwk(public: &PublicKey) -> Jwk {
    let members = public_members(public);
    let mut jwk = Jwk::default();
    jwk.kty = members.kty;
    jwk.crv = members.crv;
    for (name, value) in members.required {
        match name {
            "n" => jwk.n = Some(value),
            "e" => jwk.e = Some(value),
            "x" => jwk.x = Some(value),
            "y" => jwk.y = Some(value),
            _ => {}
        }
    }
    jwk
}

/// The members of a JWK beyond the key's own: what the user set, and its certificate.
#[derive(Debug, Clone, Copy)]
pub struct Parameters<'a> {
    pub kid: &'a str,
    pub alg: Option<Alg>,
    pub certificate: Option<&'a Certificate>,
}

fn public_jwk_struct(public: &PublicKey, parameters: &Parameters) -> Jwk {
    let mut jwk = bare_public_jwk(public);
    jwk.kid = Some(parameters.kid.to_owned());
    jwk.use_ = Some("sig");
    jwk.alg = parameters.alg.map(|alg| alg.name());
    if let Some(cert) = parameters.certificate {
        jwk.x5c = Some(cert.x5c());
        jwk.x5t = Some(cert.x5t());
        jwk.x5t_s256 = Some(cert.x5t_s256());
    }
    jwk
}

fn big(n: &BigUint) -> String {
    b64::url_encode(&Zeroizing::new(n.to_bytes_be()))
}

fn add_private_members(jwk: &mut Jwk, private: &PrivateKey) {
    match private {
        PrivateKey::Rsa(rsa) => {
            jwk.d = Some(big(rsa.d()));
            if let [p, q] = rsa.primes() {
                jwk.p = Some(big(p));
                jwk.q = Some(big(q));
                // The key's own CRT values where it has them (an RSA-2048 inverse costs the
                // page a few milliseconds on every signature the worker makes); derived for a
                // key whose precomputation failed, so that its JWK is still complete.
                match (rsa.dp(), rsa.dq(), rsa.qinv().and_then(|qi| qi.to_biguint())) {
                    (Some(dp), Some(dq), Some(qi)) => {
                        jwk.dp = Some(big(dp));
                        jwk.dq = Some(big(dq));
                        jwk.qi = Some(big(&qi));
                    }
                    _ => {
                        let one = BigUint::from(1u8);
                        jwk.dp = Some(big(&(rsa.d() % (p - &one))));
                        jwk.dq = Some(big(&(rsa.d() % (q - &one))));
                        jwk.qi = rsa.crt_coefficient().map(|qi| big(&qi));
                    }
                }
            }
        }
        PrivateKey::P256(sk) => jwk.d = Some(b64::url_encode(&sk.to_bytes())),
        PrivateKey::P384(sk) => jwk.d = Some(b64::url_encode(&sk.to_bytes())),
        PrivateKey::P521(sk) => jwk.d = Some(b64::url_encode(&sk.to_bytes())),
        PrivateKey::Ed25519(sk) => jwk.d = Some(b64::url_encode(Zeroizing::new(sk.to_bytes()).as_slice())),
    }
}

fn pretty(value: &impl Serialize) -> String {
    // Serializing plain strings and options into a String cannot fail.
    serde_json::to_string_pretty(value).unwrap_or_default()
}

/// The public JWK, pretty-printed: no private members, with `kid`, `use`, `alg` and the
/// certificate members where set.
pub fn public_jwk(public: &PublicKey, parameters: &Parameters) -> String {
    pretty(&public_jwk_struct(public, parameters))
}

/// `{"keys": [public JWK]}`.
pub fn public_jwks(public: &PublicKey, parameters: &Parameters) -> String {
    public_jwks_of(&[(public, *parameters)])
}

#[derive(Serialize)]
struct Set {
    keys: Vec<Jwk>,
}

/// `{"keys": [...]}` with the public JWK of each key, in the order given.
pub fn public_jwks_of(keys: &[(&PublicKey, Parameters)]) -> String {
    pretty(&Set { keys: keys.iter().map(|(public, parameters)| public_jwk_struct(public, parameters)).collect() })
}

/// `{"keys": [...]}` with the private JWK of each key that has its private half (`Some`) and
/// the public JWK of the others, in the order given. Zeroized when dropped.
pub fn private_jwks_of(keys: &[(&PublicKey, Option<&PrivateKey>, Parameters)]) -> Zeroizing<String> {
    let keys = keys
        .iter()
        .map(|(public, private, parameters)| {
            let mut jwk = public_jwk_struct(public, parameters);
            if let Some(private) = private {
                add_private_members(&mut jwk, private);
            }
            jwk
        })
        .collect();
    // `Set` zeroizes its JWKs' private members when dropped (`Jwk`'s Drop).
    Zeroizing::new(pretty(&Set { keys }))
}

/// The private JWK of `private` (whose public half is `public`). Zeroized when dropped.
pub fn private_jwk(private: &PrivateKey, public: &PublicKey, parameters: &Parameters) -> Zeroizing<String> {
    let mut jwk = public_jwk_struct(public, parameters);
    add_private_members(&mut jwk, private);
    Zeroizing::new(pretty(&jwk))
}

/// Only the key members of the private JWK, compact.
pub fn private_key_members(private: &PrivateKey, public: &PublicKey) -> Zeroizing<String> {
    let mut jwk = bare_public_jwk(public);
    add_private_members(&mut jwk, private);
    Zeroizing::new(serde_json::to_string(&jwk).unwrap_or_default())
}

/// Only the public key members (`kty`, `crv`, `n`/`e` or `x`/`y`), with no `kid`, `use` or
/// `alg`: the `jwk` header of a DPoP proof (RFC 9449 §4.2), which must carry nothing else.
pub fn public_key_members(public: &PublicKey) -> serde_json::Value {
    // Serializing plain strings and options cannot fail.
    serde_json::to_value(bare_public_jwk(public)).unwrap_or_default()
}
