//! Leptos components, one panel per file. Components read state from contexts and call
//! `browser::*` and `pkjwt_core::*`; they never use web-sys directly.
pub mod artefact;
pub mod certificate;
pub mod key_exports;
pub mod keys;
