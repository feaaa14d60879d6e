use pkjwt_core::assertion::AudienceTarget;
use pkjwt_core::lint::{Document, Finding, Fix, Problem, Source};
use pkjwt_core::request::Grant;

pub fn finding_nl(finding: &Finding) -> String {
    let source = source_nl(&finding.source);
    match &finding.problem {
        Problem::Alg { current, allowed } => {
            let names = allowed.iter().map(|a| a.name()).collect::<Vec<_>>().join(", ");
            format!("\"alg\" is {current}; {source} aanvaardt {names}.")
        }
        Problem::Lifetime { current, max } => {
            format!("De levensduur is {current} s; {source} staat hoogstens {max} s toe tussen iat en exp.")
        }
        Problem::Kid => format!("{source} vereist een header \"kid\" die de sleutel noemt."),
        Problem::Typ { current, wanted } if current.is_empty() => {
            format!("De header \"typ\" ontbreekt; {source} wil \"{wanted}\".")
        }
        Problem::Typ { current, wanted } => format!("De header \"typ\" is {current:?}; {source} wil \"{wanted}\"."),
        Problem::X5tS256 { has_certificate: true } => {
            format!("{source} herkent de sleutel aan zijn certificaat: voeg de header \"x5t#S256\" toe.")
        }
        Problem::X5tS256 { has_certificate: false } => format!(
            "{source} herkent de sleutel aan een geüpload certificaat: maak er een en voeg de header \"x5t#S256\" toe."
        ),
        Problem::Audience { target, expected } => {
            format!("\"aud\" moet {} ({expected}) zijn voor {source}.", target_nl(*target))
        }
        Problem::AudienceString => format!("{source} wil \"aud\" als één string, niet als array."),
        Problem::RsaSize { bits, min, max } => {
            format!("De RSA-sleutel heeft {bits} bits; {source} aanvaardt {min} tot {max}.")
        }
        Problem::KeySize { bits, min } => format!("De sleutel heeft {bits} bits; {source} vraagt er minstens {min}."),
        Problem::Scope => format!("{source} vereist een scope in het verzoek."),
        Problem::ScopeClaim => format!("{source} verwacht de scopes als claim \"scope\" in de JWT."),
        Problem::SubjectIsClientId => {
            format!("\"sub\" moet gelijk zijn aan \"iss\" (de client_id) voor clientauthenticatie ({source}).")
        }
        Problem::SubjectIsUser => {
            format!("{source} zet de gebruiker (de gebruikersnaam) in \"sub\", niet de client-id.")
        }
        Problem::Grant(grant) => format!("{source} gebruikt de grant {}.", grant_nl(*grant)),
        Problem::ClientAuth(auth) => format!("{source} verwacht clientauthenticatie {}.", auth.id()),
        Problem::SendClientId => format!("{source} verwacht client_id ook als formulierveld."),
        Problem::Skew { current, max } => format!("iat is {current} s vervroegd; {source} staat {max} s toe."),
        Problem::ServerAuthMethod { current, supported } => format!(
            "De server vermeldt {} niet bij zijn methoden voor clientauthenticatie ({}).",
            current.id(),
            supported.join(", ")
        ),
        Problem::ServerAlg { current, supported } => format!(
            "De server vermeldt {current} niet bij de algoritmen die hij voor clientasserties aanvaardt ({}).",
            supported.join(", ")
        ),
        Problem::ServerPkce { current, supported } => format!(
            "De server aanvaardt enkel PKCE {} (code_challenge_methods_supported); de instelling gebruikt {}.",
            supported.join(", "),
            current.id()
        ),
        Problem::ServerRequiresPar { chosen } => format!(
            "De server vereist pushed authorization requests; modus {} stuurt er geen, dus pkjwt pusht het verzoek (PAR).",
            chosen.id()
        ),
        Problem::PkceWeak { current } => {
            format!("Met PKCE {} blijft een gestolen code bruikbaar; {source} raadt S256 aan.", current.id())
        }
        Problem::OfflineAccessWithoutConsent => {
            format!("\"offline_access\" in de scope vraagt prompt=consent, anders negeert de server het ({source}).")
        }
        Problem::RedirectUriHttp { redirect_uri } => format!(
            "De redirect_uri {redirect_uri} gebruikt http naar een andere host dan deze computer; {source} vereist daar https."
        ),
        Problem::ParRequired { chosen } => format!(
            "{source} vereist pushed authorization requests (PAR); modus {} stuurt het verzoek via de browser.",
            chosen.id()
        ),
        Problem::PkceS256Required { current } => format!("PKCE is {}; {source} vereist S256.", current.id()),
        Problem::ClientAuthNotIn { current, allowed } => {
            let names = allowed.iter().map(|a| a.id()).collect::<Vec<_>>().join(", ");
            format!("Clientauthenticatie {} staat {source} niet toe; die aanvaardt {names}.", current.id())
        }
        Problem::SenderConstraintMissing => format!(
            "{source} vereist access tokens die aan de afzender gebonden zijn: zet DPoP aan, of authenticeer met mTLS (tls_client_auth of self_signed_tls_client_auth)."
        ),
        Problem::DpopAlg { current, allowed } => {
            let names = allowed.iter().map(|a| a.name()).collect::<Vec<_>>().join(", ");
            format!("DPoP-proofs worden met {current} ondertekend; {source} aanvaardt {names}.")
        }
        Problem::DpopClientKey => format!(
            "DPoP-proofs worden met de sleutel voor clientauthenticatie ondertekend: tokens zijn dan gebonden aan de geregistreerde sleutel van de client, die een eigen DPoP-sleutel gescheiden houdt ({source})."
        ),
        Problem::ServerDpopAlg { current, supported } => format!(
            "De server vermeldt {current} niet bij zijn DPoP-algoritmen (dpop_signing_alg_values_supported: {}).",
            supported.join(", ")
        ),
        Problem::ServerNoDpop => "De metadata van de server kondigt geen DPoP aan (geen dpop_signing_alg_values_supported): hij negeert de proofs misschien en geeft Bearer-tokens uit.".into(),
        Problem::ParAudience { audience, issuer, par_endpoint } => format!(
            "De \"aud\" van de clientassertie ({audience}) is noch de issuer ({issuer}) noch het PAR-endpoint ({par_endpoint}); {source} verplicht servers enkel die en het token-endpoint te aanvaarden."
        ),
    }
}

pub fn fix_label_nl(fix: &Fix) -> String {
    match fix {
        Fix::Alg(alg) => format!("{alg} gebruiken"),
        Fix::GenerateKey(kind) => format!("Een {}-sleutel aanmaken", kind.id()),
        Fix::Lifetime(seconds) => format!("Levensduur op {seconds} s zetten"),
        Fix::IncludeKid => "kid toevoegen".into(),
        Fix::Typ(typ) => format!("typ op {typ} zetten"),
        Fix::X5tS256 => "x5t#S256 toevoegen (maakt zo nodig een certificaat)".into(),
        Fix::Audience(aud) => format!("aud op {aud} zetten"),
        Fix::Scope(scope) => format!("scope op {scope} zetten"),
        Fix::ScopeClaim(scope) => format!("De claim scope \"{scope}\" toevoegen"),
        Fix::SubjectFollowsClientId => "sub client_id laten volgen".into(),
        Fix::Grant(grant) => format!("{} gebruiken", grant_nl(*grant)),
        Fix::ClientAuth(auth) => format!("{} gebruiken", auth.id()),
        Fix::SendClientId => "client_id ook meesturen".into(),
        Fix::Skew(seconds) => format!("{seconds} s vervroegen"),
        Fix::Pkce(method) => format!("PKCE {} gebruiken", method.id()),
        Fix::AuthorizeMode(mode) => format!("Modus {} gebruiken", mode.id()),
        Fix::AuthzParam { name, value } => format!("{name} op {value} zetten"),
        Fix::EnableDpop => "DPoP aanzetten".into(),
        Fix::DpopAlg(alg) => format!("{} voor DPoP gebruiken", alg.id()),
        Fix::DpopOwnKey => "DPoP een eigen sleutel geven".into(),
    }
}

/// A finding's source as the page shows it. Names of providers and documents stay as they are.
pub fn source_nl(source: &Source) -> &'static str {
    match source {
        Source::ServerMetadata => "Metadata van de server",
        Source::Document(document) => match document {
            Document::GoogleServiceAccounts => "Google-serviceaccounts",
            Document::SmartBackendServices
            | Document::Koppeltaal
            | Document::Acm
            | Document::MijnBurgerprofiel
            | Document::Okta
            | Document::OidcOp
            | Document::Keycloak
            | Document::Auth0
            | Document::Entra
            | Document::Salesforce
            | Document::Rfc7523
            | Document::Rfc10070
            | Document::Fapi2
            | Document::Fapi2Server
            | Document::Fapi2Client
            | Document::Fapi2CodeFlow
            | Document::Fapi2Crypto
            | Document::Rfc9449
            | Document::Rfc9126
            | Document::Rfc9700
            | Document::OidcCore => document.name(),
        },
    }
}

fn target_nl(target: AudienceTarget) -> &'static str {
    match target {
        AudienceTarget::Issuer => "de issuer-identifier",
        AudienceTarget::TokenEndpoint => "de URL van het token-endpoint",
        AudienceTarget::CalledEndpoint => "de URL van het aangeroepen endpoint",
    }
}

/// A grant's name, without the word "grant" where a sentence adds it.
fn grant_nl(grant: Grant) -> &'static str {
    match grant {
        Grant::ClientCredentials => "Client credentials",
        Grant::RefreshToken => "Refresh token",
        Grant::TokenExchange => "Token exchange (RFC 8693)",
        Grant::JwtBearer => "JWT bearer (RFC 7523 §2.1)",
        Grant::Introspection => "token-introspectie (RFC 7662)",
        Grant::Revocation => "token-intrekking (RFC 7009)",
        Grant::AuthorizationCode => "Authorization code (RFC 6749 §4.1, PKCE)",
        Grant::DeviceCode => "apparaatautorisatie (RFC 8628)",
    }
}
