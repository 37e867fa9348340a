//! Diagnostics as GitHub Actions workflow commands, which put each problem
//! on its line in a pull request.

use std::fmt::Write as _;

use super::{Diagnostic, Severity};

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
    use crate::model::Span;

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
}
