//! Text for a paper: record prose with its Markdown kept but raw HTML and
//! script links made text, the sections of a record body, the numbered
//! paragraphs of the house format, and small phrases ("A, B and C",
//! "12–16 May 2003", "1 AFI").

use std::fmt::Write as _;

use crate::model::Date;
use crate::model::prose::long_date;

pub(super) fn afis_word(n: u64) -> &'static str {
    if n == 1 { "AFI" } else { "AFIs" }
}

/// "A, B and C".
pub(super) fn join_and(items: Vec<String>) -> String {
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

/// "12–16 May 2003", or one date.
pub(super) fn period(start: Date, end: Option<Date>) -> String {
    match (start, end) {
        (Date::Day(s), Some(Date::Day(e)))
            if s != e && s.year() == e.year() && s.month() == e.month() =>
        {
            format!("{}–{}", s.day(), long_date(Date::Day(e)))
        }
        (s, Some(e)) if s != e => format!("{} – {}", long_date(s), long_date(e)),
        (s, _) => long_date(s),
    }
}

/// Record prose for a paper: its Markdown kept, but raw HTML made text.
pub(super) fn prose(text: &str) -> String {
    neutralise(text).trim().to_owned()
}

/// Markdown kept as Markdown, with raw HTML and script links made text.
pub(super) fn neutralise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        let rest = &text[i + c.len_utf8()..];
        let escape = match c {
            // Raw HTML becomes text; autolinks to web and mail stay links.
            '<' => {
                let tag_like = rest.starts_with(|n: char| {
                    n.is_ascii_alphabetic() || n == '/' || n == '!' || n == '?'
                });
                tag_like
                    && !["http://", "https://", "mailto:"]
                        .iter()
                        .any(|s| rest.to_ascii_lowercase().starts_with(s))
            }
            // A link or reference whose destination would run script stays text.
            '(' => text[..i].ends_with(']') && !is_safe_destination(rest),
            ':' => {
                text[..i].ends_with(']')
                    && text[..i].trim_start().starts_with('[')
                    && !is_safe_destination(rest)
            }
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Whether a link destination is one a reader can follow safely: a web or
/// mail address, an in-page anchor, or a relative path (no scheme at all).
fn is_safe_destination(rest: &str) -> bool {
    let target = rest.trim_start_matches([' ', '<']);
    let end = target.find([')', ' ', '>', '\n']).unwrap_or(target.len());
    let target = target[..end].to_ascii_lowercase();
    let scheme_end = target.find(':');
    let path_end = target.find(['/', '?', '#']).unwrap_or(target.len());
    match scheme_end {
        Some(colon) if colon < path_end => ["http", "https", "mailto"].contains(&&target[..colon]),
        _ => true,
    }
}

pub(super) fn indent(text: &str, by: usize) -> String {
    let pad = " ".repeat(by);
    text.lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("{pad}{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Indent every line but the first, to continue a list item.
pub(super) fn indent_rest(text: &str, by: usize) -> String {
    let mut lines = text.lines();
    let first = lines.next().unwrap_or("").to_owned();
    let rest: Vec<&str> = lines.collect();
    if rest.is_empty() {
        return first;
    }
    format!("{first}\n{}", indent(&rest.join("\n"), by))
}

/// The text under a `## Heading` of a record body, up to the next heading of
/// the same or a higher level.
pub(crate) fn section(body: &str, heading: &str) -> Option<String> {
    use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
    let non_empty = |text: &str| Some(text.trim().to_owned()).filter(|t| !t.is_empty());
    let mut start: Option<usize> = None;
    let mut heading_text: Option<String> = None;
    for (event, range) in Parser::new(body).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                if let Some(from) = start
                    && level <= HeadingLevel::H2
                {
                    return non_empty(&body[from..range.start]);
                }
                heading_text = Some(String::new());
            }
            Event::Text(text) => {
                if let Some(h) = &mut heading_text {
                    h.push_str(&text);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(h) = heading_text.take()
                    && start.is_none()
                    && h.trim().eq_ignore_ascii_case(heading)
                {
                    start = Some(range.end);
                }
            }
            _ => {}
        }
    }
    start.and_then(|from| non_empty(&body[from..]))
}

/// Number the top-level paragraphs 1, 2, 3 …; headings, lists and quotes
/// are not numbered. The number is escaped so it stays text, not a list.
pub(crate) fn number_paragraphs(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser, Tag};
    let mut depth = 0usize;
    let mut starts = Vec::new();
    for (event, range) in Parser::new(markdown).into_offset_iter() {
        match event {
            Event::Start(Tag::Paragraph) if depth == 0 => {
                starts.push(range.start);
                depth += 1;
            }
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    let mut out = String::with_capacity(markdown.len() + starts.len() * 4);
    let mut at = 0;
    for (i, start) in starts.into_iter().enumerate() {
        out.push_str(&markdown[at..start]);
        let _ = write!(out, "{}\\. ", i + 1);
        at = start;
    }
    out.push_str(&markdown[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_are_numbered_but_not_headings_or_lists() {
        let text = "First.\n\n### Heading\n\nSecond, with a list:\n\n- a\n- b\n\nThird.\n";
        assert_eq!(
            number_paragraphs(text),
            "1\\. First.\n\n### Heading\n\n2\\. Second, with a list:\n\n- a\n- b\n\n3\\. Third.\n"
        );
    }

    #[test]
    fn sections_of_a_body() {
        let body = "## Recommendation\n\nThat the BOCU reviews.\n\n## Action\n\n- Done.\n";
        assert_eq!(
            section(body, "Recommendation").as_deref(),
            Some("That the BOCU reviews.")
        );
        assert_eq!(section(body, "Action").as_deref(), Some("- Done."));
        assert_eq!(section(body, "Note"), None);
    }

    #[test]
    fn unsafe_links_in_prose_are_made_text() {
        assert_eq!(
            prose("[x](javascript:alert(1))"),
            "[x]\\(javascript:alert(1))"
        );
        assert_eq!(
            prose("[x]( JavaScript:alert(1))"),
            "[x]\\( JavaScript:alert(1))"
        );
        assert_eq!(
            prose("[x](https://example.org) [y](notes.md) [z](#a)"),
            "[x](https://example.org) [y](notes.md) [z](#a)"
        );
        assert_eq!(prose("[x]: data:text/html,hi"), "[x]\\: data:text/html,hi");
        assert_eq!(prose("<javascript:alert(1)>"), "\\<javascript:alert(1)>");
    }

    #[test]
    fn raw_html_in_prose_is_made_text() {
        assert_eq!(
            prose("a <script>x</script> <https://example.org>"),
            "a \\<script>x\\</script> <https://example.org>"
        );
    }
}
