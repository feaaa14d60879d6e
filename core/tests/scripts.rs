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
use pkjwt_core::request::{build_request, ClientAuth, Grant, RequestSettings, TokenRequest};
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
        // `go run` would add its own "exit status N" line and exit 1: build (cached), then run.
        ScriptLang::Go => {
            require("go");
            let built = Command::new("go").args(["build", "-o", "pkjwt-token", "main.go"]).current_dir(dir).output();
            assert!(built.as_ref().is_ok_and(|o| o.status.success()), "go build failed: {built:?}");
            Command::new(dir.join("pkjwt-token"))
        }
        ScriptLang::Bash => Command::new("bash"),
    };
    if lang != ScriptLang::Go {
        command.arg(lang.file_name());
    }
    command.current_dir(dir).stdin(Stdio::null());
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
    } else if let Some(bits) = name.strip_prefix("PS") {
        dir.write("sig.bin", &signature);
        let salt = format!("rsa_pss_saltlen:{}", bits.parse::<usize>().unwrap_or(0) / 8);
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
        if lang == ScriptLang::Go {
            let gofmt = Command::new("gofmt").arg("-d").arg("main.go").current_dir(dir.dir()).output();
            let diff = gofmt.as_ref().map(|o| String::from_utf8_lossy(&o.stdout).into_owned()).unwrap_or_default();
            assert!(gofmt.as_ref().is_ok_and(|o| o.status.success()) && diff.is_empty(), "the Go program is not gofmt-formatted:\n{diff}");
        }
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

/// The curl tests' hostile values, and what trips up the languages' own literals.
fn hostile_values() -> Vec<String> {
    let mut values: Vec<String> = [
        "it's", "'", "\"double\"", "$(touch PWNED)", "`touch PWNED`", "${HOME}", "a\\b\\", "line1\nline2", "cr\rlf", "tab\there",
        "!event !! !$", "# not a comment", "a; touch PWNED", "é 日本語 🔑", "'\"'\"'", "%41%2B+&=&", "{a,b}", "{{form}}", "@@sign",
        "\u{1}\u{1b}[31mred\u{7f}", "\u{a0}nbsp\u{2028}ls\u{2029}", "\u{feff}bom", "\\u0041 \\x41 \\n", "*/ -->", "\"\"\"", "~*-._ +",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    values.push("x".repeat(8_000));
    values
}

/// A request carrying every hostile value at once, as form fields (names too) and claims.
fn hostile_request(url: &str) -> (TokenRequest, AssertionRecipe) {
    let values = hostile_values();
    let extra: Map<String, Value> = values.iter().enumerate().map(|(i, v)| (format!("x{i}{v}"), Value::from(v.as_str()))).collect();
    let settings = AssertionSettings {
        client_id: "client $(touch PWNED) 'é\u{2028}".into(),
        subject: "sub `x` \"y\"".into(),
        audience: url.into(),
        alg: Alg::ES256,
        extra_claims: serde_json::to_string(&serde_json::json!({"nested": {"__proto__": {"a": 1}, "v": values}, "more": extra})).unwrap_or_default(),
        ..AssertionSettings::default()
    };
    let recipe = AssertionRecipe::new(&settings, &key(Alg::ES256)).unwrap_or_else(|e| panic!("{e}"));
    let mut form: Vec<(String, String)> = vec![("grant_type".into(), "client_credentials".into())];
    for (i, value) in values.iter().enumerate() {
        form.push((format!("p{i}"), value.clone()));
        form.push((format!("n{i}{value}"), "v".into()));
    }
    form.push(("client_id".into(), settings.client_id.clone()));
    form.push(("client_assertion_type".into(), pkjwt_core::assertion::CLIENT_ASSERTION_TYPE.into()));
    form.push(("client_assertion".into(), "signed.by.page".into()));
    let endpoint = Endpoint::parse(url).unwrap_or_else(|e| panic!("{e}"));
    (TokenRequest::form_post(endpoint, form), recipe)
}

#[test]
fn hostile_values_reach_the_server_byte_for_byte_from_every_language() {
    for lang in ScriptLang::ALL {
        let recorder = Recorder::start(1, "200 OK", "{}");
        let (request, recipe) = hostile_request(&recorder.url);
        let script = render_script(&request, Some(&recipe), &options(lang)).unwrap_or_else(|e| panic!("{e}"));
        if lang == ScriptLang::Go {
            assert!(script.is_ascii(), "the Go program is not ASCII");
        }
        let dir = script_dir(lang, &script, "hostile");
        dir.write(KEY_FILE, key_pem(Alg::ES256));
        let output = run(lang, dir.dir(), &[]);
        assert!(output.status.success(), "{lang:?}: {}", String::from_utf8_lossy(&output.stderr));
        let recorded = recorder.finish();
        assert_eq!(recorded.len(), 1, "{lang:?} sent nothing");
        // Byte for byte: the page's own encoding of the same fields, the assertion aside.
        let token = check_form(&recorded[0], &request);
        let mut expected = request.clone();
        if let Some(last) = expected.form.last_mut() {
            last.1 = token.clone();
        }
        assert_eq!(String::from_utf8_lossy(&recorded[0].body), expected.body(), "{lang:?}");
        check_assertion(&dir, &recipe, &token);
        assert!(!dir.path("PWNED").exists(), "{lang:?}: a value ran a command");
    }
}

/// Runs `script` in `lang` with `env` and returns (exit code, stderr).
fn outcome(lang: ScriptLang, dir: &Scratch, env: &[(&str, &str)]) -> (Option<i32>, String) {
    let output = run(lang, dir.dir(), env);
    (output.status.code(), String::from_utf8_lossy(&output.stderr).into_owned())
}

fn one_line(stderr: &str) -> bool {
    stderr.starts_with("pkjwt: ") && stderr.ends_with('\n') && stderr.trim_end().lines().count() == 1
}

#[test]
fn failures_exit_non_zero_with_one_line() {
    for lang in ScriptLang::ALL {
        let recorder = Recorder::start(2, "400 Bad Request", r#"{"error":"invalid_client","error_description":"unknown client"}"#);
        let (request, recipe) = page_request(Alg::RS256, &recorder.url, ClientAuth::PrivateKeyJwt);
        let script = render_script(&request, Some(&recipe), &options(lang)).unwrap_or_else(|e| panic!("{e}"));
        let dir = script_dir(lang, &script, "errors");
        // No key file.
        let (code, stderr) = outcome(lang, &dir, &[]);
        assert_eq!(code, Some(2), "{lang:?} missing key: {stderr}");
        assert!(one_line(&stderr) && stderr.contains(KEY_FILE), "{lang:?} missing key: {stderr:?}");
        // A P-256 key for RS256.
        dir.write("ec.pem", key_pem(Alg::ES256));
        let (code, stderr) = outcome(lang, &dir, &[("PKJWT_KEY_FILE", "ec.pem")]);
        assert_eq!(code, Some(2), "{lang:?} wrong key: {stderr}");
        assert!(one_line(&stderr) && stderr.contains("RS256"), "{lang:?} wrong key: {stderr:?}");
        // Not a key.
        dir.write("junk.pem", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        let (code, stderr) = outcome(lang, &dir, &[("PKJWT_KEY_FILE", "junk.pem")]);
        assert_eq!(code, Some(2), "{lang:?} junk key: {stderr}");
        assert!(one_line(&stderr), "{lang:?} junk key: {stderr:?}");
        // The server refuses, twice with the key found through $PKJWT_KEY_FILE.
        dir.write("rsa.pem", key_pem(Alg::RS256));
        let (code, stderr) = outcome(lang, &dir, &[("PKJWT_KEY_FILE", "rsa.pem")]);
        assert_eq!((code, stderr.as_str()), (Some(1), "pkjwt: 400 invalid_client unknown client\n"), "{lang:?}");
        let _ = outcome(lang, &dir, &[("PKJWT_KEY_FILE", "rsa.pem")]);
        assert_eq!(recorder.finish().len(), 2);
        // Nobody listening.
        let closed = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("{e}"));
        let url = format!("http://127.0.0.1:{}/oauth2/token", closed.local_addr().map(|a| a.port()).unwrap_or_default());
        drop(closed);
        let (request, recipe) = page_request(Alg::RS256, &url, ClientAuth::PrivateKeyJwt);
        dir.write(lang.file_name(), render_script(&request, Some(&recipe), &options(lang)).unwrap_or_else(|e| panic!("{e}")));
        let (code, stderr) = outcome(lang, &dir, &[("PKJWT_KEY_FILE", "rsa.pem")]);
        assert_eq!(code, Some(1), "{lang:?} unreachable: {stderr}");
        assert!(one_line(&stderr), "{lang:?} unreachable: {stderr:?}");
    }
}

#[test]
fn secrets_come_from_the_environment_never_the_script() {
    for lang in ScriptLang::ALL {
        for auth in [ClientAuth::ClientSecretBasic, ClientAuth::ClientSecretPost] {
            let recorder = Recorder::start(1, "200 OK", "{}");
            let (request, recipe) = page_request(Alg::RS256, &recorder.url, auth);
            let script = render_script(&request, Some(&recipe), &options(lang)).unwrap_or_else(|e| panic!("{e}"));
            assert!(!script.contains("s3cr3t"), "{lang:?} {auth:?}: the secret is in the script");
            let dir = script_dir(lang, &script, auth.id());
            let (code, stderr) = outcome(lang, &dir, &[]);
            assert_eq!(code, Some(2), "{lang:?} {auth:?}: {stderr}");
            assert!(one_line(&stderr) && stderr.contains("PKJWT_CLIENT_SECRET"), "{stderr:?}");
            let output = run(lang, dir.dir(), &[("PKJWT_CLIENT_SECRET", "s3cr3t'$(x)")]);
            assert!(output.status.success(), "{lang:?} {auth:?}: {}\n{script}", String::from_utf8_lossy(&output.stderr));
            let recorded = recorder.finish();
            assert_eq!(String::from_utf8_lossy(&recorded[0].body), request.body(), "{lang:?} {auth:?}");
            for (name, value) in &request.headers {
                let line = format!("\r\n{}: {value}", name.to_ascii_lowercase());
                let head = recorded[0].head.to_ascii_lowercase().replace(&value.to_ascii_lowercase(), value);
                assert!(head.contains(&line), "{lang:?} {auth:?}: no {name}: {value} in\n{}", recorded[0].head);
            }
        }
    }
}

#[test]
fn the_jwt_bearer_grant_signs_its_assertion_afresh() {
    let recorder = Recorder::start(1, "200 OK", "{}");
    let (_, recipe) = page_request(Alg::EdDSA, &recorder.url, ClientAuth::None);
    let settings = RequestSettings { endpoint: recorder.url.clone(), grant: Grant::JwtBearer, client_auth: ClientAuth::None, ..RequestSettings::default() };
    let request = build_request(&settings, Some("signed.by.page")).unwrap_or_else(|e| panic!("{e}"));
    let script = render_script(&request, Some(&recipe), &options(ScriptLang::Node)).unwrap_or_else(|e| panic!("{e}"));
    let dir = script_dir(ScriptLang::Node, &script, "jwt-bearer");
    dir.write(KEY_FILE, key_pem(Alg::EdDSA));
    let output = run(ScriptLang::Node, dir.dir(), &[]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let token = check_form(&recorder.finish()[0], &request);
    check_assertion(&dir, &recipe, &token);
}

#[test]
fn dotenv_values_replace_the_client_id_and_endpoint() {
    for lang in [ScriptLang::Python, ScriptLang::Bash] {
        let recorder = Recorder::start(1, "200 OK", "{}");
        let (mut request, recipe) = page_request(Alg::PS256, "https://not.used.example/oauth2/token", ClientAuth::PrivateKeyJwt);
        request.form.insert(1, ("client_id".into(), "script-client".into()));
        let script = render_script(&request, Some(&recipe), &ScriptOptions { dotenv: true, ..options(lang) }).unwrap_or_else(|e| panic!("{e}"));
        let dir = script_dir(lang, &script, "dotenv");
        dir.write("mine.pem", key_pem(Alg::PS256));
        // As pkjwt's .env export writes them, and a line that must not run.
        dir.write(".env", format!("# pkjwt setup\nCLIENT_ID='other '\\''client'\nPKJWT_ENDPOINT={}\nPKJWT_KEY_FILE=mine.pem\nSCOPE=$(touch PWNED)\nnot-a-name=1", recorder.url));
        let output = run(lang, dir.dir(), &[]);
        assert!(output.status.success(), "{lang:?}: {}", String::from_utf8_lossy(&output.stderr));
        let url = recorder.url.clone();
        let recorded = recorder.finish();
        let form = form_of(&recorded[0].body);
        assert_eq!(form[1], ("client_id".to_owned(), "other 'client".to_owned()), "{lang:?}");
        let token = form.iter().find(|(name, _)| name == "client_assertion").map(|(_, v)| v.clone()).unwrap_or_default();
        let claims = json_part(token.split('.').nth(1).unwrap_or_default());
        assert_eq!((claims["iss"].as_str(), claims["sub"].as_str(), claims["aud"].as_str()), (Some("other 'client"), Some("other 'client"), Some(url.as_str())));
        assert!(!dir.path("PWNED").exists(), "{lang:?}: the .env ran a command");
    }
}

fn request_of(recipe: &AssertionRecipe) -> TokenRequest {
    let url = recipe.fixed("aud").and_then(Value::as_str).unwrap_or_default();
    page_request(recipe.alg, url, ClientAuth::PrivateKeyJwt).0
}

#[test]
fn requests_a_script_cannot_make_say_why() {
    let (mut request, recipe) = page_request(Alg::RS256, "https://as.example/token", ClientAuth::PrivateKeyJwt);
    let error = |request: &TokenRequest, recipe: Option<&AssertionRecipe>| render_script(request, recipe, &options(ScriptLang::Python)).err().map(|e| e.code());
    assert_eq!(error(&request, None), Some("SCRIPT_NO_RECIPE"));
    request.headers.push(("DPoP".into(), "proof".into()));
    assert_eq!(error(&request, Some(&recipe)), Some("SCRIPT_DPOP"));
    let get = TokenRequest::bearer_get("https://as.example/userinfo", "at").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(error(&get, Some(&recipe)), Some("SCRIPT_NOT_A_POST"));
    let settings = RequestSettings { endpoint: "https://as.example/token".into(), client_auth: ClientAuth::TlsClientAuth, client_id: "c".into(), ..RequestSettings::default() };
    let mtls = build_request(&settings, None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(error(&mtls, None), Some("SCRIPT_MTLS"));
    // The .env names are the page's own export's.
    let names: Vec<&str> = pkjwt_core::share::whitelist().into_iter().map(|(_, env)| env).collect();
    for name in [pkjwt_core::script::ENV_CLIENT_ID, pkjwt_core::script::ENV_ENDPOINT, pkjwt_core::script::ENV_TOKEN_ENDPOINT] {
        assert!(names.contains(&name), "{name} is not in the .env export");
    }
    for lang in ScriptLang::ALL {
        assert_eq!(ScriptLang::from_id(lang.id()), Some(lang));
        // A key file name cannot break out of the header comment.
        let options = ScriptOptions { key_file: "a\n\"\"\"*/ */x.pem".into(), ..options(lang) };
        let script = render_script(&request_of(&recipe), Some(&recipe), &options).unwrap_or_else(|e| panic!("{e}"));
        let comment = script.lines().find(|line| line.contains("(default: ")).unwrap_or_default();
        assert!(comment.ends_with("(default: a?????/??/x.pem)"), "{lang:?}: {comment}");
    }
}

#[test]
fn every_form_grant_runs_in_every_language() {
    let grants: [(Grant, &[(&str, &str)]); 6] = [
        (Grant::RefreshToken, &[("refresh_token", "rt-1 'x'"), ("scope", "openid")]),
        (Grant::Introspection, &[("token", "at-1"), ("token_type_hint", "access_token")]),
        (Grant::Revocation, &[("token", "rt-2")]),
        (Grant::TokenExchange, &[("subject_token", "eyJ.s.t"), ("audience", "https://api.example\nurn:other"), ("resource", "https://r.example")]),
        (Grant::AuthorizationCode, &[("code", "c0de"), ("code_verifier", "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")]),
        (Grant::DeviceCode, &[("device_code", "GmRhmhcxhwAzkoEqiMEg")]),
    ];
    for lang in ScriptLang::ALL {
        let recorder = Recorder::start(grants.len(), "200 OK", r#"{"active":true}"#);
        let (_, recipe) = page_request(Alg::ES384, &recorder.url, ClientAuth::PrivateKeyJwt);
        let dir = Scratch::new(&format!("script-{}-grants", lang.id()));
        dir.write(KEY_FILE, key_pem(Alg::ES384));
        let mut requests = Vec::new();
        for (grant, params) in grants {
            let mut settings = RequestSettings {
                endpoint: recorder.url.clone(),
                grant,
                client_id: "script-client".into(),
                redirect_uri: "http://127.0.0.1:8080/callback.html".into(),
                ..RequestSettings::default()
            };
            for (name, value) in params {
                settings.params.insert((*name).into(), (*value).into());
            }
            let request = build_request(&settings, Some("signed.by.page")).unwrap_or_else(|e| panic!("{grant:?}: {e}"));
            let script = render_script(&request, Some(&recipe), &options(lang)).unwrap_or_else(|e| panic!("{e}"));
            dir.write(lang.file_name(), &script);
            let output = run(lang, dir.dir(), &[]);
            assert!(output.status.success(), "{lang:?} {grant:?}: {}", String::from_utf8_lossy(&output.stderr));
            requests.push(request);
        }
        let recorded = recorder.finish();
        assert_eq!(recorded.len(), requests.len(), "{lang:?}");
        for (recorded, request) in recorded.iter().zip(&requests) {
            let token = check_form(recorded, request);
            check_assertion(&dir, &recipe, &token);
        }
    }
}
