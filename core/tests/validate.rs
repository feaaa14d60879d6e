//! id_token validation against tokens the `openssl` CLI signs (RS256, PS256, ES256, EdDSA), with a JWK
//! Set built here from openssl's own view of the public keys and `at_hash`/`c_hash` computed
//! by `openssl dgst`: nothing of the token is made by the code under test. Then each check
//! is broken on purpose and must be named.
mod common;

use common::*;
use pkjwt_core::validate::{parse_jwks, validate, Expectations, Invalid, Jwks, TokenKind};
use serde_json::{json, Value};

const ISSUER: &str = "https://op.example";
const CLIENT: &str = "client-1";
const NOW: i64 = 1_800_000_000;
const NONCE: &str = "n-0S6_WzA2Mj";
const ACCESS_TOKEN: &str = "jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y";
const CODE: &str = "Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvk";

struct Signer {
    scratch: Scratch,
    /// The public JWK, from openssl's text output.
    jwk: Value,
    alg: &'static str,
}

fn rsa() -> Signer {
    let scratch = Scratch::new("validate-rsa");
    scratch.openssl(&["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "key.pem"]);
    let modulus = scratch.openssl_text(&["rsa", "-in", "key.pem", "-noout", "-modulus"]);
    let n = strip_leading_zeros(hex_bytes(modulus.trim().trim_start_matches("Modulus=")));
    let jwk = json!({"kty": "RSA", "kid": "rsa-1", "use": "sig", "n": b64url(&n), "e": b64url(&[1, 0, 1])});
    Signer { scratch, jwk, alg: "RS256" }
}

fn pss() -> Signer {
    Signer { alg: "PS256", ..rsa() }
}

fn ed25519() -> Signer {
    let scratch = Scratch::new("validate-ed25519");
    scratch.openssl(&["genpkey", "-algorithm", "ED25519", "-out", "key.pem"]);
    // An Ed25519 SPKI ends with the 32-byte public key (RFC 8410 §4).
    let der = scratch.openssl(&["pkey", "-in", "key.pem", "-pubout", "-outform", "DER"]);
    let jwk = json!({"kty": "OKP", "kid": "ed-1", "crv": "Ed25519", "x": b64url(&der[der.len() - 32..])});
    Signer { scratch, jwk, alg: "EdDSA" }
}

fn ec() -> Signer {
    let scratch = Scratch::new("validate-ec");
    scratch.openssl(&["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "key.pem"]);
    let text = scratch.openssl_text(&["pkey", "-in", "key.pem", "-noout", "-text"]);
    let point = openssl_text_field(&text, "pub:");
    assert_eq!((point.len(), point[0]), (65, 4), "an uncompressed P-256 point");
    let jwk = json!({"kty": "EC", "kid": "ec-1", "crv": "P-256", "x": b64url(&point[1..33]), "y": b64url(&point[33..])});
    Signer { scratch, jwk, alg: "ES256" }
}

/// `openssl dgst -binary` of `text` with the hash of `alg`: the left half, base64url (OIDC
/// Core §3.1.3.6; SHA-512 for EdDSA).
fn openssl_half_hash(scratch: &Scratch, alg: &str, text: &str) -> String {
    scratch.write("hash-input", text);
    let hash = if alg == "EdDSA" { "-sha512" } else { "-sha256" };
    let digest = scratch.openssl(&["dgst", hash, "-binary", "hash-input"]);
    b64url(&digest[..digest.len() / 2])
}

/// DER `SEQUENCE { INTEGER r, INTEGER s }` → the 64-byte JOSE form (RFC 7518 §3.4).
fn jose_ecdsa(der: &[u8]) -> Vec<u8> {
    let mut at = 2; // SEQUENCE tag and short length (a P-256 signature is < 128 bytes)
    let mut out = Vec::new();
    for _ in 0..2 {
        assert_eq!(der[at], 0x02, "INTEGER");
        let length = der[at + 1] as usize;
        let value = strip_leading_zeros(der[at + 2..at + 2 + length].to_vec());
        out.extend(std::iter::repeat_n(0u8, 32 - value.len()));
        out.extend(value);
        at += 2 + length;
    }
    out
}

impl Signer {
    fn sign(&self, header: &Value, claims: &Value) -> String {
        let input = format!("{}.{}", b64url(header.to_string().as_bytes()), b64url(claims.to_string().as_bytes()));
        self.scratch.write("input", &input);
        let signature = match self.alg {
            "ES256" => jose_ecdsa(&self.scratch.openssl(&["dgst", "-sha256", "-sign", "key.pem", "input"])),
            // RFC 7518 §3.5: PSS with MGF1 and a salt as long as the hash.
            "PS256" => self.scratch.openssl(&[
                "dgst", "-sha256", "-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:32", "-sign", "key.pem", "input",
            ]),
            "EdDSA" => self.scratch.openssl(&["pkeyutl", "-sign", "-inkey", "key.pem", "-rawin", "-in", "input"]),
            _ => self.scratch.openssl(&["dgst", "-sha256", "-sign", "key.pem", "input"]),
        };
        format!("{input}.{}", b64url(&signature))
    }

    fn header(&self) -> Value {
        json!({"alg": self.alg, "typ": "JWT", "kid": self.jwk["kid"]})
    }

    fn claims(&self) -> Value {
        json!({
            "iss": ISSUER, "sub": "user-42", "aud": CLIENT, "exp": NOW + 300, "iat": NOW - 5, "nonce": NONCE,
            "at_hash": openssl_half_hash(&self.scratch, self.alg, ACCESS_TOKEN), "c_hash": openssl_half_hash(&self.scratch, self.alg, CODE),
        })
    }

    fn jwks(&self) -> Jwks {
        // An encryption key and a symmetric key are skipped, not fatal.
        let set = json!({"keys": [{"kty": "oct", "k": "c2VjcmV0"}, self.jwk, {"kty": "RSA", "use": "enc", "n": "AQAB", "e": "AQAB"}]});
        parse_jwks(&set.to_string()).unwrap_or_else(|e| panic!("{e}"))
    }
}

fn expect() -> Expectations<'static> {
    Expectations {
        kind: TokenKind::IdToken,
        issuer: ISSUER,
        client_id: CLIENT,
        now: NOW,
        leeway: 60,
        nonce: Some(NONCE),
        access_token: Some(ACCESS_TOKEN),
        code: Some(CODE),
    }
}

fn outcome(signer: &Signer, header: &Value, claims: &Value, expect: &Expectations) -> Result<(), Invalid> {
    validate(&signer.sign(header, claims), &signer.jwks(), expect).outcome
}

#[test]
fn tokens_signed_by_openssl_are_valid_and_each_broken_check_is_named() {
    for signer in [rsa(), ec(), pss(), ed25519()] {
        let (header, claims) = (signer.header(), signer.claims());
        let token = signer.sign(&header, &claims);
        let verdict = validate(&token, &signer.jwks(), &expect());
        assert_eq!(verdict.outcome, Ok(()), "{}", signer.alg);
        assert_eq!(verdict.summary(), "valid");
        assert_eq!(verdict.claims.as_ref().map(|c| c["sub"].clone()), Some(json!("user-42")));

        let changed = |name: &str, value: Value| {
            let mut claims = claims.clone();
            claims[name] = value;
            claims
        };
        let broken = |claims: Value| outcome(&signer, &header, &claims, &expect());
        assert_eq!(broken(changed("nonce", json!("other"))), Err(Invalid::Nonce), "{}", signer.alg);
        assert_eq!(broken(changed("iss", json!("https://evil.example"))), Err(Invalid::Issuer { expected: ISSUER.into(), got: "https://evil.example".into() }));
        assert_eq!(broken(changed("aud", json!("someone-else"))), Err(Invalid::Audience { client_id: CLIENT.into() }));
        assert_eq!(broken(changed("aud", json!([CLIENT, "api"]))), Err(Invalid::Missing { claim: "azp" }));
        assert_eq!(broken(changed("aud", json!([CLIENT, "api"])).as_object().map(|c| { let mut c = c.clone(); c.insert("azp".into(), json!(CLIENT)); Value::Object(c) }).unwrap_or_default()), Ok(()));
        assert_eq!(broken(changed("exp", json!(NOW - 61))), Err(Invalid::Expired { exp: NOW - 61, now: NOW, leeway: 60 }));
        assert_eq!(broken(changed("exp", json!(NOW - 59))), Ok(()), "within the leeway");
        assert_eq!(broken(changed("iat", json!(NOW + 120))), Err(Invalid::IssuedInFuture { iat: NOW + 120, now: NOW, leeway: 60 }));
        assert_eq!(broken(changed("at_hash", json!(openssl_half_hash(&signer.scratch, signer.alg, "another-token")))), Err(Invalid::AtHash));
        assert_eq!(broken(changed("c_hash", json!(openssl_half_hash(&signer.scratch, signer.alg, "another-code")))), Err(Invalid::CHash));
        assert_eq!(broken(changed("exp", json!("soon"))), Err(Invalid::ClaimType { claim: "exp" }));

        // A payload swapped under the signature; a signature from elsewhere.
        let (head, rest) = token.split_once('.').unwrap_or_default();
        let (_, signature) = rest.split_once('.').unwrap_or_default();
        let forged_claims = b64url(changed("sub", json!("admin")).to_string().as_bytes());
        let tampered = format!("{head}.{forged_claims}.{signature}");
        assert_eq!(validate(&tampered, &signer.jwks(), &expect()).outcome, Err(Invalid::Signature), "{}", signer.alg);
        assert!(validate(&tampered, &signer.jwks(), &expect()).summary().starts_with("invalid: the signature"));

        let unknown_kid = json!({"alg": signer.alg, "kid": "gone"});
        assert_eq!(outcome(&signer, &unknown_kid, &claims, &expect()), Err(Invalid::NoKeyWithKid { kid: "gone".into() }));
        // Without a kid, the only key that fits the alg is used.
        assert_eq!(outcome(&signer, &json!({"alg": signer.alg}), &claims, &expect()), Ok(()));
        assert_eq!(outcome(&signer, &json!({"alg": "none", "kid": signer.jwk["kid"]}), &claims, &expect()), Err(Invalid::Alg { alg: "none".into() }));
    }
}

#[test]
fn access_tokens_skip_the_client_checks_and_refresh_answers_skip_the_nonce() {
    let signer = rsa();
    let claims = json!({"iss": ISSUER, "aud": "https://api.example", "exp": NOW + 60, "client_id": CLIENT, "scope": "openid"});
    let header = json!({"alg": "RS256", "typ": "at+jwt", "kid": "rsa-1"});
    let access = Expectations { kind: TokenKind::AccessToken, nonce: None, access_token: None, code: None, ..expect() };
    assert_eq!(outcome(&signer, &header, &claims, &access), Ok(()));
    let mut id_claims = signer.claims();
    id_claims.as_object_mut().map(|c| c.remove("nonce"));
    let refreshed = Expectations { nonce: None, code: None, ..expect() };
    assert_eq!(outcome(&signer, &signer.header(), &id_claims, &refreshed), Ok(()));
    assert_eq!(outcome(&signer, &signer.header(), &id_claims, &expect()), Err(Invalid::Missing { claim: "nonce" }));
}

#[test]
fn jwks_problems_have_codes() {
    let code = |text: &str| parse_jwks(text).err().map(|e| e.code());
    assert_eq!(code("{"), Some("JWKS_UNREADABLE"));
    assert_eq!(code(r#"{"keys": [{"kty": "oct", "k": "AAAA"}]}"#), Some("JWKS_NO_USABLE_KEY"));
    assert_eq!(code(&" ".repeat(pkjwt_core::validate::MAX_JWKS_BYTES + 1)), Some("JWKS_TOO_LARGE"));
    assert_eq!(validate("not-a-token", &ec().jwks(), &expect()).outcome.err().map(|e| e.code()), Some("TOKEN_DECODE"));
}

#[test]
fn hash_claims_use_the_hash_of_the_alg_as_openssl_computes_it() {
    use pkjwt_core::jwa::Alg;
    use pkjwt_core::validate::left_half_hash;
    let scratch = Scratch::new("validate-hashes");
    scratch.write("value", ACCESS_TOKEN);
    // EdDSA (Ed25519) takes SHA-512, as OpenID registered it for at_hash and c_hash.
    for (alg, digest, half) in [(Alg::RS256, "-sha256", 16), (Alg::ES384, "-sha384", 24), (Alg::PS512, "-sha512", 32), (Alg::EdDSA, "-sha512", 32)] {
        let hash = scratch.openssl(&["dgst", digest, "-binary", "value"]);
        assert_eq!(left_half_hash(alg, ACCESS_TOKEN), b64url(&hash[..half]), "{alg}");
    }
}

#[test]
fn one_kid_on_keys_of_two_types_picks_the_one_that_fits_the_alg() {
    let (rsa, ec) = (rsa(), ec());
    let mut rsa_jwk = rsa.jwk.clone();
    rsa_jwk["kid"] = json!("rollover");
    let mut ec_jwk = ec.jwk.clone();
    ec_jwk["kid"] = json!("rollover");
    let jwks = parse_jwks(&json!({"keys": [rsa_jwk, ec_jwk]}).to_string()).unwrap_or_else(|e| panic!("{e}"));
    let token = ec.sign(&json!({"alg": "ES256", "kid": "rollover"}), &ec.claims());
    assert_eq!(validate(&token, &jwks, &expect()).outcome, Ok(()));
}
