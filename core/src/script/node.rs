//! The Node.js script (node:crypto and the global fetch, no packages). JSON is valid JavaScript
//! (since ES2019 also with U+2028 and U+2029 inside strings), so serde_json writes the literals;
//! only a `__proto__` member needs care, since an object literal would make it the prototype.
use super::plan::{Claim, Field, Plan};
use super::template::fill;
use crate::assertion::JtiFormat;
use serde_json::Value;

const TEMPLATE: &str = include_str!("templates/pkjwt-token.mjs");

pub fn render(plan: &Plan, key_file: &str, comment: &str) -> String {
    let mut settings = vec![format!("const ENDPOINT = {};", string(plan.url))];
    if let Some(client_id) = &plan.client_id {
        settings.push(format!("const CLIENT_ID = {};", string(client_id)));
    }
    let mut on = Vec::new();
    let (mut header, mut claims) = (String::new(), Vec::new());
    if let Some(recipe) = plan.recipe {
        on.push("sign");
        settings.push(format!("const KEY_FILE = process.env.PKJWT_KEY_FILE || {};", string(key_file)));
        settings.push(format!("const ALG = {};", string(recipe.alg.name())));
        settings.push(format!("const LIFETIME = {}; // seconds from now to exp", recipe.lifetime));
        if recipe.skew > 0 {
            settings.push(format!("const SKEW = {}; // seconds iat and nbf are back-dated", recipe.skew));
        }
        let members: Vec<String> = recipe.header.iter().map(|(name, value)| format!("{}: {}", key(name), literal(value))).collect();
        header = format!("{{ {} }}", members.join(", "));
        let now = if recipe.skew > 0 { "now - SKEW" } else { "now" };
        for (name, claim) in &plan.claims {
            let value = match claim {
                Claim::Fixed(value) => literal(value),
                Claim::ClientId => "CLIENT_ID".into(),
                Claim::Endpoint => "ENDPOINT".into(),
                Claim::Jti => match recipe.jti_format {
                    JtiFormat::Uuid => "randomUUID()".into(),
                    JtiFormat::Base64Url => "b64url(randomBytes(16))".into(),
                },
                Claim::IssuedAt | Claim::NotBefore => now.into(),
                Claim::Expires => "now + LIFETIME".into(),
            };
            claims.push(format!("    {}: {value},", key(name)));
        }
    }
    if plan.needs_secret() {
        on.push("secret");
    }
    if plan.basic {
        on.push("basic");
    }
    let form: Vec<String> = plan
        .form
        .iter()
        .map(|(name, field)| {
            let value = match field {
                Field::Literal(value) => string(value),
                Field::ClientId => "CLIENT_ID".into(),
                Field::Assertion => "assertion".into(),
                Field::Secret => "secret".into(),
            };
            format!("  [{}, {value}],", string(name))
        })
        .collect();
    let headers: Vec<String> = plan.headers.iter().map(|(name, value)| format!("  {}: {},", string(name), string(value))).collect();
    let settings = settings.join("\n") + "\n";
    let alg = plan.recipe.map(|recipe| recipe.alg.name()).unwrap_or_default();
    fill(
        TEMPLATE,
        &on,
        &[
            ("summary", &plan.summary()),
            ("alg", alg),
            ("key_file_comment", comment),
            ("settings", &settings),
            ("header", &header),
            ("claims", &claims.join("\n")),
            ("form", &form.join("\n")),
            ("headers", &headers.join("\n")),
        ],
    )
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
