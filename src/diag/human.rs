//! Diagnostics for people: rustc's layout (annotate-snippets), with the
//! source line and a caret under the problem.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use super::{Diagnostic, Severity};
use crate::model::Span;

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
    let on_characters = text.is_char_boundary(span.start) && text.is_char_boundary(span.end);
    if !on_characters || span.start > span.end {
        return None;
    }
    let from = crate::model::line_start(text, span.start);
    let to = text
        .get(span.end..)?
        .find('\n')
        .map_or(text.len(), |i| span.end + i);
    let lines = text.get(from..to)?.trim_end_matches('\r');
    let start = (span.start - from).min(lines.len());
    let end = (span.end - from).min(lines.len()).max(start);
    Some((lines, span.line, start..end))
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn a_span_that_does_not_fit_the_text_shows_no_lines() {
        let span = |start, end| Span {
            line: 1,
            column: 1,
            start,
            end,
        };
        // Inside the two bytes of `é`, past the end, backwards.
        assert_eq!(line_snippet("id: ré\n", span(6, 7)), None);
        assert_eq!(line_snippet("id: ré\n", span(4, 6)), None);
        assert_eq!(line_snippet("id: r\n", span(4, 9)), None);
        assert_eq!(line_snippet("id: r\n", span(5, 4)), None);
        assert_eq!(
            line_snippet("id: ré\n", span(4, 7)),
            Some(("id: ré", 1, 4..7))
        );
    }
}
