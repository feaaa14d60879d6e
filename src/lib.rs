//! pkjwt's browser app: Leptos components over `pkjwt-core`.
//!
//! Data flows one way: setup → assertion → request → outputs. Ground state lives in
//! [`key_store`] (the key) and [`settings`] (everything the user chose, one signal per declared
//! setting); the effective setup is derived from both once ([`settings::Settings::effective`]),
//! [`signer`] signs the assertion with the one [`engine`], [`request_flow`] builds the request;
//! [`browser`] is the only module that touches web APIs; [`ui`] holds the panels.
pub mod app;
pub mod authorize;
pub mod browser;
pub mod clock;
pub mod dpop;
pub mod engine;
pub mod i18n;
pub mod key_store;
pub mod lazy;
pub mod lint;
pub mod material;
pub mod request_flow;
pub mod response;
pub mod settings;
pub mod share_sync;
pub mod signer;
pub mod ui;

#[cfg(test)]
mod tests {
    /// Lines of `source` that name a web API crate directly.
    fn web_api_uses(source: &str) -> Vec<&str> {
        // Spelled in two halves so that this file does not find itself.
        let (web_sys, js_sys) = (concat!("web", "_sys::"), concat!("js", "_sys::"));
        source.lines().filter(|line| line.contains(web_sys) || line.contains(js_sys)).collect()
    }

    #[test]
    fn only_the_browser_layer_touches_web_apis() {
        let planted = concat!("let w = web", "_sys::window();\nlet x = 1;\njs", "_sys::Date::now()");
        assert_eq!(web_api_uses(planted), vec![concat!("let w = web", "_sys::window();"), concat!("js", "_sys::Date::now()")]);
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let (mut seen, mut found) = (0, Vec::new());
        let mut stack = vec![root.clone()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let path = entry.path();
                let relative = path.strip_prefix(&root).unwrap_or(&path).to_string_lossy().into_owned();
                if path.is_dir() {
                    if relative != "browser" && relative != "bin" {
                        stack.push(path);
                    }
                    continue;
                }
                if path.extension().is_some_and(|e| e == "rs") {
                    seen += 1;
                    let source = std::fs::read_to_string(&path).unwrap_or_default();
                    found.extend(web_api_uses(&source).into_iter().map(|line| format!("{relative}: {}", line.trim())));
                }
            }
        }
        assert!(seen > 20, "the scan found only {seen} files; is it looking at src/?");
        assert!(found.is_empty(), "web APIs outside src/browser/ and src/bin/:\n{}", found.join("\n"));
    }
}
