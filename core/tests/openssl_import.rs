//! Keys made by openssl, in every form a user pastes or uploads, import to the key openssl
//! says they hold: our SPKI equals `openssl pkey -pubout`, and for private keys our PKCS#8
//! prints the same private components as the original.
mod common;

use common::*;
use pkjwt_core::key::export;
use pkjwt_core::Key;

/// The openssl-made key in `original` (a private key file) and `key` are the same key pair.
fn assert_same_private(scratch: &Scratch, what: &str, key: &Key, original: &str) {
    assert!(key.is_private(), "{what}: imported as public only");
    assert_same_public(scratch, what, key, original);
    let ours = export::private_pem(key).expect("encode").expect("private");
    scratch.write("ours.pem", ours.as_bytes());
    let theirs_text = scratch.openssl_text(&["pkey", "-in", original, "-noout", "-text"]);
    let ours_text = scratch.openssl_text(&["pkey", "-in", "ours.pem", "-noout", "-text"]);
    assert_eq!(ours_text, theirs_text, "{what}: private key components differ");
}

/// `key`'s public half is the one of the openssl private key in `original`.
fn assert_same_public(scratch: &Scratch, what: &str, key: &Key, original: &str) {
    let expected = scratch.openssl_text(&["pkey", "-in", original, "-pubout"]);
    assert_eq!(export::public_pem(key).expect("encode"), expected, "{what}: SPKI differs from openssl's");
}

/// Certificate for the key in `key_file`, PEM and DER.
fn make_certificate(scratch: &Scratch, key_file: &str) -> (String, Vec<u8>) {
    scratch.openssl(&["req", "-x509", "-new", "-key", key_file, "-subj", "/CN=import test", "-days", "2", "-out", "cert.pem"]);
    let der = scratch.openssl(&["x509", "-in", "cert.pem", "-outform", "DER"]);
    (scratch.read_string("cert.pem"), der)
}

/// Every container form of one openssl key: PKCS#8 PEM/DER, bare base64, CRLF, prose
/// around the block, SPKI PEM/DER, certificate PEM/DER and key+certificate bundles.
fn check_common_forms(scratch: &Scratch, label: &str) {
    let pkcs8 = scratch.read_string("pkcs8.pem");
    assert!(pkcs8.starts_with("-----BEGIN PRIVATE KEY-----"), "{label}: {pkcs8}");
    assert_same_private(scratch, &format!("{label} PKCS#8 PEM"), &import_one(&pkcs8), "pkcs8.pem");

    let pkcs8_der = scratch.openssl(&["pkey", "-in", "pkcs8.pem", "-outform", "DER"]);
    assert_same_private(scratch, &format!("{label} PKCS#8 DER"), &import_one_der(&pkcs8_der), "pkcs8.pem");
    assert_same_private(scratch, &format!("{label} bare base64"), &import_one(&pem_body(&pkcs8)), "pkcs8.pem");
    assert_same_private(scratch, &format!("{label} CRLF"), &import_one(&pkcs8.replace('\n', "\r\n")), "pkcs8.pem");
    let prose = format!("Here is the key you asked for:\n\n{pkcs8}\nRegards,\nops\n");
    assert_same_private(scratch, &format!("{label} with prose"), &import_one(&prose), "pkcs8.pem");
    let indented: String = pkcs8.lines().map(|line| format!("    {line}\n")).collect();
    assert_same_private(scratch, &format!("{label} indented"), &import_one(&indented), "pkcs8.pem");

    let spki = scratch.openssl_text(&["pkey", "-in", "pkcs8.pem", "-pubout"]);
    let key = import_one(&spki);
    assert!(!key.is_private());
    assert_same_public(scratch, &format!("{label} SPKI PEM"), &key, "pkcs8.pem");
    let spki_der = scratch.openssl(&["pkey", "-in", "pkcs8.pem", "-pubout", "-outform", "DER"]);
    assert_same_public(scratch, &format!("{label} SPKI DER"), &import_one_der(&spki_der), "pkcs8.pem");

    let (cert_pem, cert_der) = make_certificate(scratch, "pkcs8.pem");
    for (what, key) in [("certificate PEM", import_one(&cert_pem)), ("certificate DER", import_one_der(&cert_der))] {
        assert!(!key.is_private(), "{label} {what}");
        assert_same_public(scratch, &format!("{label} {what}"), &key, "pkcs8.pem");
        let certificate = key.certificate().expect("certificate kept");
        assert_eq!(certificate.der(), cert_der.as_slice());
        assert_eq!(certificate.subject(), "CN=import test");
    }
    for (what, bundle) in [("key+certificate", format!("{pkcs8}{cert_pem}")), ("certificate+key", format!("{cert_pem}\n{pkcs8}"))] {
        let key = import_one(&bundle);
        assert_same_private(scratch, &format!("{label} {what}"), &key, "pkcs8.pem");
        assert_eq!(key.certificate().map(|c| c.der()), Some(cert_der.as_slice()), "{label} {what}");
    }
}

#[test]
fn rsa_keys_from_openssl_import_in_every_form() {
    let scratch = Scratch::new("import-rsa");
    scratch.openssl(&["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "pkcs8.pem"]);
    check_common_forms(&scratch, "RSA");

    scratch.openssl(&["rsa", "-in", "pkcs8.pem", "-traditional", "-out", "pkcs1.pem"]);
    let pkcs1 = scratch.read_string("pkcs1.pem");
    assert!(pkcs1.starts_with("-----BEGIN RSA PRIVATE KEY-----"), "{pkcs1}");
    assert_same_private(&scratch, "RSA PKCS#1 PEM", &import_one(&pkcs1), "pkcs8.pem");
    let pkcs1_der = scratch.openssl(&["rsa", "-in", "pkcs8.pem", "-traditional", "-outform", "DER"]);
    assert_same_private(&scratch, "RSA PKCS#1 DER", &import_one_der(&pkcs1_der), "pkcs8.pem");

    let rsa_public = scratch.openssl_text(&["rsa", "-in", "pkcs8.pem", "-RSAPublicKey_out"]);
    assert!(rsa_public.starts_with("-----BEGIN RSA PUBLIC KEY-----"), "{rsa_public}");
    assert_same_public(&scratch, "RSA PKCS#1 public PEM", &import_one(&rsa_public), "pkcs8.pem");
}

#[test]
fn rsa_key_from_genrsa_traditional() {
    let scratch = Scratch::new("import-genrsa");
    scratch.openssl(&["genrsa", "-traditional", "-out", "pkcs1.pem", "3072"]);
    let pkcs1 = scratch.read_string("pkcs1.pem");
    assert!(pkcs1.starts_with("-----BEGIN RSA PRIVATE KEY-----"));
    let key = import_one(&pkcs1);
    assert_eq!(key.public_key().bits(), 3072);
    assert_same_private(&scratch, "genrsa -traditional", &key, "pkcs1.pem");
}

#[test]
fn rsa_keys_at_the_size_limits_import() {
    // 1024 bits is the smallest key pkjwt reads; above 4096 bits is beyond the `rsa`
    // crate's default public-key limit but within pkjwt's promise of 8192.
    let scratch = Scratch::new("import-rsa-sizes");
    for bits in ["1024", "4160"] {
        scratch.openssl(&["genrsa", "-out", "pkcs8.pem", bits]);
        let key = import_one(&scratch.read_string("pkcs8.pem"));
        assert_eq!(key.public_key().bits().to_string(), bits);
        assert_same_private(&scratch, &format!("RSA-{bits}"), &key, "pkcs8.pem");
        let spki = scratch.openssl_text(&["pkey", "-in", "pkcs8.pem", "-pubout"]);
        assert_same_public(&scratch, &format!("RSA-{bits} SPKI"), &import_one(&spki), "pkcs8.pem");
        let rsa_public = scratch.openssl_text(&["rsa", "-in", "pkcs8.pem", "-RSAPublicKey_out"]);
        assert_same_public(&scratch, &format!("RSA-{bits} PKCS#1 public"), &import_one(&rsa_public), "pkcs8.pem");
        let (cert_pem, _) = make_certificate(&scratch, "pkcs8.pem");
        assert_same_public(&scratch, &format!("RSA-{bits} certificate"), &import_one(&cert_pem), "pkcs8.pem");
    }
}

#[test]
fn ec_keys_from_openssl_import_in_every_form() {
    for (jose, openssl_name) in [("P-256", "prime256v1"), ("P-384", "secp384r1"), ("P-521", "secp521r1")] {
        let scratch = Scratch::new("import-ec");
        scratch.openssl(&["genpkey", "-algorithm", "EC", "-pkeyopt", &format!("ec_paramgen_curve:{jose}"), "-out", "pkcs8.pem"]);
        check_common_forms(&scratch, jose);

        // SEC1, as `openssl ec` writes it from the same key.
        scratch.openssl(&["ec", "-in", "pkcs8.pem", "-out", "sec1.pem"]);
        let sec1 = scratch.read_string("sec1.pem");
        assert!(sec1.starts_with("-----BEGIN EC PRIVATE KEY-----"), "{sec1}");
        assert_same_private(&scratch, &format!("{jose} SEC1 PEM"), &import_one(&sec1), "pkcs8.pem");
        let sec1_der = scratch.openssl(&["ec", "-in", "pkcs8.pem", "-outform", "DER"]);
        assert_same_private(&scratch, &format!("{jose} SEC1 DER"), &import_one_der(&sec1_der), "pkcs8.pem");

        // SEC1 storing its public point compressed (`-conv_form compressed`).
        let compressed = scratch.openssl_text(&["ec", "-in", "pkcs8.pem", "-conv_form", "compressed"]);
        assert_same_private(&scratch, &format!("{jose} SEC1 compressed point"), &import_one(&compressed), "pkcs8.pem");
        let compressed_spki = scratch.openssl_text(&["ec", "-in", "pkcs8.pem", "-pubout", "-conv_form", "compressed"]);
        assert_same_public(&scratch, &format!("{jose} compressed SPKI"), &import_one(&compressed_spki), "pkcs8.pem");

        // `openssl ecparam -genkey` writes an EC PARAMETERS block before the key; -noout omits it.
        scratch.openssl(&["ecparam", "-genkey", "-name", openssl_name, "-out", "ecparam.pem"]);
        let with_params = scratch.read_string("ecparam.pem");
        assert!(with_params.starts_with("-----BEGIN EC PARAMETERS-----"), "{with_params}");
        assert_same_private(&scratch, &format!("{jose} ecparam -genkey"), &import_one(&with_params), "ecparam.pem");
        scratch.openssl(&["ecparam", "-genkey", "-noout", "-name", openssl_name, "-out", "noout.pem"]);
        let noout = scratch.read_string("noout.pem");
        assert!(noout.starts_with("-----BEGIN EC PRIVATE KEY-----"), "{noout}");
        assert_same_private(&scratch, &format!("{jose} ecparam -genkey -noout"), &import_one(&noout), "noout.pem");
    }
}

#[test]
fn ed25519_keys_from_openssl_import_in_every_form() {
    let scratch = Scratch::new("import-ed25519");
    scratch.openssl(&["genpkey", "-algorithm", "ED25519", "-out", "pkcs8.pem"]);
    check_common_forms(&scratch, "Ed25519");
}

#[test]
fn imported_keys_sign_what_openssl_verifies() {
    // An imported openssl key is usable, not only parseable: sign with it, verify with openssl.
    let scratch = Scratch::new("import-sign");
    scratch.openssl(&["ecparam", "-genkey", "-name", "prime256v1", "-noout", "-out", "key.pem"]);
    scratch.openssl(&["pkey", "-in", "key.pem", "-pubout", "-out", "public.pem"]);
    let key = import_one(&scratch.read_string("key.pem"));
    let message = b"pkjwt imported key";
    let signature = pkjwt_core::crypto::sign(key.private_key().expect("private"), pkjwt_core::Alg::ES256, message)
        .expect("sign");
    let der = p256::ecdsa::Signature::from_slice(&signature).expect("r||s").to_der();
    scratch.write("message", message);
    scratch.write("signature.der", der.as_bytes());
    let verified = scratch.openssl_text(&["dgst", "-sha256", "-verify", "public.pem", "-signature", "signature.der", "message"]);
    assert_eq!(verified.trim(), "Verified OK");
}
