//! The Python script (requests + PyJWT's algorithm objects). A JSON string is a valid Python
//! string literal (`\"`, `\\`, `\n`, `\uXXXX`; any other character as it is), so serde_json
//! writes the literals; other JSON values are spelled in Python (`True`, `None`, …).
use super::parts::{blocks, finish, Parts, RunTime};
use super::plan::{Plan, ENV_CLIENT_ID, ENV_KEY_FILE};
use serde_json::Value;

const TEMPLATE: &str = include_str!("templates/pkjwt-token.py");

const RUN_TIME: RunTime = RunTime {
    client_id: "CLIENT_ID",
    endpoint: "ENDPOINT",
    uuid: "str(uuid.uuid4())",
    random_b64url: "b64url(os.urandom(16))",
    now_skewed: "now - SKEW",
    expires: "now + LIFETIME",
};

pub fn render(plan: &Plan, key_file: &str, comment: &str, dotenv: bool) -> String {
    let mut settings = vec![assign("ENDPOINT", &names(plan.endpoint_names), plan.url, dotenv)];
    if let Some(client_id) = &plan.client_id {
        settings.push(assign("CLIENT_ID", &names(&[ENV_CLIENT_ID]), client_id, dotenv));
    }
    let (mut header, mut claims) = (String::new(), Vec::new());
    if let Some(recipe) = plan.recipe {
        settings.push(assign("KEY_FILE", &names(&[ENV_KEY_FILE]), key_file, true));
        settings.push(format!("ALG = {}", string(recipe.alg.name())));
        settings.push(format!("LIFETIME = {}  # seconds from now to exp", recipe.lifetime));
        if recipe.skew > 0 {
            settings.push(format!("SKEW = {}  # seconds iat and nbf are back-dated", recipe.skew));
        }
        header = dict_inline(recipe.header.iter().map(|(name, value)| (name.as_str(), literal(value))));
        claims = plan.claims.iter().map(|(name, claim)| format!("        {}: {},", string(name), RUN_TIME.claim(claim, recipe, literal))).collect();
    }
    let form = plan.form.iter().map(|(name, field)| format!("        ({}, {}),", string(name), RUN_TIME.field(field, string))).collect();
    let headers = plan.headers.iter().map(|(name, value)| format!("        {}: {},", string(name), string(value))).collect();
    finish(TEMPLATE, plan, comment, &blocks(plan, Some(dotenv)), Parts { settings, header, claims, form, headers }, &[])
}

/// `NAME = "value"`, or read from the environment (and `.env`) first.
fn assign(name: &str, env_names: &str, value: &str, from_env: bool) -> String {
    if from_env {
        format!("{name} = setting({env_names}, {})", string(value))
    } else {
        format!("{name} = {}", string(value))
    }
}

fn names(names: &[&str]) -> String {
    format!("[{}]", names.iter().map(|name| string(name)).collect::<Vec<_>>().join(", "))
}

fn string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

fn dict_inline<'a>(members: impl Iterator<Item = (&'a str, String)>) -> String {
    let members: Vec<String> = members.map(|(name, value)| format!("{}: {value}", string(name))).collect();
    format!("{{{}}}", members.join(", "))
}

/// A JSON value as a Python literal that evaluates to the same value.
fn literal(value: &Value) -> String {
    match value {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Number(number) => number.to_string(),
        Value::String(text) => string(text),
        Value::Array(items) => format!("[{}]", items.iter().map(literal).collect::<Vec<_>>().join(", ")),
        Value::Object(members) => dict_inline(members.iter().map(|(name, value)| (name.as_str(), literal(value)))),
    }
}
