//! The raw HTTP/1.1 request, for reading and for tools that take one.
use crate::request::TokenRequest;

pub fn render_http(request: &TokenRequest) -> String {
    let body = request.body();
    let mut out = format!("POST {} HTTP/1.1\r\nHost: {}\r\n", request.endpoint.path_and_query(), request.endpoint.authority());
    for (name, value) in &request.headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    out
}
