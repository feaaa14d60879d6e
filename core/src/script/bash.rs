//! placeholder
use super::plan::Plan;
use super::ScriptError;

pub fn render(_plan: &Plan, _key_file: &str, _dotenv: bool) -> Result<String, ScriptError> {
    Ok(String::new())
}
