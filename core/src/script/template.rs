//! Filling a script template: `{{name}}` slots, and `@@block` … `@@/block` lines around the
//! parts only some scripts need (kept, without the marker lines, when the block is on).

/// The template with the blocks in `on` kept (the others dropped) and each `{{name}}` of
/// `slots` replaced. Slots are filled after the blocks are chosen, so no value can open one.
pub fn fill(template: &str, on: &[&str], slots: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() * 2);
    // The blocks we are inside; a line is kept when every one of them is on.
    let mut open: Vec<(&str, bool)> = Vec::new();
    for line in template.split_inclusive('\n') {
        let marker = line.trim();
        if let Some(name) = marker.strip_prefix("@@/") {
            if open.last().is_some_and(|(block, _)| *block == name) {
                open.pop();
            }
            continue;
        }
        if let Some(name) = marker.strip_prefix("@@") {
            open.push((name, on.contains(&name)));
            continue;
        }
        if open.iter().all(|(_, kept)| *kept) {
            out.push_str(line);
        }
    }
    // One pass over the text, so a value holding `{{…}}` stays as it is.
    let mut filled = String::with_capacity(out.len());
    let mut rest = out.as_str();
    while let Some(start) = rest.find("{{") {
        filled.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find("}}").and_then(|end| slots.iter().find(|(name, _)| *name == &after[..end]).map(|(_, value)| (end, value))) {
            Some((end, value)) => {
                filled.push_str(value);
                rest = &after[end + 2..];
            }
            None => {
                filled.push_str("{{");
                rest = after;
            }
        }
    }
    filled.push_str(rest);
    filled
}

#[cfg(test)]
mod tests {
    use super::fill;

    #[test]
    fn blocks_and_slots() {
        let template = "a {{x}}\n@@one\nin one\n@@two\nin both\n@@/two\n@@/one\n@@two\nin two\n@@/two\nend {{y}} {{z}}\n";
        assert_eq!(fill(template, &["two"], &[("x", "{{y}}"), ("y", "Y")]), "a {{y}}\nin two\nend Y {{z}}\n");
        assert_eq!(fill(template, &["one", "two"], &[]), "a {{x}}\nin one\nin both\nin two\nend {{y}} {{z}}\n");
    }
}
