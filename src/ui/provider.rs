//! Step 1: the provider. A preset fills endpoints, grant, algorithm, lifetime, headers and
//! scope; placeholders such as {tenant} stay highlighted until filled; discovery reads the
//! server's own metadata.
use crate::lint::current_preset;
use crate::settings::Settings;
use crate::key_store::KeyStore;
use crate::ui::discovery::DiscoveryCard;
use crate::ui::provider_text::summary;
use crate::ui::register::RegistrationCard;
use crate::ui::share::ShareCard;
use crate::i18n::{t, tf};
use leptos::prelude::*;
use pkjwt_core::preset::{Preset, PRESETS};

#[component]
pub fn ProviderPanel() -> impl IntoView {
    let settings = expect_context::<Settings>();
    let keys = expect_context::<KeyStore>();
    let preset = move || current_preset(settings);
    let recommended = move || {
        let wanted = preset().key;
        let has = keys.key.with(|k| k.as_ref().and_then(|k| k.public_key().kind()));
        (preset().id != "custom" && has != Some(wanted)).then_some(wanted)
    };
    view! {
        <section class="panel" id="provider" aria-labelledby="provider-title">
            <h2 id="provider-title"><span class="step">"1"</span>{t("Provider")}</h2>
            <div class="grid-fields">
                <label class="field">
                    <span>{t("Preset")}</span>
                    <select data-testid="preset" on:change=move |ev| {
                        if let Some(preset) = Preset::by_id(&event_target_value(&ev)) { settings.choose_preset(keys, preset) }
                    }>
                        {PRESETS.iter().map(|p| view! {
                            <option value=p.id prop:selected=move || settings.preset.with(|id| id == p.id)>{p.name}</option>
                        }).collect_view()}
                    </select>
                </label>
            </div>
            <p class="lede" data-testid="preset-summary">
                {move || t(summary(preset().id))()}
                {move || (!preset().docs.is_empty()).then(|| view! {
                    " "<a data-testid="preset-docs" href=move || preset().docs target="_blank" rel="noopener noreferrer">{t("Provider documentation ↗")}</a>
                })}
            </p>
            {move || (recommended().is_some()).then(|| view! {
                <p class="hint">
                    {tf("Recommended key: {}. ", move || vec![recommended().map(|k| k.id()).unwrap_or_default().to_owned()])}
                    <button type="button" class="link" data-testid="preset-generate-key"
                        on:click=move |_| if let Some(kind) = recommended() { keys.generate(kind) }>{t("Generate it")}</button>
                </p>
            })}
            <Placeholders/>
            {crate::lazy::show(crate::lazy::Part::ProviderExtra, provider_extra())}
        </section>
    }
}

crate::lazy::split_view! {
    /// Discovery, the registration steps (with the JWKS URL check) and sharing load on first use.
    pub(crate) fn provider_extra() in later, preload preload_provider_extra {
        view! {
            <DiscoveryCard/>
            <RegistrationCard/>
            <ShareCard/>
        }
    }
}

/// One input per `{placeholder}` still in the settings; filling one replaces it everywhere.
#[component]
fn Placeholders() -> impl IntoView {
    let settings = expect_context::<Settings>();
    let names = Memo::new(move |_| settings.setup().open_placeholders());
    view! {
        {move || (!names.with(Vec::is_empty)).then(|| view! {
            <div class="card placeholders" data-testid="placeholders">
                <h3>{t("Fill in your values")}</h3>
                <p class="hint">{t("The preset's URLs contain these placeholders. Type a value and press Enter (or leave the field) to put it everywhere it occurs.")}</p>
                <div class="grid-fields">
                    {move || names.get().into_iter().map(|name| {
                        let label = format!("{{{name}}}");
                        let testid = format!("placeholder-{name}");
                        let apply_name = name.clone();
                        view! {
                            <label class="field">
                                <span class="mono">{label}</span>
                                <input type="text" class="mono" data-testid=testid spellcheck="false" autocomplete="off" maxlength=crate::ui::fields::LINE_MAX
                                    on:change=move |ev| {
                                        let value = event_target_value(&ev);
                                        if !value.trim().is_empty() { settings.edit(|setup| setup.fill_placeholder(&apply_name, value.trim())) }
                                    }/>
                            </label>
                        }
                    }).collect_view()}
                </div>
            </div>
        })}
    }
}
