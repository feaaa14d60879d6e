//! Malformed input gets the right error code and a message that says what is wrong and
//! where. Each case names the code and phrases the message must contain.
mod common;

use common::*;
use pkjwt_core::key::import::{import_der, import_text};
use pkjwt_core::key::{export, KeyKind};
use pkjwt_core::Key;
use serde_json::{json, Value};

struct Case {
    name: String,
    input: String,
    code: &'static str,
    phrases: Vec<String>,
}

fn case(name: impl Into<String>, input: impl Into<String>, code: &'static str, phrases: &[&str]) -> Case {
    Case { name: name.into(), input: input.into(), code, phrases: phrases.iter().map(|p| (*p).to_owned()).collect() }
}

fn run(cases: Vec<Case>) {
    let mut failures = Vec::new();
    for case in cases {
        match import_text(&case.input) {
            Ok(imported) => failures.push(format!("{}: imported {} key(s), expected {}", case.name, imported.candidates.len(), case.code)),
            Err(error) => {
                let message = error.to_string();
                eprintln!("{:<40} {:<26} {message}", case.name, error.code());
                if error.code() != case.code {
                    failures.push(format!("{}: code {} (expected {}): {message}", case.name, error.code(), case.code));
                }
                for phrase in &case.phrases {
                    if !message.contains(phrase.as_str()) {
                        failures.push(format!("{}: message lacks {phrase:?}: {message}", case.name));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// RFC 7520 §3.4's RSA private key: a well-formed JWK to break one member at a time.
fn rsa_jwk() -> Value {
    json!({
        "kty": "RSA",
        "n": "n4EPtAOCc9AlkeQHPzHStgAbgs7bTZLwUBZdR8_KuKPEHLd4rHVTeT-O-XV2jRojdNhxJWTDvNd7nqQ0VEiZQHz_AJmSCpMaJMRBSFKrKb2wqVwGU_NsYOYL-QtiWN2lbzcEe6XC0dApr5ydQLrHqkHHig3RBordaZ6Aj-oBHqFEHYpPe7Tpe-OfVfHd1E6cS6M1FZcD1NNLYD5lFHpPI9bTwJlsde3uhGqC0ZCuEHg8lhzwOHrtIQbS0FVbb9k3-tVTU4fg_3L_vniUFAKwuCLqKnS2BYwdq_mzSnbLY7h_qixoR7jig3__kRhuaxwUkRz5iaiQkqgc5gHdrNP5zw",
        "e": "AQAB",
        "d": "bWUC9B-EFRIo8kpGfh0ZuyGPvMNKvYWNtB_ikiH9k20eT-O1q_I78eiZkpXxXQ0UTEs2LsNRS-8uJbvQ-A1irkwMSMkK1J3XTGgdrhCku9gRldY7sNA_AKZGh-Q661_42rINLRCe8W-nZ34ui_qOfkLnK9QWDDqpaIsA-bMwWWSDFu2MUBYwkHTMEzLYGqOe04noqeq1hExBTHBOBdkMXiuFhUq1BU6l-DqEiWxqg82sXt2h-LMnT3046AOYJoRioz75tSUQfGCshWTBnP5uDjd18kKhyv07lhfSJdrPdM5Plyl21hsFf4L_mHCuoFau7gdsPfHPxxjVOcOpBrQzwQ",
        "p": "3Slxg_DwTXJcb6095RoXygQCAZ5RnAvZlno1yhHtnUex_fp7AZ_9nRaO7HX_-SFfGQeutao2TDjDAWU4Vupk8rw9JR0AzZ0N2fvuIAmr_WCsmGpeNqQnev1T7IyEsnh8UMt-n5CafhkikzhEsrmndH6LxOrvRJlsPp6Zv8bUq0k",
        "q": "uKE2dh-cTf6ERF4k4e_jy78GfPYUIaUyoSSJuBzp3Cubk3OCqs6grT8bR_cu0Dm1MZwWmtdqDyI95HrUeq3MP15vMMON8lHTeZu2lmKvwqW7anV5UzhM1iZ7z4yMkuUwFWoBvyY898EXvRD-hdqRxHlSqAZ192zB3pVFJ0s7pFc"
    })
}

/// The private JWK of the generated key of `kind`, as a JSON value.
fn ec_jwk(kind: KeyKind) -> Value {
    let key = Key::from_private(generated(kind).clone());
    serde_json::from_str(&pkjwt_core::key::export::private_jwk(&key).expect("private")).expect("JSON")
}

fn with(mut jwk: Value, member: &str, value: Value) -> String {
    jwk[member] = value;
    jwk.to_string()
}

/// The JWK without its private members.
fn public(mut jwk: Value) -> Value {
    for member in ["d", "p", "q", "dp", "dq", "qi"] {
        jwk.as_object_mut().expect("object").remove(member);
    }
    jwk
}

fn without(mut jwk: Value, member: &str) -> String {
    jwk.as_object_mut().expect("object").remove(member);
    jwk.to_string()
}

#[test]
fn input_shape_errors() {
    let deep_objects = format!("{}1{}", r#"{"a":"#.repeat(50), "}".repeat(50));
    let deep_arrays = format!("{}{}", "[".repeat(50), "]".repeat(50));
    run(vec![
        case("empty", "", "KEY_EMPTY", &["Nothing to import"]),
        case("whitespace", " \n\t\r\n ", "KEY_EMPTY", &["Nothing to import"]),
        case("byte order mark only", "\u{feff}", "KEY_EMPTY", &[]),
        case("300 KB", "A".repeat(300 * 1024), "KEY_TOO_LARGE", &["307200 bytes", "at most 262144 bytes"]),
        case("JWT", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl", "KEY_IS_JWT", &["JWT"]),
        case("plain words", "my private key", "KEY_UNRECOGNIZED", &["not a key"]),
        case("control characters", "\u{0}\u{1}\u{7f}", "KEY_UNRECOGNIZED", &[]),
        case("JSON syntax", "{\n  \"kty\": \"EC\"\n  \"crv\": \"P-256\"\n}", "JSON_SYNTAX", &["line 3, column 3", "expected `,` or `}`"]),
        case("JSON truncated", "{\"kty\": \"EC\", \"crv\": ", "JSON_SYNTAX", &["line 1, column 20", "the text ends in the middle of a value"]),
        case("JSON cut off", "{\"kty\": \"EC\"", "JSON_SYNTAX", &["line 1, column 12", "the text ends in the middle of an object"]),
        case("bare base64 nonsense", "QUFB".repeat(20), "DER_INVALID", &["The pasted base64 text cannot be read", "neither PKCS#8"]),
        case("short base64", "SGVsbG8gd29ybGQ=", "KEY_UNRECOGNIZED", &[]),
        case("JSON control character", "{\"kty\": \"E\u{1}C\"}", "JSON_SYNTAX", &["line 1, column 11", "control character"]),
        case("JSON array", r#"[{"kty":"EC"}]"#, "JSON_ARRAY", &["is an array", r#"{"keys": […]}"#]),
        case("empty object", "{}", "JSON_NOT_A_KEY", &["kty", "keys"]),
        case("object without kty or keys", r#"{"n": "AQAB"}"#, "JSON_NOT_A_KEY", &["kty", "keys"]),
        case("50-deep objects", deep_objects, "JSON_NOT_A_KEY", &[]),
        case("50-deep arrays", deep_arrays, "JSON_ARRAY", &["is an array"]),
        case("10000-deep arrays", format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)), "JSON_SYNTAX", &["nested", "128"]),
        case("10000-deep objects", format!("{}1{}", r#"{"a":"#.repeat(10_000), "}".repeat(10_000)), "JSON_SYNTAX", &["nested", "128"]),
        case("10000 opening brackets", "[".repeat(10_000), "JSON_SYNTAX", &["nested"]),
        case("deep member", format!(r#"{{"kty":"EC","crv":"P-256","x":{}{}}}"#, "[".repeat(50), "]".repeat(50)), "JWK_INVALID_MEMBER", &[r#""x" must be a string, not an array"#]),
    ]);
}

#[test]
fn jwk_member_errors() {
    let p256 = ec_jwk(KeyKind::P256);
    let p384 = ec_jwk(KeyKind::P384);
    let ed25519 = ec_jwk(KeyKind::Ed25519);
    // Bytes whose base64url has '-' and '_', written in the standard alphabet instead.
    let standard_alphabet = b64url(&[0xfb; 32]).replace('-', "+").replace('_', "/");
    assert!(standard_alphabet.contains('+') || standard_alphabet.contains('/'));
    let short_x = b64url(&[1; 31]);
    let off_curve = b64url(&[1; 32]);
    let mut mismatched_d = p256.clone();
    mismatched_d["d"] = ec_jwk_d_of_another_p256();
    run(vec![
        case("RSA without n", without(rsa_jwk(), "n"), "JWK_MISSING_MEMBER", &[r#"missing member "n""#, "modulus"]),
        case("RSA without e", without(rsa_jwk(), "e"), "JWK_MISSING_MEMBER", &[r#"missing member "e""#, "exponent"]),
        case("RSA d without p", without(rsa_jwk(), "p"), "JWK_MISSING_MEMBER", &[r#"missing member "p""#, "primes"]),
        case("RSA d without q", without(rsa_jwk(), "q"), "JWK_MISSING_MEMBER", &[r#"missing member "q""#, "primes"]),
        case("RSA d not matching", with(rsa_jwk(), "d", json!(b64url(&[7; 256]))), "KEY_INCONSISTENT", &[r#"the private exponent ("d") does not match"#]),
        case("RSA p not matching", with(rsa_jwk(), "p", json!(b64url(&[0xc1; 128]))), "KEY_INCONSISTENT", &[r#"the primes ("p", "q") do not multiply to the modulus ("n")"#]),
        case("RSA p zero", with(rsa_jwk(), "p", json!("AA")), "KEY_INCONSISTENT", &["must be larger than 1"]),
        case("RSA p one", with(rsa_jwk(), "p", json!("AQ")), "KEY_INCONSISTENT", &["must be larger than 1"]),
        case("RSA 512-bit n", with(public(rsa_jwk()), "n", json!(b64url(&[0xc3; 64]))), "RSA_SIZE", &["512 bits", "1024 to 8192"]),
        case("RSA even e", with(public(rsa_jwk()), "e", json!("AQAA")), "KEY_INCONSISTENT", &[r#"the public exponent ("e") must be odd"#]),
        case("RSA multi-prime", with(rsa_jwk(), "oth", json!([])), "JWK_INVALID_MEMBER", &[r#""oth""#, "multi-prime"]),
        case("EC without crv", without(p256.clone(), "crv"), "JWK_MISSING_MEMBER", &[r#"missing member "crv""#]),
        case("EC without x", without(p256.clone(), "x"), "JWK_MISSING_MEMBER", &[r#"missing member "x""#]),
        case("EC without y", without(p256.clone(), "y"), "JWK_MISSING_MEMBER", &[r#"missing member "y""#]),
        case("EC x 31 bytes", with(p256.clone(), "x", json!(short_x)), "JWK_INVALID_MEMBER", &[r#""x" must be 32 bytes for P-256, but is 31 bytes"#]),
        case("EC d 31 bytes", with(p256.clone(), "d", json!(short_x)), "JWK_INVALID_MEMBER", &[r#""d" must be 32 bytes for P-256, but is 31 bytes"#]),
        case("EC point not on curve", with(public(p256.clone()), "x", json!(off_curve)), "KEY_INCONSISTENT", &[r#"members "x" and "y" are not a point on P-256"#]),
        case("EC P-384 coordinates as P-256", with(p384.clone(), "crv", json!("P-256")), "JWK_INVALID_MEMBER", &["must be 32 bytes for P-256, but is 48 bytes"]),
        case("EC d of another key", mismatched_d.to_string(), "KEY_INCONSISTENT", &[r#""d" does not belong"#]),
        case("EC d zero", with(p256.clone(), "d", json!(b64url(&[0; 32]))), "JWK_INVALID_MEMBER", &[r#""d" is not a valid P-256 private scalar"#]),
        case("Ed25519 d of another key", with(ed25519.clone(), "d", json!(b64url(&[9; 32]))), "KEY_INCONSISTENT", &[r#""d" does not belong"#]),
        case("Ed25519 x 33 bytes", with(ed25519.clone(), "x", json!(b64url(&[9; 33]))), "JWK_INVALID_MEMBER", &[r#""x" must be 32 bytes for Ed25519, but is 33 bytes"#]),
        case("kty oct", r#"{"kty":"oct","k":"c2VjcmV0"}"#, "JWK_SYMMETRIC", &["client_secret_jwt"]),
        case("kty foo", r#"{"kty":"foo"}"#, "JWK_UNSUPPORTED_KTY", &[r#""foo" is not supported"#]),
        case("kty number", r#"{"kty":1}"#, "JWK_INVALID_MEMBER", &[r#""kty" must be a string, not a number"#]),
        case("crv P-192", with(p256.clone(), "crv", json!("P-192")), "KEY_UNSUPPORTED_CURVE", &["curve P-192 is not supported"]),
        case("OKP X25519", with(ed25519.clone(), "crv", json!("X25519")), "KEY_UNSUPPORTED_CURVE", &["curve X25519 is not supported"]),
        case("standard base64 x", with(p256.clone(), "x", json!(standard_alphabet)), "JWK_INVALID_MEMBER", &[r#""x""#, "standard base64 alphabet"]),
        case("not base64 at all", with(p256.clone(), "y", json!("#$%")), "JWK_INVALID_MEMBER", &[r#""y" is not valid base64url"#]),
        case("empty member", with(p256.clone(), "x", json!("")), "JWK_INVALID_MEMBER", &[r#""x" is empty"#]),
        case("number member", with(p256.clone(), "x", json!(12345)), "JWK_INVALID_MEMBER", &[r#""x" must be a string, not a number"#]),
        case("null member", with(p256.clone(), "d", Value::Null), "JWK_INVALID_MEMBER", &[r#""d" must be a string, not null"#]),
        case("use enc", with(p256.clone(), "use", json!("enc")), "JWK_INVALID_MEMBER", &[r#""use""#, r#""enc""#]),
        case("alg HS256", with(p256.clone(), "alg", json!("HS256")), "JWK_INVALID_MEMBER", &[r#""alg""#, "HS256"]),
        case("alg of another family", with(p256.clone(), "alg", json!("RS256")), "JWK_INVALID_MEMBER", &["RS256", "an RSA key", "EC P-256"]),
        case("x5c not an array", with(p256.clone(), "x5c", json!("MIIB")), "JWK_INVALID_MEMBER", &[r#""x5c" must be an array"#]),
        case("x5c not base64", with(p256.clone(), "x5c", json!(["not base64!"])), "JWK_INVALID_MEMBER", &[r#""x5c""#, "entry 0"]),
        case("x5c not a certificate", with(p256.clone(), "x5c", json!(["MAMCAQA="])), "JWK_INVALID_MEMBER", &[r#"JWK member "x5c" holds no readable certificate: unexpected ASN.1 DER tag: expected SEQUENCE, got INTEGER (at byte 2)."#]),
    ]);
}

fn ec_jwk_d_of_another_p256() -> Value {
    let other = pkjwt_core::crypto::generate(KeyKind::P256).expect("generate");
    let jwk: Value = serde_json::from_str(&pkjwt_core::key::export::private_jwk(&Key::from_private(other)).expect("private")).expect("JSON");
    jwk["d"].clone()
}

#[test]
fn jwks_errors_and_partial_success() {
    let good = pkjwt_core::key::export::public_jwk(&Key::from_private(generated(KeyKind::P256).clone()));
    run(vec![
        case("keys not an array", r#"{"keys": {"kty": "EC"}}"#, "JWKS_NOT_ARRAY", &[r#""keys""#, "array"]),
        case("keys empty", r#"{"keys": []}"#, "JWKS_EMPTY", &["no keys"]),
        case("only bad keys", r#"{"keys": [{"kty": "oct", "k": "AA"}, {"kty": "EC"}]}"#, "JWKS_NO_USABLE_KEY", &["keys[0]: ", "client_secret_jwt"]),
        case("entry not an object", r#"{"keys": ["abc"]}"#, "JWKS_NO_USABLE_KEY", &["keys[0]: ", "must be a JSON object, not a string"]),
    ]);

    let text = format!(r#"{{"keys": [{good}, {{"kty": "EC", "crv": "P-256"}}]}}"#);
    let imported = import_text(&text).expect("the good key is picked");
    assert_eq!(imported.candidates.len(), 1);
    assert!(imported.candidates[0].label.starts_with("keys[0] · EC P-256"), "{}", imported.candidates[0].label);
    assert_eq!(imported.skipped.len(), 1);
    assert_eq!(imported.skipped[0].code(), "JWK_MISSING_MEMBER");
    assert_eq!(
        imported.skipped[0].to_string(),
        r#"keys[1]: JWK is missing member "x" (a coordinate of the EC public point)."#
    );
}

#[test]
fn pem_errors() {
    let scratch = Scratch::new("errors-pem");
    scratch.openssl(&["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024", "-out", "rsa.pem"]);
    let pkcs8 = scratch.read_string("rsa.pem");
    let body = pem_body(&pkcs8);
    let half = &body[..(body.len() / 2) / 4 * 4];
    let odd = &body[..body.len() / 2 / 4 * 4 + 1];
    let encrypted_pkcs8 = scratch.openssl_text(&["pkcs8", "-topk8", "-v2", "aes256", "-passout", "pass:x", "-in", "rsa.pem"]);
    let encrypted_pkcs1 = scratch.openssl_text(&["rsa", "-in", "rsa.pem", "-aes256", "-traditional", "-passout", "pass:x"]);
    scratch.openssl(&["genrsa", "-out", "small.pem", "512"]);
    scratch.openssl(&["ecparam", "-genkey", "-noout", "-name", "prime256v1", "-out", "p256.pem"]);
    let explicit = scratch.openssl_text(&["ec", "-in", "p256.pem", "-param_enc", "explicit"]);
    let explicit_spki = scratch.openssl_text(&["ec", "-in", "p256.pem", "-param_enc", "explicit", "-pubout"]);
    scratch.write("explicit.pem", &explicit);
    let explicit_pkcs8 = scratch.openssl_text(&["pkcs8", "-topk8", "-nocrypt", "-in", "explicit.pem"]);
    let block = |label: &str, body: &str| format!("-----BEGIN {label}-----\n{body}\n-----END {label}-----\n");
    run(vec![
        case("no END line", format!("-----BEGIN PRIVATE KEY-----\n{body}\n"), "PEM_TRUNCATED", &["PEM block is truncated", "\"PRIVATE KEY\" begins at line 1"]),
        case("second BEGIN before END", format!("-----BEGIN PRIVATE KEY-----\n{half}\n{pkcs8}"), "PEM_TRUNCATED", &["PEM block is truncated"]),
        case("END without BEGIN", format!("{body}\n-----END PRIVATE KEY-----\n"), "PEM_BODY", &["without its -----BEGIN"]),
        case("mismatched labels", format!("-----BEGIN PRIVATE KEY-----\n{body}\n-----END PUBLIC KEY-----\n"), "PEM_MISMATCHED_LABELS", &["\"PRIVATE KEY\"", "\"PUBLIC KEY\""]),
        case("garbage characters", block("PRIVATE KEY", "MIIB!!!!"), "PEM_BODY", &["line 2", "'!'"]),
        case("control character in body", block("PRIVATE KEY", "MIIB\u{7}AAA"), "PEM_BODY", &["line 2", "U+0007"]),
        case("empty body", block("PRIVATE KEY", ""), "PEM_BODY", &["no content"]),
        case("base64 of the wrong length", block("PRIVATE KEY", odd), "PEM_BODY", &["does not decode"]),
        case("truncated DER", block("PRIVATE KEY", half), "DER_INVALID", &["PKCS#8 private key cannot be read", "part of it is missing"]),
        case("base64 of nonsense", block("PRIVATE KEY", "AAAAAAAA"), "DER_INVALID", &["PKCS#8 private key"]),
        case("encrypted PKCS#8", encrypted_pkcs8, "PEM_ENCRYPTED", &["\"ENCRYPTED PRIVATE KEY\" is encrypted", "openssl pkey"]),
        case("legacy encrypted PKCS#1", encrypted_pkcs1, "PEM_ENCRYPTED", &["\"RSA PRIVATE KEY\" is encrypted", "openssl pkey"]),
        case("OpenSSH key", block("OPENSSH PRIVATE KEY", "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ=="), "PEM_UNSUPPORTED_LABEL", &["OPENSSH PRIVATE KEY", "ssh-keygen"]),
        case("certificate request", block("CERTIFICATE REQUEST", "MIIB"), "PEM_UNSUPPORTED_LABEL", &["signing request"]),
        case("unknown label", block("FOO", "MIIB"), "PEM_UNSUPPORTED_LABEL", &["\"FOO\"", "PRIVATE KEY"]),
        case("EC parameters only", scratch.openssl_text(&["ecparam", "-name", "prime256v1"]), "PEM_UNSUPPORTED_LABEL", &["\"EC PARAMETERS\"", "holds no key"]),
        case("PKCS#8 under a PKCS#1 label", pkcs8.replace("PRIVATE KEY", "RSA PRIVATE KEY"), "DER_INVALID", &["PKCS#1 RSA private key"]),
        case("RSA 512", scratch.read_string("small.pem"), "RSA_SIZE", &["512 bits", "1024 to 8192"]),
        case("EC explicit parameters", explicit, "KEY_EXPLICIT_CURVE", &["named curves only", "-param_enc named_curve"]),
        case("EC explicit parameters PKCS#8", explicit_pkcs8, "KEY_EXPLICIT_CURVE", &["named curves only"]),
        case("EC explicit parameters SPKI", explicit_spki, "KEY_EXPLICIT_CURVE", &["named curves only"]),
    ]);
}

#[test]
fn unsupported_curves_and_algorithms_from_openssl() {
    let scratch = Scratch::new("errors-curves");
    let mut cases = Vec::new();
    for (openssl_name, ours) in [("prime192v1", "P-192"), ("secp256k1", "secp256k1"), ("secp224r1", "P-224"), ("brainpoolP256r1", "brainpoolP256r1")] {
        scratch.openssl(&["ecparam", "-genkey", "-name", openssl_name, "-out", "sec1.pem"]);
        scratch.openssl(&["pkey", "-in", "sec1.pem", "-out", "pkcs8.pem"]);
        scratch.openssl(&["pkey", "-in", "sec1.pem", "-pubout", "-out", "spki.pem"]);
        scratch.openssl(&["req", "-x509", "-new", "-key", "sec1.pem", "-subj", "/CN=x", "-days", "1", "-out", "cert.pem"]);
        let phrase = format!("curve {ours} is not supported");
        for (form, file) in [("SEC1", "sec1.pem"), ("PKCS#8", "pkcs8.pem"), ("SPKI", "spki.pem"), ("certificate", "cert.pem")] {
            cases.push(case(
                format!("{ours} {form}"),
                scratch.read_string(file),
                "KEY_UNSUPPORTED_CURVE",
                &[&phrase, "P-256, P-384, P-521 or Ed25519"],
            ));
        }
    }
    for (algorithm, name) in [("ED448", "Ed448"), ("X25519", "X25519")] {
        scratch.openssl(&["genpkey", "-algorithm", algorithm, "-out", "key.pem"]);
        cases.push(case(format!("{name} PKCS#8"), scratch.read_string("key.pem"), "KEY_UNSUPPORTED_ALGORITHM", &[name]));
    }
    run(cases);
}

#[test]
fn der_file_errors() {
    for (name, der, code) in [
        ("empty file", Vec::new(), "DER_INVALID"),
        ("text file", b"hello world".to_vec(), "DER_INVALID"),
        ("zeros", vec![0; 64], "DER_INVALID"),
        ("oversized", vec![0x30; 300 * 1024], "KEY_TOO_LARGE"),
    ] {
        let error = import_der(&der).expect_err(name);
        eprintln!("{name:<40} {:<26} {error}", error.code());
        assert_eq!(error.code(), code, "{name}: {error}");
    }
}

#[test]
fn public_only_keys_explain_why_they_cannot_sign() {
    let key = Key::from_private(generated(KeyKind::P256).clone());
    let public = import_one(&export::public_pem(&key).expect("encode"));
    let error = public.private_key().expect_err("public only");
    assert_eq!(error.code(), "KEY_NOT_PRIVATE");
    assert!(error.to_string().contains("signing needs the private key"));
}

#[test]
fn the_explicit_curve_hint_works() {
    // The message tells the user to run `openssl ec -param_enc named_curve`; doing so must
    // give a key pkjwt reads, the same key.
    let scratch = Scratch::new("errors-explicit");
    scratch.openssl(&["ecparam", "-genkey", "-noout", "-name", "secp384r1", "-out", "named.pem"]);
    scratch.openssl(&["ec", "-in", "named.pem", "-param_enc", "explicit", "-out", "key.pem"]);
    let error = import_text(&scratch.read_string("key.pem")).expect_err("explicit parameters");
    assert_eq!(error.code(), "KEY_EXPLICIT_CURVE");
    assert!(error.to_string().contains("`openssl ec -in key.pem -param_enc named_curve -out named.pem`"), "{error}");
    scratch.openssl(&["ec", "-in", "key.pem", "-param_enc", "named_curve", "-out", "named.pem"]);
    let key = import_one(&scratch.read_string("named.pem"));
    let expected = scratch.openssl_text(&["pkey", "-in", "key.pem", "-pubout", "-ec_param_enc", "named_curve"]);
    assert_eq!(export::public_pem(&key).expect("encode"), expected);
}

#[test]
fn google_service_account_key_files_import_with_kid_and_client_id() {
    let private = pkjwt_core::crypto::generate(pkjwt_core::key::KeyKind::Rsa2048).unwrap_or_else(|e| panic!("{e}"));
    let key = pkjwt_core::Key::from_private(private);
    let pem = pkjwt_core::key::export::private_pem(&key).ok().flatten().map(|p| p.to_string()).unwrap_or_default();
    let file = serde_json::json!({
        "type": "service_account",
        "project_id": "demo",
        "private_key_id": "0123456789abcdef",
        "private_key": pem,
        "client_email": "robot@demo.iam.gserviceaccount.com",
        "token_uri": "https://oauth2.googleapis.com/token",
    });
    let imported = pkjwt_core::key::import::import_text(&file.to_string()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(imported.client_id.as_deref(), Some("robot@demo.iam.gserviceaccount.com"));
    assert_eq!(imported.candidates.len(), 1);
    assert_eq!(imported.candidates[0].key.kid(), "0123456789abcdef");
    assert_eq!(imported.candidates[0].key.thumbprint(), key.thumbprint());
    let broken = serde_json::json!({"type": "service_account", "client_email": "x"});
    let error = pkjwt_core::key::import::import_text(&broken.to_string()).err();
    assert_eq!(error.as_ref().map(|e| e.code()), Some("KEY_SERVICE_ACCOUNT"));
    assert!(error.map(|e| e.to_string()).unwrap_or_default().contains("private_key"));
}
