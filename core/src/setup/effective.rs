//! What the setup means once the key is known: the one place that resolves `alg`, `aud`, `sub`
//! and the endpoints, so that the signer, the lint and the request builder read the same values.
use super::{Discovered, Setup};
use crate::assertion::AssertionSettings;
use crate::discovery::ServerMetadata;
use crate::jwa::Alg;
use crate::key::Key;
use crate::assertion::AudienceTarget;
use crate::authorize::AuthorizeSettings;
use crate::dpop::DpopChoice;
use crate::request::{ClientCertificate, Grant, RequestError, RequestSettings, TokenRequest, TokenScheme};

/// The setup resolved against the key: what is signed, what is sent, and what it was checked
/// against.
#[derive(Debug, Clone, PartialEq)]
pub struct Effective {
    /// The algorithm the assertion uses.
    pub alg: Alg,
    /// The assertion's inputs, `alg`, `aud` and `sub` resolved.
    pub assertion: AssertionSettings,
    pub request: RequestSettings,
    /// The issuer identifier, if known.
    pub issuer: String,
    /// The token endpoint, if known.
    pub token_endpoint: String,
    /// What `aud` follows (`None`: as typed); with `CalledEndpoint` a PAR request's assertion
    /// is signed for the PAR endpoint.
    pub aud_mode: Option<AudienceTarget>,
    /// The authorization request's inputs, the mode resolved against the server's metadata.
    pub authorize: AuthorizeSettings,
    pub userinfo_endpoint: String,
    pub jwks_uri: String,
    pub device_authorization_endpoint: String,
    /// DPoP, when it is on.
    pub dpop: Option<DpopChoice>,
}

/// The algorithm the assertion uses: the user's choice if this key can make it, else the key's
/// own `alg`, else the key type's default. Without a key, the choice (or RS256).
pub fn resolve_alg(chosen: Option<Alg>, key: Option<&Key>) -> Alg {
    let Some(key) = key else {
        return chosen.unwrap_or(Alg::RS256);
    };
    chosen
        .filter(|alg| key.public_key().supports(*alg))
        .or(key.alg())
        .unwrap_or_else(|| key.public_key().default_alg())
}

impl Effective {
    /// A GET presenting `access_token` at `endpoint` (userinfo, an API) as this setup's tokens
    /// are bound: `Authorization: DPoP` with DPoP on (the caller adds the proof), and the
    /// client certificate with mTLS, whose tokens are bound to it (RFC 8705 §3).
    pub fn resource_request(&self, endpoint: &str, access_token: &str) -> Result<TokenRequest, RequestError> {
        let scheme = if self.dpop.is_some() { TokenScheme::Dpop } else { TokenScheme::Bearer };
        let mut request = TokenRequest::resource_get(endpoint, access_token, scheme)?;
        if self.request.client_auth.uses_certificate() {
            request.client_certificate = Some(self.request.certificate_files.clone());
        }
        Ok(request)
    }

    /// How a flow's userinfo step presents the token, as [`Effective::resource_request`] does.
    pub fn flow_choices(&self, environment: crate::flow::Environment) -> crate::flow::FlowChoices {
        crate::flow::FlowChoices {
            environment,
            userinfo_endpoint: self.userinfo_endpoint.clone(),
            token_scheme: if self.dpop.is_some() { TokenScheme::Dpop } else { TokenScheme::Bearer },
            client_certificate: self.request.client_auth.uses_certificate().then(|| self.request.certificate_files.clone()),
        }
    }

    /// The assertion's inputs for a request to `endpoint` (PAR, the device start): when `aud`
    /// follows the called endpoint it is that endpoint, otherwise as resolved.
    pub fn assertion_for(&self, endpoint: &str) -> AssertionSettings {
        let mut assertion = self.assertion.clone();
        if self.aud_mode == Some(AudienceTarget::CalledEndpoint) {
            assertion.audience = endpoint.to_owned();
        }
        assertion
    }
}

impl Setup {
    /// Resolves the setup against `key`.
    pub fn effective(&self, key: Option<&Key>) -> Effective {
        let alg = resolve_alg(self.alg, key);
        let assertion = AssertionSettings {
            client_id: self.client_id.clone(),
            subject: self.subject_value(),
            audience: self.audience_value(),
            audience_as_array: self.audience_as_array,
            alg,
            lifetime: self.lifetime.clone(),
            clock_skew: self.clock_skew.clone(),
            include_nbf: self.include_nbf,
            include_iat: self.include_iat,
            typ: self.typ.clone(),
            include_kid: self.include_kid,
            include_x5t: self.include_x5t,
            include_x5t_s256: self.include_x5t_s256,
            jku: self.jku.clone(),
            jti_format: self.jti_format,
            extra_claims: self.extra_claims.clone(),
        };
        let request = RequestSettings {
            endpoint: self.endpoint.clone(),
            grant: self.grant,
            client_auth: self.client_auth,
            client_id: self.client_id.clone(),
            client_secret: self.client_secret.clone(),
            send_client_id: self.send_client_id,
            params: self.params.clone(),
            redirect_uri: self.redirect_uri.clone(),
            certificate_files: ClientCertificate::for_kid(key.map(Key::kid).unwrap_or_default()),
        };
        let mut authorize = self.authorize_settings();
        authorize.par_endpoint = self.mtls_or(&self.par_endpoint, &self.mtls_par_endpoint);
        Effective {
            alg,
            assertion,
            request: RequestSettings { endpoint: self.request_endpoint(), ..request },
            issuer: self.issuer.clone(),
            token_endpoint: self.mtls_or(&self.token_endpoint_value(), &self.mtls_token_endpoint),
            aud_mode: self.aud_mode,
            authorize,
            userinfo_endpoint: self.mtls_or(&self.userinfo_endpoint, &self.mtls_userinfo_endpoint),
            jwks_uri: self.jwks_uri.clone(),
            device_authorization_endpoint: self.mtls_or(&self.device_authorization_endpoint, &self.mtls_device_authorization_endpoint),
            dpop: self.dpop_enabled.then_some(DpopChoice { alg: self.dpop_alg, key: self.dpop_key, bind_code: self.dpop_bind_code }),
        }
    }

    /// RFC 8705 §5: a client authenticating with a certificate calls the server's mTLS alias
    /// of an endpoint where it has one.
    fn mtls_or(&self, endpoint: &str, alias: &str) -> String {
        if self.client_auth.uses_certificate() && !alias.trim().is_empty() {
            alias.to_owned()
        } else {
            endpoint.to_owned()
        }
    }

    /// The URL the request goes to: as typed, or the mTLS alias when it is the known endpoint
    /// of the grant and the client authenticates with a certificate.
    fn request_endpoint(&self) -> String {
        let alias = match self.grant {
            Grant::Introspection => &self.mtls_introspection_endpoint,
            Grant::Revocation => &self.mtls_revocation_endpoint,
            _ => &self.mtls_token_endpoint,
        };
        let known = self.endpoint_for(self.grant).trim();
        if !known.is_empty() && self.endpoint.trim() == known {
            self.mtls_or(&self.endpoint, alias)
        } else {
            self.endpoint.clone()
        }
    }

    /// The authorization request's inputs; PAR when the discovered metadata requires it.
    pub fn authorize_settings(&self) -> AuthorizeSettings {
        let metadata = self.discovered.as_ref().map(|d| &d.metadata);
        let requires_par = metadata.is_some_and(|m| m.require_pushed_authorization_requests);
        let (mode, mode_reason) = AuthorizeSettings::effective_mode(self.authorize_mode, requires_par);
        AuthorizeSettings {
            authorization_endpoint: self.authorization_endpoint.clone(),
            par_endpoint: self.par_endpoint.clone(),
            client_id: self.client_id.clone(),
            redirect_uri: self.redirect_uri.clone(),
            issuer: self.issuer.clone(),
            mode,
            mode_reason,
            pkce: self.pkce_method,
            iss_required: metadata.is_some_and(|m| m.authorization_response_iss_parameter_supported),
            params: self.authz_params.clone(),
            extra: self.authz_extra.clone(),
        }
    }

    /// The known endpoint for `grant` (introspection and revocation have their own).
    pub fn endpoint_for(&self, grant: Grant) -> &str {
        match grant {
            Grant::Introspection => &self.introspection_endpoint,
            Grant::Revocation => &self.revocation_endpoint,
            _ => &self.token_endpoint,
        }
    }

    /// The token endpoint as far as it is known: discovered or preset, else the URL in use
    /// when that is a token-endpoint request.
    pub fn token_endpoint_value(&self) -> String {
        if !self.token_endpoint.trim().is_empty() {
            self.token_endpoint.clone()
        } else if self.grant.uses_token_endpoint() {
            self.endpoint.clone()
        } else {
            String::new()
        }
    }

    /// The effective `aud`: typed, or following the chosen endpoint.
    pub fn audience_value(&self) -> String {
        match self.aud_mode {
            None => self.audience.clone(),
            Some(AudienceTarget::Issuer) => self.issuer.clone(),
            Some(AudienceTarget::TokenEndpoint) => self.token_endpoint_value(),
            Some(AudienceTarget::CalledEndpoint) => self.endpoint.clone(),
        }
    }

    /// The effective `sub`.
    pub fn subject_value(&self) -> String {
        self.subject.clone().unwrap_or_else(|| self.client_id.clone())
    }

    /// Switches the grant, and the URL with it when the URL was the known endpoint of the
    /// previous grant (or empty) and one is known for the new grant.
    pub fn switch_grant(&mut self, grant: Grant) {
        if self.grant == grant {
            return;
        }
        let next = self.endpoint_for(grant);
        let current = self.endpoint.trim();
        if !next.is_empty() && (current.is_empty() || current == self.endpoint_for(self.grant)) {
            self.endpoint = next.to_owned();
        }
        self.grant = grant;
    }

    /// Uses a server's metadata: remembers it (the authorization request reads
    /// `require_pushed_authorization_requests` from it), fills the endpoints and their mTLS
    /// aliases (and the issuer when none is
    /// set), and points the request at the right one when the URL was empty, a template, or the
    /// previously known endpoint.
    pub fn adopt(&mut self, url: String, metadata: ServerMetadata) {
        if !metadata.issuer.is_empty() && self.issuer.trim().is_empty() {
            self.issuer = metadata.issuer.clone();
        }
        let previous = self.endpoint_for(self.grant).to_owned();
        self.token_endpoint = metadata.token_endpoint.clone();
        self.introspection_endpoint = metadata.introspection_endpoint.clone();
        self.revocation_endpoint = metadata.revocation_endpoint.clone();
        self.authorization_endpoint = metadata.authorization_endpoint.clone();
        self.par_endpoint = metadata.pushed_authorization_request_endpoint.clone();
        self.userinfo_endpoint = metadata.userinfo_endpoint.clone();
        self.jwks_uri = metadata.jwks_uri.clone();
        self.device_authorization_endpoint = metadata.device_authorization_endpoint.clone();
        let aliases = &metadata.mtls_endpoint_aliases;
        self.mtls_token_endpoint = aliases.token_endpoint.clone();
        self.mtls_par_endpoint = aliases.pushed_authorization_request_endpoint.clone();
        self.mtls_device_authorization_endpoint = aliases.device_authorization_endpoint.clone();
        self.mtls_userinfo_endpoint = aliases.userinfo_endpoint.clone();
        self.mtls_introspection_endpoint = aliases.introspection_endpoint.clone();
        self.mtls_revocation_endpoint = aliases.revocation_endpoint.clone();
        let next = self.endpoint_for(self.grant).to_owned();
        let current = &self.endpoint;
        if !next.is_empty() && (current.trim().is_empty() || current.contains('{') || *current == previous) {
            self.endpoint = next;
        }
        self.discovered = Some(Discovered { url, metadata });
    }

    /// The `{name}` placeholders still present anywhere in the setup, in field order.
    pub fn open_placeholders(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        // The typed audience only counts while aud is typed; otherwise it follows a field that
        // is scanned on its own.
        let typed_audience = self.aud_mode.is_none();
        self.for_each(&mut |spec, value| {
            if !spec.placeholders || (spec.name == "audience" && !typed_audience) {
                return;
            }
            for name in value.placeholders() {
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        });
        names
    }

    /// Replaces `{name}` with `value` in every field that may hold placeholders.
    pub fn fill_placeholder(&mut self, name: &str, value: &str) {
        self.for_each_mut(&mut |spec, field| {
            if spec.placeholders {
                field.fill(name, value);
            }
        });
    }

    /// Sets one form parameter.
    pub fn set_param(&mut self, name: &str, value: String) {
        self.params.insert(name.to_owned(), value);
    }
}
