//! What the four renderers share: which template blocks a plan keeps, the slots every template
//! has, and how Python, Node.js and Go spell the values a script makes at run time.
use super::plan::{Claim, Field, Plan};
use super::template::fill;
use crate::assertion::{AssertionRecipe, JtiFormat};
use serde_json::Value;

/// The text a language writes into its template's slots, each in its own syntax.
pub struct Parts {
    /// One line per constant or setting (the endpoint, the client id, the key file, the alg …).
    pub settings: Vec<String>,
    pub header: String,
    pub claims: Vec<String>,
    pub form: Vec<String>,
    pub headers: Vec<String>,
}

/// The template blocks this plan keeps: `sign` with an assertion, `secret` with a client
/// secret, `basic` for client_secret_basic and, where the language reads a `.env` file
/// (`dotenv` is `Some`), `dotenv` or `plain`.
pub fn blocks(plan: &Plan, dotenv: Option<bool>) -> Vec<&'static str> {
    let mut on = Vec::new();
    match dotenv {
        Some(true) => on.push("dotenv"),
        Some(false) => on.push("plain"),
        None => {}
    }
    if plan.recipe.is_some() {
        on.push("sign");
    }
    if plan.needs_secret() {
        on.push("secret");
    }
    if plan.basic {
        on.push("basic");
    }
    on
}

/// The script: `template` with the blocks in `on`, the plan's own slots (`summary`, `alg`,
/// `key_file_comment`), the language's `parts` and its `extra` slots.
pub fn finish(template: &str, plan: &Plan, comment: &str, on: &[&str], parts: Parts, extra: &[(&str, &str)]) -> String {
    let summary = plan.summary();
    let alg = plan.recipe.map(|recipe| recipe.alg.name()).unwrap_or_default();
    let settings = parts.settings.join("\n") + "\n";
    let (claims, form, headers) = (parts.claims.join("\n"), parts.form.join("\n"), parts.headers.join("\n"));
    let mut slots = vec![
        ("summary", summary.as_str()),
        ("alg", alg),
        ("key_file_comment", comment),
        ("settings", settings.as_str()),
        ("header", parts.header.as_str()),
        ("claims", claims.as_str()),
        ("form", form.as_str()),
        ("headers", headers.as_str()),
    ];
    slots.extend_from_slice(extra);
    fill(template, on, &slots)
}

/// How a language with expressions (Python, Node.js, Go) names what its script makes at run
/// time; the template defines these names. The new assertion is `assertion` and the secret
/// `secret` in all three.
pub struct RunTime {
    pub client_id: &'static str,
    pub endpoint: &'static str,
    /// A new random (version 4) UUID.
    pub uuid: &'static str,
    /// 16 new random bytes, base64url.
    pub random_b64url: &'static str,
    /// `now` back-dated by the skew constant (written only when the recipe has a skew).
    pub now_skewed: &'static str,
    /// `now` plus the lifetime constant.
    pub expires: &'static str,
}

impl RunTime {
    /// A claim's value: `literal` for a fixed one, else the run-time expression.
    pub fn claim(&self, claim: &Claim, recipe: &AssertionRecipe, literal: impl Fn(&Value) -> String) -> String {
        match claim {
            Claim::Fixed(value) => literal(value),
            Claim::ClientId => self.client_id.into(),
            Claim::Endpoint => self.endpoint.into(),
            Claim::Jti => match recipe.jti_format {
                JtiFormat::Uuid => self.uuid.into(),
                JtiFormat::Base64Url => self.random_b64url.into(),
            },
            Claim::IssuedAt | Claim::NotBefore => (if recipe.skew > 0 { self.now_skewed } else { "now" }).into(),
            Claim::Expires => self.expires.into(),
        }
    }

    /// A form value: `string` for a literal one, else the run-time expression.
    pub fn field(&self, field: &Field, string: impl Fn(&str) -> String) -> String {
        match field {
            Field::Literal(value) => string(value),
            Field::ClientId => self.client_id.into(),
            Field::Assertion => "assertion".into(),
            Field::Secret => "secret".into(),
        }
    }
}
