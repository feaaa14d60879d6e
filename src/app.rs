//! The page: header, panels, footer.
use crate::browser::storage;
use crate::state::KeyStore;
use crate::ui::keys::KeysPanel;
use leptos::prelude::*;

#[component]
pub fn App() -> impl IntoView {
    let keys = KeyStore::new();
    keys.sync_storage();
    provide_context(keys);

    let forget_everything = move |_| {
        keys.forget();
        storage::forget_everything();
    };

    view! {
        <header class="top">
            <div class="brand">
                <h1>"pkjwt"</h1>
                <span class="tagline">"private_key_jwt workbench"</span>
            </div>
            <p class="promise">
                "Keys are generated and kept in this page. Nothing is sent anywhere unless you press Send."
            </p>
        </header>
        <main>
            <KeysPanel/>
        </main>
        <footer class="bottom">
            <button type="button" class="link" data-testid="forget-everything" on:click=forget_everything>
                "Forget everything (memory and this site's storage)"
            </button>
            <span>"pkjwt · static page, no server, no tracking"</span>
        </footer>
    }
}
