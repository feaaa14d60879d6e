//! Client assertions (RFC 7523 §3, OpenID Connect Core §9): the claims and header a client
//! signs to authenticate, or (for the JWT-bearer grant, RFC 7523 §2.1) to ask for a token.
mod build;
mod error;

pub use build::{
    build, AssertionSettings, ClientAssertion, JtiFormat, Stamp, UnsignedAssertion, MAX_EXTRA_CLAIMS_BYTES, MAX_FIELD_BYTES,
    RESERVED_CLAIMS,
};
pub use error::AssertionError;

/// `client_assertion_type` for client authentication with a JWT (RFC 7523 §2.2).
pub const CLIENT_ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// Longest lifetime pkjwt signs: a year. Providers allow minutes; anything longer is a typo.
pub const MAX_LIFETIME_SECONDS: i64 = 365 * 24 * 3600;
