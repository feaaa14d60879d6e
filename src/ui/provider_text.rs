//! What each preset is, and how to register a key there, in words.

/// One line about the preset.
pub fn summary(id: &str) -> &'static str {
    match id {
        "vlaanderen-acm" => "Digitaal Vlaanderen's ACM/IDM for the AWV APIs (production): client credentials with private_key_jwt; scope vo_info (AWV PUB API) or awv_toep_services (AWV Toepassingen API).",
        "vlaanderen-acm-test" => "Digitaal Vlaanderen's ACM/IDM for the AWV APIs, test environment (TI): the same rules as production.",
        "koppeltaal" => "Koppeltaal 2.0: SMART Backend Services with RS512 (POC environment) and 5-minute assertions; scope may be sent but is ignored. The token endpoint is the one on Koppeltaal's Authorizeren page; its newer developer guide shows auth-service.koppeltaal.headease.nl instead.",
        "okta" => "Okta's org authorization server: client credentials for the Okta management APIs (okta.* scopes); aud is the full URL called.",
        "oidc-op" => "IdentityPython oidc-op: aud must be the exact URL of the endpoint being called; dynamic client registration is supported.",
        "mijn-burgerprofiel" => "Mijn Burgerprofiel SSO: exchange the user's ACM access token for one for Mijn Burgerprofiel, then get a temporary token and open the profile with it. Server to server only in production.",
        "smart-backend" => "HL7 SMART Backend Services: RS384 or ES384, kid and typ JWT required, at most 5 minutes, scope such as system/*.rs.",
        "keycloak" => "Keycloak's Signed JWT client authenticator: one aud (the issuer is recommended), 60-second assertions by default.",
        "auth0" => "Auth0: aud is the tenant URL with its trailing slash; RS256, RS384 or PS256 with RSA 2048–4096; at most 5 minutes (1 recommended). The audience parameter names your API.",
        "entra" => "Microsoft Entra ID: PS256 with the x5t#S256 of an uploaded certificate; aud is the v2.0 token endpoint; scope ends in /.default. Its token endpoint refuses browser calls: use curl.",
        "google-service-account" => "Google service accounts: the signed JWT is the grant itself (RFC 7523 §2.1), RS256, iss = the service account e-mail, scopes in a scope claim, at most one hour.",
        "salesforce" => "Salesforce JWT bearer flow: iss = the connected app's consumer key, sub = the username, aud https://login.salesforce.com (or test.salesforce.com), at most 3 minutes.",
        "fapi2" => "FAPI 2.0 Security Profile (finance, health): the code flow with PAR and PKCE S256, private_key_jwt with aud = the issuer, PS256, ES256 or EdDSA, short assertions, and sender-constrained tokens (DPoP here, or mTLS). Discovery fills the endpoints.",
        _ => "Your own authorization server: fill in the endpoint and audience yourself. The checks are those of RFC 7523.",
    }
}

/// How to register the public key at this provider.
pub fn registration(id: &str) -> &'static [&'static str] {
    match id {
        "vlaanderen-acm" | "vlaanderen-acm-test" => &[
            "Sign in to Beheerportaal (production, or Beheerportaal T&I for the test environment) for your organisation.",
            "Start → Toegangsbeheer → API- en Clientbeheer → Mijn OAuth Clients → Nieuwe OAuth Client aanmaken.",
            "Paste the public JWK (never the private one), choose the API (AWV Toepassingen API needs approval; AWV PUB API does not) and submit. You receive the client id.",
        ],
        "koppeltaal" => &["Register your JWKS endpoint (or the public JWKS) when joining the Koppeltaal domain; you receive the client id."],
        "okta" => &[
            "Either create the service app with the Okta Apps API (the curl below; it needs an API token allowed to create apps),",
            "or in the Admin Console: Applications → Create App Integration → API Services, then Client authentication: Public key / Private key, and add the public JWK.",
            "Grant the app the okta.* scopes it needs (Okta API Scopes tab).",
        ],
        "oidc-op" => &["oidc-op supports dynamic client registration: run the registration curl below; the answer carries your client_id."],
        "mijn-burgerprofiel" => &[
            "Your ACM client must be allowed to exchange tokens for the Mijn Burgerprofiel client id: ask the integration team.",
            "Register the public JWK for that client in Beheerportaal, as for the ACM presets.",
        ],
        "smart-backend" => &["Register your JWKS URL (preferred) or the public JWKS with the FHIR server's authorization server; you receive the client id."],
        "keycloak" => &[
            "Clients → your client → Credentials: Client Authenticator \"Signed JWT\".",
            "Keys tab: import the certificate or the JWKS, or switch on \"Use JWKS URL\" and point it at where you host the public JWKS.",
        ],
        "auth0" => &["Applications → your application → Credentials: choose Private Key JWT and add the public key (SPKI PEM) or the certificate."],
        "entra" => &[
            "Make a certificate in step 2 first.",
            "App registrations → your app → Certificates & secrets → Certificates → Upload certificate: upload the certificate PEM.",
            "The client id is the application (client) ID on the app's Overview page.",
        ],
        "google-service-account" => &[
            "IAM & Admin → Service accounts → your account → Keys → Add key → Upload existing key: upload the certificate from step 2.",
            "Or create a key there and import its JSON key file in step 2: pkjwt reads its private_key, private_key_id and client_email.",
        ],
        "fapi2" => &[
            "Register the public JWKS (or its URL) with the authorization server, with token_endpoint_auth_method private_key_jwt, the redirect URI, and DPoP-bound access tokens (dpop_bound_access_tokens); dynamic registration does this (curl below).",
        ],
        "salesforce" => &["Setup → App Manager → your connected app → Edit: \"Use digital signatures\", upload the certificate from step 2. The consumer key is the client id."],
        _ => &[
            "Register the public JWKS (or host it at a JWKS URL) with your authorization server, or use dynamic client registration if it offers it (curl below).",
        ],
    }
}
