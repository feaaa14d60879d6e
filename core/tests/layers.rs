//! The core's modules form layers without cycles: every `crate::…` path in `core/src` points
//! to a module on the same line of the layer list in `lib.rs`, or an earlier one, and the
//! imports within a line form no cycle. The list is written once, in `lib.rs`'s docs.
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

type Graph = BTreeMap<String, BTreeSet<String>>;

/// One source file of a top-level module: how deep it sits (`x.rs` and `x/mod.rs` are 1,
/// `x/a.rs` is 2), and its text.
struct Source {
    depth: usize,
    text: String,
}

/// The layer list: module name → its line (0 = the bottom).
fn layers(lib_rs: &str) -> BTreeMap<String, usize> {
    let start = lib_rs.find("<!-- layers -->").unwrap_or_else(|| panic!("lib.rs has no <!-- layers --> list"));
    let end = lib_rs.find("<!-- /layers -->").unwrap_or_else(|| panic!("lib.rs has no <!-- /layers --> end"));
    let mut ranks = BTreeMap::new();
    for (rank, line) in lib_rs[start..end].lines().skip(1).filter(|l| l.trim() != "//!").enumerate() {
        // The names are the backticked words before the colon.
        let names = line.split(':').next().unwrap_or_default();
        for name in names.split('`').skip(1).step_by(2) {
            assert!(ranks.insert(name.to_owned(), rank).is_none(), "{name} is listed twice");
        }
    }
    ranks
}

/// The text with comments, string and character literals blanked out, so that a path in a
/// doc comment or a message is not taken for an import.
fn code_only(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            out.push(' ');
        } else if c == 'r' && (next == Some('"') || next == Some('#')) && !chars.get(i.wrapping_sub(1)).is_some_and(|p| p.is_alphanumeric() || *p == '_') {
            // r"…" or r#"…"#: ends at a quote followed by as many hashes.
            let mut j = i + 1;
            let mut hashes = 0;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            while j < chars.len() && !(chars[j] == '"' && (1..=hashes).all(|k| chars.get(j + k) == Some(&'#'))) {
                j += 1;
            }
            i = j + 1 + hashes;
            out.push_str("\"\"");
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\'' && (chars.get(i + 2) == Some(&'\'') || next == Some('\\')) {
            // A character literal ('x', '\n', '\u{1f}'); otherwise a lifetime.
            i += 1;
            while i < chars.len() && chars[i] != '\'' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("' '");
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn identifier(text: &str) -> &str {
    let end = text.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(text.len());
    &text[..end]
}

/// The first segment of every item of a `{a, b::c, d::{e, f}}` group (after its `{`).
fn group_heads(text: &str) -> Vec<String> {
    let mut heads = Vec::new();
    let mut depth = 0;
    let mut at_item = true;
    for (index, c) in text.char_indices() {
        match c {
            '{' => {
                depth += 1;
                at_item = false;
            }
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => at_item = true,
            c if at_item && !c.is_whitespace() => {
                heads.push(identifier(&text[index..]).to_owned());
                at_item = false;
            }
            _ => {}
        }
    }
    heads
}

/// The names a file reaches from the crate root: `crate::x`, `crate::{x, y::z}`, and
/// `super::x` from as many `super`s as the file is deep.
fn root_names(source: &Source) -> BTreeSet<String> {
    let code = code_only(&source.text);
    let mut names = BTreeSet::new();
    let mut roots: Vec<usize> = code.match_indices("crate::").map(|(at, m)| at + m.len()).collect();
    assert!(source.depth > 0, "a module's files are at least one level below the crate root");
    let supers = "super::".repeat(source.depth);
    // Exactly `depth` of them: not the tail of a longer chain, nor followed by another.
    let whole = |at: usize| !code[..at].ends_with(|c: char| c == ':' || c.is_alphanumeric() || c == '_') && !code[at + supers.len()..].starts_with("super::");
    roots.extend(code.match_indices(&supers).filter(|(at, _)| whole(*at)).map(|(at, m)| at + m.len()));
    for at in roots {
        if code[..at].ends_with("crate::") && code[..at - 7].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == '$') {
            continue; // `pkjwt_crate::` or `$crate::`, not ours
        }
        let rest = &code[at..];
        if let Some(group) = rest.strip_prefix('{') {
            names.extend(group_heads(group));
        } else {
            names.insert(identifier(rest).to_owned());
        }
    }
    names
}

/// Names `lib.rs` re-exports at the crate root (`pub use jwa::{Alg, AlgFamily};`), by module.
fn root_reexports(lib_rs: &str) -> BTreeMap<String, String> {
    let mut found = BTreeMap::new();
    for line in code_only(lib_rs).lines() {
        let Some(path) = line.trim().strip_prefix("pub use ") else { continue };
        let module = identifier(path).to_owned();
        let rest = &path[module.len()..].trim_start_matches("::");
        let items: Vec<String> = match rest.strip_prefix('{') {
            Some(group) => group_heads(group),
            None => vec![rest.rsplit("::").next().map(identifier).unwrap_or_default().to_owned()],
        };
        for item in items {
            found.insert(item, module.clone());
        }
    }
    found
}

/// The modules each module uses.
fn graph(modules: &BTreeMap<String, Vec<Source>>, reexports: &BTreeMap<String, String>) -> Graph {
    let mut graph = Graph::new();
    for (module, sources) in modules {
        let uses = graph.entry(module.clone()).or_default();
        for source in sources {
            for name in root_names(source) {
                let target = if modules.contains_key(&name) { Some(name) } else { reexports.get(&name).cloned() };
                if let Some(target) = target.filter(|t| t != module) {
                    uses.insert(target);
                }
            }
        }
    }
    graph
}

/// Every module that is not listed, every use that points up the list, and every cycle.
fn violations(ranks: &BTreeMap<String, usize>, graph: &Graph) -> Vec<String> {
    let mut found = Vec::new();
    for (module, uses) in graph {
        let Some(rank) = ranks.get(module) else {
            found.push(format!("{module} is not in the layer list of lib.rs"));
            continue;
        };
        for used in uses {
            if ranks.get(used).is_some_and(|r| r > rank) {
                found.push(format!("{module} (line {}) uses {used} (line {}), which is above it", rank + 1, ranks[used] + 1));
            }
        }
    }
    // Depth-first search; a module met again while still on the path closes a cycle.
    fn visit(module: &str, graph: &Graph, path: &mut Vec<String>, done: &mut BTreeSet<String>, found: &mut Vec<String>) {
        if let Some(at) = path.iter().position(|m| m == module) {
            found.push(format!("cycle: {} -> {module}", path[at..].join(" -> ")));
            return;
        }
        if !done.insert(module.to_owned()) {
            return;
        }
        path.push(module.to_owned());
        for used in graph.get(module).into_iter().flatten() {
            visit(used, graph, path, done, found);
        }
        path.pop();
    }
    let mut done = BTreeSet::new();
    for module in graph.keys() {
        visit(module, graph, &mut Vec::new(), &mut done, &mut found);
    }
    found
}

/// Every `.rs` file under `dir`, the folder of a module `depth` below the crate root.
fn sources_in(dir: &Path, depth: usize, out: &mut Vec<Source>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).into_iter().flatten().flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            sources_in(&path, depth + 1, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let is_mod = path.file_name().is_some_and(|n| n == "mod.rs");
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            out.push(Source { depth: if is_mod { depth } else { depth + 1 }, text });
        }
    }
}

#[test]
fn the_core_is_layered_without_cycles() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib_rs = std::fs::read_to_string(src.join("lib.rs")).unwrap_or_default();
    let ranks = layers(&lib_rs);
    let mut modules = BTreeMap::new();
    for line in code_only(&lib_rs).lines() {
        let line = line.trim();
        let Some(declared) = ["pub mod ", "pub(crate) mod ", "mod "].iter().find_map(|p| line.strip_prefix(p)) else { continue };
        let name = identifier(declared).to_owned();
        let mut sources = Vec::new();
        let file = src.join(format!("{name}.rs"));
        if file.exists() {
            sources.push(Source { depth: 1, text: std::fs::read_to_string(&file).unwrap_or_default() });
        }
        sources_in(&src.join(&name), 1, &mut sources);
        assert!(!sources.is_empty(), "no source for module {name}");
        modules.insert(name, sources);
    }
    assert!(modules.len() >= 15, "found only {} modules in lib.rs", modules.len());
    let graph = graph(&modules, &root_reexports(&lib_rs));
    let edges: usize = graph.values().map(BTreeSet::len).sum();
    assert!(edges >= 40, "found only {edges} imports between modules; is the scan still reading them?");
    for (module, uses) in &graph {
        eprintln!("{module:<10} -> {}", uses.iter().cloned().collect::<Vec<_>>().join(", "));
    }
    let found = violations(&ranks, &graph);
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// The check itself: a deliberately bad set of sources must fail it, for each reason.
#[test]
fn the_check_finds_upward_imports_cycles_and_unlisted_modules() {
    let lib_rs = "//! <!-- layers -->\n//! 1. `low`: the bottom.\n//! 2. `mid`, `peer`: in between.\n//! 3. `high`: the top.\n//! <!-- /layers -->\npub use high::Top;\n";
    let ranks = layers(lib_rs);
    assert_eq!(ranks.get("peer"), Some(&1));
    let source = |depth: usize, text: &str| Source { depth, text: text.to_owned() };
    let mut modules = BTreeMap::new();
    // An upward import hidden in a group, and one through a root re-export.
    modules.insert("low".to_owned(), vec![source(1, "use crate::{jwa, mid::Thing};\n"), source(2, "fn f() -> crate::Top { todo!() }\n")]);
    // A cycle within one line: mid -> peer -> mid (the second through `super::` at depth 2).
    modules.insert("mid".to_owned(), vec![source(1, "pub use crate::peer::P;\n")]);
    modules.insert("peer".to_owned(), vec![source(2, "use super::super::mid::M;\n")]);
    // Mentions that are not imports: a comment, a doc comment, strings, a nested super.
    modules.insert("high".to_owned(), vec![source(1, "// crate::nope\n/// [`crate::nope`]\nconst A: &str = \"crate::nope\";\nconst B: &str = r#\"crate::nope\"#;\nuse super::super::nope;\nfn g<'a>(x: &'a str) -> char { 'c' }\nuse crate::low;\n")]);
    modules.insert("nope".to_owned(), vec![source(1, "")]);
    let graph = graph(&modules, &root_reexports(lib_rs));
    assert_eq!(graph["low"], ["high", "mid"].map(String::from).into_iter().collect());
    assert_eq!(graph["high"], ["low"].map(String::from).into_iter().collect());
    let found = violations(&ranks, &graph);
    let has = |needle: &str| found.iter().any(|f| f.contains(needle));
    assert!(has("low (line 1) uses mid (line 2)"), "{found:#?}");
    assert!(has("low (line 1) uses high (line 3)"), "{found:#?}");
    assert!(has("cycle: mid -> peer -> mid") || has("cycle: peer -> mid -> peer"), "{found:#?}");
    assert!(has("cycle: high -> low -> high") || has("cycle: low -> high -> low"), "{found:#?}");
    assert!(has("nope is not in the layer list"), "{found:#?}");
    // And a good graph passes.
    let good: Graph = [("low", vec![]), ("mid", vec!["low", "peer"]), ("peer", vec!["low"]), ("high", vec!["mid"])]
        .into_iter()
        .map(|(m, uses)| (m.to_owned(), uses.into_iter().map(String::from).collect()))
        .collect();
    assert_eq!(violations(&ranks, &good), Vec::<String>::new());
}
