//! Dutch sentences for the core's errors and lint findings. The core words its messages in
//! English (its `Display`); these match on the typed values so the Dutch carries the same
//! details. Free-text details the core fills in (why a JWK member is wrong, why DER does not
//! parse, serde_json's reasons) go through [`nl`], which knows the core's fixed phrasings and
//! leaves anything else (texts from libraries and the browser) as it is.
use super::fill;
use pkjwt_core::assertion::AssertionError;
use pkjwt_core::crypto::SignError;
use pkjwt_core::discovery::DiscoveryError;
use pkjwt_core::key::KeyError;
use pkjwt_core::lint::{Finding, Fix, Problem};
use pkjwt_core::profile::AudienceTarget;
use pkjwt_core::request::{Grant, RequestError};
use pkjwt_core::share::EnvError;

pub fn key_error_nl(error: &KeyError) -> String {
    match error {
        KeyError::Empty => "Niets om te importeren: plak eerst een private JWK, een JWKS of een PEM-blok.".into(),
        KeyError::TooLarge { actual, limit } => format!(
            "De invoer is {actual} bytes; pkjwt leest hoogstens {limit} bytes sleutelmateriaal. Plak enkel de sleutel."
        ),
        KeyError::Unrecognized => "Dit is geen sleutel: verwacht werd een JSON Web Key ({\"kty\": …}), een JWK Set ({\"keys\": […]}) of een PEM-blok (-----BEGIN …-----).".into(),
        KeyError::LooksLikeJwt => "Dit lijkt een JWT (drie base64url-delen gescheiden door punten), geen sleutel.".into(),
        KeyError::Json { line, column, reason } => {
            format!("De JSON is niet geldig op regel {line}, kolom {column}: {}.", nl(reason))
        }
        KeyError::JsonNotAKey => "De JSON is een object, maar noch een JWK (geen veld \"kty\") noch een JWK Set (geen veld \"keys\").".into(),
        KeyError::JsonArray => "De JSON is een array, geen object: een JWK is {\"kty\": …}, en een lijst JWK's moet je verpakken als JWK Set, {\"keys\": […]}.".into(),
        KeyError::JwkNotObject { context, found } => {
            format!("{context}Een JWK moet een JSON-object zijn, niet {}.", nl(found))
        }
        KeyError::JwkMissingMember { context, member, why } => {
            format!("{context}In de JWK ontbreekt het veld \"{member}\"{}.", nl(why))
        }
        KeyError::JwkInvalidMember { context, member, problem } => {
            format!("{context}Het JWK-veld \"{member}\" {}.", nl(problem))
        }
        KeyError::UnsupportedKeyType { context, kty } => format!(
            "{context}\"kty\" (Key Type) {kty:?} wordt niet ondersteund: gebruik een RSA-, EC- (P-256, P-384, P-521) of OKP-sleutel (Ed25519)."
        ),
        KeyError::SymmetricKey { context } => format!(
            "{context}Symmetrische sleutels (\"kty\": \"oct\") kunnen geen private_key_jwt-assertie ondertekenen; dat zou client_secret_jwt zijn."
        ),
        KeyError::UnsupportedCurve { context, curve } => format!(
            "{context}Niet-ondersteunde sleutel: curve {} wordt niet ondersteund; gebruik P-256, P-384, P-521 of Ed25519.",
            nl(curve)
        ),
        KeyError::JwksNotArray => "Het veld \"keys\" van de JWK Set moet een array van JWK's zijn.".into(),
        KeyError::JwksEmpty => "De JWK Set bevat geen sleutels.".into(),
        KeyError::JwksNoUsableKey { first } => {
            format!("Geen enkele sleutel in de JWK Set kon gelezen worden. {}", key_error_nl(first))
        }
        KeyError::PemNoBlock => {
            "Geen PEM-blok gevonden: een PEM-sleutel begint met een regel zoals -----BEGIN PRIVATE KEY-----.".into()
        }
        KeyError::PemTruncated { label, line } => format!(
            "Het PEM-blok is afgebroken: \"{label}\" begint op regel {line}, maar er is geen regel -----END {label}-----."
        ),
        KeyError::PemMismatchedLabels { line, begin, end } => {
            format!("Het PEM-blok dat op regel {line} begint, opent met \"{begin}\" maar sluit met \"{end}\".")
        }
        KeyError::PemBody { label, line, reason } => {
            format!("PEM-blok \"{label}\" op regel {line} is beschadigd: {}.", nl(reason))
        }
        KeyError::PemEncrypted { label } => format!(
            "PEM-blok \"{label}\" is versleuteld; pkjwt vraagt geen wachtwoorden. Ontsleutel het eerst lokaal, bv. `openssl pkey -in encrypted.pem -out plain.pem`."
        ),
        KeyError::PemUnsupportedLabel { label, hint } => {
            format!("PEM-blok \"{label}\" is geen sleutel die pkjwt kan lezen: {}", nl(hint))
        }
        KeyError::Der { structure, reason } => {
            format!("{} kan niet gelezen worden: {}.", nl(structure), nl(reason))
        }
        KeyError::ExplicitCurve => "De EC-sleutel schrijft zijn curveparameters voluit in plaats van de curve bij naam te noemen; pkjwt leest enkel benoemde curves (P-256, P-384, P-521). Herschrijf hem met `openssl ec -in key.pem -param_enc named_curve -out named.pem`.".into(),
        KeyError::UnsupportedAlgorithm { oid, name } => format!(
            "Het sleutelalgoritme {} (OID {oid}) wordt niet ondersteund: gebruik RSA, EC P-256/P-384/P-521 of Ed25519.",
            nl(name)
        ),
        KeyError::Inconsistent { context, reason } => {
            format!("{context}De sleutel is niet consistent: {}.", nl(reason))
        }
        KeyError::RsaSize { bits } => format!(
            "RSA-sleutels van {bits} bits worden niet ondersteund: pkjwt leest RSA-sleutels van 1024 tot 8192 bits."
        ),
        KeyError::CertificateMismatch => "Het certificaat hoort niet bij de private sleutel waarmee het geplakt werd.".into(),
        KeyError::NotPrivate => "Dit is enkel een publieke sleutel: je kunt hem tonen en exporteren, maar om te ondertekenen is de private sleutel nodig.".into(),
        KeyError::Generation { reason } => format!("Het aanmaken van de sleutel is mislukt: {}.", nl(reason)),
        KeyError::ServiceAccount { reason } => {
            format!("Dit sleutelbestand van een Google-serviceaccount is niet bruikbaar: {}.", nl(reason))
        }
        KeyError::CertificateInput { reason } => format!("Certificaat: {}.", nl(reason)),
        KeyError::Encoding { what, reason } => format!("{} kon niet gecodeerd worden: {}.", nl(what), nl(reason)),
        _ => error.to_string(),
    }
}

pub fn sign_error_nl(error: &SignError) -> String {
    match error {
        SignError::NotPrivate => "Dit is enkel een publieke sleutel: om te ondertekenen is de private sleutel nodig. Importeer de private JWK of PEM, of maak een nieuwe sleutel.".into(),
        SignError::AlgMismatch { alg, needs, key } => {
            format!("{alg} vraagt {}, maar de huidige sleutel is {key}.", nl(needs))
        }
        SignError::Crypto(reason) => format!("Ondertekenen mislukt: {}", nl(reason)),
        SignError::Backend(reason) => format!("De browser kon niet ondertekenen: {}", nl(reason)),
        _ => error.to_string(),
    }
}

pub fn assertion_error_nl(error: &AssertionError) -> String {
    match error {
        AssertionError::NoKey => "Nog geen sleutel: maak of importeer een sleutel in stap 1.".into(),
        AssertionError::Sign(error) => sign_error_nl(error),
        AssertionError::ClientIdMissing => {
            "De client_id is leeg: hij wordt de claim \"iss\" (en normaal ook \"sub\").".into()
        }
        AssertionError::AudienceMissing => {
            "De audience (\"aud\") is leeg: vul er de URL van het token-endpoint of de issuer in.".into()
        }
        AssertionError::AlgNotForKey { alg, key, choices } => {
            format!("{alg} kan niet gemaakt worden met deze sleutel ({key}); kies een van: {choices}.")
        }
        AssertionError::Lifetime { value, max } => format!(
            "De levensduur moet een geheel aantal seconden tussen 1 en {max} zijn; ingevuld is {value:?}."
        ),
        AssertionError::Skew { value } => format!(
            "De marge voor klokverschil moet een geheel aantal seconden tussen 0 en 3600 zijn; ingevuld is {value:?}."
        ),
        AssertionError::ExtraClaimsJson { line, column, reason } => {
            format!("De extra claims zijn geen geldige JSON op regel {line}, kolom {column}: {}.", nl(reason))
        }
        AssertionError::ExtraClaimsNotObject => {
            "De extra claims moeten een JSON-object zijn, zoals {\"scope\": \"read\"}.".into()
        }
        AssertionError::ExtraClaimReserved { name } => format!(
            "De extra claims mogen \"{name}\" niet instellen: pkjwt vult die claim in vanuit de velden hierboven (zodat hij bij elke handtekening vers is)."
        ),
        AssertionError::CertificateNeeded { member } => {
            format!("De header \"{member}\" heeft een certificaat nodig: maak of importeer er een in stap 1.")
        }
        AssertionError::JkuInvalid => "De header \"jku\" moet een https://-URL van je JWK Set zijn, zonder spaties, {placeholders} of gebruiker:wachtwoord@.".into(),
        AssertionError::TypInvalid => "De header \"typ\" mag geen stuurtekens bevatten.".into(),
        AssertionError::FieldTooLong { field, length, limit } => format!(
            "De waarde van \"{field}\" is {length} bytes lang; pkjwt aanvaardt daar hoogstens {limit} bytes."
        ),
        AssertionError::ExtraClaimsTooLarge { length, limit } => format!(
            "De extra claims zijn {length} bytes lang; pkjwt aanvaardt hoogstens {limit} bytes aan extra claims."
        ),
        _ => error.to_string(),
    }
}

pub fn request_error_nl(error: &RequestError) -> String {
    match error {
        RequestError::EndpointMissing => "De endpoint-URL is leeg.".into(),
        RequestError::EndpointInvalid { problem } => format!("De endpoint-URL {}.", nl(problem)),
        RequestError::EndpointPlaceholder { placeholder } => {
            format!("De endpoint-URL bevat nog de plaatshouder {placeholder}: vervang die door je eigen waarde.")
        }
        RequestError::ParamMissing { name } => format!("De parameter \"{name}\" is verplicht voor dit verzoek."),
        RequestError::ParamNul { name } => format!(
            "De parameter \"{name}\" bevat een NUL-teken, en dat kan geen HTTP-formulier of shellcommando overbrengen."
        ),
        RequestError::ClientIdMissing => "De client_id is leeg.".into(),
        RequestError::SecretMissing { auth } => format!("Het client secret is leeg: {auth} verstuurt het."),
        RequestError::AssertionMissing { reason } => {
            format!("Er is een ondertekende assertie nodig, maar die is er nog niet: {}", nl(reason))
        }
        RequestError::JwtBearerWithPrivateKeyJwt => "De JWT-bearer-grant bevat de ondertekende JWT al in \"assertion\"; kies als clientauthenticatie none of een client secret.".into(),
        RequestError::ValueTooLong { name, length, limit } => format!(
            "De waarde van \"{name}\" is {length} bytes lang; pkjwt verstuurt daar hoogstens {limit} bytes."
        ),
        _ => error.to_string(),
    }
}

pub fn discovery_error_nl(error: &DiscoveryError) -> String {
    match error {
        DiscoveryError::Json { line, column, reason } => {
            format!("De metadata is geen geldige JSON op regel {line}, kolom {column}: {}.", nl(reason))
        }
        DiscoveryError::NotObject => "De metadata moet een JSON-object zijn.".into(),
        DiscoveryError::NoTokenEndpoint => "De metadata heeft geen \"token_endpoint\", dus het is geen metadata van een autorisatieserver.".into(),
        DiscoveryError::Member { member, expected } => {
            format!("Het metadataveld \"{member}\" moet {} zijn.", nl(expected))
        }
        DiscoveryError::TooLarge(bytes) => format!("De metadata is {bytes} bytes; pkjwt leest hoogstens 1 MB."),
        _ => error.to_string(),
    }
}

pub fn env_error_nl(error: &EnvError) -> String {
    if error.line == 0 {
        format!(".env-bestand: {}", nl(&error.reason))
    } else {
        format!(".env-regel {}: {}", error.line, nl(&error.reason))
    }
}

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
    }
}

/// A finding's source as the page shows it. Names of providers and documents stay as they are.
pub fn source_nl(source: &str) -> String {
    match source {
        pkjwt_core::discovery::SOURCE => "Metadata van de server".into(),
        "Google service accounts" => "Google-serviceaccounts".into(),
        other => other.to_owned(),
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
    }
}

/// Fixed phrases the core puts inside its sentences (reasons, hints, structure names).
const PHRASES: &[(&str, &str)] = &[
    // What a JSON value is (JwkNotObject, "must be a string, not …", metadata members).
    ("a boolean", "een boolean"),
    ("a number", "een getal"),
    ("a string", "een string"),
    ("an array", "een array"),
    ("an object", "een object"),
    ("an array of strings", "een array van strings"),
    // serde_json's reasons, as the core passes them on.
    ("a value", "een waarde"),
    ("a list", "een lijst"),
    ("recursion limit exceeded", "te diep genest (de limiet van de parser is overschreden)"),
    ("expected `:`", "`:` verwacht"),
    ("expected `,` or `]`", "`,` of `]` verwacht"),
    ("expected `,` or `}`", "`,` of `}` verwacht"),
    ("expected ident", "true, false of null verwacht"),
    ("expected value", "een waarde verwacht"),
    ("expected `\"`", "`\"` verwacht"),
    ("invalid escape", "ongeldige escape"),
    ("invalid number", "ongeldig getal"),
    ("number out of range", "getal buiten bereik"),
    ("invalid unicode code point", "ongeldig Unicode-codepunt"),
    ("control character (\\u0000-\\u001F) found while parsing a string", "stuurteken (\\u0000-\\u001F) in een string"),
    ("key must be a string", "een sleutel moet een string zijn"),
    ("lone leading surrogate in hex escape", "alleenstaande leading surrogate in een hex-escape"),
    ("trailing comma", "komma op het einde"),
    ("trailing characters", "tekens na het einde van de JSON"),
    ("unexpected end of hex escape", "onverwacht einde van een hex-escape"),
    // Why a JWK member is missing (JwkMissingMember), with their leading space.
    (" (Key Type)", " (het sleuteltype)"),
    (" (the curve of an EC key)", " (de curve van een EC-sleutel)"),
    (" (a coordinate of the EC public point)", " (een coördinaat van het publieke EC-punt)"),
    (" (the curve of an OKP key)", " (de curve van een OKP-sleutel)"),
    (" (the Ed25519 public key)", " (de publieke Ed25519-sleutel)"),
    (" (the RSA modulus)", " (de RSA-modulus)"),
    (" (the RSA public exponent)", " (de publieke RSA-exponent)"),
    (
        " (an RSA private JWK needs its primes; pkjwt does not recover them from d)",
        " (een private RSA-JWK heeft zijn priemgetallen nodig; pkjwt leidt ze niet af uit d)",
    ),
    // What is wrong with a JWK member (JwkInvalidMember).
    ("holds a certificate for a different key", "bevat een certificaat voor een andere sleutel"),
    ("must be an array of base64 certificates", "moet een array van base64-certificaten zijn"),
    ("is an empty array", "is een lege array"),
    ("is empty", "is leeg"),
    (
        "uses the standard base64 alphabet ('+' or '/'); JOSE requires base64url ('-' and '_')",
        "gebruikt het standaard-base64-alfabet ('+' of '/'); JOSE vereist base64url ('-' en '_')",
    ),
    ("is not valid base64url", "is geen geldige base64url"),
    (
        "lists more than two primes; multi-prime RSA keys are not supported",
        "vermeldt meer dan twee priemgetallen; RSA-sleutels met meer dan twee priemgetallen worden niet ondersteund",
    ),
    ("is not an Ed25519 public key", "is geen publieke Ed25519-sleutel"),
    // Key requirements (SignError::AlgMismatch, the JWK "alg" check).
    ("an RSA key", "een RSA-sleutel"),
    ("a P-256 key", "een P-256-sleutel"),
    ("a P-384 key", "een P-384-sleutel"),
    ("a P-521 key", "een P-521-sleutel"),
    ("an Ed25519 key", "een Ed25519-sleutel"),
    // Inconsistent keys.
    (
        "the public point stored in the EC key does not match its private scalar",
        "het publieke punt in de EC-sleutel past niet bij de private scalar",
    ),
    (
        "the modulus (\"n\") must be odd and larger than the public exponent (\"e\")",
        "de modulus (\"n\") moet oneven zijn en groter dan de publieke exponent (\"e\")",
    ),
    ("the public exponent (\"e\") must be odd", "de publieke exponent (\"e\") moet oneven zijn"),
    ("the public exponent (\"e\") is too small", "de publieke exponent (\"e\") is te klein"),
    ("the public exponent (\"e\") is too large", "de publieke exponent (\"e\") is te groot"),
    ("the two primes (\"p\", \"q\") are equal", "de twee priemgetallen (\"p\", \"q\") zijn gelijk"),
    ("the primes (\"p\", \"q\") must be larger than 1", "de priemgetallen (\"p\", \"q\") moeten groter zijn dan 1"),
    (
        "the primes (\"p\", \"q\") do not multiply to the modulus (\"n\")",
        "het product van de priemgetallen (\"p\", \"q\") is niet de modulus (\"n\")",
    ),
    (
        "the private exponent (\"d\") does not match the public exponent (\"e\") and the primes",
        "de private exponent (\"d\") past niet bij de publieke exponent (\"e\") en de priemgetallen",
    ),
    (
        "member \"d\" does not belong to the public point (\"x\", \"y\")",
        "het veld \"d\" hoort niet bij het publieke punt (\"x\", \"y\")",
    ),
    ("member \"d\" does not belong to the public key \"x\"", "het veld \"d\" hoort niet bij de publieke sleutel \"x\""),
    // PEM.
    ("there is an -----END line without its -----BEGIN line", "er staat een -----END-regel zonder bijbehorende -----BEGIN-regel"),
    ("the block has no content", "het blok is leeg"),
    (
        "an OpenSSH key; convert it with `ssh-keygen -p -m PKCS8 -f <file>` (this rewrites the file in PKCS#8).",
        "een OpenSSH-sleutel; zet hem om met `ssh-keygen -p -m PKCS8 -f <bestand>` (dat herschrijft het bestand in PKCS#8).",
    ),
    (
        "a certificate signing request holds no private key; paste the key itself.",
        "een certificaataanvraag (CSR) bevat geen private sleutel; plak de sleutel zelf.",
    ),
    ("DSA cannot sign JWTs; use RSA, EC or Ed25519.", "DSA kan geen JWT's ondertekenen; gebruik RSA, EC of Ed25519."),
    ("a revocation list, not a key.", "een intrekkingslijst (CRL), geen sleutel."),
    (
        "expected PRIVATE KEY, RSA PRIVATE KEY, EC PRIVATE KEY, PUBLIC KEY or CERTIFICATE.",
        "verwacht werd PRIVATE KEY, RSA PRIVATE KEY, EC PRIVATE KEY, PUBLIC KEY of CERTIFICATE.",
    ),
    (
        "it names a curve but holds no key; paste the EC PRIVATE KEY block as well.",
        "het noemt een curve maar bevat geen sleutel; plak ook het blok EC PRIVATE KEY.",
    ),
    // DER structures and encodings (KeyError::Der, KeyError::Encoding).
    ("The EC key's curve parameters", "De curveparameters van de EC-sleutel"),
    ("The EC key's curve name", "De curvenaam van de EC-sleutel"),
    ("The Ed25519 PKCS#8 key", "De Ed25519-sleutel in PKCS#8"),
    ("The PKCS#8 private key", "De private PKCS#8-sleutel"),
    ("The PKCS#1 RSA private key", "De private PKCS#1-RSA-sleutel"),
    ("The SEC1 EC private key", "De private SEC1-EC-sleutel"),
    ("The EC private key", "De private EC-sleutel"),
    ("The public key (SPKI)", "De publieke sleutel (SPKI)"),
    ("The EC public key", "De publieke EC-sleutel"),
    ("The RSA public key", "De publieke RSA-sleutel"),
    ("The public key", "De publieke sleutel"),
    ("The certificate", "Het certificaat"),
    ("The certificate's public key", "De publieke sleutel van het certificaat"),
    ("The file", "Het bestand"),
    ("The pasted base64 text", "De geplakte base64-tekst"),
    ("The subject name", "De subjectnaam"),
    ("The serial number", "Het serienummer"),
    ("The algorithm", "Het algoritme"),
    ("The signature", "De handtekening"),
    (
        "it has more than two primes; multi-prime RSA keys are not supported",
        "de sleutel heeft meer dan twee priemgetallen; RSA-sleutels met meer dan twee priemgetallen worden niet ondersteund",
    ),
    ("its public key is not a whole number of bytes", "de publieke sleutel is geen geheel aantal bytes"),
    ("it names no curve", "er wordt geen curve genoemd"),
    (
        "it is neither PKCS#8, SPKI, an X.509 certificate, PKCS#1 nor SEC1 DER",
        "dit is geen PKCS#8, SPKI, X.509-certificaat, PKCS#1 of SEC1 DER",
    ),
    ("it is empty", "er staat niets in"),
    ("unknown", "onbekend"),
    // Certificates.
    ("the subject common name (CN) is empty", "de common name (CN) van het subject is leeg"),
    ("the common name contains a control character", "de common name bevat een stuurteken"),
    (
        "the validity period must lie between the years 1970 and 9999, which X.509 can express",
        "de geldigheidsperiode moet tussen de jaren 1970 en 9999 liggen, want meer kan X.509 niet uitdrukken",
    ),
    // Service account key files.
    ("it has no \"private_key\" member", "het heeft geen veld \"private_key\""),
    // Endpoint URLs (RequestError::EndpointInvalid).
    ("a space", "een spatie"),
    ("must start with https:// (or http:// for a server on this machine)", "moet beginnen met https:// (of http:// voor een server op deze computer)"),
    ("has no host name", "heeft geen hostnaam"),
    (
        "contains a user name or password; client credentials belong in the request, not the URL",
        "bevat een gebruikersnaam of wachtwoord; clientgegevens horen in het verzoek, niet in de URL",
    ),
    (
        "contains a fragment (#…), which a token endpoint may not have (RFC 6749 §3.2)",
        "bevat een fragment (#…), en dat mag een token-endpoint niet hebben (RFC 6749 §3.2)",
    ),
    // Why there is no assertion to send (RequestError::AssertionMissing).
    ("make a key first.", "maak eerst een sleutel."),
    ("it is being signed.", "ze wordt nog ondertekend."),
    // .env files.
    (
        "the file is larger than 256 KB; a .env file is a few lines",
        "het bestand is groter dan 256 KB; een .env-bestand telt maar een paar regels",
    ),
    ("a single-quoted value is not closed", "een waarde tussen enkele aanhalingstekens is niet afgesloten"),
    (
        "a single-quoted value contains an unescaped quote",
        "een waarde tussen enkele aanhalingstekens bevat een aanhalingsteken zonder escape",
    ),
    ("a double-quoted value is not closed", "een waarde tussen dubbele aanhalingstekens is niet afgesloten"),
];

/// Phrases with `{}` holes; each hole is translated in turn (so numbers and names stay, and
/// known phrases inside are put in Dutch). More specific patterns come first.
const PATTERNS: &[(&str, &str)] = &[
    // serde_json, raw and as the key importer rewrites it.
    ("it is nested more than {} levels deep, which no key is", "de tekst is meer dan {} niveaus diep genest, en zo diep gaat geen enkele sleutel"),
    ("the text ends in the middle of {} (is part of it missing?)", "de tekst stopt midden in {} (ontbreekt er een deel?)"),
    ("EOF while parsing {}", "de tekst stopt midden in {}"),
    // JWK members.
    ("is {}; a signing key must have \"use\": \"sig\" or none", "is {}; een ondertekeningssleutel moet \"use\": \"sig\" hebben of geen \"use\""),
    ("is {}, not a JWS algorithm pkjwt signs with (RS*, PS*, ES*, EdDSA)", "is {}, geen JWS-algoritme waarmee pkjwt ondertekent (RS*, PS*, ES*, EdDSA)"),
    ("is {}, which needs {}; this key is {}", "is {}, dat {} vraagt; deze sleutel is {}"),
    ("is {} characters long; a key id has at most {}", "is {} tekens lang; een sleutel-id heeft er hoogstens {}"),
    ("contains {}, a control or direction character; a key id is plain text", "bevat {}, een stuur- of richtingsteken; een sleutel-id is gewone tekst"),
    ("holds no readable certificate: {}", "bevat geen leesbaar certificaat: {}"),
    ("holds a certificate pkjwt cannot use: {}", "bevat een certificaat dat pkjwt niet kan gebruiken: {}"),
    ("entry {} is not a string", "heeft een element {} dat geen string is"),
    ("entry {} is not standard base64 (x5c uses base64, not base64url)", "heeft een element {} dat geen standaard-base64 is (x5c gebruikt base64, geen base64url)"),
    ("must be a string, not {}", "moet een string zijn, niet {}"),
    ("must be {} bytes for {}, but is {} bytes", "moet {} bytes zijn voor {}, maar is {} bytes"),
    ("is not a valid {} private scalar", "is geen geldige private scalar voor {}"),
    // Inconsistent keys.
    ("the public point is not on {}", "het publieke punt ligt niet op {}"),
    ("the private scalar is not valid for {}", "de private scalar is niet geldig voor {}"),
    ("the Ed25519 public key is not usable ({})", "de publieke Ed25519-sleutel is niet bruikbaar ({})"),
    ("the RSA public key is not usable ({})", "de publieke RSA-sleutel is niet bruikbaar ({})"),
    ("the RSA private key is not usable ({})", "de private RSA-sleutel is niet bruikbaar ({})"),
    ("members \"x\" and \"y\" are not a point on {}", "de velden \"x\" en \"y\" vormen geen punt op {}"),
    ("with OID {}", "met OID {}"),
    // PEM.
    ("line {} contains {}, which is not a base64 character", "regel {} bevat {}, en dat is geen base64-teken"),
    ("the control character U+{}", "het stuurteken U+{}"),
    ("the character U+{}", "het teken U+{}"),
    (
        "its base64 content does not decode (is a part missing? {} base64 characters)",
        "de base64-inhoud laat zich niet decoderen (ontbreekt er een deel? {} base64-tekens)",
    ),
    // DER.
    ("expected a curve name, found {}", "verwacht werd een curvenaam, gevonden: {}"),
    ("its version is {}, not 1", "de versie is {}, niet 1"),
    (
        "it names no curve and its {}-byte scalar fits none of P-256, P-384, P-521",
        "er wordt geen curve genoemd en de scalar van {} bytes past bij geen van P-256, P-384, P-521",
    ),
    ("it ends after {} of its {} bytes; part of it is missing", "de inhoud stopt na {} van de {} bytes; er ontbreekt een deel"),
    ("{} (at byte {})", "{} (bij byte {})"),
    // Certificates.
    ("the common name has {} characters; X.509 allows at most {}", "de common name telt {} tekens; X.509 staat er hoogstens {} toe"),
    ("validity must be between 1 and {} days, not {}", "de geldigheid moet tussen 1 en {} dagen liggen, niet {}"),
    // Endpoint URLs.
    ("is {} characters long; pkjwt accepts at most {}", "is {} tekens lang; pkjwt aanvaardt er hoogstens {}"),
    ("contains {}; remove it (or percent-encode it)", "bevat {}; verwijder het (of gebruik percent-encoding)"),
    // .env files.
    ("expected NAME=value, found {}", "verwacht werd NAAM=waarde, gevonden: {}"),
];

/// A detail the core put into a sentence, in Dutch when it is one of the core's own phrases;
/// anything else (a library's or the browser's words, a value) is returned unchanged.
pub(crate) fn nl(text: &str) -> String {
    if let Some((_, dutch)) = PHRASES.iter().find(|(english, _)| *english == text) {
        return (*dutch).to_owned();
    }
    for (english, dutch) in PATTERNS {
        if let Some(holes) = holes(text, english) {
            let holes: Vec<String> = holes.into_iter().map(nl).collect();
            return fill(dutch, &holes);
        }
    }
    text.to_owned()
}

/// The parts of `text` that stand in `pattern`'s `{}` holes, or `None` when the fixed parts
/// do not match. Holes are filled shortest-first, except the last.
fn holes<'a>(text: &'a str, pattern: &str) -> Option<Vec<&'a str>> {
    let parts: Vec<&str> = pattern.split("{}").collect();
    let mut rest = text.strip_prefix(parts[0])?;
    let mut found = Vec::new();
    for (index, part) in parts.iter().enumerate().skip(1) {
        if index == parts.len() - 1 {
            let hole = rest.strip_suffix(part)?;
            found.push(hole);
            rest = "";
        } else {
            let at = rest.find(part)?;
            found.push(&rest[..at]);
            rest = &rest[at + part.len()..];
        }
    }
    (rest.is_empty() && found.iter().all(|hole| !hole.is_empty())).then_some(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use pkjwt_core::jwa::Alg;
    use pkjwt_core::key::KeyKind;
    use pkjwt_core::request::ClientAuth;
    use std::collections::BTreeSet;

    /// Numbers, "quoted" values and URLs in `text`: the details a translation must keep.
    fn details(text: &str) -> Vec<String> {
        let mut found = Vec::new();
        let mut digits = String::new();
        for c in text.chars().chain(std::iter::once(' ')) {
            if c.is_ascii_digit() {
                digits.push(c);
            } else if !digits.is_empty() {
                found.push(std::mem::take(&mut digits));
            }
        }
        let mut quoted = text.split('"');
        quoted.next();
        while let (Some(inside), Some(_)) = (quoted.next(), quoted.next()) {
            found.push(format!("\"{inside}\""));
        }
        for word in text.split_whitespace() {
            if let Some(at) = word.find("http") {
                let url = word[at..].trim_end_matches(['.', ',', ')', ';', ':']);
                if url.contains("://") {
                    found.push(url.to_owned());
                }
            }
        }
        found
    }

    /// English words that give away an untranslated fragment.
    const ENGLISH: [&str; 12] =
        [" the ", " must ", " not ", " cannot ", " could ", " expected ", " which ", " is missing", " has no ", " contains ", " only ", " first"];

    fn check(what: &str, english: &str, dutch: &str) {
        assert!(!dutch.trim().is_empty(), "{what}: no Dutch");
        assert_ne!(dutch, english, "{what}: the Dutch is the English");
        for detail in details(english) {
            assert!(dutch.contains(&detail), "{what}: {detail:?} is missing from the Dutch\n  en: {english}\n  nl: {dutch}");
        }
        let padded = format!(" {dutch} ");
        for word in ENGLISH {
            assert!(!padded.contains(word), "{what}: English {word:?} left in the Dutch\n  en: {english}\n  nl: {dutch}");
        }
    }

    /// The stable codes a `code()` function in a core source file returns.
    fn codes_in(file: &str) -> BTreeSet<String> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("core/src").join(file);
        let source = std::fs::read_to_string(&path).unwrap_or_default();
        let mut codes = BTreeSet::new();
        for piece in source.split("=> \"").skip(1) {
            let code = piece.split('"').next().unwrap_or_default();
            if !code.is_empty() && code.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_') {
                codes.insert(code.to_owned());
            }
        }
        assert!(!codes.is_empty(), "no error codes found in {}", path.display());
        codes
    }

    fn assert_covers(kind: &str, sampled: &BTreeSet<String>, declared: BTreeSet<String>) {
        let missing: Vec<_> = declared.difference(sampled).collect();
        assert!(missing.is_empty(), "{kind} variants without a Dutch sample in errors_nl.rs tests: {missing:?}");
    }

    fn s(text: &str) -> String {
        text.to_owned()
    }

    fn key_errors() -> Vec<KeyError> {
        let jwk_missing = KeyError::JwkMissingMember { context: s("keys[1]: "), member: "kty", why: " (Key Type)" };
        vec![
            KeyError::Empty,
            KeyError::TooLarge { actual: 300_000, limit: 262_144 },
            KeyError::Unrecognized,
            KeyError::LooksLikeJwt,
            KeyError::Json { line: 1, column: 9, reason: s("the text ends in the middle of an object (is part of it missing?)") },
            KeyError::Json { line: 1, column: 129, reason: s("it is nested more than 128 levels deep, which no key is") },
            KeyError::Json { line: 2, column: 4, reason: s("expected `,` or `}`") },
            KeyError::JsonNotAKey,
            KeyError::JsonArray,
            KeyError::JwkNotObject { context: s("keys[0]: "), found: "a number" },
            jwk_missing.clone(),
            KeyError::JwkMissingMember { context: s(""), member: "p", why: " (an RSA private JWK needs its primes; pkjwt does not recover them from d)" },
            KeyError::JwkInvalidMember { context: s(""), member: s("crv"), problem: s("must be a string, not a number") },
            KeyError::JwkInvalidMember { context: s(""), member: s("x"), problem: s("must be 32 bytes for P-256, but is 31 bytes") },
            KeyError::JwkInvalidMember { context: s(""), member: s("alg"), problem: s("is ES256, which needs a P-256 key; this key is RSA 2048-bit") },
            KeyError::JwkInvalidMember { context: s(""), member: s("x5c"), problem: s("entry 1 is not standard base64 (x5c uses base64, not base64url)") },
            KeyError::JwkInvalidMember { context: s(""), member: s("n"), problem: s("uses the standard base64 alphabet ('+' or '/'); JOSE requires base64url ('-' and '_')") },
            KeyError::JwkInvalidMember { context: s(""), member: s("use"), problem: s("is \"enc\"; a signing key must have \"use\": \"sig\" or none") },
            KeyError::JwkInvalidMember { context: s(""), member: s("kid"), problem: s("is 300 characters long; a key id has at most 256") },
            KeyError::JwkInvalidMember { context: s(""), member: s("kid"), problem: s("contains \\u{202e}, a control or direction character; a key id is plain text") },
            KeyError::UnsupportedKeyType { context: s(""), kty: s("DSA") },
            KeyError::SymmetricKey { context: s("keys[2]: ") },
            KeyError::UnsupportedCurve { context: s(""), curve: s("with OID 1.3.132.0.35") },
            KeyError::JwksNotArray,
            KeyError::JwksEmpty,
            KeyError::JwksNoUsableKey { first: Box::new(jwk_missing) },
            KeyError::PemNoBlock,
            KeyError::PemTruncated { label: s("PRIVATE KEY"), line: 2 },
            KeyError::PemMismatchedLabels { line: 1, begin: s("PRIVATE KEY"), end: s("PUBLIC KEY") },
            KeyError::PemBody { label: s("PRIVATE KEY"), line: 3, reason: s("line 3 contains the control character U+0009, which is not a base64 character") },
            KeyError::PemBody { label: s("PRIVATE KEY"), line: 1, reason: s("its base64 content does not decode (is a part missing? 1622 base64 characters)") },
            KeyError::PemEncrypted { label: s("ENCRYPTED PRIVATE KEY") },
            KeyError::PemUnsupportedLabel {
                label: s("OPENSSH PRIVATE KEY"),
                hint: s("an OpenSSH key; convert it with `ssh-keygen -p -m PKCS8 -f <file>` (this rewrites the file in PKCS#8)."),
            },
            KeyError::Der { structure: "The PKCS#1 RSA private key", reason: s("it ends after 12 of its 1190 bytes; part of it is missing") },
            KeyError::Der { structure: "The SEC1 EC private key", reason: s("its version is 2, not 1") },
            KeyError::ExplicitCurve,
            KeyError::UnsupportedAlgorithm { oid: s("1.3.101.113"), name: s("Ed448") },
            KeyError::Inconsistent { context: s(""), reason: s("the public point is not on P-256") },
            KeyError::Inconsistent { context: s(""), reason: s("the primes (\"p\", \"q\") do not multiply to the modulus (\"n\")") },
            KeyError::RsaSize { bits: 512 },
            KeyError::CertificateMismatch,
            KeyError::NotPrivate,
            KeyError::Generation { reason: s("OperationError") },
            KeyError::ServiceAccount { reason: s("it has no \"private_key\" member") },
            KeyError::CertificateInput { reason: s("validity must be between 1 and 36500 days, not 0") },
            KeyError::CertificateInput { reason: s("the common name has 70 characters; X.509 allows at most 64") },
            KeyError::Encoding { what: "The signature", reason: s("OperationError") },
        ]
    }

    #[test]
    fn every_key_error_has_dutch() {
        let samples = key_errors();
        for error in &samples {
            check(error.code(), &error.to_string(), &key_error_nl(error));
        }
        let sampled = samples.iter().map(|e| e.code().to_owned()).collect();
        assert_covers("KeyError", &sampled, codes_in("key/error.rs"));
    }

    #[test]
    fn every_assertion_error_has_dutch() {
        let samples = vec![
            AssertionError::NoKey,
            AssertionError::Sign(SignError::NotPrivate),
            AssertionError::Sign(SignError::AlgMismatch { alg: Alg::ES384, needs: "a P-384 key", key: s("EC P-256") }),
            AssertionError::Sign(SignError::Crypto(s("OperationError"))),
            AssertionError::Sign(SignError::Backend(s("OperationError"))),
            AssertionError::ClientIdMissing,
            AssertionError::AudienceMissing,
            AssertionError::AlgNotForKey { alg: Alg::EdDSA, key: s("RSA 2048-bit"), choices: s("RS256, RS384, RS512, PS256, PS384, PS512") },
            AssertionError::Lifetime { value: s("abc"), max: 86_400 },
            AssertionError::Skew { value: s("-5") },
            AssertionError::ExtraClaimsJson { line: 1, column: 12, reason: s("EOF while parsing a string") },
            AssertionError::ExtraClaimsNotObject,
            AssertionError::ExtraClaimReserved { name: s("exp") },
            AssertionError::CertificateNeeded { member: "x5t#S256" },
            AssertionError::JkuInvalid,
            AssertionError::TypInvalid,
            AssertionError::FieldTooLong { field: "aud", length: 10_485_760, limit: 8192 },
            AssertionError::ExtraClaimsTooLarge { length: 10_485_760, limit: 65_536 },
        ];
        for error in &samples {
            check(error.code(), &error.to_string(), &assertion_error_nl(error));
        }
        let sampled = samples.iter().map(|e| e.code().to_owned()).collect();
        let mut declared = codes_in("assertion/error.rs");
        declared.extend(codes_in("crypto/mod.rs"));
        assert_covers("AssertionError", &sampled, declared);
    }

    #[test]
    fn every_request_error_has_dutch() {
        let samples = vec![
            RequestError::EndpointMissing,
            RequestError::EndpointInvalid { problem: s("must start with https:// (or http:// for a server on this machine)") },
            RequestError::EndpointInvalid { problem: s("contains a space; remove it (or percent-encode it)") },
            RequestError::EndpointInvalid { problem: s("is 3000 characters long; pkjwt accepts at most 2048") },
            RequestError::EndpointPlaceholder { placeholder: s("{tenant}") },
            RequestError::ParamMissing { name: s("subject_token") },
            RequestError::ParamNul { name: s("scope") },
            RequestError::ClientIdMissing,
            RequestError::SecretMissing { auth: "client_secret_basic" },
            RequestError::AssertionMissing { reason: s("make a key first.") },
            RequestError::AssertionMissing { reason: s("it is being signed.") },
            RequestError::JwtBearerWithPrivateKeyJwt,
            RequestError::ValueTooLong { name: s("subject_token"), length: 10_485_760, limit: 262_144 },
            RequestError::ValueTooLong { name: s("client_id"), length: 9000, limit: 8192 },
        ];
        for error in &samples {
            check(error.code(), &error.to_string(), &request_error_nl(error));
        }
        let sampled = samples.iter().map(|e| e.code().to_owned()).collect();
        assert_covers("RequestError", &sampled, codes_in("request/error.rs"));
    }

    #[test]
    fn every_discovery_error_has_dutch() {
        let samples = vec![
            DiscoveryError::Json { line: 3, column: 1, reason: s("EOF while parsing an object") },
            DiscoveryError::Json { line: 1, column: 5, reason: s("trailing comma") },
            DiscoveryError::NotObject,
            DiscoveryError::NoTokenEndpoint,
            DiscoveryError::Member { member: "scopes_supported", expected: "an array of strings" },
            DiscoveryError::TooLarge(2_000_000),
        ];
        for error in &samples {
            check(error.code(), &error.to_string(), &discovery_error_nl(error));
        }
        let sampled = samples.iter().map(|e| e.code().to_owned()).collect();
        assert_covers("DiscoveryError", &sampled, codes_in("discovery.rs"));
    }

    #[test]
    fn env_errors_have_dutch() {
        let big = "A=b\n".repeat(70_000);
        for text in ["JUSTTEXT", "A='open", "A='it's'", "A=\"open", big.as_str()] {
            let result = pkjwt_core::share::from_env(text);
            assert!(result.is_err(), "{text:?} should not read");
            let Err(error) = result else { continue };
            let english = error.to_string();
            let dutch = env_error_nl(&error);
            if error.line == 0 {
                // The whole file: the Dutch names no line.
                check("ENV", &english.replace(".env line 0: ", ""), &dutch);
            } else {
                check("ENV", &english, &dutch);
            }
        }
    }

    /// Errors the core really makes from bad input, so the phrases they carry are the core's own.
    #[test]
    fn key_errors_from_real_input_have_dutch() {
        let inputs = [
            "{\"kty\": ",
            "{\"kty\": \"RSA\", \"n\": 5}",
            "{\"kty\": \"EC\", \"crv\": \"P-256\"}",
            "{\"kty\": \"EC\", \"crv\": \"P-256\", \"x\": \"AAAA\", \"y\": \"AAAA\"}",
            "{\"kty\": \"OKP\", \"crv\": \"X448\", \"x\": \"AAAA\"}",
            "{\"keys\": [{\"kty\": \"RSA\"}]}",
            "{\"keys\": []}",
            "{\"type\": \"service_account\"}",
            "-----BEGIN PRIVATE KEY-----\nMIIB\n",
            "-----BEGIN PRIVATE KEY-----\nMI!B\n-----END PRIVATE KEY-----",
            "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----",
            "-----BEGIN PRIVATE KEY-----\nMIIBVQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----",
            "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----",
            "-----BEGIN DSA PRIVATE KEY-----\nAAAA\n-----END DSA PRIVATE KEY-----",
            "-----END PRIVATE KEY-----",
        ];
        let deep = format!("{{\"a\":{}1{}}}", "[".repeat(200), "]".repeat(200));
        for input in inputs.iter().map(|s| s.to_string()).chain([deep]) {
            let result = pkjwt_core::key::import::import_text(&input);
            assert!(result.is_err(), "{input:?} should not import");
            let Err(error) = result else { continue };
            check(error.code(), &error.to_string(), &key_error_nl(&error));
        }
    }

    fn finding(problem: Problem, source: &str) -> Finding {
        Finding {
            rule: "test",
            severity: pkjwt_core::lint::Severity::Error,
            message: problem.message(source),
            problem,
            source: source.to_owned(),
            url: "https://example.org/docs".to_owned(),
            fix: None,
        }
    }

    #[test]
    fn every_finding_and_fix_has_dutch() {
        let smart = "SMART Backend Services";
        let server = pkjwt_core::discovery::SOURCE;
        let mut findings = vec![
            finding(Problem::Alg { current: Alg::RS256, allowed: vec![Alg::RS384, Alg::ES384] }, smart),
            finding(Problem::Lifetime { current: 3600, max: 300 }, smart),
            finding(Problem::Kid, smart),
            finding(Problem::Typ { current: s(""), wanted: s("JWT") }, smart),
            finding(Problem::Typ { current: s("jwt"), wanted: s("client-authentication+jwt") }, "RFC 10070"),
            finding(Problem::X5tS256 { has_certificate: true }, "Microsoft Entra ID"),
            finding(Problem::X5tS256 { has_certificate: false }, "Microsoft Entra ID"),
            finding(Problem::Audience { target: AudienceTarget::Issuer, expected: s("https://as.example") }, "RFC 10070"),
            finding(Problem::Audience { target: AudienceTarget::TokenEndpoint, expected: s("https://as.example/token") }, smart),
            finding(Problem::Audience { target: AudienceTarget::CalledEndpoint, expected: s("https://as.example/introspect") }, "Okta"),
            finding(Problem::AudienceString, "Keycloak"),
            finding(Problem::RsaSize { bits: 1024, min: 2048, max: 4096 }, "Auth0"),
            finding(Problem::KeySize { bits: 256, min: 384 }, "FAPI 2.0 Security Profile"),
            finding(Problem::Scope, smart),
            finding(Problem::ScopeClaim, "Google service accounts"),
            finding(Problem::SubjectIsClientId, "RFC 7523 §3"),
            finding(Problem::SubjectIsUser, "Salesforce"),
            finding(Problem::ClientAuth(ClientAuth::PrivateKeyJwt), "ACM/IDM (Digitaal Vlaanderen)"),
            finding(Problem::SendClientId, "ACM/IDM (Digitaal Vlaanderen)"),
            finding(Problem::Skew { current: 30, max: 10 }, "FAPI 2.0 Security Profile"),
            finding(Problem::ServerAuthMethod { current: ClientAuth::PrivateKeyJwt, supported: vec![s("client_secret_basic"), s("none")] }, server),
            finding(Problem::ServerAlg { current: Alg::PS256, supported: vec![s("RS256"), s("ES256")] }, server),
        ];
        findings.extend(Grant::ALL.into_iter().map(|grant| finding(Problem::Grant(grant), "Mijn Burgerprofiel")));
        for finding in &findings {
            check(&format!("{:?}", finding.problem), &finding.message, &finding_nl(finding));
        }
        let mut fixes = vec![
            Fix::Alg(Alg::RS384),
            Fix::GenerateKey(KeyKind::P384),
            Fix::Lifetime(300),
            Fix::IncludeKid,
            Fix::Typ(s("JWT")),
            Fix::X5tS256,
            Fix::Audience(s("https://as.example/token")),
            Fix::Scope(s("system/*.rs")),
            Fix::ScopeClaim(s("https://www.googleapis.com/auth/cloud-platform")),
            Fix::SubjectFollowsClientId,
            Fix::ClientAuth(ClientAuth::ClientSecretPost),
            Fix::SendClientId,
            Fix::Skew(10),
        ];
        fixes.extend(Grant::ALL.into_iter().map(Fix::Grant));
        for fix in &fixes {
            check(&format!("{fix:?}"), &fix.label(), &fix_label_nl(fix));
        }
        assert_eq!(source_nl(server), "Metadata van de server");
        assert_eq!(source_nl(smart), smart);
    }

    #[test]
    fn holes_split_along_the_pattern() {
        assert_eq!(holes("is 5 characters long; pkjwt accepts at most 9", "is {} characters long; pkjwt accepts at most {}"), Some(vec!["5", "9"]));
        assert_eq!(holes("is empty", "is {}"), Some(vec!["empty"]));
        assert_eq!(holes("is ", "is {}"), None);
        assert_eq!(holes("was empty", "is {}"), None);
        // Holes are translated in turn; unknown text stays as it is.
        assert_eq!(nl("the text ends in the middle of a string (is part of it missing?)"), "de tekst stopt midden in een string (ontbreekt er een deel?)");
        assert_eq!(nl("some library's words"), "some library's words");
    }
}
