//! Diagnostics as one JSON object, for tools.

use serde::Serialize;

use super::{Diagnostic, Severity, Summary};

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    file: &'a str,
    line: Option<usize>,
    column: Option<usize>,
    severity: Severity,
    code: &'a str,
    message: &'a str,
    help: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: &'a Summary,
}

/// One JSON object: `{"diagnostics": [...], "summary": {...}}`, documented in
/// `docs/diagnostics.md`.
pub(crate) fn render_json(diagnostics: &[Diagnostic], summary: &Summary) -> String {
    let report = JsonReport {
        diagnostics: diagnostics
            .iter()
            .map(|d| JsonDiagnostic {
                file: &d.file,
                line: d.span.map(|s| s.line),
                column: d.span.map(|s| s.column),
                severity: d.severity,
                code: d.code,
                message: &d.message,
                help: d.help.as_deref(),
            })
            .collect(),
        summary,
    };
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
    text.push('\n');
    text
}
