//! Diagnostics: one type for every problem found in the records or the
//! configuration, and the three ways of printing them (human, JSON, GitHub).

pub(crate) mod suggest;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;

use crate::model::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Severity {
    Error,
    Warning,
}

/// One problem, located in a file. `file` is relative to the repository root
/// and always uses `/`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Diagnostic {
    pub(crate) severity: Severity,
    pub(crate) code: &'static str,
    pub(crate) message: String,
    pub(crate) file: String,
    pub(crate) span: Option<Span>,
    pub(crate) help: Option<String>,
}

impl Diagnostic {
    pub(crate) fn error(
        code: &'static str,
        file: &str,
        span: Option<Span>,
        message: String,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message,
            file: file.to_owned(),
            span,
            help: None,
        }
    }

    pub(crate) fn warning(
        code: &'static str,
        file: &str,
        span: Option<Span>,
        message: String,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, file, span, message)
        }
    }

    pub(crate) fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub(crate) fn with_optional_help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    fn line(&self) -> usize {
        self.span.map_or(0, |s| s.line)
    }

    fn column(&self) -> usize {
        self.span.map_or(0, |s| s.column)
    }
}

/// `text` with its first word in lower case, unless that word is an acronym
/// such as `YAML`: for messages that continue a sentence.
pub(crate) fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if second.is_lowercase() => first
            .to_lowercase()
            .chain(text[first.len_utf8()..].chars())
            .collect(),
        _ => text.to_owned(),
    }
}

/// The span of a byte range of `text`, with its line and character column.
pub(crate) fn span_of(text: &str, range: std::ops::Range<usize>) -> Span {
    let start = range.start.min(text.len());
    let end = range.end.clamp(start, text.len());
    let before = text.get(..start).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    Span {
        line,
        column,
        start,
        end,
    }
}

/// Sort diagnostics by file, line and column so output does not depend on the
/// order files were read in, and drop exact repeats.
pub(crate) fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| {
        (&a.file, a.line(), a.column(), a.code, &a.message).cmp(&(
            &b.file,
            b.line(),
            b.column(),
            b.code,
            &b.message,
        ))
    });
    diagnostics.dedup();
}

/// What `check` counted, printed after the diagnostics.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Summary {
    pub(crate) files: usize,
    pub(crate) inspections: usize,
    pub(crate) afis: usize,
    pub(crate) papers: usize,
    pub(crate) errors: usize,
    pub(crate) warnings: usize,
}

impl Summary {
    pub(crate) fn count(&mut self, diagnostics: &[Diagnostic]) {
        self.errors = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        self.warnings = diagnostics.len() - self.errors;
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let records = if self.papers == 0 {
            format!(
                "{} and {}",
                plural(self.inspections, "inspection", "inspections"),
                plural(self.afis, "AFI", "AFIs")
            )
        } else {
            format!(
                "{}, {} and {}",
                plural(self.inspections, "inspection", "inspections"),
                plural(self.afis, "AFI", "AFIs"),
                plural(self.papers, "paper", "papers")
            )
        };
        write!(
            f,
            "checked {} in {}: {}, {}",
            records,
            plural(self.files, "file", "files"),
            plural(self.errors, "error", "errors"),
            plural(self.warnings, "warning", "warnings"),
        )
    }
}

/// The rustc-style rendering: title, location, the source line with a caret,
/// and a help line. `sources` maps a file to its text, for the snippet.
pub(crate) fn render_human(
    diagnostics: &[Diagnostic],
    sources: &BTreeMap<String, std::sync::Arc<str>>,
    styled: bool,
) -> String {
    let renderer = if styled {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for d in diagnostics {
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let mut group = Group::with_title(level.primary_title(&d.message).id(d.code));
        let snippet = d
            .span
            .zip(sources.get(&d.file))
            .and_then(|(span, text)| line_snippet(text, span));
        match snippet {
            Some((line_text, line_start, range)) => {
                group = group.element(
                    Snippet::source(line_text)
                        .line_start(line_start)
                        .path(&d.file)
                        .annotation(AnnotationKind::Primary.span(range)),
                );
            }
            None => {
                let mut origin = annotate_snippets::Origin::path(&d.file);
                if let Some(span) = d.span {
                    origin = origin.line(span.line).char_column(span.column);
                }
                group = group.element(origin);
            }
        }
        if let Some(help) = &d.help {
            group = group.element(Level::HELP.message(help));
        }
        let _ = writeln!(out, "{}\n", renderer.render(&[group]));
    }
    out
}

/// The lines a span covers, the number of the first, and the span relative to
/// them. `None` when the span does not fit the text.
fn line_snippet(text: &str, span: Span) -> Option<(&str, usize, std::ops::Range<usize>)> {
    if span.start > text.len() || span.end > text.len() || span.start > span.end {
        return None;
    }
    let from = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let to = text[span.end..]
        .find('\n')
        .map_or(text.len(), |i| span.end + i);
    let lines = text.get(from..to)?.trim_end_matches('\r');
    let start = span.start - from;
    let end = (span.end - from).min(lines.len()).max(start);
    Some((lines, span.line, start..end))
}

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

/// GitHub Actions workflow commands: one `::error` or `::warning` line each,
/// so a pull request shows the problem on the line that has it.
pub(crate) fn render_github(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let kind = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut properties = format!("file={}", escape_property(&d.file));
        if let Some(span) = d.span {
            let _ = write!(properties, ",line={},col={}", span.line, span.column);
        }
        let _ = write!(properties, ",title={}", escape_property(d.code));
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        let _ = writeln!(out, "::{kind} {properties}::{}", escape_data(&message));
    }
    out
}

fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_lines_escape_newlines_and_separators() {
        let d = Diagnostic::error(
            "E011",
            "records/a,b.md",
            Some(Span {
                line: 3,
                column: 1,
                start: 0,
                end: 1,
            }),
            "50% wrong\nreally".to_owned(),
        );
        assert_eq!(
            render_github(&[d]),
            "::error file=records/a%2Cb.md,line=3,col=1,title=E011::50%25 wrong%0Areally\n"
        );
    }

    #[test]
    fn snippet_covers_the_spanned_line_only() {
        let text = "---\ntype: afi\nstaus: x\n---\n";
        let start = text.find("staus").unwrap_or(0);
        let span = Span {
            line: 3,
            column: 1,
            start,
            end: start + 5,
        };
        assert_eq!(line_snippet(text, span), Some(("staus: x", 3, 0..5)));
    }
}
