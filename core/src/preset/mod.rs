//! Provider presets: what each identity provider expects of a client assertion and token
//! request, as values to fill in and rules to check. Facts come from the
//! providers' own documentation, linked from each preset.
mod apply;
mod catalog;

pub use catalog::{rule_sets, PRESETS};

use crate::assertion::AudienceTarget;
use crate::authorize::AuthorizeMode;
use crate::discovery::DiscoveryDocument;
use crate::dpop::DpopAlg;
use crate::jwa::Alg;
use crate::key::KeyKind;
use crate::lint::RuleRef;
use crate::request::{ClientAuth, Grant};

/// What the preset puts in `sub`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubjectPreset {
    /// The client id (client authentication).
    FollowClientId,
    /// No `sub` (a service account acting as itself).
    Omit,
    /// A value the user fills in, e.g. `{username}`.
    Template(&'static str),
}

/// A provider preset.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Preset {
    /// The `preset` option value of the automation contract.
    pub id: &'static str,
    pub name: &'static str,
    /// The provider's own documentation for this flow. (Descriptions and registration steps
    /// are words, so they live with the page's translations, keyed by `id`.)
    pub docs: &'static str,
    /// URL templates; `{name}` marks a value the user must fill in.
    pub issuer: &'static str,
    pub token_endpoint: &'static str,
    pub introspection_endpoint: &'static str,
    pub revocation_endpoint: &'static str,
    /// The authorization-code and device flows' endpoints (empty: unknown; discovery fills them).
    pub authorization_endpoint: &'static str,
    pub par_endpoint: &'static str,
    pub userinfo_endpoint: &'static str,
    pub jwks_uri: &'static str,
    pub device_authorization_endpoint: &'static str,
    /// Authorization request parameters to preset (name, value), e.g. the scope.
    pub authz_params: &'static [(&'static str, &'static str)],
    /// The setup fields whose preset values come from public client code or convention rather
    /// than the provider's own text ("unconfirmed" in `shared/reference/providers.md`): the page
    /// says so beside them.
    pub unconfirmed: &'static [&'static str],
    pub discovery: Option<DiscoveryDocument>,
    pub grant: Grant,
    pub client_auth: ClientAuth,
    pub alg: Alg,
    /// The key type to generate for this provider.
    pub key: KeyKind,
    pub lifetime: i64,
    pub typ: &'static str,
    pub kid: bool,
    pub x5t: bool,
    pub x5t_s256: bool,
    pub audience: AudienceTarget,
    pub scope: &'static str,
    /// The scope goes in a `scope` claim of the JWT rather than the form (Google).
    pub scope_claim: bool,
    pub send_client_id: bool,
    pub subject: SubjectPreset,
    /// Form parameters to preset (name, value), e.g. Auth0's `audience`.
    pub params: &'static [(&'static str, &'static str)],
    /// The authorization request's mode, when the provider requires one (FAPI 2.0: PAR);
    /// `None` keeps the user's.
    pub authorize_mode: Option<AuthorizeMode>,
    /// Send `nbf`, when the profile asks for it; `false` keeps the user's choice.
    pub nbf: bool,
    /// DPoP on, with this algorithm; `None`: off.
    pub dpop: Option<DpopAlg>,
    pub rules: &'static [RuleRef],
}

impl Preset {
    pub fn by_id(id: &str) -> Option<&'static Preset> {
        PRESETS.iter().find(|preset| preset.id == id)
    }

    /// The endpoint template for `grant` (introspection and revocation have their own).
    pub fn endpoint_for(&self, grant: Grant) -> &'static str {
        match grant {
            Grant::Introspection => self.introspection_endpoint,
            Grant::Revocation => self.revocation_endpoint,
            _ => self.token_endpoint,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_contract_preset_exists_once() {
        let ids = [
            "custom", "vlaanderen-acm", "vlaanderen-acm-test", "koppeltaal", "okta", "oidc-op", "mijn-burgerprofiel",
            "smart-backend", "keycloak", "auth0", "entra", "google-service-account", "salesforce", "fapi2",
        ];
        for id in ids {
            assert_eq!(PRESETS.iter().filter(|p| p.id == id).count(), 1, "{id}");
        }
        assert_eq!(PRESETS.len(), ids.len());
    }

    #[test]
    fn presets_are_consistent_with_their_own_rules() {
        for preset in PRESETS {
            assert!(preset.alg.spec().curve.is_none_or(|crv| preset.key.curve() == Some(crv)), "{}", preset.id);
            assert!(!preset.docs.is_empty() || preset.id == "custom", "{} has no documentation link", preset.id);
        }
    }

    #[test]
    fn authorization_endpoints_are_set_and_marked_where_unconfirmed() {
        for preset in PRESETS {
            let setup = preset.values();
            for name in preset.unconfirmed {
                assert!(crate::setup::field(name).is_some(), "{}: {name} is no setting", preset.id);
                assert!(setup.text_of(name).is_some(), "{}: {name} is marked but empty", preset.id);
            }
            for (name, _) in preset.authz_params {
                assert!(crate::authorize::AUTHZ_PARAMS.iter().any(|spec| spec.name == *name), "{}: {name}", preset.id);
            }
        }
        let by = |id| Preset::by_id(id).map(|p| p.values()).unwrap_or_default();
        assert_eq!(by("keycloak").authorization_endpoint, "https://{host}/realms/{realm}/protocol/openid-connect/auth");
        assert_eq!(by("oidc-op").authz_params.get("prompt").map(String::as_str), Some("consent"));
    }
}
