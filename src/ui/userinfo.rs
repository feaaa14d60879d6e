//! The userinfo request (OIDC Core §5.3) from the last answer's access token: a GET with
//! `Authorization: Bearer` (the flow's [`Step::Userinfo`]), its curl, Send, and the answer,
//! which stays here so that the token answer above (and its refresh token) stays in view.
use crate::i18n::t;
use crate::response::ResponseStore;
use crate::settings::Settings;
use crate::ui::fields::TextField;
use crate::ui::flow::{FlowState, PostStep};
use leptos::prelude::*;
use pkjwt_core::flow::Step;

#[component]
pub fn UserinfoStep() -> impl IntoView {
    let settings = expect_context::<Settings>();
    let state = FlowState::new(expect_context::<ResponseStore>());
    view! {
        <div class="card flow userinfo">
            <h3>{t("Userinfo")}</h3>
            <TextField label="Userinfo endpoint" testid="userinfo-endpoint" value=settings.userinfo_endpoint mono=true placeholder="https://…/userinfo"/>
            <PostStep state=state step=Step::Userinfo title="curl for userinfo (GET with Authorization: Bearer)" testid="userinfo-curl"
                answer="userinfo-body" hook="userinfo" filename="userinfo.sh"/>
        </div>
    }
}
