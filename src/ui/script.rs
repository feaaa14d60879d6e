//! The Script output of the token request: a Python, Node.js, Go or bash program that signs a
//! new assertion on every run (from the same recipe as the page) and makes this request. The
//! script holds no assertion and no key, so it follows the request's shape, not each signature.
use crate::i18n::{t, tf};
use crate::key_store::KeyStore;
use crate::signer::Signer;
use crate::ui::artefact::Artefact;
use crate::ui::fields::CheckField;
use leptos::prelude::*;
use pkjwt_core::assertion::AssertionRecipe;
use pkjwt_core::request::{download_name, RequestError, TokenRequest, PRIVATE_KEY_FILE_SUFFIX};
use pkjwt_core::script::{render_script, ScriptLang, ScriptOptions};

crate::lazy::split_view! {
    /// The script renderers and templates load on first use.
    pub fn script_block(request: Memo<Result<TokenRequest, RequestError>>) in later, preload preload_script_block {
        view! { <ScriptBlock request=request/> }
    }
}

#[component]
pub fn ScriptBlock(request: Memo<Result<TokenRequest, RequestError>>) -> impl IntoView {
    let signer = expect_context::<Signer>();
    let keys = expect_context::<KeyStore>();
    let dpop = expect_context::<crate::dpop::Dpop>();
    let lang = RwSignal::new(ScriptLang::Python);
    let dotenv = RwSignal::new(false);
    // The request with its assertion blanked: equal from one signature to the next, so the
    // script is written again only when the request itself changes.
    let shape = Memo::new(move |_| {
        request.with(|request| {
            request.as_ref().ok().map(|request| {
                let mut shape = request.clone();
                for (name, value) in &mut shape.form {
                    if name == "client_assertion" || name == "assertion" {
                        value.clear();
                    }
                }
                if dpop.proves_main_request() {
                    shape.headers.push(("DPoP".into(), String::new()));
                }
                shape
            })
        })
    });
    let recipe = Memo::new(move |_| {
        keys.key.with(|key| key.as_ref().and_then(|key| signer.effective().with(|effective| AssertionRecipe::new(&effective.assertion, key).ok())))
    });
    let key_file = Memo::new(move |_| keys.key.with(|key| download_name(key.as_ref().map(|key| key.kid()).unwrap_or_default(), PRIVATE_KEY_FILE_SUFFIX)));
    let script = Memo::new(move |_| {
        shape.with(|shape| {
            let shape = shape.as_ref()?;
            let options = ScriptOptions { lang: lang.get(), key_file: key_file.get(), dotenv: dotenv.get() };
            Some(recipe.with(|recipe| render_script(shape, recipe.as_ref(), &options)).map_err(|error| crate::i18n::script_error(&error)))
        })
    });
    let text = Signal::derive(move || script.with(|script| script.as_ref().and_then(|s| s.as_ref().ok().cloned())));
    let error = move || script.with(|script| script.as_ref().and_then(|s| s.as_ref().err().cloned()));
    let filename = Signal::derive(move || lang.get().file_name().to_owned());
    let hint = tf("Put the private key file {} beside it (or set PKJWT_KEY_FILE), then run: {}", move || {
        vec![key_file.get(), lang.get().run_command().to_owned()]
    });
    view! {
        <details class="artefact more script-block">
            <summary>{t("Script (Python, Node.js, Go or bash): signs a new assertion on every run")}</summary>
            <p class="hint">{t("For your integration: the same request, with a fresh assertion each time, the private key read from a file. Pick a language:")}</p>
            <div class="row">
                <label class="field">
                    <span>{t("Language")}</span>
                    <select data-testid="script-lang" on:change=move |ev| {
                        if let Some(choice) = ScriptLang::from_id(&event_target_value(&ev)) { lang.set(choice) }
                    }>
                        {ScriptLang::ALL.into_iter().map(|choice| view! {
                            <option value=choice.id() prop:selected=move || lang.get() == choice>{t(choice.label())}</option>
                        }).collect_view()}
                    </select>
                </label>
                <span hidden=move || !lang.get().supports_dotenv()>
                    <CheckField label="Also read a .env file (CLIENT_ID, PKJWT_ENDPOINT, PKJWT_KEY_FILE)" testid="script-env" value=dotenv/>
                </span>
            </div>
            <p class="hint" data-testid="script-run" hidden=move || text.with(Option::is_none)>{hint}</p>
            {move || error().map(|error| view! { <p class="warning" data-testid="script-error">{error}</p> })}
            <Artefact title="Script" testid="script" text=text filename=filename mime="text/plain"/>
        </details>
    }
}
