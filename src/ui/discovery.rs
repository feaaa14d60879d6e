//! Discovery: read the server's metadata, fill its endpoints, and check the setup against what
//! it announces. When the browser may not read it (CORS), the curl that fetches it and a box
//! to paste the answer.
use crate::browser::fetch::{explain, get_text};
use crate::lint::current_preset;
use crate::settings::Settings;
use crate::ui::artefact::Artefact;
use crate::ui::fields::TextField;
use crate::i18n::t;
use leptos::prelude::*;
use leptos::task::spawn_local;
use pkjwt_core::discovery::{metadata_url, parse_metadata};
use pkjwt_core::discovery::DiscoveryDocument;
use pkjwt_core::shell::render_words;
use pkjwt_core::shell::Word;

fn document_id(document: DiscoveryDocument) -> &'static str {
    match document {
        DiscoveryDocument::OpenIdConfiguration => "openid-configuration",
        DiscoveryDocument::OAuthAuthorizationServer => "oauth-authorization-server",
        DiscoveryDocument::SmartConfiguration => "smart-configuration",
    }
}

const DOCUMENTS: [DiscoveryDocument; 3] = [
    DiscoveryDocument::OpenIdConfiguration,
    DiscoveryDocument::OAuthAuthorizationServer,
    DiscoveryDocument::SmartConfiguration,
];

#[component]
pub fn DiscoveryCard() -> impl IntoView {
    let settings = expect_context::<Settings>();
    let document = RwSignal::new(None::<DiscoveryDocument>);
    let chosen = move || document.get().or(current_preset(settings).discovery).unwrap_or(DiscoveryDocument::OpenIdConfiguration);
    let url = move || metadata_url(&settings.issuer.get(), chosen());
    let status = RwSignal::new(None::<Result<String, String>>);
    let busy = RwSignal::new(false);
    let pasted = RwSignal::new(String::new());

    let i18n = expect_context::<crate::i18n::I18n>();
    let fetch = move |_| {
        let target = match url() {
            Ok(target) => target,
            Err(error) => {
                status.set(Some(Err(format!("{} {error}", crate::i18n::tr(i18n.lang.get_untracked(), "The issuer URL cannot be used:")))));
                return;
            }
        };
        busy.set(true);
        let lang = i18n.lang.get_untracked();
        spawn_local(async move {
            let outcome = match get_text(&target).await {
                Ok((200, body)) => parse_metadata(&body)
                    .map(|metadata| {
                        settings.edit(|setup| setup.adopt(target.clone(), metadata));
                        crate::i18n::fill(crate::i18n::tr(lang, "Read {}."), std::slice::from_ref(&target))
                    })
                    .map_err(|e| crate::i18n::discovery_error(&e)),
                Ok((status, _)) => Err(crate::i18n::fill(
                    crate::i18n::tr(lang, "{} answered HTTP {}; is the issuer right, and is this the right document type?"),
                    &[target.clone(), status.to_string()],
                )),
                Err(error) => Err(format!("{} {}", explain(&error), crate::i18n::tr(lang, "Paste the metadata below instead."))),
            };
            busy.set(false);
            status.set(Some(outcome));
        });
    };
    let apply_paste = move |_| {
        let target = url().unwrap_or_else(|_| "pasted metadata".into());
        let outcome = parse_metadata(&pasted.get_untracked())
            .map(|metadata| {
                settings.edit(|setup| setup.adopt(target, metadata));
                crate::i18n::tr(i18n.lang.get_untracked(), "Read the pasted metadata.").to_string()
            })
            .map_err(|e| crate::i18n::discovery_error(&e));
        status.set(Some(outcome));
    };
    let curl = Signal::derive(move || {
        let target = url().ok()?;
        render_words(&[
            Word::Literal("curl".into()),
            Word::Literal("--silent".into()),
            Word::Literal("--show-error".into()),
            Word::Literal("--url".into()),
            Word::Literal(target),
        ])
        .ok()
    });
    let summary = move || {
        settings.discovered.get().map(|d| {
            let m = d.metadata;
            let list = |items: &[String]| if items.is_empty() { t("(not listed)")().to_string() } else { items.join(", ") };
            view! {
                <dl class="facts" data-testid="discovery-result">
                    <dt>{t("issuer")}</dt><dd class="mono">{m.issuer.clone()}</dd>
                    <dt>{t("token_endpoint")}</dt><dd class="mono">{m.token_endpoint.clone()}</dd>
                    <dt>{t("introspection")}</dt><dd class="mono">{m.introspection_endpoint.clone()}</dd>
                    <dt>{t("revocation")}</dt><dd class="mono">{m.revocation_endpoint.clone()}</dd>
                    <dt>{t("client authentication")}</dt><dd data-testid="discovery-auth-methods">{list(&m.token_endpoint_auth_methods_supported)}</dd>
                    <dt>{t("assertion algorithms")}</dt><dd data-testid="discovery-algs">{list(&m.token_endpoint_auth_signing_alg_values_supported)}</dd>
                    <dt>{t("grants")}</dt><dd>{list(&m.grant_types_supported)}</dd>
                </dl>
            }
        })
    };

    view! {
        <details class="card discovery" open=move || settings.preset.get() == "custom">
            <summary><h3>{t("Server and discovery")}</h3></summary>
            <div class="grid-fields">
                <TextField label="Issuer (or FHIR base URL for SMART)" testid="issuer" value=settings.issuer mono=true
                    placeholder="https://idp.example.org/realms/demo"/>
                <label class="field">
                    <span>{t("Metadata document")}</span>
                    <select data-testid="discovery-document" on:change=move |ev| {
                        let id = event_target_value(&ev);
                        document.set(DOCUMENTS.into_iter().find(|d| document_id(*d) == id));
                    }>
                        {DOCUMENTS.into_iter().map(|d| view! {
                            <option value=document_id(d) prop:selected=move || chosen() == d>{format!("/.well-known/{}", document_id(d))}</option>
                        }).collect_view()}
                    </select>
                </label>
            </div>
            <div class="row">
                <button type="button" data-testid="discovery-fetch" on:click=fetch disabled=move || busy.get()>
                    {move || if busy.get() { t("Reading…")() } else { t("Read the server's metadata")() }}
                </button>
                <span class="hint mono">{move || url().ok()}</span>
            </div>
            {move || status.get().map(|s| match s {
                Ok(message) => view! { <p class="ok" data-testid="discovery-status">{message}</p> }.into_any(),
                Err(message) => view! { <p class="error" role="alert" data-testid="discovery-error">{message}</p> }.into_any(),
            })}
            {summary}
            <details class="more">
                <summary>{t("Fetch it yourself and paste it here")}</summary>
                <Artefact title="curl for the metadata" testid="discovery-curl" text=curl filename="discovery.sh".to_string() mime="text/x-shellscript"/>
                <TextField label="Metadata JSON" testid="discovery-paste" value=pasted mono=true rows=4/>
                <button type="button" data-testid="discovery-paste-apply" on:click=apply_paste>{t("Use the pasted metadata")}</button>
            </details>
        </details>
    }
}
