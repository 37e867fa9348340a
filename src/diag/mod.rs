//! Diagnostics: one type for every problem found in the records or the
//! configuration, sorted and counted; `human`, `json`, `github` and `gitlab`
//! print them, and `suggest` finds the name a misspelling meant.

mod github;
mod gitlab;
mod human;
mod json;
pub(crate) mod suggest;

pub(crate) use github::render_github;
pub(crate) use gitlab::render_gitlab;
pub(crate) use human::render_human;
pub(crate) use json::render_json;

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
    // Counting bytes, not matches, lets the compiler count many at a time.
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    Span {
        line,
        column: crate::model::column_at(text, start),
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
