//! localStorage, used only for what the user explicitly asked to keep.
const KEY_ENTRY: &str = "pkjwt.key.v1";

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The remembered private JWK, if the user opted in earlier.
pub fn load_key() -> Option<String> {
    local_storage()?.get_item(KEY_ENTRY).ok().flatten()
}

/// Remembers the private JWK (only called after the user opted in).
pub fn save_key(jwk: &str) -> Result<(), String> {
    let storage = local_storage().ok_or(crate::i18n::say("This browser does not allow storage for this page."))?;
    storage
        .set_item(KEY_ENTRY, jwk)
        .map_err(|e| format!("{} {}", crate::i18n::say("Could not store the key:"), super::js_error_text(&e)))
}

/// Removes the remembered key.
pub fn forget_key() {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(KEY_ENTRY);
    }
}

/// Clears everything this page stored, local and session storage alike.
pub fn forget_everything() {
    if let Some(window) = web_sys::window() {
        if let Ok(Some(storage)) = window.local_storage() {
            let _ = storage.clear();
        }
        if let Ok(Some(storage)) = window.session_storage() {
            let _ = storage.clear();
        }
    }
}
