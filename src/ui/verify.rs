//! The last answer's id_token (or, without one, a JWT access token) decoded and validated:
//! the signature against the issuer's JWK Set (fetched from `jwks_uri`, or pasted when the
//! server's CORS keeps the page from reading it), verified by the engine the key panel chose
//! (WebCrypto, or RustCrypto in the key worker), then the claims by
//! the core's rules (`iss`, `aud`, `exp`/`iat`, `nonce`, `at_hash`/`c_hash`). The
//! `token-verification` text begins with `valid` or `invalid` in every language.
use crate::browser::fetch;
use crate::key_store::KeyStore;
use crate::i18n::{fill, say, t};
use crate::response::ResponseStore;
use crate::settings::Settings;
use crate::ui::fields::TextField;
use leptos::prelude::*;
use leptos::task::spawn_local;
use pkjwt_core::setup::Effective;
use pkjwt_core::validate::{conclude, parse_jwks, prepare, Expectations, TokenKind, DEFAULT_LEEWAY_SECONDS};

/// The token to check in the last answer, and which rules apply to it.
fn token_to_check(responses: ResponseStore) -> Option<(String, TokenKind)> {
    responses.answer.with(|answer| {
        let answer = answer.as_ref()?;
        match (&answer.id_token, &answer.access_token) {
            (Some(id_token), _) => Some((id_token.clone(), TokenKind::IdToken)),
            (None, Some(access)) if answer.access_token_claims.is_some() => Some((access.clone(), TokenKind::AccessToken)),
            _ => None,
        }
    })
}

#[component]
pub fn TokenCheck() -> impl IntoView {
    let responses = expect_context::<ResponseStore>();
    let keys = expect_context::<KeyStore>();
    let settings = expect_context::<Settings>();
    let effective = expect_context::<Memo<Effective>>();
    // The issuer's keys: pasted, else fetched from jwks_uri (for that address).
    let pasted = RwSignal::new(String::new());
    // The JWK Set fetched, and the address it came from.
    let fetched = RwSignal::new(None::<String>);
    let fetched_from = RwSignal::new(String::new());
    let fetch_problem = RwSignal::new(None::<String>);
    let verdict = RwSignal::new(None::<String>);
    let ticket = StoredValue::new(0u64);

    // The page sends nothing the user did not ask for. An id_token comes from a login the user
    // started, with jwks_uri from the discovery they asked for: its keys are fetched at once. A
    // JWT access token from any other request waits for the button.
    let asked = RwSignal::new(false);
    // Fetch the JWK Set once per address, when there is a token to check and nothing pasted.
    Effect::new(move |_| {
        let wanted = token_to_check(responses).is_some_and(|(_, kind)| kind == TokenKind::IdToken) || asked.get();
        let uri = effective.with(|e| e.jwks_uri.trim().to_owned());
        if !wanted || uri.is_empty() || !pasted.with(|p| p.trim().is_empty()) || fetched_from.with_untracked(|from| *from == uri) {
            return;
        }
        spawn_local(async move {
            match fetch::get_text(&uri).await {
                Ok((200, body)) => {
                    fetch_problem.set(None);
                    fetched_from.set(uri);
                    fetched.set(Some(body));
                }
                Ok((status, _)) => fetch_problem.set(Some(fill(say("The JWK Set at {} answered HTTP {}. Paste the issuer's JWK Set below."), &[uri, status.to_string()]))),
                Err(_) => fetch_problem.set(Some(fill(say("The JWK Set at {} could not be read from this page (most likely the server does not allow it: CORS). Fetch it with curl and paste it below."), &[uri]))),
            }
        });
    });

    // The verdict, again whenever the token, the keys or the expectations change.
    Effect::new(move |_| {
        let Some((token, kind)) = token_to_check(responses) else {
            verdict.set(None);
            return;
        };
        let jwks_text = pasted.with(|p| (!p.trim().is_empty()).then(|| p.clone())).or_else(|| fetched.get());
        let Some(jwks_text) = jwks_text else {
            verdict.set(Some(say("not checked yet: the issuer's JWK Set is needed (fetch it from jwks_uri, or paste it below).").to_owned()));
            return;
        };
        let (issuer, client_id) = effective.with(|e| (e.issuer.trim().to_owned(), e.request.client_id.trim().to_owned()));
        let nonce = responses.expected_nonce.get();
        let access_token = responses.answer.with(|a| a.as_ref().and_then(|a| a.access_token.clone()));
        let code = settings.params.with(|p| p.get("code").cloned()).filter(|c| !c.is_empty());
        ticket.update_value(|t| *t += 1);
        let this = ticket.get_value();
        let engine = keys.engine.get_untracked();
        spawn_local(async move {
            let jwks = match parse_jwks(&jwks_text) {
                Ok(jwks) => jwks,
                Err(error) => return verdict.set(Some(format!("invalid: {}", crate::i18n::jwks_error(&error)))),
            };
            let expect = Expectations {
                kind,
                issuer: &issuer,
                client_id: &client_id,
                now: crate::browser::clock::now_unix() as i64,
                leeway: DEFAULT_LEEWAY_SECONDS,
                nonce: nonce.as_deref(),
                access_token: access_token.as_deref(),
                code: code.as_deref(),
            };
            let text = match prepare(&token, &jwks) {
                Ok(prepared) => {
                    let jwk = prepared.jwk().to_string();
                    match engine.verify(&jwk, prepared.alg, prepared.signing_input().as_bytes(), prepared.signature()).await {
                        Ok(signed) => match conclude(&prepared, signed, &expect).outcome {
                            Ok(()) => "valid".to_owned(),
                            Err(reason) => format!("invalid: {}", crate::i18n::invalid(&reason)),
                        },
                        // Not a verdict on the token: the engine could not check the signature.
                        Err(reason) => format!("invalid: {}", fill(say("the signature could not be checked here ({})."), &[reason])),
                    }
                }
                Err(reason) => format!("invalid: {}", crate::i18n::invalid(&reason)),
            };
            if ticket.try_get_value() == Some(this) {
                verdict.set(Some(text));
            }
        });
    });

    let claims = move || responses.answer.with(|a| a.as_ref().and_then(|a| a.id_token_claims.as_ref()).and_then(|c| serde_json::to_string_pretty(c).ok()));
    let valid = move || verdict.with(|v| v.as_deref() == Some("valid"));
    view! {
        <div class="artefact" hidden=move || responses.answer.with(|a| a.as_ref().is_none_or(|a| a.id_token_claims.is_none()))>
            <h3>{t("id_token claims (decoded)")}</h3>
            <pre class="mono" data-testid="response-id-token-claims" tabindex="0">{claims}</pre>
        </div>
        <div class="card token-check" hidden=move || token_to_check(responses).is_none()>
                <h3>{move || if token_to_check(responses).is_some_and(|(_, kind)| kind == TokenKind::IdToken) { t("id_token validation")() } else { t("Access token validation (JWT)")() }}</h3>
                <p class="status-line" class:bad=move || !valid() class:good=valid>
                    <strong data-testid="token-verification">{move || verdict.get()}</strong>
                </p>
                <p class="hint">
                    {move || fetched.with(Option::is_some).then(|| fill(t("Keys from {}.")(), &[fetched_from.get()]))}
                </p>
                <p class="warning small" data-testid="token-jwks-error" hidden=move || fetch_problem.with(Option::is_none)>{move || fetch_problem.get()}</p>
                <details class="more" prop:open=move || fetch_problem.with(Option::is_some) || fetched.with(Option::is_none)>
                    <summary>{t("The issuer's keys")}</summary>
                    <TextField label="jwks_uri" testid="jwks-uri" value=settings.jwks_uri mono=true placeholder="https://…/jwks"/>
                    <button type="button" data-testid="token-jwks-fetch" on:click=move |_| {
                        fetched_from.set(String::new());
                        asked.set(true);
                        asked.notify();
                    }>{t("Fetch the keys from jwks_uri")}</button>
                    <TextField label="Or paste the JWK Set ({\"keys\": […]})" testid="token-jwks" value=pasted mono=true rows=3/>
                </details>
        </div>
    }
}
