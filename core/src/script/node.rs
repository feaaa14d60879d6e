//! The Node.js script (node:crypto and the global fetch, no packages). JSON is valid JavaScript
//! (since ES2019 also with U+2028 and U+2029 inside strings), so serde_json writes the literals;
//! only a `__proto__` member needs care, since an object literal would make it the prototype.
use super::parts::{blocks, finish, Parts, RunTime};
use super::plan::Plan;
use serde_json::Value;

const TEMPLATE: &str = include_str!("templates/pkjwt-token.mjs");

const RUN_TIME: RunTime = RunTime {
    client_id: "CLIENT_ID",
    endpoint: "ENDPOINT",
    uuid: "randomUUID()",
    random_b64url: "b64url(randomBytes(16))",
    now_skewed: "now - SKEW",
    expires: "now + LIFETIME",
};

pub fn render(plan: &Plan, key_file: &str, comment: &str) -> String {
    let mut settings = vec![format!("const ENDPOINT = {};", string(plan.url))];
    if let Some(client_id) = &plan.client_id {
        settings.push(format!("const CLIENT_ID = {};", string(client_id)));
    }
    let (mut header, mut claims) = (String::new(), Vec::new());
    if let Some(recipe) = plan.recipe {
        settings.push(format!("const KEY_FILE = process.env.PKJWT_KEY_FILE || {};", string(key_file)));
        settings.push(format!("const ALG = {};", string(recipe.alg.name())));
        settings.push(format!("const LIFETIME = {}; // seconds from now to exp", recipe.lifetime));
        if recipe.skew > 0 {
            settings.push(format!("const SKEW = {}; // seconds iat and nbf are back-dated", recipe.skew));
        }
        let members: Vec<String> = recipe.header.iter().map(|(name, value)| format!("{}: {}", key(name), literal(value))).collect();
        header = format!("{{ {} }}", members.join(", "));
        claims = plan.claims.iter().map(|(name, claim)| format!("    {}: {},", key(name), RUN_TIME.claim(claim, recipe, literal))).collect();
    }
    let form = plan.form.iter().map(|(name, field)| format!("  [{}, {}],", string(name), RUN_TIME.field(field, string))).collect();
    let headers = plan.headers.iter().map(|(name, value)| format!("  {}: {},", string(name), string(value))).collect();
    finish(TEMPLATE, plan, comment, &blocks(plan, None), Parts { settings, header, claims, form, headers }, &[])
}

fn string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

/// An object literal's key: a plain name where JavaScript allows one, computed for
/// `__proto__` (so it stays an own member), quoted otherwise.
fn key(name: &str) -> String {
    let plain = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_') && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if name == "__proto__" {
        format!("[{}]", string(name))
    } else if plain {
        name.to_owned()
    } else {
        string(name)
    }
}

/// A JSON value as JavaScript: the JSON itself, or `JSON.parse` of it when an object inside
/// has a `__proto__` member.
fn literal(value: &Value) -> String {
    let json = serde_json::to_string(value).unwrap_or_default();
    if has_proto(value) {
        format!("JSON.parse({})", string(&json))
    } else {
        json
    }
}

fn has_proto(value: &Value) -> bool {
    match value {
        Value::Array(items) => items.iter().any(has_proto),
        Value::Object(members) => members.iter().any(|(name, value)| name == "__proto__" || has_proto(value)),
        _ => false,
    }
}
