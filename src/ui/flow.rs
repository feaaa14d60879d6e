//! The steps of a flow (see `pkjwt_core::flow`) after its first, which is always the setup's
//! token request above them (`ui/request.rs`): a POST with its curl, Send and answer
//! ([`PostStep`]), addresses to open ([`OpenStep`]), and the field of a value to paste
//! ([`FlowState::field`]). What one step's answer gives feeds the steps after it
//! ([`FlowState`]). A flow's own module (`ui/mbp.rs`) lays its steps out with these, in its
//! words and with its hooks.
use crate::browser::fetch::HttpResponse;
use crate::dpop::Dpop;
use crate::i18n::t;
use crate::response::{pretty_body, ResponseStore};
use crate::ui::artefact::Artefact;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::future::Future;
use std::pin::Pin;
use pkjwt_core::flow::{Action, Answers, Environment, Slot, Step};
use pkjwt_core::setup::Effective;
use pkjwt_core::shell::render_curl;

/// A flow's state while it is on the page: its setup and the answers of its steps. (Plain
/// signals of types the page already has, not signals of new types: each new signal type
/// costs the first load kilobytes of reactive machinery.)
#[derive(Clone, Copy)]
pub struct FlowState {
    /// The flow's one option so far: production instead of test ([`pkjwt_core::flow::FlowChoices::environment`]).
    pub production: RwSignal<bool>,
    /// By [`Slot`]: a value from the answer of a step after the first, or pasted by hand.
    given: [RwSignal<String>; Slot::ALL.len()],
    responses: ResponseStore,
    effective: Memo<Effective>,
}

impl FlowState {
    pub fn new(responses: ResponseStore) -> FlowState {
        let effective = expect_context::<Memo<Effective>>();
        FlowState { production: RwSignal::new(false), given: Slot::ALL.map(|_| RwSignal::new(String::new())), responses, effective }
    }

    /// Everything known: the first step's answer (the response panel's), then what is given.
    fn answers(self) -> Answers {
        let mut answers = self.responses.answer.with(|a| a.as_ref().map(|a| a.answers())).unwrap_or_default();
        for slot in Slot::ALL {
            let value = self.given[slot as usize].get();
            if !value.is_empty() {
                answers.set(slot, value);
            }
        }
        answers
    }

    fn action(self, step: Step) -> Action {
        let environment = if self.production.get() { Environment::Production } else { Environment::Test };
        // The effective setup's choices: the userinfo address (its mTLS alias where that
        // applies), `Authorization: DPoP` when DPoP is on, the client certificate for mTLS.
        self.effective.with(|effective| step.action(&effective.flow_choices(environment), &self.answers()))
    }

    /// A step's latest answer decides its values, also when it holds none.
    fn take(self, step: Step, reply: &Answers) {
        for slot in step.gives() {
            self.given[*slot as usize].set(reply.given(*slot).to_owned());
        }
    }

    /// The field of a value a step reads, for pasting it when it did not come from a step's
    /// answer (a step's answer fills it).
    pub fn field(self, slot: Slot) -> RwSignal<String> {
        self.given[slot as usize]
    }
}

/// A request the flow builds (a form POST, or a GET such as userinfo): its curl (copy, download), Send, and the answer (under `answer`),
/// whose values go to the steps after it. `hook` prefixes the testids of Send, the answer's
/// status and the error.
#[component]
pub fn PostStep(
    state: FlowState,
    step: Step,
    title: &'static str,
    testid: &'static str,
    answer: &'static str,
    hook: &'static str,
    filename: &'static str,
) -> impl IntoView {
    let request = move || match state.action(step) {
        Action::Post(request) | Action::Get(request) => Some(request),
        _ => None,
    };
    let dpop = expect_context::<Dpop>();
    let shown = dpop.with_shown_proof(Signal::derive(move || request().and_then(|r| r.ok())));
    let curl = Signal::derive(move || shown.get().and_then(|r| render_curl(&r).ok()));
    let reply = RwSignal::new(None::<HttpResponse>);
    let problem = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    let send = move |_| {
        let Some(Ok(prepared)) = untrack(request) else { return };
        sending.set(true);
        spawn_local(async move {
            // The step's request as it is (nothing in it is single-use), with a fresh proof.
            let build = move || -> Pin<Box<dyn Future<Output = _>>> {
                let prepared = prepared.clone();
                Box::pin(async move { Ok(prepared) })
            };
            match dpop.send(&build, true).await.map(|sent| sent.response) {
                Ok(response) => {
                    // The step's latest answer decides its values, also when it holds none.
                    let read = step.read(&response.body);
                    state.take(step, read.as_ref().unwrap_or(&Answers::default()));
                    problem.set(read.err().map(|e| crate::i18n::answer_error(&e)));
                    reply.set(Some(response));
                }
                Err(message) => {
                    reply.set(None);
                    problem.set(Some(message));
                }
            }
            sending.set(false);
        });
    };
    let status = move || reply.with(|r| r.as_ref().map(|r| r.status));
    let body = Signal::derive(move || reply.with(|r| r.as_ref().map(|r| pretty_body(&r.body))));
    let error = move || problem.get().or_else(|| request().and_then(|r| r.err()).map(|e| crate::i18n::request_error(&e)));
    view! {
        <Artefact title=title testid=testid text=curl filename=filename.to_string() mime="text/x-shellscript"/>
        <div class="row">
            <button type="button" data-testid=format!("{hook}-send") on:click=send disabled=move || sending.get() || !matches!(request(), Some(Ok(_)))>
                {move || if sending.get() { t("Sending…")() } else { t("Send from this page")() }}
            </button>
            <strong data-testid=format!("{hook}-status")>{status}</strong>
        </div>
        <Artefact title="Answer" testid=answer text=body filename="answer.json".to_string() mime="application/json"/>
        <p class="error" role="alert" data-testid=format!("{hook}-error") hidden=move || error().is_none()>{error}</p>
    }
}

/// Addresses the user opens in the browser, one per line.
#[component]
pub fn OpenStep(state: FlowState, step: Step, title: &'static str, testid: &'static str, filename: &'static str) -> impl IntoView {
    let text = Signal::derive(move || match state.action(step) {
        Action::Open(urls) => Some(urls.iter().map(|url| format!("{url}\n")).collect::<String>()),
        _ => None,
    });
    view! { <Artefact title=title testid=testid text=text filename=filename.to_string() mime="text/plain"/> }
}
