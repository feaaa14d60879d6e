//! Importing keys from whatever a user pastes: a JWK, a JWK Set, PEM blocks (PKCS#8,
//! PKCS#1, SEC1, SPKI, certificates) or raw DER from a file.
use super::{Key, KeyError, KeyMaterial, LabelHint, PrivateKey, PublicKey};
use crate::der::{is_sec1, DerProblem, Structure, private_from_pkcs1, private_from_pkcs8, private_from_sec1, public_from_pkcs1, public_from_spki};
use crate::jwk::{self, Check};
use crate::material::check_input_size;
use crate::pem::parse_blocks;
use crate::x509::Certificate;
use der::Decode;
use serde_json::Value;
use zeroize::Zeroizing;

/// The most key material pkjwt reads (every reader below refuses more, unread).
pub use crate::material::MAX_INPUT_BYTES;

/// What an import found: one or more keys to choose from.
#[derive(Debug, Clone)]
pub struct Imported {
    /// Readable keys, in input order, each with a label for a picker.
    pub candidates: Vec<Candidate>,
    /// Entries of a JWK Set that could not be read, with why.
    pub skipped: Vec<KeyError>,
    /// The client id the input names, if any (a Google service account key file's
    /// `client_email`).
    pub client_id: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Candidate {
    /// e.g. `keys[1] · kid "abc" · EC P-256 · private`.
    pub label: String,
    pub key: Key,
}

impl Imported {
    fn single(key: Key) -> Imported {
        let label = describe(&key);
        Imported { candidates: vec![Candidate { label, key }], skipped: Vec::new(), client_id: None }
    }

    /// The candidate to select first: the first private key, else the first key.
    pub fn preferred(&self) -> usize {
        self.candidates.iter().position(|c| c.key.is_private()).unwrap_or(0)
    }
}

fn describe(key: &Key) -> String {
    format!(
        "{} · {} · kid {}",
        key.public_key().describe(),
        if key.is_private() { "private" } else { "public only" },
        key.kid()
    )
}

/// Reads pasted text.
pub fn import_text(input: &str) -> Result<Imported, KeyError> {
    check_input_size(input.len())?;
    let text = input.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if text.is_empty() {
        return Err(KeyError::Empty);
    }
    if text.starts_with('{') || text.starts_with('[') {
        return import_json(text);
    }
    if text.contains("-----BEGIN ") || text.contains("-----END ") {
        return import_pem(text);
    }
    if looks_like_jwt(text) {
        return Err(KeyError::LooksLikeJwt);
    }
    // A bare base64 DER body (a PEM without its armour) is common in .env files.
    if text.len() >= MIN_BARE_BASE64 && text.chars().all(|c| c.is_ascii_alphanumeric() || "+/=\r\n".contains(c)) {
        let compact = Zeroizing::new(text.chars().filter(|c| !c.is_whitespace()).collect::<String>());
        if let Ok(der) = crate::b64::std_decode(&compact) {
            return read_der(&Zeroizing::new(der), Structure::PastedBase64);
        }
    }
    Err(KeyError::Unrecognized)
}

/// The shortest key as bare base64: an Ed25519 SPKI (44 bytes of DER, 60 characters).
const MIN_BARE_BASE64: usize = 60;

fn looks_like_jwt(text: &str) -> bool {
    let base64url = |part: &str| part.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    let mut parts = text.split('.');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(header), Some(claims), Some(signature), None) => {
            header.starts_with("eyJ") && base64url(header) && base64url(claims) && base64url(signature)
        }
        _ => false,
    }
}

/// Parses JSON with the position of the first error. Text over [`MAX_INPUT_BYTES`] is
/// refused unread (every JWK reader comes through here, not only [`import_text`]).
fn parse_json(text: &str) -> Result<Value, KeyError> {
    check_input_size(text.len())?;
    crate::json::parse(text).map_err(KeyError::Json)
}

/// One entry of a JWK Set: where it was, its `kid` if readable, and the key or why not.
#[derive(Debug, Clone)]
pub struct JwksEntry {
    pub index: usize,
    pub kid: Option<String>,
    pub key: Result<Key, KeyError>,
}

/// Parses one JWK from JSON text.
pub fn parse_jwk(text: &str) -> Result<Key, KeyError> {
    parse_jwk_value(&parse_json(text)?)
}

/// Parses one JWK from an already parsed JSON value.
pub fn parse_jwk_value(value: &Value) -> Result<Key, KeyError> {
    key_from_parts(jwk::read(value, Check::Full)?)
}

/// Parses a private JWK that WebCrypto (or pkjwt's own worker) generated in this page,
/// without re-deriving its public half. Never use this for anything a user pasted.
pub fn parse_generated_jwk(text: &str) -> Result<Key, KeyError> {
    key_from_parts(jwk::read_generated(&parse_json(text)?)?)
}

fn key_from_parts(parts: jwk::JwkParts) -> Result<Key, KeyError> {
    let mut key = match parts.material {
        KeyMaterial::Private(private) => Key::with_public(private, parts.public),
        KeyMaterial::Public(public) => Key::from_public(public),
    };
    key.set_alg(parts.alg)?;
    if let Some(kid) = &parts.kid {
        key.set_kid(kid)?;
    }
    if let Some(certificate) = parts.certificate {
        key.set_certificate(certificate)?;
    }
    Ok(key)
}

/// Parses the entries of a JWK Set (`{"keys": [...]}`); each entry succeeds or fails alone.
pub fn parse_jwks_value(value: &Value) -> Result<Vec<JwksEntry>, KeyError> {
    if value.get("keys").is_none() {
        return Err(KeyError::JsonNotAKey);
    }
    Ok(jwk::set_entries(value)?
        .iter()
        .enumerate()
        .map(|(index, jwk)| JwksEntry {
            index,
            kid: jwk.get("kid").and_then(Value::as_str).map(str::to_owned),
            key: parse_jwk_value(jwk).map_err(|error| KeyError::InSet { index, error: Box::new(error) }),
        })
        .collect())
}

fn import_json(text: &str) -> Result<Imported, KeyError> {
    let value = parse_json(text)?;
    if value.is_array() {
        return Err(KeyError::JsonArray);
    }
    if value.get("keys").is_some() && value.get("kty").is_none() {
        let entries = parse_jwks_value(&value)?;
        let mut imported = Imported { candidates: Vec::new(), skipped: Vec::new(), client_id: None };
        for entry in entries {
            match entry.key {
                Ok(key) => imported
                    .candidates
                    .push(Candidate { label: format!("keys[{}] · {}", entry.index, describe(&key)), key }),
                Err(error) => imported.skipped.push(error),
            }
        }
        if imported.candidates.is_empty() {
            let first = imported.skipped.first().cloned().unwrap_or(KeyError::Jwk(jwk::JwkError::SetEmpty));
            return Err(KeyError::JwksNoUsableKey { first: Box::new(first) });
        }
        return Ok(imported);
    }
    if value.get("type").and_then(serde_json::Value::as_str) == Some("service_account") {
        return import_service_account(&value);
    }
    if value.get("kty").is_none() {
        return Err(KeyError::JsonNotAKey);
    }
    parse_jwk_value(&value).map(Imported::single)
}

/// A Google service account key file: `private_key` is a PKCS#8 PEM, `private_key_id` the
/// kid Google registered, `client_email` the issuer of the JWT-bearer assertion.
fn import_service_account(value: &Value) -> Result<Imported, KeyError> {
    let member = |name: &str| value.get(name).and_then(serde_json::Value::as_str);
    let pem = member("private_key").ok_or(KeyError::ServiceAccountWithoutKey)?;
    let mut imported = import_pem(pem)?;
    if let Some(kid) = member("private_key_id") {
        for candidate in &mut imported.candidates {
            candidate.key.set_kid(kid)?;
            candidate.label = describe(&candidate.key);
        }
    }
    imported.client_id = member("client_email").map(str::to_owned);
    Ok(imported)
}

fn import_pem(text: &str) -> Result<Imported, KeyError> {
    let blocks = parse_blocks(text)?;
    if blocks.is_empty() {
        return Err(KeyError::PemNoBlock);
    }
    let mut private: Option<PrivateKey> = None;
    let mut public: Option<PublicKey> = None;
    let mut certificates: Vec<Vec<u8>> = Vec::new();
    for block in &blocks {
        if block.encrypted_legacy {
            return Err(KeyError::PemEncrypted { label: crate::text::printable(&block.label) });
        }
        match block.label.as_str() {
            "PRIVATE KEY" => private = Some(private_from_pkcs8(&block.der)?),
            "RSA PRIVATE KEY" => private = Some(private_from_pkcs1(&block.der)?),
            "EC PRIVATE KEY" => private = Some(private_from_sec1(&block.der, None)?),
            "PUBLIC KEY" => public = Some(public_from_spki(&block.der)?),
            "RSA PUBLIC KEY" => public = Some(public_from_pkcs1(&block.der)?),
            "CERTIFICATE" => certificates.push(block.der.clone()),
            // `openssl ecparam -genkey` writes the curve before the key; the key repeats it.
            "EC PARAMETERS" => {}
            other => return Err(unsupported_label(other)),
        }
    }
    let certificate = if certificates.is_empty() {
        None
    } else {
        Some(Certificate::from_chain(certificates)?)
    };
    let material = match (private, public, &certificate) {
        (Some(private), _, _) => KeyMaterial::Private(private),
        (None, Some(public), _) => KeyMaterial::Public(public),
        (None, None, Some(certificate)) => KeyMaterial::Public(certificate.public_key().clone()),
        // Curve parameters alone (`openssl ecparam -name …` without -genkey) hold no key.
        (None, None, None) if blocks.iter().any(|b| b.label == "EC PARAMETERS") => {
            return Err(KeyError::PemUnsupportedLabel { label: "EC PARAMETERS".into(), hint: LabelHint::CurveOnly })
        }
        (None, None, None) => return Err(KeyError::PemNoBlock),
    };
    let mut key = Key::new(material);
    if let Some(certificate) = certificate {
        key.set_certificate(certificate)?;
    }
    Ok(Imported::single(key))
}

fn unsupported_label(label: &str) -> KeyError {
    let hint = match label {
        "ENCRYPTED PRIVATE KEY" => return KeyError::PemEncrypted { label: label.to_owned() },
        "OPENSSH PRIVATE KEY" => LabelHint::OpenSsh,
        "CERTIFICATE REQUEST" | "NEW CERTIFICATE REQUEST" => LabelHint::CertificateRequest,
        "DSA PRIVATE KEY" => LabelHint::Dsa,
        "X509 CRL" => LabelHint::RevocationList,
        _ => LabelHint::Other,
    };
    KeyError::PemUnsupportedLabel { label: crate::text::printable(label), hint }
}

/// Reads binary DER (from a `.der`/`.key` file): PKCS#8, SPKI, certificate, PKCS#1 or SEC1.
pub fn import_der(der: &[u8]) -> Result<Imported, KeyError> {
    read_der(der, Structure::File)
}

/// Recognizes the DER structure by trying each in turn; `source` names the input when none fits.
fn read_der(der: &[u8], source: Structure) -> Result<Imported, KeyError> {
    check_input_size(der.len())?;
    if pkcs8::PrivateKeyInfo::from_der(der).is_ok() {
        return private_from_pkcs8(der).map_err(KeyError::from).map(|k| Imported::single(Key::from_private(k)));
    }
    if spki::SubjectPublicKeyInfoRef::from_der(der).is_ok() {
        return public_from_spki(der).map_err(KeyError::from).map(|k| Imported::single(Key::new(KeyMaterial::Public(k))));
    }
    if x509_cert::Certificate::from_der(der).is_ok() {
        let certificate = Certificate::from_chain(vec![der.to_vec()])?;
        let mut key = Key::new(KeyMaterial::Public(certificate.public_key().clone()));
        key.set_certificate(certificate)?;
        return Ok(Imported::single(key));
    }
    if pkcs1::RsaPrivateKey::from_der(der).is_ok() {
        return private_from_pkcs1(der).map_err(KeyError::from).map(|k| Imported::single(Key::from_private(k)));
    }
    if is_sec1(der) {
        return private_from_sec1(der, None).map_err(KeyError::from).map(|k| Imported::single(Key::from_private(k)));
    }
    if pkcs1::RsaPublicKey::from_der(der).is_ok() {
        return public_from_pkcs1(der).map_err(KeyError::from).map(|k| Imported::single(Key::new(KeyMaterial::Public(k))));
    }
    Err(crate::der::DerError::Invalid { structure: source, problem: DerProblem::Unrecognized }.into())
}
