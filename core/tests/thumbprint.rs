//! RFC 7638 thumbprints: the RFC vectors, and for keys openssl makes, a canonical JSON built
//! here from openssl's own view of the public key (not from our JWK writer).
mod common;

use common::*;
use pkjwt_core::jwk;
use sha2::{Digest, Sha256};

fn sha256_b64url(text: &str) -> String {
    b64url(&Sha256::digest(text.as_bytes()))
}

#[test]
fn rfc7638_section_3_1_rsa_example() {
    let n = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
    let text = format!(r#"{{"kty": "RSA", "n": "{n}", "e": "AQAB", "alg": "RS256", "kid": "2011-04-29"}}"#);
    let key = import_one(&text);
    assert_eq!(key.thumbprint(), "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
    // RFC 7638 §3.1 also spells out the hashed JSON.
    assert_eq!(jwk::thumbprint_input(key.public_key()), format!(r#"{{"e":"AQAB","kty":"RSA","n":"{n}"}}"#));
    assert_eq!(key.kid(), "2011-04-29");
    assert!(!key.is_private());
}

#[test]
fn rfc8037_appendix_a_ed25519_key_and_thumbprint() {
    // A.1 (private) and A.2 (public); A.3 gives the thumbprint.
    let private = r#"{"kty":"OKP","crv":"Ed25519","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#;
    let public = r#"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#;
    for (text, is_private) in [(private, true), (public, false)] {
        let key = import_one(text);
        assert_eq!(key.is_private(), is_private);
        assert_eq!(key.thumbprint(), "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
        assert_eq!(key.kid(), "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
    }
}

/// The canonical JWK (RFC 7638 §3.2) of a public key, computed from openssl's DER SPKI.
fn canonical_from_openssl(scratch: &Scratch, public_pem: &str) -> String {
    scratch.write("public.pem", public_pem);
    let der = scratch.openssl(&["pkey", "-pubin", "-in", "public.pem", "-outform", "DER"]);
    let text = scratch.openssl_text(&["pkey", "-pubin", "-in", "public.pem", "-noout", "-text"]);
    if text.contains("Modulus:") {
        let modulus = scratch.openssl_text(&["rsa", "-pubin", "-in", "public.pem", "-noout", "-modulus"]);
        let n = strip_leading_zeros(hex_bytes(modulus.trim().trim_start_matches("Modulus=")));
        assert!(text.contains("Exponent: 65537 (0x10001)"), "{text}");
        return format!(r#"{{"e":"{}","kty":"RSA","n":"{}"}}"#, b64url(&[1, 0, 1]), b64url(&n));
    }
    if text.contains("ED25519 Public-Key") {
        // An Ed25519 SPKI ends with the 32-byte key (RFC 8410 §4).
        let x = &der[der.len() - 32..];
        return format!(r#"{{"crv":"Ed25519","kty":"OKP","x":"{}"}}"#, b64url(x));
    }
    let (crv, len) = if text.contains("NIST CURVE: P-256") {
        ("P-256", 32)
    } else if text.contains("NIST CURVE: P-384") {
        ("P-384", 48)
    } else if text.contains("NIST CURVE: P-521") {
        ("P-521", 66)
    } else {
        panic!("unexpected key: {text}")
    };
    // An EC SPKI ends with the uncompressed point 04 || X || Y (RFC 5480 §2.2).
    let point = &der[der.len() - (1 + 2 * len)..];
    assert_eq!(point[0], 4);
    let (x, y) = point[1..].split_at(len);
    format!(r#"{{"crv":"{crv}","kty":"EC","x":"{}","y":"{}"}}"#, b64url(x), b64url(y))
}

#[test]
fn thumbprints_of_openssl_keys_match_an_independent_computation() {
    let scratch = Scratch::new("thumbprint");
    let algorithms: [&[&str]; 5] = [
        &["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
        &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"],
        &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"],
        &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-521"],
        &["-algorithm", "ED25519"],
    ];
    for args in algorithms {
        for _ in 0..3 {
            let mut command = vec!["genpkey"];
            command.extend_from_slice(args);
            command.extend_from_slice(&["-out", "private.pem"]);
            scratch.openssl(&command);
            let public_pem = scratch.openssl_text(&["pkey", "-in", "private.pem", "-pubout"]);
            let canonical = canonical_from_openssl(&scratch, &public_pem);

            let from_private = import_one(&scratch.read_string("private.pem"));
            let from_public = import_one(&public_pem);
            assert_eq!(jwk::thumbprint_input(from_private.public_key()), canonical, "{args:?}");
            assert_eq!(from_private.thumbprint(), sha256_b64url(&canonical), "{args:?}");
            assert_eq!(from_public.thumbprint(), from_private.thumbprint());
        }
    }
}

#[test]
fn thumbprint_ignores_optional_members() {
    let base = r#""kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo""#;
    let plain = import_one(&format!("{{{base}}}"));
    let decorated = import_one(&format!(r#"{{{base},"kid":"other","alg":"EdDSA","use":"sig","key_ops":["verify"]}}"#));
    assert_eq!(plain.thumbprint(), decorated.thumbprint());
    assert_eq!(decorated.kid(), "other");
}
