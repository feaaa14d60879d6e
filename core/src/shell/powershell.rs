//! The same request for Windows PowerShell (5.1 and 7): `Invoke-RestMethod` with a body we
//! form-encode ourselves, so no value passes through native-command argument splitting.
use crate::request::{HttpMethod, TokenRequest};

/// A PowerShell single-quoted string literal. Inside single quotes PowerShell expands
/// nothing (`$`, backticks and `$()` are literal); the only special characters are the
/// single quotes, which PowerShell also recognises in their typographic forms
/// (U+2018, U+2019, U+201A, U+201B), each escaped by doubling.
pub fn powershell_quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('\'');
    for c in value.chars() {
        if matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}') {
            out.push(c);
        }
        out.push(c);
    }
    out.push('\'');
    out
}

/// The request as a PowerShell script. Form values are percent-encoded (ASCII only), so the
/// body lines cannot break out of their quotes.
pub fn render_powershell(request: &TokenRequest) -> String {
    let mut out = certificate_lines(request);
    if request.method == HttpMethod::Get {
        out.push_str(&render_get(request));
        return out;
    }
    out.push_str("$body = @(\n");
    for (name, value) in &request.form {
        let pair = form_urlencoded::Serializer::new(String::new()).append_pair(name, value).finish();
        out.push_str("  ");
        out.push_str(&powershell_quote(&pair));
        out.push('\n');
    }
    out.push_str(") -join '&'\n");
    out.push_str("$headers = @{\n");
    for (name, value) in &request.headers {
        if name.eq_ignore_ascii_case("Content-Type") {
            continue; // passed as -ContentType, which Invoke-RestMethod prefers
        }
        out.push_str(&format!("  {} = {}\n", powershell_quote(name), powershell_quote(value)));
    }
    out.push_str("}\n");
    out.push_str(&format!(
        "Invoke-RestMethod -Method Post -Uri {} -ContentType {} -Headers $headers -Body $body{}\n",
        powershell_quote(request.url()),
        powershell_quote(crate::request::FORM_CONTENT_TYPE),
        certificate_parameter(request),
    ));
    out
}

/// mTLS (RFC 8705): the certificate and key files as a `$cert` the call presents. Paths are
/// joined to `$PWD` because .NET resolves relative paths against the process's directory, not
/// PowerShell's location; the PKCS#12 round trip gives Windows' TLS stack (SChannel) a key it
/// can use, which an ephemeral PEM key is not.
fn certificate_lines(request: &TokenRequest) -> String {
    let Some(certificate) = &request.client_certificate else { return String::new() };
    format!(
        "# PowerShell 7 or later (CreateFromPemFile needs .NET 5)\n\
         $cert = [System.Security.Cryptography.X509Certificates.X509Certificate2]::CreateFromPemFile((Join-Path $PWD {}), (Join-Path $PWD {}))\n\
         $cert = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new($cert.Export('Pkcs12'))\n",
        powershell_quote(&certificate.cert_file),
        powershell_quote(&certificate.key_file),
    )
}

fn certificate_parameter(request: &TokenRequest) -> &'static str {
    if request.client_certificate.is_some() {
        " -Certificate $cert"
    } else {
        ""
    }
}

/// A GET (userinfo): headers only, no body.
fn render_get(request: &TokenRequest) -> String {
    let mut out = String::from("$headers = @{\n");
    for (name, value) in &request.headers {
        out.push_str(&format!("  {} = {}\n", powershell_quote(name), powershell_quote(value)));
    }
    out.push_str("}\n");
    out.push_str(&format!("Invoke-RestMethod -Method Get -Uri {} -Headers $headers{}\n", powershell_quote(request.url()), certificate_parameter(request)));
    out
}
