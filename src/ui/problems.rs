//! What the assertion breaks for the chosen provider, each with its source and a fix.
use crate::lint::apply;
use crate::settings::Settings;
use crate::state::KeyStore;
use crate::ui::fields::CheckField;
use crate::i18n::t;
use leptos::prelude::*;
use pkjwt_core::lint::{Finding, Severity};

#[component]
pub fn Problems(findings: Memo<Vec<Finding>>) -> impl IntoView {
    let settings = expect_context::<Settings>();
    let keys = expect_context::<KeyStore>();
    let i18n = expect_context::<crate::i18n::I18n>();
    view! {
        <div class="lint">
            <div class="checks">
                <CheckField label="Also check RFC 10070 (aud = issuer, typ client-authentication+jwt)" testid="lint-rfc10070" value=settings.rfc10070/>
                <CheckField label="Also check FAPI 2.0" testid="lint-fapi2" value=settings.fapi2/>
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
