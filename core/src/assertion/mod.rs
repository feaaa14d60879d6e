//! Client assertions (RFC 7523 §3, OpenID Connect Core §9): the claims and header a client
//! signs to authenticate, or (for the JWT-bearer grant, RFC 7523 §2.1) to ask for a token.
mod build;
mod error;
mod recipe;

pub use build::{
    build, AssertionSettings, ClientAssertion, JtiFormat, Stamp, UnsignedAssertion, MAX_EXTRA_CLAIMS_BYTES, MAX_FIELD_BYTES,
    RESERVED_CLAIMS,
};
pub use error::AssertionError;
pub use recipe::{AssertionRecipe, ClaimValue, MAX_SKEW_SECONDS};
#[cfg(feature = "variants")]
pub use error::AssertionErrorDiscriminants;

/// What `aud` must identify.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AudienceTarget {
    /// The authorization server's issuer identifier.
    Issuer,
    /// The token endpoint URL.
    TokenEndpoint,
    /// The URL of the endpoint being called (token, introspection or revocation).
    CalledEndpoint,
}

impl AudienceTarget {
    pub fn id(self) -> &'static str {
        match self {
            AudienceTarget::Issuer => "issuer",
            AudienceTarget::TokenEndpoint => "token-endpoint",
            AudienceTarget::CalledEndpoint => "endpoint",
        }
    }

    pub fn from_id(id: &str) -> Option<AudienceTarget> {
        [AudienceTarget::Issuer, AudienceTarget::TokenEndpoint, AudienceTarget::CalledEndpoint]
            .into_iter()
            .find(|target| target.id() == id)
    }

    pub fn describe(self) -> &'static str {
        match self {
            AudienceTarget::Issuer => "the issuer identifier",
            AudienceTarget::TokenEndpoint => "the token endpoint URL",
            AudienceTarget::CalledEndpoint => "the URL of the endpoint being called",
        }
    }
}

/// `client_assertion_type` for client authentication with a JWT (RFC 7523 §2.2).
pub const CLIENT_ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// Longest lifetime pkjwt signs: a year. Providers allow minutes; anything longer is a typo.
pub const MAX_LIFETIME_SECONDS: i64 = 365 * 24 * 3600;
