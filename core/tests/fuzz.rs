//! Property tests of every parser of user input: whatever is pasted, typed, uploaded, linked
//! or answered by a server, each returns a value or a typed error with a short sentence, and
//! never panics, hangs or takes time that grows faster than its input.
//!
//! Each parser gets arbitrary text or bytes, valid inputs with random edits (byte flips,
//! truncation, duplication, control characters, invalid UTF-8, huge repetition, deep
//! nesting; they reach far deeper than noise does), and targeted hostile values (10 MB
//! inputs, 10 000-deep JSON, NUL, absurd lifetimes and URLs). Where a result can be checked
//! against an independent reading, it is: keys re-export and re-import to the same
//! thumbprint, rendered commands split back into their arguments, shared setups read back
//! into the same settings, tokens we sign decode to our claims.
//!
//! `PKJWT_FUZZ_CASES=N` sets the cases per property (default
//! [`fuzz_support::DEFAULT_CASES`]); `make fuzz` runs 20 000. Every property writes a line
//! with its count to stderr and to `target/tmp/pkjwt-fuzz-report.tsv`.
mod common;
mod fuzz_support;

use common::generated;
use fuzz_support::*;
use pkjwt_core::assertion::{self, AssertionSettings, JtiFormat, Stamp, MAX_LIFETIME_SECONDS};
use pkjwt_core::discovery::{metadata_url, parse_metadata};
use pkjwt_core::jwa::Alg;
use pkjwt_core::jwk;
use pkjwt_core::jws;
use pkjwt_core::key::export;
use pkjwt_core::key::import::{import_der, import_text, Imported, MAX_INPUT_BYTES};
use pkjwt_core::pem;
use pkjwt_core::profile::DiscoveryDocument;
use pkjwt_core::request::{build_request, ClientAuth, Endpoint, Grant, RequestSettings, TokenRequest, MAX_URL_LENGTH};
use pkjwt_core::share::{self, SharedSetup};
use pkjwt_core::shell::{bearer_curl_argv, curl_argv, render_bearer_curl, render_curl, render_http, render_powershell};
use pkjwt_core::x509::{self_signed, Certificate, CertificateRequest};
use pkjwt_core::{Key, KeyKind, PrivateKey};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use serde_json::{json, Map, Value};
use std::sync::OnceLock;
use std::time::Duration;

// ---------------------------------------------------------------------------------------
// Valid inputs to start from

struct Seeds {
    /// Everything `import_text` reads: private JWKs, public JWK Sets, PEM (private key with
    /// its certificate, public key), service account files.
    key_texts: Vec<String>,
    /// Private JWKs alone.
    jwks: Vec<String>,
    /// Public JWK Sets alone.
    jwk_sets: Vec<String>,
    /// PEM texts.
    pems: Vec<String>,
    /// DER: PKCS#8, PKCS#1, SEC1, SPKI, certificates.
    ders: Vec<Vec<u8>>,
    certificates: Vec<Vec<u8>>,
    /// Private keys with certificates, for signing.
    keys: Vec<Key>,
    tokens: Vec<String>,
    urls: Vec<String>,
    envs: Vec<String>,
    fragments: Vec<String>,
    metadata: Vec<String>,
    claims: Vec<String>,
}

const KINDS: [KeyKind; 5] = [KeyKind::Rsa2048, KeyKind::P256, KeyKind::P384, KeyKind::P521, KeyKind::Ed25519];

fn pem_der(pem: &str) -> Vec<u8> {
    let body: String = pem.lines().filter(|line| !line.starts_with("-----")).collect();
    <base64ct::Base64 as base64ct::Encoding>::decode_vec(&body).expect("PEM body")
}

fn sample_setup() -> SharedSetup {
    [
        ("preset", "okta"),
        ("client_id", "0oa1 'x'"),
        ("token_endpoint", "https://dev.okta.com/oauth2/v1/token"),
        ("scope", "okta.users.read okta.users.manage"),
        ("aud", "https://dev.okta.com/oauth2/v1/token"),
        ("alg", "RS256"),
        ("lifetime", "300"),
        ("audience", "a\nb"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect()
}

fn seeds() -> &'static Seeds {
    static SEEDS: OnceLock<Seeds> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let mut seeds = Seeds {
            key_texts: Vec::new(),
            jwks: Vec::new(),
            jwk_sets: Vec::new(),
            pems: Vec::new(),
            ders: Vec::new(),
            certificates: Vec::new(),
            keys: Vec::new(),
            tokens: Vec::new(),
            urls: Vec::new(),
            envs: Vec::new(),
            fragments: Vec::new(),
            metadata: Vec::new(),
            claims: Vec::new(),
        };
        for kind in KINDS {
            let private = generated(kind);
            let mut key = Key::from_private(private.clone());
            let request = CertificateRequest { common_name: "fuzz, \"client\"".into(), not_before: 1_700_000_000, validity_days: 30 };
            let certificate = self_signed(&key, &request, [7; 16]).expect("certificate");
            seeds.certificates.push(certificate.der().to_vec());
            key.set_certificate(certificate.clone()).expect("own certificate");
            let private_jwk = jwk::private_jwk(&key).expect("private").to_string();
            let public_jwks = jwk::public_jwks(&key);
            let private_pem = export::private_pem(&key).expect("encode").expect("private").to_string();
            let public_pem = export::public_pem(&key).expect("encode");
            let bundle = format!("{private_pem}{}", certificate.pem());
            seeds.key_texts.extend([private_jwk.clone(), public_jwks.clone(), bundle.clone(), public_pem.clone()]);
            seeds.jwks.push(private_jwk);
            seeds.jwk_sets.push(public_jwks);
            seeds.pems.extend([bundle, public_pem.clone()]);
            seeds.ders.push(export::private_pkcs8_der(&key).expect("encode").expect("private").to_vec());
            seeds.ders.push(pem_der(&public_pem));
            seeds.ders.push(certificate.der().to_vec());
            match private {
                PrivateKey::Rsa(rsa) => {
                    let der = pkcs1::EncodeRsaPrivateKey::to_pkcs1_der(rsa.as_ref()).expect("PKCS#1");
                    seeds.ders.push(der.as_bytes().to_vec());
                    let public = pkcs1::EncodeRsaPublicKey::to_pkcs1_der(&rsa.to_public_key()).expect("PKCS#1");
                    seeds.ders.push(public.as_bytes().to_vec());
                    seeds.pems.push(pkcs1::EncodeRsaPrivateKey::to_pkcs1_pem(rsa.as_ref(), pkcs1::LineEnding::LF).expect("PEM").to_string());
                }
                PrivateKey::P256(secret) => {
                    seeds.ders.push(secret.to_sec1_der().expect("SEC1").to_vec());
                    seeds.pems.push(secret.to_sec1_pem(pkcs8::LineEnding::LF).expect("PEM").to_string());
                }
                PrivateKey::P384(secret) => seeds.ders.push(secret.to_sec1_der().expect("SEC1").to_vec()),
                _ => {}
            }
            let header = object(json!({"alg": key.public_key().default_alg().name(), "typ": "JWT", "kid": key.kid()}));
            let claims = object(json!({"iss": "client", "sub": "client", "aud": "https://as.example/token", "exp": 1_900_000_000,
                "scope": "a b", "groups": ["x", "y"], "nested": {"deep": [1, {"z": null}]}}));
            seeds.tokens.push(jws::sign(private, key.public_key().default_alg(), &header, &claims).expect("sign"));
            seeds.keys.push(key);
        }
        let service_account = json!({"type": "service_account", "private_key_id": "abc", "client_email": "svc@project.iam.gserviceaccount.com",
            "private_key": export::private_pem(&seeds.keys[0]).expect("encode").expect("private").to_string()});
        seeds.key_texts.push(service_account.to_string());
        seeds.urls = [
            "https://auth.example:8443/op/v1/token?x=1",
            "http://127.0.0.1:3000/token",
            "https://[2001:db8::1]:8443/oauth2/token",
            "https://[::1]/token",
            "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/oauth2/v2.0/token",
            "HTTPS://DEV-123.OKTA.COM/oauth2/default/v1/token",
            "https://idp.example/realms/demo/",
            "https://fhir.example/r4",
        ]
        .map(str::to_owned)
        .to_vec();
        let env_seed = "PRIVATE_KEY=-----BEGIN\nCLIENT_ID=abc\nOKTA_URL=https://dev.okta.com\nAPI_KEY=00x\nSCOPES='okta.users.read okta.users.manage'\nexport FOO=bar # comment\n";
        let dotenv = "PRIVATE_KEY='-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----'\nCLIENT_ID='abc'\nSCOPES=\"a\\\"\nb\\\\n\"\n# done\n";
        seeds.envs = vec![share::to_env(&sample_setup()), env_seed.to_owned(), dotenv.to_owned()];
        seeds.fragments = vec![
            share::to_fragment(&sample_setup()),
            "#v=1&client_secret=s3cret&refresh_token=rt&d=AAAA&scope=a+b&token_type_hint=access_token".to_owned(),
        ];
        seeds.metadata = vec![json!({
            "issuer": "https://as.example",
            "token_endpoint": "https://as.example/token",
            "introspection_endpoint": "https://as.example/introspect",
            "revocation_endpoint": "https://as.example/revoke",
            "jwks_uri": "https://as.example/jwks",
            "token_endpoint_auth_methods_supported": ["private_key_jwt", "client_secret_basic"],
            "token_endpoint_auth_signing_alg_values_supported": ["RS256", "ES256"],
            "grant_types_supported": ["client_credentials"],
            "scopes_supported": ["openid", "read"],
            "other": {"nested": [1, 2.5, null, true]}
        })
        .to_string()];
        seeds.claims = vec![
            r#"{"scope": "read write"}"#.to_owned(),
            r#"{"scope": "https://www.googleapis.com/auth/cloud-platform", "nested": {"a": [1, 2, {"b": null}]}, "n": -1.5e3}"#.to_owned(),
            "{}".to_owned(),
        ];
        seeds
    })
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

fn fail(message: String) -> TestCaseError {
    TestCaseError::fail(message)
}

// ---------------------------------------------------------------------------------------
// Keys: import_text, import_der, JWK, JWKS, PEM, certificates

fn key_error(what: &str, error: &pkjwt_core::KeyError) -> Result<(), TestCaseError> {
    error_contract(what, Some(error.code()), &error.to_string())
}

/// What a reading of key input must satisfy: a typed error, or keys that export and import
/// again to the same thumbprint (and stay private when they were).
fn key_outcome(what: &str, result: &Result<Imported, pkjwt_core::KeyError>) -> Result<(), TestCaseError> {
    match result {
        Err(error) => key_error(what, error),
        Ok(imported) => {
            accepted();
            prop_assert!(!imported.candidates.is_empty(), "{what}: Ok without a key");
            for error in &imported.skipped {
                key_error(what, error)?;
            }
            imported.candidates.iter().try_for_each(|candidate| key_round_trips(what, &candidate.key))
        }
    }
}

/// `exported` is the length of what was exported: a key made from a JSON value (not text)
/// may carry a `kid` or certificate so long that its JWK is over the import limit.
fn same_key(what: &str, form: &str, original: &Key, exported: usize, text: Result<Imported, pkjwt_core::KeyError>) -> Result<(), TestCaseError> {
    if exported > MAX_INPUT_BYTES {
        prop_assert_eq!(text.err().map(|e| e.code()), Some("KEY_TOO_LARGE"));
        return Ok(());
    }
    let imported = text.map_err(|e| fail(format!("{what}: our own {form} does not import again: {e}")))?;
    prop_assert_eq!(imported.candidates.len(), 1, "{}: {} gave several keys", what, form);
    let back = &imported.candidates[0].key;
    prop_assert_eq!(jwk::thumbprint(back.public_key()), jwk::thumbprint(original.public_key()), "{}: {} changed the key", what, form);
    prop_assert_eq!(back.is_private(), original.is_private() && form != "public JWK" && form != "public PEM", "{}: {}", what, form);
    Ok(())
}

fn key_round_trips(what: &str, key: &Key) -> Result<(), TestCaseError> {
    let public_jwk = jwk::public_jwk(key);
    same_key(what, "public JWK", key, public_jwk.len(), import_text(&public_jwk))?;
    let public_pem = export::public_pem(key).map_err(|e| fail(format!("{what}: public PEM: {e}")))?;
    same_key(what, "public PEM", key, public_pem.len(), import_text(&public_pem))?;
    if key.is_private() {
        let private_jwk = jwk::private_jwk(key).ok_or_else(|| fail(format!("{what}: no private JWK")))?;
        same_key(what, "private JWK", key, private_jwk.len(), import_text(&private_jwk))?;
        let der = export::private_pkcs8_der(key)
            .map_err(|e| fail(format!("{what}: PKCS#8: {e}")))?
            .ok_or_else(|| fail(format!("{what}: no PKCS#8")))?;
        same_key(what, "PKCS#8 DER", key, der.len(), import_der(&der))?;
    }
    Ok(())
}

#[test]
fn import_text_arbitrary_text() {
    fuzz("import_text", "arbitrary and hostile text", hostile_text(), |text| key_outcome("import_text", &import_text(&text)));
}

#[test]
fn import_text_mutated_keys() {
    fuzz("import_text", "mutated JWK/JWKS/PEM/service account (round trip)", mutated_text(seeds().key_texts.clone()), |text| {
        key_outcome("import_text", &import_text(&text))
    });
}

#[test]
fn import_text_key_like_text_in_armour() {
    let body = prop_oneof![r#"[\{\}\[\]":,a-zA-Z0-9 \-_=+/\n]{0,400}"#.boxed(), hostile_text()];
    let label = prop::sample::select(vec!["PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "PUBLIC KEY", "CERTIFICATE", "X"]);
    fuzz("import_text", "random bodies in PEM armour", (label, body), |(label, body)| {
        key_outcome("import_text", &import_text(&format!("-----BEGIN {label}-----\n{body}\n-----END {label}-----\n")))
    });
}

#[test]
fn import_text_jwk_members_with_arbitrary_values() {
    let member = prop::sample::select(vec!["n", "e", "d", "p", "q", "x", "y", "crv", "kty", "alg", "use", "kid", "x5c", "oth"]);
    let value = prop_oneof![
        b64_member().prop_map(Value::String),
        field_text().prop_map(Value::String),
        any::<i64>().prop_map(Value::from),
        Just(Value::Null),
        Just(json!(["AA", 1])),
        json_value(true),
    ];
    let jwks = seeds().jwks.clone();
    // Members of one kind's JWK put into another's reach the consistency checks.
    fuzz("import_text", "JWK members replaced (round trip)", (0..jwks.len(), 0..jwks.len(), member, value, any::<bool>()), |(seed, donor, member, value, borrow)| {
        let mut jwk: Value = serde_json::from_str(&jwks[seed]).expect("seed JWK");
        let donor: Value = serde_json::from_str(&jwks[donor]).expect("seed JWK");
        jwk[member] = if borrow { donor.get(member).cloned().unwrap_or(Value::Null) } else { value };
        key_outcome("import_text", &import_text(&jwk.to_string()))
    });
}

#[test]
fn import_der_arbitrary_bytes() {
    let bytes = prop_oneof![proptest::collection::vec(any::<u8>(), 0..600), hostile_text().prop_map(String::into_bytes)];
    fuzz("import_der", "arbitrary bytes", bytes, |bytes| {
        key_outcome("import_der", &import_der(&bytes))?;
        key_outcome("import_text", &import_text(&String::from_utf8_lossy(&bytes)))
    });
}

#[test]
fn import_der_mutated_der() {
    fuzz("import_der", "mutated PKCS#8/PKCS#1/SEC1/SPKI/X.509 (round trip)", mutated(seeds().ders.clone()), |bytes| {
        key_outcome("import_der", &import_der(&bytes))?;
        let base64 = <base64ct::Base64 as base64ct::Encoding>::encode_string(&bytes);
        key_outcome("import_text", &import_text(&base64))
    });
}

/// A PEM file whose body holds bytes that are not UTF-8: as bytes it is not DER, and as text
/// (the browser's lossy decoding) its body has U+FFFD in it; either way a typed error.
#[test]
fn import_invalid_utf8_in_pem_bodies() {
    let pems = seeds().pems.clone();
    let invalid = prop::sample::select(vec![&b"\x80"[..], b"\xc3", b"\xe2\x82", b"\xc0\xaf", b"\xed\xa0\x80", b"\xff", b"\xfe\xff"]);
    fuzz("import_der", "invalid UTF-8 in PEM bodies", (0..pems.len(), any::<prop::sample::Index>(), any::<usize>(), invalid), |(seed, line, column, bad)| {
        let text = &pems[seed];
        let body_lines: Vec<usize> = text.lines().enumerate().filter(|(_, l)| !l.starts_with("-----") && !l.is_empty()).map(|(i, _)| i).collect();
        let target = *line.get(&body_lines);
        let mut bytes = Vec::new();
        for (index, l) in text.lines().enumerate() {
            if index == target {
                let at = column % (l.len() + 1);
                bytes.extend_from_slice(&l.as_bytes()[..at]);
                bytes.extend_from_slice(bad);
                bytes.extend_from_slice(&l.as_bytes()[at..]);
            } else {
                bytes.extend_from_slice(l.as_bytes());
            }
            bytes.push(b'\n');
        }
        let as_der = import_der(&bytes);
        prop_assert!(as_der.is_err(), "PEM text read as DER");
        key_outcome("import_der", &as_der)?;
        let as_text = import_text(&String::from_utf8_lossy(&bytes));
        key_outcome("import_text", &as_text)?;
        prop_assert_eq!(as_text.err().map(|e| e.code()), Some("PEM_BODY"));
        Ok(())
    });
}

#[test]
fn parse_jwk_text() {
    let text = prop_oneof![
        3 => text_for(seeds().jwks.clone()),
        2 => jwk_like().prop_map(|v| v.to_string()),
        1 => json_value(true).prop_map(|v| v.to_string()),
    ];
    fuzz("parse_jwk", "arbitrary, mutated and JWK-shaped (round trip)", text, |text| match jwk::parse_jwk(&text) {
        Err(error) => key_error("parse_jwk", &error),
        Ok(key) => {
            accepted();
            key_round_trips("parse_jwk", &key)
        }
    });
}

#[test]
fn parse_jwk_value_arbitrary_json() {
    let value = prop_oneof![jwk_like(), json_value(true)];
    fuzz("parse_jwk", "JSON values (parse_jwk_value)", value, |value| match jwk::parse_jwk_value(&value) {
        Err(error) => key_error("parse_jwk_value", &error),
        Ok(key) => {
            accepted();
            key_round_trips("parse_jwk_value", &key)
        }
    });
}

#[test]
fn parse_generated_jwk_never_panics() {
    let text = prop_oneof![3 => text_for(seeds().jwks.clone()), 1 => jwk_like().prop_map(|v| v.to_string())];
    fuzz("parse_generated_jwk", "arbitrary, mutated and JWK-shaped", text, |text| match jwk::parse_generated_jwk(&text) {
        Err(error) => key_error("parse_generated_jwk", &error),
        Ok(key) => {
            accepted();
            prop_assert!(jwk::private_jwk(&key).is_some() || !key.is_private());
            Ok(())
        }
    });
}

#[test]
fn parse_jwks_value_entries() {
    let keys = prop_oneof![
        proptest::collection::vec(prop_oneof![3 => jwk_like(), 1 => json_value(true)], 0..6).prop_map(Value::Array),
        json_value(true),
    ];
    let from_seeds = mutated_text(seeds().jwk_sets.clone()).prop_filter_map("not JSON", |text| serde_json::from_str::<Value>(&text).ok());
    let value = prop_oneof![2 => keys.prop_map(|keys| json!({"keys": keys})), 1 => from_seeds, 1 => json_value(true)];
    fuzz("parse_jwks_value", "JWK Sets of arbitrary entries", value, |value| match jwk::parse_jwks_value(&value) {
        Err(error) => key_error("parse_jwks_value", &error),
        Ok(entries) => {
            let listed = value.get("keys").and_then(Value::as_array).map(Vec::len);
            prop_assert_eq!(Some(entries.len()), listed, "one entry per element of \"keys\"");
            for (index, entry) in entries.iter().enumerate() {
                prop_assert_eq!(entry.index, index);
                prop_assert_eq!(entry.kid.as_deref(), value["keys"][index].get("kid").and_then(Value::as_str));
                match &entry.key {
                    Err(error) => key_error("parse_jwks_value entry", error)?,
                    Ok(key) => {
                        accepted();
                        key_round_trips("parse_jwks_value", key)?
                    }
                }
            }
            Ok(())
        }
    });
}

#[test]
fn pem_parse_blocks() {
    fuzz("pem::parse_blocks", "arbitrary and mutated PEM (re-encode round trip)", text_for(seeds().pems.clone()), |text| {
        match pem::parse_blocks(&text) {
            Err(error) => key_error("parse_blocks", &error),
            Ok(blocks) => {
                if !blocks.is_empty() {
                    accepted();
                }
                for block in blocks.iter().filter(|b| !b.encrypted_legacy) {
                    // Labels pem-rfc7468 cannot write are ours to refuse, not to round-trip.
                    let Ok(encoded) = pem::encode(&block.label, &block.der) else { continue };
                    let again = pem::parse_blocks(&encoded).map_err(|e| fail(format!("re-encoded block does not parse: {e}")))?;
                    prop_assert_eq!(again.len(), 1);
                    prop_assert_eq!(&again[0].label, &block.label);
                    prop_assert_eq!(&again[0].der, &block.der);
                }
                Ok(())
            }
        }
    });
}

#[test]
fn certificate_from_chain() {
    let certificates = seeds().certificates.clone();
    let der = prop_oneof![3 => mutated(certificates.clone()), 1 => proptest::collection::vec(any::<u8>(), 0..400)];
    let chain = proptest::collection::vec(der, 1..3);
    fuzz("Certificate::from_chain", "mutated and arbitrary DER chains (round trip)", chain, |chain| {
        match Certificate::from_chain(chain.clone()) {
            Err(error) => key_error("from_chain", &error),
            Ok(certificate) => {
                accepted();
                prop_assert_eq!(certificate.der(), &chain[0][..]);
                let again = Certificate::from_chain(vec![certificate.der().to_vec()]).map_err(|e| fail(format!("leaf alone: {e}")))?;
                prop_assert_eq!(again.public_key(), certificate.public_key());
                prop_assert_eq!(again.subject(), certificate.subject());
                let own_pem = certificate.pem();
                if own_pem.len() > MAX_INPUT_BYTES {
                    // A chain of large (unparsed) issuer certificates can pass as DER and not as PEM.
                    prop_assert_eq!(pem::parse_blocks(&own_pem).err().map(|e| e.code()), Some("KEY_TOO_LARGE"));
                    return Ok(());
                }
                let blocks = pem::parse_blocks(&own_pem).map_err(|e| fail(format!("own PEM: {e}")))?;
                let ders: Vec<Vec<u8>> = blocks.iter().map(|b| b.der.clone()).collect();
                prop_assert_eq!(&ders, &chain);
                let x5c: Vec<Vec<u8>> = certificate.x5c().iter().map(|c| <base64ct::Base64 as base64ct::Encoding>::decode_vec(c).unwrap_or_default()).collect();
                prop_assert_eq!(&x5c, &chain);
                error_contract("subject", None, &format!("CN {}", certificate.subject()))
            }
        }
    });
}

// ---------------------------------------------------------------------------------------
// JWT: jws::decode

fn jws_outcome(what: &str, result: &Result<jws::DecodedJws, jws::JwsDecodeError>) -> Result<(), TestCaseError> {
    match result {
        Err(error) => error_contract(what, Some(error.code()), &error.to_string()),
        Ok(decoded) => {
            accepted();
            prop_assert_eq!(decoded.signing_input.matches('.').count(), 1);
            // Verification of whatever was decoded gives an answer, not a panic.
            let _ = decoded.verify(seeds().keys[1].public_key());
            Ok(())
        }
    }
}

#[test]
fn jws_decode_arbitrary_and_mutated() {
    let token = prop_oneof![
        3 => text_for(seeds().tokens.clone()),
        1 => (json_value(true), json_value(true), proptest::collection::vec(any::<u8>(), 0..80)).prop_map(|(h, c, s)| {
            let encode = |bytes: &[u8]| <base64ct::Base64UrlUnpadded as base64ct::Encoding>::encode_string(bytes);
            format!("{}.{}.{}", encode(h.to_string().as_bytes()), encode(c.to_string().as_bytes()), encode(&s))
        }),
    ];
    fuzz("jws::decode", "arbitrary, mutated and JSON-bodied tokens", token, |token| jws_outcome("jws::decode", &jws::decode(&token)));
}

#[test]
fn jws_decode_returns_the_claims_we_signed() {
    let keys = seeds().keys.clone();
    // Ed25519 and P-256: cheap to sign with, so the cases go to the claims.
    let signer = prop::sample::select(vec![1usize, 4]);
    fuzz("jws::decode", "our signed tokens decode to our claims", (signer, json_object(false), json_object(false)), |(signer, claims, extra_header)| {
        let key = &keys[signer];
        let alg = key.public_key().default_alg();
        let mut header = extra_header;
        header.insert("alg".into(), alg.name().into());
        let private = key.private_key().map_err(|e| fail(e.to_string()))?;
        let token = jws::sign(private, alg, &header, &claims).map_err(|e| fail(e.to_string()))?;
        if token.len() > jws::MAX_TOKEN_BYTES {
            prop_assert_eq!(jws::decode(&token).err().map(|e| e.code()), Some("JWS_TOO_LARGE"));
            return Ok(());
        }
        let decoded = jws::decode(&token).map_err(|e| fail(format!("our token does not decode: {e}")))?;
        prop_assert_eq!(&decoded.header, &header);
        prop_assert_eq!(&decoded.claims, &Value::Object(claims));
        prop_assert_eq!(decoded.alg(), Some(alg));
        prop_assert!(decoded.verify(key.public_key()).is_ok(), "our signature does not verify");
        accepted();
        Ok(())
    });
}

// ---------------------------------------------------------------------------------------
// URLs: Endpoint::parse, metadata_url

/// A URL put together from parts, some of them wrong on purpose.
#[derive(Debug, Clone)]
struct UrlParts {
    scheme: &'static str,
    userinfo: Option<&'static str>,
    host: String,
    port: Option<&'static str>,
    path: String,
    query: Option<String>,
    fragment: Option<String>,
    padding: (&'static str, &'static str),
}

impl UrlParts {
    fn text(&self) -> String {
        format!(
            "{}{}{}{}{}{}{}{}{}",
            self.padding.0,
            self.scheme,
            self.userinfo.unwrap_or(""),
            self.host,
            self.port.unwrap_or(""),
            self.path,
            self.query.as_deref().unwrap_or(""),
            self.fragment.as_deref().unwrap_or(""),
            self.padding.1
        )
    }
}

fn url_parts() -> impl Strategy<Value = UrlParts> {
    let scheme = prop::sample::select(vec!["https://", "https://", "http://", "HTTPS://", "Http://", "ftp://", "", "https:/", "https:", "//"]);
    let userinfo = proptest::option::weighted(0.15, prop::sample::select(vec!["user@", "user:pw@", "@", ":@", "a%40b@"]));
    let host = prop_oneof![
        3 => prop::sample::select(vec![
            "auth.example", "127.0.0.1", "[::1]", "[2001:db8::1]", "[::ffff:127.0.0.1]", "[fe80::1%25eth0]", "[::1", "localhost",
            "例え.jp", "{tenant}.okta.com", "", "xn--nxasmq6b.example", "a b", "a\u{0}b",
        ]).prop_map(str::to_owned),
        2 => "[a-z0-9.-]{1,30}",
    ];
    let port = proptest::option::weighted(0.3, prop::sample::select(vec![":443", ":8443", ":", ":0", ":65536", ":99999999"]));
    let path = prop_oneof![
        2 => Just(String::new()),
        4 => "(/[a-zA-Z0-9._~%-]{0,12}){0,6}",
        1 => "(/[a-zA-Z0-9._~%{}\\x00 \\t-]{0,12}){0,4}",
        1 => (2_000usize..2_100).prop_map(|n| format!("/{}", "p".repeat(n))),
        1 => (600usize..700).prop_map(|n| format!("/{}", "é".repeat(n))),
    ];
    let query = proptest::option::weighted(0.3, "\\?[a-z=&%0-9{}]{0,20}");
    let fragment = proptest::option::weighted(0.15, "#[a-z]{0,5}");
    let padding = prop::sample::select(vec![("", ""), (" ", "\n"), ("\t", " "), ("\u{feff}", "")]);
    (scheme, userinfo, host, port, path, query, fragment, padding).prop_map(|(scheme, userinfo, host, port, path, query, fragment, padding)| {
        UrlParts { scheme, userinfo, host, port, path, query, fragment, padding }
    })
}

/// What every endpoint pkjwt accepts satisfies, checked against the text it came from.
fn endpoint_invariants(input: &str, endpoint: &Endpoint) -> Result<(), TestCaseError> {
    let url = endpoint.as_str();
    prop_assert_eq!(url, input.trim());
    prop_assert!(url.chars().count() <= MAX_URL_LENGTH);
    prop_assert!(!url.chars().any(|c| c.is_whitespace() || c.is_control()), "whitespace or control character in {:?}", url);
    prop_assert!(!url.contains(['{', '#']), "placeholder or fragment in {:?}", url);
    let authority = endpoint.authority();
    prop_assert!(!authority.is_empty() && !authority.contains(['@', '/', '?']), "authority {:?}", authority);
    prop_assert_eq!(endpoint.is_https(), url.to_ascii_lowercase().starts_with("https://"));
    prop_assert!(endpoint.origin().ends_with(authority));
    let rest = &url[endpoint.origin().len()..];
    prop_assert_eq!(endpoint.path_and_query(), if rest.is_empty() { "/" } else { rest });
    Ok(())
}

fn request_error(what: &str, error: &pkjwt_core::request::RequestError) -> Result<(), TestCaseError> {
    error_contract(what, Some(error.code()), &error.to_string())
}

#[test]
fn endpoint_parse_arbitrary_and_mutated() {
    fuzz("Endpoint::parse", "arbitrary and mutated URLs (invariants)", text_for(seeds().urls.clone()), |text| match Endpoint::parse(&text) {
        Err(error) => request_error("Endpoint::parse", &error),
        Ok(endpoint) => {
            accepted();
            endpoint_invariants(&text, &endpoint)
        }
    });
}

#[test]
fn endpoint_parse_url_shapes() {
    fuzz("Endpoint::parse", "URLs from parts: IPv6, userinfo, ports, {placeholders}, fragments, long paths", url_parts(), |parts| {
        let text = parts.text();
        let result = Endpoint::parse(&text);
        let too_long = text.trim().chars().count() > MAX_URL_LENGTH;
        let code = result.as_ref().err().map(|e| e.code());
        if too_long {
            prop_assert_eq!(code, Some("REQUEST_ENDPOINT_INVALID"));
        } else if text.contains('{') {
            prop_assert_eq!(code, Some("REQUEST_ENDPOINT_PLACEHOLDER"));
        }
        if parts.userinfo.is_some() || parts.fragment.is_some() {
            prop_assert!(result.is_err(), "credentials or a fragment accepted in {:?}", text);
        }
        let clean_host = ["auth.example", "127.0.0.1", "[::1]", "[2001:db8::1]", "[::ffff:127.0.0.1]", "localhost"].contains(&parts.host.as_str());
        let clean_path = parts.path.chars().all(|c| c.is_ascii_alphanumeric() || "/._~%-".contains(c)) && parts.query.as_deref().is_none_or(|q| !q.contains(['{', '}']));
        if clean_host && clean_path && !too_long && parts.userinfo.is_none() && parts.fragment.is_none() && ["https://", "http://", "HTTPS://", "Http://"].contains(&parts.scheme) && parts.padding.0 != "\u{feff}" {
            let endpoint = result.as_ref().map_err(|e| fail(format!("{text:?} refused: {e}")))?;
            prop_assert_eq!(endpoint.authority(), format!("{}{}", parts.host, parts.port.unwrap_or("")));
        }
        match &result {
            Err(error) => request_error("Endpoint::parse", error),
            Ok(endpoint) => {
                accepted();
                endpoint_invariants(&text, endpoint)
            }
        }
    });
}

#[test]
fn metadata_url_for_any_issuer() {
    let issuer = prop_oneof![text_for(seeds().urls.clone()), url_parts().prop_map(|p| p.text())];
    let document = prop::sample::select(vec![
        DiscoveryDocument::OpenIdConfiguration,
        DiscoveryDocument::OAuthAuthorizationServer,
        DiscoveryDocument::SmartConfiguration,
    ]);
    fuzz("metadata_url", "arbitrary issuers, every document", (issuer, document), |(issuer, document)| match metadata_url(&issuer, document) {
        Err(error) => request_error("metadata_url", &error),
        Ok(url) => {
            accepted();
            let base = Endpoint::parse(&issuer).map_err(|e| fail(format!("metadata URL for a refused issuer: {e}")))?;
            prop_assert!(url.starts_with(base.origin()), "{} is not on {}", url, base.origin());
            prop_assert!(url.contains("/.well-known/"));
            prop_assert!(!url.chars().any(|c| c.is_whitespace() || c.is_control()));
            Ok(())
        }
    });
}

// ---------------------------------------------------------------------------------------
// Server metadata: parse_metadata

#[test]
fn parse_metadata_arbitrary_and_mutated() {
    let members = proptest::collection::vec((prop::sample::select(MEMBER_NAMES), json_value(true)), 0..8).prop_map(|members| {
        let mut object: Map<String, Value> = members.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        object.entry("token_endpoint").or_insert_with(|| "https://as.example/token".into());
        Value::Object(object).to_string()
    });
    let text = prop_oneof![3 => text_for(seeds().metadata.clone()), 1 => members];
    fuzz("parse_metadata", "arbitrary, mutated and member-typed documents", text, |text| match parse_metadata(&text) {
        Err(error) => error_contract("parse_metadata", Some(error.code()), &error.to_string()),
        Ok(metadata) => {
            accepted();
            prop_assert!(!metadata.token_endpoint.is_empty());
            let value: Value = serde_json::from_str(&text).map_err(|e| fail(format!("accepted text that is not JSON: {e}")))?;
            prop_assert_eq!(value.get("token_endpoint").and_then(Value::as_str), Some(metadata.token_endpoint.as_str()));
            Ok(())
        }
    });
}

// ---------------------------------------------------------------------------------------
// Requests and the commands rendered from them

const PARAM_NAMES: &[&str] = &[
    "scope", "audience", "resource", "refresh_token", "subject_token", "subject_token_type", "actor_token", "actor_token_type",
    "requested_token_type", "token", "token_type_hint", "other",
];

fn request_settings() -> impl Strategy<Value = (RequestSettings, Option<String>)> {
    let endpoint = prop_oneof![4 => prop::sample::select(seeds().urls.clone()), 1 => hostile_text()];
    let params = proptest::collection::vec((prop::sample::select(PARAM_NAMES), field_text()), 0..8);
    let assertion = proptest::option::weighted(0.8, prop_oneof![4 => prop::sample::select(seeds().tokens.clone()), 1 => field_text()]);
    (
        endpoint,
        prop::sample::select(Grant::ALL.to_vec()),
        prop::sample::select(ClientAuth::ALL.to_vec()),
        field_text(),
        field_text(),
        any::<bool>(),
        params,
        assertion,
    )
        .prop_map(|(endpoint, grant, client_auth, client_id, client_secret, send_client_id, params, assertion)| {
            let params = params.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
            (RequestSettings { endpoint, grant, client_auth, client_id, client_secret, send_client_id, params }, assertion)
        })
}

/// The rendered curl command splits back into exactly its argument vector, unless an
/// argument holds a NUL, which no command can carry.
fn curl_round_trips(rendered: Result<String, pkjwt_core::shell::ShellError>, argv: Vec<String>) -> Result<(), TestCaseError> {
    let has_nul = argv.iter().any(|a| a.contains('\0'));
    match rendered {
        Err(error) => {
            prop_assert!(has_nul, "refused without a NUL: {}", error);
            error_contract("render_curl", None, &error.to_string())
        }
        Ok(script) => {
            prop_assert!(!has_nul, "rendered a NUL");
            let words = shell_words(&script).ok_or_else(|| fail(format!("not valid shell: {script:?}")))?;
            let expected: Vec<Vec<u8>> = argv.into_iter().map(String::into_bytes).collect();
            prop_assert_eq!(words, expected, "shell words differ from argv for {:?}", script);
            Ok(())
        }
    }
}

/// The PowerShell script is the fixed template with our values only inside quoted literals,
/// and those read back to the form pairs, headers and URL.
fn powershell_round_trips(request: &TokenRequest) -> Result<(), TestCaseError> {
    let script = render_powershell(request);
    let (skeleton, literals) = powershell_literals(&script);
    let headers: Vec<&(String, String)> = request.headers.iter().filter(|(n, _)| !n.eq_ignore_ascii_case("Content-Type")).collect();
    let expected_skeleton = format!(
        "$body = @(\n{}) -join ''\n$headers = @{{\n{}}}\nInvoke-RestMethod -Method Post -Uri '' -ContentType '' -Headers $headers -Body $body\n",
        "  ''\n".repeat(request.form.len()),
        "  '' = ''\n".repeat(headers.len())
    );
    prop_assert_eq!(&skeleton, &expected_skeleton, "values escaped their quotes in {:?}", script);
    let mut expected: Vec<String> = request
        .form
        .iter()
        .map(|(name, value)| form_urlencoded::Serializer::new(String::new()).append_pair(name, value).finish())
        .collect();
    expected.push("&".into());
    for (name, value) in headers {
        expected.push(name.clone());
        expected.push(value.clone());
    }
    expected.push(request.url().to_owned());
    expected.push(pkjwt_core::request::FORM_CONTENT_TYPE.to_owned());
    prop_assert_eq!(literals, expected);
    Ok(())
}

fn http_round_trips(request: &TokenRequest) -> Result<(), TestCaseError> {
    let http = render_http(request);
    let body = request.body();
    let head = format!("POST {} HTTP/1.1\r\nHost: {}\r\n", request.endpoint.path_and_query(), request.endpoint.authority());
    prop_assert!(http.starts_with(&head));
    let content_length = format!("Content-Length: {}\r\n\r\n", body.len());
    let tail = format!("{content_length}{body}");
    prop_assert!(http.ends_with(&tail), "the request does not end with its length and body");
    let pairs: Vec<(String, String)> = form_urlencoded::parse(body.as_bytes()).into_owned().collect();
    prop_assert_eq!(&pairs, &request.form, "the body does not decode to the form");
    Ok(())
}

#[test]
fn build_request_any_settings() {
    fuzz("build_request", "arbitrary settings (form, curl, PowerShell, HTTP round trips)", request_settings(), |(settings, assertion)| {
        match build_request(&settings, assertion.as_deref()) {
            Err(error) => request_error("build_request", &error),
            Ok(request) => {
                accepted();
                endpoint_invariants(&settings.endpoint, &request.endpoint)?;
                for (name, value) in &request.form {
                    let ours = matches!(name.as_str(), "grant_type" | "assertion" | "client_assertion" | "client_assertion_type" | "client_id" | "client_secret");
                    prop_assert!(ours || PARAM_NAMES.contains(&name.as_str()), "unexpected field {:?}", name);
                    if !matches!(name.as_str(), "assertion" | "client_assertion" | "client_secret") {
                        prop_assert!(!value.contains('\0') && !value.is_empty() && value.trim() == value, "{}={:?}", name, value);
                    }
                }
                curl_round_trips(render_curl(&request), curl_argv(&request))?;
                powershell_round_trips(&request)?;
                http_round_trips(&request)
            }
        }
    });
}

#[test]
fn renderers_any_request() {
    let pair = (field_text(), field_text());
    let request = (prop::sample::select(seeds().urls.clone()), proptest::collection::vec(pair.clone(), 0..4), proptest::collection::vec(pair, 0..6));
    fuzz("render_curl", "arbitrary headers and form values (curl, PowerShell, HTTP)", request, |(url, headers, form)| {
        let endpoint = Endpoint::parse(&url).map_err(|e| fail(e.to_string()))?;
        let request = TokenRequest { endpoint, headers, form };
        let rendered = render_curl(&request);
        if rendered.is_ok() {
            accepted();
        }
        curl_round_trips(rendered, curl_argv(&request))?;
        powershell_round_trips(&request)?;
        // A form built by hand may repeat names or hold any text; the body still decodes.
        let body = request.body();
        let pairs: Vec<(String, String)> = form_urlencoded::parse(body.as_bytes()).into_owned().collect();
        prop_assert_eq!(&pairs, &request.form);
        Ok(())
    });
}

#[test]
fn render_bearer_curl_any_values() {
    fuzz("render_bearer_curl", "arbitrary URL and access token", (hostile_text(), hostile_text()), |(url, token)| {
        let rendered = render_bearer_curl(&url, &token);
        if rendered.is_ok() {
            accepted();
        }
        curl_round_trips(rendered, bearer_curl_argv(&url, &token))
    });
}

// ---------------------------------------------------------------------------------------
// Assertions: lifetime, skew, extra claims, typ, jku, audience

/// What the lifetime box should accept: an integer (ASCII digits, optional sign, spaces
/// around) from 1 to a year. Computed in i128, independently of the i64 parse under test.
fn lifetime_oracle(text: &str, min: i128, max: i128) -> Option<i128> {
    let trimmed = text.trim();
    let digits = trimmed.strip_prefix(['+', '-']).unwrap_or(trimmed);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || digits.len() > 30 {
        return None;
    }
    trimmed.parse::<i128>().ok().filter(|v| (min..=max).contains(v))
}

fn number_text() -> BoxedStrategy<String> {
    prop_oneof![
        3 => (-10i64..400_000_000).prop_map(|n| n.to_string()),
        2 => any::<i64>().prop_map(|n| n.to_string()),
        3 => hostile_constant(),
        1 => "[ +\\-0-9٣३０-９eE.x_]{0,25}",
        1 => hostile_text(),
    ]
    .boxed()
}

/// A number in `min..=max` as people type it: plain, padded, with a plus sign.
fn valid_number(min: i64, max: i64) -> impl Strategy<Value = String> {
    (min..=max, prop::sample::select(vec![("", ""), (" ", " "), ("+", ""), ("\t", "\n")])).prop_map(|(n, (before, after))| format!("{before}{n}{after}"))
}

fn assertion_settings() -> impl Strategy<Value = AssertionSettings> {
    // Mostly claims that do not touch reserved names, so that many cases get to signing.
    let unreserved = json_object(false).prop_map(|mut o| {
        o.retain(|name, _| !assertion::RESERVED_CLAIMS.contains(&name.as_str()));
        Value::Object(o).to_string()
    });
    let extra = prop_oneof![
        3 => Just(String::new()),
        3 => unreserved,
        1 => json_object(true).prop_map(|o| Value::Object(o).to_string()),
        2 => text_for(seeds().claims.clone()),
        1 => nested_text(),
    ];
    let jku = prop_oneof![3 => Just(String::new()), 2 => Just("https://client.example/jwks.json".to_owned()), 1 => field_text()];
    let typ = prop_oneof![3 => Just("JWT".to_owned()), 1 => Just(String::new()), 1 => "[ -~]{1,20}", 1 => field_text()];
    let audience = prop_oneof![3 => Just("https://as.example/token".to_owned()), 1 => Just("a b\nc".to_owned()), 2 => field_text()];
    let client_id = prop_oneof![3 => Just("client".to_owned()), 2 => field_text()];
    let lifetime = prop_oneof![3 => valid_number(1, MAX_LIFETIME_SECONDS), 2 => number_text()];
    let skew = prop_oneof![3 => valid_number(0, 3600), 1 => number_text()];
    let flags = proptest::collection::vec(any::<bool>(), 6);
    (client_id, field_text(), audience, prop::sample::select(Alg::ALL.to_vec()), lifetime, skew, typ, jku, extra, flags).prop_map(
        |(client_id, subject, audience, alg, lifetime, clock_skew, typ, jku, extra_claims, flags)| AssertionSettings {
            client_id,
            subject,
            audience,
            audience_as_array: flags[0],
            alg,
            lifetime,
            clock_skew,
            include_nbf: flags[1],
            include_iat: flags[2],
            typ,
            include_kid: flags[3],
            include_x5t: flags[4] && flags[5],
            include_x5t_s256: flags[5],
            jku,
            jti_format: if flags[0] ^ flags[1] { JtiFormat::Uuid } else { JtiFormat::Base64Url },
            extra_claims,
        },
    )
}

fn assertion_error(what: &str, error: &assertion::AssertionError) -> Result<(), TestCaseError> {
    error_contract(what, Some(error.code()), &error.to_string())
}

#[test]
fn assertion_build_any_settings() {
    let keys = seeds().keys.clone();
    let key = prop::sample::select(vec![1usize, 4, 4, 0]);
    let now = prop_oneof![4 => Just(1_790_000_000i64), 1 => any::<i64>()];
    let strategy = (assertion_settings(), key, now, any::<[u8; 16]>(), proptest::bool::weighted(0.8));
    fuzz("assertion::build", "arbitrary settings text (claims, signature, decode round trip)", strategy, |(mut settings, key, now, jti_bytes, default_alg)| {
        let key = &keys[key];
        if default_alg {
            settings.alg = key.public_key().default_alg();
        }
        let result = assertion::build(&settings, key, Stamp { now, jti_bytes });
        let lifetime = lifetime_oracle(&settings.lifetime, 1, i128::from(MAX_LIFETIME_SECONDS));
        let skew = lifetime_oracle(&settings.clock_skew, 0, 3600);
        let unsigned = match result {
            Err(error) => return assertion_error("assertion::build", &error),
            Ok(unsigned) => unsigned,
        };
        let (Some(lifetime), Some(skew)) = (lifetime, skew) else {
            return Err(fail(format!("accepted lifetime {:?} / skew {:?}", settings.lifetime, settings.clock_skew)));
        };
        let claims = &unsigned.claims;
        prop_assert_eq!(claims.get("iss").and_then(Value::as_str), Some(settings.client_id.trim()));
        prop_assert_eq!(claims.get("exp").and_then(Value::as_i64), Some(now.saturating_add(lifetime as i64)));
        if settings.include_iat {
            prop_assert_eq!(claims.get("iat").and_then(Value::as_i64), Some(now.saturating_sub(skew as i64)));
        }
        let audiences: Vec<&str> = settings.audience.split_whitespace().collect();
        let aud: Vec<&str> = match &claims["aud"] {
            Value::String(one) => vec![one.as_str()],
            Value::Array(many) => many.iter().filter_map(Value::as_str).collect(),
            other => return Err(fail(format!("aud is {other}"))),
        };
        prop_assert_eq!(aud, audiences);
        if let Ok(Value::Object(extra)) = serde_json::from_str::<Value>(&settings.extra_claims) {
            for (name, value) in &extra {
                prop_assert_eq!(claims.get(name), Some(value), "extra claim {:?} lost", name);
            }
        }
        // Signed and decoded again, the token carries exactly these claims and header: the
        // claims as JSON reads them back (serde_json's default float parsing may land one
        // unit in the last place from a float typed in the extra claims).
        let header = unsigned.header.clone();
        let expected_claims: Value = serde_json::from_str(&Value::Object(claims.clone()).to_string()).map_err(|e| fail(e.to_string()))?;
        let signed = unsigned.sign_with_rustcrypto(key).map_err(|e| fail(format!("sign: {e}")))?;
        let decoded = jws::decode(&signed.token).map_err(|e| fail(format!("decode: {e}")))?;
        prop_assert_eq!(&decoded.header, &header);
        prop_assert_eq!(&decoded.claims, &expected_claims);
        prop_assert!(decoded.verify(key.public_key()).is_ok());
        accepted();
        Ok(())
    });
}

// ---------------------------------------------------------------------------------------
// Shared setups: from_fragment, from_env

fn whitelisted(key: &str) -> bool {
    share::FIELDS.iter().any(|(k, _)| *k == key)
}

/// Notes name each setting briefly and printably; `used` says which names were read instead.
fn notes_contract(notes: &share::ReadNotes, used: impl Fn(&str) -> bool) -> Result<(), TestCaseError> {
    for list in [&notes.ignored_secrets, &notes.unknown] {
        prop_assert!(list.len() <= share::MAX_NOTED + 1, "{} notes", list.len());
        for name in list {
            prop_assert!(name.chars().count() <= 700 && !name.chars().any(char::is_control), "note {:?}", name);
            prop_assert!(!used(name), "{:?} both read and noted as not used", name);
        }
    }
    Ok(())
}

fn env_name_used(name: &str) -> bool {
    share::FIELDS.iter().any(|(_, env)| *env == name)
}

fn setup_contract(setup: &SharedSetup) -> Result<(), TestCaseError> {
    for key in setup.keys() {
        prop_assert!(whitelisted(key), "non-whitelisted key {:?} read", key);
    }
    Ok(())
}

/// Any setup: whitelisted keys, secret-looking and unknown ones, any values.
fn any_setup() -> impl Strategy<Value = SharedSetup> {
    let key = prop_oneof![
        4 => prop::sample::select(share::FIELDS.iter().map(|(k, _)| (*k).to_owned()).collect::<Vec<_>>()),
        1 => prop::sample::select(vec!["client_secret", "refresh_token", "private_key", "d", "v", "token", "CLIENT_SECRET"]).prop_map(str::to_owned),
        1 => field_text(),
    ];
    proptest::collection::btree_map(key, field_text(), 0..10)
}

#[test]
fn from_fragment_arbitrary_and_mutated() {
    fuzz("from_fragment", "arbitrary and mutated fragments (whitelist only)", text_for(seeds().fragments.clone()), |fragment| {
        let (setup, notes) = share::from_fragment(&fragment);
        if !setup.is_empty() {
            accepted();
        }
        setup_contract(&setup)?;
        notes_contract(&notes, whitelisted)?;
        prop_assert_eq!(notes.too_large.is_some(), fragment.len() > share::MAX_SHARED_BYTES);
        Ok(())
    });
}

#[test]
fn fragment_round_trip_keeps_whitelisted_values() {
    fuzz("from_fragment", "from_fragment(to_fragment(x)) keeps whitelisted values", any_setup(), |setup| {
        let fragment = share::to_fragment(&setup);
        let (back, notes) = share::from_fragment(&fragment);
        if fragment.len() > share::MAX_SHARED_BYTES {
            prop_assert!(back.is_empty() && notes.too_large == Some(fragment.len()));
            return Ok(());
        }
        let expected: SharedSetup = setup.iter().filter(|(k, v)| whitelisted(k) && !v.is_empty()).map(|(k, v)| (k.clone(), v.clone())).collect();
        prop_assert_eq!(back, expected);
        prop_assert!(notes.ignored_secrets.is_empty() && notes.unknown.is_empty(), "to_fragment wrote a non-whitelisted key");
        accepted();
        Ok(())
    });
}

fn env_outcome(text: &str) -> Result<Option<SharedSetup>, TestCaseError> {
    match share::from_env(text) {
        Err(error) => {
            error_contract("from_env", None, &error.to_string())?;
            prop_assert!(error.line <= text.lines().count(), "line {} of {}", error.line, text.lines().count());
            Ok(None)
        }
        Ok((setup, notes)) => {
            accepted();
            setup_contract(&setup)?;
            notes_contract(&notes, env_name_used)?;
            Ok(Some(setup))
        }
    }
}

#[test]
fn from_env_arbitrary_and_mutated() {
    fuzz("from_env", "arbitrary and mutated .env files (whitelist only)", text_for(seeds().envs.clone()), |text| env_outcome(&text).map(drop));
}

#[test]
fn env_round_trip_keeps_values() {
    // `text.lines()` takes "\r\n" as a line break, so a value cannot hold one.
    fuzz("from_env", "from_env(to_env(x)) keeps whitelisted values", any_setup(), |setup| {
        let without_crlf = |mut value: String| {
            while value.contains("\r\n") {
                value = value.replace("\r\n", "\n");
            }
            value
        };
        let setup: SharedSetup = setup.into_iter().map(|(k, v)| (k, without_crlf(v))).collect();
        let env = share::to_env(&setup);
        if env.len() > share::MAX_SHARED_BYTES {
            prop_assert_eq!(share::from_env(&env).err().map(|e| e.line), Some(0));
            return Ok(());
        }
        let back = env_outcome(&env)?.ok_or_else(|| fail("our own .env does not read".into()))?;
        let expected: SharedSetup = setup.iter().filter(|(k, v)| whitelisted(k) && !v.is_empty()).map(|(k, v)| (k.clone(), v.clone())).collect();
        prop_assert_eq!(back, expected);
        Ok(())
    });
}

// ---------------------------------------------------------------------------------------
// Targeted hostile inputs

/// Checks that `result` is the error `code`, came fast, and says so briefly.
fn refused(tally: &mut Tally, what: &str, code: &str, f: impl FnOnce() -> (Option<&'static str>, String)) {
    let ((actual, message), took) = tally.run(f);
    eprintln!("  {what}: {actual:?} in {took:?}");
    assert_eq!(actual, Some(code), "{what}: {message}");
    assert!(!message.trim().is_empty() && message.len() <= MAX_MESSAGE_BYTES, "{what}: message of {} bytes", message.len());
    assert!(took < Duration::from_millis(500), "{what}: took {took:?}; a size check should refuse it at once");
}

fn err<T, E: std::fmt::Display>(result: Result<T, E>, code: impl Fn(&E) -> &'static str) -> (Option<&'static str>, String) {
    match result {
        Ok(_) => (None, String::new()),
        Err(error) => (Some(code(&error)), error.to_string()),
    }
}

fn ten_mb() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| "A".repeat(10 << 20))
}

fn good_request() -> RequestSettings {
    RequestSettings {
        endpoint: "https://as.example/token".into(),
        client_auth: ClientAuth::ClientSecretPost,
        client_id: "client".into(),
        client_secret: "secret".into(),
        ..RequestSettings::default()
    }
}

fn good_assertion() -> AssertionSettings {
    AssertionSettings {
        client_id: "client".into(),
        audience: "https://as.example/token".into(),
        alg: Alg::EdDSA,
        ..AssertionSettings::default()
    }
}

const STAMP: Stamp = Stamp { now: 1_790_000_000, jti_bytes: [9; 16] };

#[test]
fn ten_megabyte_inputs_are_refused_at_once() {
    let big = ten_mb();
    let key = &seeds().keys[4];
    let mut tally = Tally::new("(all parsers)", "10 MB inputs refused by size checks");
    let key_code = |e: &pkjwt_core::KeyError| e.code();
    refused(&mut tally, "import_text", "KEY_TOO_LARGE", || err(import_text(big), key_code));
    refused(&mut tally, "import_text JSON", "KEY_TOO_LARGE", || err(import_text(&format!("{{\"kty\":\"{big}\"}}")), key_code));
    refused(&mut tally, "import_der", "KEY_TOO_LARGE", || err(import_der(big.as_bytes()), key_code));
    refused(&mut tally, "parse_jwk", "KEY_TOO_LARGE", || err(jwk::parse_jwk(big), key_code));
    refused(&mut tally, "parse_generated_jwk", "KEY_TOO_LARGE", || err(jwk::parse_generated_jwk(big), key_code));
    let pem_text = format!("-----BEGIN PRIVATE KEY-----\n{big}\n-----END PRIVATE KEY-----\n");
    refused(&mut tally, "pem::parse_blocks", "KEY_TOO_LARGE", || err(pem::parse_blocks(&pem_text), key_code));
    refused(&mut tally, "Certificate::from_chain", "KEY_TOO_LARGE", || err(Certificate::from_chain(vec![big.as_bytes().to_vec()]), key_code));
    let token = format!("eyJhbGciOiJub25lIn0.{big}.");
    refused(&mut tally, "jws::decode", "JWS_TOO_LARGE", || err(jws::decode(&token), jws::JwsDecodeError::code));
    let dots = ".".repeat(10 << 20);
    refused(&mut tally, "jws::decode dots", "JWS_TOO_LARGE", || err(jws::decode(&dots), jws::JwsDecodeError::code));
    let long_url = format!("https://as.example/{big}");
    let request_code = |e: &pkjwt_core::request::RequestError| e.code();
    refused(&mut tally, "Endpoint::parse", "REQUEST_ENDPOINT_INVALID", || err(Endpoint::parse(&long_url), request_code));
    refused(&mut tally, "metadata_url", "REQUEST_ENDPOINT_INVALID", || {
        err(metadata_url(&long_url, DiscoveryDocument::OpenIdConfiguration), request_code)
    });
    let metadata = format!("{{\"token_endpoint\":\"{big}\"}}");
    refused(&mut tally, "parse_metadata", "DISCOVERY_TOO_LARGE", || err(parse_metadata(&metadata), |e| e.code()));
    for field in ["endpoint", "client_id", "client_secret", "scope", "audience"] {
        let mut settings = good_request();
        let code = match field {
            "endpoint" => {
                settings.endpoint = long_url.clone();
                "REQUEST_ENDPOINT_INVALID"
            }
            "client_id" => {
                settings.client_id = big.to_owned();
                "REQUEST_VALUE_TOO_LONG"
            }
            "client_secret" => {
                settings.client_secret = big.to_owned();
                "REQUEST_VALUE_TOO_LONG"
            }
            param => {
                settings.params.insert(param.to_owned(), big.to_owned());
                "REQUEST_VALUE_TOO_LONG"
            }
        };
        refused(&mut tally, &format!("build_request {field}"), code, || err(build_request(&settings, None), request_code));
    }
    let mut exchange = RequestSettings { grant: Grant::TokenExchange, ..good_request() };
    exchange.params.insert("subject_token".into(), big.into());
    refused(&mut tally, "build_request subject_token", "REQUEST_VALUE_TOO_LONG", || err(build_request(&exchange, None), request_code));
    let assertion_code = |e: &assertion::AssertionError| e.code();
    for (field, code) in [
        ("client_id", "ASSERTION_FIELD_TOO_LONG"),
        ("subject", "ASSERTION_FIELD_TOO_LONG"),
        ("audience", "ASSERTION_FIELD_TOO_LONG"),
        ("typ", "ASSERTION_FIELD_TOO_LONG"),
        ("jku", "ASSERTION_FIELD_TOO_LONG"),
        ("extra_claims", "ASSERTION_EXTRA_TOO_LARGE"),
        ("lifetime", "ASSERTION_LIFETIME"),
        ("clock_skew", "ASSERTION_SKEW"),
    ] {
        let mut settings = good_assertion();
        let value = big.to_owned();
        match field {
            "client_id" => settings.client_id = value,
            "subject" => settings.subject = value,
            "audience" => settings.audience = value,
            "typ" => settings.typ = value,
            "jku" => settings.jku = value,
            "extra_claims" => settings.extra_claims = value,
            "lifetime" => settings.lifetime = value,
            _ => settings.clock_skew = value,
        }
        refused(&mut tally, &format!("assertion::build {field}"), code, || err(assertion::build(&settings, key, STAMP), assertion_code));
    }
    let fragment = format!("#v=1&client_id={big}");
    let ((setup, notes), took) = tally.run(|| share::from_fragment(&fragment));
    assert!(setup.is_empty() && notes.too_large == Some(fragment.len()), "from_fragment read a 10 MB fragment");
    assert!(took < Duration::from_millis(500), "from_fragment took {took:?}");
    let env = format!("CLIENT_ID='{big}'\n");
    let (result, took) = tally.run(|| share::from_env(&env));
    assert_eq!(result.as_ref().err().map(|e| e.line), Some(0), "from_env read a 10 MB file");
    assert!(took < Duration::from_millis(500), "from_env took {took:?}");
    // Renderers have no limit of their own (their input passed the limits above); a server's
    // 10 MB access token still renders in linear time.
    let (rendered, took) = tally.run(|| render_bearer_curl("https://api.example/", big));
    assert!(rendered.is_ok() && took < Duration::from_secs(2), "render_bearer_curl took {took:?}");
}

#[test]
fn deep_json_is_refused_cleanly() {
    let mut tally = Tally::new("(all parsers)", "10 000-deep JSON");
    let key = &seeds().keys[4];
    for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
        let deep = format!("{}1{}", open.repeat(10_000), close.repeat(10_000));
        let object = format!("{{\"kty\":{deep}}}");
        refused(&mut tally, "import_text", "JSON_SYNTAX", || err(import_text(&object), |e| e.code()));
        refused(&mut tally, "parse_jwk", "JSON_SYNTAX", || err(jwk::parse_jwk(&object), |e| e.code()));
        refused(&mut tally, "parse_metadata", "DISCOVERY_JSON", || err(parse_metadata(&object), |e| e.code()));
        let settings = AssertionSettings { extra_claims: format!("{{\"x\":{deep}}}"), ..good_assertion() };
        refused(&mut tally, "assertion::build extra claims", "ASSERTION_EXTRA_JSON", || {
            err(assertion::build(&settings, key, STAMP), |e| e.code())
        });
        let payload = <base64ct::Base64UrlUnpadded as base64ct::Encoding>::encode_string(deep.as_bytes());
        let token = format!("eyJhbGciOiJub25lIn0.{payload}.");
        refused(&mut tally, "jws::decode payload", "JWS_JSON", || err(jws::decode(&token), jws::JwsDecodeError::code));
        let env = format!("CLIENT_ID='{deep}'\n");
        let (result, _) = tally.run(|| share::from_env(&env));
        assert_eq!(result.ok().and_then(|(s, _)| s.get("client_id").cloned()), Some(deep.clone()), "a nested value is text to a .env file");
    }
}

#[test]
fn control_characters_get_clear_messages() {
    let mut tally = Tally::new("(all parsers)", "NUL and control characters");
    let key = &seeds().keys[4];
    refused(&mut tally, "import_text NUL", "KEY_UNRECOGNIZED", || err(import_text("\0"), |e| e.code()));
    refused(&mut tally, "PEM body NUL", "PEM_BODY", || {
        err(import_text("-----BEGIN PRIVATE KEY-----\nMII\0B\n-----END PRIVATE KEY-----"), |e| e.code())
    });
    let (message, _) = tally.run(|| pem::parse_blocks("-----BEGIN \u{1b}[31m\u{202e}-----\nAAAA\n").err().map(|e| e.to_string()).unwrap_or_default());
    assert!(message.contains("\\u{1b}") && message.contains("\\u{202e}") && !message.contains('\u{1b}'), "label shown raw: {message:?}");
    refused(&mut tally, "Endpoint::parse control", "REQUEST_ENDPOINT_INVALID", || err(Endpoint::parse("https://as.example/\u{1}"), |e| e.code()));
    let (message, _) = tally.run(|| Endpoint::parse("https://{\u{1b}[2J").err().map(|e| e.to_string()).unwrap_or_default());
    assert!(!message.contains('\u{1b}'), "placeholder shown raw: {message:?}");
    let mut settings = good_request();
    settings.params.insert("scope".into(), "read\0write".into());
    refused(&mut tally, "build_request NUL", "REQUEST_PARAM_NUL", || err(build_request(&settings, None), |e| e.code()));
    let settings = RequestSettings { client_id: "a\0b".into(), ..good_request() };
    refused(&mut tally, "build_request client_id NUL", "REQUEST_PARAM_NUL", || err(build_request(&settings, None), |e| e.code()));
    let settings = AssertionSettings { typ: "JWT\u{7}".into(), ..good_assertion() };
    refused(&mut tally, "assertion typ", "ASSERTION_TYP", || err(assertion::build(&settings, key, STAMP), |e| e.code()));
    let settings = AssertionSettings { jku: "https://a.example/\u{0}".into(), ..good_assertion() };
    refused(&mut tally, "assertion jku", "ASSERTION_JKU", || err(assertion::build(&settings, key, STAMP), |e| e.code()));
    let settings = AssertionSettings { extra_claims: "{\"a\":\"\u{1}\"}".into(), ..good_assertion() };
    refused(&mut tally, "assertion extra claims", "ASSERTION_EXTRA_JSON", || err(assertion::build(&settings, key, STAMP), |e| e.code()));
    refused(&mut tally, "jws::decode NUL", "JWS_PARTS", || err(jws::decode("\0"), jws::JwsDecodeError::code));
    let ((_, notes), _) = tally.run(|| share::from_fragment("#\u{1b}[31m=1&a\u{0}=2"));
    assert!(notes.unknown.iter().all(|n| !n.chars().any(char::is_control)), "{:?}", notes.unknown);
    let (result, _) = tally.run(|| share::from_env("A\u{0}B=1\n\u{1b}=2\n"));
    assert!(result.is_ok_and(|(_, notes)| notes.unknown.iter().all(|n| !n.chars().any(char::is_control))));
}

#[test]
fn absurd_lifetimes_are_refused_by_name() {
    let mut tally = Tally::new("assertion::build", "absurd lifetimes and skews");
    let key = &seeds().keys[4];
    for lifetime in ["9223372036854775807", "-9223372036854775808", "-1", "0", "1e999", "٣٠٠", "３００", "300.0", "0x12c", "", " ", "31536001", "3 00", "300\0", "NaN"] {
        let settings = AssertionSettings { lifetime: lifetime.into(), ..good_assertion() };
        refused(&mut tally, &format!("lifetime {lifetime:?}"), "ASSERTION_LIFETIME", || err(assertion::build(&settings, key, STAMP), |e| e.code()));
    }
    for (lifetime, seconds) in [("1", 1), (" 300 ", 300), ("+300", 300), ("31536000", 31_536_000)] {
        let settings = AssertionSettings { lifetime: lifetime.into(), ..good_assertion() };
        let (result, _) = tally.run(|| assertion::build(&settings, key, STAMP));
        let exp = result.ok().and_then(|u| u.claims.get("exp").and_then(Value::as_i64));
        assert_eq!(exp, Some(STAMP.now + seconds), "lifetime {lifetime:?}");
    }
    for skew in ["-1", "3601", "9223372036854775807", "1e999", "٣"] {
        let settings = AssertionSettings { clock_skew: skew.into(), ..good_assertion() };
        refused(&mut tally, &format!("skew {skew:?}"), "ASSERTION_SKEW", || err(assertion::build(&settings, key, STAMP), |e| e.code()));
    }
    // The clock at the end of time: claims saturate instead of overflowing.
    let (result, _) = tally.run(|| assertion::build(&good_assertion(), key, Stamp { now: i64::MAX, jti_bytes: [0; 16] }));
    assert_eq!(result.ok().and_then(|u| u.claims.get("exp").and_then(Value::as_i64)), Some(i64::MAX));
}

#[test]
fn absurd_urls_are_refused_by_name() {
    let mut tally = Tally::new("Endpoint::parse", "absurd URLs");
    let code = |url: &str| Endpoint::parse(url).err().map(|e| e.code());
    let megabyte_path = format!("https://as.example/{}", "a".repeat(1 << 20));
    for (url, expected) in [
        (megabyte_path.as_str(), Some("REQUEST_ENDPOINT_INVALID")),
        ("https://[::1]:8443/token", None),
        ("https://[2001:db8::1]/oauth2/token?x=1", None),
        ("https://{tenant}.okta.com/oauth2/v1/token", Some("REQUEST_ENDPOINT_PLACEHOLDER")),
        ("https://as.example/{", Some("REQUEST_ENDPOINT_PLACEHOLDER")),
        ("https://as.example/token#fragment", Some("REQUEST_ENDPOINT_INVALID")),
        ("https://user:password@as.example/token", Some("REQUEST_ENDPOINT_INVALID")),
        ("https://@as.example/token", Some("REQUEST_ENDPOINT_INVALID")),
        ("javascript:alert(1)", Some("REQUEST_ENDPOINT_INVALID")),
        ("https://", Some("REQUEST_ENDPOINT_INVALID")),
    ] {
        let (actual, took) = tally.run(|| code(url));
        assert_eq!(actual, expected, "{}", url.chars().take(80).collect::<String>());
        assert!(took < Duration::from_millis(500));
    }
    let (endpoint, _) = tally.run(|| Endpoint::parse("https://[::1]:8443/token"));
    assert_eq!(endpoint.as_ref().map(Endpoint::authority), Ok("[::1]:8443"));
    let (message, _) = tally.run(|| Endpoint::parse(&megabyte_path).err().map(|e| e.to_string()).unwrap_or_default());
    assert!(message.contains(&format!("{} characters", megabyte_path.chars().count())), "{message}");
    // Non-ASCII: the limit and the message count characters, not bytes.
    let (accepted, _) = tally.run(|| Endpoint::parse(&format!("https://as.example/{}", "é".repeat(1500))));
    assert!(accepted.is_ok(), "1 519 characters refused: {:?}", accepted.err());
    let (placeholder, _) = tally.run(|| Endpoint::parse(&format!("https://x/{{{}", "a".repeat(2000))).err().map(|e| e.to_string()).unwrap_or_default());
    assert!(placeholder.contains('…') && placeholder.len() < 300, "a 2000-character placeholder quoted whole: {} bytes", placeholder.len());
}

/// A long unclosed quoted value used to rescan the whole value for every line (minutes for
/// a 256 KB file); each line is now looked at once.
#[test]
fn env_reading_is_linear() {
    let mut tally = Tally::new("from_env", "256 KB unclosed quoted values");
    for quote in ['\'', '"'] {
        let text = format!("CLIENT_ID={quote}\n{}", "x\n".repeat(120_000));
        let (result, took) = tally.run(|| share::from_env(&text));
        assert!(result.is_err(), "an unclosed value read");
        assert!(took < Duration::from_secs(1), "{quote}: {took:?}");
        let closed = format!("SCOPES={quote}\n{}{quote}\n", "x\n".repeat(120_000));
        let (result, took) = tally.run(|| share::from_env(&closed));
        assert_eq!(result.ok().and_then(|(s, _)| s.get("scope").map(|v| v.lines().count())), Some(120_001));
        assert!(took < Duration::from_secs(1), "{quote}: {took:?}");
    }
    // Values written by to_env keep NUL, trailing spaces before a line break, and '\''.
    let setup: SharedSetup = [("client_id", "a\0b"), ("scope", "a \nb'\n '"), ("sub", "\\\\n")].into_iter().map(|(k, v)| (k.to_owned(), v.to_owned())).collect();
    let (back, _) = tally.run(|| share::from_env(&share::to_env(&setup)));
    assert_eq!(back.map(|(s, _)| s), Ok(setup));
    let (escaped, _) = tally.run(|| share::from_env("SCOPES=\"a\\\\nb\\\"c\\n\"\n"));
    assert_eq!(escaped.ok().and_then(|(s, _)| s.get("scope").cloned()).as_deref(), Some("a\\nb\"c\n"));
}

#[test]
fn long_values_are_quoted_short_in_messages() {
    let mut tally = Tally::new("(all parsers)", "messages quote a short excerpt");
    let long = "K".repeat(100_000);
    let key = &seeds().keys[4];
    let mut with_use: Value = serde_json::from_str(&seeds().jwks[4]).expect("seed JWK");
    with_use["use"] = long.clone().into();
    let messages = [
        tally.run(|| import_text(&with_use.to_string()).err().map(|e| e.to_string())).0,
        tally.run(|| import_text(&format!("{{\"kty\":\"{long}\"}}")).err().map(|e| e.to_string())).0,
        tally.run(|| import_text(&format!("{{\"kty\":\"EC\",\"crv\":\"{long}\"}}")).err().map(|e| e.to_string())).0,
        tally.run(|| import_text(&format!("-----BEGIN {long}-----\nAAAA\n-----END {long}-----")).err().map(|e| e.to_string())).0,
        tally.run(|| import_text(&format!("-----BEGIN {long}-----\nAAAA\n")).err().map(|e| e.to_string())).0,
        tally.run(|| {
            let settings = AssertionSettings { lifetime: long.clone(), ..good_assertion() };
            assertion::build(&settings, key, STAMP).err().map(|e| e.to_string())
        })
        .0,
    ];
    for message in messages {
        let message = message.unwrap_or_default();
        assert!(!message.is_empty() && message.len() < 400, "{} bytes: {}…", message.len(), &message[..message.len().min(120)]);
        assert!(message.contains('…'), "{message}");
    }
}
