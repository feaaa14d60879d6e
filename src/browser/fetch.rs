//! Sending a token request from the page with fetch. Only ever called when the user presses
//! Send, and only to the URL they typed.
use crate::browser::clock;
use crate::i18n::{fill, say};
use pkjwt_core::request::{HttpMethod, TokenRequest};
use wasm_bindgen::JsValue;
use web_sys::{AbortSignal, RequestCredentials, ReferrerPolicy};

/// No answer within this long is reported as such instead of spinning forever.
const TIMEOUT_MS: i32 = 30_000;

#[derive(Debug, Clone, PartialEq)]
pub struct HttpResponse {
    pub status: u16,
    pub status_text: String,
    /// Only the headers CORS lets the page read.
    pub headers: Vec<(String, String)>,
    pub body: String,
    pub elapsed_ms: f64,
    /// Unix seconds when the answer arrived, for `expires_in` countdowns.
    pub received_at: i64,
}

/// Why there is no response to show.
#[derive(Debug, Clone, PartialEq)]
pub enum FetchError {
    /// fetch rejected: CORS, an unreachable server, or mixed content. Browsers do not tell
    /// pages which one, on purpose.
    Blocked { target_origin: String, mixed_content: bool },
    TimedOut,
    Other(String),
}

fn page_is_https() -> bool {
    web_sys::window().and_then(|w| w.location().protocol().ok()).is_some_and(|p| p == "https:")
}

pub async fn send(request: &TokenRequest) -> Result<HttpResponse, FetchError> {
    let started = clock::now_ms();
    let controller = web_sys::AbortController::new().map_err(|e| FetchError::Other(super::js_error_text(&e)))?;
    let signal = controller.signal();
    let abort = wasm_bindgen::closure::Closure::once_into_js(move || controller.abort());
    if let Some(window) = web_sys::window() {
        use wasm_bindgen::JsCast;
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(abort.unchecked_ref(), TIMEOUT_MS);
    }
    let method = match request.method {
        HttpMethod::Post => "POST",
        HttpMethod::Get => "GET",
    };
    // A GET (userinfo) has no body at all; fetch refuses one.
    let body = match request.method {
        HttpMethod::Get => None,
        HttpMethod::Post => Some(request.body()),
    };
    let prepared = prepare(request.url(), method, &request.headers, body.as_deref(), Some(&signal))?;
    let response = match prepared.send().await {
        Ok(response) => response,
        Err(_) if signal.aborted() => return Err(FetchError::TimedOut),
        Err(_) => {
            return Err(FetchError::Blocked {
                target_origin: request.endpoint.origin().to_owned(),
                mixed_content: page_is_https() && !request.endpoint.is_https(),
            })
        }
    };
    let headers = response.headers().entries().collect();
    let body = response.text().await.map_err(|e| FetchError::Other(fill(say("The answer could not be read: {}"), &[e.to_string()])))?;
    Ok(HttpResponse {
        status: response.status(),
        status_text: response.status_text(),
        headers,
        body,
        elapsed_ms: clock::now_ms() - started,
        received_at: clock::now_unix() as i64,
    })
}

/// A plain explanation for the page.
pub fn explain(error: &FetchError) -> String {
    match error {
        FetchError::Blocked { mixed_content: true, target_origin } => fill(
            say("The browser refused to call {}: this page is served over https and the endpoint is plain http (mixed content). Use the curl command, or open pkjwt over http://127.0.0.1."),
            std::slice::from_ref(target_origin),
        ),
        FetchError::Blocked { target_origin, .. } => fill(
            say("The browser blocked the call to {} or could not reach it. Most likely the server does not allow calls from web pages (CORS): most public token endpoints (Entra ID, Okta, Auth0, Google) send no CORS headers, so browsers refuse to let a page read their answer. That is a browser rule, not a fault in your request. Copy the curl command above and run it in a terminal; it sends exactly the same request. (If the server should allow this page, check that it is running and that it allows the origin {}.)"),
            &[target_origin.clone(), web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default()],
        ),
        FetchError::TimedOut => fill(
            say("No answer within {} seconds. Is the server reachable from this machine?"),
            &[(TIMEOUT_MS / 1000).to_string()],
        ),
        FetchError::Other(message) => message.clone(),
    }
}

/// GETs a document (server metadata), without cookies or Referer.
pub async fn get_text(url: &str) -> Result<(u16, String), FetchError> {
    let origin = pkjwt_core::endpoint::Endpoint::parse(url)
        .map(|e| e.origin().to_owned())
        .map_err(|e| FetchError::Other(crate::i18n::endpoint_error(&e)))?;
    let accept = [("Accept".to_owned(), "application/json".to_owned())];
    let response = prepare(url, "GET", &accept, None, None)?
        .send()
        .await
        .map_err(|_| FetchError::Blocked { target_origin: origin, mixed_content: page_is_https() && url.starts_with("http:") })?;
    let status = response.status();
    let body = response.text().await.map_err(|e| FetchError::Other(fill(say("The answer could not be read: {}"), &[e.to_string()])))?;
    Ok((status, body))
}

/// The request as fetch gets it: exactly this URL, these headers and this body, no cookies
/// and no Referer. Made here, not with gloo-net's `RequestBuilder`, whose `build` adds a `&`
/// to a URL that already has a query (rustwasm/gloo#498): the page would send
/// `…/token?p=b2c_1&` while its curl says `…/token?p=b2c_1`.
fn prepare(url: &str, method: &str, headers: &[(String, String)], body: Option<&str>, signal: Option<&AbortSignal>) -> Result<gloo_net::http::Request, FetchError> {
    let js_error = |e: JsValue| FetchError::Other(super::js_error_text(&e));
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    init.set_credentials(RequestCredentials::Omit);
    init.set_referrer_policy(ReferrerPolicy::NoReferrer);
    let list = web_sys::Headers::new().map_err(js_error)?;
    for (name, value) in headers {
        list.append(name, value).map_err(js_error)?;
    }
    init.set_headers(&list);
    if let Some(body) = body {
        init.set_body(&JsValue::from_str(body));
    }
    if let Some(signal) = signal {
        init.set_signal(Some(signal));
    }
    web_sys::Request::new_with_str_and_init(url, &init).map(Into::into).map_err(js_error)
}
