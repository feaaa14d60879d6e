//! JSON Web Keys (RFC 7517, RFC 8037): reading them member by member so every defect is
//! reported by name, and writing them with members in a stable, readable order.
//!
//! Why not `jose-jwk`: its serde derive can only say "missing field", it has no P-521 or
//! Ed25519 conversions, and we want the member order of our output under our control.
mod parse;
mod thumbprint;
mod write;

pub use parse::{parse_generated_jwk, parse_jwk, parse_jwk_value, parse_jwks_value, JwksEntry};
pub use thumbprint::{thumbprint, thumbprint_input};
pub use write::{private_jwk, private_key_members, public_jwk, public_jwks, Jwk};
