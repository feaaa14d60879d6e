use super::phrases::{holes, nl};
use super::*;
use pkjwt_core::assertion::{AssertionError, AudienceTarget};
use pkjwt_core::crypto::SignError;
use pkjwt_core::discovery::DiscoveryError;
use pkjwt_core::crypto::GenerateError;
use pkjwt_core::der::DerError;
use pkjwt_core::endpoint::EndpointError;
use pkjwt_core::jwk::JwkError;
use pkjwt_core::key::KeyError;
use pkjwt_core::material::MaterialError;
use pkjwt_core::pem::PemError;
use pkjwt_core::x509::CertificateError;
use pkjwt_core::lint::{Finding, Fix, Problem};
use pkjwt_core::request::{Grant, RequestError};
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
        if code.contains('_') && code.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_') {
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
    let jwk_missing = KeyError::InSet { index: 1, error: Box::new(KeyError::Jwk(JwkError::MissingMember { member: "kty", why: " (Key Type)" })) };
    vec![
        KeyError::Empty,
        KeyError::Material(MaterialError::TooLarge { actual: 300_000, limit: 262_144 }),
        KeyError::Unrecognized,
        KeyError::LooksLikeJwt,
        KeyError::Json { line: 1, column: 9, reason: s("the text ends in the middle of an object (is part of it missing?)") },
        KeyError::Json { line: 1, column: 129, reason: s("it is nested more than 128 levels deep, which no key is") },
        KeyError::Json { line: 2, column: 4, reason: s("expected `,` or `}`") },
        KeyError::JsonNotAKey,
        KeyError::JsonArray,
        KeyError::InSet { index: 0, error: Box::new(KeyError::Jwk(JwkError::NotObject { found: "a number" })) },
        jwk_missing.clone(),
        KeyError::Jwk(JwkError::MissingMember { member: "p", why: " (an RSA private JWK needs its primes; pkjwt does not recover them from d)" }),
        KeyError::Jwk(JwkError::InvalidMember { member: s("crv"), problem: s("must be a string, not a number") }),
        KeyError::Jwk(JwkError::InvalidMember { member: s("x"), problem: s("must be 32 bytes for P-256, but is 31 bytes") }),
        KeyError::Jwk(JwkError::InvalidMember { member: s("alg"), problem: s("is ES256, which needs a P-256 key; this key is RSA 2048-bit") }),
        KeyError::Jwk(JwkError::InvalidMember { member: s("x5c"), problem: s("entry 1 is not standard base64 (x5c uses base64, not base64url)") }),
        KeyError::Jwk(JwkError::InvalidMember { member: s("n"), problem: s("uses the standard base64 alphabet ('+' or '/'); JOSE requires base64url ('-' and '_')") }),
        KeyError::Jwk(JwkError::InvalidMember { member: s("use"), problem: s("is \"enc\"; a signing key must have \"use\": \"sig\" or none") }),
        KeyError::Jwk(JwkError::InvalidMember { member: s("kid"), problem: s("is 300 characters long; a key id has at most 256") }),
        KeyError::Jwk(JwkError::InvalidMember { member: s("kid"), problem: s("contains \\u{202e}, a control or direction character; a key id is plain text") }),
        KeyError::Jwk(JwkError::UnsupportedKeyType { kty: s("DSA") }),
        KeyError::InSet { index: 2, error: Box::new(KeyError::Jwk(JwkError::Symmetric)) },
        KeyError::Material(MaterialError::UnsupportedCurve { curve: s("with OID 1.3.132.0.35") }),
        KeyError::Jwk(JwkError::SetNotArray),
        KeyError::Jwk(JwkError::SetEmpty),
        KeyError::JwksNoUsableKey { first: Box::new(jwk_missing) },
        KeyError::PemNoBlock,
        KeyError::Pem(PemError::Truncated { label: s("PRIVATE KEY"), line: 2 }),
        KeyError::Pem(PemError::MismatchedLabels { line: 1, begin: s("PRIVATE KEY"), end: s("PUBLIC KEY") }),
        KeyError::Pem(PemError::Body { label: s("PRIVATE KEY"), line: 3, reason: s("line 3 contains the control character U+0009, which is not a base64 character") }),
        KeyError::Pem(PemError::Body { label: s("PRIVATE KEY"), line: 1, reason: s("its base64 content does not decode (is a part missing? 1622 base64 characters)") }),
        KeyError::PemEncrypted { label: s("ENCRYPTED PRIVATE KEY") },
        KeyError::PemUnsupportedLabel {
            label: s("OPENSSH PRIVATE KEY"),
            hint: s("an OpenSSH key; convert it with `ssh-keygen -p -m PKCS8 -f <file>` (this rewrites the file in PKCS#8)."),
        },
        KeyError::Der(DerError::Invalid { structure: "The PKCS#1 RSA private key", reason: s("it ends after 12 of its 1190 bytes; part of it is missing") }),
        KeyError::Der(DerError::Invalid { structure: "The SEC1 EC private key", reason: s("its version is 2, not 1") }),
        KeyError::Der(DerError::ExplicitCurve),
        KeyError::Der(DerError::UnsupportedAlgorithm { oid: s("1.3.101.113"), name: s("Ed448") }),
        KeyError::Material(MaterialError::Inconsistent { reason: s("the public point is not on P-256") }),
        KeyError::Material(MaterialError::Inconsistent { reason: s("the primes (\"p\", \"q\") do not multiply to the modulus (\"n\")") }),
        KeyError::Material(MaterialError::RsaSize { bits: 512 }),
        KeyError::CertificateMismatch,
        KeyError::NotPrivate,
        KeyError::Generation(GenerateError { reason: s("OperationError") }),
        KeyError::ServiceAccount { reason: s("it has no \"private_key\" member") },
        KeyError::Certificate(CertificateError::Input { reason: s("validity must be between 1 and 36500 days, not 0") }),
        KeyError::Certificate(CertificateError::Input { reason: s("the common name has 70 characters; X.509 allows at most 64") }),
        KeyError::Certificate(CertificateError::Encoding { what: "The signature", reason: s("OperationError") }),
    ]
}

#[test]
fn every_key_error_has_dutch() {
    let samples = key_errors();
    for error in &samples {
        check(error.code(), &error.to_string(), &key_error_nl(error));
    }
    let sampled = samples.iter().map(|e| e.code().to_owned()).collect();
    let mut declared = BTreeSet::new();
    for file in ["key/error.rs", "material/error.rs", "pem.rs", "der.rs", "jwk/mod.rs", "x509/mod.rs"] {
        declared.extend(codes_in(file));
    }
    assert_covers("KeyError", &sampled, declared);
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
        RequestError::Endpoint(EndpointError::Missing),
        RequestError::Endpoint(EndpointError::Invalid { problem: s("must start with https:// (or http:// for a server on this machine)") }),
        RequestError::Endpoint(EndpointError::Invalid { problem: s("contains a space; remove it (or percent-encode it)") }),
        RequestError::Endpoint(EndpointError::Invalid { problem: s("is 3000 characters long; pkjwt accepts at most 2048") }),
        RequestError::Endpoint(EndpointError::Placeholder { placeholder: s("{tenant}") }),
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
    let mut declared = codes_in("request/error.rs");
    declared.extend(codes_in("endpoint.rs"));
    assert_covers("RequestError", &sampled, declared);
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
        finding(Problem::KeySize { bits: 256, min: 384 }, "FAPI 2.0 Security Preset"),
        finding(Problem::Scope, smart),
        finding(Problem::ScopeClaim, "Google service accounts"),
        finding(Problem::SubjectIsClientId, "RFC 7523 §3"),
        finding(Problem::SubjectIsUser, "Salesforce"),
        finding(Problem::ClientAuth(ClientAuth::PrivateKeyJwt), "ACM/IDM (Digitaal Vlaanderen)"),
        finding(Problem::SendClientId, "ACM/IDM (Digitaal Vlaanderen)"),
        finding(Problem::Skew { current: 30, max: 10 }, "FAPI 2.0 Security Preset"),
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
