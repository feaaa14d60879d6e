//! The setup: every choice the page offers, each declared once.
//!
//! [`setup_fields!`] is the one list of settings. An entry gives the field's name, type and
//! default, and its [`FieldSpec`]: whether it may be shared (its URL-fragment key and `.env`
//! name), whether choosing a preset sets it, whether `{placeholders}` are looked for in it, and
//! its input limit. This module expands the list into [`Setup`] (plain values) and [`FIELDS`]
//! (the table that sharing, presets and placeholder filling walk); the page expands the same
//! list into one signal per field. Adding a setting means adding its entry here, its input in
//! a panel and its Dutch label.
//!
//! Everything the page derives reads [`Effective`] ([`Setup::effective`]): `alg` resolved
//! against the key, `aud` and `sub` resolved, the endpoints known. No caller resolves them again.
mod effective;
mod placeholders;
mod value;

pub use effective::{resolve_alg, Effective};
pub use placeholders::{fill_placeholder, placeholders};
pub use value::{FieldValue, NotAValue, Params, RuleSets};

use crate::assertion::MAX_FIELD_BYTES;
use crate::discovery::ServerMetadata;

/// The input limit of a text area whose value the core limits to `core_limit` bytes and
/// explains when over: four times that limit, so that any plausible mistake arrives whole and
/// gets the core's exact message, while the browser still stops an absurd paste.
pub const fn cut_beyond(core_limit: usize) -> usize {
    4 * core_limit
}

/// Where a shareable setting goes: its key in a link's fragment and its name in a `.env` file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShareKeys {
    pub key: &'static str,
    pub env: &'static str,
}

/// What the declaration says about one setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSpec {
    /// The field's name in [`Setup`].
    pub name: &'static str,
    /// `None`: never in a link or a `.env` file (keys, secrets, tokens, local preferences).
    pub share: Option<ShareKeys>,
    /// Choosing a preset sets this field (to the preset's value or the default); fields without
    /// it (the client's own id and secret, extra claims) carry over.
    pub preset: bool,
    /// `{name}` placeholders in this field are listed and filled.
    pub placeholders: bool,
    /// The most its input takes, in characters (`maxlength`).
    pub max: usize,
}

/// A setting that is never shared.
pub const fn local() -> FieldSpec {
    FieldSpec { name: "", share: None, preset: false, placeholders: false, max: MAX_FIELD_BYTES }
}

/// A setting shared under `key` in links and `env` in `.env` files.
pub const fn shared(key: &'static str, env: &'static str) -> FieldSpec {
    FieldSpec { share: Some(ShareKeys { key, env }), ..local() }
}

impl FieldSpec {
    pub const fn preset(self) -> FieldSpec {
        FieldSpec { preset: true, ..self }
    }
    pub const fn placeholders(self) -> FieldSpec {
        FieldSpec { placeholders: true, ..self }
    }
    pub const fn max(self, max: usize) -> FieldSpec {
        FieldSpec { max, ..self }
    }
}

/// Metadata fetched (or pasted) for the current server, and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discovered {
    pub url: String,
    pub metadata: ServerMetadata,
}

/// The list of settings. `setup_fields!(then)` calls the macro `then!` with every entry as
/// `name: Type = default => spec,`; paths are absolute so the page can expand it too.
#[macro_export]
macro_rules! setup_fields {
    ($then:ident) => {
        $then! {
            // The provider.
            /// The preset (`preset` option value); "custom" has no rules of its own.
            preset: ::std::string::String = "custom".to_owned() => $crate::setup::shared("preset", "PKJWT_PRESET"),
            /// The OAuth client id: `iss` (and normally `sub`) of a client assertion.
            client_id: ::std::string::String = ::std::string::String::new() => $crate::setup::shared("client_id", "CLIENT_ID").placeholders(),
            /// The authorization server's issuer identifier, when known.
            issuer: ::std::string::String = ::std::string::String::new() => $crate::setup::shared("issuer", "ISSUER").preset().placeholders(),
            token_endpoint: ::std::string::String = ::std::string::String::new() => $crate::setup::shared("token_endpoint", "TOKEN_ENDPOINT").preset().placeholders(),
            introspection_endpoint: ::std::string::String = ::std::string::String::new() => $crate::setup::shared("introspection_endpoint", "INTROSPECTION_ENDPOINT").preset().placeholders(),
            revocation_endpoint: ::std::string::String = ::std::string::String::new() => $crate::setup::shared("revocation_endpoint", "REVOCATION_ENDPOINT").preset().placeholders(),
            /// The address the authorization server sends the user back to (RFC 6749 §3.1.2).
            redirect_uri: ::std::string::String = ::std::string::String::new() => $crate::setup::shared("redirect_uri", "REDIRECT_URI").placeholders(),
            authorization_endpoint: ::std::string::String = ::std::string::String::new() => $crate::setup::shared("authorization_endpoint", "AUTHORIZATION_ENDPOINT").preset().placeholders(),
            /// RFC 9126's pushed_authorization_request_endpoint.
            par_endpoint: ::std::string::String = ::std::string::String::new() => $crate::setup::shared("par_endpoint", "PAR_ENDPOINT").preset().placeholders(),
            userinfo_endpoint: ::std::string::String = ::std::string::String::new() => $crate::setup::shared("userinfo_endpoint", "USERINFO_ENDPOINT").preset().placeholders(),
            /// The issuer's JWK Set, for validating its tokens.
            jwks_uri: ::std::string::String = ::std::string::String::new() => $crate::setup::shared("jwks_uri", "JWKS_URI").preset().placeholders(),
            device_authorization_endpoint: ::std::string::String = ::std::string::String::new() => $crate::setup::shared("device_authorization_endpoint", "DEVICE_AUTHORIZATION_ENDPOINT").preset().placeholders(),
            /// RFC 8705 §5 `mtls_endpoint_aliases`: where a client authenticating with mTLS
            /// sends each request instead (empty: the endpoint itself).
            mtls_token_endpoint: ::std::string::String = ::std::string::String::new() => $crate::setup::shared("mtls_token_endpoint", "MTLS_TOKEN_ENDPOINT").preset().placeholders(),
            mtls_par_endpoint: ::std::string::String = ::std::string::String::new() => $crate::setup::shared("mtls_par_endpoint", "MTLS_PAR_ENDPOINT").preset().placeholders(),
            mtls_device_authorization_endpoint: ::std::string::String = ::std::string::String::new() => $crate::setup::shared("mtls_device_authorization_endpoint", "MTLS_DEVICE_AUTHORIZATION_ENDPOINT").preset().placeholders(),
            mtls_userinfo_endpoint: ::std::string::String = ::std::string::String::new() => $crate::setup::shared("mtls_userinfo_endpoint", "MTLS_USERINFO_ENDPOINT").preset().placeholders(),
            mtls_introspection_endpoint: ::std::string::String = ::std::string::String::new() => $crate::setup::shared("mtls_introspection_endpoint", "MTLS_INTROSPECTION_ENDPOINT").preset().placeholders(),
            mtls_revocation_endpoint: ::std::string::String = ::std::string::String::new() => $crate::setup::shared("mtls_revocation_endpoint", "MTLS_REVOCATION_ENDPOINT").preset().placeholders(),
            /// What the server's metadata said; a preset forgets it.
            discovered: ::std::option::Option<$crate::setup::Discovered> = ::std::option::Option::None => $crate::setup::local().preset(),
            /// Extra rule sets to check against (RFC 10070, FAPI 2.0).
            rule_sets: $crate::setup::RuleSets = $crate::setup::RuleSets::default() => $crate::setup::shared("rules", "PKJWT_RULES"),

            // The assertion.
            /// `None`: `sub` follows the client id; `Some`: the user's own value (may be empty).
            subject: ::std::option::Option<::std::string::String> = ::std::option::Option::None => $crate::setup::shared("sub", "PKJWT_SUB").preset().placeholders(),
            /// `aud` as typed; used while `aud_mode` is `None`.
            audience: ::std::string::String = ::std::string::String::new() => $crate::setup::shared("aud", "PKJWT_AUD").preset().placeholders(),
            /// `None`: `aud` is what the user typed; `Some`: it follows that endpoint.
            aud_mode: ::std::option::Option<$crate::assertion::AudienceTarget> = ::std::option::Option::None => $crate::setup::shared("aud_mode", "PKJWT_AUD_MODE").preset(),
            audience_as_array: bool = false => $crate::setup::local().preset(),
            /// `None`: the key's own or default algorithm.
            alg: ::std::option::Option<$crate::jwa::Alg> = ::std::option::Option::None => $crate::setup::shared("alg", "PKJWT_ALG").preset(),
            lifetime: ::std::string::String = "300".to_owned() => $crate::setup::shared("lifetime", "PKJWT_LIFETIME").preset(),
            clock_skew: ::std::string::String = "0".to_owned() => $crate::setup::shared("skew", "PKJWT_SKEW"),
            include_nbf: bool = false => $crate::setup::shared("nbf", "PKJWT_NBF"),
            include_iat: bool = true => $crate::setup::local(),
            typ: ::std::string::String = "JWT".to_owned() => $crate::setup::shared("typ", "PKJWT_TYP").preset(),
            include_kid: bool = true => $crate::setup::shared("kid", "PKJWT_KID").preset(),
            include_x5t: bool = false => $crate::setup::shared("x5t", "PKJWT_X5T").preset(),
            include_x5t_s256: bool = false => $crate::setup::shared("x5t_s256", "PKJWT_X5T_S256").preset(),
            jku: ::std::string::String = ::std::string::String::new() => $crate::setup::local(),
            jti_format: $crate::assertion::JtiFormat = $crate::assertion::JtiFormat::Uuid => $crate::setup::local(),
            /// A JSON object merged into the claims; may hold anything, so it is not shared.
            extra_claims: ::std::string::String = ::std::string::String::new() => $crate::setup::local().max($crate::setup::cut_beyond($crate::assertion::MAX_EXTRA_CLAIMS_BYTES)),

            // The request.
            /// Where the request goes: the known endpoint of the grant, or what the user typed.
            endpoint: ::std::string::String = ::std::string::String::new() => $crate::setup::shared("endpoint", "PKJWT_ENDPOINT").preset().placeholders(),
            grant: $crate::request::Grant = $crate::request::Grant::ClientCredentials => $crate::setup::shared("grant", "PKJWT_GRANT_TYPE").preset(),
            client_auth: $crate::request::ClientAuth = $crate::request::ClientAuth::PrivateKeyJwt => $crate::setup::shared("client_auth", "PKJWT_CLIENT_AUTH").preset(),
            client_secret: ::std::string::String = ::std::string::String::new() => $crate::setup::local().max($crate::request::MAX_CLIENT_FIELD_BYTES),
            send_client_id: bool = false => $crate::setup::shared("send_client_id", "PKJWT_SEND_CLIENT_ID").preset(),
            /// Send DPoP proofs (RFC 9449) with every request, made by the DPoP key.
            dpop_enabled: bool = false => $crate::setup::shared("dpop", "PKJWT_DPOP").preset(),
            dpop_alg: $crate::dpop::DpopAlg = $crate::dpop::DpopAlg::ES256 => $crate::setup::shared("dpop_alg", "PKJWT_DPOP_ALG").preset(),
            /// Which key signs the proofs: one of their own, or the client key (the lint warns).
            dpop_key: $crate::dpop::DpopKeySource = $crate::dpop::DpopKeySource::Own => $crate::setup::shared("dpop_key", "PKJWT_DPOP_KEY"),
            /// Send `dpop_jkt` in the authorization request (RFC 9449 §10).
            dpop_bind_code: bool = false => $crate::setup::shared("dpop_bind_code", "PKJWT_DPOP_BIND_CODE"),
            /// Form parameters by wire name; the shareable ones say so in their `ParamSpec`.
            params: $crate::setup::Params = $crate::setup::Params::new() => $crate::setup::local().preset().placeholders(),
            // The authorization request (grant authorization_code).
            /// How the request reaches the server (the server may require PAR: see `Effective`).
            authorize_mode: $crate::authorize::AuthorizeMode = $crate::authorize::AuthorizeMode::Query => $crate::setup::shared("authorize_mode", "PKJWT_AUTHORIZE_MODE"),
            pkce_method: $crate::authorize::PkceMethod = $crate::authorize::PkceMethod::S256 => $crate::setup::shared("pkce", "PKJWT_PKCE_METHOD"),
            /// Authorization parameters by wire name (`authorize::AUTHZ_PARAMS`).
            authz_params: $crate::setup::Params = $crate::setup::Params::new() => $crate::setup::local().preset().placeholders(),
            /// Further authorization parameters, one `name=value` per line.
            authz_extra: ::std::string::String = ::std::string::String::new() => $crate::setup::local().placeholders().max($crate::setup::cut_beyond($crate::authorize::MAX_EXTRA_BYTES)),

            /// The API URL for the "call an API with this token" step.
            api_url: ::std::string::String = ::std::string::String::new() => $crate::setup::local(),
            /// Sign a new assertion for every Send (on by default). Off sends the assertion shown,
            /// as it is: how a user checks that a server refuses replayed or expired assertions.
            resign_on_send: bool = true => $crate::setup::local(),
        }
    };
}

macro_rules! plain_setup {
    ($( $(#[$meta:meta])* $name:ident : $ty:ty = $default:expr => $spec:expr, )*) => {
        /// Every choice the user made, as plain values (see the module documentation).
        #[derive(Debug, Clone, PartialEq)]
        pub struct Setup {
            $( $(#[$meta])* pub $name: $ty, )*
        }

        impl Default for Setup {
            fn default() -> Setup {
                Setup { $( $name: $default, )* }
            }
        }

        /// The declaration of every field, in the order links and `.env` files list them.
        pub const FIELDS: &[FieldSpec] = &[ $( FieldSpec { name: stringify!($name), ..$spec }, )* ];

        // One visitor each way instead of code per field and operation: the page's WebAssembly
        // carries each operation once per type of setting, not once per setting.
        impl Setup {
            /// Calls `visit` with every field and its declaration, in declaration order.
            pub fn for_each(&self, visit: &mut dyn FnMut(&'static FieldSpec, &dyn FieldValue)) {
                let mut specs = FIELDS.iter();
                $( if let Some(spec) = specs.next() { visit(spec, &self.$name) } )*
            }

            /// [`Setup::for_each`], for changing the fields.
            pub fn for_each_mut(&mut self, visit: &mut dyn FnMut(&'static FieldSpec, &mut dyn FieldValue)) {
                let mut specs = FIELDS.iter();
                $( if let Some(spec) = specs.next() { visit(spec, &mut self.$name) } )*
            }

            /// Copies from `from` every field whose declaration `which` picks.
            pub fn carry_from(&mut self, from: &Setup, which: &dyn Fn(&FieldSpec) -> bool) {
                let mut specs = FIELDS.iter();
                $( if specs.next().is_some_and(which) { self.$name = from.$name.clone() } )*
            }
        }
    };
}

setup_fields!(plain_setup);

impl Setup {
    /// The field `name` as a link or `.env` file holds it; `None`: nothing to write.
    pub fn text_of(&self, name: &str) -> Option<String> {
        let mut text = None;
        self.for_each(&mut |spec, value| {
            if spec.name == name {
                text = value.to_text();
            }
        });
        text
    }

    /// Reads the field `name` back from its text; `Err(NotAValue)` when `text` is none of its values
    /// (or there is no such field).
    pub fn set_text(&mut self, name: &str, text: &str) -> Result<(), NotAValue> {
        let mut result = Err(NotAValue);
        self.for_each_mut(&mut |spec, value| {
            if spec.name == name {
                result = value.set_text(text);
            }
        });
        result
    }
}

/// The declaration of the field called `name`.
pub fn field(name: &str) -> Option<&'static FieldSpec> {
    FIELDS.iter().find(|spec| spec.name == name)
}

#[cfg(test)]
mod tests;
