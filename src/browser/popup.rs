//! The front channel: the authorization URL in a window of its own, and the callback page's
//! answer (public/callback.js) taken back from that window or from the pkjwt-callback channel.
//! Only this origin's messages are accepted: from the window this page opened, or over a
//! BroadcastChannel (which only pages of this origin can use).
use js_sys::{Object, Reflect};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{BroadcastChannel, MessageEvent, Window};

/// The channel the callback page uses when its opener is gone.
const CHANNEL: &str = "pkjwt-callback";
/// The message type the callback page sends, and the one this page answers on the channel.
const CALLBACK: &str = "pkjwt-callback";
const TAKEN: &str = "pkjwt-callback-taken";

thread_local! {
    /// The window this page opened for the authorization request, while it may still answer.
    static OPENED: RefCell<Option<Window>> = const { RefCell::new(None) };
    /// Set once the listeners are in place.
    static LISTENING: RefCell<bool> = const { RefCell::new(false) };
}

/// Opens an empty window for the authorization request, now, while the click that asked for
/// it still counts (a window opened after PAR's round trip may be blocked as a pop-up). The
/// error is a sentence for the page.
pub fn open_blank() -> Result<(), &'static str> {
    let window = web_sys::window().ok_or("no window")?;
    let opened = window
        .open_with_url_and_target_and_features("about:blank", "pkjwt-authorize", "popup=yes,width=560,height=760")
        .ok()
        .flatten()
        .ok_or(crate::i18n::say("The browser blocked the new window. Allow pop-ups for this page, or open the authorization URL yourself and paste the address you come back to."))?;
    OPENED.with(|cell| *cell.borrow_mut() = Some(opened));
    Ok(())
}

/// Sends the opened window to `url` (the authorization request).
pub fn navigate(url: &str) {
    OPENED.with(|cell| {
        if let Some(opened) = cell.borrow().as_ref() {
            let _ = opened.location().set_href(url);
        }
    });
}

/// Closes the opened window (the request could not be made) and forgets it.
pub fn close() {
    if let Some(opened) = OPENED.with(|cell| cell.borrow_mut().take()) {
        let _ = opened.close();
    }
}

/// Forgets the opened window (the flow ended or was abandoned): later messages from it are
/// ignored.
pub fn forget_window() {
    OPENED.with(|cell| cell.borrow_mut().take());
}

/// The address in a callback message, if `data` is one.
fn callback_url(data: &JsValue) -> Option<String> {
    let kind = Reflect::get(data, &"type".into()).ok()?.as_string()?;
    (kind == CALLBACK).then_some(())?;
    Reflect::get(data, &"url".into()).ok()?.as_string()
}

/// Calls `take` with the address the callback page was sent to, each time one arrives.
/// Installed once; later calls do nothing.
pub fn listen(take: impl Fn(String) + 'static) {
    if LISTENING.with(|l| l.replace(true)) {
        return;
    }
    let Some(window) = web_sys::window() else { return };
    let origin = window.location().origin().unwrap_or_default();
    let take = std::rc::Rc::new(take);

    let from_window = take.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        if event.origin() != origin {
            return;
        }
        let source: Option<Object> = event.source().map(|s| s.unchecked_into());
        let ours = OPENED.with(|cell| match (cell.borrow().as_ref(), source) {
            (Some(opened), Some(source)) => Object::is(opened.as_ref(), source.as_ref()),
            _ => false,
        });
        if let (true, Some(url)) = (ours, callback_url(&event.data())) {
            from_window(url);
        }
    });
    let _ = window.add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref());
    on_message.forget();

    let Ok(channel) = BroadcastChannel::new(CHANNEL) else { return };
    let reply = channel.clone();
    let on_channel = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        if let Some(url) = callback_url(&event.data()) {
            take(url);
            let answer = Object::new();
            let _ = Reflect::set(&answer, &"type".into(), &TAKEN.into());
            let _ = reply.post_message(&answer);
        }
    });
    channel.set_onmessage(Some(on_channel.as_ref().unchecked_ref()));
    on_channel.forget();
}
