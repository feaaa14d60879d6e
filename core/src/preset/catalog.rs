//! The presets, with their rules. Sources: `shared/reference/providers.md` and the providers'
//! own documentation (linked). Rules the providers do not state outright ("unconfirmed") are
//! warnings, not errors.
use super::{DiscoveryDocument::*, Preset, SubjectPreset};
use crate::assertion::AudienceTarget::*;
use crate::jwa::Alg::*;
use crate::key::KeyKind;
use crate::lint::{Rule, RuleRef, RuleSet, Severity};
use crate::request::{ClientAuth, Grant};

const fn error(rule: Rule, source: &'static str, url: &'static str) -> RuleRef {
    RuleRef { rule, severity: Severity::Error, source, url }
}
const fn warning(rule: Rule, source: &'static str, url: &'static str) -> RuleRef {
    RuleRef { rule, severity: Severity::Warning, source, url }
}

const SMART: &str = "SMART Backend Services";
const SMART_URL: &str = "https://hl7.org/fhir/uv/bulkdata/authorization/index.html";
const KOPPELTAAL: &str = "Koppeltaal";
const KOPPELTAAL_URL: &str = "https://devguide.koppeltaal.nl/technische-howto/connectie-maken-met-koppeltaal/toegang-tot-koppeltaal";
const ACM: &str = "ACM/IDM (Digitaal Vlaanderen)";
const ACM_URL: &str = "https://authenticatie.vlaanderen.be/docs/beveiligen-van-api/oauth-rest/rest-server2server/aanvraag-access-token/";
const MBP_URL: &str = "https://authenticatie.vlaanderen.be/docs/beveiligen-van-api/oauth-rest/rest-namens-gebruiker/rest-token-exchange/";
const OKTA: &str = "Okta";
const OKTA_URL: &str = "https://developer.okta.com/docs/guides/build-self-signed-jwt/";
const OIDC_OP: &str = "oidc-op (IdentityPython)";
const OIDC_OP_URL: &str = "https://oidcop.readthedocs.io/";
const KEYCLOAK: &str = "Keycloak";
const KEYCLOAK_URL: &str = "https://www.keycloak.org/docs/latest/server_admin/#_client-credentials";
const AUTH0: &str = "Auth0";
const AUTH0_URL: &str = "https://auth0.com/docs/get-started/authentication-and-authorization-flow/authenticate-with-private-key-jwt";
const ENTRA: &str = "Microsoft Entra ID";
const ENTRA_URL: &str = "https://learn.microsoft.com/entra/identity-platform/certificate-credentials";
const GOOGLE: &str = "Google service accounts";
const GOOGLE_URL: &str = "https://developers.google.com/identity/protocols/oauth2/service-account#httprest";
const SALESFORCE: &str = "Salesforce";
const SALESFORCE_URL: &str = "https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_jwt_flow.htm";
const RFC7523: &str = "RFC 7523 §3";
const RFC7523_URL: &str = "https://www.rfc-editor.org/rfc/rfc7523#section-3";
const RFC10070: &str = "RFC 10070";
const RFC10070_URL: &str = "https://www.rfc-editor.org/rfc/rfc10070";
const FAPI2: &str = "FAPI 2.0 Security Preset";
const FAPI2_URL: &str = "https://openid.net/specs/fapi-security-preset-2_0-final.html";

/// Client authentication: `sub` is the client id (RFC 7523 §3, OIDC Core §9).
const SUB_IS_CLIENT: RuleRef = error(Rule::SubjectIsClientId, RFC7523, RFC7523_URL);

const ACM_RULES: &[RuleRef] = &[
    warning(Rule::Algs(&[RS256]), ACM, ACM_URL),
    warning(Rule::MaxLifetime(600), ACM, ACM_URL),
    error(Rule::Typ("JWT"), ACM, ACM_URL),
    warning(Rule::Audience { target: Issuer, array_ok: false }, ACM, ACM_URL),
    error(Rule::SendClientId, ACM, ACM_URL),
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
    rules: &[SUB_IS_CLIENT],
};

pub const PRESETS: &[Preset] = &[
    DEFAULTS,
    Preset {
        id: "vlaanderen-acm",
        name: "Vlaanderen ACM/IDM (AWV APIs), production",
        docs: ACM_URL,
        issuer: "https://authenticatie.vlaanderen.be/op",
        token_endpoint: "https://authenticatie.vlaanderen.be/op/v1/token",
        introspection_endpoint: "https://authenticatie.vlaanderen.be/op/v1/introspect",
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
        docs: ACM_URL,
        issuer: "https://authenticatie-ti.vlaanderen.be/op",
        token_endpoint: "https://authenticatie-ti.vlaanderen.be/op/v1/token",
        introspection_endpoint: "https://authenticatie-ti.vlaanderen.be/op/v1/introspect",
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
        docs: KOPPELTAAL_URL,
        // Koppeltaal's own "Authorizeren" page (shared/seeds/001) names this host; its newer
        // developer guide shows auth-service.koppeltaal.headease.nl. The provider's document
        // wins over providers.md, and the page's summary mentions the other host.
        token_endpoint: "https://authentication-service.koppeltaal.headease.nl/oauth2/token",
        discovery: Some(SmartConfiguration),
        alg: RS512,
        audience: TokenEndpoint,
        rules: &[
            error(Rule::Algs(&[RS512]), KOPPELTAAL, KOPPELTAAL_URL),
            error(Rule::MaxLifetime(300), KOPPELTAAL, KOPPELTAAL_URL),
            error(Rule::Audience { target: TokenEndpoint, array_ok: false }, KOPPELTAAL, KOPPELTAAL_URL),
            warning(Rule::Kid, KOPPELTAAL, KOPPELTAAL_URL),
            SUB_IS_CLIENT,
        ],
        ..DEFAULTS
    },
    Preset {
        id: "okta",
        name: "Okta (org authorization server)",
        docs: OKTA_URL,
        issuer: "https://{domain}",
        token_endpoint: "https://{domain}/oauth2/v1/token",
        introspection_endpoint: "https://{domain}/oauth2/v1/introspect",
        revocation_endpoint: "https://{domain}/oauth2/v1/revoke",
        audience: CalledEndpoint,
        scope: "okta.users.read",
        rules: &[
            error(Rule::Algs(&[RS256, RS384, RS512, ES256, ES384, ES512]), OKTA, OKTA_URL),
            error(Rule::MaxLifetime(3600), OKTA, OKTA_URL),
            error(Rule::Audience { target: CalledEndpoint, array_ok: false }, OKTA, OKTA_URL),
            SUB_IS_CLIENT,
        ],
        ..DEFAULTS
    },
    Preset {
        id: "oidc-op",
        name: "IdentityPython oidc-op / idpyoidc",
        docs: OIDC_OP_URL,
        issuer: "https://{host}",
        token_endpoint: "https://{host}/token",
        introspection_endpoint: "https://{host}/introspection",
        audience: CalledEndpoint,
        rules: &[error(Rule::Audience { target: CalledEndpoint, array_ok: true }, OIDC_OP, OIDC_OP_URL), SUB_IS_CLIENT],
        ..DEFAULTS
    },
    Preset {
        id: "mijn-burgerprofiel",
        name: "Mijn Burgerprofiel (token exchange at ACM, test/TNI)",
        docs: MBP_URL,
        issuer: "https://authenticatie-ti.vlaanderen.be/op",
        token_endpoint: "https://authenticatie-ti.vlaanderen.be/op/v1/token",
        introspection_endpoint: "https://authenticatie-ti.vlaanderen.be/op/v1/introspect",
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
            error(Rule::Grant(Grant::TokenExchange), "Mijn Burgerprofiel", MBP_URL),
            warning(Rule::Algs(&[RS256]), ACM, ACM_URL),
            warning(Rule::MaxLifetime(600), ACM, ACM_URL),
            error(Rule::Typ("JWT"), ACM, ACM_URL),
            warning(Rule::Audience { target: Issuer, array_ok: false }, ACM, ACM_URL),
            SUB_IS_CLIENT,
        ],
        ..DEFAULTS
    },
    Preset {
        id: "smart-backend",
        name: "SMART Backend Services (HL7 FHIR)",
        docs: SMART_URL,
        issuer: "https://{fhir-server}",
        token_endpoint: "https://{fhir-server}/token",
        discovery: Some(SmartConfiguration),
        alg: ES384,
        key: KeyKind::P384,
        audience: TokenEndpoint,
        scope: "system/*.rs",
        rules: &[
            error(Rule::Algs(&[RS384, ES384]), SMART, SMART_URL),
            error(Rule::MaxLifetime(300), SMART, SMART_URL),
            error(Rule::Kid, SMART, SMART_URL),
            error(Rule::Typ("JWT"), SMART, SMART_URL),
            error(Rule::Audience { target: TokenEndpoint, array_ok: false }, SMART, SMART_URL),
            error(Rule::Scope, SMART, SMART_URL),
            SUB_IS_CLIENT,
        ],
        ..DEFAULTS
    },
    Preset {
        id: "keycloak",
        name: "Keycloak (Signed JWT client authenticator)",
        docs: KEYCLOAK_URL,
        issuer: "https://{host}/realms/{realm}",
        token_endpoint: "https://{host}/realms/{realm}/protocol/openid-connect/token",
        introspection_endpoint: "https://{host}/realms/{realm}/protocol/openid-connect/token/introspect",
        revocation_endpoint: "https://{host}/realms/{realm}/protocol/openid-connect/revoke",
        lifetime: 60,
        audience: Issuer,
        rules: &[
            error(Rule::MaxLifetime(60), KEYCLOAK, KEYCLOAK_URL),
            warning(Rule::Audience { target: Issuer, array_ok: false }, KEYCLOAK, KEYCLOAK_URL),
            SUB_IS_CLIENT,
        ],
        ..DEFAULTS
    },
    Preset {
        id: "auth0",
        name: "Auth0",
        docs: AUTH0_URL,
        issuer: "https://{tenant}.auth0.com/",
        token_endpoint: "https://{tenant}.auth0.com/oauth/token",
        revocation_endpoint: "https://{tenant}.auth0.com/oauth/revoke",
        lifetime: 60,
        audience: Issuer,
        params: &[("audience", "{api-identifier}")],
        rules: &[
            error(Rule::Algs(&[RS256, RS384, PS256]), AUTH0, AUTH0_URL),
            error(Rule::MaxLifetime(300), AUTH0, AUTH0_URL),
            warning(Rule::MaxLifetime(60), AUTH0, AUTH0_URL),
            error(Rule::RsaBits { min: 2048, max: 4096 }, AUTH0, AUTH0_URL),
            error(Rule::Audience { target: Issuer, array_ok: false }, AUTH0, AUTH0_URL),
            SUB_IS_CLIENT,
        ],
        ..DEFAULTS
    },
    Preset {
        id: "entra",
        name: "Microsoft Entra ID",
        docs: ENTRA_URL,
        issuer: "https://login.microsoftonline.com/{tenant}/v2.0",
        token_endpoint: "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token",
        alg: PS256,
        lifetime: 600,
        kid: false,
        x5t_s256: true,
        audience: TokenEndpoint,
        scope: "https://graph.microsoft.com/.default",
        rules: &[
            error(Rule::Algs(&[PS256, RS256]), ENTRA, ENTRA_URL),
            error(Rule::X5tS256, ENTRA, ENTRA_URL),
            error(Rule::Audience { target: TokenEndpoint, array_ok: false }, ENTRA, ENTRA_URL),
            error(Rule::Scope, ENTRA, ENTRA_URL),
            SUB_IS_CLIENT,
        ],
        ..DEFAULTS
    },
    Preset {
        id: "google-service-account",
        name: "Google service account (JWT-bearer grant)",
        docs: GOOGLE_URL,
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
            error(Rule::Grant(Grant::JwtBearer), GOOGLE, GOOGLE_URL),
            error(Rule::ClientAuth(ClientAuth::None), GOOGLE, GOOGLE_URL),
            error(Rule::Algs(&[RS256]), GOOGLE, GOOGLE_URL),
            error(Rule::MaxLifetime(3600), GOOGLE, GOOGLE_URL),
            error(Rule::Audience { target: TokenEndpoint, array_ok: false }, GOOGLE, GOOGLE_URL),
            error(Rule::ScopeClaim, GOOGLE, GOOGLE_URL),
        ],
        ..DEFAULTS
    },
    Preset {
        id: "salesforce",
        name: "Salesforce (JWT-bearer grant)",
        docs: SALESFORCE_URL,
        issuer: "https://login.salesforce.com",
        token_endpoint: "https://login.salesforce.com/services/oauth2/token",
        revocation_endpoint: "https://login.salesforce.com/services/oauth2/revoke",
        grant: Grant::JwtBearer,
        client_auth: ClientAuth::None,
        lifetime: 180,
        audience: Issuer,
        subject: SubjectPreset::Template("{username}"),
        rules: &[
            error(Rule::Grant(Grant::JwtBearer), SALESFORCE, SALESFORCE_URL),
            error(Rule::ClientAuth(ClientAuth::None), SALESFORCE, SALESFORCE_URL),
            error(Rule::Algs(&[RS256]), SALESFORCE, SALESFORCE_URL),
            error(Rule::MaxLifetime(180), SALESFORCE, SALESFORCE_URL),
            error(Rule::Audience { target: Issuer, array_ok: false }, SALESFORCE, SALESFORCE_URL),
            error(Rule::SubjectIsUser, SALESFORCE, SALESFORCE_URL),
        ],
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
                error(Rule::Audience { target: Issuer, array_ok: false }, RFC10070, RFC10070_URL),
                warning(Rule::Typ("client-authentication+jwt"), RFC10070, RFC10070_URL),
            ],
        },
        RuleSet {
            id: "fapi2",
            name: "FAPI 2.0 Security Preset",
            rules: &[
                error(Rule::Algs(&[PS256, ES256, EdDSA]), FAPI2, FAPI2_URL),
                error(Rule::RsaBits { min: 2048, max: 16384 }, FAPI2, FAPI2_URL),
                error(Rule::Audience { target: Issuer, array_ok: false }, FAPI2, FAPI2_URL),
                warning(Rule::MaxSkew(10), FAPI2, FAPI2_URL),
            ],
        },
    ];
    SETS
}
