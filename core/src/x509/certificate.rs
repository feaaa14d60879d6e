//! A certificate for the current key, and the JWK members derived from it.
use super::{CertificateError, InputProblem};
use crate::b64;
use crate::der::{der_error, DerError, DerProblem, Encoded, Structure};
use crate::text::LibraryDetail;
use crate::jwa::Alg;
use crate::material::{check_input_size, PrivateKey, PublicKey};
use der::asn1::{BitString, GeneralizedTime, OctetString, SetOfVec, UtcTime};
use der::{Any, Decode, Encode, Tag, Tagged};
use sha1::Sha1;
use sha2::{Digest, Sha256};
use std::time::Duration;
use x509_cert::attr::AttributeTypeAndValue;
use x509_cert::ext::pkix::{BasicConstraints, KeyUsage, KeyUsages, SubjectKeyIdentifier};
use x509_cert::ext::Extension;
use x509_cert::name::{RdnSequence, RelativeDistinguishedName};
use x509_cert::serial_number::SerialNumber;
use x509_cert::spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};
use x509_cert::time::{Time, Validity};
use x509_cert::{TbsCertificate, Version};

/// A parsed certificate (the leaf) with any issuer certificates that came with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Certificate {
    der: Vec<u8>,
    chain: Vec<Vec<u8>>,
    public_key: PublicKey,
    subject: String,
    not_before: u64,
    not_after: u64,
}

impl Certificate {
    /// Reads a chain, leaf first (the order of `x5c` and of PEM bundles). A chain over
    /// [`MAX_INPUT_BYTES`](crate::material::MAX_INPUT_BYTES) in all is refused unread.
    pub fn from_chain(mut ders: Vec<Vec<u8>>) -> Result<Certificate, CertificateError> {
        let total = ders.iter().fold(0usize, |sum, der| sum.saturating_add(der.len()));
        check_input_size(total)?;
        // Issuer certificates are kept unread, but an empty one could not even be written
        // back as PEM.
        if ders.is_empty() || ders.iter().any(Vec::is_empty) {
            return Err(DerError::Invalid { structure: Structure::Certificate, problem: DerProblem::Empty }.into());
        }
        let der = ders.remove(0);
        let parsed = x509_cert::Certificate::from_der(&der).map_err(|e| der_error(Structure::Certificate, e))?;
        let tbs = &parsed.tbs_certificate;
        let spki = tbs.subject_public_key_info.to_der().map_err(|e| der_error(Structure::CertificatePublicKey, e))?;
        let public_key = crate::der::public_from_spki(&spki)?;
        Ok(Certificate {
            subject: rfc4514(&tbs.subject),
            not_before: tbs.validity.not_before.to_unix_duration().as_secs(),
            not_after: tbs.validity.not_after.to_unix_duration().as_secs(),
            der,
            chain: ders,
            public_key,
        })
    }

    pub fn der(&self) -> &[u8] {
        &self.der
    }

    pub fn public_key(&self) -> &PublicKey {
        &self.public_key
    }

    /// RFC 4514 subject, e.g. `CN=my-client`.
    pub fn subject(&self) -> &str {
        &self.subject
    }

    /// Validity as Unix seconds.
    pub fn not_before(&self) -> u64 {
        self.not_before
    }

    pub fn not_after(&self) -> u64 {
        self.not_after
    }

    /// The leaf and its chain as PEM `CERTIFICATE` blocks.
    pub fn pem(&self) -> String {
        std::iter::once(&self.der)
            .chain(self.chain.iter())
            .filter_map(|der| crate::pem::encode("CERTIFICATE", der).ok())
            .collect()
    }

    /// `x5c`: standard base64 DER, leaf first (RFC 7517 §4.7).
    pub fn x5c(&self) -> Vec<String> {
        std::iter::once(&self.der).chain(self.chain.iter()).map(|der| b64::std_encode(der)).collect()
    }

    /// `x5t`: base64url SHA-1 of the leaf DER.
    pub fn x5t(&self) -> String {
        b64::url_encode(&Sha1::digest(&self.der))
    }

    /// `x5t#S256`: base64url SHA-256 of the leaf DER.
    pub fn x5t_s256(&self) -> String {
        b64::url_encode(&Sha256::digest(&self.der))
    }
}

/// What the user chose for a self-signed certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateRequest {
    pub common_name: String,
    /// Unix seconds.
    pub not_before: u64,
    pub validity_days: u32,
}

/// X.520's upper bound for a common name.
const MAX_COMMON_NAME: usize = 64;
const MAX_VALIDITY_DAYS: u32 = 36_500;

/// Makes a self-signed v3 certificate for `private` (whose public half is `public`),
/// signed with RustCrypto: see [`prepare`].
pub fn self_signed(private: &PrivateKey, public: &PublicKey, request: &CertificateRequest, serial: [u8; 16]) -> Result<Certificate, CertificateError> {
    let unsigned = prepare(public, request, serial)?;
    let signature = crate::crypto::sign(private, unsigned.alg(), unsigned.signing_input())
        .map_err(|e| CertificateError::Encoding { what: Encoded::Signature, detail: LibraryDetail::new(&e) })?;
    Certificate::from_chain(vec![unsigned.finish(&signature)?])
}

/// A certificate ready to be signed: its DER `TBSCertificate`, and the JWS algorithm whose
/// signature (made by any engine) [`UnsignedCertificate::finish`] turns into X.509's form.
/// The page gets one from the key worker (where [`prepare`] and `finish` run, so their
/// encoders are not part of the page's first load) and signs it with its own engine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsignedCertificate {
    tbs_der: Vec<u8>,
    alg: Alg,
}

impl UnsignedCertificate {
    /// An unsigned certificate from its parts, as [`prepare`] made them (`tbs_der` and `alg`).
    pub fn from_parts(tbs_der: Vec<u8>, alg: Alg) -> UnsignedCertificate {
        UnsignedCertificate { tbs_der, alg }
    }

    /// The bytes the signature covers.
    pub fn signing_input(&self) -> &[u8] {
        &self.tbs_der
    }

    /// The JWS algorithm to sign with: RS256 for RSA, ES256/384/512 by curve, EdDSA.
    pub fn alg(&self) -> Alg {
        self.alg
    }

    /// Attaches a signature in JWS form (r‖s for ECDSA, which X.509 wants as DER): the
    /// certificate's DER.
    pub fn finish(&self, jws_signature: &[u8]) -> Result<Vec<u8>, CertificateError> {
        let bad = |detail: String| CertificateError::Encoding { what: Encoded::Signature, detail: LibraryDetail(detail) };
        let signature = match self.alg {
            Alg::ES256 => p256::ecdsa::Signature::from_slice(jws_signature).map(|s| s.to_der().as_bytes().to_vec()).map_err(|e| bad(e.to_string()))?,
            Alg::ES384 => p384::ecdsa::Signature::from_slice(jws_signature).map(|s| s.to_der().as_bytes().to_vec()).map_err(|e| bad(e.to_string()))?,
            Alg::ES512 => p521::ecdsa::Signature::from_slice(jws_signature).map(|s| s.to_der().as_bytes().to_vec()).map_err(|e| bad(e.to_string()))?,
            _ => jws_signature.to_vec(),
        };
        let encoding = |e: der::Error| CertificateError::Encoding { what: Encoded::Certificate, detail: LibraryDetail::new(&e) };
        let tbs = TbsCertificate::from_der(&self.tbs_der).map_err(encoding)?;
        let certificate = x509_cert::Certificate {
            signature_algorithm: tbs.signature.clone(),
            tbs_certificate: tbs,
            signature: BitString::from_bytes(&signature).map_err(|e| bad(e.to_string()))?,
        };
        certificate.to_der().map_err(encoding)
    }
}

/// Builds the unsigned self-signed certificate for `private` (whose public half is
/// `public`): subject = issuer = CN, a random positive 128-bit serial, `digitalSignature` key
/// usage, not a CA, and a subject key identifier.
pub fn prepare(public: &PublicKey, request: &CertificateRequest, serial: [u8; 16]) -> Result<UnsignedCertificate, CertificateError> {
    check_request(request)?;
    let cn = request.common_name.trim();
    let encoding = |what: Encoded| move |e: der::Error| CertificateError::Encoding { what, detail: LibraryDetail::new(&e) };

    let name = common_name(cn).map_err(encoding(Encoded::SubjectName))?;
    let spki_der = crate::der::spki_der(public)?;
    let spki = SubjectPublicKeyInfoOwned::from_der(&spki_der).map_err(encoding(Encoded::PublicKey))?;

    let mut serial = serial;
    serial[0] &= 0x7f; // positive
    serial[0] |= 0x40; // and exactly 16 bytes long, never a leading zero
    let serial = SerialNumber::new(&serial).map_err(encoding(Encoded::SerialNumber))?;

    let start = request.not_before;
    let out_of_range = || CertificateError::Input(InputProblem::OutOfRange);
    let end = start.checked_add(u64::from(request.validity_days) * 86_400).ok_or_else(out_of_range)?;
    let validity = Validity {
        not_before: time(start).map_err(|_| out_of_range())?,
        not_after: time(end).map_err(|_| out_of_range())?,
    };

    let (sig_oid, null_params, alg) = signature_algorithm(public);
    let algorithm = AlgorithmIdentifierOwned {
        oid: sig_oid,
        parameters: null_params.then(|| Any::new(Tag::Null, Vec::<u8>::new())).transpose().map_err(encoding(Encoded::Algorithm))?,
    };

    let ski = Sha1::digest(spki.subject_public_key.raw_bytes());
    let extensions = vec![
        extension(BasicConstraints { ca: false, path_len_constraint: None }, true).map_err(encoding(Encoded::BasicConstraints))?,
        extension(KeyUsage(KeyUsages::DigitalSignature.into()), true).map_err(encoding(Encoded::KeyUsage))?,
        extension(SubjectKeyIdentifier(OctetString::new(ski.to_vec()).map_err(encoding(Encoded::SubjectKeyIdentifier))?), false)
            .map_err(encoding(Encoded::SubjectKeyIdentifier))?,
    ];

    let tbs = TbsCertificate {
        version: Version::V3,
        serial_number: serial,
        signature: algorithm.clone(),
        issuer: name.clone(),
        validity,
        subject: name,
        subject_public_key_info: spki,
        issuer_unique_id: None,
        subject_unique_id: None,
        extensions: Some(extensions),
    };
    let tbs_der = tbs.to_der().map_err(encoding(Encoded::Certificate))?;
    Ok(UnsignedCertificate { tbs_der, alg })
}

/// Refuses what a certificate cannot say: an empty, over-long or control-character common
/// name, a validity outside 1 to 100 years. [`prepare`] checks it too; the page checks it
/// before it asks the key worker, so that these get the page's own words.
pub fn check_request(request: &CertificateRequest) -> Result<(), CertificateError> {
    let cn = request.common_name.trim();
    if cn.is_empty() {
        return Err(CertificateError::Input(InputProblem::EmptyCommonName));
    }
    if cn.chars().count() > MAX_COMMON_NAME {
        return Err(CertificateError::Input(InputProblem::CommonNameTooLong { length: cn.chars().count(), max: MAX_COMMON_NAME }));
    }
    if cn.chars().any(char::is_control) {
        return Err(CertificateError::Input(InputProblem::CommonNameControl));
    }
    if request.validity_days == 0 || request.validity_days > MAX_VALIDITY_DAYS {
        return Err(CertificateError::Input(InputProblem::Validity { days: request.validity_days, max: MAX_VALIDITY_DAYS }));
    }
    Ok(())
}

/// The X.509 signatureAlgorithm for `key`, whether it carries NULL parameters (RSA), and the
/// JWS algorithm that makes the same signature.
fn signature_algorithm(key: &PublicKey) -> (const_oid::ObjectIdentifier, bool, Alg) {
    use const_oid::ObjectIdentifier as Oid;
    match key {
        PublicKey::Rsa(_) => (Oid::new_unwrap("1.2.840.113549.1.1.11"), true, Alg::RS256),
        PublicKey::P256(_) => (Oid::new_unwrap("1.2.840.10045.4.3.2"), false, Alg::ES256),
        PublicKey::P384(_) => (Oid::new_unwrap("1.2.840.10045.4.3.3"), false, Alg::ES384),
        PublicKey::P521(_) => (Oid::new_unwrap("1.2.840.10045.4.3.4"), false, Alg::ES512),
        PublicKey::Ed25519(_) => (Oid::new_unwrap("1.3.101.112"), false, Alg::EdDSA),
    }
}

/// RFC 4514 (RFC 2253) text of a name, as `openssl x509 -nameopt RFC2253` prints it.
/// Written here rather than with x509-cert's `Display`, which drags in const-oid's table of
/// every OID name (about 22 KB of the page's compressed size) for the few attributes
/// certificates for clients use.
fn rfc4514(name: &RdnSequence) -> String {
    let rdns: Vec<String> = name
        .0
        .iter()
        .rev()
        .map(|rdn| rdn.0.iter().map(attribute).collect::<Vec<_>>().join("+"))
        .collect();
    rdns.join(",")
}

fn attribute(atv: &AttributeTypeAndValue) -> String {
    let short = match atv.oid.to_string().as_str() {
        "2.5.4.3" => Some("CN"),
        "2.5.4.6" => Some("C"),
        "2.5.4.7" => Some("L"),
        "2.5.4.8" => Some("ST"),
        "2.5.4.9" => Some("STREET"),
        "2.5.4.10" => Some("O"),
        "2.5.4.11" => Some("OU"),
        "0.9.2342.19200300.100.1.1" => Some("UID"),
        "0.9.2342.19200300.100.1.25" => Some("DC"),
        _ => None,
    };
    let text = match atv.value.tag() {
        Tag::Utf8String | Tag::PrintableString | Tag::Ia5String | Tag::TeletexString => {
            std::str::from_utf8(atv.value.value()).ok().map(escape)
        }
        _ => None,
    };
    match (short, text) {
        (Some(short), Some(text)) => format!("{short}={text}"),
        // RFC 4514 §2.4: unknown types and encodings as the dotted OID and the DER in hex.
        _ => {
            let hex: String = atv.value.to_der().unwrap_or_default().iter().map(|b| format!("{b:02X}")).collect();
            format!("{}=#{hex}", atv.oid)
        }
    }
}

/// RFC 4514 §2.4 escaping of an attribute value.
fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let last = value.chars().count().saturating_sub(1);
    for (index, c) in value.chars().enumerate() {
        let special = matches!(c, ',' | '+' | '"' | '\\' | '<' | '>' | ';')
            || (index == 0 && (c == '#' || c == ' '))
            || (index == last && c == ' ');
        if c == '\0' {
            out.push_str("\\00");
            continue;
        }
        if special {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn common_name(cn: &str) -> der::Result<RdnSequence> {
    let value = Any::new(Tag::Utf8String, cn.as_bytes())?;
    let atv = AttributeTypeAndValue { oid: const_oid::ObjectIdentifier::new_unwrap("2.5.4.3"), value };
    Ok(RdnSequence(vec![RelativeDistinguishedName(SetOfVec::try_from(vec![atv])?)]))
}

/// RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050.
fn time(unix: u64) -> der::Result<Time> {
    const YEAR_2050: u64 = 2_524_608_000;
    let duration = Duration::from_secs(unix);
    if unix < YEAR_2050 {
        Ok(Time::UtcTime(UtcTime::from_unix_duration(duration)?))
    } else {
        Ok(Time::GeneralTime(GeneralizedTime::from_unix_duration(duration)?))
    }
}

fn extension<T: der::Encode + const_oid::AssociatedOid>(value: T, critical: bool) -> der::Result<Extension> {
    Ok(Extension { extn_id: T::OID, critical, extn_value: OctetString::new(value.to_der()?)? })
}

/// 16 random bytes for a certificate serial number, from the system (or browser) CSPRNG.
pub fn random_serial() -> [u8; 16] {
    let mut serial = [0u8; 16];
    rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, &mut serial);
    serial
}
