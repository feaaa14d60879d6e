//! The Go program (standard library only). Its string literals are written in ASCII with
//! `\u`/`\U` escapes for everything else: Go refuses a byte-order mark inside source, and the
//! file stays readable whatever the values hold. Fixed claims that are not strings go in as
//! their JSON text (`json.RawMessage`), so their members keep pkjwt's order.
use super::plan::{Claim, Field, Plan};
use super::template::fill;
use crate::assertion::JtiFormat;
use serde_json::Value;
use std::fmt::Write as _;

const TEMPLATE: &str = include_str!("templates/main.go");

pub fn render(plan: &Plan, key_file: &str, comment: &str) -> String {
    let mut settings = vec![format!("const endpoint = {}", string(plan.url))];
    if let Some(client_id) = &plan.client_id {
        settings.push(format!("const clientID = {}", string(client_id)));
    }
    let mut on = Vec::new();
    let (mut header, mut claims) = (Vec::new(), Vec::new());
    if let Some(recipe) = plan.recipe {
        on.extend(["sign", "b64"]);
        settings.push(format!("const alg = {}", string(recipe.alg.name())));
        settings.push(format!("const lifetime = {} // seconds from now to exp", recipe.lifetime));
        if recipe.skew > 0 {
            settings.push(format!("const skew = {} // seconds iat and nbf are back-dated", recipe.skew));
        }
        header = recipe.header.iter().map(|(name, value)| format!("\t{{{}, {}}},", string(name), literal(value))).collect();
        let now = if recipe.skew > 0 { "now - skew" } else { "now" };
        for (name, claim) in &plan.claims {
            let value = match claim {
                Claim::Fixed(value) => literal(value),
                Claim::ClientId => "clientID".into(),
                Claim::Endpoint => "endpoint".into(),
                Claim::Jti => match recipe.jti_format {
                    JtiFormat::Uuid => "newUUID()".into(),
                    JtiFormat::Base64Url => "b64url(randomBytes(16))".into(),
                },
                Claim::IssuedAt | Claim::NotBefore => now.into(),
                Claim::Expires => "now + lifetime".into(),
            };
            claims.push(format!("\t\t{{{}, {value}}},", string(name)));
        }
    }
    if plan.needs_secret() {
        on.push("secret");
    }
    if plan.basic {
        on.extend(["basic", "b64"]);
    }
    let form: Vec<String> = plan
        .form
        .iter()
        .map(|(name, field)| {
            let value = match field {
                Field::Literal(value) => string(value),
                Field::ClientId => "clientID".into(),
                Field::Assertion => "assertion".into(),
                Field::Secret => "secret".into(),
            };
            format!("\t\t{{{}, {value}}},", string(name))
        })
        .collect();
    let headers: Vec<String> = plan.headers.iter().map(|(name, value)| format!("\trequest.Header.Set({}, {})", string(name), string(value))).collect();
    let settings = settings.join("\n") + "\n";
    let alg = plan.recipe.map(|recipe| recipe.alg.name()).unwrap_or_default();
    fill(
        TEMPLATE,
        &on,
        &[
            ("summary", &plan.summary()),
            ("alg", alg),
            ("key_file_comment", comment),
            ("key_file", &string(key_file)),
            ("settings", &settings),
            ("header", &header.join("\n")),
            ("claims", &claims.join("\n")),
            ("form", &form.join("\n")),
            ("headers", &headers.join("\n")),
        ],
    )
}

/// A Go interpreted string literal in ASCII.
pub(super) fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            ' '..='~' => out.push(c),
            c if (c as u32) <= 0xFFFF => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => {
                let _ = write!(out, "\\U{:08x}", c as u32);
            }
        }
    }
    out.push('"');
    out
}

/// A fixed claim: a Go string, or the value's JSON text.
fn literal(value: &Value) -> String {
    match value {
        Value::String(text) => string(text),
        other => format!("json.RawMessage({})", string(&serde_json::to_string(other).unwrap_or_default())),
    }
}
