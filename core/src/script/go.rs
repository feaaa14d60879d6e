//! The Go program (standard library only). Its string literals are written in ASCII with
//! `\u`/`\U` escapes for everything else: Go refuses a byte-order mark inside source, and the
//! file stays readable whatever the values hold. Fixed claims that are not strings go in as
//! their JSON text (`json.RawMessage`), so their members keep pkjwt's order.
use super::parts::{blocks, finish, Parts, RunTime};
use super::plan::Plan;
use serde_json::Value;
use std::fmt::Write as _;

const TEMPLATE: &str = include_str!("templates/main.go");

const RUN_TIME: RunTime = RunTime {
    client_id: "clientID",
    endpoint: "endpoint",
    uuid: "newUUID()",
    random_b64url: "b64url(randomBytes(16))",
    now_skewed: "now - skew",
    expires: "now + lifetime",
};

pub fn render(plan: &Plan, key_file: &str, comment: &str) -> String {
    let mut settings = vec![format!("const endpoint = {}", string(plan.url))];
    if let Some(client_id) = &plan.client_id {
        settings.push(format!("const clientID = {}", string(client_id)));
    }
    let (mut header, mut claims) = (Vec::new(), Vec::new());
    if let Some(recipe) = plan.recipe {
        settings.push(format!("const alg = {}", string(recipe.alg.name())));
        settings.push(format!("const lifetime = {} // seconds from now to exp", recipe.lifetime));
        if recipe.skew > 0 {
            settings.push(format!("const skew = {} // seconds iat and nbf are back-dated", recipe.skew));
        }
        header = recipe.header.iter().map(|(name, value)| format!("\t{{{}, {}}},", string(name), literal(value))).collect();
        claims = plan.claims.iter().map(|(name, claim)| format!("\t\t{{{}, {}}},", string(name), RUN_TIME.claim(claim, recipe, literal))).collect();
    }
    let form = plan.form.iter().map(|(name, field)| format!("\t\t{{{}, {}}},", string(name), RUN_TIME.field(field, string))).collect();
    let headers = plan.headers.iter().map(|(name, value)| format!("\trequest.Header.Set({}, {})", string(name), string(value))).collect();
    let mut on = blocks(plan, None);
    // The base64url helpers serve the assertion and the Basic credentials.
    if plan.recipe.is_some() || plan.basic {
        on.push("b64");
    }
    let parts = Parts { settings, header: header.join("\n"), claims, form, headers };
    finish(TEMPLATE, plan, comment, &on, parts, &[("key_file", &string(key_file))])
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
