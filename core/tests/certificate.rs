//! Self-signed certificates for every key kind, checked by openssl: it parses them, accepts
//! the self-signature, and agrees on subject, validity, public key and fingerprints.
mod common;

use common::*;
use pkjwt_core::key::export;
use pkjwt_core::key::certificate::self_signed;
use pkjwt_core::x509::{random_serial, Certificate, CertificateRequest};
use pkjwt_core::{Key, KeyKind};
use serde_json::Value;
use std::time::{SystemTime, UNIX_EPOCH};

const DAY: u64 = 86_400;

fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).expect("clock after 1970").as_secs()
}

fn request(common_name: &str, not_before: u64, validity_days: u32) -> CertificateRequest {
    CertificateRequest { common_name: common_name.to_owned(), not_before, validity_days }
}

/// `date`'s rendering of a Unix time the way `openssl x509 -dates` prints it.
fn openssl_date(unix: u64) -> String {
    let output = std::process::Command::new("date")
        .args(["-u", "-d", &format!("@{unix}"), "+%b %e %H:%M:%S %Y GMT"])
        .output()
        .expect("run date");
    String::from_utf8(output.stdout).expect("UTF-8").trim().to_owned()
}

fn signature_algorithm(kind: KeyKind) -> &'static str {
    match kind {
        KeyKind::Rsa2048 | KeyKind::Rsa3072 | KeyKind::Rsa4096 => "sha256WithRSAEncryption",
        KeyKind::P256 => "ecdsa-with-SHA256",
        KeyKind::P384 => "ecdsa-with-SHA384",
        KeyKind::P521 => "ecdsa-with-SHA512",
        KeyKind::Ed25519 => "ED25519",
    }
}

fn verify_self_signed(scratch: &Scratch, file: &str) -> bool {
    // Validity is checked separately (-dates, -checkend); some certificates here start in 2049.
    let output =
        scratch.openssl_output(&["verify", "-CAfile", file, "-partial_chain", "-check_ss_sig", "-no_check_time", file]);
    let ok = output.status.success();
    assert_eq!(ok, String::from_utf8_lossy(&output.stdout).trim() == format!("{file}: OK"));
    ok
}

#[test]
fn self_signed_certificates_pass_openssl_for_every_kind() {
    let scratch = Scratch::new("cert");
    let start = now();
    for kind in KeyKind::ALL {
        let private = generated(kind);
        let certificate = self_signed(&pkjwt_core::Key::from_private((private).clone()), &request("pkjwt test client", start, 30), random_serial())
            .unwrap_or_else(|e| panic!("{kind:?}: {e}"));
        scratch.write("cert.pem", certificate.pem());

        let text = scratch.openssl_text(&["x509", "-in", "cert.pem", "-noout", "-text"]);
        for expected in [
            "Version: 3 (0x2)",
            "Issuer: CN = pkjwt test client",
            "Subject: CN = pkjwt test client",
            &format!("Signature Algorithm: {}", signature_algorithm(kind)),
            "CA:FALSE",
            "Digital Signature",
            "X509v3 Subject Key Identifier",
        ] {
            assert!(text.contains(expected), "{kind:?}: no {expected:?} in\n{text}");
        }
        assert!(verify_self_signed(&scratch, "cert.pem"), "{kind:?}: openssl rejects the self-signature");

        // The same check fails once the signature's last byte changes.
        let mut tampered = certificate.der().to_vec();
        let last = tampered.len() - 1;
        tampered[last] ^= 0x01;
        scratch.write("tampered.der", &tampered);
        scratch.openssl(&["x509", "-inform", "DER", "-in", "tampered.der", "-out", "tampered.pem"]);
        assert!(!verify_self_signed(&scratch, "tampered.pem"), "{kind:?}: openssl accepts a tampered signature");

        let key = Key::from_private(private.clone());
        let public_from_cert = scratch.openssl_text(&["x509", "-in", "cert.pem", "-noout", "-pubkey"]);
        assert_eq!(public_from_cert, export::public_pem(&key).expect("encode"), "{kind:?}");

        let der = scratch.openssl(&["x509", "-in", "cert.pem", "-outform", "DER"]);
        assert_eq!(der, certificate.der());

        let serial = scratch.openssl_text(&["x509", "-in", "cert.pem", "-noout", "-serial"]);
        let serial = hex_bytes(serial.trim().trim_start_matches("serial="));
        assert_eq!(serial.len(), 16, "{kind:?}: serial {serial:?}");
        assert!(serial[0] & 0x80 == 0 && serial[0] != 0, "{kind:?}: serial must be positive and minimal");

        let dates = scratch.openssl_text(&["x509", "-in", "cert.pem", "-noout", "-dates"]);
        assert_eq!(
            dates,
            format!("notBefore={}\nnotAfter={}\n", openssl_date(start), openssl_date(start + 30 * DAY)),
            "{kind:?}"
        );
        assert_eq!((certificate.not_before(), certificate.not_after()), (start, start + 30 * DAY));
    }
}

#[test]
fn checkend_agrees_with_the_validity_days() {
    let scratch = Scratch::new("cert-checkend");
    let certificate = self_signed(&pkjwt_core::Key::from_private((generated(KeyKind::P256)).clone()), &request("checkend", now(), 7), random_serial()).expect("certificate");
    scratch.write("cert.pem", certificate.pem());
    let still_valid = scratch.openssl_output(&["x509", "-in", "cert.pem", "-noout", "-checkend", &(7 * DAY - 600).to_string()]);
    assert!(still_valid.status.success(), "expires too early");
    let expired = scratch.openssl_output(&["x509", "-in", "cert.pem", "-noout", "-checkend", &(7 * DAY + 600).to_string()]);
    assert!(!expired.status.success(), "expires too late");
}

#[test]
fn x5t_members_are_openssl_fingerprints_and_x5c_is_the_der() {
    let scratch = Scratch::new("cert-x5t");
    for kind in [KeyKind::Rsa2048, KeyKind::P384, KeyKind::Ed25519] {
        let private = generated(kind);
        let certificate = self_signed(&pkjwt_core::Key::from_private((private).clone()), &request("fingerprints", now(), 365), random_serial()).expect("certificate");
        scratch.write("cert.pem", certificate.pem());
        let mut key = Key::from_private(private.clone());
        key.set_certificate(certificate.clone()).expect("the certificate is for this key");
        let public: Value = serde_json::from_str(&pkjwt_core::key::export::public_jwk(&key)).expect("JSON");

        for (member_name, digest) in [("x5t", "-sha1"), ("x5t#S256", "-sha256")] {
            let line = scratch.openssl_text(&["x509", "-in", "cert.pem", "-noout", "-fingerprint", digest]);
            let (_, hex) = line.trim().split_once('=').expect("Fingerprint=..");
            assert_eq!(b64url_decode(member(&public, member_name)), hex_bytes(hex), "{kind:?} {member_name}");
        }
        let x5c = public["x5c"].as_array().expect("x5c array");
        assert_eq!(x5c.len(), 1);
        let der = <base64ct::Base64 as base64ct::Encoding>::decode_vec(x5c[0].as_str().expect("string")).expect("standard base64");
        assert_eq!(der, scratch.openssl(&["x509", "-in", "cert.pem", "-outform", "DER"]));
    }
}

#[test]
fn certificates_round_trip_through_pem_bundles_and_x5c() {
    for kind in [KeyKind::Rsa2048, KeyKind::P256, KeyKind::P521, KeyKind::Ed25519] {
        let private = generated(kind);
        let certificate = self_signed(&pkjwt_core::Key::from_private((private).clone()), &request("round trip", now(), 90), random_serial()).expect("certificate");
        let mut key = Key::from_private(private.clone());
        key.set_certificate(certificate.clone()).expect("the certificate is for this key");

        let from_pem = import_one(&certificate.pem());
        assert!(!from_pem.is_private());
        assert_eq!(from_pem.thumbprint(), key.thumbprint());
        assert_eq!(from_pem.certificate(), Some(&certificate));

        let private_pem = export::private_pem(&key).expect("encode").expect("private");
        let bundle = import_one(&format!("{}{}", *private_pem, certificate.pem()));
        assert!(bundle.is_private());
        assert_eq!(bundle.certificate(), Some(&certificate));

        let from_public_jwk = import_one(&pkjwt_core::key::export::public_jwk(&key));
        assert!(!from_public_jwk.is_private());
        assert_eq!(from_public_jwk.certificate(), Some(&certificate), "{kind:?}: x5c lost");
        let from_private_jwk = import_one(&pkjwt_core::key::export::private_jwk(&key).expect("private"));
        assert!(from_private_jwk.is_private());
        assert_eq!(from_private_jwk.certificate(), Some(&certificate), "{kind:?}: x5c lost");
        assert_eq!(pkjwt_core::key::export::public_jwk(&from_private_jwk), pkjwt_core::key::export::public_jwk(&key));
    }
}

#[test]
fn validity_past_2049_is_generalized_time_and_openssl_agrees() {
    let scratch = Scratch::new("cert-2050");
    // RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050 on.
    let last_utc_second = 2_524_607_999; // 2049-12-31T23:59:59Z
    let start = now();
    for (not_before, days) in [(start, 36_500), (last_utc_second, 1), (last_utc_second - DAY + 1, 1)] {
        let certificate = self_signed(&pkjwt_core::Key::from_private((generated(KeyKind::P256)).clone()), &request("far future", not_before, days), random_serial())
            .expect("certificate");
        scratch.write("cert.pem", certificate.pem());
        let not_after = not_before + u64::from(days) * DAY;
        let dates = scratch.openssl_text(&["x509", "-in", "cert.pem", "-noout", "-dates"]);
        assert_eq!(dates, format!("notBefore={}\nnotAfter={}\n", openssl_date(not_before), openssl_date(not_after)));
        let asn1 = scratch.openssl_text(&["asn1parse", "-in", "cert.pem"]);
        let utc = asn1.matches("prim: UTCTIME").count();
        let generalized = asn1.matches("prim: GENERALIZEDTIME").count();
        let expected_generalized = usize::from(not_before > last_utc_second) + usize::from(not_after > last_utc_second);
        assert_eq!((utc, generalized), (2 - expected_generalized, expected_generalized), "{not_before}+{days}d:\n{asn1}");
        assert!(verify_self_signed(&scratch, "cert.pem"));
    }
}

#[test]
fn common_names_reach_openssl_intact() {
    let scratch = Scratch::new("cert-cn");
    let sixty_four = "x".repeat(64);
    let accented = "é".repeat(64);
    for (cn, rfc2253) in [
        (sixty_four.as_str(), format!("CN={sixty_four}")),
        (accented.as_str(), format!("CN={accented}")),
        ("  trimmed  ", "CN=trimmed".to_owned()),
        ("a,b+c", r"CN=a\,b\+c".to_owned()),
    ] {
        let certificate = self_signed(&pkjwt_core::Key::from_private((generated(KeyKind::Ed25519)).clone()), &request(cn, now(), 1), random_serial()).expect("certificate");
        scratch.write("cert.pem", certificate.pem());
        let subject = scratch.openssl_text(&["x509", "-in", "cert.pem", "-noout", "-subject", "-nameopt", "RFC2253,-esc_msb"]);
        assert_eq!(subject.trim(), format!("subject={rfc2253}"));
        assert_eq!(certificate.subject(), rfc2253, "our subject() disagrees with openssl's RFC 2253 rendering");
    }
}

#[test]
fn bad_certificate_requests_are_refused_with_a_reason() {
    let key = generated(KeyKind::P256);
    let start = now();
    let cases = [
        (request("", start, 30), "the subject common name (CN) is empty"),
        (request("   ", start, 30), "the subject common name (CN) is empty"),
        (request(&"x".repeat(65), start, 30), "the common name has 65 characters; X.509 allows at most 64"),
        (request("line\nbreak", start, 30), "the common name contains a control character"),
        (request("ok", start, 0), "validity must be between 1 and 36500 days, not 0"),
        (request("ok", start, 36_501), "validity must be between 1 and 36500 days, not 36501"),
        (request("ok", u64::MAX - 10, 1), "the validity period must lie between the years 1970 and 9999, which X.509 can express"),
        (request("ok", 253_402_300_800, 1), "the validity period must lie between the years 1970 and 9999, which X.509 can express"),
    ];
    for (bad, reason) in cases {
        let error = self_signed(&pkjwt_core::Key::from_private((key).clone()), &bad, random_serial()).expect_err("refused");
        assert_eq!(error.code(), "CERTIFICATE_INPUT", "{bad:?}");
        assert_eq!(error.to_string(), format!("Certificate: {reason}."), "{bad:?}");
    }
    for days in [1, 36_500] {
        assert!(self_signed(&pkjwt_core::Key::from_private((key).clone()), &request("ok", start, days), random_serial()).is_ok(), "{days} days");
    }
}

#[test]
fn a_certificate_for_another_key_is_refused() {
    let ours = generated(KeyKind::P256);
    let theirs = generated(KeyKind::P384);
    let their_certificate = self_signed(&pkjwt_core::Key::from_private((theirs).clone()), &request("someone else", now(), 30), random_serial()).expect("certificate");
    let mut key = Key::from_private(ours.clone());
    assert_eq!(key.set_certificate(their_certificate.clone()).map_err(|e| e.code()), Err("CERTIFICATE_MISMATCH"));

    let private_pem = export::private_pem(&key).expect("encode").expect("private");
    let error = pkjwt_core::key::import::import_text(&format!("{}{}", *private_pem, their_certificate.pem())).expect_err("mismatch");
    assert_eq!(error.code(), "CERTIFICATE_MISMATCH");
    assert_eq!(error.to_string(), "The certificate does not belong to the private key it was pasted with.");

    let mut jwk: Value = serde_json::from_str(&pkjwt_core::key::export::public_jwk(&key)).expect("JSON");
    let mut with_cert = Key::from_private(theirs.clone());
    with_cert.set_certificate(their_certificate).expect("own certificate");
    let their_jwk: Value = serde_json::from_str(&pkjwt_core::key::export::public_jwk(&with_cert)).expect("JSON");
    jwk["x5c"] = their_jwk["x5c"].clone();
    let error = pkjwt_core::key::import::import_text(&jwk.to_string()).expect_err("mismatch");
    assert_eq!(error.code(), "JWK_INVALID_MEMBER");
    assert_eq!(error.to_string(), "JWK member \"x5c\" holds a certificate for a different key.");
}

#[test]
fn certificate_from_chain_rejects_garbage() {
    assert_eq!(Certificate::from_chain(vec![]).map_err(|e| e.code()), Err("DER_INVALID"));
    assert_eq!(Certificate::from_chain(vec![vec![0x30, 0x03, 0x02, 0x01]]).map_err(|e| e.code()), Err("DER_INVALID"));
}
