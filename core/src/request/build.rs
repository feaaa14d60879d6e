//! Settings + (optionally) a signed assertion → the exact HTTP request.
use super::{ClientAuth, Grant, MissingAssertion, RequestError};
use crate::endpoint::Endpoint;
use crate::assertion::CLIENT_ASSERTION_TYPE;
use std::collections::BTreeMap;

/// What the user chose for the request. Parameter values stay as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestSettings {
    pub endpoint: String,
    pub grant: Grant,
    pub client_auth: ClientAuth,
    pub client_id: String,
    pub client_secret: String,
    /// Also send `client_id` as a form field with private_key_jwt (ACM asks for it;
    /// RFC 7523 §3 makes it optional).
    pub send_client_id: bool,
    /// Values by wire name, for the grant's [`super::ParamSpec`]s.
    pub params: BTreeMap<String, String>,
    /// The setup's redirect_uri, sent with the authorization-code grant.
    pub redirect_uri: String,
    /// The files curl presents for mTLS client authentication (RFC 8705): the page's
    /// downloads of the key's certificate and private key.
    pub certificate_files: ClientCertificate,
}

impl Default for RequestSettings {
    fn default() -> Self {
        RequestSettings {
            endpoint: String::new(),
            grant: Grant::ClientCredentials,
            client_auth: ClientAuth::PrivateKeyJwt,
            client_id: String::new(),
            client_secret: String::new(),
            send_client_id: false,
            params: BTreeMap::new(),
            redirect_uri: String::new(),
            certificate_files: ClientCertificate::for_kid(""),
        }
    }
}

impl RequestSettings {
    /// Whether this request needs a signed JWT from the key.
    pub fn needs_assertion(&self) -> bool {
        self.client_auth == ClientAuth::PrivateKeyJwt || self.grant == Grant::JwtBearer
    }
}

/// The HTTP method of a request: a form POST to the token, PAR or device endpoints, a GET
/// (no body) for userinfo.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum HttpMethod {
    #[default]
    Post,
    Get,
}

impl HttpMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Post => "POST",
            HttpMethod::Get => "GET",
        }
    }
}

/// The request as it goes on the wire: a form POST, or a GET whose `form` is empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRequest {
    pub method: HttpMethod,
    pub endpoint: Endpoint,
    /// Header name and value, in order.
    pub headers: Vec<(String, String)>,
    /// Form fields, in order; repeated names are repeated fields.
    pub form: Vec<(String, String)>,
    /// The TLS client certificate the connection presents (mTLS client authentication): a
    /// property of the transport, so only the renderers write it.
    pub client_certificate: Option<ClientCertificate>,
}

/// The certificate and private key files a command presents for mTLS (curl `--cert`/`--key`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientCertificate {
    /// The certificate, PEM.
    pub cert_file: String,
    /// Its private key, PKCS#8 PEM.
    pub key_file: String,
}

/// The end of the name of the page's certificate download (`pkjwt-<stem>-certificate.pem`).
pub const CERTIFICATE_FILE_SUFFIX: &str = "certificate.pem";
/// The end of the name of the page's PKCS#8 private key download (`pkjwt-<stem>-private.pem`).
pub const PRIVATE_KEY_FILE_SUFFIX: &str = "private.pem";

/// The part of a download's name that comes from the key's `kid`: its first 16 letters,
/// digits, `-` and `_` (a name that is safe in any shell and file system), or `key`.
pub fn download_stem(kid: &str) -> String {
    let stem: String = kid.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').take(16).collect();
    if stem.is_empty() {
        "key".into()
    } else {
        stem
    }
}

/// The name of the page's download of `suffix` for the key `kid` (`pkjwt-<stem>-<suffix>`).
pub fn download_name(kid: &str, suffix: &str) -> String {
    format!("pkjwt-{}-{suffix}", download_stem(kid))
}

impl ClientCertificate {
    /// The page's own two downloads for the key `kid`: what a user who downloaded them has.
    pub fn for_kid(kid: &str) -> ClientCertificate {
        ClientCertificate { cert_file: download_name(kid, CERTIFICATE_FILE_SUFFIX), key_file: download_name(kid, PRIVATE_KEY_FILE_SUFFIX) }
    }
}

/// How a resource request presents its access token.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TokenScheme {
    /// RFC 6750 §2.1: `Authorization: Bearer <token>`.
    #[default]
    Bearer,
    /// RFC 9449 §7.1: `Authorization: DPoP <token>`, with a proof in the `DPoP` header.
    Dpop,
}

impl TokenScheme {
    /// The scheme's word in the `Authorization` header.
    pub fn word(self) -> &'static str {
        match self {
            TokenScheme::Bearer => "Bearer",
            TokenScheme::Dpop => "DPoP",
        }
    }
}

pub const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// The longest value of one form parameter (its whole text box, for one-per-line lists).
/// Subject and actor tokens can be long; a mistaken paste of a file or log is not sent.
pub const MAX_PARAM_BYTES: usize = 256 * 1024;

/// The longest client_id and client secret.
pub const MAX_CLIENT_FIELD_BYTES: usize = 8 * 1024;

/// Refuses a value over `limit` bytes before anything reads it.
fn check_length(name: &str, value: &str, limit: usize) -> Result<(), RequestError> {
    if value.len() > limit {
        return Err(RequestError::ValueTooLong { name: name.to_owned(), length: value.len(), limit });
    }
    Ok(())
}

impl TokenRequest {
    /// A form POST with the usual `Content-Type` and `Accept` headers.
    pub fn form_post(endpoint: Endpoint, form: Vec<(String, String)>) -> TokenRequest {
        TokenRequest { method: HttpMethod::Post, endpoint, headers: form_headers(), form, client_certificate: None }
    }

    /// RFC 6750 §2.1: a GET with `Authorization: Bearer` (userinfo, an API).
    pub fn bearer_get(endpoint: &str, access_token: &str) -> Result<TokenRequest, RequestError> {
        TokenRequest::resource_get(endpoint, access_token, TokenScheme::Bearer)
    }

    /// A GET with the access token in `Authorization` (userinfo, an API), as `scheme` presents
    /// it. The token is used as given, trimmed; a NUL or line break cannot be carried by any header.
    pub fn resource_get(endpoint: &str, access_token: &str, scheme: TokenScheme) -> Result<TokenRequest, RequestError> {
        let endpoint = Endpoint::parse(endpoint)?;
        let token = access_token.trim();
        check_length("access_token", token, MAX_PARAM_BYTES)?;
        if token.is_empty() {
            return Err(RequestError::ParamMissing { name: "access_token".into() });
        }
        if token.contains(['\0', '\r', '\n']) {
            return Err(RequestError::ParamNul { name: "access_token".into() });
        }
        let headers = vec![
            ("Authorization".to_owned(), format!("{} {token}", scheme.word())),
            ("Accept".to_owned(), "application/json".to_owned()),
        ];
        Ok(TokenRequest { method: HttpMethod::Get, endpoint, headers, form: Vec::new(), client_certificate: None })
    }

    /// The `application/x-www-form-urlencoded` body (WHATWG encoding: space as `+`).
    pub fn body(&self) -> String {
        form_urlencoded::Serializer::new(String::new()).extend_pairs(&self.form).finish()
    }

    pub fn url(&self) -> &str {
        self.endpoint.as_str()
    }
}

/// Builds the request. `assertion` is the signed JWT when [`RequestSettings::needs_assertion`];
/// otherwise it is ignored.
pub fn build_request(settings: &RequestSettings, assertion: Option<&str>) -> Result<TokenRequest, RequestError> {
    let endpoint = Endpoint::parse(&settings.endpoint)?;
    let mut request = TokenRequest::form_post(endpoint, Vec::new());
    let form = &mut request.form;

    if let Some(grant_type) = settings.grant.grant_type() {
        form.push(("grant_type".into(), grant_type.into()));
    }
    if settings.grant == Grant::JwtBearer {
        if settings.client_auth == ClientAuth::PrivateKeyJwt {
            return Err(RequestError::JwtBearerWithPrivateKeyJwt);
        }
        let jwt = assertion.ok_or(RequestError::AssertionMissing(MissingAssertion::NoKey))?;
        form.push(("assertion".into(), jwt.to_owned()));
    }
    let has_value = |name: &str| settings.params.get(name).is_some_and(|v| !v.trim().is_empty());
    for spec in settings.grant.params() {
        if spec.only_with.is_some_and(|other| !has_value(other)) {
            continue;
        }
        // A parameter never touched takes its default; one the user emptied stays empty.
        let raw = settings.params.get(spec.name).map(String::as_str).unwrap_or(spec.default);
        check_length(spec.name, raw, MAX_PARAM_BYTES)?;
        let values: Vec<&str> = if spec.repeatable {
            raw.lines().map(str::trim).filter(|v| !v.is_empty()).collect()
        } else {
            // Tokens are pasted with stray whitespace around them; inner content stays as is.
            Some(raw.trim()).filter(|v| !v.is_empty()).into_iter().collect()
        };
        if values.is_empty() && spec.required {
            return Err(RequestError::ParamMissing { name: spec.name.into() });
        }
        for value in values {
            if value.contains('\0') {
                return Err(RequestError::ParamNul { name: spec.name.into() });
            }
            form.push((spec.name.into(), value.into()));
        }
    }
    if settings.grant.sends_redirect_uri() {
        let redirect_uri = settings.redirect_uri.trim();
        check_length("redirect_uri", redirect_uri, MAX_PARAM_BYTES)?;
        if redirect_uri.is_empty() {
            return Err(RequestError::ParamMissing { name: "redirect_uri".into() });
        }
        if redirect_uri.contains('\0') {
            return Err(RequestError::ParamNul { name: "redirect_uri".into() });
        }
        form.push(("redirect_uri".into(), redirect_uri.into()));
    }
    authenticate_client(settings, assertion, &mut request)?;
    Ok(request)
}

fn form_headers() -> Vec<(String, String)> {
    vec![
        ("Content-Type".to_owned(), FORM_CONTENT_TYPE.to_owned()),
        ("Accept".to_owned(), "application/json".to_owned()),
    ]
}

/// Adds the client authentication `settings` choose to `request` (form fields or a Basic
/// header): the token request's, reused for PAR and the device authorization request, which
/// authenticate the same way (RFC 9126 §2.1, RFC 8628 §3.1). A `client_id` the form already
/// carries (PAR sends it as an authorization parameter) is not added twice.
pub fn authenticate_client(settings: &RequestSettings, assertion: Option<&str>, request: &mut TokenRequest) -> Result<(), RequestError> {
    let client_id = settings.client_id.trim();
    let has_client_id = request.form.iter().any(|(name, _)| name == "client_id");
    let headers = &mut request.headers;
    let form = &mut request.form;
    let push_client_id = |form: &mut Vec<(String, String)>| {
        if !has_client_id {
            form.push(("client_id".into(), client_id.into()));
        }
    };
    match settings.client_auth {
        ClientAuth::PrivateKeyJwt => {
            let jwt = assertion.ok_or(RequestError::AssertionMissing(MissingAssertion::NoKey))?;
            if settings.send_client_id {
                require_client_id(client_id)?;
                push_client_id(form);
            }
            form.push(("client_assertion_type".into(), CLIENT_ASSERTION_TYPE.into()));
            form.push(("client_assertion".into(), jwt.to_owned()));
        }
        ClientAuth::ClientSecretBasic => {
            require_client_id(client_id)?;
            let secret = require_secret(settings, "client_secret_basic")?;
            headers.push(("Authorization".into(), basic_authorization(client_id, secret)));
        }
        ClientAuth::ClientSecretPost => {
            require_client_id(client_id)?;
            let secret = require_secret(settings, "client_secret_post")?;
            push_client_id(form);
            form.push(("client_secret".into(), secret.into()));
        }
        // A JWT-bearer grant without client authentication (Google, Salesforce) is
        // identified by the assertion's `iss` alone; those providers document no client_id.
        ClientAuth::None if settings.grant == Grant::JwtBearer => {}
        ClientAuth::None => {
            require_client_id(client_id)?;
            push_client_id(form);
        }
        // RFC 8705 §2: the certificate proves the client; the form names it.
        ClientAuth::TlsClientAuth | ClientAuth::SelfSignedTlsClientAuth => {
            require_client_id(client_id)?;
            push_client_id(form);
            request.client_certificate = Some(settings.certificate_files.clone());
        }
    }
    Ok(())
}

fn require_client_id(client_id: &str) -> Result<(), RequestError> {
    check_length("client_id", client_id, MAX_CLIENT_FIELD_BYTES)?;
    if client_id.is_empty() {
        Err(RequestError::ClientIdMissing)
    } else if client_id.contains('\0') {
        Err(RequestError::ParamNul { name: "client_id".into() })
    } else {
        Ok(())
    }
}

fn require_secret<'a>(settings: &'a RequestSettings, auth: &'static str) -> Result<&'a str, RequestError> {
    // Secrets are used exactly as typed: surrounding spaces could be part of them.
    let secret = settings.client_secret.as_str();
    check_length("client_secret", secret, MAX_CLIENT_FIELD_BYTES)?;
    if secret.is_empty() {
        Err(RequestError::SecretMissing { auth })
    } else if secret.contains('\0') {
        Err(RequestError::ParamNul { name: "client_secret".into() })
    } else {
        Ok(secret)
    }
}

/// RFC 6749 §2.3.1: client id and secret are form-urlencoded, joined by `:`, then base64.
pub fn basic_authorization(client_id: &str, secret: &str) -> String {
    let encode = |s: &str| form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    let pair = format!("{}:{}", encode(client_id), encode(secret));
    format!("Basic {}", crate::b64::std_encode(pair.as_bytes()))
}
