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

/// Fieldwork periods as a paper writes them: "12–16 May 2003", "30 June –
/// 1 July 2003", one date; several joined with "and", the year said once
/// at the end when they all fall in it ("23–25 June and 30 June – 1 July
/// 2003").
pub(super) fn periods(list: &[(Date, Option<Date>)]) -> String {
    let days: Vec<jiff::civil::Date> = list
        .iter()
        .flat_map(|(s, e)| std::iter::once(*s).chain(*e))
        .filter_map(|d| match d {
            Date::Day(d) => Some(d),
            Date::Month { .. } => None,
        })
        .collect();
    let all_days = days.len()
        == list
            .iter()
            .map(|(_, e)| 1 + usize::from(e.is_some()))
            .sum::<usize>();
    let one_year = all_days && days.windows(2).all(|w| w[0].year() == w[1].year());
    let last = list.len().saturating_sub(1);
    let written: Vec<String> = list
        .iter()
        .enumerate()
        .map(|(i, (s, e))| period(*s, *e, !one_year || i == last))
        .collect();
    written.join(" and ")
}

/// One period; the year left off when `with_year` is false, which only a
/// period of days within one year can be.
fn period(start: Date, end: Option<Date>, with_year: bool) -> String {
    let day_month =
        |d: jiff::civil::Date| format!("{} {}", d.day(), crate::model::month_name(d.month()));
    let year = |d: jiff::civil::Date| {
        if with_year {
            format!(" {}", d.year())
        } else {
            String::new()
        }
    };
    match (start, end) {
        (Date::Day(s), Some(Date::Day(e))) if s != e && s.year() == e.year() => {
            if s.month() == e.month() {
                format!("{}–{}{}", s.day(), day_month(e), year(e))
            } else {
                format!("{} – {}{}", day_month(s), day_month(e), year(e))
            }
        }
        (s, Some(e)) if s != e => format!("{} – {}", long_date(s), long_date(e)),
        (Date::Day(s), _) => format!("{}{}", day_month(s), year(s)),
        (s, _) => long_date(s),
    }
}

/// Record prose for a paper: its Markdown kept, but raw HTML made text.
pub(super) fn prose(text: &str) -> String {
    neutralise(text).trim().to_owned()
}

/// Markdown kept as Markdown, with raw HTML, script links and pandoc's own
/// live syntax made text, for whichever Markdown tool reads the paper
/// (pandoc, GitHub, …).
///
/// Every link, image and reference definition is found as a CommonMark
/// parser finds it, its destination decoded (`&#106;avascript&#58;` is
/// `javascript:`); one that is not to the web, to mail or within the
/// repository has its brackets escaped, so no parser sees a link there.
/// Beside that, raw HTML and anything that looks like a link to a script,
/// as a looser parser might read it, is escaped character by character; so
/// are pandoc's attributes and raw blocks (`{`, outside code), its fenced
/// divs (`:::`), its raw TeX (a backslash before a letter, which CommonMark
/// prints as it is either way) and its metadata blocks (a `---` line that
/// could open one is written `- - -`, the same rule). One pass, in time
/// linear in the text.
pub(super) fn neutralise(text: &str) -> String {
    let (unsafe_links, code) = ranges(text);
    let mut unsafe_links = Cursor::new(unsafe_links);
    let mut code = Cursor::new(code);
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut line = Line::default();
    let mut previous = '\n';
    let mut backslashes = 0;
    let mut skip_to = 0;
    for (i, c) in text.char_indices() {
        if i < skip_to {
            continue;
        }
        let in_code = code.contains(i);
        if previous == '\n' {
            line = Line::at(text, i);
            if line.could_open_metadata && !in_code {
                out.push_str("- - -");
                skip_to = i + 3;
                previous = '-';
                backslashes = 0;
                continue;
            }
        }
        if c == '\0' {
            out.push('\u{fffd}');
            previous = c;
            backslashes = 0;
            continue;
        }
        let rest = &text[i + c.len_utf8()..];
        let escape = match c {
            '[' | ']' | '<' if unsafe_links.contains(i) => true,
            // Raw HTML becomes text; autolinks to web and mail stay links.
            '<' => {
                let tag_like = rest.starts_with(|n: char| {
                    n.is_ascii_alphabetic() || n == '/' || n == '!' || n == '?'
                });
                tag_like
                    && !["http://", "https://", "mailto:"].iter().any(|s| {
                        rest.get(..s.len())
                            .is_some_and(|r| r.eq_ignore_ascii_case(s))
                    })
            }
            // A link or reference whose destination would run script stays text.
            '(' => previous == ']' && !is_safe_destination(rest),
            ':' => {
                let reference =
                    previous == ']' && line.opens_with_bracket && !is_safe_destination(rest);
                let div = !in_code && line.only_spaces_to(text, i) && rest.starts_with("::");
                reference || div
            }
            '{' => !in_code,
            '\\' => !in_code && rest.starts_with(|n: char| n.is_ascii_alphabetic()),
            _ => false,
        };
        // A character its author already escaped is text; another
        // backslash would escape the backslash instead and free it.
        if escape && backslashes % 2 == 0 {
            out.push('\\');
        }
        out.push(c);
        backslashes = if c == '\\' { backslashes + 1 } else { 0 };
        previous = c;
    }
    out
}

/// What a line of the text starts with, for the rules that look at it.
#[derive(Default)]
struct Line {
    start: usize,
    /// Its first character other than a space is `[`.
    opens_with_bracket: bool,
    /// It is `---` alone after a blank line (or the start) and before a
    /// line with text: how pandoc's metadata block opens.
    could_open_metadata: bool,
}

impl Line {
    fn at(text: &str, start: usize) -> Line {
        let this = text[start..].split('\n').next().unwrap_or("");
        let before = text[..start].strip_suffix('\n').unwrap_or("");
        let after_blank = start == 0 || before.ends_with('\n') || before.is_empty();
        let next = text[start + this.len()..].strip_prefix('\n').unwrap_or("");
        let next_has_text = next
            .split('\n')
            .next()
            .is_some_and(|l| !l.trim().is_empty());
        Line {
            start,
            opens_with_bracket: this.trim_start().starts_with('['),
            could_open_metadata: this.trim_end() == "---" && after_blank && next_has_text,
        }
    }

    /// Whether `i` is the line's first character but for up to three spaces.
    fn only_spaces_to(&self, text: &str, i: usize) -> bool {
        i - self.start <= 3 && text[self.start..i].bytes().all(|b| b == b' ')
    }
}

/// Sorted byte ranges, asked about at rising positions: each range is
/// passed once, so all the asking takes time linear in the text.
struct Cursor {
    ranges: Vec<std::ops::Range<usize>>,
    next: usize,
}

impl Cursor {
    /// The ranges joined where they overlap (an image in a link), so that
    /// one at a time holds a position.
    fn new(mut ranges: Vec<std::ops::Range<usize>>) -> Cursor {
        ranges.sort_by_key(|r| r.start);
        let mut joined: Vec<std::ops::Range<usize>> = Vec::with_capacity(ranges.len());
        for range in ranges {
            match joined.last_mut() {
                Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
                _ => joined.push(range),
            }
        }
        Cursor {
            ranges: joined,
            next: 0,
        }
    }

    fn contains(&mut self, i: usize) -> bool {
        while self.ranges.get(self.next).is_some_and(|r| r.end <= i) {
            self.next += 1;
        }
        self.ranges.get(self.next).is_some_and(|r| r.contains(&i))
    }
}

/// The byte ranges of the links, images and reference definitions in
/// `text` whose destination is not safe, and of its code (spans, and the
/// lines inside code blocks), as CommonMark reads them.
type Ranges = Vec<std::ops::Range<usize>>;

fn ranges(text: &str) -> (Ranges, Ranges) {
    use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag};
    // Only text with one of these holds anything the rules need to know.
    if !text.contains(['[', '<', '{', '\\', ':']) {
        return (Vec::new(), Vec::new());
    }
    let mut parser = Parser::new(text).into_offset_iter();
    let mut links = Vec::new();
    let mut code = Vec::new();
    for (event, range) in parser.by_ref() {
        match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
                if !is_safe_url(&dest_url) =>
            {
                links.push(range);
            }
            Event::Code(_) => code.push(range),
            // A fence's own line is not code: pandoc reads attributes there.
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_))) => {
                let inside = text[range.clone()]
                    .find('\n')
                    .map_or(range.end, |n| range.start + n);
                code.push(inside..range.end);
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => code.push(range),
            _ => {}
        }
    }
    links.extend(
        parser
            .reference_definitions()
            .iter()
            .filter(|(_, definition)| !is_safe_url(&definition.dest))
            .map(|(_, definition)| definition.span.clone()),
    );
    (links, code)
}

/// Whether a decoded link destination is safe to follow: a web or mail
/// address, an in-page anchor, or a relative path. Read as a browser reads
/// it: spaces and control characters anywhere in it dropped, any case.
fn is_safe_url(url: &str) -> bool {
    url_verdict(url.chars()).unwrap_or(true)
}

/// How many characters of a destination are read for its scheme: every
/// scheme that runs script (`javascript`, `vbscript`, `data`) shows well
/// within them, and the bound keeps a text of many `](` linear to read.
const SCHEME_LOOK: usize = 16;

/// Whether the destination whose characters are `url` is safe, once its
/// scheme, or that it has none, is known; `None` when it ends first.
fn url_verdict(url: impl Iterator<Item = char>) -> Option<bool> {
    let mut scheme = String::new();
    for (read, c) in url.filter(|c| *c > ' ' && !c.is_control()).enumerate() {
        match c {
            '/' | '?' | '#' => return Some(true),
            ':' => return Some(["http", "https", "mailto"].contains(&scheme.as_str())),
            _ if read >= SCHEME_LOOK => return Some(true),
            c => scheme.push(c.to_ascii_lowercase()),
        }
    }
    None
}

/// Whether the destination that starts `rest` (after a `(` or `:`) is one
/// a reader can follow safely, read loosely from the text: up to a `)`, a
/// space, a `>` or the line's end, its character references decoded
/// (`&#106;`, `&#x3A;`, `&colon;`) as a Markdown parser decodes them.
fn is_safe_destination(rest: &str) -> bool {
    let mut rest = rest.trim_start_matches([' ', '\t', '\n', '\r', '<']);
    let characters = std::iter::from_fn(move || {
        let c = rest
            .chars()
            .next()
            .filter(|c| !matches!(c, ')' | ' ' | '>' | '\n'))?;
        let (decoded, used) = reference(rest).unwrap_or((c, c.len_utf8()));
        rest = &rest[used..];
        Some(decoded)
    });
    url_verdict(characters).unwrap_or(true)
}

/// The character a numeric character reference or `&colon;` at the start
/// of `text` stands for, and its length.
fn reference(text: &str) -> Option<(char, usize)> {
    let end = text
        .strip_prefix('&')?
        .bytes()
        .take(10)
        .position(|b| b == b';')?
        + 1;
    let name = &text[1..end];
    let code = if let Some(hex) = name.strip_prefix("#x").or(name.strip_prefix("#X")) {
        u32::from_str_radix(hex, 16).ok()
    } else if let Some(decimal) = name.strip_prefix('#') {
        decimal.parse().ok()
    } else if name.eq_ignore_ascii_case("colon") {
        Some(u32::from(':'))
    } else {
        None
    };
    code.and_then(char::from_u32).map(|c| (c, end + 1))
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
    fn pandocs_attributes_raw_blocks_divs_tex_and_metadata_are_made_text() {
        assert_eq!(
            neutralise("`<b>`{=html} [go]{onclick=alert(1)}"),
            "`\\<b>`\\{=html} [go]\\{onclick=alert(1)}"
        );
        assert_eq!(
            neutralise("::: {.warning}\nx\n   :::\n"),
            "\\::: \\{.warning}\nx\n   \\:::\n"
        );
        assert_eq!(
            neutralise("```{=html}\n<script>{x}\n```\n"),
            "```\\{=html}\n\\<script>{x}\n```\n"
        );
        assert_eq!(neutralise("\\input{x} \\\\a"), "\\\\input\\{x} \\\\a");
        assert_eq!(
            neutralise("Intro.\n\n---\ntitle: x\n---\n"),
            "Intro.\n\n- - -\ntitle: x\n---\n"
        );
        // A break under a paragraph, or before a blank line, is no block.
        assert_eq!(neutralise("Text\n---\nmore"), "Text\n---\nmore");
        assert_eq!(neutralise("a {b} in `code {c}`"), "a \\{b} in `code {c}`");
    }

    #[test]
    fn neutralising_twice_changes_nothing_more() {
        for text in [
            "[x](javascript:y) <b> {a} \\tex ::: [g]: data:x `{c}`",
            "Intro.\n\n---\nkey: v\n",
            "\\\\<b> \\{ \\:::",
        ] {
            let once = neutralise(text);
            assert_eq!(neutralise(&once), once, "{text:?}");
        }
    }

    #[test]
    fn a_large_body_of_what_the_rules_look_at_is_neutralised_in_one_pass() {
        // Each piece made an earlier version read on to the end of the text
        // (or back to its start): megabytes of them took minutes.
        let pieces = [
            "](",
            "]: ",
            "<a",
            "\\",
            "{",
            ":::",
            "[x](javascript:y) ",
            "<HTTPS",
        ];
        for piece in pieces {
            let text = piece.repeat(1024 * 1024 / piece.len());
            let out = neutralise(&text);
            assert!(out.len() >= text.len(), "{piece}");
        }
        let line = format!(
            "[{}]: {}\n",
            " ".repeat(512 * 1024),
            "]:".repeat(256 * 1024)
        );
        assert!(neutralise(&line).len() >= line.len());
    }

    #[test]
    fn raw_html_in_prose_is_made_text() {
        assert_eq!(
            prose("a <script>x</script> <https://example.org>"),
            "a \\<script>x\\</script> <https://example.org>"
        );
    }

    #[test]
    fn fieldwork_periods_read_as_a_paper_writes_them() {
        use super::periods;
        use crate::model::Date;
        let day = |m, d| Date::Day(jiff::civil::date(2003, m, d));
        assert_eq!(periods(&[(day(5, 12), Some(day(5, 16)))]), "12–16 May 2003");
        assert_eq!(periods(&[(day(3, 15), None)]), "15 March 2003");
        assert_eq!(
            periods(&[
                (day(6, 23), Some(day(6, 25))),
                (day(6, 30), Some(day(7, 1)))
            ]),
            "23–25 June and 30 June – 1 July 2003"
        );
        let next_year = Date::Day(jiff::civil::date(2004, 1, 9));
        assert_eq!(
            periods(&[(day(12, 1), Some(day(12, 5))), (next_year, None)]),
            "1–5 December 2003 and 9 January 2004"
        );
        assert_eq!(
            periods(&[(day(12, 29), Some(next_year))]),
            "29 December 2003 – 9 January 2004"
        );
    }
}
