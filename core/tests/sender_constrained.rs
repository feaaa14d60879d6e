//! DPoP proofs and mTLS commands, checked by independent implementations: Python's
//! `cryptography` verifies every proof from the key in its own header, as a server does;
//! bash and dash with a stub curl receive exactly our arguments; the real curl puts exactly
//! our headers on the wire.
mod common;

use common::generated;
use pkjwt_core::assertion::Stamp;
use pkjwt_core::dpop::{self, DpopAlg, ProofTarget};
use pkjwt_core::request::{build_request, ClientAuth, ClientCertificate, Grant, RequestSettings, TokenRequest, TokenScheme};
use pkjwt_core::shell::{curl_argv, render_curl, render_http, render_powershell};
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Verifies a compact DPoP proof with the JWK of its own header (RFC 9449 §4.3 steps 5–8),
/// then checks its claims against the request: argv = proof, htm, htu, access token or "".
const PYTHON_VERIFIER: &str = r#"
import base64, hashlib, json, sys
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

def b64(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))

def num(text):
    return int.from_bytes(b64(text), "big")

proof, htm, htu, token = sys.argv[1:5]
head, body, sig = proof.split(".")
header, claims, signature = json.loads(b64(head)), json.loads(b64(body)), b64(sig)
data = (head + "." + body).encode()
jwk, alg = header["jwk"], header["alg"]
assert header["typ"] == "dpop+jwt", header
assert set(jwk) <= {"kty", "crv", "x", "y", "n", "e"}, jwk
if jwk["kty"] == "EC":
    curve, digest = {"P-256": (ec.SECP256R1(), hashes.SHA256()), "P-384": (ec.SECP384R1(), hashes.SHA384()), "P-521": (ec.SECP521R1(), hashes.SHA512())}[jwk["crv"]]
    key = ec.EllipticCurvePublicNumbers(num(jwk["x"]), num(jwk["y"]), curve).public_key()
    half = len(signature) // 2
    der = encode_dss_signature(int.from_bytes(signature[:half], "big"), int.from_bytes(signature[half:], "big"))
    key.verify(der, data, ec.ECDSA(digest))
elif jwk["kty"] == "RSA":
    key = rsa.RSAPublicNumbers(num(jwk["e"]), num(jwk["n"])).public_key()
    pad = padding.PKCS1v15() if alg == "RS256" else padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32)
    key.verify(signature, data, pad, hashes.SHA256())
else:
    ed25519.Ed25519PublicKey.from_public_bytes(b64(jwk["x"])).verify(signature, data)
assert claims["htm"] == htm and claims["htu"] == htu, claims
assert isinstance(claims["iat"], int) and len(claims["jti"]) >= 16, claims
if token:
    expected = base64.urlsafe_b64encode(hashlib.sha256(token.encode()).digest()).rstrip(b"=").decode()
    assert claims["ath"] == expected, claims
else:
    assert "ath" not in claims, claims
print("verified " + alg)
"#;

fn python_verifies(proof: &str, target: &ProofTarget, token: &str) -> String {
    let output = Command::new("python3").arg("-c").arg(PYTHON_VERIFIER).args([proof, &target.htm, &target.htu, token]).output();
    let output = output.unwrap_or_else(|e| panic!("python3 is required for this test: {e}"));
    assert!(output.status.success(), "python refused the proof: {}\n{proof}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

/// Signs the proof for `request` with a RustCrypto key of `alg`'s kind, as the page's worker would.
fn signed_proof(alg: DpopAlg, request: &TokenRequest, nonce: Option<&str>) -> String {
    let private = generated(alg.key_kind());
    let target = ProofTarget::of(request);
    let stamp = Stamp::fresh(1_700_000_000);
    let unsigned = dpop::unsigned_proof(alg.alg(), &private.public_key(), &target, nonce, stamp).unwrap_or_else(|e| panic!("{e}"));
    let signature = pkjwt_core::crypto::sign(private, alg.alg(), unsigned.signing_input().as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    unsigned.finish(&signature)
}

#[test]
fn python_verifies_a_proof_of_every_dpop_alg_for_a_token_and_a_resource_request() {
    let token_request = TokenRequest::form_post(
        pkjwt_core::endpoint::Endpoint::parse("https://AS.example:443/token?tenant=1").unwrap_or_else(|e| panic!("{e}")),
        vec![("grant_type".into(), "client_credentials".into())],
    );
    let access_token = "Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU";
    let resource = TokenRequest::resource_get("https://api.example/v1/items?page=2", access_token, TokenScheme::Dpop).unwrap_or_else(|e| panic!("{e}"));
    for alg in DpopAlg::ALL {
        let proof = signed_proof(alg, &token_request, Some("server-nonce"));
        let target = ProofTarget::of(&token_request);
        assert_eq!(target.htu, "https://as.example/token");
        assert_eq!(python_verifies(&proof, &target, ""), format!("verified {}", alg.id()));
        let proof = signed_proof(alg, &resource, None);
        assert_eq!(python_verifies(&proof, &ProofTarget::of(&resource), access_token), format!("verified {}", alg.id()));
    }
}

#[test]
fn python_refuses_a_proof_whose_signature_or_claims_were_changed() {
    // The verifier above can fail: a proof for another URL, or with one signature byte flipped.
    let request = TokenRequest::resource_get("https://api.example/v1", "t", TokenScheme::Dpop).unwrap_or_else(|e| panic!("{e}"));
    let proof = signed_proof(DpopAlg::ES256, &request, None);
    let other = ProofTarget { htu: "https://api.example/v2".into(), ..ProofTarget::of(&request) };
    let run = |proof: &str, target: &ProofTarget| {
        Command::new("python3").arg("-c").arg(PYTHON_VERIFIER).args([proof, &target.htm, &target.htu, "t"]).output().map(|o| o.status.success())
    };
    assert_eq!(run(&proof, &other).ok(), Some(false));
    let (input, signature) = proof.rsplit_once('.').unwrap_or_default();
    let mut bytes = common::b64url_decode(signature);
    bytes[3] ^= 1;
    let tampered = format!("{input}.{}", common::b64url(&bytes));
    assert_eq!(run(&tampered, &ProofTarget::of(&request)).ok(), Some(false));
    assert_eq!(run(&proof, &ProofTarget::of(&request)).ok(), Some(true));
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pkjwt-sender-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("temp dir: {e}"));
    dir
}

/// Runs `command` with a stub `curl` first on the PATH that records its arguments, NUL-separated.
fn stub_curl_arguments(shell: &str, dir: &Path, command: &str) -> Vec<String> {
    common::install_argument_recorder(dir);
    let out = dir.join("args.bin");
    let _ = std::fs::remove_file(&out);
    let path = format!("{}:{}", dir.display(), std::env::var("PATH").unwrap_or_default());
    let status = Command::new(shell).arg("-c").arg(command).current_dir(dir).env("PATH", path).env("ARGS_OUT", &out).status();
    assert!(status.as_ref().is_ok_and(|s| s.success()), "{shell} failed: {status:?}\n{command}");
    let bytes = std::fs::read(&out).unwrap_or_else(|e| panic!("no arguments recorded: {e}"));
    bytes.split(|b| *b == 0).filter(|a| !a.is_empty()).map(|a| String::from_utf8_lossy(a).into_owned()).collect()
}

fn mtls_settings(auth: ClientAuth) -> RequestSettings {
    RequestSettings {
        endpoint: "https://mtls.as.example/token".into(),
        grant: Grant::ClientCredentials,
        client_auth: auth,
        client_id: "client-1".into(),
        client_secret: "never sent".into(),
        certificate_files: ClientCertificate::for_kid("Ab$(x)c_-9 z'long-kid-text"),
        ..RequestSettings::default()
    }
}

#[test]
fn mtls_requests_carry_client_id_only_and_the_commands_present_the_page_downloads() {
    for auth in [ClientAuth::TlsClientAuth, ClientAuth::SelfSignedTlsClientAuth] {
        let request = build_request(&mtls_settings(auth), Some("never.sent.assertion")).unwrap_or_else(|e| panic!("{e}"));
        let form: Vec<(&str, &str)> = request.form.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        assert_eq!(form, [("grant_type", "client_credentials"), ("client_id", "client-1")]);
        assert!(!request.headers.iter().any(|(n, _)| n == "Authorization"), "{:?}", request.headers);
        // The download names keep only letters, digits, '-' and '_' of the kid, 16 at most.
        let files = ClientCertificate { cert_file: "pkjwt-Abxc_-9zlong-kid-certificate.pem".into(), key_file: "pkjwt-Abxc_-9zlong-kid-private.pem".into() };
        assert_eq!(request.client_certificate, Some(files.clone()));
        let argv = curl_argv(&request);
        let at = argv.iter().position(|a| a == "--cert").unwrap_or_else(|| panic!("no --cert in {argv:?}"));
        assert_eq!(argv[at..at + 4], ["--cert".to_owned(), files.cert_file.clone(), "--key".into(), files.key_file.clone()]);
        let command = render_curl(&request).unwrap_or_else(|e| panic!("{e}"));
        assert!(command.contains(&format!("\\\n  --cert {} \\\n  --key {}", files.cert_file, files.key_file)), "{command}");
        let dir = temp_dir("mtls");
        for shell in ["bash", "dash"] {
            assert_eq!(stub_curl_arguments(shell, &dir, &command), argv[1..], "{shell}");
        }
        let http = render_http(&request);
        assert!(http.starts_with(&format!("# TLS presents the client certificate {} (private key {})\r\nPOST /token HTTP/1.1\r\n", files.cert_file, files.key_file)), "{http}");
        let powershell = render_powershell(&request);
        assert!(
            powershell.contains(&format!(
                "::CreateFromPemFile((Join-Path $PWD '{}'), (Join-Path $PWD '{}'))",
                files.cert_file, files.key_file
            )),
            "{powershell}"
        );
        assert!(powershell.trim_end().ends_with("-Body $body -Certificate $cert"), "{powershell}");
    }
    // Without mTLS nothing of it appears.
    let plain = build_request(&mtls_settings(ClientAuth::ClientSecretPost), None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(plain.client_certificate, None);
    assert!(!curl_argv(&plain).contains(&"--cert".to_owned()));
    assert!(!render_powershell(&plain).contains("$cert") && !render_http(&plain).starts_with('#'));
    // A certificate does not identify the client by itself: client_id is required (RFC 8705 §2).
    let anonymous = RequestSettings { client_id: " ".into(), ..mtls_settings(ClientAuth::TlsClientAuth) };
    assert_eq!(build_request(&anonymous, None).err().map(|e| e.code()), Some("REQUEST_CLIENT_ID"));
}

#[test]
fn a_dpop_header_reaches_curl_byte_for_byte_whatever_it_holds() {
    let dir = temp_dir("dpop-argv");
    let mut request = build_request(&mtls_settings(ClientAuth::None), None).unwrap_or_else(|e| panic!("{e}"));
    // The page only writes its own base64url proofs here; the quoting must hold for anything.
    for value in ["eyJ0eXAiOiJkcG9wK2p3dCJ9.e30.c2ln", "it's $(touch PWNED) `touch PWNED` \"q\" \\ ${HOME} !! é🔑", "-flag", "@/etc/passwd", "a\nb"] {
        dpop::with_proof(&mut request, value);
        let command = render_curl(&request).unwrap_or_else(|e| panic!("{e}"));
        for shell in ["bash", "dash"] {
            let received = stub_curl_arguments(shell, &dir, &command);
            assert_eq!(received, curl_argv(&request)[1..], "{shell}: {value:?}");
            assert!(received.contains(&format!("DPoP: {}", value.trim())), "{received:?}");
        }
        assert!(!dir.join("PWNED").exists(), "a value ran a command: {value:?}");
        assert!(render_powershell(&request).contains(&pkjwt_core::shell::powershell_quote(value.trim())));
    }
}

/// Reads one HTTP request head from `listener`, answers 200 `{}`, and returns the head.
fn accept_head(listener: TcpListener) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap_or_else(|e| panic!("accept: {e}"));
        let mut data = Vec::new();
        let mut buffer = [0u8; 65536];
        while !data.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = stream.read(&mut buffer).unwrap_or(0);
            if n == 0 {
                break;
            }
            data.extend_from_slice(&buffer[..n]);
        }
        let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
        String::from_utf8_lossy(&data).into_owned()
    })
}

#[test]
fn real_curl_sends_the_dpop_token_and_its_proof_and_python_accepts_what_arrived() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("bind: {e}"));
    let port = listener.local_addr().map(|a| a.port()).unwrap_or_default();
    let server = accept_head(listener);
    let token = "Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU";
    let mut request = TokenRequest::resource_get(&format!("http://127.0.0.1:{port}/api/items?x=1"), token, TokenScheme::Dpop).unwrap_or_else(|e| panic!("{e}"));
    let proof = signed_proof(DpopAlg::ES256, &request, Some("n0nce"));
    dpop::with_proof(&mut request, &proof);
    let command = render_curl(&request).unwrap_or_else(|e| panic!("{e}"));
    let output = Command::new("bash").arg("-c").arg(&command).output();
    assert!(output.as_ref().is_ok_and(|o| o.status.success()), "curl failed: {output:?}");
    let head = server.join().unwrap_or_else(|_| panic!("server thread"));
    assert!(head.starts_with("GET /api/items?x=1 HTTP/1.1\r\n"), "{head}");
    assert!(head.lines().any(|l| l == format!("Authorization: DPoP {token}")), "{head}");
    let arrived = head.lines().find_map(|l| l.strip_prefix("DPoP: ")).unwrap_or_else(|| panic!("no DPoP header: {head}"));
    let target = ProofTarget { htm: "GET".into(), htu: format!("http://127.0.0.1:{port}/api/items"), ath: None };
    assert_eq!(python_verifies(arrived, &target, token), "verified ES256");
}

#[test]
fn registration_bodies_carry_what_each_client_authentication_registers() {
    use pkjwt_core::key::{certificate::self_signed, export};
    use pkjwt_core::register::{registration_body, Registration};
    use pkjwt_core::x509::{random_serial, CertificateRequest};
    let mut key = pkjwt_core::Key::from_private(generated(pkjwt_core::KeyKind::P256).clone());
    let request = CertificateRequest { common_name: "pkjwt client, \"mTLS\"".into(), not_before: 1_700_000_000, validity_days: 30 };
    let certificate = self_signed(&key, &request, random_serial()).unwrap_or_else(|e| panic!("{e}"));
    key.set_certificate(certificate.clone()).unwrap_or_else(|e| panic!("{e}"));
    let jwks: serde_json::Value = serde_json::from_str(&export::public_jwks(&key)).unwrap_or_default();
    let base = Registration {
        client_name: "pkjwt",
        public_jwks: &jwks,
        alg: pkjwt_core::Alg::ES256,
        grant: Grant::ClientCredentials,
        redirect_uri: "",
        client_auth: ClientAuth::TlsClientAuth,
        certificate: Some(&certificate),
        dpop: true,
    };
    // openssl, not our own code, says what the subject is in RFC 4514 (RFC 2253) form.
    let scratch = common::Scratch::new("register-dn");
    scratch.write("cert.pem", certificate.pem());
    let subject = scratch.openssl_text(&["x509", "-in", "cert.pem", "-noout", "-subject", "-nameopt", "RFC2253"]);
    let subject = subject.trim().strip_prefix("subject=").unwrap_or_else(|| panic!("{subject}"));
    let tls = registration_body(&base).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(tls["token_endpoint_auth_method"], "tls_client_auth");
    assert_eq!(tls["tls_client_auth_subject_dn"], subject);
    assert_eq!(tls["tls_client_certificate_bound_access_tokens"], true);
    assert_eq!(tls["dpop_bound_access_tokens"], true);
    assert!(tls.get("token_endpoint_auth_signing_alg").is_none(), "{tls}");

    let self_signed_body = registration_body(&Registration { client_auth: ClientAuth::SelfSignedTlsClientAuth, dpop: false, ..base }).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(self_signed_body["token_endpoint_auth_method"], "self_signed_tls_client_auth");
    assert!(self_signed_body.get("tls_client_auth_subject_dn").is_none() && self_signed_body.get("dpop_bound_access_tokens").is_none());
    // The certificate in the JWK Set is openssl's DER of the PEM, in standard base64.
    let der = scratch.openssl(&["x509", "-in", "cert.pem", "-outform", "DER"]);
    let x5c = self_signed_body["jwks"]["keys"][0]["x5c"][0].as_str().unwrap_or_default();
    assert_eq!(<base64ct::Base64 as base64ct::Encoding>::decode_vec(x5c).unwrap_or_default(), der);
    assert_eq!(self_signed_body["jwks"]["keys"][0]["x5t#S256"], pkjwt_core::dpop::x5t_s256(&der));

    let jwt = registration_body(&Registration { client_auth: ClientAuth::PrivateKeyJwt, certificate: None, ..base }).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(jwt["token_endpoint_auth_signing_alg"], "ES256");
    assert_eq!(jwt["dpop_bound_access_tokens"], true);
    assert!(jwt.get("tls_client_certificate_bound_access_tokens").is_none());
    for auth in [ClientAuth::TlsClientAuth, ClientAuth::SelfSignedTlsClientAuth] {
        let refused = registration_body(&Registration { client_auth: auth, certificate: None, ..base });
        assert_eq!(refused.err().map(|e| e.code()), Some("REGISTER_CERTIFICATE_NEEDED"), "{auth:?}");
    }
}

/// A TLS server that requires a client certificate (trusting exactly the one given), reads one
/// request and answers with the SHA-256 of the certificate the client presented and the body.
const PYTHON_MTLS_SERVER: &str = r#"
import base64, hashlib, json, socket, ssl, sys
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(sys.argv[1], sys.argv[2])
ctx.verify_mode = ssl.CERT_REQUIRED
ctx.load_verify_locations(sys.argv[3])
ctx.verify_flags |= ssl.VERIFY_X509_PARTIAL_CHAIN
sock = socket.socket()
sock.bind(("127.0.0.1", 0))
sock.listen(1)
sock.settimeout(20)
print(sock.getsockname()[1], flush=True)
conn, _ = sock.accept()
tls = ctx.wrap_socket(conn, server_side=True)
der = tls.getpeercert(binary_form=True)
data = b""
while b"\r\n\r\n" not in data:
    data += tls.recv(65536)
head, _, body = data.partition(b"\r\n\r\n")
length = int([l.split(b":")[1] for l in head.split(b"\r\n") if l.lower().startswith(b"content-length:")][0])
while len(body) < length:
    body += tls.recv(65536)
x5t = base64.urlsafe_b64encode(hashlib.sha256(der).digest()).rstrip(b"=").decode()
answer = json.dumps({"x5t#S256": x5t, "body": body.decode()}).encode()
tls.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: " + str(len(answer)).encode() + b"\r\n\r\n" + answer)
tls.close()
"#;

#[test]
fn the_rendered_mtls_curl_presents_the_page_downloads_to_a_server_that_requires_them() {
    use pkjwt_core::key::{certificate::self_signed, export};
    use pkjwt_core::x509::{random_serial, CertificateRequest};
    use std::io::BufRead;
    let scratch = common::Scratch::new("mtls-wire");
    // The server's own certificate, for 127.0.0.1, made by openssl.
    scratch.openssl(&[
        "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "server.key", "-out", "server.pem",
        "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-days", "1",
    ]);
    // The page's key and self-signed certificate, written as its two downloads.
    let mut key = pkjwt_core::Key::from_private(generated(pkjwt_core::KeyKind::P256).clone());
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or_default();
    let request = CertificateRequest { common_name: "pkjwt client".into(), not_before: now - 60, validity_days: 1 };
    let certificate = self_signed(&key, &request, random_serial()).unwrap_or_else(|e| panic!("{e}"));
    key.set_certificate(certificate.clone()).unwrap_or_else(|e| panic!("{e}"));
    let files = ClientCertificate::for_kid(key.kid());
    scratch.write(&files.cert_file, certificate.pem());
    let private = export::private_pem(&key).unwrap_or_else(|e| panic!("{e}")).unwrap_or_else(|| panic!("no private key"));
    scratch.write(&files.key_file, private.as_bytes());

    let mut server = Command::new("python3")
        .arg("-c")
        .arg(PYTHON_MTLS_SERVER)
        .args(["server.pem", "server.key", &files.cert_file])
        .current_dir(scratch.dir())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("python3 is required for this test: {e}"));
    let mut port = String::new();
    let stdout = server.stdout.take().unwrap_or_else(|| panic!("no stdout"));
    std::io::BufReader::new(stdout).read_line(&mut port).unwrap_or_else(|e| panic!("{e}"));
    let settings = RequestSettings {
        endpoint: format!("https://127.0.0.1:{}/token", port.trim()),
        certificate_files: files,
        ..mtls_settings(ClientAuth::SelfSignedTlsClientAuth)
    };
    let request = build_request(&settings, None).unwrap_or_else(|e| panic!("{e}"));
    let command = render_curl(&request).unwrap_or_else(|e| panic!("{e}"));
    // The command as the page shows it; only the test's server CA comes from the environment.
    let output = Command::new("bash").arg("-c").arg(&command).current_dir(scratch.dir()).env("CURL_CA_BUNDLE", scratch.path("server.pem")).output();
    let _ = server.wait();
    let output = output.unwrap_or_else(|e| panic!("bash: {e}"));
    assert!(output.status.success(), "curl failed: {}\n{command}", String::from_utf8_lossy(&output.stderr));
    let answer: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
    assert_eq!(answer["body"], request.body());
    // What the server saw is the page's certificate: its hash is the cnf.x5t#S256 a token gets.
    assert_eq!(answer["x5t#S256"], certificate.x5t_s256());
    assert_eq!(answer["x5t#S256"], dpop::x5t_s256(certificate.der()));
}

#[test]
fn an_api_call_with_a_certificate_bound_token_presents_the_certificate_in_every_rendering() {
    let setup = pkjwt_core::setup::Setup { client_auth: ClientAuth::SelfSignedTlsClientAuth, dpop_enabled: true, ..Default::default() };
    let request = setup.effective(None).resource_request("https://api.example/v1/items", "tok").unwrap_or_else(|e| panic!("{e}"));
    let files = ClientCertificate::for_kid("");
    assert_eq!(request.client_certificate.as_ref(), Some(&files));
    let argv = curl_argv(&request);
    assert!(argv.windows(4).any(|w| w == ["--cert", files.cert_file.as_str(), "--key", files.key_file.as_str()]), "{argv:?}");
    assert!(argv.contains(&"Authorization: DPoP tok".to_owned()), "{argv:?}");
    let powershell = render_powershell(&request);
    assert!(powershell.starts_with("# PowerShell 7 or later"), "{powershell}");
    assert!(powershell.trim_end().ends_with("Invoke-RestMethod -Method Get -Uri 'https://api.example/v1/items' -Headers $headers -Certificate $cert"), "{powershell}");
    assert!(render_http(&request).starts_with("# TLS presents the client certificate pkjwt-key-certificate.pem (private key pkjwt-key-private.pem)\r\nGET /v1/items HTTP/1.1\r\n"));
}
