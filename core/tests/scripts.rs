//! The scripts, run by the real interpreters (python in the venv `make test` makes, node, go,
//! bash with openssl and curl) against a loopback recorder: every run signs a new assertion
//! that openssl verifies, with our header and claims, and the form reaches the server byte
//! for byte as the page would send it. A missing interpreter fails the test.
mod common;

use common::{b64url_decode, Scratch};
use pkjwt_core::assertion::{AssertionRecipe, AssertionSettings, ClaimValue};
use pkjwt_core::endpoint::Endpoint;
use pkjwt_core::jwa::Alg;
use pkjwt_core::key::Key;
use pkjwt_core::request::{build_request, ClientAuth, RequestSettings, TokenRequest};
use pkjwt_core::script::{render_script, ScriptLang, ScriptOptions};
use serde_json::{Map, Value};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// Where `scripts/setup.sh test` makes the Python venv (requests + PyJWT[crypto]), from the
/// workspace root; `PKJWT_SCRIPT_VENV` points elsewhere.
const SCRIPT_VENV: &str = "target/script-venv";
const KEY_FILE: &str = "pkjwt-test-private.pem";

fn venv_python() -> PathBuf {
    let venv = std::env::var_os("PKJWT_SCRIPT_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(SCRIPT_VENV));
    let python = venv.join("bin/python");
    assert!(python.exists(), "no Python venv at {}: `make test` (scripts/setup.sh test) makes it, with requests and PyJWT[crypto]", venv.display());
    python
}

fn require(program: &str) {
    let found = Command::new("sh").arg("-c").arg(format!("command -v {program}")).output().is_ok_and(|o| o.status.success());
    assert!(found, "{program} is needed to run the scripts: `make test` (scripts/setup.sh test) installs it");
}

/// The command that runs `file` (written in `dir`) in `lang`; through the interpreter, never
/// executing the file itself.
fn command(lang: ScriptLang, dir: &Path) -> Command {
    let mut command = match lang {
        ScriptLang::Python => Command::new(venv_python()),
        ScriptLang::Node => Command::new("node"),
        ScriptLang::Go => {
            require("go");
            let mut go = Command::new("go");
            go.arg("run");
            go
        }
        ScriptLang::Bash => Command::new("bash"),
    };
    command.arg(lang.file_name()).current_dir(dir).stdin(Stdio::null());
    command.env_remove("PKJWT_KEY_FILE").env_remove("PKJWT_CLIENT_SECRET").env_remove("PKJWT_ENV_FILE").env_remove("CLIENT_ID");
    command
}

fn run(lang: ScriptLang, dir: &Path, env: &[(&str, &str)]) -> Output {
    let mut command = command(lang, dir);
    command.envs(env.iter().copied());
    command.output().unwrap_or_else(|e| panic!("run {lang:?}: {e}"))
}

/// One key per type, made by openssl (not by us), as the page's PKCS#8 PEM download holds it.
fn key_pem(alg: Alg) -> &'static str {
    static KEYS: [OnceLock<String>; 5] = [const { OnceLock::new() }; 5];
    let (index, args): (usize, &[&str]) = match alg.name() {
        name if name.starts_with("RS") || name.starts_with("PS") => (0, &["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"]),
        "ES256" => (1, &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"]),
        "ES384" => (2, &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"]),
        "ES512" => (3, &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-521"]),
        _ => (4, &["-algorithm", "ED25519"]),
    };
    KEYS[index].get_or_init(|| {
        let output = Command::new(common::OPENSSL).arg("genpkey").args(args).output().unwrap_or_else(|e| panic!("openssl: {e}"));
        assert!(output.status.success(), "openssl genpkey failed");
        String::from_utf8_lossy(&output.stdout).into_owned()
    })
}

fn key(alg: Alg) -> Key {
    common::import_one(key_pem(alg))
}

/// A request as the page builds it, to `url`, and the recipe of its assertion.
fn page_request(alg: Alg, url: &str, client_auth: ClientAuth) -> (TokenRequest, AssertionRecipe) {
    let settings = AssertionSettings {
        client_id: "script-client".into(),
        subject: "script-client".into(),
        audience: url.into(),
        alg,
        extra_claims: r#"{"scope": "read", "n": [1, true, null]}"#.into(),
        ..AssertionSettings::default()
    };
    let recipe = AssertionRecipe::new(&settings, &key(alg)).unwrap_or_else(|e| panic!("{e}"));
    let mut request = RequestSettings { endpoint: url.into(), client_auth, client_id: "script-client".into(), client_secret: "s3cr3t'$(x)".into(), ..RequestSettings::default() };
    request.params.insert("scope".into(), "openid profile".into());
    let request = build_request(&request, Some("signed.by.page")).unwrap_or_else(|e| panic!("{e}"));
    (request, recipe)
}

/// One request as the recorder received it.
#[derive(Debug, Clone)]
struct Recorded {
    head: String,
    body: Vec<u8>,
}

/// Serves `count` requests on a loopback port, each answered `status` with `answer`, and
/// hands them back; gives up after a minute.
struct Recorder {
    url: String,
    thread: std::thread::JoinHandle<Vec<Recorded>>,
}

impl Recorder {
    fn start(count: usize, status: &'static str, answer: &'static str) -> Recorder {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("bind: {e}"));
        let port = listener.local_addr().map(|a| a.port()).unwrap_or_default();
        listener.set_nonblocking(true).unwrap_or_else(|e| panic!("{e}"));
        let thread = std::thread::spawn(move || {
            let mut recorded = Vec::new();
            let deadline = Instant::now() + Duration::from_secs(120);
            while recorded.len() < count && Instant::now() < deadline {
                match listener.accept() {
                    Ok((stream, _)) => recorded.push(serve(stream, status, answer)),
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
            recorded
        });
        Recorder { url: format!("http://127.0.0.1:{port}/oauth2/token"), thread }
    }

    fn finish(self) -> Vec<Recorded> {
        self.thread.join().unwrap_or_else(|_| panic!("recorder thread"))
    }
}

fn serve(mut stream: TcpStream, status: &str, answer: &str) -> Recorded {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let mut data = Vec::new();
    let mut buffer = [0u8; 65536];
    let mut continued = false;
    loop {
        let n = stream.read(&mut buffer).unwrap_or(0);
        if n == 0 {
            return Recorded { head: String::from_utf8_lossy(&data).into_owned(), body: Vec::new() };
        }
        data.extend_from_slice(&buffer[..n]);
        let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") else { continue };
        let head = String::from_utf8_lossy(&data[..end]).into_owned();
        let lower = head.to_ascii_lowercase();
        if lower.contains("\r\nexpect: 100-continue") && !continued {
            continued = true;
            let _ = stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n");
        }
        let length = lower.lines().find_map(|l| l.strip_prefix("content-length:").map(|v| v.trim().parse::<usize>().unwrap_or(0))).unwrap_or(0);
        if data.len() >= end + 4 + length {
            let body = data[end + 4..end + 4 + length].to_vec();
            let reply = format!("HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}", answer.len());
            let _ = stream.write_all(reply.as_bytes());
            return Recorded { head, body };
        }
    }
}

fn form_of(body: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(body).into_owned().collect()
}

fn script_dir(lang: ScriptLang, script: &str, tag: &str) -> Scratch {
    let dir = Scratch::new(&format!("script-{}-{tag}", lang.id()));
    dir.write(lang.file_name(), script);
    dir
}

fn options(lang: ScriptLang) -> ScriptOptions {
    ScriptOptions { lang, key_file: KEY_FILE.into(), dotenv: false }
}

/// Verifies the compact JWS with openssl, from the key file's public half (openssl's own).
fn openssl_verifies(dir: &Scratch, alg: Alg, token: &str) {
    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 3, "not a compact JWS: {token}");
    dir.write("input.bin", format!("{}.{}", parts[0], parts[1]));
    let signature = b64url_decode(parts[2]);
    dir.openssl(&["pkey", "-in", KEY_FILE, "-pubout", "-out", "public.pem"]);
    let name = alg.name();
    let digest = format!("-sha{}", &name[2..]);
    let verified = if name == "EdDSA" {
        dir.write("sig.bin", &signature);
        dir.openssl_output(&["pkeyutl", "-verify", "-pubin", "-inkey", "public.pem", "-rawin", "-in", "input.bin", "-sigfile", "sig.bin"])
    } else if name.starts_with("ES") {
        dir.write("sig.bin", der_signature(&signature));
        dir.openssl_output(&["dgst", &digest, "-verify", "public.pem", "-signature", "sig.bin", "input.bin"])
    } else if name.starts_with("PS") {
        dir.write("sig.bin", &signature);
        let salt = format!("rsa_pss_saltlen:{}", name[2..].parse::<usize>().unwrap_or(0) / 8);
        dir.openssl_output(&["dgst", &digest, "-sigopt", "rsa_padding_mode:pss", "-sigopt", &salt, "-verify", "public.pem", "-signature", "sig.bin", "input.bin"])
    } else {
        dir.write("sig.bin", &signature);
        dir.openssl_output(&["dgst", &digest, "-verify", "public.pem", "-signature", "sig.bin", "input.bin"])
    };
    assert!(verified.status.success(), "openssl does not verify the {name} signature: {}", String::from_utf8_lossy(&verified.stdout));
}

/// JOSE `r || s` as the DER SEQUENCE openssl verifies.
fn der_signature(raw: &[u8]) -> Vec<u8> {
    let integer = |half: &[u8]| {
        let mut bytes: Vec<u8> = half.iter().copied().skip_while(|b| *b == 0).collect();
        if bytes.first().is_none_or(|b| b & 0x80 != 0) {
            bytes.insert(0, 0);
        }
        let mut out = vec![0x02];
        out.extend(der_length(bytes.len()));
        out.extend(bytes);
        out
    };
    let (r, s) = raw.split_at(raw.len() / 2);
    let content = [integer(r), integer(s)].concat();
    let mut out = vec![0x30];
    out.extend(der_length(content.len()));
    out.extend(content);
    out
}

fn der_length(length: usize) -> Vec<u8> {
    if length < 0x80 {
        vec![length as u8]
    } else {
        vec![0x81, length as u8]
    }
}

fn json_part(part: &str) -> Map<String, Value> {
    let bytes = b64url_decode(part);
    match serde_json::from_slice(&bytes) {
        Ok(Value::Object(map)) => map,
        other => panic!("not a JSON object: {other:?}"),
    }
}

/// Checks an assertion a script signed against the recipe and returns its jti.
fn check_assertion(dir: &Scratch, recipe: &AssertionRecipe, token: &str) -> String {
    openssl_verifies(dir, recipe.alg, token);
    let parts: Vec<&str> = token.split('.').collect();
    let header = json_part(parts[0]);
    assert_eq!(header.iter().collect::<Vec<_>>(), recipe.header.iter().collect::<Vec<_>>(), "header differs from the page's");
    let claims = json_part(parts[1]);
    let names: Vec<&str> = claims.keys().map(String::as_str).collect();
    let expected: Vec<&str> = recipe.claims.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, expected, "claims or their order differ from the page's");
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or_default();
    for (name, value) in &recipe.claims {
        let got = &claims[name];
        match value {
            ClaimValue::Fixed(fixed) => assert_eq!(got, fixed, "claim {name}"),
            ClaimValue::IssuedAt | ClaimValue::NotBefore => {
                let at = got.as_i64().unwrap_or_default() + recipe.skew;
                assert!((now - 120..=now + 5).contains(&at), "{name} = {got} is not now");
            }
            ClaimValue::Expires => assert_eq!(got.as_i64().unwrap_or_default() - claims["iat"].as_i64().unwrap_or_default(), recipe.lifetime + recipe.skew),
            ClaimValue::Jti => assert!(got.as_str().is_some_and(|jti| jti.len() >= 22), "jti {got}"),
        }
    }
    claims["jti"].as_str().unwrap_or_default().to_owned()
}

/// The form the recorder got equals the page's, the assertion aside, in the same encoding.
fn check_form(recorded: &Recorded, request: &TokenRequest) -> String {
    let form = form_of(&recorded.body);
    let encoded = form_urlencoded::Serializer::new(String::new()).extend_pairs(&form).finish();
    assert_eq!(String::from_utf8_lossy(&recorded.body), encoded, "the body is not in the page's (WHATWG) form encoding");
    assert_eq!(form.len(), request.form.len(), "{form:?}");
    let mut assertion = String::new();
    for ((name, value), (page_name, page_value)) in form.iter().zip(&request.form) {
        assert_eq!(name, page_name);
        if matches!(name.as_str(), "client_assertion" | "assertion") {
            assert_ne!(value, page_value, "the script sent the page's assertion, not a new one");
            assertion = value.clone();
        } else {
            assert_eq!(value, page_value, "form field {name}");
        }
    }
    let head = recorded.head.to_ascii_lowercase();
    assert!(head.starts_with("post /oauth2/token http/1.1"), "{}", recorded.head);
    assert!(head.contains("\r\ncontent-type: application/x-www-form-urlencoded"), "{}", recorded.head);
    assert!(head.contains("\r\naccept: application/json"), "{}", recorded.head);
    assertion
}

fn all_algs(lang: ScriptLang) {
    for alg in Alg::ALL {
        let recorder = Recorder::start(2, "200 OK", r#"{"access_token":"at","token_type":"Bearer"}"#);
        let (request, recipe) = page_request(alg, &recorder.url, ClientAuth::PrivateKeyJwt);
        let script = render_script(&request, Some(&recipe), &options(lang)).unwrap_or_else(|e| panic!("{e}"));
        assert!(!script.contains(common::pem_body(key_pem(alg)).get(..40).unwrap_or("-")), "the script holds the private key");
        if std::env::var_os("PKJWT_PRINT_SCRIPT").is_some() && alg == Alg::ES256 {
            eprintln!("{script}");
        }
        let dir = script_dir(lang, &script, alg.name());
        dir.write(KEY_FILE, key_pem(alg));
        let mut jtis = Vec::new();
        for _ in 0..2 {
            let output = run(lang, dir.dir(), &[]);
            assert!(output.status.success(), "{lang:?} {alg}: {}\n{script}", String::from_utf8_lossy(&output.stderr));
            assert_eq!(String::from_utf8_lossy(&output.stdout).trim(), r#"{"access_token":"at","token_type":"Bearer"}"#);
        }
        for recorded in recorder.finish() {
            let token = check_form(&recorded, &request);
            jtis.push(check_assertion(&dir, &recipe, &token));
        }
        assert_eq!(jtis.len(), 2, "{lang:?} {alg}: the recorder did not get two requests");
        assert_ne!(jtis[0], jtis[1], "{lang:?} {alg}: the second run reused the jti");
    }
}

#[test]
fn python_signs_all_ten_algs() {
    all_algs(ScriptLang::Python);
}

#[test]
fn node_signs_all_ten_algs() {
    all_algs(ScriptLang::Node);
}

#[test]
fn go_signs_all_ten_algs() {
    all_algs(ScriptLang::Go);
}

#[test]
fn bash_signs_all_ten_algs() {
    all_algs(ScriptLang::Bash);
}

#[allow(dead_code)]
fn endpoint(url: &str) -> Endpoint {
    Endpoint::parse(url).unwrap_or_else(|e| panic!("{e}"))
}
