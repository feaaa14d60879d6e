//! pkjwt's browser app: Leptos components over `pkjwt-core`.
//!
//! Data flows one way: settings → assertion → request → outputs. Ground state lives in
//! [`state`]; [`browser`] is the only module that touches web APIs; [`ui`] holds the panels.
pub mod app;
pub mod browser;
pub mod keygen;
pub mod state;
pub mod ui;
