use super::*;

const TNI: &str = "https://burgerprofiel.tni-vlaanderen.be";
const PRODUCTION: &str = "https://www.burgerprofiel.be";

fn with(slot: Slot, value: &str) -> Answers {
    let mut answers = Answers::default();
    answers.set(slot, value.into());
    answers
}

/// The request of a POST step (the assertion fails the test when the step has none).
fn post(step: Step, choices: &FlowChoices, answers: &Answers) -> Option<TokenRequest> {
    let action = step.action(choices, answers);
    assert!(matches!(action, Action::Post(Ok(_))), "{step:?}: expected a POST, got {action:?}");
    match action {
        Action::Post(Ok(request)) => Some(request),
        _ => None,
    }
}

fn urls(choices: &FlowChoices, answers: &Answers) -> Vec<String> {
    match Step::MbpOpen.action(choices, answers) {
        Action::Open(urls) => urls,
        other => vec![format!("not addresses: {other:?}")],
    }
}

#[test]
fn every_step_reads_only_what_an_earlier_step_gives() {
    for flow in [&TOKEN, &MIJN_BURGERPROFIEL] {
        assert_eq!(flow.steps.first(), Some(&Step::Token), "{}: starts with the setup's token request", flow.id);
        for (index, step) in flow.steps.iter().enumerate() {
            for slot in step.reads() {
                assert!(
                    flow.steps[..index].iter().any(|earlier| earlier.gives().contains(slot)),
                    "{}: {step:?} reads {slot:?}, which no earlier step gives",
                    flow.id
                );
            }
        }
    }
}

#[test]
fn presets_choose_their_flow() {
    assert_eq!(Flow::for_preset("mijn-burgerprofiel"), &MIJN_BURGERPROFIEL);
    for other in ["custom", "vlaanderen-acm", "okta", "no-such-preset"] {
        assert_eq!(Flow::for_preset(other), &TOKEN, "{other}");
    }
    assert_eq!(Step::Token.action(&FlowChoices::default(), &Answers::default()), Action::SetupRequest);
}

#[test]
fn temporary_token_request_posts_token_and_token_type_to_the_environment() {
    let Some(test) = post(Step::MbpTemporaryToken, &FlowChoices::default(), &with(Slot::AccessToken, "  exchanged.access.token \n")) else { return };
    assert_eq!(test.url(), format!("{TNI}/auth/v1/token"));
    assert_eq!(
        test.form,
        [
            ("token".to_owned(), "exchanged.access.token".to_owned()),
            ("token_type".to_owned(), "urn:ietf:params:oauth:token-type:access_token".to_owned()),
        ]
    );
    assert!(test.headers.contains(&("Content-Type".into(), "application/x-www-form-urlencoded".into())));
    assert!(test.headers.contains(&("Accept".into(), "application/json".into())));

    let production = FlowChoices { environment: Environment::Production, ..FlowChoices::default() };
    let Some(prod) = post(Step::MbpTemporaryToken, &production, &with(Slot::AccessToken, "t")) else { return };
    assert_eq!(prod.url(), format!("{PRODUCTION}/auth/v1/token"));
}

#[test]
fn a_missing_answer_is_written_as_its_stand_in() {
    let Some(request) = post(Step::MbpTemporaryToken, &FlowChoices::default(), &with(Slot::AccessToken, "   ")) else { return };
    assert_eq!(request.form[0], ("token".to_owned(), "ACCESS_TOKEN".to_owned()));
    let open = urls(&FlowChoices::default(), &Answers::default());
    assert_eq!(open, [format!("{TNI}/?token=TEMPORARY_TOKEN"), format!("{TNI}/meldingen?token=TEMPORARY_TOKEN")]);
}

#[test]
fn a_nul_in_the_access_token_is_refused_in_words() {
    let result = Step::MbpTemporaryToken.action(&FlowChoices::default(), &with(Slot::AccessToken, "a\0b"));
    assert_eq!(result, Action::Post(Err(RequestError::ParamNul { name: "token".into() })));
}

#[test]
fn profile_urls_carry_the_temporary_token_form_encoded() {
    // WHATWG application/x-www-form-urlencoded: space as '+', everything but *-._ and
    // alphanumerics percent-encoded as UTF-8 (worked out by hand from the specification).
    let open = urls(&FlowChoices { environment: Environment::Production, ..FlowChoices::default() }, &with(Slot::TemporaryToken, "tmp/+tok=en&x ü#1"));
    let encoded = "tmp%2F%2Btok%3Den%26x+%C3%BC%231";
    assert_eq!(open, [format!("{PRODUCTION}/?token={encoded}"), format!("{PRODUCTION}/meldingen?token={encoded}")]);
}

#[test]
fn the_temporary_token_reply_is_read_into_its_slot() {
    let answers = Step::MbpTemporaryToken.read(r#"{"token": "one-time", "expires_in": 120}"#);
    assert_eq!(answers.as_ref().map(|a| a.get(Slot::TemporaryToken)), Ok(Some("one-time")));
    assert_eq!(Step::MbpTemporaryToken.read("<html>"), Err(AnswerError::NotJson));
    for body in [r#"{"access_token": "x"}"#, r#"{"token": 42}"#, r#"{"token": "  "}"#, "[]"] {
        assert_eq!(Step::MbpTemporaryToken.read(body), Err(AnswerError::MemberMissing { member: "token" }), "{body}");
    }
    let huge = format!(r#"{{"token": "{}"}}"#, "x".repeat(MAX_ANSWER_BYTES));
    assert_eq!(
        Step::MbpTemporaryToken.read(&huge).map_err(|e| e.code()),
        Err("ANSWER_TOO_LONG"),
        "a body over the limit is refused before it is parsed"
    );
}

#[test]
fn the_token_reply_gives_access_and_refresh_token() {
    let answers = Step::Token.read(r#"{"access_token": "at", "refresh_token": "rt", "token_type": "Bearer"}"#).unwrap_or_default();
    assert_eq!(answers.get(Slot::AccessToken), Some("at"));
    assert_eq!(answers.get(Slot::RefreshToken), Some("rt"));
    let refused = Step::Token.read(r#"{"error": "invalid_client"}"#).unwrap_or_default();
    assert_eq!(refused, Answers::default(), "an error answer gives nothing");
    assert_eq!(Step::Token.read("not json").unwrap_or_default(), Answers::default());
}

#[test]
fn a_new_reply_decides_its_slots_and_leaves_the_others() {
    let mut answers = with(Slot::AccessToken, "old access");
    answers.set(Slot::TemporaryToken, "pasted".into());
    answers.replace(Step::Token.gives(), &with(Slot::RefreshToken, "new refresh"));
    assert_eq!(answers.get(Slot::AccessToken), None, "the new reply had no access token");
    assert_eq!(answers.get(Slot::RefreshToken), Some("new refresh"));
    assert_eq!(answers.get(Slot::TemporaryToken), Some("pasted"), "another step's slot stays");

    answers.set(Slot::TemporaryToken, " t ".into());
    assert_eq!(answers.get(Slot::TemporaryToken), Some("t"), "read trimmed");
    assert_eq!(answers.given(Slot::TemporaryToken), " t ", "the field keeps what was typed");
    assert!(Slot::ALL.iter().enumerate().all(|(index, slot)| *slot as usize == index), "ALL is in index order");
}

#[test]
fn token_answer_reads_a_jwt_access_token_and_oauth_errors() {
    // The example JWT of RFC 7519 §3.1.
    let jwt = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    let answer = TokenAnswer::read(&format!(r#"{{"access_token": "{jwt}", "expires_in": 300}}"#));
    assert_eq!(answer.expires_in, Some(300));
    let claims = answer.access_token_claims.unwrap_or_default();
    assert_eq!(claims["iss"], "joe");
    assert_eq!(claims["exp"], 1300819380);
    assert_eq!(answer.access_token_header.unwrap_or_default()["alg"], "HS256");

    let refused = TokenAnswer::read(r#"{"error": "invalid_grant", "error_description": "expired"}"#);
    assert_eq!(refused.oauth_error.as_deref(), Some("invalid_grant: expired"));
    assert_eq!(TokenAnswer::read(r#"{"error": "invalid_client"}"#).oauth_error.as_deref(), Some("invalid_client"));
    assert_eq!(TokenAnswer::read("<html>"), TokenAnswer::default());
}

#[test]
fn acm_urls_follow_the_environment() {
    let test = "https://authenticatie-ti.vlaanderen.be/op/v1/token";
    let production = "https://authenticatie.vlaanderen.be/op/v1/token";
    assert_eq!(retarget_acm(test, Environment::Production), production);
    assert_eq!(retarget_acm(production, Environment::Test), test);
    assert_eq!(retarget_acm("https://authenticatie-ti.vlaanderen.be", Environment::Production), "https://authenticatie.vlaanderen.be");
    for untouched in [
        "https://authenticatie-ti.vlaanderen.be.evil.example/token",
        "https://as.example/token",
        "",
        production,
    ] {
        assert_eq!(retarget_acm(untouched, Environment::Production), untouched, "{untouched}");
    }
}

#[test]
fn the_user_delegated_flows_read_only_what_earlier_steps_give() {
    use crate::authorize::AuthorizeMode;
    use crate::request::Grant;
    for flow in [&AUTHORIZATION_CODE, &AUTHORIZATION_CODE_PAR, &DEVICE] {
        assert!(flow.steps.contains(&Step::Token), "{}", flow.id);
        for (index, step) in flow.steps.iter().enumerate() {
            for slot in step.reads() {
                assert!(flow.steps[..index].iter().any(|earlier| earlier.gives().contains(slot)), "{}: {step:?} reads {slot:?}", flow.id);
            }
        }
    }
    assert_eq!(Flow::for_setup("custom", Grant::AuthorizationCode, AuthorizeMode::Query), &AUTHORIZATION_CODE);
    assert_eq!(Flow::for_setup("custom", Grant::AuthorizationCode, AuthorizeMode::ParJar), &AUTHORIZATION_CODE_PAR);
    assert_eq!(Flow::for_setup("okta", Grant::DeviceCode, AuthorizeMode::Par), &DEVICE);
    assert_eq!(Flow::for_setup("mijn-burgerprofiel", Grant::TokenExchange, AuthorizeMode::Par), &MIJN_BURGERPROFIEL);
    assert_eq!(Flow::for_setup("okta", Grant::ClientCredentials, AuthorizeMode::Query), &TOKEN);
}

#[test]
fn token_answers_give_the_id_token_and_userinfo_gets_with_the_access_token() {
    let body = r#"{"access_token":"at-1","id_token":"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln","token_type":"Bearer","refresh_token":"rt"}"#;
    let answers = Step::Token.read(body).unwrap_or_default();
    assert_eq!(answers.get(Slot::IdToken), Some("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln"));
    assert_eq!(TokenAnswer::read(body).id_token_claims, Some(serde_json::json!({"sub": "u"})));
    let choices = FlowChoices { userinfo_endpoint: "https://as.example/me".into(), ..FlowChoices::default() };
    let action = Step::Userinfo.action(&choices, &answers);
    assert!(matches!(action, Action::Get(Ok(_))), "{action:?}");
    let Action::Get(Ok(request)) = action else { return };
    assert_eq!(request.method, crate::request::HttpMethod::Get);
    assert_eq!(request.headers[0], ("Authorization".to_owned(), "Bearer at-1".to_owned()));
    // Before the token answer, the command shows where the token goes.
    let waiting = Step::Userinfo.action(&choices, &Answers::default());
    assert!(matches!(waiting, Action::Get(Ok(_))), "{waiting:?}");
    let Action::Get(Ok(waiting)) = waiting else { return };
    assert_eq!(waiting.headers[0].1, "Bearer ACCESS_TOKEN");
    assert!(matches!(Step::Userinfo.action(&FlowChoices::default(), &answers), Action::Get(Err(_))));
}

#[test]
fn par_and_device_answers_fill_their_slots() {
    let par = Step::Par.read(r#"{"request_uri":"urn:ietf:params:oauth:request_uri:x","expires_in":60}"#).unwrap_or_default();
    assert_eq!(par.get(Slot::RequestUri), Some("urn:ietf:params:oauth:request_uri:x"));
    let device = Step::DeviceStart
        .read(r#"{"device_code":"dc","user_code":"WDJB-MJHT","verification_uri":"https://as.example/device","expires_in":600}"#)
        .unwrap_or_default();
    assert_eq!((device.get(Slot::DeviceCode), device.get(Slot::UserCode), device.get(Slot::VerificationUri)), (Some("dc"), Some("WDJB-MJHT"), Some("https://as.example/device")));
    assert_eq!(Step::DeviceStart.read("{}").err().map(|e| e.code()), Some("REPLY_MEMBER_MISSING"));
    assert_eq!(Step::Par.action(&FlowChoices::default(), &Answers::default()), Action::Par);
}

#[test]
fn userinfo_presents_a_dpop_token_and_the_certificate_as_the_setup_binds_them() {
    let mut answers = Answers::default();
    answers.set(Slot::AccessToken, "at-1".into());
    let files = crate::request::ClientCertificate::for_kid("kid");
    let choices = FlowChoices {
        userinfo_endpoint: "https://as.example/me".into(),
        token_scheme: crate::request::TokenScheme::Dpop,
        client_certificate: Some(files.clone()),
        ..FlowChoices::default()
    };
    let action = Step::Userinfo.action(&choices, &answers);
    assert!(matches!(action, Action::Get(Ok(_))), "{action:?}");
    let Action::Get(Ok(request)) = action else { return };
    assert_eq!(request.headers[0], ("Authorization".to_owned(), "DPoP at-1".to_owned()));
    assert_eq!(request.client_certificate, Some(files));
}
