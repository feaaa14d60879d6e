//! The bash script (openssl 3 and curl). Values are quoted by the shell module's POSIX quoting
//! (`shlex`), the one the curl commands use; a `.env` file is parsed, never sourced.
use super::plan::{Claim, Field, Plan, ENV_CLIENT_ID, ENV_KEY_FILE};
use super::parts::{blocks, finish, Parts};
use super::ScriptError;
use crate::assertion::JtiFormat;
use crate::shell::posix_quote;
use serde_json::Value;

const TEMPLATE: &str = include_str!("templates/pkjwt-token.sh");

pub fn render(plan: &Plan, key_file: &str, comment: &str, dotenv: bool) -> Result<String, ScriptError> {
    let mut settings = vec![assign("ENDPOINT", plan.url, plan.endpoint_names, dotenv)?];
    if let Some(client_id) = &plan.client_id {
        settings.push(assign("CLIENT_ID", client_id, &[ENV_CLIENT_ID], dotenv)?);
    }
    let (mut header, mut claims) = (String::new(), Vec::new());
    if let Some(recipe) = plan.recipe {
        settings.push(assign("KEY_FILE", key_file, &[ENV_KEY_FILE], true)?);
        settings.push(format!("ALG={}", recipe.alg.name()));
        settings.push(format!("LIFETIME={} # seconds from now to exp", recipe.lifetime));
        if recipe.skew > 0 {
            settings.push(format!("SKEW={} # seconds iat and nbf are back-dated", recipe.skew));
        }
        header = quote(&serde_json::to_string(&recipe.header).unwrap_or_default())?;
        let now = if recipe.skew > 0 { "\"$((now - SKEW))\"" } else { "\"$now\"" };
        for (index, (name, claim)) in plan.claims.iter().enumerate() {
            let comma = if index == 0 { "" } else { "," };
            let member = format!("{comma}{}:", serde_json::to_string(name).unwrap_or_default());
            // Without a .env the client id and the endpoint are as fixed as any other value.
            let fixed = |text: &str| Value::String(text.to_owned());
            let value = match claim {
                Claim::Fixed(value) => Fixed((*value).clone()),
                Claim::ClientId if !dotenv => Fixed(fixed(plan.client_id.as_deref().unwrap_or_default())),
                Claim::Endpoint if !dotenv => Fixed(fixed(plan.url)),
                Claim::ClientId => Shell("\"$(json_string \"$CLIENT_ID\")\""),
                Claim::Endpoint => Shell("\"$(json_string \"$ENDPOINT\")\""),
                Claim::Jti => match recipe.jti_format {
                    JtiFormat::Uuid => Text("\"$(new_uuid)\""),
                    JtiFormat::Base64Url => Text("\"$(openssl rand 16 | b64url)\""),
                },
                Claim::IssuedAt | Claim::NotBefore => Shell(now),
                Claim::Expires => Shell("\"$((now + LIFETIME))\""),
            };
            claims.push(match value {
                Fixed(value) => format!("  json+={}", quote(&format!("{member}{}", serde_json::to_string(&value).unwrap_or_default()))?),
                Shell(code) => format!("  json+={}{code}", quote(&member)?),
                // A string made at run time: `',"jti":"'"$(new_uuid)"'"'`.
                Text(code) => format!("  json+={}{code}'\"'", quote(&format!("{member}\""))?),
            });
        }
    }
    let mut form = Vec::new();
    for (name, field) in &plan.form {
        let value = match field {
            Field::Literal(value) => quote(value)?,
            Field::ClientId => "\"$CLIENT_ID\"".into(),
            Field::Assertion => "\"$assertion\"".into(),
            Field::Secret => "\"$secret\"".into(),
        };
        form.push(format!("  {} {value}", quote(name)?));
    }
    let mut headers = Vec::new();
    for (name, value) in &plan.headers {
        headers.push(format!("  --header {}", quote(&format!("{name}: {value}"))?));
    }
    let parts = Parts { settings, header, claims, form, headers };
    Ok(finish(TEMPLATE, plan, comment, &blocks(plan, Some(dotenv)), parts, &[]))
}

/// A claim's text in the script: fixed JSON (quoted), shell code of ours that writes JSON, or
/// shell code of ours that writes a string's content (no character that needs escaping).
enum Member {
    Fixed(Value),
    Shell(&'static str),
    Text(&'static str),
}
use Member::{Fixed, Shell, Text};

fn quote(value: &str) -> Result<String, ScriptError> {
    Ok(posix_quote(value)?)
}

/// `NAME='value'`, or read from the environment (and `.env`) first.
fn assign(name: &str, value: &str, env_names: &[&str], from_env: bool) -> Result<String, ScriptError> {
    if from_env {
        Ok(format!("{name}=$(setting {} {})", quote(value)?, env_names.join(" ")))
    } else {
        Ok(format!("{name}={}", quote(value)?))
    }
}
