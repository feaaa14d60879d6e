//! Reading JWKs member by member, so each defect is reported by member name.
use super::{JwkError, Member, MemberProblem, Needed};
use crate::b64;
use crate::jwa::{Alg, KeyType};
use crate::json::JsonKind;
use crate::material::{rsa_parts, Curve, Inconsistency, KeyMaterial, MaterialError, PrivateKey, PublicKey};
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
    match check {
        Check::Full => read_as::<true>(value),
        Check::Generated => read_as::<false>(value),
    }
}

/// Reads a JWK the page just generated ([`Check::Generated`]; its `x5c`, which such a key
/// does not have, is not read). A function of its own, so that a program reading only such
/// keys (the page's first screen) has no code for the full check (the public-point
/// derivations) nor the certificate parsers.
pub fn read_generated(value: &Value) -> Result<JwkParts, JwkError> {
    read_as::<false>(value)
}

/// `FULL`: [`Check::Full`], else [`Check::Generated`].
fn read_as<const FULL: bool>(value: &Value) -> Result<JwkParts, JwkError> {
    let Value::Object(members) = value else {
        return Err(JwkError::NotObject { found: JsonKind::of(value) });
    };
    let jwk = Members(members);
    let kty = jwk.string(Member::Kty)?.ok_or(JwkError::MissingMember { member: Member::Kty, why: Needed::KeyType })?;
    let (material, public) = match kty {
        "RSA" => rsa_material(&jwk)?,
        "EC" => ec_material::<FULL>(&jwk)?,
        "OKP" => okp_material::<FULL>(&jwk)?,
        "oct" => return Err(JwkError::Symmetric),
        other => return Err(JwkError::UnsupportedKeyType { kty: shorten(other) }),
    };
    if let Some(use_) = jwk.string(Member::Use)? {
        if use_ != "sig" {
            return Err(JwkError::invalid(Member::Use, MemberProblem::Use(shorten(use_))));
        }
    }
    let alg = match jwk.string(Member::Alg)? {
        None => None,
        Some(alg) => {
            // RFC 9864's fully-specified "Ed25519" (what WebCrypto exports) names the same
            // signatures as "EdDSA" with an Ed25519 key.
            let alg = if alg == "Ed25519" { "EdDSA" } else { alg };
            let parsed = Alg::from_name(alg).ok_or_else(|| JwkError::invalid(Member::Alg, MemberProblem::UnknownAlg(shorten(alg))))?;
            super::check_alg(parsed, &public)?;
            Some(parsed)
        }
    };
    let kid = jwk.string(Member::Kid)?.map(super::check_kid).transpose()?.map(str::to_owned);
    // A key just generated has no certificate yet: `x5c` is read for user input only (and the
    // certificate parsers stay out of a program that reads generated keys only).
    let certificate = match members.get("x5c") {
        Some(x5c) if FULL => {
            let chain = x5c_chain(x5c)?;
            let certificate = x509::Certificate::from_chain(chain)
                .map_err(|error| JwkError::invalid(Member::X5c, MemberProblem::Certificate(Box::new(error))))?;
            if certificate.public_key() != &public {
                return Err(JwkError::invalid(Member::X5c, MemberProblem::CertificateForOtherKey));
            }
            Some(certificate)
        }
        _ => None,
    };
    Ok(JwkParts { material, public, kid, alg, certificate })
}

fn x5c_chain(value: &Value) -> Result<Vec<Vec<u8>>, JwkError> {
    let Value::Array(items) = value else {
        return Err(JwkError::invalid(Member::X5c, MemberProblem::X5cNotArray));
    };
    if items.is_empty() {
        return Err(JwkError::invalid(Member::X5c, MemberProblem::X5cEmpty));
    }
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let text = item.as_str().ok_or(JwkError::invalid(Member::X5c, MemberProblem::X5cEntryNotString(i)))?;
            b64::std_decode(text).map_err(|_| JwkError::invalid(Member::X5c, MemberProblem::X5cEntryNotBase64(i)))
        })
        .collect()
}

/// Typed access to a JWK's members.
struct Members<'a>(&'a Map<String, Value>);

impl<'a> Members<'a> {
    fn string(&self, member: Member) -> Result<Option<&'a str>, JwkError> {
        match self.0.get(member.name()) {
            None => Ok(None),
            Some(Value::String(text)) => Ok(Some(text)),
            Some(other) => Err(JwkError::invalid(member, MemberProblem::NotString { found: JsonKind::of(other) })),
        }
    }

    fn bytes(&self, member: Member) -> Result<Option<Zeroizing<Vec<u8>>>, JwkError> {
        let Some(text) = self.string(member)? else {
            return Ok(None);
        };
        if text.is_empty() {
            return Err(JwkError::invalid(member, MemberProblem::Empty));
        }
        b64::url_decode(text)
            .map(|bytes| Some(Zeroizing::new(bytes)))
            .map_err(|problem| JwkError::invalid(member, MemberProblem::Base64(problem)))
    }

    fn required(&self, member: Member, why: Needed) -> Result<Zeroizing<Vec<u8>>, JwkError> {
        self.bytes(member)?.ok_or(JwkError::MissingMember { member, why })
    }

    fn fixed(&self, member: Member, expected: usize, curve: KeyType) -> Result<Option<Zeroizing<Vec<u8>>>, JwkError> {
        match self.bytes(member)? {
            Some(bytes) if bytes.len() != expected => {
                Err(JwkError::invalid(member, MemberProblem::Length { expected, curve, actual: bytes.len() }))
            }
            other => Ok(other),
        }
    }
}

/// The key material and its public half (known from the JWK, so never derived again).
type Material = (KeyMaterial, PublicKey);

fn rsa_material(jwk: &Members) -> Result<Material, JwkError> {
    let n = BigUint::from_bytes_be(&jwk.required(Member::N, Needed::RsaModulus)?);
    let e = BigUint::from_bytes_be(&jwk.required(Member::E, Needed::RsaExponent)?);
    // The public numbers are checked first, so a bad "n" is reported before a missing "p".
    let public = rsa_parts::public_key(n.clone(), e.clone()).map_err(JwkError::from)?;
    let Some(d) = jwk.bytes(Member::D)? else {
        return Ok((KeyMaterial::Public(PublicKey::Rsa(public.clone())), PublicKey::Rsa(public)));
    };
    let p = jwk.required(Member::P, Needed::RsaPrimes)?;
    let q = jwk.required(Member::Q, Needed::RsaPrimes)?;
    if jwk.0.contains_key(Member::Oth.name()) {
        return Err(JwkError::invalid(Member::Oth, MemberProblem::MultiPrime));
    }
    let [d, p, q] = [&d, &p, &q].map(|bytes| BigUint::from_bytes_be(bytes));
    let private = rsa_parts::private_key(n, e, d, p, q).map_err(JwkError::from)?;
    Ok((KeyMaterial::Private(PrivateKey::Rsa(Box::new(private))), PublicKey::Rsa(public)))
}

fn ec_material<const FULL: bool>(jwk: &Members) -> Result<Material, JwkError> {
    let crv = jwk.string(Member::Crv)?.ok_or(JwkError::MissingMember { member: Member::Crv, why: Needed::EcCurve })?;
    match crv {
        "P-256" => ec_pair::<p256::NistP256, FULL>(jwk, KeyType::P256, 32).map(|(public, secret)| match secret {
            Some(secret) => (KeyMaterial::Private(PrivateKey::P256(secret)), PublicKey::P256(public)),
            None => (KeyMaterial::Public(PublicKey::P256(public)), PublicKey::P256(public)),
        }),
        "P-384" => ec_pair::<p384::NistP384, FULL>(jwk, KeyType::P384, 48).map(|(public, secret)| match secret {
            Some(secret) => (KeyMaterial::Private(PrivateKey::P384(secret)), PublicKey::P384(public)),
            None => (KeyMaterial::Public(PublicKey::P384(public)), PublicKey::P384(public)),
        }),
        "P-521" => ec_pair::<p521::NistP521, FULL>(jwk, KeyType::P521, 66).map(|(public, secret)| match secret {
            Some(secret) => (KeyMaterial::Private(PrivateKey::P521(secret)), PublicKey::P521(public)),
            None => (KeyMaterial::Public(PublicKey::P521(public)), PublicKey::P521(public)),
        }),
        other => Err(MaterialError::UnsupportedCurve { curve: Curve::Given(printable(other)) }.into()),
    }
}

type EcPair<C> = (elliptic_curve::PublicKey<C>, Option<elliptic_curve::SecretKey<C>>);

fn ec_pair<C, const FULL: bool>(jwk: &Members, crv: KeyType, len: usize) -> Result<EcPair<C>, JwkError>
where
    C: CurveArithmetic,
    FieldBytesSize<C>: ModulusSize,
    AffinePoint<C>: FromEncodedPoint<C> + ToEncodedPoint<C>,
{
    let missing = |member| JwkError::MissingMember { member, why: Needed::EcCoordinate };
    let x = jwk.fixed(Member::X, len, crv)?.ok_or_else(|| missing(Member::X))?;
    let y = jwk.fixed(Member::Y, len, crv)?.ok_or_else(|| missing(Member::Y))?;
    let mut sec1 = Vec::with_capacity(1 + 2 * len);
    sec1.push(0x04);
    sec1.extend_from_slice(&x);
    sec1.extend_from_slice(&y);
    let public = elliptic_curve::PublicKey::<C>::from_sec1_bytes(&sec1)
        .map_err(|_| JwkError::from(MaterialError::Inconsistent(Inconsistency::JwkPointNotOnCurve(crv))))?;
    let Some(d) = jwk.fixed(Member::D, len, crv)? else {
        return Ok((public, None));
    };
    let secret = elliptic_curve::SecretKey::<C>::from_slice(&d)
        .map_err(|_| JwkError::invalid(Member::D, MemberProblem::ScalarNotValid(crv)))?;
    if FULL && secret.public_key() != public {
        return Err(MaterialError::Inconsistent(Inconsistency::JwkPrivateMismatch(crv)).into());
    }
    Ok((public, Some(secret)))
}

fn okp_material<const FULL: bool>(jwk: &Members) -> Result<Material, JwkError> {
    let crv = jwk.string(Member::Crv)?.ok_or(JwkError::MissingMember { member: Member::Crv, why: Needed::OkpCurve })?;
    if crv != "Ed25519" {
        return Err(MaterialError::UnsupportedCurve { curve: Curve::Given(printable(crv)) }.into());
    }
    let x = jwk.fixed(Member::X, 32, KeyType::Ed25519)?.ok_or(JwkError::MissingMember { member: Member::X, why: Needed::Ed25519PublicKey })?;
    let mut x_bytes = [0u8; 32];
    x_bytes.copy_from_slice(&x);
    let public = ed25519_dalek::VerifyingKey::from_bytes(&x_bytes)
        .map_err(|_| JwkError::invalid(Member::X, MemberProblem::NotEd25519))?;
    let Some(d) = jwk.fixed(Member::D, 32, KeyType::Ed25519)? else {
        return Ok((KeyMaterial::Public(PublicKey::Ed25519(public)), PublicKey::Ed25519(public)));
    };
    let mut d_bytes = Zeroizing::new([0u8; 32]);
    d_bytes.copy_from_slice(&d);
    let secret = ed25519_dalek::SigningKey::from_bytes(&d_bytes);
    if FULL && secret.verifying_key() != public {
        return Err(MaterialError::Inconsistent(Inconsistency::JwkPrivateMismatch(KeyType::Ed25519)).into());
    }
    Ok((KeyMaterial::Private(PrivateKey::Ed25519(secret)), PublicKey::Ed25519(public)))
}
