//! Step 4: the token request — where, which grant, how the client authenticates — rendered as
//! curl, PowerShell and raw HTTP and sent from the page on request. It is the first step of
//! the preset's flow (`pkjwt_core::flow`); a flow of several steps continues below it.
use crate::request_flow::{fresh_request, request_with, Rendering};
use crate::response::ResponseStore;
use crate::settings::Settings;
use crate::signer::Signer;
use crate::ui::copy::{Fresh, FreshCopyButton};
use crate::ui::fields::{cut_beyond, CheckField, TextField};
use crate::lazy::{show, split_view, Part};
use crate::ui::authorize::AuthorizeCard;
use crate::ui::device::DeviceCard;
use crate::ui::mbp::MbpFlow;
use crate::i18n::t;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::future::Future;
use std::pin::Pin;
use pkjwt_core::flow::{Flow, MIJN_BURGERPROFIEL};
use pkjwt_core::request::{ClientAuth, Grant, ParamSpec, TokenRequest, TOKEN_TYPES};

/// `maxlength` of a request parameter's field (subject and actor tokens can be long).
const PARAM_MAX: usize = cut_beyond(pkjwt_core::request::MAX_PARAM_BYTES);

#[component]
pub fn RequestPanel() -> impl IntoView {
    let settings = expect_context::<Settings>();
    let signer = expect_context::<Signer>();
    let effective = signer.effective();
    // Derived once and shared by every rendering below.
    let request = Memo::new(move |_| {
        effective.with(|effective| signer.current.with(|assertion| request_with(&effective.request, assertion.as_ref())))
    });
    // The proof on screen is signed for the request on screen.
    let dpop = expect_context::<crate::dpop::Dpop>();
    dpop.follow_shown(request);
    // Only the preset decides the flow, and only Mijn Burgerprofiel's has steps of its own.
    let flow = move || Flow::for_preset(crate::lint::current_preset(settings).id);

    view! {
        <section class="panel" id="request" aria-labelledby="request-title">
            <h2 id="request-title"><span class="step">"4"</span>{t("Token request")}</h2>
            <p class="lede">{t("Where the assertion goes. The curl command is the sure way; Send works when the server allows calls from web pages (CORS).")}</p>
            <div class="grid-fields request-setup">
                <TextField label="Endpoint URL (the request is sent here)" testid="token-endpoint" value=settings.endpoint mono=true
                    placeholder="https://…/token"/>
                <label class="field">
                    <span>{t("Grant")}</span>
                    <select data-testid="grant-type" on:change=move |ev| {
                        if let Some(grant) = Grant::from_id(&event_target_value(&ev)) { settings.switch_grant(grant) }
                    }>
                        {Grant::ALL.into_iter().map(|grant| view! {
                            <option value=grant.id() prop:selected=move || settings.grant.get() == grant>{t(grant.label())}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span>{t("Client authentication")}</span>
                    <select data-testid="client-auth" on:change=move |ev| {
                        if let Some(auth) = ClientAuth::from_id(&event_target_value(&ev)) { settings.client_auth.set(auth) }
                    }>
                        {ClientAuth::ALL.into_iter().map(|auth| view! {
                            <option value=auth.id() prop:selected=move || settings.client_auth.get() == auth>{t(auth.label())}</option>
                        }).collect_view()}
                    </select>
                </label>
            </div>
            // The grants that start elsewhere: the front channel, or the device's code.
            {move || match settings.grant.get() {
                Grant::AuthorizationCode => Some(show(Part::Authorize, authorize_card())),
                Grant::DeviceCode => Some(show(Part::Device, device_card())),
                _ => None,
            }}
            <div class="grid-fields">
                {move || settings.grant.get().params().iter().map(|spec| view! { <ParamField spec=*spec/> }).collect_view()}
                {move || (settings.client_auth.get().uses_secret()).then(|| view! {
                    <TextField label="client_secret" testid="param-client_secret" value=settings.client_secret mono=true/>
                })}
                {move || (settings.client_auth.get() == ClientAuth::PrivateKeyJwt).then(|| view! {
                    <CheckField label="Also send client_id as a form field (ACM asks for it)" testid="request-send-client-id"
                        value=settings.send_client_id/>
                })}
            </div>
            <datalist id="token-types">
                {TOKEN_TYPES.into_iter().map(|t| view! { <option value=t></option> }).collect_view()}
            </datalist>

            {move || settings.client_auth.get().uses_certificate().then(|| show(Part::Mtls, mtls_files()))}
            <TokenStep request=request/>
            // Below the commands it signs for: off, it is one line, and the request's commands
            // stay high on the screen.
            {show(Part::Dpop, dpop_card())}
            // A flow of several steps continues below the token request, its first step.
            {move || (flow() == &MIJN_BURGERPROFIEL).then(|| show(Part::Mbp, mbp_flow()))}
        </section>
    }
}

split_view! {
    /// The front channel (PAR, request objects, the window, the callback) loads on first use.
    pub(crate) fn authorize_card() in later, preload preload_authorize_card { view! { <AuthorizeCard/> } }
}

split_view! {
    pub(crate) fn device_card() in later, preload preload_device_card { view! { <DeviceCard/> } }
}

split_view! {
    pub(crate) fn mtls_files() in later, preload preload_mtls_files { view! { <crate::ui::mtls::MtlsFiles/> } }
}

split_view! {
    pub(crate) fn dpop_card() in later, preload preload_dpop_card { view! { <crate::ui::dpop::DpopCard/> } }
}

split_view! {
    pub(crate) fn mbp_flow() in later, preload preload_mbp_flow { view! { <MbpFlow/> } }
}

/// The setup's own request, every flow's first step: curl, PowerShell and raw HTTP (each copy
/// signs a fresh assertion), and Send. Its answer is the response panel's.
#[component]
fn TokenStep(request: Memo<Result<TokenRequest, pkjwt_core::request::RequestError>>) -> impl IntoView {
    let settings = expect_context::<Settings>();
    let dpop = expect_context::<crate::dpop::Dpop>();
    let rendered = move |rendering: Rendering| {
        request.with(|r| {
            let request = r.as_ref().ok()?;
            // Only a proved request is copied (a pasted 10 MB parameter is rendered three times).
            if !dpop.proves_main_request() {
                return rendering.render(request).ok();
            }
            let mut proved = request.clone();
            dpop.carry(&mut proved);
            rendering.render(&proved).ok()
        })
    };
    let build_error = move || request.with(|r| r.as_ref().err().map(crate::i18n::request_error));
    view! {
        <Show when=move || build_error().is_none()>
            <p class="warning small" data-testid="code-single-use" hidden=move || settings.grant.get() != Grant::AuthorizationCode>
                {t("The code in this request works once and expires within minutes (often 60 s): run it right away. A second run gets invalid_grant.")}
            </p>
            <div class="artefact">
                <header class="artefact-head">
                    <h3>{t("curl (bash, zsh, macOS, Linux, WSL)")}</h3>
                    <div class="actions">
                        <FreshCopyButton testid="curl-copy" label="Copy" what=Fresh::Request(Rendering::Curl)/>
                    </div>
                </header>
                <pre class="mono command" data-testid="curl" tabindex="0">{move || rendered(Rendering::Curl)}</pre>
            </div>
            <details class="artefact more">
                <summary>{t("Windows PowerShell")}</summary>
                <div class="actions"><FreshCopyButton testid="curl-powershell-copy" label="Copy" what=Fresh::Request(Rendering::PowerShell)/></div>
                <pre class="mono command" data-testid="curl-powershell" tabindex="0">{move || rendered(Rendering::PowerShell)}</pre>
            </details>
            <details class="artefact more">
                <summary>{t("What this page sends when you press Send (raw HTTP)")}</summary>
                <p class="hint">{t("Send posts exactly this, to this address only, without cookies or Referer. The private key is not in it: only the signed assertion is.")}</p>
                <div class="actions"><FreshCopyButton testid="request-http-copy" label="Copy" what=Fresh::Request(Rendering::Http)/></div>
                <pre class="mono command" data-testid="request-http" tabindex="0">{move || rendered(Rendering::Http)}</pre>
            </details>
            {crate::lazy::show(crate::lazy::Part::Script, crate::ui::script::script_block(request))}
        </Show>
        <SendRow request=request/>
    }
}

/// One form parameter of the current grant.
#[component]
fn ParamField(spec: ParamSpec) -> impl IntoView {
    let settings = expect_context::<Settings>();
    let name = spec.name;
    let value = move || settings.params.with(|p| p.get(name).cloned().unwrap_or_else(|| spec.default.to_owned()));
    let set = move |ev| settings.set_param(name, event_target_value(&ev));
    let templated = move || !pkjwt_core::setup::placeholders(&value()).is_empty();
    let label = move || {
        let mut label = name.to_owned();
        if spec.required {
            label.push(' ');
            label.push_str(t("(required)")());
        }
        if spec.repeatable {
            label.push_str(" — ");
            label.push_str(t("one per line")());
        }
        label
    };
    let testid = format!("param-{name}");
    let control = if spec.repeatable {
        view! { <textarea data-testid=testid class="mono" class:has-placeholder=templated rows="2" spellcheck="false" maxlength=PARAM_MAX prop:value=value on:input=set></textarea> }.into_any()
    } else {
        let list = (!spec.choices.is_empty() && spec.choices.len() == TOKEN_TYPES.len()).then_some("token-types");
        view! { <input type="text" data-testid=testid class="mono" class:has-placeholder=templated spellcheck="false" autocomplete="off" list=list maxlength=PARAM_MAX
            prop:value=value on:input=set/> }.into_any()
    };
    view! { <label class="field"><span>{label}</span>{control}</label> }
}

#[component]
fn SendRow(request: Memo<Result<TokenRequest, pkjwt_core::request::RequestError>>) -> impl IntoView {
    let settings = expect_context::<Settings>();
    let signer = expect_context::<Signer>();
    let responses = expect_context::<ResponseStore>();
    let clock = expect_context::<crate::clock::Clock>();
    let dpop = expect_context::<crate::dpop::Dpop>();
    // A page cannot present a TLS client certificate (fetch has no way to), so no Send.
    let mtls = move || settings.client_auth.get().uses_certificate();
    let send = move |_| {
        if responses.sending.get_untracked() || mtls() {
            return;
        }
        responses.sending.set(true);
        responses.error.set(None);
        let resign = settings.resign_on_send.get_untracked();
        let about = settings.setup_untracked();
        // An exchanged code's id_token must carry the nonce its attempt sent.
        let nonce = (about.grant == Grant::AuthorizationCode).then(crate::authorize::expected_nonce).flatten();
        spawn_local(async move {
            let proved = untrack(|| dpop.proves_main_request());
            // Each try a new request: the nonce retry needs a new assertion too.
            let build = move || -> Pin<Box<dyn Future<Output = _>>> { Box::pin(async move {
                if resign {
                    fresh_request(signer).await
                } else {
                    // The request shown, with the proof shown: unchanged, as the checkbox says.
                    let mut shown = request.get_untracked().map_err(|e| crate::i18n::request_error(&e))?;
                    dpop.carry(&mut shown);
                    Ok(shown)
                }
            }) };
            match dpop.send(&build, resign && proved).await {
                Ok(sent) => {
                    clock.touch();
                    responses.expected_nonce.set(nonce);
                    // An introspection answer is about a DPoP token too, though it took no proof.
                    responses.asked_dpop.set(dpop.enabled_untracked());
                    responses.show(sent.response)
                }
                Err(error) => {
                    responses.last.set(None);
                    responses.error.set(Some((about.clone(), error)));
                }
            }
            responses.sending.set(false);
            // The assertion just sent is spent; show an unused one.
            if resign && signer.effective().with_untracked(|effective| effective.request.needs_assertion()) {
                let _ = signer.sign_now().await;
            }
        });
    };
    let error = move || {
        request
            .with(|r| r.as_ref().err().map(crate::i18n::request_error))
            // Only a send error needs the settings it was about (and a snapshot of them).
            .or_else(|| responses.error.with(Option::is_some).then(|| responses.current_error(&settings.setup())).flatten())
    };
    view! {
        <div class="row send-row" id="request-send-row">
            <button type="button" class="primary" data-testid="request-send" on:click=send
                disabled=move || responses.sending.get() || mtls()>
                {move || if responses.sending.get() { t("Sending…")() } else { t("Send from this page")() }}
            </button>
            <span class="hint" hidden=mtls>{t("Only to the endpoint above, only when you press it.")}</span>
            <span class="hint warning" data-testid="request-send-mtls" hidden=move || !mtls()>
                {t("Send cannot do mTLS: a web page cannot present a TLS client certificate (fetch has no way to attach one). Run the curl command, which presents the two files named in it.")}
            </span>
        </div>
        <details class="advanced">
            <summary>{t("Testing your server")}</summary>
            <CheckField label="Sign a new assertion for every Send (turn off to send the one shown, unchanged: a server must refuse it the second time, and once it has expired)"
                testid="request-resign" value=settings.resign_on_send/>
        </details>
        {move || (error().is_some()).then(|| view! {
            <p class="error" role="alert" data-testid="request-error">{error}</p>
        })}
    }
}
