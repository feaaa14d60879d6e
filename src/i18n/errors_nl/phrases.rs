//! Dutch for the free-text details the core still puts into its errors, matched by their
//! English wording. Temporary: these details become typed values.
use crate::i18n::fill;

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
pub(super) fn holes<'a>(text: &'a str, pattern: &str) -> Option<Vec<&'a str>> {
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
