//! The raw HTTP/1.1 request, for reading and for tools that take one.
use crate::request::{HttpMethod, TokenRequest};

/// With mTLS the request starts with a `#` line naming the certificate the TLS connection
/// presents: it is no part of the HTTP message, which cannot carry one.
pub fn render_http(request: &TokenRequest) -> String {
    let method = request.method.as_str();
    let mut out = String::new();
    if let Some(certificate) = &request.client_certificate {
        out.push_str(&format!("# TLS presents the client certificate {} (private key {})\r\n", certificate.cert_file, certificate.key_file));
    }
    out += &format!("{method} {} HTTP/1.1\r\nHost: {}\r\n", request.endpoint.path_and_query(), request.endpoint.authority());
    for (name, value) in &request.headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    if request.method == HttpMethod::Get {
        out.push_str("\r\n");
    } else {
        let body = request.body();
        out.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    }
    out
}
