// The authorization-code and device flows' panels (issue 11) word these; until they land only
// the translation tests call them.
#![cfg_attr(not(test), allow(dead_code))]
use super::json::json_problem_nl;
use super::request::{endpoint_error_nl, request_error_nl};
use pkjwt_core::authorize::{AuthorizeError, CallbackError, CallbackRefusal, ModeReason, ReplyError};

pub fn authorize_error_nl(error: &AuthorizeError) -> String {
    match error {
        AuthorizeError::Endpoint(error) => endpoint_error_nl(error),
        AuthorizeError::RedirectUri(error) => format!("De redirect_uri is onbruikbaar: {}", endpoint_error_nl(error)),
        AuthorizeError::ClientIdMissing => "De client_id is leeg.".into(),
        AuthorizeError::IssuerMissing => "De issuer is onbekend, en de \"aud\" van een request object moet de issuer zijn.".into(),
        AuthorizeError::ParamNul { name } => {
            format!("De parameter \"{name}\" bevat een NUL-teken, en dat kan geen URL of formulier overbrengen.")
        }
        AuthorizeError::ValueTooLong { name, length, limit } => {
            format!("De waarde van \"{name}\" is {length} bytes lang; pkjwt verstuurt daar hoogstens {limit} bytes.")
        }
        AuthorizeError::ClaimsJson(json) => format!(
            "De parameter \"claims\" is geen geldige JSON op regel {}, kolom {}: {}.",
            json.line,
            json.column,
            json_problem_nl(json)
        ),
        AuthorizeError::ClaimsNotObject => "De parameter \"claims\" moet een JSON-object zijn.".into(),
        AuthorizeError::ExtraLine { line } => format!("Regel {line} van de extra parameters heeft niet de vorm naam=waarde."),
        AuthorizeError::ExtraReserved { name } => format!(
            "De extra parameter \"{name}\" zet pkjwt zelf; vul hem in zijn eigen veld in, of laat hem weg."
        ),
        AuthorizeError::Request(error) => request_error_nl(error),
    }
}

pub fn callback_error_nl(error: &CallbackError) -> String {
    match error {
        CallbackError::TooLong { length, limit } => format!("Het adres is {length} bytes lang; pkjwt leest er hoogstens {limit}."),
        CallbackError::NoParameters => {
            "Het adres bevat geen code, state of error: plak het volledige adres waarnaar de server doorstuurde.".into()
        }
        CallbackError::Duplicate { name } => {
            format!("De parameter \"{name}\" komt meer dan één keer voor (RFC 6749 §3.1 staat hem één keer toe).")
        }
    }
}

pub fn callback_refusal_nl(refusal: &CallbackRefusal) -> String {
    match refusal {
        CallbackRefusal::NoPendingAttempt => {
            "Er wacht geen autorisatieverzoek op antwoord: start er eerst een, en kom dan terug met zijn callback.".into()
        }
        CallbackRefusal::StateMismatch => "De \"state\" in de callback is niet die van pkjwt: dit antwoord hoort bij een ander verzoek (of is vervalst), dus pkjwt gebruikt het niet.".into(),
        CallbackRefusal::IssuerMismatch { expected, got } => format!(
            "De \"iss\" van de callback is \"{got}\", maar de issuer is \"{expected}\" (RFC 9207): het antwoord kan van een andere server komen, dus pkjwt gebruikt het niet."
        ),
        CallbackRefusal::IssuerMissing => "De callback bevat geen \"iss\", maar de server zegt dat hij er altijd een meestuurt (RFC 9207): het antwoord kan van een andere server komen, dus pkjwt gebruikt het niet.".into(),
        CallbackRefusal::ServerError { error, description } => match description {
            Some(description) => format!("De server antwoordde \"{error}\": {description}"),
            None => format!("De server antwoordde \"{error}\""),
        },
        CallbackRefusal::NoCode => "De callback bevat geen \"code\".".into(),
        CallbackRefusal::CodeUsed => {
            "De code van deze poging is al gebruikt: een code dient één keer. Start een nieuw autorisatieverzoek.".into()
        }
    }
}

pub fn reply_error_nl(error: &ReplyError) -> String {
    match error {
        ReplyError::TooLong { length, limit } => format!("Het antwoord is {length} bytes lang; pkjwt leest er hoogstens {limit}."),
        ReplyError::NotObject { status } => format!("Het antwoord (HTTP {status}) is geen JSON-object."),
        ReplyError::Server { status, error, description } => match description {
            Some(description) => format!("De server weigerde (HTTP {status}): {error}: {description}"),
            None => format!("De server weigerde (HTTP {status}): {error}"),
        },
        ReplyError::MemberMissing { member } => format!("Het antwoord bevat geen \"{member}\"."),
        ReplyError::NotString { member } => format!("Het veld \"{member}\" van het antwoord moet een string zijn."),
        ReplyError::NotSeconds { member } => format!("Het veld \"{member}\" van het antwoord moet een geheel aantal seconden zijn."),
        ReplyError::NotAddress { member } => {
            format!("Het veld \"{member}\" van het antwoord is geen http(s)-adres, dus pkjwt linkt er niet naar.")
        }
    }
}

pub fn mode_reason_nl(reason: &ModeReason) -> String {
    match reason {
        ModeReason::ServerRequiresPar => {
            "De metadata van de server zegt \"require_pushed_authorization_requests\": pkjwt gebruikt PAR.".into()
        }
    }
}
