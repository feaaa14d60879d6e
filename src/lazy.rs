//! The page's lazy modules: the parts the first screen (choose a preset, generate a key, see
//! the assertion and the curl command) does not need come in WebAssembly modules of their own,
//! fetched on first use and preloaded once the page is idle.
//!
//! This module alone decides how. With the `split` feature (the release pipeline), each split
//! point goes through `wasm_split` (what Leptos's `#[lazy]` expands to): the build moves all
//! code only that function reaches into the module `NAME`, and calling it loads the module
//! first. Without the feature (native tests, `make test-wasm`, clippy) a split point is a
//! plain call: the same `async fn`, ready at its first poll, and no `./__wasm_split.js` import.
//!
//! A split point is declared with [`split_view!`] (a view) or [`split_fn!`], shown with
//! [`show`] or called through [`run`], and listed in [`preload_after_idle`]. A view waits for
//! the page's first idle moment, so the first screen's own files are fetched first. A module
//! that fails to load (offline without cache, a file refused by its integrity check) shows
//! [`Part`]'s name in a sentence; the rest of the page keeps working.
//!
//! The modules:
//! - `signing`: what the first screen does once a key is asked for. Making and reading a key,
//!   writing a private key's members, signing, the key formats and the provider's problems,
//!   and steps 3 and 4 (the assertion and the token request, with Send), which show what is
//!   signed and lie below the first screen's fold.
//! - `nl`: the Dutch text (fetched at start for a browser that prefers Dutch).
//! - `later`: every other part. The first screen works without it.
//!
//! wasm-split makes a shared chunk for each set of modules that use a function, each pinned in
//! the loader by its own integrity hash and fetched and instantiated on its own: with a module
//! per part that was 125 files and a loader of 10,287 B gzip in the first load, for parts that
//! the preload fetches together anyway; with five modules 17 files and 2,383 B; with these
//! three, 7 files and 1,509 B.
use crate::i18n::{fill, tr, Lang};
use leptos::prelude::*;
use std::future::Future;
use std::task::{Context, Poll, Waker};

/// A lazy module could not be loaded (the browser's reason went to no one: the page has no
/// console output).
#[derive(Debug, Clone, Copy)]
pub struct LoadFailed;

#[cfg(feature = "split")]
impl From<leptos::wasm_split::SplitLoaderError> for LoadFailed {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        LoadFailed
    }
}

/// Work a split point starts and that goes on after it returns: its `poll` is code of the
/// lazy module too.
pub type Later<T> = std::pin::Pin<Box<dyn Future<Output = T>>>;

/// What a split point gives: its view, or why it has none.
pub type Loaded = Result<AnyView, LoadFailed>;

/// Declares a split point: an `async fn` giving `Result<$ret, LoadFailed>`, whose body lives
/// in lazy module `$module`. `$preload` names the function that loads the module without
/// calling it (split builds only; list it in [`preload_after_idle`]).
macro_rules! split_fn {
    (in $module:ident, preload $preload:ident: $(#[$meta:meta])* $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $body:block) => {
        #[cfg(feature = "split")]
        #[::leptos::wasm_split::wasm_split($module, wasm_split_path = ::leptos::wasm_split, fallible, preload($preload))]
        $(#[$meta])*
        // The body is a block so that it reads like a function's.
        #[allow(unused_braces)]
        $vis fn $name($($arg: $ty),*) -> ::core::result::Result<$ret, $crate::lazy::LoadFailed> {
            ::core::result::Result::Ok($body)
        }

        #[cfg(not(feature = "split"))]
        $(#[$meta])*
        #[allow(unused_braces)]
        $vis async fn $name($($arg: $ty),*) -> ::core::result::Result<$ret, $crate::lazy::LoadFailed> {
            ::core::result::Result::Ok($body)
        }
    };
}
pub(crate) use split_fn;

/// A split point whose body is a view: shown with [`show`].
macro_rules! split_view {
    ($(#[$meta:meta])* $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?) in $module:ident, preload $preload:ident $body:block) => {
        $crate::lazy::split_fn! {
            in $module, preload $preload:
            $(#[$meta])*
            $vis fn $name($($arg: $ty),*) -> ::leptos::prelude::AnyView {
                ::leptos::prelude::IntoAny::into_any($body)
            }
        }
    };
}
pub(crate) use split_view;

/// The parts of the page that load later, named in the message when one cannot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Signing,
    Assertion,
    Request,
    Lint,
    Import,
    Exports,
    KeySet,
    ProviderExtra,
    Authorize,
    Device,
    Mbp,
    Dpop,
    Mtls,
    Script,
    Response,
    Dutch,
}

impl Part {
    /// The name a user reads in the message.
    fn label(self, lang: Lang) -> &'static str {
        match self {
            Part::Signing => tr(lang, "Key generation and signing"),
            Part::Assertion => tr(lang, "Client assertion"),
            Part::Request => tr(lang, "Token request"),
            Part::Lint => tr(lang, "Problems for the chosen provider"),
            Part::Import => tr(lang, "Import"),
            Part::Exports => tr(lang, "Key formats"),
            Part::KeySet => tr(lang, "Key set (rotation)"),
            Part::ProviderExtra => tr(lang, "Discovery, registration and sharing"),
            Part::Authorize => tr(lang, "Authorization request (front channel)"),
            Part::Device => tr(lang, "Device authorization (RFC 8628)"),
            Part::Mbp => tr(lang, "Mijn Burgerprofiel in three steps"),
            Part::Dpop => tr(lang, "DPoP"),
            Part::Mtls => tr(lang, "mTLS"),
            Part::Script => tr(lang, "Script"),
            Part::Response => tr(lang, "Response"),
            Part::Dutch => tr(lang, "Dutch"),
        }
    }
}

/// Hands what a split point gives to `then`: at once when its module is there (one poll of
/// a loaded module's call is ready), else once it has loaded.
pub fn run<T: 'static>(call: impl Future<Output = Result<T, LoadFailed>> + 'static, then: impl FnOnce(Result<T, LoadFailed>) + 'static) {
    let mut call = Box::pin(call);
    match call.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(result) => then(result),
        Poll::Pending => leptos::task::spawn_local(async move { then(call.await) }),
    }
}

/// The view of a split point: at once when its module is there (so it renders in the same
/// frame), else once it has loaded, or the message if it cannot.
pub fn show(part: Part, load: impl Future<Output = Loaded> + Send + 'static) -> AnyView {
    // Before the page is idle no lazy module is fetched for a view: the first screen's own
    // files come first (a part on screen at start appears once the preload has it).
    #[cfg(feature = "split")]
    if !idle::reached() {
        let waiting = idle::ViewWaiting::new();
        return Suspend::new(async move {
            idle::Reached.await;
            let loaded = load.await;
            // The loads all end together, and the parts waiting for them would all mount in
            // the one task that runs the woken futures (57 ms with steps 3 and 4 among them):
            // each mounts in a task of its own.
            send_wrapper::SendWrapper::new(crate::browser::clock::next_paint()).await;
            let view = view_or_message(part, loaded);
            drop(waiting);
            view
        })
        .into_any();
    }
    let mut load = Box::pin(load);
    match load.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(loaded) => view_or_message(part, loaded),
        Poll::Pending => {
            #[cfg(feature = "split")]
            let waiting = idle::ViewWaiting::new();
            Suspend::new(async move {
                let view = view_or_message(part, load.await);
                #[cfg(feature = "split")]
                drop(waiting);
                view
            })
            .into_any()
        }
    }
}

fn view_or_message(part: Part, loaded: Loaded) -> AnyView {
    match loaded {
        Ok(view) => view,
        Err(LoadFailed) => message(part).into_any(),
    }
}

/// Says that `part` could not be loaded.
pub fn message(part: Part) -> impl IntoView {
    view! { <p class="error" role="alert" data-testid="lazy-error">{sentence(part)}</p> }
}

/// The sentence of [`message`], for places that show a sentence (the key panel's error).
pub fn sentence(part: Part) -> String {
    let lang = crate::i18n::lang_now();
    fill(tr(lang, "This part of the page ({}) could not be loaded: reload the page."), &[part.label(lang).to_owned()])
}

/// How long the page waits for an idle moment before preloading anyway.
#[cfg(feature = "split")]
const IDLE_TIMEOUT_MS: u32 = 2_000;

/// Once the page is idle, loads every lazy module, so that nothing a user does waits for
/// one. `<html data-lazy>` says how far it got: `loading`, then `ready` (or `failed`).
pub fn preload_after_idle() {
    use crate::browser::idle::set_root_data;
    if cfg!(feature = "split") {
        set_root_data("lazy", "loading");
        #[cfg(feature = "split")]
        crate::browser::idle::when_idle(preload_all, IDLE_TIMEOUT_MS);
    } else {
        // Everything is in the one module.
        set_root_data("lazy", "ready");
    }
}

/// Whether the page has been idle once (the preload has begun), and waiting for it.
#[cfg(feature = "split")]
mod idle {
    use std::cell::{Cell, RefCell};
    use std::future::Future;
    use std::pin::Pin;
    use std::task::{Context, Poll, Waker};

    thread_local! {
        static REACHED: Cell<bool> = const { Cell::new(false) };
        static WAITING: RefCell<Vec<Waker>> = const { RefCell::new(Vec::new()) };
        static VIEWS_WAITING: Cell<usize> = const { Cell::new(0) };
    }

    /// Counts the views still waiting for their module: the preload reports "ready" once
    /// none is (a view mounts in the task that ends its wait).
    pub struct ViewWaiting(());

    impl ViewWaiting {
        pub fn new() -> ViewWaiting {
            VIEWS_WAITING.with(|n| n.set(n.get() + 1));
            ViewWaiting(())
        }
    }

    impl Drop for ViewWaiting {
        fn drop(&mut self) {
            VIEWS_WAITING.with(|n| n.set(n.get() - 1));
        }
    }

    pub fn views_waiting() -> usize {
        VIEWS_WAITING.with(Cell::get)
    }

    pub fn reached() -> bool {
        REACHED.with(Cell::get)
    }

    pub fn reach() {
        REACHED.with(|r| r.set(true));
        for waker in WAITING.with(|w| std::mem::take(&mut *w.borrow_mut())) {
            waker.wake();
        }
    }

    /// Resolves once the page has been idle.
    pub struct Reached;

    impl Future for Reached {
        type Output = ();
        fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
            if reached() {
                return Poll::Ready(());
            }
            WAITING.with(|w| w.borrow_mut().push(cx.waker().clone()));
            Poll::Pending
        }
    }
}

#[cfg(feature = "split")]
fn preload_all() {
    use std::cell::Cell;
    use std::rc::Rc;
    idle::reach();
    // Every split point loads its own way in (each keeps its own "loaded"), so all are
    // listed, also those sharing a module.
    let outcome = Rc::new((Cell::new(0usize), Cell::new(false)));
    // One task type for all (a boxed future each): a task type per preload function was
    // 4.6 KB of the main module's code (twiggy, before wasm-opt), one is 0.4 KB.
    type Loading = std::pin::Pin<Box<dyn Future<Output = Result<(), leptos::wasm_split::SplitLoaderError>>>>;
    macro_rules! preload {
        ($($preload:path),* $(,)?) => {{
            let all: Vec<Loading> = vec![$(Box::pin($preload())),*];
            outcome.0.set(all.len());
            for loading in all {
                let outcome = Rc::clone(&outcome);
                leptos::task::spawn_local(async move {
                    if loading.await.is_err() {
                        outcome.1.set(true);
                    }
                    outcome.0.set(outcome.0.get() - 1);
                    if outcome.0.get() == 0 {
                        // The views waiting for these modules mount in tasks of their own:
                        // "ready" once they have, so that whatever waits for it finds them on
                        // the page.
                        loop {
                            crate::browser::clock::next_paint().await;
                            if idle::views_waiting() == 0 {
                                break;
                            }
                        }
                        crate::browser::idle::set_root_data("lazy", if outcome.1.get() { "failed" } else { "ready" });
                    }
                });
            }
        }};
    }
    preload![
        crate::ui::keys::preload_import_card,
        crate::ui::keys::preload_remember_card,
        crate::ui::keys::preload_key_set_list,
        crate::ui::keys::preload_key_exports,
        crate::ui::provider::preload_provider_extra,
        crate::ui::request::preload_authorize_card,
        crate::ui::request::preload_device_card,
        crate::ui::request::preload_mtls_files,
        crate::ui::request::preload_dpop_card,
        crate::ui::request::preload_mbp_flow,
        crate::ui::script::preload_script_block,
        crate::ui::response::preload_response_section,
        crate::i18n::preload_dutch,
        crate::material::preload_read_generated,
        crate::app::preload_assertion_step,
        crate::app::preload_request_step,
        crate::engine::preload_generating,
        crate::signer::preload_assertion_signing,
        crate::material::preload_private_members,
        crate::material::preload_remembered,
        crate::ui::problems::preload_problems,
        crate::dpop::preload_key_making,
        crate::dpop::preload_proof_signing,
        crate::key_store::preload_restore,
        crate::key_store::preload_making,
        crate::ui::key_exports::preload_make_certificate,
    ];
}
