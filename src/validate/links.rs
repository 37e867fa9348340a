//! The links in a record's body to record files (`.md`), which the checks
//! across records then look up. Takes a parsed file, gives its record links,
//! each located in the file.
//!
//! A body that mentions no `.md` has none; the others are parsed by
//! pulldown-cmark.

use std::ops::Range;
use std::sync::LazyLock;

use memchr::memmem::Finder;

use crate::diag::span_of;
use crate::load::ParsedFile;
use crate::model::Span;

use super::RecordLink;

/// The relative links to `.md` files in a record's text, which must name
/// record files.
pub(super) fn record_links(file: &ParsedFile) -> Vec<RecordLink> {
    // Only a body that mentions a `.md` file can link to a record: most do
    // not, and need no scan.
    static MD: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(".md"));
    if MD.find(file.body.as_bytes()).is_none() {
        return Vec::new();
    }
    let dir = file.path.rsplit_once('/').map_or("", |(d, _)| d);
    let mut links = Vec::new();
    let mut lines = LineCounter::default();
    let mut keep = |range: Range<usize>, url: String| {
        let Some(target) = record_link_target(dir, &url) else {
            return;
        };
        let body_span = lines.span_of(&file.body, range);
        links.push(RecordLink {
            url,
            target,
            span: Span {
                line: body_span.line + file.body_line - 1,
                column: body_span.column,
                start: body_span.start + file.body_offset,
                end: body_span.end + file.body_offset,
            },
        });
    };
    for (range, url) in parsed(&file.body) {
        keep(range, url);
    }
    links
}

/// `span_of` for ranges taken in the order they are written: the lines are
/// counted on from the last range, not from the top of the text each time.
#[derive(Default)]
struct LineCounter {
    counted_to: usize,
    lines_before: usize,
}

impl LineCounter {
    fn span_of(&mut self, text: &str, range: Range<usize>) -> Span {
        let start = range.start.min(text.len());
        let Some(between) = text.as_bytes().get(self.counted_to..start) else {
            // Out of order: counted from the top.
            return span_of(text, range);
        };
        self.lines_before += memchr::memchr_iter(b'\n', between).count();
        self.counted_to = start;
        Span {
            line: self.lines_before + 1,
            column: crate::model::column_at(text, start),
            start,
            end: range.end.clamp(start, text.len()),
        }
    }
}

/// The repository path a relative `.md` link points at, or `None` for links
/// that are not to records (web addresses, anchors, other files).
pub(crate) fn record_link_target(dir: &str, url: &str) -> Option<String> {
    let path = url.split(['#', '?']).next().unwrap_or("");
    if path.is_empty() || path.contains(':') || path.starts_with('/') || !path.ends_with(".md") {
        return None;
    }
    // Most links name a file by plain names, with no `.` or `..` to resolve:
    // joined to the folder at once.
    if path.split('/').all(|part| !matches!(part, "" | "." | "..")) {
        return Some(if dir.is_empty() {
            path.to_owned()
        } else {
            [dir, "/", path].concat()
        });
    }
    Some(resolved_part_by_part(dir, path))
}

/// `path` from the folder `dir`, each of its parts taken in turn: `.` and
/// empty parts stay, `..` goes up.
fn resolved_part_by_part(dir: &str, path: &str) -> String {
    let mut parts: Vec<&str> = if dir.is_empty() {
        Vec::new()
    } else {
        dir.split('/').collect()
    };
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

/// Every link in `body` as pulldown-cmark reads it (the options records are
/// checked with: none), with where it is written and its destination: by
/// the plain scan when it can tell, else by the parser.
fn parsed(body: &str) -> Vec<(Range<usize>, String)> {
    super::link_scan::plain_links(body).unwrap_or_else(|| by_parser(body))
}

pub(super) fn by_parser(body: &str) -> Vec<(Range<usize>, String)> {
    use pulldown_cmark::{Event, Parser, Tag};
    Parser::new(body)
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. }) => Some((range, dest_url.into_string())),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_counted_on_are_the_spans_counted_from_the_top() {
        let text = "one\ntwo [a](a.md) é [b](b.md)\n\nthree [c](c.md)\n";
        let at = |link: &str| {
            let start = text.find(link).expect("in the text");
            start..start + link.len()
        };
        let ranges = [at("[a]"), at("[b](b.md)"), at("[c]"), at("[a]")];
        let mut lines = LineCounter::default();
        for range in ranges {
            assert_eq!(
                lines.span_of(text, range.clone()),
                span_of(text, range.clone()),
                "{range:?}"
            );
        }
    }

    #[test]
    fn link_targets_resolve_relative_to_the_file() {
        assert_eq!(
            record_link_target("records/a", "../b/x.md#top"),
            Some("records/b/x.md".to_owned())
        );
        assert_eq!(
            record_link_target("records/a", "https://example.org/x.md"),
            None
        );
        assert_eq!(record_link_target("records/a", "notes.pdf"), None);
        assert_eq!(
            record_link_target("records/a", "x.md"),
            Some("records/a/x.md".to_owned())
        );
        assert_eq!(record_link_target("", "x.md"), Some("x.md".to_owned()));
        assert_eq!(
            record_link_target("records/a", "./b//x.md"),
            Some("records/a/b/x.md".to_owned())
        );
    }

    proptest::proptest! {
        #[test]
        fn a_link_resolves_as_part_by_part(
            dir in proptest::collection::vec("[ab]{1,2}", 0..3),
            parts in proptest::collection::vec("|\\.|\\.\\.|[ab]{1,2}", 0..4),
        ) {
            let dir = dir.join("/");
            let path = if parts.is_empty() { "x.md".to_owned() } else { format!("{}/x.md", parts.join("/")) };
            // A path from the top of the disk is never a record link.
            proptest::prop_assume!(!path.starts_with('/'));
            proptest::prop_assert_eq!(
                record_link_target(&dir, &path),
                Some(resolved_part_by_part(&dir, &path))
            );
        }
    }
}
