//! Reading JWKs member by member, so each defect is reported by member name.
use crate::b64;
use crate::jwa::Alg;
use crate::key::{rsa_parts, Key, KeyError, KeyMaterial, PrivateKey, PublicKey};
use crate::text::{printable, shorten};
use crate::x509;
use elliptic_curve::sec1::{FromEncodedPoint, ModulusSize, ToEncodedPoint};
use elliptic_curve::{AffinePoint, CurveArithmetic, FieldBytesSize};
use rsa::BigUint;
use serde_json::{Map, Value};
use zeroize::Zeroizing;

/// One entry of a JWK Set: where it was, its `kid` if readable, and the key or why not.
#[derive(Debug, Clone)]
pub struct JwksEntry {
    pub index: usize,
    pub kid: Option<String>,
    pub key: Result<Key, KeyError>,
}

/// Parses one JWK from JSON text.
pub fn parse_jwk(text: &str) -> Result<Key, KeyError> {
    parse_jwk_value(&crate::key::import::parse_json(text)?)
}

/// Parses the entries of a JWK Set (`{"keys": [...]}`); each entry succeeds or fails alone.
pub fn parse_jwks_value(value: &Value) -> Result<Vec<JwksEntry>, KeyError> {
    let Some(keys) = value.get("keys") else {
        return Err(KeyError::JsonNotAKey);
    };
    let Value::Array(keys) = keys else {
        return Err(KeyError::JwksNotArray);
    };
    if keys.is_empty() {
        return Err(KeyError::JwksEmpty);
    }
    Ok(keys
        .iter()
        .enumerate()
        .map(|(index, jwk)| JwksEntry {
            index,
            kid: jwk.get("kid").and_then(Value::as_str).map(str::to_owned),
            key: parse_jwk_value(jwk).map_err(|error| error.in_context(&format!("keys[{index}]"))),
        })
        .collect())
}

/// How much to check a private JWK.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Check {
    /// User input: the private members must belong to the public ones.
    Full,
    /// A key the browser's WebCrypto just generated and exported: consistent by construction,
    /// and re-deriving an EC public point costs milliseconds (P-521) for nothing.
    Generated,
}

/// Parses one JWK from an already parsed JSON value.
pub fn parse_jwk_value(value: &Value) -> Result<Key, KeyError> {
    parse_checked(value, Check::Full)
}

/// Parses a private JWK that WebCrypto generated in this page (`exportKey("jwk")`), without
/// re-deriving its public half. Never use this for anything a user pasted.
pub fn parse_generated_jwk(text: &str) -> Result<Key, KeyError> {
    parse_checked(&crate::key::import::parse_json(text)?, Check::Generated)
}

fn parse_checked(value: &Value, check: Check) -> Result<Key, KeyError> {
    let Value::Object(members) = value else {
        return Err(KeyError::JwkNotObject { context: String::new(), found: json_kind(value) });
    };
    let jwk = Members(members);
    let kty = jwk.string("kty")?.ok_or(KeyError::JwkMissingMember {
        context: String::new(),
        member: "kty",
        why: " (Key Type)",
    })?;
    let (material, public) = match kty {
        "RSA" => rsa_material(&jwk)?,
        "EC" => ec_material(&jwk, check)?,
        "OKP" => okp_material(&jwk, check)?,
        "oct" => return Err(KeyError::SymmetricKey { context: String::new() }),
        other => {
            return Err(KeyError::UnsupportedKeyType { context: String::new(), kty: shorten(other) })
        }
    };
    let mut key = match material {
        KeyMaterial::Private(private) => Key::with_public(private, public),
        public_only => Key::new(public_only),
    };
    if let Some(use_) = jwk.string("use")? {
        if use_ != "sig" {
            return Err(KeyError::invalid("use", format!("is {:?}; a signing key must have \"use\": \"sig\" or none", shorten(use_))));
        }
    }
    if let Some(alg) = jwk.string("alg")? {
        // RFC 9864's fully-specified "Ed25519" (what WebCrypto exports) names the same
        // signatures as "EdDSA" with an Ed25519 key.
        let alg = if alg == "Ed25519" { "EdDSA" } else { alg };
        let parsed = Alg::from_name(alg).ok_or_else(|| {
            KeyError::invalid("alg", format!("is {:?}, not a JWS algorithm pkjwt signs with (RS*, PS*, ES*, EdDSA)", shorten(alg)))
        })?;
        key.set_alg(Some(parsed))?;
    }
    if let Some(kid) = jwk.string("kid")? {
        key.set_kid(kid)?;
    }
    if let Some(x5c) = members.get("x5c") {
        let chain = x5c_chain(x5c)?;
        let certificate = x509::Certificate::from_chain(chain).map_err(|error| {
            let problem = match error {
                KeyError::Der { reason, .. } => format!("holds no readable certificate: {reason}"),
                // The sentence becomes a clause of this one: drop its full stop.
                other => format!("holds a certificate pkjwt cannot use: {}", other.to_string().trim_end_matches('.')),
            };
            KeyError::invalid("x5c", problem)
        })?;
        key.set_certificate(certificate)
            .map_err(|_| KeyError::invalid("x5c", "holds a certificate for a different key"))?;
    }
    Ok(key)
}

fn x5c_chain(value: &Value) -> Result<Vec<Vec<u8>>, KeyError> {
    let Value::Array(items) = value else {
        return Err(KeyError::invalid("x5c", "must be an array of base64 certificates"));
    };
    if items.is_empty() {
        return Err(KeyError::invalid("x5c", "is an empty array"));
    }
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let text = item
                .as_str()
                .ok_or_else(|| KeyError::invalid("x5c", format!("entry {i} is not a string")))?;
            b64::std_decode(text).map_err(|_| {
                KeyError::invalid("x5c", format!("entry {i} is not standard base64 (x5c uses base64, not base64url)"))
            })
        })
        .collect()
}

/// Typed access to a JWK's members.
struct Members<'a>(&'a Map<String, Value>);

impl<'a> Members<'a> {
    fn string(&self, name: &str) -> Result<Option<&'a str>, KeyError> {
        match self.0.get(name) {
            None => Ok(None),
            Some(Value::String(text)) => Ok(Some(text)),
            Some(other) => Err(KeyError::invalid(name, format!("must be a string, not {}", json_kind(other)))),
        }
    }

    fn bytes(&self, name: &'static str) -> Result<Option<Zeroizing<Vec<u8>>>, KeyError> {
        let Some(text) = self.string(name)? else {
            return Ok(None);
        };
        if text.is_empty() {
            return Err(KeyError::invalid(name, "is empty"));
        }
        b64::url_decode(text)
            .map(|bytes| Some(Zeroizing::new(bytes)))
            .map_err(|problem| KeyError::invalid(name, problem.describe()))
    }

    fn required(&self, name: &'static str, why: &'static str) -> Result<Zeroizing<Vec<u8>>, KeyError> {
        self.bytes(name)?
            .ok_or(KeyError::JwkMissingMember { context: String::new(), member: name, why })
    }

    fn fixed(&self, name: &'static str, len: usize, crv: &str) -> Result<Option<Zeroizing<Vec<u8>>>, KeyError> {
        match self.bytes(name)? {
            Some(bytes) if bytes.len() != len => Err(KeyError::invalid(
                name,
                format!("must be {len} bytes for {crv}, but is {} bytes", bytes.len()),
            )),
            other => Ok(other),
        }
    }
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The key material and its public half (known from the JWK, so never derived again).
type Material = (KeyMaterial, PublicKey);

fn rsa_material(jwk: &Members) -> Result<Material, KeyError> {
    let n = BigUint::from_bytes_be(&jwk.required("n", " (the RSA modulus)")?);
    let e = BigUint::from_bytes_be(&jwk.required("e", " (the RSA public exponent)")?);
    // The public numbers are checked first, so a bad "n" is reported before a missing "p".
    let public = rsa_parts::public_key(n.clone(), e.clone())?;
    let Some(d) = jwk.bytes("d")? else {
        return Ok((KeyMaterial::Public(PublicKey::Rsa(public.clone())), PublicKey::Rsa(public)));
    };
    let why = " (an RSA private JWK needs its primes; pkjwt does not recover them from d)";
    let p = jwk.required("p", why)?;
    let q = jwk.required("q", why)?;
    if jwk.0.contains_key("oth") {
        return Err(KeyError::invalid("oth", "lists more than two primes; multi-prime RSA keys are not supported"));
    }
    let [d, p, q] = [&d, &p, &q].map(|bytes| BigUint::from_bytes_be(bytes));
    let private = rsa_parts::private_key(n, e, d, p, q)?;
    Ok((KeyMaterial::Private(PrivateKey::Rsa(Box::new(private))), PublicKey::Rsa(public)))
}

fn ec_material(jwk: &Members, check: Check) -> Result<Material, KeyError> {
    let crv = jwk.string("crv")?.ok_or(KeyError::JwkMissingMember {
        context: String::new(),
        member: "crv",
        why: " (the curve of an EC key)",
    })?;
    match crv {
        "P-256" => ec_pair::<p256::NistP256>(jwk, crv, 32, check).map(|(public, secret)| match secret {
            Some(secret) => (KeyMaterial::Private(PrivateKey::P256(secret)), PublicKey::P256(public)),
            None => (KeyMaterial::Public(PublicKey::P256(public)), PublicKey::P256(public)),
        }),
        "P-384" => ec_pair::<p384::NistP384>(jwk, crv, 48, check).map(|(public, secret)| match secret {
            Some(secret) => (KeyMaterial::Private(PrivateKey::P384(secret)), PublicKey::P384(public)),
            None => (KeyMaterial::Public(PublicKey::P384(public)), PublicKey::P384(public)),
        }),
        "P-521" => ec_pair::<p521::NistP521>(jwk, crv, 66, check).map(|(public, secret)| match secret {
            Some(secret) => (KeyMaterial::Private(PrivateKey::P521(secret)), PublicKey::P521(public)),
            None => (KeyMaterial::Public(PublicKey::P521(public)), PublicKey::P521(public)),
        }),
        other => Err(KeyError::UnsupportedCurve { context: String::new(), curve: printable(other) }),
    }
}

type EcPair<C> = (elliptic_curve::PublicKey<C>, Option<elliptic_curve::SecretKey<C>>);

fn ec_pair<C>(jwk: &Members, crv: &str, len: usize, check: Check) -> Result<EcPair<C>, KeyError>
where
    C: CurveArithmetic,
    FieldBytesSize<C>: ModulusSize,
    AffinePoint<C>: FromEncodedPoint<C> + ToEncodedPoint<C>,
{
    let missing = |member| KeyError::JwkMissingMember { context: String::new(), member, why: " (a coordinate of the EC public point)" };
    let x = jwk.fixed("x", len, crv)?.ok_or_else(|| missing("x"))?;
    let y = jwk.fixed("y", len, crv)?.ok_or_else(|| missing("y"))?;
    let mut sec1 = Vec::with_capacity(1 + 2 * len);
    sec1.push(0x04);
    sec1.extend_from_slice(&x);
    sec1.extend_from_slice(&y);
    let public = elliptic_curve::PublicKey::<C>::from_sec1_bytes(&sec1)
        .map_err(|_| KeyError::inconsistent(format!("members \"x\" and \"y\" are not a point on {crv}")))?;
    let Some(d) = jwk.fixed("d", len, crv)? else {
        return Ok((public, None));
    };
    let secret = elliptic_curve::SecretKey::<C>::from_slice(&d)
        .map_err(|_| KeyError::invalid("d", format!("is not a valid {crv} private scalar")))?;
    if check == Check::Full && secret.public_key() != public {
        return Err(KeyError::inconsistent("member \"d\" does not belong to the public point (\"x\", \"y\")"));
    }
    Ok((public, Some(secret)))
}

fn okp_material(jwk: &Members, check: Check) -> Result<Material, KeyError> {
    let crv = jwk.string("crv")?.ok_or(KeyError::JwkMissingMember {
        context: String::new(),
        member: "crv",
        why: " (the curve of an OKP key)",
    })?;
    if crv != "Ed25519" {
        return Err(KeyError::UnsupportedCurve { context: String::new(), curve: printable(crv) });
    }
    let x = jwk.fixed("x", 32, crv)?.ok_or(KeyError::JwkMissingMember {
        context: String::new(),
        member: "x",
        why: " (the Ed25519 public key)",
    })?;
    let mut x_bytes = [0u8; 32];
    x_bytes.copy_from_slice(&x);
    let public = ed25519_dalek::VerifyingKey::from_bytes(&x_bytes)
        .map_err(|_| KeyError::invalid("x", "is not an Ed25519 public key"))?;
    let Some(d) = jwk.fixed("d", 32, crv)? else {
        return Ok((KeyMaterial::Public(PublicKey::Ed25519(public)), PublicKey::Ed25519(public)));
    };
    let mut d_bytes = Zeroizing::new([0u8; 32]);
    d_bytes.copy_from_slice(&d);
    let secret = ed25519_dalek::SigningKey::from_bytes(&d_bytes);
    if check == Check::Full && secret.verifying_key() != public {
        return Err(KeyError::inconsistent("member \"d\" does not belong to the public key \"x\""));
    }
    Ok((KeyMaterial::Private(PrivateKey::Ed25519(secret)), PublicKey::Ed25519(public)))
}
