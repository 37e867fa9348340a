//! The inline links of a plain body, found without a Markdown parser. Takes
//! a body, gives each link's source range and destination exactly as
//! pulldown-cmark (with no extensions) reads them, or `None` when the body
//! holds anything that could make the two readings differ, and the parser
//! must read it.
//!
//! Most records' bodies are paragraphs, headings and lists with a few links
//! of the form `[text](path.md)`. For those, a link is a `[` whose next
//! bracket is `]`, followed at once by `(`, a destination with no spaces and
//! a `)`. What could change that reading is refused rather than followed:
//! code (backticks, fences, indented lines), HTML and autolinks (`<`),
//! escapes, entities in destinations, control characters, images,
//! reference definitions, nested brackets, link titles, destinations with
//! parentheses, and a link running on to a line that could start a new
//! block or sit in a quote or list. The differential tests and the
//! `link_scan` fuzz target hold the two readings equal.

use std::ops::Range;
use std::sync::LazyLock;

use memchr::memmem::Finder;

/// The inline links of `body` in order (each link's source range and its
/// destination), or `None` when only a Markdown parser can tell.
pub(super) fn plain_links(body: &str) -> Option<Vec<(Range<usize>, String)>> {
    let bytes = body.as_bytes();
    if !is_plain(bytes) {
        return None;
    }
    let mut links = Vec::new();
    let mut at = 0;
    while let Some(found) = memchr::memchr(b'[', &bytes[at..]) {
        let open = at + found;
        let Some(close) = next_bracket(bytes, open + 1) else {
            // No `]` after it: the rest is text.
            break;
        };
        if bytes[close] == b'[' {
            return None;
        }
        match destination(bytes, close + 1)? {
            Some((dest, end)) => {
                if !continues_one_block(bytes, open, end) {
                    return None;
                }
                links.push((open..end, body[dest].to_owned()));
                at = end;
            }
            None => at = close + 1,
        }
    }
    Some(links)
}

/// The number of links the scan reads in `body`, after holding them to
/// pulldown-cmark's reading; for the `link_scan` fuzz target. Panics when
/// the two differ.
pub(crate) fn links_as_the_parser_reads_them(body: &str) -> usize {
    let Some(found) = plain_links(body) else {
        return 0;
    };
    assert_eq!(
        found,
        super::links::by_parser(body),
        "the scan and the parser read the links of {body:?} differently"
    );
    found.len()
}

/// Whether nothing in `bytes` needs a Markdown parser to read links from:
/// no code, HTML, escapes, images, reference definitions, control
/// characters but line feeds, and no run of four spaces (an indented line,
/// or the content of a list item that starts as code).
fn is_plain(bytes: &[u8]) -> bool {
    // Made once: a searcher costs more to make than to run on a short body.
    static UNPLAIN: LazyLock<[Finder<'static>; 4]> =
        LazyLock::new(|| [b"![".as_slice(), b"]:", b"~~~", b"    "].map(Finder::new));
    memchr::memchr3(b'`', b'<', b'\\', bytes).is_none()
        && !has_control(bytes)
        && !UNPLAIN.iter().any(|finder| finder.find(bytes).is_some())
}

/// Whether `bytes` has a control character other than a line feed: tabs,
/// carriage returns, and the vertical tab and form feed, which Markdown
/// counts as spaces.
fn has_control(bytes: &[u8]) -> bool {
    !crate::model::every_byte(bytes, |b| (b >= 0x20) | (b == b'\n'))
}

/// The first `[` or `]` at or after `from`.
fn next_bracket(bytes: &[u8], from: usize) -> Option<usize> {
    memchr::memchr2(b'[', b']', &bytes[from..]).map(|i| from + i)
}

/// After the `]` of a link's text, at `at`: `Some(Some(..))` with the range
/// of its destination and the end of the link when `(destination)` follows,
/// `Some(None)` when the brackets are not a link, and `None` (refused) for
/// a form this reading does not follow.
#[allow(clippy::option_option)]
fn destination(bytes: &[u8], at: usize) -> Option<Option<(Range<usize>, usize)>> {
    if bytes.get(at) != Some(&b'(') {
        return Some(None);
    }
    let start = skip_space(bytes, at + 1)?;
    let mut end = start;
    while let Some(&b) = bytes.get(end) {
        match b {
            b' ' | b'\n' | b')' => break,
            // An entity would be read as the character it names.
            b'(' | b'&' => return None,
            b if b < 0x20 || b == 0x7f => return None,
            _ => end += 1,
        }
    }
    let after = skip_space(bytes, end)?;
    match bytes.get(after) {
        Some(b')') => Some(Some((start..end, after + 1))),
        Some(b'"' | b'\'' | b'(') => None,
        _ => Some(None),
    }
}

/// The first byte after `at` that is not a space, crossing at most one line
/// break, to a line that can only go on with the paragraph; `None`
/// (refused) otherwise: on a line in a quote or a list, the parser would
/// read on after the markers.
fn skip_space(bytes: &[u8], mut at: usize) -> Option<usize> {
    let mut breaks = 0;
    while let Some(&b) = bytes.get(at) {
        match b {
            b' ' => at += 1,
            b'\n' if breaks == 0 => {
                breaks += 1;
                at += 1;
                let next_line = bytes.get(at..)?.trim_ascii_start();
                if !starts_a_continuation(next_line) {
                    return None;
                }
            }
            b'\n' => return None,
            _ => break,
        }
    }
    Some(at)
}

/// Whether a link from `open` to `end` that runs over more than one line
/// stays in one paragraph: it does not start on a line with a `#` (which
/// could be a heading), and each line it runs on to starts with a letter,
/// or with digits that are not a list item's number.
fn continues_one_block(bytes: &[u8], open: usize, end: usize) -> bool {
    let span = &bytes[open..end];
    if !span.contains(&b'\n') {
        return true;
    }
    let line_start = bytes[..open]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    // A heading ends at its line, whatever list or quote it is in.
    if bytes[line_start..open].contains(&b'#') {
        return false;
    }
    span.split(|&b| b == b'\n')
        .skip(1)
        .all(|line| starts_a_continuation(line.trim_ascii_start()))
}

/// Whether a line starting with `line` can only continue a paragraph.
fn starts_a_continuation(line: &[u8]) -> bool {
    match line.first() {
        Some(b) if b.is_ascii_alphabetic() => true,
        Some(b) if b.is_ascii_digit() => {
            let digits = line.iter().take_while(|b| b.is_ascii_digit()).count();
            !matches!(line.get(digits), Some(b'.' | b')'))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests;
