//! Pushed authorization requests (RFC 9126): the POST with the same client authentication as
//! the token request, and its answer.
use super::reply::{Reply, ReplyError};
use super::{AuthorizationParams, AuthorizeError, AuthorizeSettings};
use crate::endpoint::Endpoint;
use crate::request::{authenticate_client, RequestSettings, TokenRequest};

/// What a PAR request pushes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PushedBody<'a> {
    /// The authorization parameters as form fields (mode `par`).
    Params(&'a AuthorizationParams),
    /// `client_id` + `request`, the signed request object (mode `par-jar`, RFC 9126 §3).
    RequestObject(&'a str),
}

/// The PAR POST to the settings' PAR endpoint. `client` supplies the client authentication
/// (and `assertion` the signed client assertion for private_key_jwt, whose `aud` the caller
/// chose: the issuer or the PAR endpoint, by the provider's rule).
pub fn par_request(
    settings: &AuthorizeSettings,
    client: &RequestSettings,
    body: PushedBody,
    assertion: Option<&str>,
) -> Result<TokenRequest, AuthorizeError> {
    let endpoint = Endpoint::parse(&settings.par_endpoint).map_err(AuthorizeError::Endpoint)?;
    let form = match body {
        PushedBody::Params(params) => params.0.clone(),
        PushedBody::RequestObject(jwt) => {
            let client_id = settings.client_id.trim();
            if client_id.is_empty() {
                return Err(AuthorizeError::ClientIdMissing);
            }
            vec![("client_id".into(), client_id.into()), ("request".into(), jwt.trim().into())]
        }
    };
    let mut request = TokenRequest::form_post(endpoint, form);
    authenticate_client(client, assertion, &mut request)?;
    Ok(request)
}

/// The PAR answer (RFC 9126 §2.2): where the pushed request is, and for how long.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParAnswer {
    pub request_uri: String,
    /// Seconds from the answer.
    pub expires_in: u64,
}

/// Reads the PAR endpoint's answer (201 with `request_uri` and `expires_in`, or an OAuth error).
pub fn read_par_answer(status: u16, body: &str) -> Result<ParAnswer, ReplyError> {
    let reply = Reply::read(status, body)?;
    Ok(ParAnswer {
        request_uri: reply.required_string("request_uri")?,
        expires_in: reply.seconds("expires_in")?.ok_or(ReplyError::MemberMissing { member: "expires_in" })?,
    })
}
