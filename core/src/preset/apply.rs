//! Turning a preset into a setup.
use super::{Preset, SubjectPreset};
use crate::setup::{Params, Setup};

impl Preset {
    /// The setup this preset asks for, on a fresh page. Its `{placeholders}` stay for the user
    /// to fill.
    pub fn values(&self) -> Setup {
        let mut params = Params::new();
        if !self.scope.is_empty() && !self.scope_claim {
            params.insert("scope".to_owned(), self.scope.to_owned());
        }
        for (name, value) in self.params {
            params.insert((*name).to_owned(), (*value).to_owned());
        }
        Setup {
            preset: self.id.to_owned(),
            issuer: self.issuer.to_owned(),
            token_endpoint: self.token_endpoint.to_owned(),
            introspection_endpoint: self.introspection_endpoint.to_owned(),
            revocation_endpoint: self.revocation_endpoint.to_owned(),
            authorization_endpoint: self.authorization_endpoint.to_owned(),
            par_endpoint: self.par_endpoint.to_owned(),
            userinfo_endpoint: self.userinfo_endpoint.to_owned(),
            jwks_uri: self.jwks_uri.to_owned(),
            device_authorization_endpoint: self.device_authorization_endpoint.to_owned(),
            authz_params: self.authz_params.iter().map(|(name, value)| ((*name).to_owned(), (*value).to_owned())).collect(),
            endpoint: self.endpoint_for(self.grant).to_owned(),
            grant: self.grant,
            client_auth: self.client_auth,
            send_client_id: self.send_client_id,
            subject: match self.subject {
                SubjectPreset::FollowClientId => None,
                SubjectPreset::Omit => Some(String::new()),
                SubjectPreset::Template(template) => Some(template.to_owned()),
            },
            aud_mode: Some(self.audience),
            alg: Some(self.alg),
            lifetime: self.lifetime.to_string(),
            typ: self.typ.to_owned(),
            include_kid: self.kid,
            include_x5t: self.x5t,
            include_x5t_s256: self.x5t_s256,
            params,
            authorize_mode: self.authorize_mode.unwrap_or_default(),
            include_nbf: self.nbf,
            dpop_enabled: self.dpop.is_some(),
            dpop_alg: self.dpop.unwrap_or_default(),
            ..Setup::default()
        }
    }
}

impl Setup {
    /// This setup with `preset` chosen: every field the declaration marks as set by presets
    /// takes the preset's value; the others (the client's own id and secret, extra claims, …)
    /// carry over, except that a preset with a scope claim sets the extra claims to it, and a
    /// profile's required authorization mode and `nbf` replace the user's.
    /// "custom" keeps every value and only drops the provider's rules.
    pub fn with_preset(&self, preset: &Preset) -> Setup {
        if preset.id == "custom" {
            return Setup { preset: preset.id.to_owned(), ..self.clone() };
        }
        let mut next = preset.values();
        next.carry_from(self, &|spec| !spec.preset && spec.name != "preset");
        if preset.scope_claim {
            // The scope goes into the assertion (Google), as its only extra claim.
            next.extra_claims = serde_json::json!({ "scope": preset.scope }).to_string();
        }
        // What a profile requires, over the user's own choices (which otherwise carry over).
        if let Some(mode) = preset.authorize_mode {
            next.authorize_mode = mode;
        }
        if preset.nbf {
            next.include_nbf = true;
        }
        next
    }
}
