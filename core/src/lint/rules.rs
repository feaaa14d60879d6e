//! What each rule checks, and the fix it proposes.
use super::{Finding, Fix, LintInput, Rule, RuleRef};
use crate::key::{KeyKind, PublicKey};
use crate::profile::AudienceTarget;

/// Checks one rule; `None` when it holds (or cannot be judged yet, e.g. an unknown issuer).
pub fn check(rule: &RuleRef, input: &LintInput) -> Option<Finding> {
    let finding = |id: &'static str, message: String, fix: Option<Fix>| {
        Some(Finding { rule: id, severity: rule.severity, message, source: rule.source.to_owned(), url: rule.url.to_owned(), fix })
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
            let names = allowed.iter().map(|a| a.name()).collect::<Vec<_>>().join(", ");
            let usable = allowed.iter().find(|a| public.is_none_or(|k| k.supports(**a)));
            let fix = match usable {
                Some(alg) => Fix::Alg(*alg),
                None => Fix::GenerateKey(kind_for(allowed, input.suggested_key)),
            };
            finding("alg", format!("\"alg\" is {alg}; {} accepts {names}.", rule.source), Some(fix))
        }
        Rule::MaxLifetime(max) => {
            let lifetime: i64 = settings.lifetime.trim().parse().ok()?;
            (lifetime > max).then_some(())?;
            finding(
                "lifetime",
                format!("The lifetime is {lifetime} s; {} allows at most {max} s between iat and exp.", rule.source),
                Some(Fix::Lifetime(max)),
            )
        }
        Rule::Kid => (!settings.include_kid)
            .then(|| finding("kid", format!("{} requires a \"kid\" header naming the key.", rule.source), Some(Fix::IncludeKid)))?,
        Rule::Typ(typ) => (settings.typ.trim() != typ).then(|| {
            let now = if settings.typ.trim().is_empty() { "missing".to_owned() } else { format!("{:?}", settings.typ.trim()) };
            finding("typ", format!("The \"typ\" header is {now}; {} wants \"{typ}\".", rule.source), Some(Fix::Typ(typ.to_owned())))
        })?,
        Rule::X5tS256 => {
            let has_certificate = input.key.is_some_and(|k| k.certificate().is_some());
            if settings.include_x5t_s256 && has_certificate {
                return None;
            }
            let message = if has_certificate {
                format!("{} identifies the key by its certificate: add the \"x5t#S256\" header.", rule.source)
            } else {
                format!("{} identifies the key by an uploaded certificate: make one and add the \"x5t#S256\" header.", rule.source)
            };
            finding("x5t#S256", message, Some(Fix::X5tS256))
        }
        Rule::Audience { target, array_ok } => audience(rule, input, target, array_ok, finding),
        Rule::RsaBits { min, max } => {
            let Some(PublicKey::Rsa(_)) = public else { return None };
            let bits = public.map(|k| k.bits()).unwrap_or_default();
            (bits < min || bits > max).then(|| {
                finding(
                    "key-size",
                    format!("The RSA key has {bits} bits; {} accepts {min} to {max}.", rule.source),
                    Some(Fix::GenerateKey(KeyKind::Rsa2048)),
                )
            })?
        }
        Rule::EcMinBits(min) => {
            let key = public.filter(|k| !matches!(k, PublicKey::Rsa(_)))?;
            (key.bits() < min).then(|| {
                finding("key-size", format!("The key has {} bits; {} needs at least {min}.", key.bits(), rule.source), Some(Fix::GenerateKey(KeyKind::P256)))
            })?
        }
        Rule::Scope => {
            let takes_scope = request.grant.params().iter().any(|p| p.name == "scope");
            let scope = request.params.get("scope").map(|s| s.trim()).unwrap_or("");
            (takes_scope && scope.is_empty()).then(|| {
                let fix = (!input.suggested_scope.is_empty()).then(|| Fix::Scope(input.suggested_scope.to_owned()));
                finding("scope", format!("{} requires a scope in the request.", rule.source), fix)
            })?
        }
        Rule::ScopeClaim => {
            let claims: serde_json::Value = serde_json::from_str(&settings.extra_claims).unwrap_or_default();
            let present = claims.get("scope").and_then(|s| s.as_str()).is_some_and(|s| !s.trim().is_empty());
            (!present).then(|| {
                let fix = (!input.suggested_scope.is_empty()).then(|| Fix::ScopeClaim(input.suggested_scope.to_owned()));
                finding("scope-claim", format!("{} expects the scopes as a \"scope\" claim in the JWT.", rule.source), fix)
            })?
        }
        Rule::SubjectIsClientId => (settings.subject.trim() != settings.client_id.trim()).then(|| {
            finding(
                "sub",
                format!("\"sub\" must equal \"iss\" (the client_id) for client authentication ({}).", rule.source),
                Some(Fix::SubjectFollowsClientId),
            )
        })?,
        Rule::SubjectIsUser => {
            let sub = settings.subject.trim();
            (sub.is_empty() || sub == settings.client_id.trim()).then(|| {
                finding("sub", format!("{} puts the user (the username) in \"sub\", not the client id.", rule.source), None)
            })?
        }
        Rule::Grant(grant) => (request.grant != grant)
            .then(|| finding("grant", format!("{} uses the {} grant.", rule.source, grant.label()), Some(Fix::Grant(grant))))?,
        Rule::ClientAuth(auth) => (request.client_auth != auth).then(|| {
            finding("client-auth", format!("{} expects client authentication {}.", rule.source, auth.id()), Some(Fix::ClientAuth(auth)))
        })?,
        Rule::SendClientId => (!request.send_client_id && request.client_auth == crate::request::ClientAuth::PrivateKeyJwt).then(|| {
            finding("client-id-field", format!("{} also expects client_id as a form field.", rule.source), Some(Fix::SendClientId))
        })?,
        Rule::MaxSkew(max) => {
            let skew: i64 = settings.clock_skew.trim().parse().ok()?;
            (skew > max).then(|| {
                finding("skew", format!("iat is back-dated by {skew} s; {} tolerates {max} s.", rule.source), Some(Fix::Skew(max)))
            })?
        }
    }
}

fn audience(
    rule: &RuleRef,
    input: &LintInput,
    target: AudienceTarget,
    array_ok: bool,
    finding: impl Fn(&'static str, String, Option<Fix>) -> Option<Finding>,
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
        return finding(
            "aud",
            format!("\"aud\" must be {} ({expected}) for {}.", target.describe(), rule.source),
            Some(Fix::Audience(expected.to_owned())),
        );
    }
    if as_array && !array_ok {
        return finding(
            "aud-string",
            format!("{} wants \"aud\" as one string, not an array.", rule.source),
            Some(Fix::Audience(expected.to_owned())),
        );
    }
    None
}

/// A key kind that can make the first of `allowed`.
fn kind_for(allowed: &[crate::jwa::Alg], suggested: KeyKind) -> KeyKind {
    use crate::jwa::Alg::*;
    let suggested_fits = allowed.iter().any(|alg| match alg {
        RS256 | RS384 | RS512 | PS256 | PS384 | PS512 => suggested.rsa_bits().is_some(),
        ES256 => suggested == KeyKind::P256,
        ES384 => suggested == KeyKind::P384,
        ES512 => suggested == KeyKind::P521,
        EdDSA => suggested == KeyKind::Ed25519,
    });
    if suggested_fits {
        return suggested;
    }
    match allowed.first() {
        Some(ES256) => KeyKind::P256,
        Some(ES384) => KeyKind::P384,
        Some(ES512) => KeyKind::P521,
        Some(EdDSA) => KeyKind::Ed25519,
        _ => KeyKind::Rsa2048,
    }
}
