//! Every error and finding the core can produce has Dutch: the list of variants comes from
//! the types (strum's derives, behind the core's `variants` feature), each variant needs a
//! sample here, and each sample's Dutch must exist, differ from the English and keep its
//! details (numbers, quoted values, URLs). The exhaustive `match`es make a missing arm a
//! compile error; this makes an empty or English one a test failure.
use super::*;
use pkjwt_core::assertion::{AssertionError, AudienceTarget};
use pkjwt_core::authorize::{AuthorizeMode, PkceMethod};
use pkjwt_core::b64::Base64Problem;
use pkjwt_core::crypto::{GenerateError, SignError};
use pkjwt_core::der::{Algorithm, DerError, DerProblem, Encoded, Structure};
use pkjwt_core::discovery::{DiscoveryError, Expected};
use pkjwt_core::endpoint::{EndpointError, UrlProblem};
use pkjwt_core::flow::AnswerError;
use pkjwt_core::jwa::{Alg, KeyType};
use pkjwt_core::json::{JsonKind, JsonShape};
use pkjwt_core::jwk::{JwkError, Member, MemberProblem, Needed};
use pkjwt_core::key::{KeyError, KeyKind, LabelHint};
use pkjwt_core::lint::{Document, Finding, Fix, Problem, Severity, Source};
use pkjwt_core::material::{Curve, Inconsistency, KeyDescription, MaterialError};
use pkjwt_core::pem::{BodyProblem, PemError};
use pkjwt_core::request::{ClientAuth, Grant, MissingAssertion, RequestError};
use pkjwt_core::text::LibraryDetail;
use pkjwt_core::x509::{CertificateError, InputProblem};
use std::fmt::Debug;
use strum::IntoEnumIterator;

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

/// Fails unless `samples` hold every variant of `E` (by its strum discriminants `D`).
fn covers<E, D>(samples: &[E]) -> &[E]
where
    D: IntoEnumIterator + PartialEq + Debug,
    for<'a> D: From<&'a E>,
{
    let missing: Vec<D> = D::iter().filter(|d| !samples.iter().any(|s| D::from(s) == *d)).collect();
    assert!(missing.is_empty(), "{} variants without a sample here: {missing:?}", std::any::type_name::<E>());
    samples
}

/// Fails unless `samples` hold every value of the fieldless enum `E`.
fn covers_all<E: IntoEnumIterator + PartialEq + Debug>(samples: &[E]) {
    let missing: Vec<E> = E::iter().filter(|e| !samples.contains(e)).collect();
    assert!(missing.is_empty(), "{} values without a sample here: {missing:?}", std::any::type_name::<E>());
}

fn s(text: &str) -> String {
    text.to_owned()
}

fn lib(text: &str) -> LibraryDetail {
    LibraryDetail(text.to_owned())
}

fn json_errors() -> Vec<pkjwt_core::json::JsonError> {
    let mut errors: Vec<_> = ["{\"a\": ", "{\"a\"", "[1", "\"ab", &"[".repeat(200), "{\"a\": x}", "[1,]"]
        .into_iter()
        .filter_map(|text| pkjwt_core::json::parse(text).err())
        .collect();
    let mut shapes: Vec<JsonShape> = errors.iter().filter_map(|e| match e.problem {
        pkjwt_core::json::JsonProblem::EndsInside(shape) => Some(shape),
        _ => None,
    }).collect();
    shapes.dedup();
    covers_all(&shapes);
    errors.push(pkjwt_core::json::JsonError {
        line: 2,
        column: 7,
        problem: pkjwt_core::json::JsonProblem::Syntax { found: None },
        library: lib("invalid type"),
    });
    covers::<_, pkjwt_core::json::JsonProblemDiscriminants>(&errors.iter().map(|e| e.problem).collect::<Vec<_>>());
    errors
}

fn inconsistencies() -> Vec<Inconsistency> {
    use Inconsistency::*;
    let all = vec![
        PointNotOnCurve(KeyType::P384),
        ScalarNotValid(KeyType::P521),
        StoredPointMismatch,
        Ed25519Unusable(lib("signature::Error")),
        RsaModulus,
        RsaExponentEven,
        RsaExponentTooSmall,
        RsaExponentTooLarge,
        RsaPublicUnusable(lib("InvalidArguments")),
        RsaPrimesEqual,
        RsaPrimesTooSmall,
        RsaPrimesProduct,
        RsaPrivateExponent,
        RsaPrivateUnusable(lib("InvalidArguments")),
        JwkPointNotOnCurve(KeyType::P256),
        JwkPrivateMismatch(KeyType::P256),
        JwkPrivateMismatch(KeyType::Ed25519),
    ];
    covers::<_, pkjwt_core::material::InconsistencyDiscriminants>(&all);
    all
}

fn material_errors() -> Vec<MaterialError> {
    let curves = vec![Curve::Named("P-192"), Curve::Oid(s("1.2.3.4")), Curve::Given(s("X448"))];
    covers::<_, pkjwt_core::material::CurveDiscriminants>(&curves);
    let mut all = vec![MaterialError::TooLarge { actual: 300_000, limit: 262_144 }, MaterialError::RsaSize { bits: 512 }];
    all.extend(curves.into_iter().map(|curve| MaterialError::UnsupportedCurve { curve }));
    all.extend(inconsistencies().into_iter().map(MaterialError::Inconsistent));
    covers::<_, pkjwt_core::material::MaterialErrorDiscriminants>(&all);
    all
}

fn pem_errors() -> Vec<PemError> {
    let bodies = vec![
        BodyProblem::EndWithoutBegin,
        BodyProblem::NotBase64 { line: 3, found: '\t' },
        BodyProblem::NotBase64 { line: 2, found: '!' },
        BodyProblem::NoContent,
        BodyProblem::Base64 { chars: 1622 },
        BodyProblem::Library(lib("Base64Error")),
    ];
    covers::<_, pkjwt_core::pem::BodyProblemDiscriminants>(&bodies);
    let mut all = vec![
        PemError::Material(MaterialError::TooLarge { actual: 300_000, limit: 262_144 }),
        PemError::Truncated { label: s("PRIVATE KEY"), line: 2 },
        PemError::MismatchedLabels { line: 1, begin: s("PRIVATE KEY"), end: s("PUBLIC KEY") },
        PemError::Encoding(lib("LabelError")),
    ];
    all.extend(bodies.into_iter().map(|problem| PemError::Body { label: s("PRIVATE KEY"), line: 4, problem }));
    covers::<_, pkjwt_core::pem::PemErrorDiscriminants>(&all);
    all
}

fn der_errors() -> Vec<DerError> {
    let problems = vec![
        DerProblem::Incomplete { actual: 12, expected: 1190 },
        DerProblem::Library { detail: lib("Tag mismatch"), at: Some(2) },
        DerProblem::Library { detail: lib("Tag mismatch"), at: None },
        DerProblem::CurveExpected { found: lib("INTEGER") },
        DerProblem::MultiPrime,
        DerProblem::Version(2),
        DerProblem::NoCurveScalar(40),
        DerProblem::PublicKeyBits,
        DerProblem::NoCurve,
        DerProblem::Unrecognized,
        DerProblem::Empty,
    ];
    covers::<_, pkjwt_core::der::DerProblemDiscriminants>(&problems);
    let mut all = vec![
        DerError::Material(MaterialError::RsaSize { bits: 512 }),
        DerError::ExplicitCurve,
        DerError::UnsupportedAlgorithm { oid: s("1.3.101.113"), name: Algorithm::Named("Ed448") },
        DerError::UnsupportedAlgorithm { oid: s("1.2.3.4"), name: Algorithm::Unknown },
    ];
    all.extend(problems.into_iter().map(|problem| DerError::Invalid { structure: Structure::Pkcs8, problem }));
    all.extend(Structure::iter().map(|structure| DerError::Invalid { structure, problem: DerProblem::Empty }));
    all.extend(Encoded::iter().map(|what| DerError::Encoding { what, detail: lib("Overflow") }));
    covers::<_, pkjwt_core::der::DerErrorDiscriminants>(&all);
    all
}

fn certificate_errors() -> Vec<CertificateError> {
    let inputs = vec![
        InputProblem::EmptyCommonName,
        InputProblem::CommonNameTooLong { length: 70, max: 64 },
        InputProblem::CommonNameControl,
        InputProblem::Validity { days: 0, max: 36_500 },
        InputProblem::OutOfRange,
    ];
    covers::<_, pkjwt_core::x509::InputProblemDiscriminants>(&inputs);
    let mut all = vec![
        CertificateError::Material(MaterialError::TooLarge { actual: 300_000, limit: 262_144 }),
        CertificateError::Der(DerError::Invalid { structure: Structure::Certificate, problem: DerProblem::Empty }),
        CertificateError::Encoding { what: Encoded::Signature, detail: lib("OperationError") },
    ];
    all.extend(inputs.into_iter().map(CertificateError::Input));
    covers::<_, pkjwt_core::x509::CertificateErrorDiscriminants>(&all);
    all
}

fn jwk_errors() -> Vec<JwkError> {
    let rsa = KeyDescription { key_type: KeyType::Rsa, bits: 2048 };
    let problems = vec![
        MemberProblem::NotString { found: JsonKind::Number },
        MemberProblem::Empty,
        MemberProblem::Base64(Base64Problem::StandardAlphabet),
        MemberProblem::Base64(Base64Problem::Invalid),
        MemberProblem::Length { expected: 32, curve: KeyType::P256, actual: 31 },
        MemberProblem::Use(s("enc")),
        MemberProblem::UnknownAlg(s("HS256")),
        MemberProblem::AlgNotForKey { alg: Alg::ES256, needs: KeyType::P256, key: rsa },
        MemberProblem::KidTooLong { length: 300, max: 256 },
        MemberProblem::KidHidden('\u{202e}'),
        MemberProblem::X5cNotArray,
        MemberProblem::X5cEmpty,
        MemberProblem::X5cEntryNotString(1),
        MemberProblem::X5cEntryNotBase64(2),
        MemberProblem::Certificate(Box::new(CertificateError::Der(DerError::Invalid {
            structure: Structure::Certificate,
            problem: DerProblem::Incomplete { actual: 3, expected: 900 },
        }))),
        MemberProblem::Certificate(Box::new(CertificateError::Material(MaterialError::RsaSize { bits: 512 }))),
        MemberProblem::CertificateForOtherKey,
        MemberProblem::MultiPrime,
        MemberProblem::ScalarNotValid(KeyType::P256),
        MemberProblem::NotEd25519,
    ];
    covers::<_, pkjwt_core::jwk::MemberProblemDiscriminants>(&problems);
    let mut all = vec![
        JwkError::Material(MaterialError::RsaSize { bits: 512 }),
        JwkError::UnsupportedKeyType { kty: s("DSA") },
        JwkError::Symmetric,
        JwkError::SetNotArray,
        JwkError::SetEmpty,
    ];
    all.extend(JsonKind::iter().map(|found| JwkError::NotObject { found }));
    all.extend(Needed::iter().map(|why| JwkError::MissingMember { member: Member::P, why }));
    all.extend(Member::iter().map(|member| JwkError::MissingMember { member, why: Needed::RsaPrimes }));
    all.extend(problems.into_iter().map(|problem| JwkError::InvalidMember { member: Member::X5c, problem }));
    covers::<_, pkjwt_core::jwk::JwkErrorDiscriminants>(&all);
    all
}

fn key_errors() -> Vec<KeyError> {
    let in_set = |index, error: JwkError| KeyError::InSet { index, error: Box::new(KeyError::Jwk(error)) };
    let mut all = vec![
        KeyError::Empty,
        KeyError::Unrecognized,
        KeyError::LooksLikeJwt,
        KeyError::JsonNotAKey,
        KeyError::JsonArray,
        in_set(1, JwkError::MissingMember { member: Member::Kty, why: Needed::KeyType }),
        KeyError::JwksNoUsableKey { first: Box::new(in_set(0, JwkError::Symmetric)) },
        KeyError::PemNoBlock,
        KeyError::PemEncrypted { label: s("ENCRYPTED PRIVATE KEY") },
        KeyError::CertificateMismatch,
        KeyError::NotPrivate,
        KeyError::Generation(GenerateError(lib("OperationError"))),
        KeyError::ServiceAccountWithoutKey,
    ];
    all.extend(LabelHint::iter().map(|hint| KeyError::PemUnsupportedLabel { label: s("OPENSSH PRIVATE KEY"), hint }));
    all.extend(json_errors().into_iter().map(KeyError::Json));
    all.extend(material_errors().into_iter().map(KeyError::Material));
    all.extend(pem_errors().into_iter().map(KeyError::Pem));
    all.extend(der_errors().into_iter().map(KeyError::Der));
    all.extend(jwk_errors().into_iter().map(KeyError::Jwk));
    all.extend(certificate_errors().into_iter().map(KeyError::Certificate));
    covers::<_, pkjwt_core::key::KeyErrorDiscriminants>(&all);
    all
}

#[test]
fn every_key_error_has_dutch() {
    for error in key_errors() {
        check(error.code(), &error.to_string(), &key_error_nl(&error));
    }
}

fn assertion_errors() -> Vec<AssertionError> {
    let signs = vec![
        SignError::NotPrivate,
        SignError::AlgMismatch { alg: Alg::ES384, needs: KeyType::P384, key: KeyDescription { key_type: KeyType::P256, bits: 256 } },
        SignError::Crypto(lib("OperationError")),
        SignError::Backend(lib("OperationError")),
    ];
    covers::<_, pkjwt_core::crypto::SignErrorDiscriminants>(&signs);
    let mut all = vec![
        AssertionError::NoKey,
        AssertionError::ClientIdMissing,
        AssertionError::AudienceMissing,
        AssertionError::AlgNotForKey {
            alg: Alg::EdDSA,
            key: KeyDescription { key_type: KeyType::Rsa, bits: 3072 },
            choices: KeyType::Rsa.algs().collect(),
        },
        AssertionError::Lifetime { value: s("abc"), max: 86_400 },
        AssertionError::Skew { value: s("-5") },
        AssertionError::ExtraClaimsNotObject,
        AssertionError::ExtraClaimReserved { name: s("exp") },
        AssertionError::CertificateNeeded { member: "x5t#S256" },
        AssertionError::JkuInvalid,
        AssertionError::TypInvalid,
        AssertionError::FieldTooLong { field: "aud", length: 10_485_760, limit: 8192 },
        AssertionError::ExtraClaimsTooLarge { length: 10_485_760, limit: 65_536 },
    ];
    all.extend(signs.into_iter().map(AssertionError::Sign));
    all.extend(json_errors().into_iter().map(AssertionError::ExtraClaimsJson));
    covers::<_, pkjwt_core::assertion::AssertionErrorDiscriminants>(&all);
    all
}

#[test]
fn every_assertion_error_has_dutch() {
    for error in assertion_errors() {
        check(error.code(), &error.to_string(), &assertion_error_nl(&error));
    }
}

fn endpoint_errors() -> Vec<EndpointError> {
    let problems = vec![
        UrlProblem::TooLong { length: 3000, max: 2048 },
        UrlProblem::Character(' '),
        UrlProblem::Character('\u{7}'),
        UrlProblem::Scheme,
        UrlProblem::NoHost,
        UrlProblem::Credentials,
        UrlProblem::Fragment,
    ];
    covers::<_, pkjwt_core::endpoint::UrlProblemDiscriminants>(&problems);
    let mut all = vec![EndpointError::Missing, EndpointError::Placeholder { placeholder: s("{tenant}") }];
    all.extend(problems.into_iter().map(EndpointError::Invalid));
    covers::<_, pkjwt_core::endpoint::EndpointErrorDiscriminants>(&all);
    all
}

#[test]
fn every_request_error_has_dutch() {
    let missing = vec![MissingAssertion::NoKey, MissingAssertion::Pending, MissingAssertion::Failed(AssertionError::NoKey)];
    covers::<_, pkjwt_core::request::MissingAssertionDiscriminants>(&missing);
    let mut all = vec![
        RequestError::ParamMissing { name: s("subject_token") },
        RequestError::ParamNul { name: s("scope") },
        RequestError::ClientIdMissing,
        RequestError::SecretMissing { auth: "client_secret_basic" },
        RequestError::JwtBearerWithPrivateKeyJwt,
        RequestError::ValueTooLong { name: s("subject_token"), length: 10_485_760, limit: 262_144 },
    ];
    all.extend(missing.into_iter().map(RequestError::AssertionMissing));
    all.extend(assertion_errors().into_iter().map(|e| RequestError::AssertionMissing(MissingAssertion::Failed(e))));
    for error in endpoint_errors() {
        check(error.code(), &error.to_string(), &endpoint_error_nl(&error));
        all.push(RequestError::Endpoint(error));
    }
    for error in covers::<_, pkjwt_core::request::RequestErrorDiscriminants>(&all) {
        check(error.code(), &error.to_string(), &request_error_nl(error));
    }
}

#[test]
fn every_discovery_error_has_dutch() {
    let mut all = vec![DiscoveryError::NotObject, DiscoveryError::NoTokenEndpoint, DiscoveryError::AliasesNotObject, DiscoveryError::TooLarge(2_000_000)];
    all.extend(Expected::iter().map(|expected| DiscoveryError::Member { member: "scopes_supported", expected }));
    all.extend(json_errors().into_iter().map(DiscoveryError::Json));
    for error in covers::<_, pkjwt_core::discovery::DiscoveryErrorDiscriminants>(&all) {
        check(error.code(), &error.to_string(), &discovery_error_nl(error));
    }
}

#[test]
fn every_dpop_error_and_finding_has_dutch() {
    use pkjwt_core::dpop::{BindingFinding, DpopError, ProofFinding};
    use pkjwt_core::request::TokenScheme;
    let key = KeyDescription { key_type: KeyType::P256, bits: 256 };
    let mut errors = vec![
        DpopError::AlgNotForKey { alg: Alg::RS256, key },
        DpopError::NonceEmpty,
        DpopError::NonceTooLong { length: 2000, limit: 1024 },
        DpopError::NonceCharacter { character: ' ' },
        DpopError::ClaimsNotObject,
    ];
    errors.push(DpopError::Decode(pkjwt_core::jws::JwsDecodeError::Parts(2)));
    for error in covers::<_, pkjwt_core::dpop::DpopErrorDiscriminants>(&errors) {
        check(error.code(), &error.to_string(), &dpop_error_nl(error));
    }
    let proofs = [
        ProofFinding::HtuHasQueryOrFragment,
        ProofFinding::HtuMismatch { proof: s("https://as.example/a"), request: s("https://as.example/b") },
        ProofFinding::HtmMismatch { proof: s("GET"), request: s("POST") },
        ProofFinding::IatSkew { seconds: 120 },
        ProofFinding::IatSkew { seconds: -120 },
        ProofFinding::MissingAth,
        ProofFinding::AthMismatch,
        ProofFinding::PrivateMembersInJwk { members: vec![s("d"), s("p")] },
        ProofFinding::MissingJwk,
        ProofFinding::WrongTyp { found: s("JWT") },
        ProofFinding::WrongTyp { found: String::new() },
        ProofFinding::SymmetricAlg { alg: s("HS256") },
        ProofFinding::MissingClaim { name: "jti" },
    ];
    for finding in covers::<_, pkjwt_core::dpop::ProofFindingDiscriminants>(&proofs) {
        check(&format!("{finding:?}"), &finding.to_string(), &proof_finding_nl(finding));
    }
    let bindings = [
        BindingFinding::TokenTypeMismatch { asked: TokenScheme::Dpop, got: s("Bearer") },
        BindingFinding::JktMismatch { expected: s("abc"), got: s("xyz") },
        BindingFinding::JktMismatch { expected: s("abc"), got: String::new() },
        BindingFinding::JktMatches,
        BindingFinding::X5tMismatch { expected: s("abc"), got: s("xyz") },
        BindingFinding::X5tMismatch { expected: s("abc"), got: String::new() },
        BindingFinding::X5tMatches,
        BindingFinding::Unseen,
    ];
    for finding in covers::<_, pkjwt_core::dpop::BindingFindingDiscriminants>(&bindings) {
        check(&format!("{finding:?}"), &finding.to_string(), &binding_finding_nl(finding));
    }
}

#[test]
fn every_register_error_has_dutch() {
    use pkjwt_core::register::RegisterError;
    let all = [RegisterError::CertificateNeeded { auth: "tls_client_auth" }];
    for error in covers::<_, pkjwt_core::register::RegisterErrorDiscriminants>(&all) {
        check(error.code(), &error.to_string(), &register_error_nl(error));
    }
}

#[test]
fn every_answer_error_has_dutch() {
    let all = [
        AnswerError::TooLong { length: 2_000_000, limit: 1_048_576 },
        AnswerError::NotJson,
        AnswerError::MemberMissing { member: "token" },
        AnswerError::Reply(pkjwt_core::authorize::ReplyError::MemberMissing { member: "device_code" }),
    ];
    for error in covers::<_, pkjwt_core::flow::AnswerErrorDiscriminants>(&all) {
        check(error.code(), &error.to_string(), &answer_error_nl(error));
    }
}

#[test]
fn env_errors_have_dutch() {
    let big = "A=b\n".repeat(70_000);
    let errors: Vec<_> = ["JUSTTEXT", "A='open", "A='it's'", "A=\"open", big.as_str()]
        .into_iter()
        .filter_map(|text| {
            let result = pkjwt_core::share::from_env(text);
            assert!(result.is_err(), "{text:?} should not read");
            result.err()
        })
        .collect();
    let reasons: Vec<_> = errors.iter().map(|e| e.reason.clone()).collect();
    covers::<_, pkjwt_core::share::EnvProblemDiscriminants>(&reasons);
    for error in &errors {
        let english = error.to_string();
        let dutch = env_error_nl(error);
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

fn finding(problem: Problem, source: Source) -> Finding {
    Finding { rule: "test", severity: Severity::Error, problem, source, url: "https://example.org/docs".to_owned(), fix: None }
}

#[test]
fn every_finding_and_fix_has_dutch() {
    let smart = Source::Document(Document::SmartBackendServices);
    let mut problems = vec![
        Problem::Alg { current: Alg::RS256, allowed: vec![Alg::RS384, Alg::ES384] },
        Problem::Lifetime { current: 3600, max: 300 },
        Problem::Kid,
        Problem::Typ { current: s(""), wanted: s("JWT") },
        Problem::Typ { current: s("jwt"), wanted: s("client-authentication+jwt") },
        Problem::X5tS256 { has_certificate: true },
        Problem::X5tS256 { has_certificate: false },
        Problem::AudienceString,
        Problem::RsaSize { bits: 1024, min: 2048, max: 4096 },
        Problem::KeySize { bits: 256, min: 384 },
        Problem::Scope,
        Problem::ScopeClaim,
        Problem::SubjectIsClientId,
        Problem::SubjectIsUser,
        Problem::ClientAuth(ClientAuth::PrivateKeyJwt),
        Problem::SendClientId,
        Problem::Skew { current: 30, max: 10 },
        Problem::ServerAuthMethod { current: ClientAuth::PrivateKeyJwt, supported: vec![s("client_secret_basic"), s("none")] },
        Problem::ServerAlg { current: Alg::PS256, supported: vec![s("RS256"), s("ES256")] },
        Problem::ServerPkce { current: PkceMethod::Plain, supported: vec![s("S256")] },
        Problem::ServerRequiresPar { chosen: AuthorizeMode::Jar },
        Problem::PkceWeak { current: PkceMethod::Plain },
        Problem::PkceWeak { current: PkceMethod::None },
        Problem::OfflineAccessWithoutConsent,
        Problem::RedirectUriHttp { redirect_uri: s("http://app.example/callback") },
        Problem::ParAudience { audience: s("https://as.example/token2"), issuer: s("https://as.example"), par_endpoint: s("https://as.example/par") },
        Problem::ParRequired { chosen: AuthorizeMode::Query },
        Problem::PkceS256Required { current: PkceMethod::Plain },
        Problem::ClientAuthNotIn { current: ClientAuth::ClientSecretBasic, allowed: vec![ClientAuth::PrivateKeyJwt, ClientAuth::TlsClientAuth] },
        Problem::SenderConstraintMissing,
        Problem::DpopAlg { current: Alg::RS256, allowed: vec![Alg::ES256, Alg::PS256, Alg::EdDSA] },
        Problem::DpopClientKey,
        Problem::ServerDpopAlg { current: Alg::PS256, supported: vec![s("ES256"), s("EdDSA")] },
        Problem::ServerNoDpop,
    ];
    let targets = [AudienceTarget::Issuer, AudienceTarget::TokenEndpoint, AudienceTarget::CalledEndpoint];
    problems.extend(targets.into_iter().map(|target| Problem::Audience { target, expected: s("https://as.example/token") }));
    problems.extend(Grant::ALL.into_iter().map(Problem::Grant));
    let mut findings: Vec<Finding> = covers::<_, pkjwt_core::lint::ProblemDiscriminants>(&problems)
        .iter()
        .map(|problem| finding(problem.clone(), smart))
        .collect();
    let mut sources: Vec<Source> = Document::iter().map(Source::Document).collect();
    sources.push(Source::ServerMetadata);
    findings.extend(covers::<_, pkjwt_core::lint::SourceDiscriminants>(&sources).iter().map(|source| finding(Problem::Kid, *source)));
    for finding in &findings {
        check(&format!("{:?}", finding.problem), &finding.message(), &finding_nl(finding));
    }
    assert_eq!(source_nl(&Source::ServerMetadata), "Metadata van de server");
    assert_eq!(source_nl(&smart), "SMART Backend Services");

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
        Fix::Pkce(PkceMethod::S256),
        Fix::AuthorizeMode(AuthorizeMode::Par),
        Fix::AuthzParam { name: "prompt", value: "consent" },
        Fix::EnableDpop,
        Fix::DpopAlg(pkjwt_core::dpop::DpopAlg::ES256),
        Fix::DpopOwnKey,
    ];
    fixes.extend(Grant::ALL.into_iter().map(Fix::Grant));
    for fix in covers::<_, pkjwt_core::lint::FixDiscriminants>(&fixes) {
        check(&format!("{fix:?}"), &fix.label(), &fix_label_nl(fix));
    }
}

/// The check itself fails on Dutch that is missing, English, or drops a detail.
#[test]
#[should_panic(expected = "is missing from the Dutch")]
fn the_check_catches_a_lost_detail() {
    check("sample", "The input is 300 bytes.", "De invoer is groot.");
}

#[test]
#[should_panic(expected = "the Dutch is the English")]
fn the_check_catches_untranslated_text() {
    check("sample", "The JWK Set has no keys.", "The JWK Set has no keys.");
}

#[test]
#[should_panic(expected = "variants without a sample")]
fn the_coverage_check_catches_a_missing_variant() {
    covers::<_, pkjwt_core::request::MissingAssertionDiscriminants>(&[MissingAssertion::NoKey]);
}

#[test]
fn every_authorize_error_has_dutch() {
    use pkjwt_core::authorize::{AuthorizeError, CallbackError, CallbackRefusal, ModeReason, ReplyError};
    let json = json_errors().into_iter().next().map(AuthorizeError::ClaimsJson);
    let mut all = vec![
        AuthorizeError::Endpoint(EndpointError::Missing),
        AuthorizeError::RedirectUri(EndpointError::Invalid(UrlProblem::Fragment)),
        AuthorizeError::ClientIdMissing,
        AuthorizeError::IssuerMissing,
        AuthorizeError::ParamNul { name: s("login_hint") },
        AuthorizeError::ValueTooLong { name: s("claims"), length: 20_000, limit: 16_384 },
        AuthorizeError::ClaimsNotObject,
        AuthorizeError::ExtraLine { line: 3 },
        AuthorizeError::ExtraReserved { name: s("state") },
        AuthorizeError::Request(RequestError::SecretMissing { auth: "client_secret_post" }),
    ];
    all.extend(json);
    for error in covers::<_, pkjwt_core::authorize::AuthorizeErrorDiscriminants>(&all) {
        check(error.code(), &error.to_string(), &authorize_error_nl(error));
    }
    let callbacks = [
        CallbackError::TooLong { length: 70_000, limit: 65_536 },
        CallbackError::NoParameters,
        CallbackError::Duplicate { name: s("state") },
    ];
    for error in covers::<_, pkjwt_core::authorize::CallbackErrorDiscriminants>(&callbacks) {
        check(error.code(), &error.to_string(), &callback_error_nl(error));
    }
    let refusals = [
        CallbackRefusal::NoPendingAttempt,
        CallbackRefusal::StateMismatch,
        CallbackRefusal::IssuerMismatch { expected: s("https://as.example"), got: s("https://evil.example") },
        CallbackRefusal::IssuerMissing,
        CallbackRefusal::ServerError { error: s("access_denied"), description: Some(s("End-User aborted interaction")) },
        CallbackRefusal::ServerError { error: s("access_denied"), description: None },
        CallbackRefusal::NoCode,
        CallbackRefusal::CodeUsed,
    ];
    for refusal in covers::<_, pkjwt_core::authorize::CallbackRefusalDiscriminants>(&refusals) {
        check(refusal.code(), &refusal.to_string(), &callback_refusal_nl(refusal));
    }
    let replies = [
        ReplyError::TooLong { length: 70_000, limit: 65_536 },
        ReplyError::NotObject { status: 502 },
        ReplyError::Server { status: 400, error: s("invalid_request"), description: Some(s("request_uri expired")) },
        ReplyError::Server { status: 401, error: s("invalid_client"), description: None },
        ReplyError::MemberMissing { member: "request_uri" },
        ReplyError::NotString { member: "user_code" },
        ReplyError::NotSeconds { member: "expires_in" },
        ReplyError::NotAddress { member: "verification_uri_complete" },
    ];
    for error in covers::<_, pkjwt_core::authorize::ReplyErrorDiscriminants>(&replies) {
        check(error.code(), &error.to_string(), &reply_error_nl(error));
        let answer = AnswerError::Reply(error.clone());
        check(answer.code(), &answer.to_string(), &answer_error_nl(&answer));
    }
    for reason in ModeReason::iter() {
        check("MODE_REASON", &reason.to_string(), &mode_reason_nl(&reason));
    }
}

#[test]
fn every_validation_error_has_dutch() {
    use pkjwt_core::jws::JwsDecodeError;
    use pkjwt_core::validate::{Invalid, JwksError};
    let decodes = vec![
        JwsDecodeError::Parts(2),
        JwsDecodeError::Base64("header"),
        JwsDecodeError::Base64("payload"),
        JwsDecodeError::Base64("signature"),
        JwsDecodeError::Json("payload", s("EOF while parsing a value at line 1 column 3")),
        JwsDecodeError::HeaderNotObject,
        JwsDecodeError::TooLarge { length: 300_000, limit: 262_144 },
    ];
    covers::<_, pkjwt_core::jws::JwsDecodeErrorDiscriminants>(&decodes);
    let mut all = vec![
        Invalid::ClaimsNotObject,
        Invalid::Alg { alg: s("none") },
        Invalid::NoKeyWithKid { kid: s("k1") },
        Invalid::KeyNotChosen { alg: s("RS256"), count: 2 },
        Invalid::KeyAlg { kid: s("k1"), alg: s("ES256") },
        Invalid::Signature,
        Invalid::Missing { claim: "nonce" },
        Invalid::ClaimType { claim: "exp" },
        Invalid::Issuer { expected: s("https://as.example"), got: s("https://evil.example") },
        Invalid::Audience { client_id: s("client-1") },
        Invalid::AuthorizedParty { client_id: s("client-1"), got: s("other") },
        Invalid::Expired { exp: 1000, now: 2000, leeway: 60 },
        Invalid::IssuedInFuture { iat: 3000, now: 2000, leeway: 60 },
        Invalid::NotYetValid { nbf: 3000, now: 2000, leeway: 60 },
        Invalid::Nonce,
        Invalid::AtHash,
        Invalid::CHash,
    ];
    all.extend(decodes.into_iter().map(Invalid::Decode));
    for invalid in covers::<_, pkjwt_core::validate::InvalidDiscriminants>(&all) {
        check(invalid.code(), &invalid.to_string(), &invalid_nl(invalid));
    }
    let jwks = [
        JwksError::TooLarge { length: 600_000, limit: 524_288 },
        JwksError::Unreadable(KeyError::JsonNotAKey),
        JwksError::NoUsableKey(KeyError::InSet { index: 0, error: Box::new(KeyError::Jwk(JwkError::Symmetric)) }),
    ];
    for error in covers::<_, pkjwt_core::validate::JwksErrorDiscriminants>(&jwks) {
        check(error.code(), &error.to_string(), &jwks_error_nl(error));
    }
}

#[test]
fn every_key_set_error_has_dutch() {
    use pkjwt_core::key::KeySetError;
    let all = [
        KeySetError::Full { kid: s("k6"), max: 5 },
        KeySetError::DuplicateKid { kid: s("next") },
        KeySetError::SameKey { held: s("old") },
        KeySetError::UnknownKid { kid: s("gone") },
        KeySetError::RemoveCurrent { kid: s("current") },
        KeySetError::PublicOnly { kid: s("public") },
    ];
    for error in covers::<_, pkjwt_core::key::KeySetErrorDiscriminants>(&all) {
        check(error.code(), &error.to_string(), &key_set_error_nl(error));
    }
}

#[test]
fn every_jwks_check_verdict_note_and_error_has_dutch() {
    use super::jwks_check::{note_nl, publication_explained_nl};
    use pkjwt_core::jwks_check::{JwksCheckError, Note, Publication, SameKey};
    let errors = [
        JwksCheckError::TooLarge { length: 600_000, limit: 524_288 },
        JwksCheckError::Status { status: 404 },
        JwksCheckError::SingleJwk,
        JwksCheckError::Unreadable(KeyError::JsonNotAKey),
    ];
    for error in covers::<_, pkjwt_core::jwks_check::JwksCheckErrorDiscriminants>(&errors) {
        check(error.code(), &error.to_string(), &jwks_check_error_nl(error));
    }
    let notes = [
        Note::AlgDiffers { published: s("RS512"), assertion: Alg::RS256 },
        Note::UseNotSig { published: s("enc") },
        Note::PrivateMembers { index: 2, members: vec!["d", "p"] },
        Note::Unreadable { error: KeyError::JsonNotAKey },
    ];
    for note in covers::<_, pkjwt_core::jwks_check::NoteDiscriminants>(&notes) {
        check(&format!("{note:?}"), &note.to_string(), &note_nl(note));
    }
    let publications = [
        Publication::Published { kid: s("k1"), notes: vec![notes[2].clone()] },
        Publication::NotPublished { kid: s("k1"), kids_seen: vec![], same_key_under: None, notes: vec![] },
        Publication::NotPublished { kid: s("k1"), kids_seen: vec![s("k0")], same_key_under: Some(SameKey::Kid(s("k0"))), notes: vec![] },
        Publication::NotPublished { kid: s("k1"), kids_seen: vec![s("k0")], same_key_under: Some(SameKey::WithoutKid { index: 1 }), notes: vec![] },
        Publication::DifferentKey { kid: s("k1"), thumbprint: s("abc"), published_thumbprint: Some(s("xyz")), notes: vec![] },
        Publication::DifferentKey { kid: s("k1"), thumbprint: s("abc"), published_thumbprint: None, notes: vec![notes[3].clone()] },
    ];
    for publication in covers::<_, pkjwt_core::jwks_check::PublicationDiscriminants>(&publications) {
        // The first words stay English in both languages (the page's contract); the rest is Dutch.
        let english = publication.to_string();
        let dutch = publication_nl(publication);
        let prefix = format!("{}: ", publication.word());
        assert!(english.starts_with(&prefix) && dutch.starts_with(&prefix), "{english}\n{dutch}");
        check(publication.word(), &english[prefix.len()..], &publication_explained_nl(publication));
    }
}

#[test]
fn script_errors_have_dutch() {
    use pkjwt_core::script::{ScriptError, ScriptErrorDiscriminants};
    let errors = [ScriptError::Dpop, ScriptError::Mtls, ScriptError::NotAPost, ScriptError::NoRecipe, ScriptError::Quote(pkjwt_core::shell::ShellError::Nul("a".into()))];
    covers::<_, ScriptErrorDiscriminants>(&errors);
    for error in &errors {
        check(error.code(), &error.to_string(), &script_error_nl(error));
    }
}
