//! pkjwt's browser app: Leptos components over `pkjwt-core`.
//!
//! Data flows one way: settings → assertion → request → outputs. Ground state lives in
//! [`state`] (the key) and [`settings`] (everything the user chose); [`signer`] derives the
//! signed assertion, [`request_flow`] the request; [`browser`] is the only module that
//! touches web APIs; [`ui`] holds the panels.
pub mod app;
pub mod browser;
pub mod clock;
pub mod i18n;
pub mod keygen;
pub mod lint;
pub mod preset;
pub mod request_flow;
pub mod response;
pub mod settings;
pub mod share_sync;
pub mod signer;
pub mod state;
pub mod ui;
