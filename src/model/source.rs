//! Where things are in a record file: spans for diagnostics, and the shared
//! text that record bodies are ranges of.

use std::fmt;
use std::ops::{Deref, Range};
use std::sync::Arc;

/// Where a value sits in its file: 1-based line and column (in characters) for
/// people, byte offsets for snippet rendering.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Span {
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) start: usize,
    pub(crate) end: usize,
}

/// Each line of `text` with the offset it starts at, its line break kept:
/// `str::split_inclusive('\n')` with offsets, found with `memchr`, which
/// is several times quicker on the short lines records are made of.
pub(crate) fn lines_with_offsets(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut at = 0;
    std::iter::from_fn(move || {
        let start = at;
        let rest = text
            .as_bytes()
            .get(start..)
            .filter(|rest| !rest.is_empty())?;
        at = memchr::memchr(b'\n', rest).map_or(text.len(), |i| start + i + 1);
        text.get(start..at).map(|line| (start, line))
    })
}

/// Where the line holding byte `at` of `text` starts (0 past the end).
pub(crate) fn line_start(text: &str, at: usize) -> usize {
    text.as_bytes()
        .get(..at)
        .and_then(|before| memchr::memrchr(b'\n', before))
        .map_or(0, |newline| newline + 1)
}

/// The column of byte `at` of `text` on its line, counted in characters
/// from 1 (1 where `at` is not between characters).
pub(crate) fn column_at(text: &str, at: usize) -> usize {
    let line = text.get(line_start(text, at)..at).unwrap_or("");
    line.chars().count() + 1
}

/// Where the line after the one holding byte `at` of `text` starts: just
/// after its line break, or the end of `text`.
pub(crate) fn line_end(text: &str, at: usize) -> usize {
    text.as_bytes()
        .get(at..)
        .and_then(|rest| memchr::memchr(b'\n', rest))
        .map_or(text.len(), |newline| at + newline + 1)
}

/// Whether every byte of `bytes` is one `keep` keeps. In blocks without an
/// early exit, so that the compiler checks many bytes at a time: the texts
/// this is asked of nearly always pass.
pub(crate) fn every_byte(bytes: &[u8], keep: impl Fn(u8) -> bool) -> bool {
    bytes
        .chunks(64)
        .all(|block| block.iter().fold(true, |all, &b| all & keep(b)))
}

/// A part of a record file's text, such as its Markdown body: it shares the
/// file's text rather than copying it, so that a large record set is held in
/// memory once.
#[derive(Clone, Default)]
pub(crate) struct SourceText {
    source: Arc<str>,
    range: Range<usize>,
}

impl SourceText {
    /// `source[range]`; a range outside the text or off a character boundary
    /// gives the empty text.
    pub(crate) fn new(source: Arc<str>, range: Range<usize>) -> Self {
        let range = if source.get(range.clone()).is_some() {
            range
        } else {
            0..0
        };
        SourceText { source, range }
    }

    /// The whole text this is a part of, such as the file a body is in.
    pub(crate) fn whole(&self) -> &str {
        &self.source
    }
}

impl Deref for SourceText {
    type Target = str;

    fn deref(&self) -> &str {
        &self.source[self.range.clone()]
    }
}

impl From<&str> for SourceText {
    fn from(text: &str) -> Self {
        SourceText::new(Arc::from(text), 0..text.len())
    }
}

impl From<String> for SourceText {
    fn from(text: String) -> Self {
        let len = text.len();
        SourceText::new(Arc::from(text), 0..len)
    }
}

impl fmt::Debug for SourceText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl PartialEq for SourceText {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl Eq for SourceText {}

#[cfg(test)]
mod tests {
    use super::column_at;

    #[test]
    fn a_column_counts_characters_from_the_start_of_its_line() {
        let text = "ab\né x\n";
        assert_eq!(column_at(text, 0), 1);
        assert_eq!(column_at(text, 1), 2);
        // `x` is the third character of its line, and the fourth byte.
        assert_eq!(column_at(text, 6), 3);
        // Just after a line break: the first column of the next line.
        assert_eq!(column_at(text, 3), 1);
        // Inside `é`, or past the end: no column to count, so the first.
        assert_eq!(column_at(text, 4), 1);
        assert_eq!(column_at(text, 99), 1);
    }
}
