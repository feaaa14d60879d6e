//! What each rule checks, and the fix it proposes.
use super::{Finding, Fix, LintInput, Problem, Rule, RuleRef, Source};
use crate::key::{KeyKind, PublicKey};
use crate::assertion::AudienceTarget;
use crate::authorize::PkceMethod;
use crate::dpop::DpopKeySource;
use crate::request::Grant;

/// Checks one rule; `None` when it holds (or cannot be judged yet, e.g. an unknown issuer).
pub fn check(rule: &RuleRef, input: &LintInput) -> Option<Finding> {
    let finding = |id: &'static str, problem: Problem, fix: Option<Fix>| {
        let (source, url) = (Source::Document(rule.source), rule.source.url().to_owned());
        Some(Finding { rule: id, severity: rule.severity, problem, source, url, fix })
    };
    let settings = input.assertion;
    let request = input.request;
    let public = input.key.map(|key| key.public_key());
    match rule.rule {
        Rule::Algs(allowed) => {
            let alg = settings.alg;
            if allowed.contains(&alg) {
                return None;
            }
            let usable = allowed.iter().find(|a| public.is_none_or(|k| k.supports(**a)));
            let fix = match usable {
                Some(alg) => Fix::Alg(*alg),
                None => Fix::GenerateKey(kind_for(allowed, input.suggested_key)),
            };
            finding("alg", Problem::Alg { current: alg, allowed: allowed.to_vec() }, Some(fix))
        }
        Rule::MaxLifetime(max) => {
            let lifetime: i64 = settings.lifetime.trim().parse().ok()?;
            (lifetime > max).then_some(())?;
            finding("lifetime", Problem::Lifetime { current: lifetime, max }, Some(Fix::Lifetime(max)))
        }
        Rule::Kid => (!settings.include_kid)
            .then(|| finding("kid", Problem::Kid, Some(Fix::IncludeKid)))?,
        Rule::Typ(typ) => (settings.typ.trim() != typ).then(|| {
            let problem = Problem::Typ { current: crate::text::shorten(settings.typ.trim()), wanted: typ.to_owned() };
            finding("typ", problem, Some(Fix::Typ(typ.to_owned())))
        })?,
        Rule::X5tS256 => {
            let has_certificate = input.key.is_some_and(|k| k.certificate().is_some());
            if settings.include_x5t_s256 && has_certificate {
                return None;
            }
            finding("x5t#S256", Problem::X5tS256 { has_certificate }, Some(Fix::X5tS256))
        }
        Rule::Audience { target, array_ok } => audience(input, target, array_ok, finding),
        Rule::RsaBits { min, max } => {
            let Some(PublicKey::Rsa(_)) = public else { return None };
            let bits = public.map(|k| k.bits()).unwrap_or_default();
            (bits < min || bits > max).then(|| {
                finding("key-size", Problem::RsaSize { bits, min, max }, Some(Fix::GenerateKey(KeyKind::Rsa2048)))
            })?
        }
        Rule::EcMinBits(min) => {
            let key = public.filter(|k| !matches!(k, PublicKey::Rsa(_)))?;
            (key.bits() < min).then(|| {
                finding("key-size", Problem::KeySize { bits: key.bits(), min }, Some(Fix::GenerateKey(KeyKind::P256)))
            })?
        }
        Rule::Scope => {
            let takes_scope = request.grant.params().iter().any(|p| p.name == "scope");
            let scope = request.params.get("scope").map(|s| s.trim()).unwrap_or("");
            (takes_scope && scope.is_empty()).then(|| {
                let fix = (!input.suggested_scope.is_empty()).then(|| Fix::Scope(input.suggested_scope.to_owned()));
                finding("scope", Problem::Scope, fix)
            })?
        }
        Rule::ScopeClaim => {
            // Extra claims over the limit are refused when the assertion is built; not parsed here.
            let claims: serde_json::Value = Some(&settings.extra_claims)
                .filter(|text| text.len() <= crate::assertion::MAX_EXTRA_CLAIMS_BYTES)
                .and_then(|text| serde_json::from_str(text).ok())
                .unwrap_or_default();
            let present = claims.get("scope").and_then(|s| s.as_str()).is_some_and(|s| !s.trim().is_empty());
            (!present).then(|| {
                let fix = (!input.suggested_scope.is_empty()).then(|| Fix::ScopeClaim(input.suggested_scope.to_owned()));
                finding("scope-claim", Problem::ScopeClaim, fix)
            })?
        }
        Rule::SubjectIsClientId => (settings.subject.trim() != settings.client_id.trim()).then(|| {
            finding("sub", Problem::SubjectIsClientId, Some(Fix::SubjectFollowsClientId))
        })?,
        Rule::SubjectIsUser => {
            let sub = settings.subject.trim();
            (sub.is_empty() || sub == settings.client_id.trim()).then(|| {
                finding("sub", Problem::SubjectIsUser, None)
            })?
        }
        Rule::Grant(grant) => (request.grant != grant)
            .then(|| finding("grant", Problem::Grant(grant), Some(Fix::Grant(grant))))?,
        Rule::ClientAuth(auth) => (request.client_auth != auth).then(|| {
            finding("client-auth", Problem::ClientAuth(auth), Some(Fix::ClientAuth(auth)))
        })?,
        Rule::SendClientId => (!request.send_client_id && request.client_auth == crate::request::ClientAuth::PrivateKeyJwt).then(|| {
            finding("client-id-field", Problem::SendClientId, Some(Fix::SendClientId))
        })?,
        Rule::MaxSkew(max) => {
            let skew: i64 = settings.clock_skew.trim().parse().ok()?;
            (skew > max).then(|| {
                finding("skew", Problem::Skew { current: skew, max }, Some(Fix::Skew(max)))
            })?
        }
        Rule::Par => {
            let mode = input.authorize.mode;
            (request.grant == Grant::AuthorizationCode && !mode.uses_par()).then(|| {
                finding("par", Problem::ParRequired { chosen: mode }, Some(Fix::AuthorizeMode(mode.with_par())))
            })?
        }
        Rule::PkceS256 => {
            let pkce = input.authorize.pkce;
            (request.grant == Grant::AuthorizationCode && pkce != PkceMethod::S256).then(|| {
                finding("pkce-s256", Problem::PkceS256Required { current: pkce }, Some(Fix::Pkce(PkceMethod::S256)))
            })?
        }
        Rule::ClientAuthIn(allowed) => (!allowed.contains(&request.client_auth)).then(|| {
            let problem = Problem::ClientAuthNotIn { current: request.client_auth, allowed: allowed.to_vec() };
            finding("client-auth", problem, allowed.first().copied().map(Fix::ClientAuth))
        })?,
        Rule::SenderConstrained => (input.dpop.is_none() && !request.client_auth.uses_certificate())
            .then(|| finding("sender-constrained", Problem::SenderConstraintMissing, Some(Fix::EnableDpop)))?,
        Rule::DpopAlgs(allowed) => {
            let current = input.dpop_alg()?;
            if allowed.iter().any(|a| a.alg() == current) {
                return None;
            }
            // With the client key the proof takes the assertion's alg: a key of its own fixes it.
            let fix = match input.dpop.map(|d| d.key) {
                Some(DpopKeySource::Client) => Fix::DpopOwnKey,
                _ => Fix::DpopAlg(allowed.first().copied().unwrap_or_default()),
            };
            let problem = Problem::DpopAlg { current, allowed: allowed.iter().map(|a| a.alg()).collect() };
            finding("dpop-alg", problem, Some(fix))
        }
    }
}

fn audience(
    input: &LintInput,
    target: AudienceTarget,
    array_ok: bool,
    finding: impl Fn(&'static str, Problem, Option<Fix>) -> Option<Finding>,
) -> Option<Finding> {
    let expected = match target {
        AudienceTarget::Issuer => input.issuer,
        AudienceTarget::TokenEndpoint => input.token_endpoint,
        AudienceTarget::CalledEndpoint => input.request.endpoint.as_str(),
    }
    .trim();
    // Unknown or still a template: the request panel already says what to fill in.
    if expected.is_empty() || expected.contains('{') {
        return None;
    }
    let values: Vec<&str> = input.assertion.audience.split_whitespace().collect();
    let as_array = values.len() > 1 || input.assertion.audience_as_array;
    if !values.contains(&expected) {
        return finding("aud", Problem::Audience { target, expected: expected.to_owned() }, Some(Fix::Audience(expected.to_owned())));
    }
    if as_array && !array_ok {
        return finding("aud-string", Problem::AudienceString, Some(Fix::Audience(expected.to_owned())));
    }
    None
}

/// A key kind that can make the first of `allowed`.
fn kind_for(allowed: &[crate::jwa::Alg], suggested: KeyKind) -> KeyKind {
    if allowed.iter().any(|alg| suggested.signs_with(*alg)) {
        return suggested;
    }
    allowed.first().map_or(KeyKind::Rsa2048, |alg| KeyKind::for_alg(*alg))
}
