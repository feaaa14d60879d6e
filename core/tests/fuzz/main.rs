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
//! [`support::DEFAULT_CASES`]); `make fuzz` runs 20 000. Every property writes a line
//! with its count to stderr and to `target/tmp/pkjwt-fuzz-report.tsv`.
#[path = "../common/mod.rs"]
mod common;
mod support;

mod assertions;
mod authorize;
mod dpop;
mod hostile;
mod keys;
mod requests;
mod shared;
mod tokens_urls;

use common::generated;
use support::*;
use pkjwt_core::assertion::{self, AssertionSettings, JtiFormat, Stamp, MAX_LIFETIME_SECONDS};
use pkjwt_core::discovery::{metadata_url, parse_metadata};
use pkjwt_core::jwa::Alg;
use pkjwt_core::jwk;
use pkjwt_core::jws;
use pkjwt_core::key::export;
use pkjwt_core::key::import::{import_der, import_text, Imported, MAX_INPUT_BYTES};
use pkjwt_core::pem;
use pkjwt_core::discovery::DiscoveryDocument;
use pkjwt_core::endpoint::{Endpoint, MAX_URL_LENGTH};
use pkjwt_core::request::{build_request, ClientAuth, Grant, RequestSettings, TokenRequest};
use pkjwt_core::share::{self, SharedSetup};
use pkjwt_core::shell::{bearer_curl_argv, curl_argv, render_bearer_curl, render_curl, render_http, render_powershell};
use pkjwt_core::key::certificate::self_signed;
use pkjwt_core::x509::{Certificate, CertificateRequest};
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
            let private_jwk = pkjwt_core::key::export::private_jwk(&key).expect("private").to_string();
            let public_jwks = pkjwt_core::key::export::public_jwks(&key);
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
