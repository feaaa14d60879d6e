//! Reading JWKs member by member, so each defect is reported by member name.
use super::JwkError;
use crate::b64;
use crate::jwa::Alg;
use crate::material::{rsa_parts, KeyMaterial, MaterialError, PrivateKey, PublicKey};
use crate::text::{printable, shorten};
use crate::x509;
use elliptic_curve::sec1::{FromEncodedPoint, ModulusSize, ToEncodedPoint};
use elliptic_curve::{AffinePoint, CurveArithmetic, FieldBytesSize};
use rsa::BigUint;
use serde_json::{Map, Value};
use zeroize::Zeroizing;

/// What a JWK holds: the key material (with its public half, read from the JWK and so never
/// derived again) and the parameters a key carries. `kid` is plain text, `alg` fits the key,
/// and the certificate certifies it.
#[derive(Debug, Clone)]
pub struct JwkParts {
    pub material: KeyMaterial,
    pub public: PublicKey,
    pub kid: Option<String>,
    pub alg: Option<Alg>,
    pub certificate: Option<x509::Certificate>,
}

/// The entries of a JWK Set (`{"keys": [...]}`), each still to be read on its own.
pub fn set_entries(value: &Value) -> Result<&[Value], JwkError> {
    let Some(Value::Array(keys)) = value.get("keys") else {
        return Err(JwkError::SetNotArray);
    };
    if keys.is_empty() {
        return Err(JwkError::SetEmpty);
    }
    Ok(keys)
}

/// How much to check a private JWK.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// User input: the private members must belong to the public ones.
    Full,
    /// A key the browser's WebCrypto (or pkjwt's worker) just generated and exported:
    /// consistent by construction, and re-deriving an EC public point costs milliseconds
    /// (P-521) for nothing.
    Generated,
}

/// Reads one JWK.
pub fn read(value: &Value, check: Check) -> Result<JwkParts, JwkError> {
    let Value::Object(members) = value else {
        return Err(JwkError::NotObject { found: json_kind(value) });
    };
    let jwk = Members(members);
    let kty = jwk.string("kty")?.ok_or(JwkError::MissingMember { member: "kty", why: " (Key Type)" })?;
    let (material, public) = match kty {
        "RSA" => rsa_material(&jwk)?,
        "EC" => ec_material(&jwk, check)?,
        "OKP" => okp_material(&jwk, check)?,
        "oct" => return Err(JwkError::Symmetric),
        other => return Err(JwkError::UnsupportedKeyType { kty: shorten(other) }),
    };
    if let Some(use_) = jwk.string("use")? {
        if use_ != "sig" {
            return Err(JwkError::invalid("use", format!("is {:?}; a signing key must have \"use\": \"sig\" or none", shorten(use_))));
        }
    }
    let alg = match jwk.string("alg")? {
        None => None,
        Some(alg) => {
            // RFC 9864's fully-specified "Ed25519" (what WebCrypto exports) names the same
            // signatures as "EdDSA" with an Ed25519 key.
            let alg = if alg == "Ed25519" { "EdDSA" } else { alg };
            let parsed = Alg::from_name(alg).ok_or_else(|| {
                JwkError::invalid("alg", format!("is {:?}, not a JWS algorithm pkjwt signs with (RS*, PS*, ES*, EdDSA)", shorten(alg)))
            })?;
            super::check_alg(parsed, &public)?;
            Some(parsed)
        }
    };
    let kid = jwk.string("kid")?.map(super::check_kid).transpose()?.map(str::to_owned);
    let certificate = match members.get("x5c") {
        None => None,
        Some(x5c) => {
            let chain = x5c_chain(x5c)?;
            let certificate = x509::Certificate::from_chain(chain).map_err(|error| {
                let problem = match error {
                    x509::CertificateError::Der(crate::der::DerError::Invalid { reason, .. }) => {
                        format!("holds no readable certificate: {reason}")
                    }
                    // The sentence becomes a clause of this one: drop its full stop.
                    other => format!("holds a certificate pkjwt cannot use: {}", other.to_string().trim_end_matches('.')),
                };
                JwkError::invalid("x5c", problem)
            })?;
            if certificate.public_key() != &public {
                return Err(JwkError::invalid("x5c", "holds a certificate for a different key"));
            }
            Some(certificate)
        }
    };
    Ok(JwkParts { material, public, kid, alg, certificate })
}

fn x5c_chain(value: &Value) -> Result<Vec<Vec<u8>>, JwkError> {
    let Value::Array(items) = value else {
        return Err(JwkError::invalid("x5c", "must be an array of base64 certificates"));
    };
    if items.is_empty() {
        return Err(JwkError::invalid("x5c", "is an empty array"));
    }
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let text = item
                .as_str()
                .ok_or_else(|| JwkError::invalid("x5c", format!("entry {i} is not a string")))?;
            b64::std_decode(text).map_err(|_| {
                JwkError::invalid("x5c", format!("entry {i} is not standard base64 (x5c uses base64, not base64url)"))
            })
        })
        .collect()
}

/// Typed access to a JWK's members.
struct Members<'a>(&'a Map<String, Value>);

impl<'a> Members<'a> {
    fn string(&self, name: &str) -> Result<Option<&'a str>, JwkError> {
        match self.0.get(name) {
            None => Ok(None),
            Some(Value::String(text)) => Ok(Some(text)),
            Some(other) => Err(JwkError::invalid(name, format!("must be a string, not {}", json_kind(other)))),
        }
    }

    fn bytes(&self, name: &'static str) -> Result<Option<Zeroizing<Vec<u8>>>, JwkError> {
        let Some(text) = self.string(name)? else {
            return Ok(None);
        };
        if text.is_empty() {
            return Err(JwkError::invalid(name, "is empty"));
        }
        b64::url_decode(text)
            .map(|bytes| Some(Zeroizing::new(bytes)))
            .map_err(|problem| JwkError::invalid(name, problem.describe()))
    }

    fn required(&self, name: &'static str, why: &'static str) -> Result<Zeroizing<Vec<u8>>, JwkError> {
        self.bytes(name)?
            .ok_or(JwkError::MissingMember { member: name, why })
    }

    fn fixed(&self, name: &'static str, len: usize, crv: &str) -> Result<Option<Zeroizing<Vec<u8>>>, JwkError> {
        match self.bytes(name)? {
            Some(bytes) if bytes.len() != len => Err(JwkError::invalid(
                name,
                format!("must be {len} bytes for {crv}, but is {} bytes", bytes.len()),
            )),
            other => Ok(other),
        }
    }
}

pub(super) fn json_kind(value: &Value) -> &'static str {
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

fn rsa_material(jwk: &Members) -> Result<Material, JwkError> {
    let n = BigUint::from_bytes_be(&jwk.required("n", " (the RSA modulus)")?);
    let e = BigUint::from_bytes_be(&jwk.required("e", " (the RSA public exponent)")?);
    // The public numbers are checked first, so a bad "n" is reported before a missing "p".
    let public = rsa_parts::public_key(n.clone(), e.clone()).map_err(JwkError::from)?;
    let Some(d) = jwk.bytes("d")? else {
        return Ok((KeyMaterial::Public(PublicKey::Rsa(public.clone())), PublicKey::Rsa(public)));
    };
    let why = " (an RSA private JWK needs its primes; pkjwt does not recover them from d)";
    let p = jwk.required("p", why)?;
    let q = jwk.required("q", why)?;
    if jwk.0.contains_key("oth") {
        return Err(JwkError::invalid("oth", "lists more than two primes; multi-prime RSA keys are not supported"));
    }
    let [d, p, q] = [&d, &p, &q].map(|bytes| BigUint::from_bytes_be(bytes));
    let private = rsa_parts::private_key(n, e, d, p, q).map_err(JwkError::from)?;
    Ok((KeyMaterial::Private(PrivateKey::Rsa(Box::new(private))), PublicKey::Rsa(public)))
}

fn ec_material(jwk: &Members, check: Check) -> Result<Material, JwkError> {
    let crv = jwk.string("crv")?.ok_or(JwkError::MissingMember { member: "crv", why: " (the curve of an EC key)" })?;
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
        other => Err(MaterialError::UnsupportedCurve { curve: printable(other) }.into()),
    }
}

type EcPair<C> = (elliptic_curve::PublicKey<C>, Option<elliptic_curve::SecretKey<C>>);

fn ec_pair<C>(jwk: &Members, crv: &str, len: usize, check: Check) -> Result<EcPair<C>, JwkError>
where
    C: CurveArithmetic,
    FieldBytesSize<C>: ModulusSize,
    AffinePoint<C>: FromEncodedPoint<C> + ToEncodedPoint<C>,
{
    let missing = |member| JwkError::MissingMember { member, why: " (a coordinate of the EC public point)" };
    let x = jwk.fixed("x", len, crv)?.ok_or_else(|| missing("x"))?;
    let y = jwk.fixed("y", len, crv)?.ok_or_else(|| missing("y"))?;
    let mut sec1 = Vec::with_capacity(1 + 2 * len);
    sec1.push(0x04);
    sec1.extend_from_slice(&x);
    sec1.extend_from_slice(&y);
    let public = elliptic_curve::PublicKey::<C>::from_sec1_bytes(&sec1)
        .map_err(|_| JwkError::from(MaterialError::inconsistent(format!("members \"x\" and \"y\" are not a point on {crv}"))))?;
    let Some(d) = jwk.fixed("d", len, crv)? else {
        return Ok((public, None));
    };
    let secret = elliptic_curve::SecretKey::<C>::from_slice(&d)
        .map_err(|_| JwkError::invalid("d", format!("is not a valid {crv} private scalar")))?;
    if check == Check::Full && secret.public_key() != public {
        return Err(MaterialError::inconsistent("member \"d\" does not belong to the public point (\"x\", \"y\")").into());
    }
    Ok((public, Some(secret)))
}

fn okp_material(jwk: &Members, check: Check) -> Result<Material, JwkError> {
    let crv = jwk.string("crv")?.ok_or(JwkError::MissingMember { member: "crv", why: " (the curve of an OKP key)" })?;
    if crv != "Ed25519" {
        return Err(MaterialError::UnsupportedCurve { curve: printable(crv) }.into());
    }
    let x = jwk.fixed("x", 32, crv)?.ok_or(JwkError::MissingMember { member: "x", why: " (the Ed25519 public key)" })?;
    let mut x_bytes = [0u8; 32];
    x_bytes.copy_from_slice(&x);
    let public = ed25519_dalek::VerifyingKey::from_bytes(&x_bytes)
        .map_err(|_| JwkError::invalid("x", "is not an Ed25519 public key"))?;
    let Some(d) = jwk.fixed("d", 32, crv)? else {
        return Ok((KeyMaterial::Public(PublicKey::Ed25519(public)), PublicKey::Ed25519(public)));
    };
    let mut d_bytes = Zeroizing::new([0u8; 32]);
    d_bytes.copy_from_slice(&d);
    let secret = ed25519_dalek::SigningKey::from_bytes(&d_bytes);
    if check == Check::Full && secret.verifying_key() != public {
        return Err(MaterialError::inconsistent("member \"d\" does not belong to the public key \"x\"").into());
    }
    Ok((KeyMaterial::Private(PrivateKey::Ed25519(secret)), PublicKey::Ed25519(public)))
}
