//! Whether the last answer's token is bound to this page's DPoP key or certificate: its
//! `token_type` against what was asked, and `cnf.jkt` / `cnf.x5t#S256` of the JWT access
//! token (or of an introspection answer) against the key's thumbprint and the certificate's
//! hash (`pkjwt_core::dpop::binding_findings`). The `token-binding` text begins with `bound`,
//! `not bound` or `mismatch` in every language.
use crate::dpop::Dpop;
use crate::i18n::{say, t};
use crate::key_store::KeyStore;
use crate::response::ResponseStore;
use crate::settings::Settings;
use leptos::prelude::*;
use pkjwt_core::dpop::{binding_findings, BindingFinding};

#[component]
pub fn TokenBinding() -> impl IntoView {
    let responses = expect_context::<ResponseStore>();
    let settings = expect_context::<Settings>();
    let keys = expect_context::<KeyStore>();
    let dpop = expect_context::<Dpop>();
    let verdict = Memo::new(move |_| {
        // The findings are sentences: again in the other language.
        crate::i18n::current();
        let asked_dpop = responses.asked_dpop.get();
        let jkt = if asked_dpop { dpop.jkt.get() } else { None };
        let x5t = if settings.client_auth.get().uses_certificate() {
            keys.key.with(|k| k.as_ref().and_then(|k| k.certificate()).map(|c| c.x5t_s256()))
        } else {
            None
        };
        // The answer as the response store read it once (its JSON and the access token's claims).
        let (findings, dpop_token) = responses.answer.with(|answer| {
            let answer = answer.as_ref()?;
            let body = answer.json.as_ref()?;
            // Only an answer that carries a token, or says whether one is active, has a binding.
            if body.get("access_token").is_none() && body.get("active").is_none() {
                return None;
            }
            let claims = answer.access_token_claims.as_ref().and_then(serde_json::Value::as_object);
            // RFC 9449 §5: token_type DPoP is the server saying it bound the token to the proof's
            // key (what an opaque token's cnf would show).
            let dpop_token = asked_dpop && body.get("token_type").and_then(|v| v.as_str()).is_some_and(|v| v.eq_ignore_ascii_case("DPoP"));
            Some((binding_findings(asked_dpop, body, claims, jkt.as_deref(), x5t.as_deref()), dpop_token))
        })?;
        let mut said: Vec<String> = findings.iter().map(crate::i18n::binding_finding).collect();
        let word = if findings.iter().any(|f| !f.is_match() && *f != BindingFinding::Unseen) {
            "mismatch"
        } else if findings.iter().any(BindingFinding::is_match) {
            "bound"
        } else if dpop_token && findings.contains(&BindingFinding::Unseen) {
            said.insert(0, say("token_type is DPoP: the server bound the token to the key of the proof it received.").to_owned());
            "bound"
        } else {
            "not bound"
        };
        Some(if said.is_empty() { word.to_owned() } else { format!("{word}: {}", said.join(" ")) })
    });
    view! {
        <div class="card token-binding" hidden=move || verdict.with(Option::is_none)>
            <h3>{t("Token binding (DPoP, mTLS)")}</h3>
            <p class="status-line"
                class:good=move || verdict.with(|v| v.as_deref().is_some_and(|v| v.starts_with("bound")))
                class:bad=move || verdict.with(|v| v.as_deref().is_some_and(|v| v.starts_with("mismatch")))>
                <strong data-testid="token-binding">{move || verdict.get()}</strong>
            </p>
        </div>
    }
}
