//! Turning the effective setup into the request, with a freshly signed assertion when one is
//! needed.
use crate::dpop::Dpop;
use crate::signer::Signer;
use leptos::prelude::*;
use pkjwt_core::assertion::{AssertionError, ClientAssertion};
use pkjwt_core::request::{build_request, MissingAssertion, RequestError, RequestSettings, TokenRequest};
use pkjwt_core::shell::{render_curl, render_http, render_powershell};

/// The request from `settings`, using `assertion` if the request needs one.
pub fn request_with(
    settings: &RequestSettings,
    assertion: Option<&Result<ClientAssertion, AssertionError>>,
) -> Result<TokenRequest, RequestError> {
    if !settings.needs_assertion() {
        return build_request(settings, None);
    }
    match assertion {
        Some(Ok(assertion)) => build_request(settings, Some(&assertion.token)),
        Some(Err(error)) => Err(RequestError::AssertionMissing(MissingAssertion::Failed(error.clone()))),
        None => Err(RequestError::AssertionMissing(MissingAssertion::Pending)),
    }
}

/// Signs a new assertion (when needed) and builds the request with it: what copy and send use.
pub async fn fresh_request(signer: Signer) -> Result<TokenRequest, String> {
    let request_settings = signer.effective().with_untracked(|effective| effective.request.clone());
    let assertion = if request_settings.needs_assertion() { Some(signer.sign_now().await) } else { None };
    request_with(&request_settings, assertion.as_ref()).map_err(|e| crate::i18n::request_error(&e))
}

/// [`fresh_request`] with a fresh DPoP proof when DPoP is on: what each copy takes.
pub async fn proven_request(signer: Signer, dpop: Dpop) -> Result<TokenRequest, String> {
    let mut request = fresh_request(signer).await?;
    if untrack(|| dpop.proves_main_request()) {
        dpop.prove(&mut request).await?;
    }
    Ok(request)
}

/// The artefacts the page renders from a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rendering {
    Curl,
    PowerShell,
    Http,
}

impl Rendering {
    pub fn render(self, request: &TokenRequest) -> Result<String, String> {
        match self {
            Rendering::Curl => render_curl(request).map_err(|e| e.to_string()),
            Rendering::PowerShell => Ok(render_powershell(request)),
            Rendering::Http => Ok(render_http(request)),
        }
    }
}
