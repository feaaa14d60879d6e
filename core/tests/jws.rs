//! JWS signatures for all ten algorithms, verified by openssl and by our own verifier, plus
//! the RFC 7520 and RFC 8037 signature vectors.
mod common;

use common::*;
use pkjwt_core::crypto;
use pkjwt_core::jws;
use pkjwt_core::key::export;
use pkjwt_core::{Alg, Key, KeyKind, PrivateKey};
use serde_json::{json, Map, Value};

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        other => panic!("not an object: {other}"),
    }
}

/// JWS r||s to the DER `ECDSA-Sig-Value` openssl verifies.
fn ecdsa_der(alg: Alg, raw: &[u8]) -> Vec<u8> {
    match alg {
        Alg::ES256 => p256::ecdsa::Signature::from_slice(raw).expect("64-byte r||s").to_der().as_bytes().to_vec(),
        Alg::ES384 => p384::ecdsa::Signature::from_slice(raw).expect("96-byte r||s").to_der().as_bytes().to_vec(),
        Alg::ES512 => p521::ecdsa::Signature::from_slice(raw).expect("132-byte r||s").to_der().as_bytes().to_vec(),
        other => panic!("{other} is not ECDSA"),
    }
}

/// Whether openssl accepts `signature` over `input` with the public key in public.pem.
fn openssl_verifies(scratch: &Scratch, alg: Alg, input: &[u8], signature: &[u8]) -> bool {
    scratch.write("input", input);
    let signature = match alg {
        Alg::ES256 | Alg::ES384 | Alg::ES512 => ecdsa_der(alg, signature),
        _ => signature.to_vec(),
    };
    scratch.write("signature", &signature);
    let digest = match alg.name().get(2..) {
        Some("384") => "-sha384",
        Some("512") => "-sha512",
        _ => "-sha256",
    };
    let mut args: Vec<&str> = match alg {
        Alg::EdDSA => vec!["pkeyutl", "-verify", "-pubin", "-inkey", "public.pem", "-rawin", "-in", "input", "-sigfile", "signature"],
        _ => vec!["dgst", digest, "-verify", "public.pem", "-signature", "signature"],
    };
    if matches!(alg, Alg::PS256 | Alg::PS384 | Alg::PS512) {
        args.extend_from_slice(&["-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:digest"]);
    }
    if alg != Alg::EdDSA {
        args.push("input");
    }
    let output = scratch.openssl_output(&args);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let ok = output.status.success();
    assert_eq!(ok, stdout.contains("Verified") && !stdout.contains("Failure"), "{alg}: exit status and message disagree: {stdout}");
    ok
}

#[test]
fn every_alg_signs_what_openssl_and_our_verifier_accept() {
    let scratch = Scratch::new("jws");
    for alg in Alg::ALL {
        let private: &PrivateKey = generated(KeyKind::for_alg(alg));
        let key = Key::from_private(private.clone());
        scratch.write("public.pem", export::public_pem(&key).expect("encode"));
        let header = object(json!({"alg": alg.name(), "typ": "JWT", "kid": key.kid()}));
        let claims = object(json!({"iss": "client-1", "sub": "client-1", "aud": "https://as.example/token", "exp": 1_900_000_000, "jti": "é✓"}));
        let token = jws::sign(private, alg, &header, &claims).unwrap_or_else(|e| panic!("{alg}: {e}"));

        let parts: Vec<&str> = token.split('.').collect();
        assert_eq!(parts.len(), 3, "{alg}: {token}");
        let input = format!("{}.{}", parts[0], parts[1]);
        let signature = b64url_decode(parts[2]);
        let expected_len = match alg {
            Alg::ES256 => 64,
            Alg::ES384 => 96,
            Alg::ES512 => 132,
            Alg::EdDSA => 64,
            _ => 256,
        };
        assert_eq!(signature.len(), expected_len, "{alg} signature length");
        let header_back: Value = serde_json::from_slice(&b64url_decode(parts[0])).expect("header JSON");
        assert_eq!(header_back, Value::Object(header.clone()));
        let claims_back: Value = serde_json::from_slice(&b64url_decode(parts[1])).expect("claims JSON");
        assert_eq!(claims_back, Value::Object(claims.clone()));

        assert!(openssl_verifies(&scratch, alg, input.as_bytes(), &signature), "{alg}: openssl rejects our signature");
        // The check can fail: openssl rejects the same signature over other bytes.
        assert!(!openssl_verifies(&scratch, alg, format!("{input}x").as_bytes(), &signature), "{alg}: openssl accepts a tampered input");

        let decoded = jws::decode(&token).expect("decode");
        assert_eq!(decoded.alg(), Some(alg));
        assert_eq!(decoded.signing_input, input);
        decoded.verify(key.public_key()).unwrap_or_else(|e| panic!("{alg}: our verifier rejects: {e}"));

        let tampered_claims = object(json!({"iss": "client-2"}));
        let tampered = format!("{}.{}", jws::signing_input(&header, &tampered_claims), parts[2]);
        assert_eq!(jws::decode(&tampered).expect("decode").verify(key.public_key()), Err(crypto::VerifyError::Mismatch), "{alg}");
        let other = generated(if KeyKind::for_alg(alg) == KeyKind::P256 { KeyKind::P384 } else { KeyKind::P256 }).public_key();
        assert!(decoded.verify(&other).is_err(), "{alg}: verified with a key of another kind");
    }
}

#[test]
fn openssl_signatures_verify_with_our_verifier() {
    let scratch = Scratch::new("jws-openssl-signs");
    let cases: [(&[&str], &[Alg]); 5] = [
        (&["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"], &[Alg::RS256, Alg::RS384, Alg::RS512, Alg::PS256, Alg::PS384, Alg::PS512]),
        (&["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"], &[Alg::ES256]),
        (&["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"], &[Alg::ES384]),
        (&["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-521"], &[Alg::ES512]),
        (&["-algorithm", "ED25519"], &[Alg::EdDSA]),
    ];
    let input = "eyJhbGciOiJ0ZXN0In0.eyJzdWIiOiJ4In0";
    scratch.write("input", input);
    for (genpkey, algs) in cases {
        let mut args = vec!["genpkey"];
        args.extend_from_slice(genpkey);
        args.extend_from_slice(&["-out", "key.pem"]);
        scratch.openssl(&args);
        let public = import_one(&scratch.read_string("key.pem")).public_key().clone();
        for alg in algs.iter().copied() {
            let digest = format!("-sha{}", alg.name().get(2..).unwrap_or("256"));
            let mut args: Vec<&str> = match alg {
                Alg::EdDSA => vec!["pkeyutl", "-sign", "-inkey", "key.pem", "-rawin", "-in", "input"],
                _ => vec!["dgst", &digest, "-sign", "key.pem"],
            };
            if matches!(alg, Alg::PS256 | Alg::PS384 | Alg::PS512) {
                args.extend_from_slice(&["-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:digest"]);
            }
            if alg != Alg::EdDSA {
                args.push("input");
            }
            let der_or_raw = scratch.openssl(&args);
            let signature = match alg {
                Alg::ES256 => p256::ecdsa::Signature::from_der(&der_or_raw).expect("DER").to_bytes().to_vec(),
                Alg::ES384 => p384::ecdsa::Signature::from_der(&der_or_raw).expect("DER").to_bytes().to_vec(),
                Alg::ES512 => p521::ecdsa::Signature::from_der(&der_or_raw).expect("DER").to_bytes().to_vec(),
                _ => der_or_raw,
            };
            assert_eq!(crypto::verify(&public, alg, input.as_bytes(), &signature), Ok(()), "{alg}");
            assert_eq!(crypto::verify(&public, alg, b"other input", &signature), Err(crypto::VerifyError::Mismatch), "{alg}");
        }
    }
}

#[test]
fn rfc7520_section_4_1_rs256_signature_is_reproduced() {
    // RSASSA-PKCS1-v1_5 is deterministic, so the signature must match byte for byte.
    let jwk = r#"{"kty":"RSA","kid":"bilbo.baggins@hobbiton.example","use":"sig",
      "n":"n4EPtAOCc9AlkeQHPzHStgAbgs7bTZLwUBZdR8_KuKPEHLd4rHVTeT-O-XV2jRojdNhxJWTDvNd7nqQ0VEiZQHz_AJmSCpMaJMRBSFKrKb2wqVwGU_NsYOYL-QtiWN2lbzcEe6XC0dApr5ydQLrHqkHHig3RBordaZ6Aj-oBHqFEHYpPe7Tpe-OfVfHd1E6cS6M1FZcD1NNLYD5lFHpPI9bTwJlsde3uhGqC0ZCuEHg8lhzwOHrtIQbS0FVbb9k3-tVTU4fg_3L_vniUFAKwuCLqKnS2BYwdq_mzSnbLY7h_qixoR7jig3__kRhuaxwUkRz5iaiQkqgc5gHdrNP5zw",
      "e":"AQAB",
      "d":"bWUC9B-EFRIo8kpGfh0ZuyGPvMNKvYWNtB_ikiH9k20eT-O1q_I78eiZkpXxXQ0UTEs2LsNRS-8uJbvQ-A1irkwMSMkK1J3XTGgdrhCku9gRldY7sNA_AKZGh-Q661_42rINLRCe8W-nZ34ui_qOfkLnK9QWDDqpaIsA-bMwWWSDFu2MUBYwkHTMEzLYGqOe04noqeq1hExBTHBOBdkMXiuFhUq1BU6l-DqEiWxqg82sXt2h-LMnT3046AOYJoRioz75tSUQfGCshWTBnP5uDjd18kKhyv07lhfSJdrPdM5Plyl21hsFf4L_mHCuoFau7gdsPfHPxxjVOcOpBrQzwQ",
      "p":"3Slxg_DwTXJcb6095RoXygQCAZ5RnAvZlno1yhHtnUex_fp7AZ_9nRaO7HX_-SFfGQeutao2TDjDAWU4Vupk8rw9JR0AzZ0N2fvuIAmr_WCsmGpeNqQnev1T7IyEsnh8UMt-n5CafhkikzhEsrmndH6LxOrvRJlsPp6Zv8bUq0k",
      "q":"uKE2dh-cTf6ERF4k4e_jy78GfPYUIaUyoSSJuBzp3Cubk3OCqs6grT8bR_cu0Dm1MZwWmtdqDyI95HrUeq3MP15vMMON8lHTeZu2lmKvwqW7anV5UzhM1iZ7z4yMkuUwFWoBvyY898EXvRD-hdqRxHlSqAZ192zB3pVFJ0s7pFc",
      "dp":"B8PVvXkvJrj2L-GYQ7v3y9r6Kw5g9SahXBwsWUzp19TVlgI-YV85q1NIb1rxQtD-IsXXR3-TanevuRPRt5OBOdiMGQp8pbt26gljYfKU_E9xn-RULHz0-ed9E9gXLKD4VGngpz-PfQ_q29pk5xWHoJp009Qf1HvChixRX59ehik",
      "dq":"CLDmDGduhylc9o7r84rEUVn7pzQ6PF83Y-iBZx5NT-TpnOZKF1pErAMVeKzFEl41DlHHqqBLSM0W1sOFbwTxYWZDm6sI6og5iTbwQGIC3gnJKbi_7k_vJgGHwHxgPaX2PnvP-zyEkDERuf-ry4c_Z11Cq9AqC2yeL6kdKT1cYF8",
      "qi":"3PiqvXQN0zwMeE-sBvZgi289XP9XCQF3VWqPzMKnIgQp7_Tugo6-NZBKCQsMf3HaEGBjTVJs_jcK8-TRXvaKe-7ZMaQj8VfBdYkssbu0NKDDhjJ-GtiseaDVWt7dcH0cfwxgFUHpQh7FoCrjFJ6h6ZEpMF6xmujs4qMpPz8aaI4"}"#;
    let input = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImJpbGJvLmJhZ2dpbnNAaG9iYml0b24uZXhhbXBsZSJ9.SXTigJlzIGEgZGFuZ2Vyb3VzIGJ1c2luZXNzLCBGcm9kbywgZ29pbmcgb3V0IHlvdXIgZG9vci4gWW91IHN0ZXAgb250byB0aGUgcm9hZCwgYW5kIGlmIHlvdSBkb24ndCBrZWVwIHlvdXIgZmVldCwgdGhlcmXigJlzIG5vIGtub3dpbmcgd2hlcmUgeW91IG1pZ2h0IGJlIHN3ZXB0IG9mZiB0by4";
    let expected = "MRjdkly7_-oTPTS3AXP41iQIGKa80A0ZmTuV5MEaHoxnW2e5CZ5NlKtainoFmKZopdHM1O2U4mwzJdQx996ivp83xuglII7PNDi84wnB-BDkoBwA78185hX-Es4JIwmDLJK3lfWRa-XtL0RnltuYv746iYTh_qHRD68BNt1uSNCrUCTJDt5aAE6x8wW1Kt9eRo4QPocSadnHXFxnt8Is9UzpERV0ePPQdLuW3IS_de3xyIrDaLGdjluPxUAhb6L2aXic1U12podGU0KLUQSE_oI-ZnmKJ3F4uOZDnd6QZWJushZ41Axf_fcIe8u9ipH84ogoree7vjbU5y18kDquDg";
    let key = import_one(jwk);
    assert_eq!(key.kid(), "bilbo.baggins@hobbiton.example");
    let signature = crypto::sign(key.private_key().expect("private"), Alg::RS256, input.as_bytes()).expect("sign");
    assert_eq!(b64url(&signature), expected);
    assert_eq!(crypto::verify(key.public_key(), Alg::RS256, input.as_bytes(), &signature), Ok(()));
}

#[test]
fn rfc7520_section_4_3_es512_signature_verifies() {
    let jwk = r#"{"kty":"EC","kid":"bilbo.baggins@hobbiton.example","use":"sig","crv":"P-521",
      "x":"AHKZLLOsCOzz5cY97ewNUajB957y-C-U88c3v13nmGZx6sYl_oJXu9A5RkTKqjqvjyekWF-7ytDyRXYgCF5cj0Kt",
      "y":"AdymlHvOiLxXkEhayXQnNCvDX4h9htZaCJN34kfmC6pV5OhQHiraVySsUdaQkAgDPrwQrJmbnX9cwlGfP-HqHZR1",
      "d":"AAhRON2r9cqXX1hg-RoI6R1tX5p2rUAYdmpHZoC1XNM56KtscrX6zbKipQrCW9CGZH3T4ubpnoTKLDYJ_fF3_rJt"}"#;
    let token = "eyJhbGciOiJFUzUxMiIsImtpZCI6ImJpbGJvLmJhZ2dpbnNAaG9iYml0b24uZXhhbXBsZSJ9.SXTigJlzIGEgZGFuZ2Vyb3VzIGJ1c2luZXNzLCBGcm9kbywgZ29pbmcgb3V0IHlvdXIgZG9vci4gWW91IHN0ZXAgb250byB0aGUgcm9hZCwgYW5kIGlmIHlvdSBkb24ndCBrZWVwIHlvdXIgZmVldCwgdGhlcmXigJlzIG5vIGtub3dpbmcgd2hlcmUgeW91IG1pZ2h0IGJlIHN3ZXB0IG9mZiB0by4.AE_R_YZCChjn4791jSQCrdPZCNYqHXCTZH0-JZGYNlaAjP2kqaluUIIUnC9qvbu9Plon7KRTzoNEuT4Va2cmL1eJAQy3mtPBu_u_sDDyYjnAMDxXPn7XrT0lw-kvAD890jl8e2puQens_IEKBpHABlsbEPX6sFY8OcGDqoRuBomu9xQ2";
    let key = import_one(jwk);
    assert!(key.is_private());
    let parts: Vec<&str> = token.split('.').collect();
    let input = format!("{}.{}", parts[0], parts[1]);
    let signature = b64url_decode(parts[2]);
    assert_eq!(crypto::verify(key.public_key(), Alg::ES512, input.as_bytes(), &signature), Ok(()));
    // And a fresh ES512 signature with this key verifies in openssl.
    let scratch = Scratch::new("jws-rfc7520-es512");
    scratch.write("public.pem", export::public_pem(&key).expect("encode"));
    let ours = crypto::sign(key.private_key().expect("private"), Alg::ES512, input.as_bytes()).expect("sign");
    assert!(openssl_verifies(&scratch, Alg::ES512, input.as_bytes(), &ours));
}

#[test]
fn rfc8037_appendix_a4_ed25519_signature_is_reproduced() {
    let key = import_one(r#"{"kty":"OKP","crv":"Ed25519","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#);
    let input = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc";
    let signature = crypto::sign(key.private_key().expect("private"), Alg::EdDSA, input.as_bytes()).expect("sign");
    assert_eq!(
        b64url(&signature),
        "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg"
    );
    // Our header encoding of {"alg":"EdDSA"} is the RFC's first part.
    let header = object(json!({"alg": "EdDSA"}));
    let claims = object(json!({}));
    assert!(jws::signing_input(&header, &claims).starts_with("eyJhbGciOiJFZERTQSJ9."));
}

#[test]
fn signing_with_the_wrong_key_kind_is_refused_with_a_sentence() {
    let header = object(json!({"alg": "ES256"}));
    let claims = object(json!({"sub": "x"}));
    let error = jws::sign(generated(KeyKind::Ed25519), Alg::ES256, &header, &claims).expect_err("Ed25519 cannot make ES256");
    assert_eq!(error.code(), "SIGN_ALG_MISMATCH");
    assert_eq!(error.to_string(), "ES256 requires a P-256 key, but the current key is Ed25519.");
}

#[test]
fn decode_reports_malformed_tokens() {
    assert_eq!(jws::decode("a.b"), Err(jws::JwsDecodeError::Parts(2)));
    assert_eq!(jws::decode("e30.e30.*"), Err(jws::JwsDecodeError::Base64("signature")));
    assert!(matches!(jws::decode("bm90IGpzb24.e30.AA"), Err(jws::JwsDecodeError::Json("header", _))));
    assert_eq!(jws::decode("WzFd.e30.AA"), Err(jws::JwsDecodeError::HeaderNotObject));
}
