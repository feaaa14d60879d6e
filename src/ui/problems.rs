//! What the assertion breaks for the chosen provider, each with its source and a fix.
use crate::lint::apply;
use crate::settings::Settings;
use crate::key_store::KeyStore;
use crate::i18n::t;
use leptos::prelude::*;
use pkjwt_core::lint::{Finding, Severity};

crate::lazy::split_view! {
    /// The lint with its rule-set choices: its rules and their messages are a lazy module.
    pub(crate) fn problems_panel() in signing, preload preload_problems {
        let settings = expect_context::<Settings>();
        let keys = expect_context::<KeyStore>();
        let findings = crate::lint::findings(settings, keys, expect_context::<Memo<pkjwt_core::setup::Effective>>());
        view! { <Problems findings=findings/> }
    }
}

#[component]
pub fn Problems(findings: Memo<Vec<Finding>>) -> impl IntoView {
    let settings = expect_context::<Settings>();
    let keys = expect_context::<KeyStore>();
    let i18n = expect_context::<crate::i18n::I18n>();
    view! {
        <div class="lint">
            <div class="checks">
                <RuleSetCheck id="rfc10070" label="Also check RFC 10070 (aud = issuer, typ client-authentication+jwt)"/>
                <RuleSetCheck id="fapi2" label="Also check FAPI 2.0"/>
            </div>
            <ul class="problems" data-testid="assertion-problems" aria-live="polite" aria-label=t("Problems for the chosen provider")>
                {move || { let lang = i18n.lang.get(); findings.get().into_iter().map(|finding| {
                    let fix = finding.fix.clone();
                    let warning = finding.severity == Severity::Warning;
                    view! {
                        <li data-testid="assertion-problem" data-rule=finding.rule class:warning=warning>
                            <span class="severity">{if warning { t("Advice") } else { t("Problem") }}</span>
                            <span class="message">{crate::i18n::finding_message(&finding, lang)}</span>
                            " "
                            <a href=finding.url.clone() target="_blank" rel="noopener noreferrer" class="source">{crate::i18n::finding_source(&finding, lang)}</a>
                            {fix.map(|fix| {
                                let label = crate::i18n::fix_label(&fix, lang);
                                view! {
                                    <button type="button" class="fix" data-testid="assertion-problem-fix"
                                        on:click=move |_| apply(settings, keys, &fix)>{label}</button>
                                }
                            })}
                        </li>
                    }
                }).collect_view() }}
            </ul>
        </div>
    }
}

/// Switches one extra rule set (`lint-<id>`) on or off.
#[component]
fn RuleSetCheck(id: &'static str, label: &'static str) -> impl IntoView {
    let settings = expect_context::<Settings>();
    view! {
        <label class="check small-check">
            <input type="checkbox" data-testid=format!("lint-{id}") prop:checked=move || settings.rule_sets.with(|on| on.contains(id))
                on:change=move |ev| settings.rule_sets.update(|on| on.set(id, event_target_checked(&ev)))/>
            <span>{t(label)}</span>
        </label>
    }
}
