//! The user-delegated flows' parsers: callbacks, PAR and device answers, poll outcomes, JWK
//! Sets and token validation. Whatever a server or a paste gives, each answers with a value
//! or a typed error, never a panic.
use super::*;
use pkjwt_core::authorize::{parse_callback, poll_outcome, read_device_authorization, read_par_answer};
use pkjwt_core::validate::{parse_jwks, validate, Expectations, Jwks};

const CALLBACKS: &[&str] = &[
    "http://127.0.0.1:8080/callback.html?code=abc&state=xyz&iss=https%3A%2F%2Fas.example",
    "?error=access_denied&error_description=End-User+aborted&state=xyz",
    "code=abc&state=xyz",
    "https://app.example/cb#code=abc&state=xyz",
    "https://app.example/cb?code=a&code=b",
];

#[test]
fn parse_callback_arbitrary_and_mutated() {
    let text = text_for(CALLBACKS.iter().map(|s| s.to_string()).collect());
    fuzz("authorize::parse_callback", "arbitrary and mutated callback addresses", text, |text| {
        match parse_callback(&text) {
            Err(error) => error_contract("parse_callback", Some(error.code()), &error.to_string()),
            Ok(callback) => {
                accepted();
                // Whatever was read is printed without the code or the state.
                let _ = format!("{callback:?}");
                Ok(())
            }
        }
    });
}

const ANSWERS: &[&str] = &[
    r#"{"request_uri":"urn:ietf:params:oauth:request_uri:x","expires_in":60}"#,
    r#"{"device_code":"d","user_code":"u","verification_uri":"https://as/device","expires_in":600,"interval":5}"#,
    r#"{"error":"slow_down"}"#,
    r#"{"access_token":"at","token_type":"Bearer"}"#,
];

#[test]
fn server_answers_of_the_flows_arbitrary_and_mutated() {
    let answer = (prop::sample::select(vec![200u16, 201, 400, 401, 500]), text_for(ANSWERS.iter().map(|s| s.to_string()).collect()));
    fuzz("authorize::read_*", "arbitrary PAR, device and poll answers", answer, |(status, body)| {
        if let Err(error) = read_par_answer(status, &body) {
            error_contract("read_par_answer", Some(error.code()), &error.to_string())?;
        }
        if let Err(error) = read_device_authorization(status, &body) {
            error_contract("read_device_authorization", Some(error.code()), &error.to_string())?;
        }
        let _ = poll_outcome(status, &body, u64::MAX).status();
        accepted();
        Ok(())
    });
}

#[test]
fn jwks_and_validation_arbitrary_and_mutated() {
    let key = &seeds().keys[4];
    let jwks_text = pkjwt_core::jwk::public_jwks(key.public_key(), &pkjwt_core::jwk::Parameters { kid: "k", alg: None, certificate: None });
    let jwks: Jwks = parse_jwks(&jwks_text).unwrap_or_default();
    let input = (text_for(vec![jwks_text.clone()]), text_for(seeds().tokens.clone()));
    fuzz("validate::*", "arbitrary JWK Sets and tokens", input, |(set, token)| {
        if let Err(error) = parse_jwks(&set) {
            error_contract("parse_jwks", Some(error.code()), &error.to_string())?;
        }
        let expect = Expectations { issuer: "https://as.example", client_id: "c", now: i64::MAX, leeway: i64::MAX, ..Expectations::default() };
        let verdict = validate(&token, &jwks, &expect);
        if let Err(reason) = &verdict.outcome {
            error_contract("validate", Some(reason.code()), &reason.to_string())?;
        }
        accepted();
        Ok(())
    });
}
