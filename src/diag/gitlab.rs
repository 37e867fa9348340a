//! Diagnostics as a GitLab Code Quality report: one JSON array, which GitLab
//! shows in a merge request's widget and beside each changed line.

use serde::Serialize;

use super::{Diagnostic, Severity};
use crate::model::fnv::fnv1a_128;

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
}

/// The Code Quality report: one object per problem. `prefix` is put before
/// each file's path, so that paths are relative to the GitLab project when
/// the records repository is a folder inside it (`""` when it is the
/// project itself).
///
/// GitLab compares fingerprints between the merge request and its target
/// branch to tell new problems from old ones, so a fingerprint leaves out
/// the line: a problem stays the same problem when lines are added above it.
/// The same problem twice in one file is told apart by counting.
pub(crate) fn render_gitlab(diagnostics: &[Diagnostic], prefix: &str) -> String {
    // How many times each identity has come before.
    let mut seen: std::collections::HashMap<u128, usize> = std::collections::HashMap::new();
    let issues: Vec<Issue<'_>> = diagnostics
        .iter()
        .map(|d| {
            let path = format!("{prefix}{}", d.file);
            let identity = fnv1a_128(&[d.code, &path, &d.message]);
            let count = seen.entry(identity).or_default();
            let repeat = *count;
            *count += 1;
            let mut description = d.message.clone();
            if let Some(help) = &d.help {
                description.push_str("; help: ");
                description.push_str(help);
            }
            Issue {
                description,
                check_name: d.code,
                fingerprint: format!(
                    "{:032x}",
                    fnv1a_128(&[&format!("{identity:032x}"), &repeat.to_string()])
                ),
                severity: match d.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                },
                location: Location {
                    path,
                    lines: Lines {
                        begin: d.span.map_or(1, |s| s.line),
                    },
                },
            }
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&issues).unwrap_or_else(|_| "[]".to_owned());
    text.push('\n');
    text
}
