//! Leptos components, one panel per file. Components read state from contexts and call
//! `browser::*` and `pkjwt_core::*`; they never use web-sys directly.
pub mod api;
pub mod artefact;
pub mod assertion;
pub mod authorize;
pub mod binding;
pub mod certificate;
pub mod copy;
pub mod device;
pub mod discovery;
pub mod dpop;
pub mod fields;
pub mod flow;
pub mod key_exports;
pub mod keys;
pub mod mbp;
pub mod mtls;
pub mod problems;
pub mod provider;
pub mod provider_text;
pub mod register;
pub mod request;
pub mod response;
pub mod share;
pub mod tabs;
pub mod userinfo;
pub mod verify;
