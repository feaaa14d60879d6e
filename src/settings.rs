//! The user's choices for the assertion and the request: ground state, one signal per field
//! so each input binds to exactly what it edits. Everything else is derived from these.
use leptos::prelude::*;
use pkjwt_core::assertion::{AssertionSettings, JtiFormat};
use pkjwt_core::discovery::ServerMetadata;
use pkjwt_core::jwa::Alg;
use pkjwt_core::assertion::AudienceTarget;
use pkjwt_core::request::{ClientAuth, Grant, RequestSettings};
use std::collections::BTreeMap;

/// Endpoints known for the current server (from a preset or discovery), so that switching
/// between a grant, introspection and revocation can switch the URL too.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KnownEndpoints {
    pub token: String,
    pub introspection: String,
    pub revocation: String,
}

impl KnownEndpoints {
    pub fn for_grant(&self, grant: Grant) -> &str {
        match grant {
            Grant::Introspection => &self.introspection,
            Grant::Revocation => &self.revocation,
            _ => &self.token,
        }
    }
}

/// Metadata fetched (or pasted) for the current server, and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discovered {
    pub url: String,
    pub metadata: ServerMetadata,
}

#[derive(Clone, Copy)]
pub struct Settings {
    /// The provider profile (`preset` option value).
    pub preset: RwSignal<&'static str>,
    /// The authorization server's issuer identifier, when known.
    pub issuer: RwSignal<String>,
    /// `None`: `aud` is what the user typed; `Some`: it follows that endpoint.
    pub aud_mode: RwSignal<Option<AudienceTarget>>,
    /// Extra rule sets to check against.
    pub rfc10070: RwSignal<bool>,
    pub fapi2: RwSignal<bool>,
    pub discovered: RwSignal<Option<Discovered>>,
    pub client_id: RwSignal<String>,
    /// `None`: `sub` follows the client id; `Some`: the user's own value (may be empty).
    pub subject: RwSignal<Option<String>>,
    pub audience: RwSignal<String>,
    pub audience_as_array: RwSignal<bool>,
    /// `None`: the key's default algorithm.
    pub alg: RwSignal<Option<Alg>>,
    pub lifetime: RwSignal<String>,
    pub clock_skew: RwSignal<String>,
    pub include_nbf: RwSignal<bool>,
    pub include_iat: RwSignal<bool>,
    pub typ: RwSignal<String>,
    pub include_kid: RwSignal<bool>,
    pub include_x5t: RwSignal<bool>,
    pub include_x5t_s256: RwSignal<bool>,
    pub jku: RwSignal<String>,
    pub jti_format: RwSignal<JtiFormat>,
    pub extra_claims: RwSignal<String>,

    pub endpoint: RwSignal<String>,
    pub known_endpoints: RwSignal<KnownEndpoints>,
    pub grant: RwSignal<Grant>,
    pub client_auth: RwSignal<ClientAuth>,
    pub client_secret: RwSignal<String>,
    pub send_client_id: RwSignal<bool>,
    pub params: RwSignal<BTreeMap<String, String>>,
    /// The API URL for the "call an API with this token" step.
    pub api_url: RwSignal<String>,
    /// Sign a new assertion for every Send (on by default). Off sends the assertion shown,
    /// as it is: how a user checks that a server refuses replayed or expired assertions.
    pub resign_on_send: RwSignal<bool>,
}

impl Settings {
    pub fn new() -> Settings {
        let defaults = AssertionSettings::default();
        Settings {
            preset: RwSignal::new("custom"),
            issuer: RwSignal::new(String::new()),
            aud_mode: RwSignal::new(None),
            rfc10070: RwSignal::new(false),
            fapi2: RwSignal::new(false),
            discovered: RwSignal::new(None),
            client_id: RwSignal::new(String::new()),
            subject: RwSignal::new(None),
            audience: RwSignal::new(String::new()),
            audience_as_array: RwSignal::new(false),
            alg: RwSignal::new(None),
            lifetime: RwSignal::new(defaults.lifetime),
            clock_skew: RwSignal::new(defaults.clock_skew),
            include_nbf: RwSignal::new(defaults.include_nbf),
            include_iat: RwSignal::new(defaults.include_iat),
            typ: RwSignal::new(defaults.typ),
            include_kid: RwSignal::new(defaults.include_kid),
            include_x5t: RwSignal::new(false),
            include_x5t_s256: RwSignal::new(false),
            jku: RwSignal::new(String::new()),
            jti_format: RwSignal::new(JtiFormat::Uuid),
            extra_claims: RwSignal::new(String::new()),
            endpoint: RwSignal::new(String::new()),
            known_endpoints: RwSignal::new(KnownEndpoints::default()),
            grant: RwSignal::new(Grant::ClientCredentials),
            client_auth: RwSignal::new(ClientAuth::PrivateKeyJwt),
            client_secret: RwSignal::new(String::new()),
            send_client_id: RwSignal::new(false),
            params: RwSignal::new(BTreeMap::new()),
            api_url: RwSignal::new(String::new()),
            resign_on_send: RwSignal::new(true),
        }
    }

    /// The token endpoint as far as it is known: discovered or preset, else the URL in use
    /// when that is a token-endpoint request.
    pub fn token_endpoint(&self) -> String {
        let known = self.known_endpoints.with(|k| k.token.clone());
        if !known.trim().is_empty() {
            return known;
        }
        if self.grant.get().uses_token_endpoint() {
            self.endpoint.get()
        } else {
            String::new()
        }
    }

    /// The effective `aud`: typed, or following the chosen endpoint.
    pub fn audience_value(&self) -> String {
        match self.aud_mode.get() {
            None => self.audience.get(),
            Some(AudienceTarget::Issuer) => self.issuer.get(),
            Some(AudienceTarget::TokenEndpoint) => self.token_endpoint(),
            Some(AudienceTarget::CalledEndpoint) => self.endpoint.get(),
        }
    }

    /// The effective `sub`.
    pub fn subject_value(&self) -> String {
        self.subject.get().unwrap_or_else(|| self.client_id.get())
    }

    /// Switches the grant, and the URL with it when the URL was the known endpoint of the
    /// previous grant (or empty) and one is known for the new grant.
    pub fn switch_grant(&self, grant: Grant) {
        let previous = self.grant.get_untracked();
        if previous == grant {
            return;
        }
        let known = self.known_endpoints.get_untracked();
        let current = self.endpoint.get_untracked();
        let next = known.for_grant(grant);
        if !next.is_empty() && (current.trim().is_empty() || current.trim() == known.for_grant(previous)) {
            self.endpoint.set(next.to_owned());
        }
        self.grant.set(grant);
    }

    /// Sets one form parameter.
    pub fn set_param(&self, name: &str, value: String) {
        self.params.update(|params| {
            params.insert(name.to_owned(), value);
        });
    }

    /// The assertion settings, for `alg` resolved against the key's default.
    pub fn assertion(&self, default_alg: Alg) -> AssertionSettings {
        AssertionSettings {
            client_id: self.client_id.get(),
            subject: self.subject_value(),
            audience: self.audience_value(),
            audience_as_array: self.audience_as_array.get(),
            alg: self.alg.get().unwrap_or(default_alg),
            lifetime: self.lifetime.get(),
            clock_skew: self.clock_skew.get(),
            include_nbf: self.include_nbf.get(),
            include_iat: self.include_iat.get(),
            typ: self.typ.get(),
            include_kid: self.include_kid.get(),
            include_x5t: self.include_x5t.get(),
            include_x5t_s256: self.include_x5t_s256.get(),
            jku: self.jku.get(),
            jti_format: self.jti_format.get(),
            extra_claims: self.extra_claims.get(),
        }
    }

    pub fn request(&self) -> RequestSettings {
        RequestSettings {
            endpoint: self.endpoint.get(),
            grant: self.grant.get(),
            client_auth: self.client_auth.get(),
            client_id: self.client_id.get(),
            client_secret: self.client_secret.get(),
            send_client_id: self.send_client_id.get(),
            params: self.params.get(),
        }
    }
}

impl Settings {
    /// Writes whole settings back into the signals (after a preset or a fix), touching only
    /// the fields that change so nothing re-renders for nothing.
    pub fn load(&self, assertion: &AssertionSettings, request: &RequestSettings) {
        fn put<T: PartialEq + Clone + Send + Sync + 'static>(signal: RwSignal<T>, value: &T) {
            if signal.with_untracked(|current| current != value) {
                signal.set(value.clone());
            }
        }
        put(self.client_id, &assertion.client_id);
        let follows = assertion.subject == assertion.client_id;
        put(self.subject, &(!follows).then(|| assertion.subject.clone()));
        if untrack(|| self.audience_value()) != assertion.audience {
            put(self.aud_mode, &None);
            put(self.audience, &assertion.audience);
        }
        put(self.audience_as_array, &assertion.audience_as_array);
        put(self.alg, &Some(assertion.alg));
        put(self.lifetime, &assertion.lifetime);
        put(self.clock_skew, &assertion.clock_skew);
        put(self.include_nbf, &assertion.include_nbf);
        put(self.include_iat, &assertion.include_iat);
        put(self.typ, &assertion.typ);
        put(self.include_kid, &assertion.include_kid);
        put(self.include_x5t, &assertion.include_x5t);
        put(self.include_x5t_s256, &assertion.include_x5t_s256);
        put(self.jku, &assertion.jku);
        put(self.jti_format, &assertion.jti_format);
        put(self.extra_claims, &assertion.extra_claims);
        put(self.endpoint, &request.endpoint);
        put(self.grant, &request.grant);
        put(self.client_auth, &request.client_auth);
        put(self.client_secret, &request.client_secret);
        put(self.send_client_id, &request.send_client_id);
        put(self.params, &request.params);
    }

    /// Back to a fresh page's settings: client id, secret, tokens in parameters, endpoints,
    /// discovered metadata, everything.
    pub fn reset(&self) {
        let fresh = Settings::new();
        self.preset.set(fresh.preset.get_untracked());
        self.issuer.set(String::new());
        self.aud_mode.set(None);
        self.rfc10070.set(false);
        self.fapi2.set(false);
        self.discovered.set(None);
        self.subject.set(None);
        self.known_endpoints.set(KnownEndpoints::default());
        self.api_url.set(String::new());
        self.resign_on_send.set(true);
        self.load(
            &AssertionSettings { alg: Alg::RS256, ..AssertionSettings::default() },
            &RequestSettings::default(),
        );
        self.alg.set(None);
        self.audience.set(String::new());
        self.client_secret.set(String::new());
        self.params.set(BTreeMap::new());
    }

    /// Untracked snapshots, for event handlers.
    pub fn snapshot(&self, alg: Alg) -> (AssertionSettings, RequestSettings) {
        untrack(|| {
            let mut assertion = self.assertion(alg);
            assertion.alg = alg;
            (assertion, self.request())
        })
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings::new()
    }
}
