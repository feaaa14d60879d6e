//! placeholder
use super::plan::Plan;

pub fn render(_plan: &Plan, _key_file: &str) -> String {
    String::new()
}
