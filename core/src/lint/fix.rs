//! Applying a fix to the settings. Key changes are the page's to make; they are returned.
use super::Fix;
use crate::assertion::AssertionSettings;
use crate::key::KeyKind;
use crate::request::RequestSettings;

/// Something only the key workshop can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyAction {
    Generate(KeyKind),
    /// Make a self-signed certificate for the current key (if it has none).
    MakeCertificate,
}

/// Applies `fix`; returns what must also happen to the key.
pub fn apply_fix(fix: &Fix, assertion: &mut AssertionSettings, request: &mut RequestSettings) -> Option<KeyAction> {
    match fix {
        Fix::Alg(alg) => assertion.alg = *alg,
        Fix::GenerateKey(kind) => {
            assertion.alg = kind.default_alg();
            return Some(KeyAction::Generate(*kind));
        }
        Fix::Lifetime(seconds) => assertion.lifetime = seconds.to_string(),
        Fix::IncludeKid => assertion.include_kid = true,
        Fix::Typ(typ) => assertion.typ = typ.clone(),
        Fix::X5tS256 => {
            assertion.include_x5t_s256 = true;
            return Some(KeyAction::MakeCertificate);
        }
        Fix::Audience(aud) => {
            assertion.audience = aud.clone();
            assertion.audience_as_array = false;
        }
        Fix::Scope(scope) => {
            request.params.insert("scope".into(), scope.clone());
        }
        Fix::ScopeClaim(scope) => {
            let mut claims: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(&assertion.extra_claims).unwrap_or_default();
            claims.insert("scope".into(), scope.clone().into());
            assertion.extra_claims = serde_json::to_string(&claims).unwrap_or_default();
        }
        Fix::SubjectFollowsClientId => assertion.subject = assertion.client_id.clone(),
        Fix::Grant(grant) => request.grant = *grant,
        Fix::ClientAuth(auth) => request.client_auth = *auth,
        Fix::SendClientId => request.send_client_id = true,
        Fix::Skew(seconds) => assertion.clock_skew = seconds.to_string(),
    }
    None
}
