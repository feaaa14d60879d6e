//! The rendered curl command, run by real shells with a stub `curl` that records its
//! arguments, must deliver exactly `curl_argv` — byte for byte, for hostile values — and the
//! real curl must put exactly our form fields on the wire.
mod common;

use common::install_argument_recorder;
use pkjwt_core::request::{build_request, ClientAuth, Grant, RequestSettings, TokenRequest};
use pkjwt_core::shell::{bearer_curl_argv, curl_argv, render_bearer_curl, render_curl, render_http, render_powershell, powershell_quote};
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Values a user might type, paste or be tricked into pasting.
fn hostile_values() -> Vec<String> {
    let mut values: Vec<String> = [
        "plain",
        "it's",
        "'",
        "''",
        "\"double\"",
        "$(touch PWNED)",
        "`touch PWNED`",
        "${HOME}",
        "$HOME",
        "a\\b\\",
        "line1\nline2",
        "cr\rlf",
        "tab\there",
        "!event !! !$",
        "*.txt ?",
        "~root",
        "# not a comment",
        "a; touch PWNED",
        "a && touch PWNED | cat",
        "é 日本語 🔑",
        "'\"'\"'",
        "%41%2B+&=&",
        "{a,b}",
        "-flag",
        "@/etc/passwd",
        "=starts-with-equals",
        "\u{1}\u{1b}[31mred\u{7f}",
        "\u{a0}nbsp\u{2028}ls",
        "^caret",
        "",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    // Long, but within the client_id and secret limit (MAX_CLIENT_FIELD_BYTES, 8 KiB).
    values.push("x".repeat(8_000));
    values
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pkjwt-shell-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("temp dir: {e}"));
    dir
}

fn request_with(value: &str) -> TokenRequest {
    let mut settings = RequestSettings {
        endpoint: "https://auth.example/op/v1/token".into(),
        grant: Grant::TokenExchange,
        client_auth: ClientAuth::ClientSecretPost,
        client_id: format!("client{value}"),
        client_secret: format!("secret{value}"),
        ..RequestSettings::default()
    };
    settings.params.insert("subject_token".into(), format!("tok{value}end"));
    settings.params.insert("scope".into(), format!("scope{value}"));
    settings.params.insert("audience".into(), format!("aud{value}"));
    let request = build_request(&settings, None);
    assert!(request.is_ok(), "{request:?}");
    request.unwrap_or_else(|_| unreachable!())
}

fn run_in(shell: &str, dir: &Path, command: &str) -> Vec<u8> {
    let out = dir.join("args.bin");
    let _ = std::fs::remove_file(&out);
    let path = format!("{}:{}", dir.display(), std::env::var("PATH").unwrap_or_default());
    let status = Command::new(shell)
        .arg("-c")
        .arg(command)
        .current_dir(dir)
        .env("PATH", path)
        .env("ARGS_OUT", &out)
        .status();
    assert!(status.as_ref().is_ok_and(|s| s.success()), "{shell} failed: {status:?}\n{command}");
    std::fs::read(&out).unwrap_or_else(|e| panic!("no arguments recorded: {e}"))
}

fn expected_bytes(request: &TokenRequest) -> Vec<u8> {
    let mut bytes = Vec::new();
    for arg in &curl_argv(request)[1..] {
        bytes.extend_from_slice(arg.as_bytes());
        bytes.push(0);
    }
    bytes
}

#[test]
fn bash_and_dash_receive_exactly_our_arguments() {
    let dir = temp_dir("argv");
    install_argument_recorder(&dir);
    let shells: Vec<&str> = ["bash", "dash"].into_iter().filter(|s| Command::new("which").arg(s).output().is_ok_and(|o| o.status.success())).collect();
    assert!(shells.contains(&"bash"), "bash is required for this test");
    for value in hostile_values() {
        // Trimming of surrounding whitespace is a form rule; test the quoting on what remains.
        let request = request_with(&value);
        let command = render_curl(&request).unwrap_or_else(|e| panic!("{e}"));
        for shell in &shells {
            let received = run_in(shell, &dir, &command);
            assert!(received == expected_bytes(&request), "{shell} received different arguments for {value:?}:\n{command}");
        }
        assert!(!dir.join("PWNED").exists(), "a value ran a command: {value:?}");
    }
}

#[test]
fn bearer_call_delivers_exactly_its_arguments() {
    let dir = temp_dir("bearer");
    install_argument_recorder(&dir);
    for value in hostile_values() {
        let url = format!("https://api.example/v1/items?q={value}");
        let token = format!("eyJ{value}");
        let command = render_bearer_curl(&url, &token).unwrap_or_else(|e| panic!("{e}"));
        let received = run_in("bash", &dir, &command);
        let mut expected = Vec::new();
        for arg in &bearer_curl_argv(&url, &token)[1..] {
            expected.extend_from_slice(arg.as_bytes());
            expected.push(0);
        }
        assert!(received == expected, "bash received different arguments for {value:?}:\n{command}");
        assert!(!dir.join("PWNED").exists(), "a value ran a command: {value:?}");
    }
}

#[test]
fn nul_cannot_reach_a_command() {
    let mut settings = RequestSettings {
        endpoint: "https://auth.example/token".into(),
        client_auth: ClientAuth::None,
        client_id: "id".into(),
        ..RequestSettings::default()
    };
    settings.params.insert("scope".into(), "a\0b".into());
    assert_eq!(build_request(&settings, None).err().map(|e| e.code()), Some("REQUEST_PARAM_NUL"));
}

/// Reads one HTTP request from `listener`, answers 200 `{}`, and returns (head, body).
fn accept_one(listener: TcpListener) -> std::thread::JoinHandle<(String, Vec<u8>)> {
    std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap_or_else(|e| panic!("accept: {e}"));
        let mut data = Vec::new();
        let mut buffer = [0u8; 65536];
        loop {
            let n = stream.read(&mut buffer).unwrap_or(0);
            if n == 0 {
                break;
            }
            data.extend_from_slice(&buffer[..n]);
            if let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&data[..end]).to_string();
                let length = head
                    .lines()
                    .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse::<usize>().unwrap_or(0)))
                    .unwrap_or(0);
                if data.len() >= end + 4 + length {
                    let body = data[end + 4..end + 4 + length].to_vec();
                    let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
                    return (head, body);
                }
            }
        }
        (String::new(), Vec::new())
    })
}

#[test]
fn real_curl_sends_exactly_our_form_fields_and_headers() {
    if !Command::new("which").arg("curl").output().is_ok_and(|o| o.status.success()) {
        panic!("curl is required for this test (scripts/setup.sh installs it)");
    }
    let dir = temp_dir("wire");
    for value in ["it's $(x) `y` \"z\" é🔑 &=+%", "line1\nline2", "plain"] {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("bind: {e}"));
        let port = listener.local_addr().map(|a| a.port()).unwrap_or_default();
        let server = accept_one(listener);
        let mut request = request_with(value);
        request.endpoint = pkjwt_core::endpoint::Endpoint::parse(&format!("http://127.0.0.1:{port}/op/v1/token")).unwrap_or_else(|e| panic!("{e}"));
        let command = render_curl(&request).unwrap_or_else(|e| panic!("{e}"));
        let output = Command::new("bash").arg("-c").arg(&command).current_dir(&dir).output();
        assert!(output.as_ref().is_ok_and(|o| o.status.success()), "curl failed: {output:?}");
        let (head, body) = server.join().unwrap_or_else(|_| panic!("server thread"));
        let received: Vec<(String, String)> = form_urlencoded::parse(&body).into_owned().collect();
        assert_eq!(received, request.form, "form fields differ for {value:?}");
        assert!(head.starts_with("POST /op/v1/token HTTP/1.1"), "{head}");
        assert!(head.to_ascii_lowercase().contains("content-type: application/x-www-form-urlencoded"), "{head}");
        assert!(head.to_ascii_lowercase().contains("accept: application/json"), "{head}");
        // Our own encoding decodes to the same fields, so the raw HTTP view shows the truth.
        let ours: Vec<(String, String)> = form_urlencoded::parse(request.body().as_bytes()).into_owned().collect();
        assert_eq!(ours, request.form);
    }
}

#[test]
fn form_body_uses_whatwg_encoding() {
    let mut settings = RequestSettings {
        endpoint: "https://auth.example/token".into(),
        client_auth: ClientAuth::None,
        client_id: "a b&c=d/é".into(),
        ..RequestSettings::default()
    };
    settings.params.insert("scope".into(), "openid profile".into());
    let request = build_request(&settings, None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(request.body(), "grant_type=client_credentials&scope=openid+profile&client_id=a+b%26c%3Dd%2F%C3%A9");
    let http = render_http(&request);
    assert!(http.starts_with("POST /token HTTP/1.1\r\nHost: auth.example\r\n"), "{http}");
    assert!(http.ends_with("\r\n\r\ngrant_type=client_credentials&scope=openid+profile&client_id=a+b%26c%3Dd%2F%C3%A9"));
    assert!(http.contains(&format!("Content-Length: {}\r\n", request.body().len())));
}

#[test]
fn powershell_single_quotes_every_quote_form() {
    assert_eq!(powershell_quote("plain"), "'plain'");
    assert_eq!(powershell_quote("it's"), "'it''s'");
    assert_eq!(powershell_quote("$(Remove-Item x) `n $env:PATH"), "'$(Remove-Item x) `n $env:PATH'");
    assert_eq!(powershell_quote("a\u{2018}b\u{2019}c\u{201A}d\u{201B}"), "'a\u{2018}\u{2018}b\u{2019}\u{2019}c\u{201A}\u{201A}d\u{201B}\u{201B}'");
    // Inside a quoted literal, every quote character appears in doubled pairs only.
    for value in hostile_values() {
        let quoted = powershell_quote(&value);
        let inner: Vec<char> = quoted.chars().skip(1).take(quoted.chars().count() - 2).collect();
        let mut i = 0;
        while i < inner.len() {
            if matches!(inner[i], '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}') {
                assert_eq!(inner.get(i + 1), Some(&inner[i]), "lone quote in {quoted:?}");
                i += 2;
            } else {
                i += 1;
            }
        }
    }
}

#[test]
fn powershell_body_lines_are_ascii_and_complete() {
    let request = request_with("it's $(x) é");
    let script = render_powershell(&request);
    let body_lines: Vec<&str> = script.lines().skip(1).take_while(|l| !l.starts_with(')')).collect();
    assert_eq!(body_lines.len(), request.form.len());
    for line in &body_lines {
        assert!(line.is_ascii(), "{line}");
    }
    let joined: String = body_lines.iter().map(|l| l.trim().trim_matches('\'')).collect::<Vec<_>>().join("&");
    let decoded: Vec<(String, String)> = form_urlencoded::parse(joined.as_bytes()).into_owned().collect();
    assert_eq!(decoded, request.form);
    assert!(script.contains("Invoke-RestMethod -Method Post -Uri 'https://auth.example/op/v1/token'"));
}

#[test]
fn registration_commands_carry_the_jwks_and_take_the_okta_token_from_the_shell() {
    use pkjwt_core::register::{dynamic_registration_body, json_post_curl, okta_service_app_body, OKTA_AUTHORIZATION};
    let dir = temp_dir("register");
    install_argument_recorder(&dir);
    let jwks = serde_json::json!({"keys": [{"kty": "OKP", "crv": "Ed25519", "x": "it's $(x)", "kid": "k`1`"}]});
    let redirect_uri = "https://app.example/cb?next='$(id)'&x=`y`";
    let body = dynamic_registration_body("app 'quoted' $(x)", &jwks, pkjwt_core::jwa::Alg::EdDSA, pkjwt_core::request::Grant::ClientCredentials, redirect_uri);
    let command = json_post_curl("https://as.example/register", &body, None).unwrap_or_else(|e| panic!("{e}"));
    let received = run_in("bash", &dir, &command);
    let args: Vec<String> = received.split(|b| *b == 0).filter(|a| !a.is_empty()).map(|a| String::from_utf8_lossy(a).into_owned()).collect();
    let sent: serde_json::Value = serde_json::from_str(args.last().map(String::as_str).unwrap_or("")).unwrap_or_default();
    assert_eq!(sent["jwks"], jwks);
    assert_eq!(sent["token_endpoint_auth_method"], "private_key_jwt");
    assert_eq!(sent["client_name"], "app 'quoted' $(x)");
    assert_eq!(sent["redirect_uris"], serde_json::json!([redirect_uri]));
    let without = dynamic_registration_body("app", &jwks, pkjwt_core::jwa::Alg::EdDSA, pkjwt_core::request::Grant::ClientCredentials, " ");
    assert!(without.get("redirect_uris").is_none(), "no redirect URI, no redirect_uris: {without}");
    assert!(args.contains(&"--data-raw".to_string()) && args.contains(&"https://as.example/register".to_string()));

    let okta = json_post_curl("https://dev.okta.com/api/v1/apps", &okta_service_app_body("pkjwt", &jwks), Some(OKTA_AUTHORIZATION))
        .unwrap_or_else(|e| panic!("{e}"));
    // Without the token exported, the shell refuses to run the command at all.
    let out = dir.join("args.bin");
    let _ = std::fs::remove_file(&out);
    let refused = Command::new("bash").arg("-c").arg(&okta).current_dir(&dir)
        .env("PATH", format!("{}:{}", dir.display(), std::env::var("PATH").unwrap_or_default()))
        .env("ARGS_OUT", &out).env_remove("OKTA_API_TOKEN").output();
    assert!(refused.as_ref().is_ok_and(|o| !o.status.success() && String::from_utf8_lossy(&o.stderr).contains("OKTA_API_TOKEN")), "{refused:?}");
    assert!(!out.exists(), "curl ran without a token");
    let with_token = Command::new("bash").arg("-c").arg(&okta).current_dir(&dir)
        .env("PATH", format!("{}:{}", dir.display(), std::env::var("PATH").unwrap_or_default()))
        .env("ARGS_OUT", &out).env("OKTA_API_TOKEN", "00abc'$(x)").status();
    assert!(with_token.is_ok_and(|s| s.success()));
    let received = std::fs::read(&out).unwrap_or_default();
    let args: Vec<String> = received.split(|b| *b == 0).filter(|a| !a.is_empty()).map(|a| String::from_utf8_lossy(a).into_owned()).collect();
    assert!(args.contains(&"Authorization: SSWS 00abc'$(x)".to_string()), "{args:?}");
    let sent: serde_json::Value = serde_json::from_str(args.last().map(String::as_str).unwrap_or("")).unwrap_or_default();
    assert_eq!(sent["settings"]["oauthClient"]["jwks"], jwks);
}

#[test]
fn real_curl_sends_the_userinfo_get_with_exactly_our_bearer_header() {
    let dir = temp_dir("userinfo");
    for token in ["it's$(x)`y`\"z\"é&=+%", "eyJhbGciOiJSUzI1NiJ9.e30.c2ln"] {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("bind: {e}"));
        let port = listener.local_addr().map(|a| a.port()).unwrap_or_default();
        let server = accept_one(listener);
        let request = TokenRequest::bearer_get(&format!("http://127.0.0.1:{port}/me?schema=openid"), token).unwrap_or_else(|e| panic!("{e}"));
        let command = render_curl(&request).unwrap_or_else(|e| panic!("{e}"));
        let output = Command::new("bash").arg("-c").arg(&command).current_dir(&dir).output();
        assert!(output.as_ref().is_ok_and(|o| o.status.success()), "curl failed: {output:?}");
        let (head, body) = server.join().unwrap_or_else(|_| panic!("server thread"));
        assert!(head.starts_with("GET /me?schema=openid HTTP/1.1"), "{head}");
        assert!(head.lines().any(|line| line == format!("Authorization: Bearer {token}")), "{head}");
        assert!(body.is_empty() && !head.to_ascii_lowercase().contains("content-length"), "{head}");
        let http = render_http(&request);
        assert!(http.starts_with("GET /me?schema=openid HTTP/1.1\r\n") && http.ends_with("\r\n\r\n"), "{http}");
        let powershell = render_powershell(&request);
        assert!(powershell.contains("Invoke-RestMethod -Method Get -Uri ") && !powershell.contains("-Body"), "{powershell}");
        assert!(powershell.contains(&powershell_quote(&format!("Bearer {token}"))), "{powershell}");
    }
    // A header cannot carry a line break (it would add a header of its own).
    for bad in ["a\nX-Evil: 1", "a\0b", "  "] {
        assert!(TokenRequest::bearer_get("https://as.example/me", bad).is_err(), "{bad:?}");
    }
}

#[test]
fn the_code_and_device_grants_send_their_secrets_and_share_none() {
    let mut settings = RequestSettings {
        endpoint: "https://as.example/token".into(),
        grant: Grant::AuthorizationCode,
        client_auth: ClientAuth::PrivateKeyJwt,
        client_id: "client-1".into(),
        redirect_uri: "http://127.0.0.1:8080/callback.html".into(),
        ..RequestSettings::default()
    };
    let code = |settings: &RequestSettings| build_request(settings, Some("a.b.c")).err().map(|e| e.to_string());
    assert_eq!(code(&settings), Some("The parameter \"code\" is required for this request.".into()));
    settings.params.insert("code".into(), " c0de \n".into());
    settings.params.insert("code_verifier".into(), "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk".into());
    let request = build_request(&settings, Some("a.b.c")).unwrap_or_else(|e| panic!("{e}"));
    let form: Vec<(&str, &str)> = request.form.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    assert_eq!(
        form,
        [
            ("grant_type", "authorization_code"),
            ("code", "c0de"),
            ("code_verifier", "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            ("redirect_uri", "http://127.0.0.1:8080/callback.html"),
            ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
            ("client_assertion", "a.b.c"),
        ]
    );
    settings.redirect_uri = " ".into();
    assert_eq!(code(&settings), Some("The parameter \"redirect_uri\" is required for this request.".into()));

    let device = RequestSettings { grant: Grant::DeviceCode, client_auth: ClientAuth::None, ..settings.clone() };
    let mut device = device;
    device.params.insert("device_code".into(), "GmRhmhcxhwAzkoEqiMEg_DnyEysNkuNhszIySk9eS".into());
    let request = build_request(&device, None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(request.body(), "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code&device_code=GmRhmhcxhwAzkoEqiMEg_DnyEysNkuNhszIySk9eS&client_id=client-1");
    let shared: Vec<&str> = pkjwt_core::request::shared_params().map(|spec| spec.name).collect();
    for secret in ["code", "code_verifier", "device_code"] {
        assert!(!shared.contains(&secret), "{secret} is shareable");
    }
    for grant in [Grant::AuthorizationCode, Grant::DeviceCode] {
        assert_eq!(Grant::from_id(grant.id()), Some(grant));
    }
}
