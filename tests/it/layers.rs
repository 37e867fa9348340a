//! The source tree keeps its stages in order: a stage imports only the
//! stages below it (ARCHITECTURE.md, "Invariants"). Tests inside a stage
//! may reach higher, to build their inputs; code may not.

use std::collections::BTreeSet;
use std::path::Path;

use crate::repo_root;

/// The stages from the bottom up. A module may import modules of lower
/// layers only: never its own layer's neighbours, never a higher one.
const LAYERS: &[&[&str]] = &[
    &["model"],
    &["diag", "files", "git", "cli", "output"],
    &["config"],
    &["load"],
    &["validate"],
    &["rollup"],
    &["paper"],
    &["render", "changes", "edit", "owners"],
    &["commands"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// The top-level modules `code` names through `crate::`, whether as
/// `crate::name` or inside `crate::{a, b::c}`.
fn crate_imports(code: &str) -> BTreeSet<String> {
    let leading_name = |text: &str| -> String {
        text.trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let mut found = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        let Some(group) = rest.strip_prefix('{') else {
            found.insert(leading_name(rest));
            continue;
        };
        // Split the group at its own commas, not those of nested groups.
        let mut depth = 0usize;
        let mut part_start = 0;
        for (i, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => {
                    found.insert(leading_name(&group[part_start..i]));
                    break;
                }
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    found.insert(leading_name(&group[part_start..i]));
                    part_start = i + 1;
                }
                _ => {}
            }
        }
    }
    found.remove("");
    found
}

/// A file's code without its unit tests.
fn code_of(path: &Path, text: &str) -> String {
    if path.file_name().is_some_and(|n| n == "tests.rs") {
        return String::new();
    }
    match text.find("#[cfg(test)]\nmod tests {") {
        Some(at) => text[..at].to_owned(),
        None => text.to_owned(),
    }
}

#[test]
fn every_stage_imports_only_the_stages_below_it() {
    let src = repo_root().join("src");
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    for entry in walkdir::WalkDir::new(&src).sort_by_file_name() {
        let entry = entry.expect("walk src");
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let relative = path.strip_prefix(&src).expect("inside src");
        let first = relative
            .iter()
            .next()
            .and_then(|c| c.to_str())
            .unwrap_or("");
        let module = first.strip_suffix(".rs").unwrap_or(first);
        if module == "lib" || module == "main" {
            continue;
        }
        seen.insert(module.to_owned());
        let Some(own) = layer_of(module) else {
            problems.push(format!("{}: `{module}` is in no layer", relative.display()));
            continue;
        };
        let text = std::fs::read_to_string(path).expect("read source");
        for import in crate_imports(&code_of(path, &text)) {
            if import == module || import.chars().next().is_some_and(char::is_uppercase) {
                continue;
            }
            match layer_of(&import) {
                Some(layer) if layer < own => {}
                Some(_) => problems.push(format!(
                    "{}: `{module}` imports `{import}`, which is not below it",
                    relative.display()
                )),
                None => problems.push(format!(
                    "{}: `{module}` imports `crate::{import}`, which is in no layer",
                    relative.display()
                )),
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // Every layer names a module that exists, so the list stays true.
    for name in LAYERS.iter().flat_map(|l| l.iter()) {
        assert!(
            seen.contains(*name),
            "`{name}` is listed but is not in src/"
        );
    }
}

#[test]
fn imports_are_found_in_paths_and_groups() {
    let code = "use crate::model::Afi;\nuse crate::{config, render::view::{Page, Builder}, rollup};\nlet x = crate::diag::sort(v);";
    let found: Vec<String> = crate_imports(code).into_iter().collect();
    assert_eq!(found, ["config", "diag", "model", "render", "rollup"]);
}
