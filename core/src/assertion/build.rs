//! Building an assertion: settings + key + (time, randomness) → header and claims, then the
//! signature from whichever engine the caller uses.
use super::{AssertionError, AssertionRecipe};
use crate::crypto::SignError;
use crate::jwa::Alg;
use crate::jws;
use crate::key::Key;
use serde_json::{Map, Value};

/// Claims pkjwt sets itself; extra claims may not override them.
pub const RESERVED_CLAIMS: [&str; 7] = ["iss", "sub", "aud", "jti", "iat", "nbf", "exp"];

/// The longest client_id, subject, audience list, `typ` or `jku`: identifiers and URLs, far
/// below this; a paste of a whole file is refused before it is read.
pub const MAX_FIELD_BYTES: usize = 8 * 1024;

/// The longest extra-claims JSON. With it the signed assertion stays well within the
/// request's parameter limit (256 KB, `request::MAX_PARAM_BYTES`).
pub const MAX_EXTRA_CLAIMS_BYTES: usize = 64 * 1024;

/// How `jti` is spelled. Both carry 128 random bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum JtiFormat {
    /// A random (version 4) UUID, as Koppeltaal and ACM examples use.
    #[default]
    Uuid,
    /// 22 base64url characters.
    Base64Url,
}

/// What the user chose. Text fields stay text so that every parse error can be reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssertionSettings {
    /// `iss` (and by default `sub`).
    pub client_id: String,
    /// `sub`; empty omits the claim (a JWT-bearer grant for a service account has none).
    pub subject: String,
    /// `aud`: values separated by spaces or new lines (URLs and client ids contain
    /// neither); several become an array.
    pub audience: String,
    /// Write a single audience as `["…"]` instead of a string.
    pub audience_as_array: bool,
    pub alg: Alg,
    /// Seconds from `iat` to `exp`, as typed.
    pub lifetime: String,
    /// Seconds to back-date `iat` (and `nbf`) for servers whose clock runs behind, as typed.
    pub clock_skew: String,
    pub include_nbf: bool,
    pub include_iat: bool,
    /// `typ` header; empty omits it.
    pub typ: String,
    pub include_kid: bool,
    pub include_x5t: bool,
    pub include_x5t_s256: bool,
    /// `jku` header; empty omits it.
    pub jku: String,
    pub jti_format: JtiFormat,
    /// A JSON object merged into the claims (e.g. Google's `scope`).
    pub extra_claims: String,
}

impl Default for AssertionSettings {
    fn default() -> Self {
        AssertionSettings {
            client_id: String::new(),
            subject: String::new(),
            audience: String::new(),
            audience_as_array: false,
            alg: Alg::RS256,
            lifetime: "300".into(),
            clock_skew: "0".into(),
            include_nbf: false,
            include_iat: true,
            typ: "JWT".into(),
            include_kid: true,
            include_x5t: false,
            include_x5t_s256: false,
            jku: String::new(),
            jti_format: JtiFormat::Uuid,
            extra_claims: String::new(),
        }
    }
}

/// What changes on every signature: the time and 128 random bits for `jti`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    /// Unix seconds.
    pub now: i64,
    pub jti_bytes: [u8; 16],
}

impl Stamp {
    /// Now (as given) with fresh randomness from the system (or browser) CSPRNG.
    pub fn fresh(now: i64) -> Stamp {
        let mut jti_bytes = [0u8; 16];
        rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, &mut jti_bytes);
        Stamp { now, jti_bytes }
    }
}

/// Header and claims, ready to sign.
#[derive(Debug, Clone, PartialEq)]
pub struct UnsignedAssertion {
    pub alg: Alg,
    pub header: Map<String, Value>,
    pub claims: Map<String, Value>,
}

/// A signed assertion and what the page shows about it.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientAssertion {
    /// The compact JWS.
    pub token: String,
    pub header: Map<String, Value>,
    pub claims: Map<String, Value>,
    pub issued_at: i64,
    pub expires_at: i64,
}

impl UnsignedAssertion {
    pub fn signing_input(&self) -> String {
        jws::signing_input(&self.header, &self.claims)
    }

    /// Attaches a signature over [`Self::signing_input`].
    pub fn finish(self, signature: &[u8]) -> ClientAssertion {
        let token = jws::assemble(&self.signing_input(), signature);
        let number = |name: &str| self.claims.get(name).and_then(Value::as_i64).unwrap_or_default();
        ClientAssertion {
            issued_at: number("iat"),
            expires_at: number("exp"),
            token,
            header: self.header,
            claims: self.claims,
        }
    }

    /// Signs with RustCrypto in one step.
    pub fn sign_with_rustcrypto(self, key: &Key) -> Result<ClientAssertion, AssertionError> {
        let private = key.private_key().map_err(|_| SignError::NotPrivate)?;
        let signature = crate::crypto::sign(private, self.alg, self.signing_input().as_bytes())?;
        Ok(self.finish(&signature))
    }
}

pub(super) fn seconds(text: &str, min: i64, max: i64) -> Option<i64> {
    text.trim().parse::<i64>().ok().filter(|value| (min..=max).contains(value))
}

/// Refuses text fields over their limits before anything reads them.
pub(super) fn check_lengths(settings: &AssertionSettings) -> Result<(), AssertionError> {
    let fields = [
        ("client_id", &settings.client_id),
        ("sub", &settings.subject),
        ("aud", &settings.audience),
        ("typ", &settings.typ),
        ("jku", &settings.jku),
    ];
    for (field, value) in fields {
        if value.len() > MAX_FIELD_BYTES {
            return Err(AssertionError::FieldTooLong { field, length: value.len(), limit: MAX_FIELD_BYTES });
        }
    }
    if settings.extra_claims.len() > MAX_EXTRA_CLAIMS_BYTES {
        return Err(AssertionError::ExtraClaimsTooLarge { length: settings.extra_claims.len(), limit: MAX_EXTRA_CLAIMS_BYTES });
    }
    Ok(())
}

/// Builds header and claims. Claims come in the order a reader expects: iss, sub, aud,
/// jti, iat, nbf, exp, then extras. The same [`AssertionRecipe`] a script signs, stamped now.
pub fn build(settings: &AssertionSettings, key: &Key, stamp: Stamp) -> Result<UnsignedAssertion, AssertionError> {
    Ok(AssertionRecipe::new(settings, key)?.stamp(stamp))
}

pub(super) fn jti(bytes: [u8; 16], format: JtiFormat) -> String {
    match format {
        JtiFormat::Uuid => uuid::Builder::from_random_bytes(bytes).into_uuid().hyphenated().to_string(),
        JtiFormat::Base64Url => crate::b64::url_encode(&bytes),
    }
}

/// Parses the extra-claims box: empty, or a JSON object that does not touch reserved claims.
pub(super) fn extra_claims(text: &str) -> Result<Map<String, Value>, AssertionError> {
    if text.trim().is_empty() {
        return Ok(Map::new());
    }
    let value = crate::json::parse(text).map_err(AssertionError::ExtraClaimsJson)?;
    let Value::Object(map) = value else {
        return Err(AssertionError::ExtraClaimsNotObject);
    };
    if let Some(name) = map.keys().find(|name| RESERVED_CLAIMS.contains(&name.as_str())) {
        return Err(AssertionError::ExtraClaimReserved { name: name.clone() });
    }
    Ok(map)
}
