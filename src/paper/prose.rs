//! Text for a paper: record prose with its Markdown kept but raw HTML and
//! script links made text, the sections of a record body, and small
//! phrases ("A, B and C", "12–16 May 2003", "1 AFI").

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

/// Markdown kept as Markdown, with raw HTML and script links made text,
/// for whichever Markdown tool reads the paper (pandoc, GitHub, …).
///
/// Every link, image and reference definition is found as a CommonMark
/// parser finds it, its destination decoded (`&#106;avascript&#58;` is
/// `javascript:`); one that is not to the web, to mail or within the
/// repository has its brackets escaped, so no parser sees a link there.
/// Beside that, raw HTML and anything that looks like a link to a script,
/// as a looser parser might read it, is escaped character by character.
pub(super) fn neutralise(text: &str) -> String {
    let unsafe_links = unsafe_link_ranges(text);
    let in_unsafe_link = |i: usize| unsafe_links.iter().any(|r| r.contains(&i));
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if c == '\0' {
            out.push('\u{fffd}');
            continue;
        }
        let rest = &text[i + c.len_utf8()..];
        let escape = match c {
            '[' | ']' | '<' if in_unsafe_link(i) => true,
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
                let line = &text[text[..i].rfind('\n').map_or(0, |n| n + 1)..i];
                line.ends_with(']')
                    && line.trim_start().starts_with('[')
                    && !is_safe_destination(rest)
            }
            _ => false,
        };
        // A character its author already escaped is text; another
        // backslash would escape the backslash instead and free it.
        let escaped = text[..i].bytes().rev().take_while(|b| *b == b'\\').count() % 2 == 1;
        if escape && !escaped {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The byte ranges of the links, images and reference definitions in
/// `text` whose destination is not safe, as CommonMark reads them.
fn unsafe_link_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
    use pulldown_cmark::{Event, Parser, Tag};
    // Only text with a bracket or an angle bracket can hold a link.
    if !text.contains(['[', '<']) {
        return Vec::new();
    }
    let mut parser = Parser::new(text).into_offset_iter();
    let mut ranges = Vec::new();
    for (event, range) in parser.by_ref() {
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = event
            && !is_safe_url(&dest_url)
        {
            ranges.push(range);
        }
    }
    ranges.extend(
        parser
            .reference_definitions()
            .iter()
            .filter(|(_, definition)| !is_safe_url(&definition.dest))
            .map(|(_, definition)| definition.span.clone()),
    );
    ranges
}

/// Whether a decoded link destination is safe to follow: a web or mail
/// address, an in-page anchor, or a relative path. Read as a browser reads
/// it: spaces and control characters anywhere in it dropped, any case.
fn is_safe_url(url: &str) -> bool {
    let url: String = url
        .chars()
        .filter(|c| *c > ' ' && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    let path_end = url.find(['/', '?', '#']).unwrap_or(url.len());
    match url.find(':') {
        Some(colon) if colon < path_end => ["http", "https", "mailto"].contains(&&url[..colon]),
        _ => true,
    }
}

/// Whether the destination that starts `rest` (after a `(` or `:`) is one
/// a reader can follow safely, read loosely from the text.
fn is_safe_destination(rest: &str) -> bool {
    let target = rest.trim_start_matches([' ', '\t', '\n', '\r', '<']);
    let end = target.find([')', ' ', '>', '\n']).unwrap_or(target.len());
    is_safe_url(&decode_references(&target[..end]))
}

/// `text` with its numeric character references (`&#106;`, `&#x3A;`) and
/// `&colon;` decoded, as a Markdown parser decodes a link destination.
fn decode_references(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest.find(';').filter(|e| *e <= 10);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let code = if let Some(hex) = name.strip_prefix("#x").or(name.strip_prefix("#X")) {
                u32::from_str_radix(hex, 16).ok()
            } else if let Some(decimal) = name.strip_prefix('#') {
                decimal.parse().ok()
            } else if name.eq_ignore_ascii_case("colon") {
                Some(u32::from(':'))
            } else {
                None
            };
            code.and_then(char::from_u32).map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, used)) => {
                out.push(c);
                rest = &rest[used..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
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

#[cfg(test)]
mod tests {
    use super::*;

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
            "\\[x\\]\\(javascript:alert(1))"
        );
        assert_eq!(
            prose("[x]( JavaScript:alert(1))"),
            "\\[x\\]\\( JavaScript:alert(1))"
        );
        assert_eq!(
            prose("[x](https://example.org) [y](notes.md) [z](#a)"),
            "[x](https://example.org) [y](notes.md) [z](#a)"
        );
        assert_eq!(
            prose("[x]: data:text/html,hi"),
            "\\[x\\]\\: data:text/html,hi"
        );
        assert_eq!(prose("<javascript:alert(1)>"), "\\<javascript:alert(1)>");
    }

    #[test]
    fn reference_definitions_and_encoded_schemes_are_made_text() {
        let text =
            "Intro.\n\nSee [g] and [h][].\n\n[g]: javascript:alert(4)\n[h]:\n  data:text/html,x\n";
        let out = prose(text);
        assert!(out.contains("\\[g\\]\\: javascript:alert(4)"), "{out}");
        assert!(out.contains("\\[h\\]\\:\n  data:"), "{out}");
        assert_eq!(
            prose("[that](&#106;avascript&#58;alert(3))"),
            "\\[that\\]\\(&#106;avascript&#58;alert(3))"
        );
        assert_eq!(prose("[x](\njavascript:y)"), "\\[x\\]\\(\njavascript:y)");
        assert_eq!(
            prose("[ok](#a) [web](https://example.org/a:b)"),
            "[ok](#a) [web](https://example.org/a:b)"
        );
        assert_eq!(prose("a\0b"), "a\u{fffd}b");
    }

    /// The Markdown as a CommonMark tool renders it, raw HTML and all.
    fn rendered(markdown: &str) -> String {
        let mut html = String::new();
        pulldown_cmark::html::push_html(
            &mut html,
            pulldown_cmark::Parser::new_ext(markdown, pulldown_cmark::Options::all()),
        );
        html.to_ascii_lowercase()
    }

    #[test]
    fn an_angle_bracket_the_author_escaped_stays_escaped() {
        for text in ["\\<script> ", "a \\<img src=x onerror=y>"] {
            let html = rendered(&neutralise(text));
            assert!(
                !html.contains("<script") && !html.contains("<img"),
                "{html}"
            );
        }
        assert_eq!(neutralise("\\\\<b>"), "\\\\\\<b>");
    }

    proptest::proptest! {
        #[test]
        fn no_prose_renders_live_anywhere(text in "(\\[[a-z]{0,2}\\]|\\(|\\)|: |\\n|\\n\\n|<|>|javascript|data|vbscript|&#106;|&#58;|&colon;|&#x6a;|:|script|img src=x onerror=y|[a-z ]{0,3}|!|\\\\| {4}|> |- ){0,24}") {
            let html = rendered(&neutralise(&text));
            // A scheme needs its colon: `href="javascript"` is a relative
            // link to a page of that name, not a script.
            for live in ["href=\"javascript:", "href=\"data:", "href=\"vbscript:", "src=\"javascript:", "src=\"data:", "<script", "<img src=x"] {
                proptest::prop_assert!(!html.contains(live), "{} in {} from {:?}", live, html, text);
            }
        }
    }

    #[test]
    fn raw_html_in_prose_is_made_text() {
        assert_eq!(
            prose("a <script>x</script> <https://example.org>"),
            "a \\<script>x\\</script> <https://example.org>"
        );
    }
}
