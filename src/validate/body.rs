//! The size a record's body takes once rendered. Takes a parsed file, gives
//! an E006 diagnostic when its Markdown would make a page far larger than
//! the record itself.
//!
//! One thing in Markdown grows without bound: a table, whose rows
//! pulldown-cmark pads to the width of its header (a 362-column header over
//! 724 one-cell rows is 262,000 cells from 1,800 bytes), with a cap per
//! table but not per body. Tables are counted from the text alone, before
//! any parse, because the parser makes the padded cells itself. (The other
//! thing that could, a reference link repeating a long address at every
//! use, pulldown-cmark caps at the size of the text or 100 KB.)

use pulldown_cmark::Options;

use crate::diag::{Diagnostic, span_of};
use crate::load::ParsedFile;
use crate::load::yaml::Value;
use crate::model::{Span, line_end, line_start, lines_with_offsets};

/// The Markdown extensions the site renders bodies with.
pub(crate) const BODY_OPTIONS: Options =
    Options::ENABLE_TABLES.union(Options::ENABLE_STRIKETHROUGH);

/// The problem with the size of `file`'s body once rendered, if any: its
/// tables may hold no more cells than it has bytes, counting every row as
/// wide as its table's first. Each byte of a record then makes at most one
/// cell (`<td></td>`, ten bytes), so its page grows by at most about ten
/// times its size; a table written out in full always fits.
pub(super) fn rendered_size(file: &ParsedFile) -> Option<Diagnostic> {
    let body: &str = &file.body;
    let (at, cells) = tables_too_large(body)?;
    let message = format!(
        "the tables in this record make at least {cells} cells, more than its {} characters: every row is as wide as its table's first row",
        body.len()
    );
    Some(
        Diagnostic::error("E006", &file.path, Some(body_span(file, at)), message)
            .with_help(TABLE_HELP),
    )
}

/// The same limit for each text in the front matter, which a paper prints
/// as Markdown (an appendix's `text`, an update's `note`): its tables may
/// hold no more cells than it has characters. Located at the text.
pub(super) fn front_matter_sizes(file: &ParsedFile) -> Vec<Diagnostic> {
    // A table needs a `|`, which a text can only hold as written or made by
    // an escape (`\x7c`): a front matter with neither has no table.
    let front = file
        .body
        .whole()
        .get(..file.body_offset)
        .unwrap_or_default();
    if memchr::memchr2(b'|', b'\\', front.as_bytes()).is_none() {
        return Vec::new();
    }
    let mut found = Vec::new();
    // Front matter nests; an explicit stack walks it without recursion.
    let mut stack = vec![&file.front];
    while let Some(node) = stack.pop() {
        match &node.value {
            Value::Str(text) => {
                if let Some((_, cells)) = tables_too_large(text.as_ref()) {
                    let message = format!(
                        "the tables in this text make at least {cells} cells, more than its {} characters: every row is as wide as its table's first row",
                        text.len()
                    );
                    found.push(
                        Diagnostic::error("E006", &file.path, Some(node.span), message)
                            .with_help(TABLE_HELP),
                    );
                }
            }
            Value::Seq(items) => stack.extend(items),
            Value::Map(pairs) => stack.extend(pairs.iter().map(|(_, value)| value)),
            _ => {}
        }
    }
    found.sort_by_key(|d| d.span.map(|s| s.start));
    found
}

const TABLE_HELP: &str = "give every row as many cells as the first row has, or split the table: empty cells still take room on the page";

/// Where a table starts, as a span in the file.
fn body_span(file: &ParsedFile, at: usize) -> Span {
    let body: &str = &file.body;
    let end = body[at..].find('\n').map_or(body.len(), |i| at + i);
    let span = span_of(body, at..end);
    Span {
        line: span.line + file.body_line - 1,
        column: span.column,
        start: span.start + file.body_offset,
        end: span.end + file.body_offset,
    }
}

/// Whether `body`'s tables stay within the limit. Renderers ask before
/// parsing with tables on.
pub(crate) fn tables_fit(body: &str) -> bool {
    tables_too_large(body).is_none()
}

/// The offset of the table at which the cells of `body` pass its size, and
/// the cells counted by then.
fn tables_too_large(body: &str) -> Option<(usize, usize)> {
    let mut total = 0usize;
    tables(body).into_iter().find_map(|(at, cells)| {
        total = total.saturating_add(cells);
        (total > body.len()).then_some((at, total))
    })
}

/// Where each table of `body` may start, and at most how many cells it has.
///
/// An upper bound on what pulldown-cmark makes, from the text alone: a line
/// of only `|`, `-`, `:` and spaces under a line that is not blank may be a
/// table's delimiter row (after any quote or list markers), when one of the
/// two has a `|`; the table is at most as wide as either has cells, and
/// every line from the one above it to the next blank one may be a row.
/// Candidates may overlap, which only raises the bound; the work is linear.
///
/// Only the lines with a `|` and the lines under them can be delimiter
/// rows, so the search goes from `|` to `|`, past the lines between.
fn tables(body: &str) -> Vec<(usize, usize)> {
    let bytes = body.as_bytes();
    let mut found = Vec::new();
    // Lines before this offset have been looked at as delimiter rows.
    let mut looked_to = 0;
    // Where the blank line that ends the run of lines the last table found
    // is in starts: a table below it in the same run ends there too.
    let mut run_end = 0;
    let mut from = 0;
    while let Some(pipe) = bytes
        .get(from..)
        .and_then(|rest| memchr::memchr(b'|', rest))
    {
        let line = line_start(body, from + pipe);
        let below = line_end(body, from + pipe);
        for row in [line, below] {
            if row < looked_to || row >= bytes.len() {
                continue;
            }
            looked_to = row + 1;
            if let Some((header_at, columns)) = table_at(body, row) {
                if run_end <= row {
                    run_end = run_end_from(body, row);
                }
                let rows = line_count(bytes.get(header_at..run_end).unwrap_or_default());
                found.push((header_at, columns.saturating_mul(rows)));
            }
        }
        from = below;
    }
    found
}

/// When the line starting at `row` may be a table's delimiter row: where
/// the header row above it starts, and at most how many columns they have.
fn table_at(body: &str, row: usize) -> Option<(usize, usize)> {
    let header_at = line_start(body, row.checked_sub(1)?);
    let raw = line_text(body, row);
    // A delimiter row ends in `|`, `-` or `:`: a line of prose, which ends
    // in anything else, needs no closer look.
    let ends_as_delimiter = matches!(
        trim_end_ascii(raw, b" \t").as_bytes().last(),
        Some(b'|' | b'-' | b':')
    );
    if !ends_as_delimiter {
        return None;
    }
    let line = strip_containers(raw);
    let header = strip_containers(line_text(body, header_at));
    let table = is_delimiter_row(line)
        && !header.trim().is_empty()
        && (header.contains('|') || line.contains('|'));
    table.then(|| (header_at, cells_in(header).max(cells_in(line))))
}

/// Where the first line from `row` on that is blank (after any quote or
/// list markers) starts, or the end of `body`.
fn run_end_from(body: &str, row: usize) -> usize {
    let rest = body.get(row..).unwrap_or_default();
    line_offsets(rest)
        .find(|(_, line)| strip_containers(line).trim().is_empty())
        .map_or(body.len(), |(at, _)| row + at)
}

/// The line starting at `at`, without its break.
fn line_text(body: &str, at: usize) -> &str {
    let end = line_end(body, at);
    trim_end_ascii(body.get(at..end).unwrap_or_default(), b"\n\r")
}

/// How many lines `bytes` holds, the last one perhaps without a break.
fn line_count(bytes: &[u8]) -> usize {
    let breaks = memchr::memchr_iter(b'\n', bytes).count();
    breaks + usize::from(bytes.last().is_some_and(|&b| b != b'\n'))
}

/// Each line of `text` with the offset it starts at, without its break.
fn line_offsets(text: &str) -> impl Iterator<Item = (usize, &str)> {
    lines_with_offsets(text).map(|(at, line)| (at, trim_end_ascii(line, b"\n\r")))
}

/// `text` without any of the ASCII characters `ends` at its end: byte by
/// byte, which `trim_end_matches` does character by character, decoding
/// each. No byte of a longer character is ASCII, so the cut is always
/// between characters.
fn trim_end_ascii<'t>(text: &'t str, ends: &[u8]) -> &'t str {
    let kept = text
        .as_bytes()
        .iter()
        .rposition(|b| !ends.contains(b))
        .map_or(0, |last| last + 1);
    text.get(..kept).unwrap_or(text)
}

/// A line without the block quote markers and list item markers before it.
fn strip_containers(mut line: &str) -> &str {
    loop {
        let trimmed = line.trim_start();
        let rest = if let Some(rest) = trimmed.strip_prefix('>') {
            rest
        } else if let Some(rest) = trimmed
            .strip_prefix(['-', '*', '+'])
            .filter(|r| r.starts_with([' ', '\t']))
        {
            rest
        } else {
            let digits = trimmed.len()
                - trimmed
                    .trim_start_matches(|c: char| c.is_ascii_digit())
                    .len();
            match trimmed[digits..].strip_prefix(['.', ')']) {
                Some(rest) if digits > 0 && rest.starts_with([' ', '\t']) => rest,
                _ => return trimmed,
            }
        };
        line = rest;
    }
}

/// At most how many cells a table row has: one more than its pipes, less
/// a pipe at either end.
fn cells_in(row: &str) -> usize {
    let row = row.trim();
    let row = row.strip_prefix('|').unwrap_or(row);
    let row = row.strip_suffix('|').unwrap_or(row);
    row.matches('|').count() + 1
}

fn is_delimiter_row(line: &str) -> bool {
    // Most lines fail at their first character.
    line.bytes()
        .all(|b| matches!(b, b'|' | b'-' | b':' | b' ' | b'\t'))
        && line.contains('-')
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::Parser;

    /// `tables` read line by line, as the rule is stated: the search from
    /// `|` to `|` must find exactly what this finds.
    fn tables_by_lines(body: &str) -> Vec<(usize, usize)> {
        let mut found = Vec::new();
        let mut above: Option<(usize, &str)> = None;
        let mut run_end = 0;
        for (i, (at, raw)) in line_offsets(body).enumerate() {
            let ends_as_delimiter = matches!(
                trim_end_ascii(raw, b" \t").as_bytes().last(),
                Some(b'|' | b'-' | b':')
            );
            let line = if ends_as_delimiter {
                strip_containers(raw)
            } else {
                ""
            };
            if let Some((header_at, header)) = above.filter(|_| is_delimiter_row(line))
                && let header = strip_containers(header)
                && !header.trim().is_empty()
                && (header.contains('|') || line.contains('|'))
            {
                if run_end <= i {
                    run_end = i + line_offsets(&body[at..])
                        .take_while(|(_, line)| !strip_containers(line).trim().is_empty())
                        .count();
                }
                let columns = cells_in(header).max(cells_in(line));
                let rows = run_end - (i - 1);
                found.push((header_at, columns.saturating_mul(rows)));
            }
            above = Some((at, raw));
        }
        found
    }

    proptest::proptest! {
        #[test]
        fn the_search_from_pipe_to_pipe_finds_what_reading_every_line_finds(picks in proptest::collection::vec(0..LINES.len() + 4, 0..24), crlf in proptest::bool::ANY, end in proptest::bool::ANY) {
            let extra = ["---", "> :-:", "  --- ", "| a |"];
            let line = |i: usize| LINES.get(i).copied().unwrap_or_else(|| extra[i - LINES.len()]);
            let mut text: String = picks.iter().map(|&i| format!("{}{}", line(i), if crlf { "\r\n" } else { "\n" })).collect();
            if end { text.pop(); }
            proptest::prop_assert_eq!(tables(&text), tables_by_lines(&text));
        }
    }

    /// The table of the report: a wide header over rows of one cell.
    fn wide_table(columns: usize, rows: usize) -> String {
        let header = format!("|{}\n", " h |".repeat(columns));
        let delimiter = format!("|{}\n", "---|".repeat(columns));
        let body = "| x |\n".repeat(rows);
        format!("{header}{delimiter}{body}\n")
    }

    /// The cells pulldown-cmark really makes, to check the bound against.
    fn real_cells(body: &str) -> usize {
        Parser::new_ext(body, BODY_OPTIONS)
            .filter(|e| {
                matches!(
                    e,
                    pulldown_cmark::Event::Start(pulldown_cmark::Tag::TableCell)
                )
            })
            .count()
    }

    #[test]
    fn a_wide_table_of_short_rows_is_too_large() {
        let body = format!("Intro.\n\n{}", wide_table(362, 724));
        assert_eq!(tables_too_large(&body), Some((8, 362 * 726)));
        let small = wide_table(6, 40);
        assert_eq!(tables_too_large(&small), None);
        let full = "| a | b |\n|---|---|\n| 1 | 2 |\n\n".repeat(3);
        assert_eq!(tables_too_large(&full), None);
        assert_eq!(real_cells(&full), 12);
    }

    /// The E006 problems of the front matter of `text`.
    fn front_problems(text: &str) -> Vec<String> {
        let text = std::sync::Arc::from(text);
        let file = crate::load::parse_record("records/x.md", &text).expect("parses");
        front_matter_sizes(&file)
            .into_iter()
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn a_table_in_the_front_matter_is_counted_however_it_is_written() {
        let table = wide_table(300, 300);
        let block: String = table.lines().map(|l| format!("  {l}\n")).collect();
        let as_block = format!("---\nnote: |\n{block}---\n");
        assert_eq!(front_problems(&as_block).len(), 1);
        // Escapes make the same text with no `|` written.
        let escaped = table.replace('|', "\\x7c").replace('\n', "\\n");
        let as_escapes = format!("---\nnote: \"{escaped}\"\n---\n");
        assert!(!as_escapes[..as_escapes.len() - 4].contains('|'));
        assert_eq!(front_problems(&as_escapes).len(), 1);
        let plain = "---\nnote: \"no table here\"\ntitle: x\n---\n| a | b |\n|---|---|\n";
        assert!(front_problems(plain).is_empty());
    }

    #[test]
    fn ascii_ends_are_trimmed_as_trim_end_matches_trims_them() {
        for text in [
            "",
            " \t",
            "a",
            "é \t",
            "x|\t ",
            "a\r\r\n",
            "—\n",
            "\t a \u{a0}",
        ] {
            assert_eq!(
                trim_end_ascii(text, b" \t"),
                text.trim_end_matches([' ', '\t'])
            );
            assert_eq!(
                trim_end_ascii(text, b"\n\r"),
                text.trim_end_matches(['\n', '\r'])
            );
        }
    }

    #[test]
    fn tables_in_quotes_and_lists_are_counted() {
        let quoted: String = wide_table(200, 100)
            .lines()
            .map(|l| format!("> {l}\n"))
            .collect();
        assert!(tables_too_large(&quoted).is_some());
        let listed: String = wide_table(200, 100)
            .lines()
            .enumerate()
            .map(|(i, l)| {
                if i == 0 {
                    format!("- {l}\n")
                } else {
                    format!("  {l}\n")
                }
            })
            .collect();
        assert!(tables_too_large(&listed).is_some());
    }

    /// Lines that make tables, in and out of quotes and lists, and others.
    const LINES: &[&str] = &[
        "| a | b | c |",
        "|---|:--:|---|",
        "| x |",
        "x | y",
        "--|--",
        "a|b|c|d",
        "-|-",
        "> | a | b |",
        "> |---|---|",
        "> | x |",
        ">",
        "- | a | b |",
        "  |---|---|",
        "  | x |",
        "1. a | b",
        "   --- | ---",
        "",
        "text",
        "    | code | block |",
    ];

    proptest::proptest! {
        #[test]
        fn the_count_is_never_below_what_the_parser_makes(
            picks in proptest::collection::vec(0..LINES.len(), 0..24)
        ) {
            let text: String = picks.iter().map(|&i| format!("{}\n", LINES[i])).collect();
            let bound: usize = tables(&text).iter().map(|(_, cells)| cells).sum();
            let cells = real_cells(&text);
            proptest::prop_assert!(cells <= bound, "{} cells, bound {}, in {:?}", cells, bound, text);
        }
    }
}
