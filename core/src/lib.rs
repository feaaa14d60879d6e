//! pkjwt's pure core: everything that can be computed without a browser.
//!
//! Keys ([`key`]), their JSON Web Key and PEM forms ([`jwk`], [`pem`]), self-signed
//! certificates ([`x509`]), compact JWS ([`jws`]) and RustCrypto generation, signing and verification ([`crypto`]).
//! Nothing here touches the DOM, the network, storage or the clock: callers pass the
//! current time and receive values or typed errors whose `Display` is a sentence for the page.
#![forbid(unsafe_code)]
#![warn(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod assertion;
pub mod crypto;
pub(crate) mod b64;
pub mod discovery;
pub mod jwa;
pub mod jwk;
pub mod jws;
pub mod key;
pub mod lint;
pub mod pem;
pub mod profile;
pub mod register;
pub mod request;
pub mod share;
pub mod shell;
pub(crate) mod text;
pub mod x509;

pub use jwa::{Alg, AlgFamily};
pub use key::{Key, KeyError, KeyKind, KeyMaterial, PrivateKey, PublicKey};
