//! The presets, with their rules. Sources: `shared/reference/providers.md` and the providers'
//! own documentation (linked). Rules the providers do not state outright ("unconfirmed") are
//! warnings, not errors.
use super::{Preset, SubjectPreset};
use crate::discovery::DiscoveryDocument::*;
use crate::assertion::AudienceTarget::*;
use crate::jwa::Alg::*;
use crate::authorize::AuthorizeMode;
use crate::dpop::DpopAlg;
use crate::key::KeyKind;
use crate::lint::{Document, Rule, RuleRef, RuleSet, Severity};
use crate::request::{ClientAuth, Grant};

const fn error(rule: Rule, source: Document) -> RuleRef {
    RuleRef { rule, severity: Severity::Error, source }
}
const fn warning(rule: Rule, source: Document) -> RuleRef {
    RuleRef { rule, severity: Severity::Warning, source }
}

use Document::{
    Acm as ACM, Auth0 as AUTH0, Entra as ENTRA, Fapi2 as FAPI2, Fapi2Client as FAPI2_CLIENT, Fapi2CodeFlow as FAPI2_CODE,
    Fapi2Crypto as FAPI2_CRYPTO, Fapi2Server as FAPI2_SERVER, GoogleServiceAccounts as GOOGLE, Keycloak as KEYCLOAK,
    Koppeltaal as KOPPELTAAL, MijnBurgerprofiel as MBP, OidcOp as OIDC_OP, Okta as OKTA, Rfc10070 as RFC10070, Rfc7523 as RFC7523,
    Salesforce as SALESFORCE, SmartBackendServices as SMART,
};

/// FAPI 2.0 Security Profile (Final, 22 February 2025) rules about the client assertion: the
/// "Also check FAPI 2.0" rule set, and part of the `fapi2` preset. §5.4.1 applies to every JWT.
const FAPI2_ASSERTION_RULES: [RuleRef; 4] = [
    // §5.4.1: 1.2 PS256, ES256 or EdDSA; 2. RSA keys of at least 2048 bits.
    error(Rule::Algs(&[PS256, ES256, EdDSA]), FAPI2_CRYPTO),
    error(Rule::RsaBits { min: 2048, max: 16384 }, FAPI2_CRYPTO),
    // §5.3.3.1, 5.: `aud` is the issuer, as a string.
    error(Rule::Audience { target: Issuer, array_ok: false }, FAPI2_CLIENT),
    // §5.3.2.1: servers need accept `iat` only up to 10 s off; back-dating more risks refusal.
    warning(Rule::MaxSkew(10), FAPI2_SERVER),
];

/// The rest of the profile for a client, which the `fapi2` preset checks too. The profile sets
/// no lifetime for client assertions and does not ask for `nbf`: the preset's short lifetime
/// and `nbf` are its defaults, not rules.
const FAPI2_FLOW_RULES: [RuleRef; 7] = [
    // §5.3.3.1: 1. sender-constrained tokens (MTLS or DPoP); 2. client authentication by MTLS
    // or private_key_jwt.
    error(Rule::SenderConstrained, FAPI2_CLIENT),
    error(Rule::ClientAuthIn(&[ClientAuth::PrivateKeyJwt, ClientAuth::TlsClientAuth, ClientAuth::SelfSignedTlsClientAuth]), FAPI2_CLIENT),
    // §5.3.3.2: 2. pushed authorization requests; 3. PKCE with S256.
    error(Rule::Par, FAPI2_CODE),
    error(Rule::PkceS256, FAPI2_CODE),
    // §5.4.1: the DPoP proofs are JWTs too; 3. EC keys of at least 224 bits.
    error(Rule::DpopAlgs(&[DpopAlg::ES256, DpopAlg::PS256, DpopAlg::EdDSA]), FAPI2_CRYPTO),
    error(Rule::EcMinBits(224), FAPI2_CRYPTO),
    SUB_IS_CLIENT,
];

const FAPI2_RULES: [RuleRef; 11] = concat(FAPI2_FLOW_RULES, FAPI2_ASSERTION_RULES);

/// Two rule lists as one, at compile time (the preset holds one slice; each rule is written once).
const fn concat<const A: usize, const B: usize, const C: usize>(a: [RuleRef; A], b: [RuleRef; B]) -> [RuleRef; C] {
    assert!(A + B == C && A > 0);
    let mut out = [a[0]; C];
    let mut i = 0;
    while i < C {
        out[i] = if i < A { a[i] } else { b[i - A] };
        i += 1;
    }
    out
}

/// Client authentication: `sub` is the client id (RFC 7523 §3, OIDC Core §9).
const SUB_IS_CLIENT: RuleRef = error(Rule::SubjectIsClientId, RFC7523);

const ACM_RULES: &[RuleRef] = &[
    warning(Rule::Algs(&[RS256]), ACM),
    warning(Rule::MaxLifetime(600), ACM),
    error(Rule::Typ("JWT"), ACM),
    warning(Rule::Audience { target: Issuer, array_ok: false }, ACM),
    error(Rule::SendClientId, ACM),
    SUB_IS_CLIENT,
];

const DEFAULTS: Preset = Preset {
    id: "custom",
    name: "Custom",
    docs: "",
    issuer: "",
    token_endpoint: "",
    introspection_endpoint: "",
    revocation_endpoint: "",
    authorization_endpoint: "",
    par_endpoint: "",
    userinfo_endpoint: "",
    jwks_uri: "",
    device_authorization_endpoint: "",
    authz_params: &[],
    unconfirmed: &[],
    discovery: Some(OpenIdConfiguration),
    grant: Grant::ClientCredentials,
    client_auth: ClientAuth::PrivateKeyJwt,
    alg: RS256,
    key: KeyKind::Rsa2048,
    lifetime: 300,
    typ: "JWT",
    kid: true,
    x5t: false,
    x5t_s256: false,
    audience: TokenEndpoint,
    scope: "",
    scope_claim: false,
    send_client_id: false,
    subject: SubjectPreset::FollowClientId,
    params: &[],
    authorize_mode: None,
    nbf: false,
    dpop: None,
    rules: &[SUB_IS_CLIENT],
};

pub const PRESETS: &[Preset] = &[
    DEFAULTS,
    Preset {
        id: "vlaanderen-acm",
        name: "Vlaanderen ACM/IDM (AWV APIs), production",
        docs: ACM.url(),
        issuer: "https://authenticatie.vlaanderen.be/op",
        token_endpoint: "https://authenticatie.vlaanderen.be/op/v1/token",
        introspection_endpoint: "https://authenticatie.vlaanderen.be/op/v1/introspect",
        // ACM's authorization-side endpoints are not in providers.md; these follow its
        // /op/v1/… naming (unconfirmed).
        authorization_endpoint: "https://authenticatie.vlaanderen.be/op/v1/auth",
        userinfo_endpoint: "https://authenticatie.vlaanderen.be/op/v1/userinfo",
        jwks_uri: "https://authenticatie.vlaanderen.be/op/v1/keys",
        unconfirmed: &["authorization_endpoint", "userinfo_endpoint", "jwks_uri"],
        key: KeyKind::Rsa4096,
        audience: Issuer,
        scope: "vo_info",
        send_client_id: true,
        rules: ACM_RULES,
        ..DEFAULTS
    },
    Preset {
        id: "vlaanderen-acm-test",
        name: "Vlaanderen ACM/IDM (AWV APIs), test (TI)",
        docs: ACM.url(),
        issuer: "https://authenticatie-ti.vlaanderen.be/op",
        token_endpoint: "https://authenticatie-ti.vlaanderen.be/op/v1/token",
        introspection_endpoint: "https://authenticatie-ti.vlaanderen.be/op/v1/introspect",
        // ACM's authorization-side endpoints are not in providers.md; these follow its
        // /op/v1/… naming (unconfirmed).
        authorization_endpoint: "https://authenticatie-ti.vlaanderen.be/op/v1/auth",
        userinfo_endpoint: "https://authenticatie-ti.vlaanderen.be/op/v1/userinfo",
        jwks_uri: "https://authenticatie-ti.vlaanderen.be/op/v1/keys",
        unconfirmed: &["authorization_endpoint", "userinfo_endpoint", "jwks_uri"],
        key: KeyKind::Rsa4096,
        audience: Issuer,
        scope: "vo_info",
        send_client_id: true,
        rules: ACM_RULES,
        ..DEFAULTS
    },
    Preset {
        id: "koppeltaal",
        name: "Koppeltaal 2.0",
        docs: KOPPELTAAL.url(),
        // Koppeltaal's own "Authorizeren" page (shared/seeds/001) names this host; its newer
        // developer guide shows auth-service.koppeltaal.headease.nl. The provider's document
        // wins over providers.md, and the page's summary mentions the other host.
        token_endpoint: "https://authentication-service.koppeltaal.headease.nl/oauth2/token",
        discovery: Some(SmartConfiguration),
        alg: RS512,
        audience: TokenEndpoint,
        rules: &[
            error(Rule::Algs(&[RS512]), KOPPELTAAL),
            error(Rule::MaxLifetime(300), KOPPELTAAL),
            error(Rule::Audience { target: TokenEndpoint, array_ok: false }, KOPPELTAAL),
            warning(Rule::Kid, KOPPELTAAL),
            SUB_IS_CLIENT,
        ],
        ..DEFAULTS
    },
    Preset {
        id: "okta",
        name: "Okta (org authorization server)",
        docs: OKTA.url(),
        issuer: "https://{domain}",
        token_endpoint: "https://{domain}/oauth2/v1/token",
        introspection_endpoint: "https://{domain}/oauth2/v1/introspect",
        revocation_endpoint: "https://{domain}/oauth2/v1/revoke",
        // Okta's org authorization server (its /oauth2/v1/ family); not in providers.md.
        authorization_endpoint: "https://{domain}/oauth2/v1/authorize",
        par_endpoint: "https://{domain}/oauth2/v1/par",
        userinfo_endpoint: "https://{domain}/oauth2/v1/userinfo",
        jwks_uri: "https://{domain}/oauth2/v1/keys",
        device_authorization_endpoint: "https://{domain}/oauth2/v1/device/authorize",
        unconfirmed: &["authorization_endpoint", "par_endpoint", "userinfo_endpoint", "jwks_uri", "device_authorization_endpoint"],
        audience: CalledEndpoint,
        scope: "okta.users.read",
        rules: &[
            error(Rule::Algs(&[RS256, RS384, RS512, ES256, ES384, ES512]), OKTA),
            error(Rule::MaxLifetime(3600), OKTA),
            error(Rule::Audience { target: CalledEndpoint, array_ok: false }, OKTA),
            SUB_IS_CLIENT,
        ],
        ..DEFAULTS
    },
    Preset {
        id: "oidc-op",
        name: "IdentityPython oidc-op / idpyoidc",
        docs: OIDC_OP.url(),
        issuer: "https://{host}",
        token_endpoint: "https://{host}/token",
        introspection_endpoint: "https://{host}/introspection",
        // oidc-op's default endpoint names (unconfirmed); seed 003: a refresh token needs
        // offline_access in the scope and prompt=consent.
        authorization_endpoint: "https://{host}/authorization",
        userinfo_endpoint: "https://{host}/userinfo",
        authz_params: &[("scope", "openid offline_access"), ("prompt", "consent")],
        unconfirmed: &["authorization_endpoint", "userinfo_endpoint"],
        audience: CalledEndpoint,
        rules: &[error(Rule::Audience { target: CalledEndpoint, array_ok: true }, OIDC_OP), SUB_IS_CLIENT],
        ..DEFAULTS
    },
    Preset {
        id: "mijn-burgerprofiel",
        name: "Mijn Burgerprofiel (token exchange at ACM, test/TNI)",
        docs: MBP.url(),
        issuer: "https://authenticatie-ti.vlaanderen.be/op",
        token_endpoint: "https://authenticatie-ti.vlaanderen.be/op/v1/token",
        introspection_endpoint: "https://authenticatie-ti.vlaanderen.be/op/v1/introspect",
        // ACM's authorization-side endpoints are not in providers.md; these follow its
        // /op/v1/… naming (unconfirmed).
        authorization_endpoint: "https://authenticatie-ti.vlaanderen.be/op/v1/auth",
        userinfo_endpoint: "https://authenticatie-ti.vlaanderen.be/op/v1/userinfo",
        jwks_uri: "https://authenticatie-ti.vlaanderen.be/op/v1/keys",
        unconfirmed: &["authorization_endpoint", "userinfo_endpoint", "jwks_uri"],
        grant: Grant::TokenExchange,
        key: KeyKind::Rsa4096,
        audience: Issuer,
        // The same ACM token endpoint as the AWV presets, which want client_id in the form.
        send_client_id: true,
        params: &[
            ("audience", "{mbp-client-id}"),
            ("subject_token_type", "urn:ietf:params:oauth:token-type:access_token"),
            ("actor_token_type", "urn:ietf:params:oauth:token-type:access_token"),
        ],
        rules: &[
            error(Rule::Grant(Grant::TokenExchange), MBP),
            warning(Rule::Algs(&[RS256]), ACM),
            warning(Rule::MaxLifetime(600), ACM),
            error(Rule::Typ("JWT"), ACM),
            warning(Rule::Audience { target: Issuer, array_ok: false }, ACM),
            SUB_IS_CLIENT,
        ],
        ..DEFAULTS
    },
    Preset {
        id: "smart-backend",
        name: "SMART Backend Services (HL7 FHIR)",
        docs: SMART.url(),
        issuer: "https://{fhir-server}",
        token_endpoint: "https://{fhir-server}/token",
        discovery: Some(SmartConfiguration),
        alg: ES384,
        key: KeyKind::P384,
        audience: TokenEndpoint,
        scope: "system/*.rs",
        rules: &[
            error(Rule::Algs(&[RS384, ES384]), SMART),
            error(Rule::MaxLifetime(300), SMART),
            error(Rule::Kid, SMART),
            error(Rule::Typ("JWT"), SMART),
            error(Rule::Audience { target: TokenEndpoint, array_ok: false }, SMART),
            error(Rule::Scope, SMART),
            SUB_IS_CLIENT,
        ],
        ..DEFAULTS
    },
    Preset {
        id: "keycloak",
        name: "Keycloak (Signed JWT client authenticator)",
        docs: KEYCLOAK.url(),
        issuer: "https://{host}/realms/{realm}",
        token_endpoint: "https://{host}/realms/{realm}/protocol/openid-connect/token",
        introspection_endpoint: "https://{host}/realms/{realm}/protocol/openid-connect/token/introspect",
        revocation_endpoint: "https://{host}/realms/{realm}/protocol/openid-connect/revoke",
        // Keycloak's openid-connect protocol paths; not in providers.md.
        authorization_endpoint: "https://{host}/realms/{realm}/protocol/openid-connect/auth",
        par_endpoint: "https://{host}/realms/{realm}/protocol/openid-connect/ext/par/request",
        userinfo_endpoint: "https://{host}/realms/{realm}/protocol/openid-connect/userinfo",
        jwks_uri: "https://{host}/realms/{realm}/protocol/openid-connect/certs",
        device_authorization_endpoint: "https://{host}/realms/{realm}/protocol/openid-connect/auth/device",
        unconfirmed: &["authorization_endpoint", "par_endpoint", "userinfo_endpoint", "jwks_uri", "device_authorization_endpoint"],
        lifetime: 60,
        audience: Issuer,
        rules: &[
            error(Rule::MaxLifetime(60), KEYCLOAK),
            warning(Rule::Audience { target: Issuer, array_ok: false }, KEYCLOAK),
            SUB_IS_CLIENT,
        ],
        ..DEFAULTS
    },
    Preset {
        id: "auth0",
        name: "Auth0",
        docs: AUTH0.url(),
        issuer: "https://{tenant}.auth0.com/",
        token_endpoint: "https://{tenant}.auth0.com/oauth/token",
        revocation_endpoint: "https://{tenant}.auth0.com/oauth/revoke",
        // Auth0's tenant paths; not in providers.md.
        authorization_endpoint: "https://{tenant}.auth0.com/authorize",
        par_endpoint: "https://{tenant}.auth0.com/oauth/par",
        userinfo_endpoint: "https://{tenant}.auth0.com/userinfo",
        jwks_uri: "https://{tenant}.auth0.com/.well-known/jwks.json",
        device_authorization_endpoint: "https://{tenant}.auth0.com/oauth/device/code",
        unconfirmed: &["authorization_endpoint", "par_endpoint", "userinfo_endpoint", "jwks_uri", "device_authorization_endpoint"],
        lifetime: 60,
        audience: Issuer,
        params: &[("audience", "{api-identifier}")],
        rules: &[
            error(Rule::Algs(&[RS256, RS384, PS256]), AUTH0),
            error(Rule::MaxLifetime(300), AUTH0),
            warning(Rule::MaxLifetime(60), AUTH0),
            error(Rule::RsaBits { min: 2048, max: 4096 }, AUTH0),
            error(Rule::Audience { target: Issuer, array_ok: false }, AUTH0),
            SUB_IS_CLIENT,
        ],
        ..DEFAULTS
    },
    Preset {
        id: "entra",
        name: "Microsoft Entra ID",
        docs: ENTRA.url(),
        issuer: "https://login.microsoftonline.com/{tenant}/v2.0",
        token_endpoint: "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token",
        // The v2.0 endpoints beside the token endpoint (Entra has no PAR); not in providers.md.
        authorization_endpoint: "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/authorize",
        userinfo_endpoint: "https://graph.microsoft.com/oidc/userinfo",
        jwks_uri: "https://login.microsoftonline.com/{tenant}/discovery/v2.0/keys",
        device_authorization_endpoint: "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/devicecode",
        unconfirmed: &["authorization_endpoint", "userinfo_endpoint", "jwks_uri", "device_authorization_endpoint"],
        alg: PS256,
        lifetime: 600,
        kid: false,
        x5t_s256: true,
        audience: TokenEndpoint,
        scope: "https://graph.microsoft.com/.default",
        rules: &[
            error(Rule::Algs(&[PS256, RS256]), ENTRA),
            error(Rule::X5tS256, ENTRA),
            error(Rule::Audience { target: TokenEndpoint, array_ok: false }, ENTRA),
            error(Rule::Scope, ENTRA),
            SUB_IS_CLIENT,
        ],
        ..DEFAULTS
    },
    Preset {
        id: "google-service-account",
        name: "Google service account (JWT-bearer grant)",
        docs: GOOGLE.url(),
        issuer: "https://accounts.google.com",
        token_endpoint: "https://oauth2.googleapis.com/token",
        revocation_endpoint: "https://oauth2.googleapis.com/revoke",
        grant: Grant::JwtBearer,
        client_auth: ClientAuth::None,
        lifetime: 3600,
        // Google's documented header is {"alg":"RS256","typ":"JWT"}; a kid, if sent, must be
        // the key id Google assigned, not our thumbprint.
        kid: false,
        audience: TokenEndpoint,
        scope: "https://www.googleapis.com/auth/cloud-platform",
        scope_claim: true,
        subject: SubjectPreset::Omit,
        rules: &[
            error(Rule::Grant(Grant::JwtBearer), GOOGLE),
            error(Rule::ClientAuth(ClientAuth::None), GOOGLE),
            error(Rule::Algs(&[RS256]), GOOGLE),
            error(Rule::MaxLifetime(3600), GOOGLE),
            error(Rule::Audience { target: TokenEndpoint, array_ok: false }, GOOGLE),
            error(Rule::ScopeClaim, GOOGLE),
        ],
        ..DEFAULTS
    },
    Preset {
        id: "salesforce",
        name: "Salesforce (JWT-bearer grant)",
        docs: SALESFORCE.url(),
        issuer: "https://login.salesforce.com",
        token_endpoint: "https://login.salesforce.com/services/oauth2/token",
        revocation_endpoint: "https://login.salesforce.com/services/oauth2/revoke",
        grant: Grant::JwtBearer,
        client_auth: ClientAuth::None,
        lifetime: 180,
        audience: Issuer,
        subject: SubjectPreset::Template("{username}"),
        rules: &[
            error(Rule::Grant(Grant::JwtBearer), SALESFORCE),
            error(Rule::ClientAuth(ClientAuth::None), SALESFORCE),
            error(Rule::Algs(&[RS256]), SALESFORCE),
            error(Rule::MaxLifetime(180), SALESFORCE),
            error(Rule::Audience { target: Issuer, array_ok: false }, SALESFORCE),
            error(Rule::SubjectIsUser, SALESFORCE),
        ],
        ..DEFAULTS
    },
    Preset {
        id: "fapi2",
        name: "FAPI 2.0 Security Profile (code flow, PAR, DPoP)",
        docs: FAPI2.url(),
        // A profile, not a provider: the server's metadata gives the endpoints. These follow
        // oidc-provider's defaults until discovery replaces them.
        issuer: "https://{host}",
        token_endpoint: "https://{host}/token",
        introspection_endpoint: "https://{host}/token/introspection",
        revocation_endpoint: "https://{host}/token/revocation",
        authorization_endpoint: "https://{host}/auth",
        par_endpoint: "https://{host}/request",
        userinfo_endpoint: "https://{host}/me",
        jwks_uri: "https://{host}/jwks",
        unconfirmed: &[
            "token_endpoint",
            "introspection_endpoint",
            "revocation_endpoint",
            "authorization_endpoint",
            "par_endpoint",
            "userinfo_endpoint",
            "jwks_uri",
        ],
        grant: Grant::AuthorizationCode,
        alg: ES256,
        key: KeyKind::P256,
        lifetime: 60,
        audience: Issuer,
        authorize_mode: Some(AuthorizeMode::Par),
        nbf: true,
        dpop: Some(DpopAlg::ES256),
        rules: &FAPI2_RULES,
        ..DEFAULTS
    },
];

/// Rule sets that apply on top of any preset.
pub fn rule_sets() -> &'static [RuleSet] {
    const SETS: &[RuleSet] = &[
        RuleSet {
            id: "rfc10070",
            name: "RFC 10070 (aud = issuer, typ client-authentication+jwt)",
            rules: &[
                error(Rule::Audience { target: Issuer, array_ok: false }, RFC10070),
                warning(Rule::Typ("client-authentication+jwt"), RFC10070),
            ],
        },
        RuleSet { id: "fapi2", name: "FAPI 2.0 Security Profile", rules: &FAPI2_ASSERTION_RULES },
    ];
    SETS
}
