//! Requests and the commands rendered from them.
use super::*;
use crate::tokens_urls::{endpoint_invariants, request_error};

const PARAM_NAMES: &[&str] = &[
    "scope", "audience", "resource", "refresh_token", "subject_token", "subject_token_type", "actor_token", "actor_token_type",
    "requested_token_type", "token", "token_type_hint", "other",
];

fn request_settings() -> impl Strategy<Value = (RequestSettings, Option<String>)> {
    let endpoint = prop_oneof![4 => prop::sample::select(seeds().urls.clone()), 1 => hostile_text()];
    let params = proptest::collection::vec((prop::sample::select(PARAM_NAMES), field_text()), 0..8);
    let assertion = proptest::option::weighted(0.8, prop_oneof![4 => prop::sample::select(seeds().tokens.clone()), 1 => field_text()]);
    (
        endpoint,
        prop::sample::select(Grant::ALL.to_vec()),
        prop::sample::select(ClientAuth::ALL.to_vec()),
        field_text(),
        field_text(),
        any::<bool>(),
        params,
        assertion,
    )
        .prop_map(|(endpoint, grant, client_auth, client_id, client_secret, send_client_id, params, assertion)| {
            let params = params.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
            (RequestSettings { endpoint, grant, client_auth, client_id, client_secret, send_client_id, params, redirect_uri: "https://app.example/cb".into(), ..RequestSettings::default() }, assertion)
        })
}

/// The rendered curl command splits back into exactly its argument vector, unless an
/// argument holds a NUL, which no command can carry.
fn curl_round_trips(rendered: Result<String, pkjwt_core::shell::ShellError>, argv: Vec<String>) -> Result<(), TestCaseError> {
    let has_nul = argv.iter().any(|a| a.contains('\0'));
    match rendered {
        Err(error) => {
            prop_assert!(has_nul, "refused without a NUL: {}", error);
            error_contract("render_curl", None, &error.to_string())
        }
        Ok(script) => {
            prop_assert!(!has_nul, "rendered a NUL");
            let words = shell_words(&script).ok_or_else(|| fail(format!("not valid shell: {script:?}")))?;
            let expected: Vec<Vec<u8>> = argv.into_iter().map(String::into_bytes).collect();
            prop_assert_eq!(words, expected, "shell words differ from argv for {:?}", script);
            Ok(())
        }
    }
}

/// The PowerShell script is the fixed template with our values only inside quoted literals,
/// and those read back to the form pairs, headers and URL.
fn powershell_round_trips(request: &TokenRequest) -> Result<(), TestCaseError> {
    let script = render_powershell(request);
    let (skeleton, literals) = powershell_literals(&script);
    let headers: Vec<&(String, String)> = request.headers.iter().filter(|(n, _)| !n.eq_ignore_ascii_case("Content-Type")).collect();
    // mTLS: the certificate lines first (file names and 'Pkcs12' quoted), `-Certificate` last.
    let (certificate_skeleton, certificate_flag, mut expected) = match &request.client_certificate {
        None => (String::new(), "", Vec::new()),
        Some(files) => (
            "# PowerShell 7 or later (CreateFromPemFile needs .NET 5)\n\
             $cert = [System.Security.Cryptography.X509Certificates.X509Certificate2]::CreateFromPemFile((Join-Path $PWD ''), (Join-Path $PWD ''))\n\
             $cert = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new($cert.Export(''))\n"
                .to_owned(),
            " -Certificate $cert",
            vec![files.cert_file.clone(), files.key_file.clone(), "Pkcs12".to_owned()],
        ),
    };
    let expected_skeleton = format!(
        "{certificate_skeleton}$body = @(\n{}) -join ''\n$headers = @{{\n{}}}\nInvoke-RestMethod -Method Post -Uri '' -ContentType '' -Headers $headers -Body $body{certificate_flag}\n",
        "  ''\n".repeat(request.form.len()),
        "  '' = ''\n".repeat(headers.len())
    );
    prop_assert_eq!(&skeleton, &expected_skeleton, "values escaped their quotes in {:?}", script);
    expected.extend(
        request.form.iter().map(|(name, value)| form_urlencoded::Serializer::new(String::new()).append_pair(name, value).finish()),
    );
    expected.push("&".into());
    for (name, value) in headers {
        expected.push(name.clone());
        expected.push(value.clone());
    }
    expected.push(request.url().to_owned());
    expected.push(pkjwt_core::request::FORM_CONTENT_TYPE.to_owned());
    prop_assert_eq!(literals, expected);
    Ok(())
}

fn http_round_trips(request: &TokenRequest) -> Result<(), TestCaseError> {
    let http = render_http(request);
    let body = request.body();
    // mTLS: one comment line naming the two files comes before the request line.
    let comment = match &request.client_certificate {
        None => String::new(),
        Some(files) => format!("# TLS presents the client certificate {} (private key {})\r\n", files.cert_file, files.key_file),
    };
    let head = format!("{comment}POST {} HTTP/1.1\r\nHost: {}\r\n", request.endpoint.path_and_query(), request.endpoint.authority());
    prop_assert!(http.starts_with(&head));
    let content_length = format!("Content-Length: {}\r\n\r\n", body.len());
    let tail = format!("{content_length}{body}");
    prop_assert!(http.ends_with(&tail), "the request does not end with its length and body");
    let pairs: Vec<(String, String)> = form_urlencoded::parse(body.as_bytes()).into_owned().collect();
    prop_assert_eq!(&pairs, &request.form, "the body does not decode to the form");
    Ok(())
}

#[test]
fn build_request_any_settings() {
    fuzz("build_request", "arbitrary settings (form, curl, PowerShell, HTTP round trips)", request_settings(), |(settings, assertion)| {
        match build_request(&settings, assertion.as_deref()) {
            Err(error) => request_error("build_request", &error),
            Ok(request) => {
                accepted();
                endpoint_invariants(&settings.endpoint, &request.endpoint)?;
                for (name, value) in &request.form {
                    let ours = matches!(name.as_str(), "grant_type" | "assertion" | "client_assertion" | "client_assertion_type" | "client_id" | "client_secret");
                    prop_assert!(ours || PARAM_NAMES.contains(&name.as_str()), "unexpected field {:?}", name);
                    if !matches!(name.as_str(), "assertion" | "client_assertion" | "client_secret") {
                        prop_assert!(!value.contains('\0') && !value.is_empty() && value.trim() == value, "{}={:?}", name, value);
                    }
                }
                curl_round_trips(render_curl(&request), curl_argv(&request))?;
                powershell_round_trips(&request)?;
                http_round_trips(&request)
            }
        }
    });
}

#[test]
fn renderers_any_request() {
    let pair = (field_text(), field_text());
    let request = (prop::sample::select(seeds().urls.clone()), proptest::collection::vec(pair.clone(), 0..4), proptest::collection::vec(pair, 0..6));
    fuzz("render_curl", "arbitrary headers and form values (curl, PowerShell, HTTP)", request, |(url, headers, form)| {
        let endpoint = Endpoint::parse(&url).map_err(|e| fail(e.to_string()))?;
        let request = TokenRequest { method: Default::default(), endpoint, headers, form, client_certificate: None };
        let rendered = render_curl(&request);
        if rendered.is_ok() {
            accepted();
        }
        curl_round_trips(rendered, curl_argv(&request))?;
        powershell_round_trips(&request)?;
        // A form built by hand may repeat names or hold any text; the body still decodes.
        let body = request.body();
        let pairs: Vec<(String, String)> = form_urlencoded::parse(body.as_bytes()).into_owned().collect();
        prop_assert_eq!(&pairs, &request.form);
        Ok(())
    });
}

#[test]
fn render_bearer_curl_any_values() {
    fuzz("render_bearer_curl", "arbitrary URL and access token", (hostile_text(), hostile_text()), |(url, token)| {
        let rendered = render_bearer_curl(&url, &token);
        if rendered.is_ok() {
            accepted();
        }
        curl_round_trips(rendered, bearer_curl_argv(&url, &token))
    });
}
