//! pkjwt's pure core: everything that can be computed without a browser. Nothing here
//! touches the DOM, the network, storage or the clock: callers pass the current time and
//! receive values or typed errors whose `Display` is a sentence for the page.
//!
//! # Layers
//!
//! The modules in reading order, from the bottom up. A module uses only modules on its own
//! line or an earlier one, and no two modules use each other (in any number of steps).
//! `core/tests/layers.rs` reads this list and the sources and fails on any import that points
//! down the list or closes a cycle.
//!
//! <!-- layers -->
//! 1. `text`, `b64`, `json`, `test_support`: excerpts of user input and library words for
//!    messages; base64 alphabets; reading JSON with errors that say where and what; what the
//!    unit tests share.
//! 2. `endpoint`: checking a URL a user typed.
//! 3. `jwa`: the JWS algorithms and the key type each needs.
//! 4. `material`: the kinds of key and the private and public halves (RustCrypto types).
//! 5. `crypto`: RustCrypto key generation, signing and verification.
//! 6. `pem`, `der`: PEM blocks; DER key structures.
//! 7. `x509`, `jwk`: certificates; JSON Web Keys and thumbprints.
//! 8. `key`: the [`Key`] the page works with, importing and exporting it.
//! 9. `jws`: compact JWS.
//! 10. `assertion`, `validate`: RFC 7523 client assertions; validating id_tokens and JWT
//!     access tokens against the issuer's JWK Set.
//! 11. `request`: token-endpoint requests.
//! 12. `dpop`: DPoP proofs (RFC 9449) for a request, server nonces, and the token binding.
//! 13. `authorize`, `shell`, `discovery`, `jwks_check`: the authorization request (PKCE, PAR,
//!     request objects, the callback) and the device flow's start; curl, PowerShell and raw
//!     HTTP renderings of a request; where a server publishes its metadata, and reading it;
//!     whether a client's JWKS URL publishes the current key.
//! 14. `script`: Python, Node.js, Go and bash programs that sign the assertion afresh and
//!     make the request.
//! 15. `flow`, `setup`: flows of several requests; every setting, declared once, and the
//!     effective setup.
//! 16. `lint`: rules and findings (the server's metadata among them).
//! 17. `preset`: the provider presets.
//! 18. `register`: registering the public key.
//! 19. `share`: settings as a URL fragment and a `.env` file.
//! <!-- /layers -->
#![forbid(unsafe_code)]
#![warn(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod assertion;
pub mod authorize;
pub mod b64;
pub mod crypto;
pub mod der;
pub mod discovery;
pub mod dpop;
pub mod endpoint;
pub mod flow;
pub mod json;
pub mod jwks_check;
pub mod jwa;
pub mod jwk;
pub mod jws;
pub mod key;
pub mod lint;
pub mod material;
pub mod pem;
pub mod preset;
pub mod register;
pub mod request;
pub mod script;
pub mod setup;
pub mod share;
pub mod shell;
pub mod text;
#[cfg(test)]
mod test_support;
pub mod validate;
pub mod x509;

pub use jwa::{Alg, AlgFamily};
pub use key::{Key, KeyError};
pub use material::{KeyKind, KeyMaterial, PrivateKey, PublicKey};
