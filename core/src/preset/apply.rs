//! Turning a preset into settings.
use super::{Preset, SubjectPreset};
use crate::assertion::{AssertionSettings, AudienceTarget};
use crate::request::RequestSettings;

impl Preset {
    /// The settings this preset asks for. What identifies the user's own client (client id,
    /// secret) and anything the preset does not speak to (extra claims, jku) carry over.
    pub fn apply(&self, assertion: &AssertionSettings, request: &RequestSettings) -> (AssertionSettings, RequestSettings) {
        let endpoint = self.endpoint_for(self.grant).to_owned();
        let audience = match self.audience {
            AudienceTarget::Issuer => self.issuer,
            AudienceTarget::TokenEndpoint => self.token_endpoint,
            AudienceTarget::CalledEndpoint => self.endpoint_for(self.grant),
        };
        let subject = match self.subject {
            SubjectPreset::FollowClientId => assertion.client_id.clone(),
            SubjectPreset::Omit => String::new(),
            SubjectPreset::Template(template) => template.to_owned(),
        };
        let new_assertion = AssertionSettings {
            subject,
            audience: audience.to_owned(),
            audience_as_array: false,
            alg: self.alg,
            lifetime: self.lifetime.to_string(),
            typ: self.typ.to_owned(),
            include_kid: self.kid,
            include_x5t: self.x5t,
            include_x5t_s256: self.x5t_s256,
            extra_claims: if self.scope_claim {
                serde_json::json!({ "scope": self.scope }).to_string()
            } else {
                assertion.extra_claims.clone()
            },
            ..assertion.clone()
        };
        let mut params = std::collections::BTreeMap::new();
        if !self.scope.is_empty() && !self.scope_claim {
            params.insert("scope".to_owned(), self.scope.to_owned());
        }
        for (name, value) in self.params {
            params.insert((*name).to_owned(), (*value).to_owned());
        }
        let new_request = RequestSettings {
            endpoint,
            grant: self.grant,
            client_auth: self.client_auth,
            send_client_id: self.send_client_id,
            params,
            ..request.clone()
        };
        (new_assertion, new_request)
    }

    /// Whether `sub` follows the client id under this preset.
    pub fn subject_follows_client_id(&self) -> bool {
        self.subject == SubjectPreset::FollowClientId
    }
}
