//! Copy buttons that sign a new assertion (and DPoP proof) first: both are single-use, so
//! what lands on the clipboard must never be one the page already showed, copied or sent.
use crate::browser::clipboard;
use crate::request_flow::{proven_request, Rendering};
use crate::signer::Signer;
use crate::i18n::t;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;

/// What to copy.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Fresh {
    /// The compact JWS alone.
    Assertion,
    /// The whole request, rendered one way.
    Request(Rendering),
}

#[component]
pub fn FreshCopyButton(testid: &'static str, label: &'static str, what: Fresh) -> impl IntoView {
    let signer = expect_context::<Signer>();
    let dpop = expect_context::<crate::dpop::Dpop>();
    let status = RwSignal::new(None::<Result<(), String>>);
    let copy = move |_| {
        spawn_local(async move {
            let text = match what {
                Fresh::Assertion => signer.sign_now().await.map(|assertion| assertion.token).map_err(|e| crate::i18n::assertion_error(&e)),
                Fresh::Request(rendering) => match proven_request(signer, dpop).await {
                    Ok(request) => rendering.render(&request),
                    Err(error) => Err(error),
                },
            };
            let result = match text {
                Ok(text) => clipboard::copy_text(&text).await,
                Err(error) => Err(error),
            };
            status.set(Some(result));
            set_timeout(move || status.set(None), Duration::from_millis(2500));
        });
    };
    view! {
        <button type="button" data-testid=testid on:click=copy>
            {move || match status.get() {
                Some(Ok(())) => t("Copied ✓ (freshly signed)")(),
                _ => t(label)(),
            }}
        </button>
        {move || (matches!(status.get(), Some(Err(_)))).then(|| view! {
            <span class="status" role="status">{move || status.get().and_then(|s| s.err())}</span>
        })}
    }
}
