//! `{name}` placeholders: values a preset leaves for the user to fill in.

/// The `{name}` placeholders in `text`, in order, without duplicates.
pub fn placeholders(text: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else { break };
        let name = &after[..end];
        if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') && !found.iter().any(|f| f == name) {
            found.push(name.to_owned());
        }
        rest = &after[end + 1..];
    }
    found
}

/// Replaces `{name}` with `value` everywhere in `text`.
pub fn fill_placeholder(text: &str, name: &str, value: &str) -> String {
    text.replace(&format!("{{{name}}}"), value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_found_once_each() {
        assert_eq!(placeholders("https://{tenant}.auth0.com/{tenant}/{x-y}"), vec!["tenant", "x-y"]);
        assert_eq!(placeholders("{\"scope\": \"a\"}"), Vec::<String>::new());
        assert_eq!(fill_placeholder("https://{domain}/oauth2", "domain", "dev-1.okta.com"), "https://dev-1.okta.com/oauth2");
    }
}
