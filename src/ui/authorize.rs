//! The authorization code flow's front channel, shown for the grant `authorization_code`
//! above the token request: the authorization request's fields, Start (PAR first in the par
//! modes, a signed request object in the jar modes, then the URL in a window of its own), and
//! the way back (the callback page's message, or a pasted address), which fills the token
//! request's `code` and `code_verifier`.
use crate::authorize::{self, AuthorizeFlow};
use crate::browser::popup;
use crate::dpop::Dpop;
use crate::clock::{duration, Clock};
use crate::i18n::{fill, say, t};
use crate::key_store::KeyStore;
use crate::settings::Settings;
use crate::signer::Signer;
use crate::ui::artefact::Artefact;
use crate::ui::fields::{CheckField, TextField};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::future::Future;
use std::pin::Pin;
use pkjwt_core::assertion::Stamp;
use pkjwt_core::authorize::{
    authorization_params, authorization_url, check_callback, par_request, parse_callback, read_par_answer, request_object,
    Attempt, AuthorizeMode, AuthorizeSettings, FrontChannel, PkceMethod, PushedBody, AUTHZ_PARAMS,
};
use pkjwt_core::request::ParamSpec;
use pkjwt_core::setup::Effective;

/// Why a request that authenticates with mTLS is not sent from the page.
pub const MTLS_FROM_PAGE: &str =
    "mTLS client authentication: a web page cannot present a TLS client certificate (fetch has no way to attach one), so this request cannot go from the page. Use a query-mode authorization request, or run the request with curl --cert/--key.";

/// The page's own callback address, next to the page (any host, any sub-path).
pub fn callback_address() -> Option<String> {
    let page = crate::browser::location::page_address()?;
    let directory = page.rfind('/').map(|slash| &page[..=slash]).unwrap_or(&page);
    Some(format!("{directory}callback.html"))
}

#[component]
pub fn AuthorizeCard() -> impl IntoView {
    let settings = expect_context::<Settings>();
    let signer = expect_context::<Signer>();
    let keys = expect_context::<KeyStore>();
    let flow = expect_context::<AuthorizeFlow>();
    let clock = expect_context::<Clock>();
    let effective = signer.effective();
    // "By default the page's own callback address, ready to register."
    if settings.redirect_uri.with_untracked(|uri| uri.trim().is_empty()) {
        if let Some(address) = callback_address() {
            settings.redirect_uri.set(address);
        }
    }
    popup::listen(move |url| take_callback(flow, settings, &url));
    let dpop = expect_context::<Dpop>();
    follow_changes(flow, signer, keys, dpop);
    // Another grant abandons the flow: the attempt and its code go.
    on_cleanup(move || {
        flow.clear();
        settings.params.update(|params| {
            params.remove("code");
            params.remove("code_verifier");
        });
    });

    let mode_reason = move || effective.with(|e| e.authorize.mode_reason).map(|reason| crate::i18n::mode_reason(&reason));
    let uses_par = move || effective.with(|e| e.authorize.mode.uses_par());
    let request_uri_left = move || {
        let expires = Some(flow.request_uri_expires.get()).filter(|e| *e > 0)?;
        let left = expires - clock.now.get();
        Some(if left > 0 { fill(t("expires in {}")(), &[duration(left)]) } else { t("expired: press Start again")().to_owned() })
    };
    let start = move |_| {
        if flow.busy.get_untracked() {
            return;
        }
        // The window opens now, while the click counts; PAR and signing come after.
        if let Err(message) = popup::open_blank() {
            flow.say(message.to_owned(), true);
            return;
        }
        flow.busy.set(true);
        spawn_local(async move {
            match start_attempt(flow, settings, signer, keys, dpop).await {
                Ok(url) => {
                    popup::navigate(&url);
                    flow.say(say("Waiting for the server: log in and consent in the new window. When it comes back to this page's callback address, the code fills in below. If it goes to another redirect URI, paste the address it went to.").to_owned(), false);
                }
                Err(message) => {
                    popup::close();
                    flow.say(message, true);
                }
            }
            flow.busy.set(false);
        });
    };
    let apply = move |_| {
        let pasted = flow.pasted.get_untracked();
        // The pasted address holds the code: it does not stay in the field.
        flow.pasted.set(String::new());
        take_callback(flow, settings, &pasted);
    };
    let decoded_request_object = move || {
        let token = flow.request_object.get()?;
        let decoded = pkjwt_core::jws::decode(&token).ok()?;
        let header = serde_json::to_string_pretty(&decoded.header).ok()?;
        let claims = serde_json::to_string_pretty(&decoded.claims).ok()?;
        Some(format!("{header}\n{claims}"))
    };

    view! {
        <div class="card flow authorize" data-testid="authorize-card">
            <h3>{t("Authorization request (front channel)")}</h3>
            <p class="hint">{t("The login happens in a new window; this page keeps its key and waits. The server sends the browser back to the redirect URI with a code, which the token request below exchanges.")}</p>
            <div class="grid-fields">
                <TextField label="Authorization endpoint" testid="authorize-endpoint" value=settings.authorization_endpoint mono=true
                    placeholder="https://…/authorize"/>
                <TextField label="Redirect URI (register it with the provider)" testid="redirect-uri" value=settings.redirect_uri mono=true
                    placeholder="https://…/callback.html"/>
                <label class="field">
                    <span>{t("How the request travels")}</span>
                    <select data-testid="authorize-mode" on:change=move |ev| {
                        if let Some(mode) = AuthorizeMode::from_id(&event_target_value(&ev)) { settings.authorize_mode.set(mode) }
                    }>
                        {AuthorizeMode::ALL.into_iter().map(|mode| view! {
                            // The mode in effect: PAR when the server requires it, whatever was chosen.
                            <option value=mode.id() prop:selected=move || effective.with(|e| e.authorize.mode) == mode>{t(mode_label(mode))}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span>{t("PKCE")}</span>
                    <select data-testid="pkce-method" on:change=move |ev| {
                        if let Some(method) = PkceMethod::from_id(&event_target_value(&ev)) { settings.pkce_method.set(method) }
                    }>
                        {PkceMethod::ALL.into_iter().map(|method| view! {
                            <option value=method.id() prop:selected=move || settings.pkce_method.get() == method>{t(pkce_label(method))}</option>
                        }).collect_view()}
                    </select>
                </label>
                // Only in the par modes (a hidden field would still be found, and not be fillable).
                {move || uses_par().then(|| view! {
                    <TextField label="PAR endpoint (pushed authorization requests)" testid="par-endpoint" value=settings.par_endpoint mono=true
                        placeholder="https://…/par"/>
                })}
            </div>
            <p class="hint warning" data-testid="authorize-mode-reason" hidden=move || mode_reason().is_none()>{mode_reason}</p>
            <div hidden=move || !settings.dpop_enabled.get()>
                <CheckField label="Bind the code to the DPoP key (dpop_jkt in the authorization request, RFC 9449 §10)" testid="dpop-bind-code"
                    value=settings.dpop_bind_code/>
            </div>
            <div class="grid-fields">
                {AUTHZ_PARAMS.iter().map(|spec| view! { <AuthzParamField spec=*spec/> }).collect_view()}
            </div>
            <details class="more">
                <summary>{t("More parameters")}</summary>
                <TextField label="Further parameters, one name=value per line" testid="authz-extra" value=settings.authz_extra mono=true rows=2/>
            </details>
            <div class="row start-row">
                <button type="button" class="primary" data-testid="authorize-start" on:click=start disabled=move || flow.busy.get()>
                    {move || if flow.busy.get() { t("Starting…")() } else { t("Start: log in in a new window")() }}
                </button>
                <span class="hint">{move || if uses_par() { t("PAR is sent from this page first (it needs CORS).")() } else { t("Fresh state, nonce and PKCE verifier each time.")() }}</span>
            </div>
            <Artefact title="Signed request object (RFC 9101)" testid="request-object" text=Signal::derive(move || flow.request_object.get())
                filename="request-object.jwt".to_string() mime="application/jwt"
                hint="Signed with the same key and algorithm as the assertion; signed again when a field changes."/>
            <details class="more" hidden=move || flow.request_object.with(Option::is_none)>
                <summary>{t("Request object, decoded")}</summary>
                <pre class="mono" tabindex="0">{decoded_request_object}</pre>
            </details>
            <p class="hint par-line" hidden=move || flow.request_uri.with(Option::is_none)>
                <span>{t("PAR request_uri: ")}</span>
                <code class="mono" data-testid="par-request-uri">{move || flow.request_uri.get()}</code>
                " · " <span data-testid="par-expires">{request_uri_left}</span>
            </p>
            <Artefact title="Authorization URL (the new window goes here)" testid="authorize-url" text=Signal::derive(move || flow.url.get())
                filename="authorization-url.txt".to_string() mime="text/plain"/>
            <div class="callback">
                <label class="field">
                    <span>{t("Redirected somewhere else? Paste the whole address you came back to")}</span>
                    <textarea data-testid="authorize-callback-url" class="mono" rows="2" spellcheck="false" autocomplete="off"
                        maxlength=pkjwt_core::setup::cut_beyond(pkjwt_core::authorize::MAX_CALLBACK_BYTES)
                        placeholder="https://app.example/callback?code=…&state=…"
                        prop:value=move || flow.pasted.get() on:input=move |ev| flow.pasted.set(event_target_value(&ev))></textarea>
                </label>
                <button type="button" data-testid="authorize-callback-apply" on:click=apply>{t("Read code and state")}</button>
            </div>
            <p class="flow-status" class:bad=move || flow.refused.get() role="status" aria-live="polite" data-testid="authorize-status"
                hidden=move || flow.status.with(Option::is_none)>{move || flow.status.get()}</p>
        </div>
    }
}

fn mode_label(mode: AuthorizeMode) -> &'static str {
    match mode {
        AuthorizeMode::Query => "Query parameters",
        AuthorizeMode::Par => "PAR (RFC 9126)",
        AuthorizeMode::Jar => "Signed request object (JAR, RFC 9101)",
        AuthorizeMode::ParJar => "PAR with a signed request object",
    }
}

fn pkce_label(method: PkceMethod) -> &'static str {
    match method {
        PkceMethod::S256 => "S256 (recommended)",
        PkceMethod::Plain => "plain (weak)",
        PkceMethod::None => "none (no PKCE)",
    }
}

/// One authorization request parameter (`authz-param-NAME`).
#[component]
fn AuthzParamField(spec: ParamSpec) -> impl IntoView {
    let settings = expect_context::<Settings>();
    let name = spec.name;
    let value = move || settings.authz_params.with(|p| p.get(name).cloned().unwrap_or_else(|| spec.default.to_owned()));
    let set = move |ev| {
        let text = event_target_value(&ev);
        settings.authz_params.update(|params| {
            params.insert(name.to_owned(), text);
        });
    };
    let testid = format!("authz-param-{name}");
    let max = pkjwt_core::setup::cut_beyond(pkjwt_core::authorize::MAX_EXTRA_BYTES);
    let label = if spec.repeatable { format!("{name} — {}", t("one per line")()) } else { name.to_owned() };
    let control = if spec.repeatable || name == "claims" {
        view! { <textarea data-testid=testid class="mono" rows="2" spellcheck="false" maxlength=max prop:value=value on:input=set></textarea> }.into_any()
    } else {
        let list = (!spec.choices.is_empty()).then(|| format!("authz-{name}-choices"));
        view! {
            <input type="text" data-testid=testid class="mono" spellcheck="false" autocomplete="off" maxlength=max list=list.clone()
                prop:value=value on:input=set/>
            {list.map(|id| view! { <datalist id=id>{spec.choices.iter().map(|c| view! { <option value=*c></option> }).collect_view()}</datalist> })}
        }.into_any()
    };
    view! { <label class="field"><span>{label}</span>{control}</label> }
}

/// Makes a new attempt and its front-channel URL: the parameters, the request object (jar
/// modes, signed like the assertion), PAR (par modes). The error is a sentence for the page.
async fn start_attempt(flow: AuthorizeFlow, settings: Settings, signer: Signer, keys: KeyStore, dpop: Dpop) -> Result<String, String> {
    let effective = signer.effective().get_untracked();
    let authz = effective.authorize.clone();
    flow.url.set(None);
    flow.request_uri.set(None);
    flow.request_uri_expires.set(0);
    flow.request_object.set(None);
    let attempt = authorize::begin(&authz)
        .ok_or_else(|| say("This browser gives no cryptographic randomness (crypto.getRandomValues): no safe state, nonce or verifier can be made.").to_owned())?;
    settings.params.update(|params| {
        params.insert("code".into(), String::new());
        params.insert("code_verifier".into(), attempt.code_verifier().unwrap_or_default().to_owned());
    });
    let (url, request_object) = front_channel(&effective, &attempt, keys, flow, signer, dpop).await?;
    flow.request_object.set(request_object);
    flow.url.set(Some(url.clone()));
    Ok(url)
}

/// The URL for `attempt` (and the request object it carries or pushed), PAR included.
async fn front_channel(
    effective: &Effective,
    attempt: &Attempt,
    keys: KeyStore,
    flow: AuthorizeFlow,
    signer: Signer,
    dpop: Dpop,
) -> Result<(String, Option<String>), String> {
    let authz = &effective.authorize;
    // RFC 9449 §10: `dpop_jkt` binds the code to the DPoP key, when the user asks.
    let dpop_jkt = match effective.dpop {
        Some(choice) if choice.bind_code => Some(dpop.ready_jkt().await?),
        _ => None,
    };
    let params = authorization_params(authz, attempt, dpop_jkt.as_deref()).map_err(|e| crate::i18n::authorize_error(&e))?;
    let request_object = if authz.mode.uses_jar() { Some(sign_request_object(effective, authz, &params, keys).await?) } else { None };
    if !authz.mode.uses_par() {
        let front = match &request_object {
            Some(jws) => FrontChannel::RequestObject(jws),
            None => FrontChannel::Params(&params),
        };
        return Ok((authorization_url(authz, front).map_err(|e| crate::i18n::authorize_error(&e))?, request_object));
    }
    if effective.request.client_auth.uses_certificate() {
        return Err(say(MTLS_FROM_PAGE).to_owned());
    }
    // Each try signs its own assertion (the DPoP nonce retry too): each is single-use.
    let build = || -> Pin<Box<dyn Future<Output = _> + '_>> { Box::pin(async {
        let assertion = if effective.request.needs_assertion() {
            Some(signer.sign_for(&authz.par_endpoint).await.map_err(|e| crate::i18n::assertion_error(&e))?.token)
        } else {
            None
        };
        let body = match &request_object {
            Some(jws) => PushedBody::RequestObject(jws),
            None => PushedBody::Params(&params),
        };
        par_request(authz, &effective.request, body, assertion.as_deref()).map_err(|e| crate::i18n::authorize_error(&e))
    }) };
    let response = dpop.send(&build, true).await?.response;
    let answer = read_par_answer(response.status, &response.body).map_err(|e| format!("PAR: {}", crate::i18n::reply_error(&e)))?;
    flow.request_uri.set(Some(answer.request_uri.clone()));
    flow.request_uri_expires.set(response.received_at + answer.expires_in.min(i64::MAX as u64) as i64);
    let url = authorization_url(authz, FrontChannel::RequestUri(&answer.request_uri)).map_err(|e| crate::i18n::authorize_error(&e))?;
    Ok((url, request_object))
}

/// The request object for `params`, signed now with the page's key and engine.
async fn sign_request_object(
    effective: &Effective,
    authz: &AuthorizeSettings,
    params: &pkjwt_core::authorize::AuthorizationParams,
    keys: KeyStore,
) -> Result<String, String> {
    let key = keys.key.get_untracked().ok_or_else(|| t("Generate or import a key first.")().to_owned())?;
    let kid = effective.assertion.include_kid.then(|| key.kid().to_owned());
    let stamp = Stamp::fresh(crate::browser::clock::now_unix() as i64);
    let unsigned = request_object(authz, params, effective.alg, kid.as_deref(), stamp).map_err(|e| crate::i18n::authorize_error(&e))?;
    let signature = keys.engine.get_untracked().sign(&key, effective.alg, unsigned.signing_input().as_bytes()).await.map_err(|e| e.to_string())?;
    Ok(unsigned.finish(&signature))
}

/// While an attempt is pending, a change of its fields, the key or the engine builds its
/// request again: the request object re-signed and the URL redone (query and jar); a pushed
/// request cannot change, so in the par modes the page says to start again.
fn follow_changes(flow: AuthorizeFlow, signer: Signer, keys: KeyStore, dpop: Dpop) {
    Effect::new(move |_| {
        keys.key.track();
        keys.engine.track();
        let effective = signer.effective().get();
        if !authorize::changed_since_start(&effective.authorize) || flow.url.with_untracked(Option::is_none) {
            return;
        }
        if effective.authorize.mode.uses_par() {
            flow.url.set(None);
            flow.request_uri.set(None);
            flow.request_uri_expires.set(0);
            flow.say(say("The settings changed after PAR: the pushed request no longer matches them. Press Start again.").to_owned(), true);
            return;
        }
        spawn_local(async move {
            let Some(attempt) = authorize::with_pending(|attempt| attempt.cloned()) else { return };
            match front_channel(&effective, &attempt, keys, flow, signer, dpop).await {
                Ok((url, request_object)) => {
                    flow.request_object.set(request_object);
                    flow.url.set(Some(url));
                }
                Err(message) => flow.say(message, true),
            }
        });
    });
}

/// Reads a redirect address (from the callback page or pasted) and checks it against the
/// pending attempt; a good one fills `code` (and `code_verifier`), a refused one is said in
/// words and fills nothing.
fn take_callback(flow: AuthorizeFlow, settings: Settings, address: &str) {
    let callback = match parse_callback(address) {
        Ok(callback) => callback,
        Err(error) => return flow.say(crate::i18n::callback_error(&error), true),
    };
    let checked = authorize::with_pending(|attempt| {
        let verifier = attempt.as_ref().and_then(|a| a.code_verifier().map(str::to_owned));
        check_callback(attempt, &callback).map(|code| (code, verifier))
    });
    match checked {
        Ok((code, verifier)) => {
            popup::forget_window();
            settings.params.update(|params| {
                params.insert("code".into(), code.as_str().to_owned());
                params.insert("code_verifier".into(), verifier.unwrap_or_default());
            });
            flow.say(say("Code received (state matched). It works once and expires within minutes: send the token request below now.").to_owned(), false);
            crate::browser::document::scroll_into_view("request-send-row");
        }
        Err(refusal) => flow.say(crate::i18n::callback_refusal(&refusal), true),
    }
}
