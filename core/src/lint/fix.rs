//! Applying a fix to the setup. Key changes are the page's to make; they are returned.
use super::Fix;
use crate::key::KeyKind;
use crate::setup::Setup;

/// Something only the key workshop can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyAction {
    Generate(KeyKind),
    /// Make a self-signed certificate for the current key (if it has none).
    MakeCertificate,
}

/// Applies `fix`; returns what must also happen to the key.
pub fn apply_fix(fix: &Fix, setup: &mut Setup) -> Option<KeyAction> {
    match fix {
        Fix::Alg(alg) => setup.alg = Some(*alg),
        Fix::GenerateKey(kind) => {
            setup.alg = Some(kind.default_alg());
            return Some(KeyAction::Generate(*kind));
        }
        Fix::Lifetime(seconds) => setup.lifetime = seconds.to_string(),
        Fix::IncludeKid => setup.include_kid = true,
        Fix::Typ(typ) => setup.typ = typ.clone(),
        Fix::X5tS256 => {
            setup.include_x5t_s256 = true;
            return Some(KeyAction::MakeCertificate);
        }
        Fix::Audience(aud) => {
            setup.aud_mode = None;
            setup.audience = aud.clone();
            setup.audience_as_array = false;
        }
        Fix::Scope(scope) => setup.set_param("scope", scope.clone()),
        Fix::ScopeClaim(scope) => {
            let mut claims: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&setup.extra_claims).unwrap_or_default();
            claims.insert("scope".into(), scope.clone().into());
            setup.extra_claims = serde_json::to_string(&claims).unwrap_or_default();
        }
        Fix::SubjectFollowsClientId => setup.subject = None,
        Fix::Grant(grant) => setup.grant = *grant,
        Fix::ClientAuth(auth) => setup.client_auth = *auth,
        Fix::SendClientId => setup.send_client_id = true,
        Fix::Skew(seconds) => setup.clock_skew = seconds.to_string(),
        Fix::Pkce(method) => setup.pkce_method = *method,
        Fix::AuthorizeMode(mode) => setup.authorize_mode = *mode,
        Fix::AuthzParam { name, value } => {
            setup.authz_params.insert((*name).to_owned(), (*value).to_owned());
        }
        Fix::EnableDpop => setup.dpop_enabled = true,
        Fix::DpopAlg(alg) => setup.dpop_alg = *alg,
        Fix::DpopOwnKey => setup.dpop_key = crate::dpop::DpopKeySource::Own,
    }
    None
}
