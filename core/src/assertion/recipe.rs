//! What to sign, without signing it: the header and the claims with the fresh ones (`jti`,
//! `iat`, `nbf`, `exp`) left open. The page stamps a recipe at the last moment
//! ([`AssertionRecipe::stamp`]); a script renders the same recipe into code that stamps it on
//! every run. Both read this one value, so the page and a script sign the same assertion.
use super::build::{check_lengths, extra_claims, jti, seconds};
use super::{AssertionError, AssertionSettings, JtiFormat, Stamp, UnsignedAssertion, MAX_LIFETIME_SECONDS};
use crate::crypto::SignError;
use crate::jwa::Alg;
use crate::key::Key;
use crate::text::shorten;
use serde_json::{Map, Value};

/// The longest clock-skew allowance, in seconds.
pub const MAX_SKEW_SECONDS: i64 = 3600;

/// A claim's value: the same in every signature, or made afresh for each.
#[derive(Debug, Clone, PartialEq)]
pub enum ClaimValue {
    Fixed(Value),
    /// 128 random bits, spelled as [`AssertionRecipe::jti_format`] says.
    Jti,
    /// Now minus the skew allowance (`iat`).
    IssuedAt,
    /// Now minus the skew allowance (`nbf`).
    NotBefore,
    /// Now plus the lifetime (`exp`): the lifetime counts from the real time, not the back-dated one.
    Expires,
}

/// The assertion's header and claims, checked, with the fresh claims open.
#[derive(Debug, Clone, PartialEq)]
pub struct AssertionRecipe {
    pub alg: Alg,
    /// Fixed: `alg`, `typ`, `kid`, `x5t`, `x5t#S256`, `jku` as chosen, in that order.
    pub header: Map<String, Value>,
    /// In the order they are written: iss, sub, aud, jti, iat, nbf, exp, then extras.
    pub claims: Vec<(String, ClaimValue)>,
    /// Seconds from now to `exp`.
    pub lifetime: i64,
    /// Seconds `iat` and `nbf` are back-dated.
    pub skew: i64,
    pub jti_format: JtiFormat,
}

impl AssertionRecipe {
    /// Checks the settings against the key and writes down what every signature will carry.
    pub fn new(settings: &AssertionSettings, key: &Key) -> Result<AssertionRecipe, AssertionError> {
        if !key.is_private() {
            return Err(SignError::NotPrivate.into());
        }
        let public = key.public_key();
        if !public.supports(settings.alg) {
            return Err(AssertionError::AlgNotForKey { alg: settings.alg, key: public.description(), choices: public.algs() });
        }
        check_lengths(settings)?;
        let client_id = settings.client_id.trim();
        if client_id.is_empty() {
            return Err(AssertionError::ClientIdMissing);
        }
        let audiences: Vec<&str> = settings.audience.split_whitespace().collect();
        if audiences.is_empty() {
            return Err(AssertionError::AudienceMissing);
        }
        // The messages quote what was typed, shortened: a pasted page must not come back whole.
        let lifetime = seconds(&settings.lifetime, 1, MAX_LIFETIME_SECONDS).ok_or_else(|| AssertionError::Lifetime {
            value: shorten(&settings.lifetime),
            max: MAX_LIFETIME_SECONDS,
        })?;
        let skew = seconds(&settings.clock_skew, 0, MAX_SKEW_SECONDS).ok_or_else(|| AssertionError::Skew { value: shorten(&settings.clock_skew) })?;
        let extra = extra_claims(&settings.extra_claims)?;
        let header = header(settings, key)?;

        let mut claims = vec![("iss".to_owned(), ClaimValue::Fixed(client_id.into()))];
        let subject = settings.subject.trim();
        if !subject.is_empty() {
            claims.push(("sub".into(), ClaimValue::Fixed(subject.into())));
        }
        let aud = if audiences.len() == 1 && !settings.audience_as_array {
            Value::from(audiences[0])
        } else {
            Value::from(audiences.iter().map(|a| Value::from(*a)).collect::<Vec<_>>())
        };
        claims.push(("aud".into(), ClaimValue::Fixed(aud)));
        claims.push(("jti".into(), ClaimValue::Jti));
        if settings.include_iat {
            claims.push(("iat".into(), ClaimValue::IssuedAt));
        }
        if settings.include_nbf {
            claims.push(("nbf".into(), ClaimValue::NotBefore));
        }
        claims.push(("exp".into(), ClaimValue::Expires));
        claims.extend(extra.into_iter().map(|(name, value)| (name, ClaimValue::Fixed(value))));
        Ok(AssertionRecipe { alg: settings.alg, header, claims, lifetime, skew, jti_format: settings.jti_format })
    }

    /// Header and claims for a signature made at `stamp`.
    pub fn stamp(&self, stamp: Stamp) -> UnsignedAssertion {
        // Saturating: `now` comes from the caller's clock, whatever it says.
        let issued = stamp.now.saturating_sub(self.skew);
        let claims = self
            .claims
            .iter()
            .map(|(name, value)| {
                let value = match value {
                    ClaimValue::Fixed(value) => value.clone(),
                    ClaimValue::Jti => jti(stamp.jti_bytes, self.jti_format).into(),
                    ClaimValue::IssuedAt | ClaimValue::NotBefore => issued.into(),
                    ClaimValue::Expires => stamp.now.saturating_add(self.lifetime).into(),
                };
                (name.clone(), value)
            })
            .collect();
        UnsignedAssertion { alg: self.alg, header: self.header.clone(), claims }
    }

    /// The fixed value of claim `name`, if it has one.
    pub fn fixed(&self, name: &str) -> Option<&Value> {
        self.claims.iter().find(|(claim, _)| claim == name).and_then(|(_, value)| match value {
            ClaimValue::Fixed(value) => Some(value),
            _ => None,
        })
    }
}

fn header(settings: &AssertionSettings, key: &Key) -> Result<Map<String, Value>, AssertionError> {
    let mut header = Map::new();
    header.insert("alg".into(), settings.alg.name().into());
    let typ = settings.typ.trim();
    if typ.chars().any(char::is_control) {
        return Err(AssertionError::TypInvalid);
    }
    if !typ.is_empty() {
        header.insert("typ".into(), typ.into());
    }
    if settings.include_kid {
        header.insert("kid".into(), key.kid().into());
    }
    if settings.include_x5t || settings.include_x5t_s256 {
        let certificate = key.certificate().ok_or(AssertionError::CertificateNeeded {
            member: if settings.include_x5t_s256 { "x5t#S256" } else { "x5t" },
        })?;
        if settings.include_x5t {
            header.insert("x5t".into(), certificate.x5t().into());
        }
        if settings.include_x5t_s256 {
            header.insert("x5t#S256".into(), certificate.x5t_s256().into());
        }
    }
    let jku = settings.jku.trim();
    if !jku.is_empty() {
        // The endpoint rules (no user:password@, {placeholder}, spaces or control characters),
        // and https only: a verifier fetches keys from there.
        let checked = crate::endpoint::Endpoint::parse_resource(jku);
        if !jku.get(..8).is_some_and(|scheme| scheme.eq_ignore_ascii_case("https://")) || checked.is_err() {
            return Err(AssertionError::JkuInvalid);
        }
        header.insert("jku".into(), jku.into());
    }
    Ok(header)
}
