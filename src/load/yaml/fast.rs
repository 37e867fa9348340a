//! A fast path for the plain YAML that records are written in.
//!
//! serde-saphyr reads all of YAML carefully, and that took half of the time
//! of a `check`. Records use a small, regular part of YAML, which this module
//! reads line by line:
//!
//! - block mappings whose keys are plain words (`id`, `published_counts`);
//! - block sequences, indented under their key or not, of scalars and of
//!   mappings;
//! - one-line plain, single-quoted and double-quoted (without escapes)
//!   scalars, typed as serde-saphyr types them with `strict_booleans`;
//! - one-line flow mappings of one-line scalars (`{ start: 2007-03 }`);
//! - `|`, `|-`, `>` and `>-` block scalars whose lines all have the same
//!   indentation;
//! - comments, blank lines, the opening `---` line, and LF or CRLF line
//!   breaks.
//!
//! It returns a tree only when it is certain that serde-saphyr would return
//! the same one, spans included, and `None` for anything else: then the
//! caller asks serde-saphyr, which is also the only source of errors. The
//! spans copy what serde-saphyr reports, found by experiment and checked by
//! the differential tests below; the surprising ones are noted where they
//! are made.

use super::{Node, Value};
use crate::model::Span;

mod scalars;

use scalars::{
    double_quoted, ends_line, flow_scalar, key_length, plain, plain_value, single_quoted,
};

/// Deeper than any record, and half of what serde-saphyr allows.
const MAX_DEPTH: usize = 32;
/// Far more than any record has, and half of serde-saphyr's node budget in
/// `super::parse_with_saphyr`, so that a text over it is refused there.
const MAX_NODES: usize = 5_000;
/// serde-saphyr's 64 MiB limit on scalar text is then out of reach.
const MAX_TEXT_BYTES: usize = 4 * 1024 * 1024;

/// The tree of `text` (whose byte 0 is byte `offset` of the file), when it is
/// certain to be the one serde-saphyr would build; `None` when unsure.
pub(super) fn parse(text: &str, offset: usize) -> Option<Node<'_>> {
    read(text, offset, super::is_plain_ascii(text))
}

/// `parse`, told whether `text` is all printable ASCII and line breaks,
/// which the caller has found out for its own use.
pub(super) fn read(text: &str, offset: usize, plain_ascii: bool) -> Option<Node<'_>> {
    // Every front matter that `load` passes ends with a line break, and
    // leaving out the other texts saves thinking about a last line without.
    if text.len() > MAX_TEXT_BYTES
        || !text.ends_with('\n')
        || (!plain_ascii && text.chars().any(is_unsupported))
    {
        return None;
    }
    Parser::new(text, offset)?.document()
}

/// Characters that YAML treats specially or refuses: tabs (an error in
/// indentation), line breaks other than LF and CRLF, control characters,
/// and the byte-order mark. A carriage return is checked line by line.
fn is_unsupported(c: char) -> bool {
    (c.is_control() && !matches!(c, '\n' | '\r'))
        || matches!(
            c,
            '\u{feff}' | '\u{2028}' | '\u{2029}' | '\u{fffe}' | '\u{ffff}'
        )
}

/// One line of the text, without its line break (LF or CRLF).
#[derive(Clone, Copy)]
struct Line<'a> {
    /// 1-based, as in the file: the text starts at a line start.
    number: usize,
    /// Byte offset of the line in the text.
    start: usize,
    text: &'a str,
    /// The length of the line with the CR of a CRLF, which serde-saphyr
    /// counts as part of the first line of a block scalar.
    len_with_cr: usize,
    /// Leading spaces.
    indent: usize,
}

impl<'a> Line<'a> {
    /// The line from byte `at`, or `None` past its end.
    fn from(&self, at: usize) -> Option<&'a str> {
        self.text.get(at..)
    }

    fn is_blank(&self) -> bool {
        self.indent == self.text.len()
    }

    /// Blank and comment lines are skipped between nodes.
    fn is_skipped(&self) -> bool {
        self.is_blank() || self.from(self.indent).is_some_and(|t| t.starts_with('#'))
    }

    /// Whether the line is a block sequence entry: `-` then a space or the
    /// end of the line.
    fn is_entry(&self) -> bool {
        self.from(self.indent).is_some_and(starts_with_entry)
    }

    /// The span of bytes `from..to` of this line, in the file.
    fn span(&self, from: usize, to: usize, offset: usize) -> Option<Span> {
        let before = self.text.get(..from)?;
        Some(Span {
            line: self.number,
            column: before.chars().count() + 1,
            start: offset + self.start + from,
            end: offset + self.start + to,
        })
    }
}

/// Whether a mapping's `entries` have the key `name` already: serde-saphyr
/// reports a repeated key as an error, which only it may report.
fn has_key(entries: &[(Node<'_>, Node<'_>)], name: &str) -> bool {
    entries
        .iter()
        .any(|(key, _)| matches!(&key.value, Value::Str(other) if other == name))
}

fn starts_with_entry(text: &str) -> bool {
    text == "-" || text.starts_with("- ")
}

fn count_spaces(text: &str) -> usize {
    text.len() - text.trim_start_matches(' ').len()
}

struct Parser<'a> {
    lines: Vec<Line<'a>>,
    /// Index of the first line not yet read.
    next: usize,
    offset: usize,
    nodes: usize,
}

impl<'a> Parser<'a> {
    /// `None` when a line has a carriage return other than in its CRLF.
    fn new(text: &'a str, offset: usize) -> Option<Self> {
        let mut start = 0;
        let mut lines = Vec::with_capacity(memchr::memchr_iter(b'\n', text.as_bytes()).count());
        // Most texts have no carriage return to look for line by line.
        let has_cr = memchr::memchr(b'\r', text.as_bytes()).is_some();
        let lines_with_breaks = crate::model::lines_with_offsets(text).map(|(_, line)| line);
        for (index, with_break) in lines_with_breaks.enumerate() {
            let with_cr = with_break.strip_suffix('\n').unwrap_or(with_break);
            let text = with_cr.strip_suffix('\r').unwrap_or(with_cr);
            if has_cr && text.contains('\r') {
                return None;
            }
            lines.push(Line {
                number: index + 1,
                start,
                text,
                len_with_cr: with_cr.len(),
                indent: count_spaces(text),
            });
            start += with_break.len();
        }
        Some(Parser {
            lines,
            next: 0,
            offset,
            nodes: 0,
        })
    }

    fn line(&self, index: usize) -> Option<Line<'a>> {
        self.lines.get(index).copied()
    }

    /// The index of the next line that is neither blank nor a comment, with
    /// the lines before it marked read; `None` at the end of the text.
    fn next_content(&mut self) -> Option<usize> {
        while self.line(self.next)?.is_skipped() {
            self.next += 1;
        }
        Some(self.next)
    }

    /// A node, counted against the budget.
    fn node(&mut self, value: Value<'a>, span: Span) -> Option<Node<'a>> {
        self.nodes += 1;
        (self.nodes <= MAX_NODES).then_some(Node { value, span })
    }

    /// A mapping or sequence is located at its first character and
    /// underlined to the end of that line, as `super::to_node` does.
    fn collection_span(&self, index: usize, at: usize) -> Option<Span> {
        let line = self.line(index)?;
        line.span(at, line.text.len(), self.offset)
    }

    /// The whole text: an optional `---` line, then one block mapping.
    fn document(mut self) -> Option<Node<'a>> {
        if self
            .line(0)
            .is_some_and(|l| l.text.trim_end_matches(' ') == "---")
        {
            self.next = 1;
        }
        let first = self.next_content()?;
        let indent = self.line(first)?.indent;
        let root = self.mapping(first, indent, 1)?;
        match self.next_content() {
            Some(_) => None,
            None => Some(root),
        }
    }

    /// A block mapping whose first key is at byte `column` of line `first`;
    /// its other keys are at the start of later lines indented as far.
    fn mapping(&mut self, first: usize, column: usize, depth: usize) -> Option<Node<'a>> {
        if depth > MAX_DEPTH {
            return None;
        }
        let span = self.collection_span(first, column)?;
        let mut entries: Vec<(Node<'a>, Node<'a>)> = Vec::new();
        let mut index = first;
        let mut at = column;
        loop {
            self.entry(index, at, column, depth, &mut entries)?;
            match self.next_content() {
                None => break,
                Some(next) => {
                    let indent = self.line(next)?.indent;
                    if indent < column {
                        break;
                    }
                    if indent > column {
                        return None;
                    }
                    index = next;
                    at = column;
                }
            }
        }
        self.node(Value::Map(entries), span)
    }

    /// One `key: value` entry whose key starts at byte `at` of line `index`,
    /// in a mapping indented by `indent`, added to the mapping's `entries`.
    /// Added where it is made: a pair of nodes is 128 bytes to move.
    fn entry(
        &mut self,
        index: usize,
        at: usize,
        indent: usize,
        depth: usize,
        entries: &mut Vec<(Node<'a>, Node<'a>)>,
    ) -> Option<()> {
        let line = self.line(index)?;
        let key_len = key_length(line.from(at)?)?;
        let key_text = line.text.get(at..at + key_len)?;
        // `true: x` or `null: x` would have a key that is not text.
        let Some(Value::Str(name)) = plain_value(key_text) else {
            return None;
        };
        if has_key(entries, &name) {
            return None;
        }
        let key = self.node(Value::Str(name), line.span(at, at + key_len, self.offset)?)?;
        let colon = at + key_len;
        let value_at = colon + 1 + count_spaces(line.from(colon + 1)?);
        self.next = index + 1;
        let rest = line.from(value_at)?;
        let value = if rest.is_empty() || rest.starts_with('#') {
            self.value_below(index, colon, indent, depth)?
        } else if rest.starts_with(['|', '>']) {
            self.block_scalar(index, value_at, indent)?
        } else if rest.starts_with('{') {
            self.flow_mapping(index, value_at)?
        } else {
            self.inline_scalar(index, value_at)?
        };
        entries.push((key, value));
        Some(())
    }

    /// The value of a key with nothing after its `:` (line `index`, byte
    /// `colon`): a collection on the lines below, or null.
    fn value_below(
        &mut self,
        index: usize,
        colon: usize,
        indent: usize,
        depth: usize,
    ) -> Option<Node<'a>> {
        if let Some(next) = self.next_content() {
            let below = self.line(next)?;
            if below.indent > indent {
                return if below.is_entry() {
                    self.sequence(next, false, depth + 1)
                } else {
                    self.mapping(next, below.indent, depth + 1)
                };
            }
            // YAML lets a mapping's sequence start as far left as its keys.
            if below.indent == indent && below.is_entry() {
                return self.sequence(next, true, depth + 1);
            }
        }
        // serde-saphyr puts an empty value at the `:`, with no width.
        let span = self.line(index)?.span(colon, colon, self.offset)?;
        self.node(Value::Null, span)
    }

    /// A block sequence whose first `-` is at the indentation of line
    /// `first`. `indentless` when it is as far left as the keys of the
    /// mapping it is a value of.
    fn sequence(&mut self, first: usize, indentless: bool, depth: usize) -> Option<Node<'a>> {
        if depth > MAX_DEPTH {
            return None;
        }
        let indent = self.line(first)?.indent;
        let first_item_at = indent + 1 + count_spaces(self.line(first)?.from(indent + 1)?);
        // serde-saphyr locates an indented sequence at its first `-`, but one
        // as far left as its mapping's keys at its first item.
        let span = if indentless {
            self.collection_span(first, first_item_at)?
        } else {
            self.collection_span(first, indent)?
        };
        let mut items = Vec::new();
        let mut index = first;
        loop {
            let item_at = indent + 1 + count_spaces(self.line(index)?.from(indent + 1)?);
            items.push(self.item(index, item_at, indent, depth)?);
            match self.next_content() {
                None => break,
                Some(next) => {
                    let line = self.line(next)?;
                    if line.indent == indent && line.is_entry() {
                        index = next;
                    } else if line.indent < indent || (indentless && line.indent == indent) {
                        // The parent goes on (a key, when as far left as its keys).
                        break;
                    } else {
                        return None;
                    }
                }
            }
        }
        self.node(Value::Seq(items), span)
    }

    /// The item of the sequence entry on line `index` that starts at byte
    /// `at`, in a sequence indented by `indent`.
    fn item(&mut self, index: usize, at: usize, indent: usize, depth: usize) -> Option<Node<'a>> {
        let rest = self.line(index)?.from(at)?;
        // Empty items and items on the lines below are rare, and are located
        // in ways that have not been checked; so are `- - x` sequences.
        if rest.is_empty() || rest.starts_with('#') || starts_with_entry(rest) {
            return None;
        }
        if key_length(rest).is_some() {
            self.mapping(index, at, depth + 1)
        } else if rest.starts_with(['|', '>']) {
            self.block_scalar(index, at, indent)
        } else if rest.starts_with('{') {
            self.flow_mapping(index, at)
        } else {
            self.inline_scalar(index, at)
        }
    }

    /// A flow mapping on one line whose `{` is at byte `at` of line
    /// `index`: `{ key: value, … }` with plain keys and plain or quoted
    /// one-line values, followed by nothing but spaces and a comment. Not
    /// read here: nested, empty or multi-line values, comments inside, an
    /// empty mapping or a trailing comma.
    fn flow_mapping(&mut self, index: usize, at: usize) -> Option<Node<'a>> {
        let line = self.line(index)?;
        // serde-saphyr locates it at its `{`, underlined to the line's end.
        let span = self.collection_span(index, at)?;
        let mut entries: Vec<(Node<'a>, Node<'a>)> = Vec::new();
        let mut next = at + 1;
        loop {
            let key_at = next + count_spaces(line.from(next)?);
            let rest = line.from(key_at)?;
            let key_len = key_length(rest)?;
            let Some(Value::Str(name)) = plain_value(rest.get(..key_len)?) else {
                return None;
            };
            if has_key(&entries, &name) {
                return None;
            }
            let key = self.node(
                Value::Str(name),
                line.span(key_at, key_at + key_len, self.offset)?,
            )?;
            let value_at = key_at + key_len + 1 + count_spaces(rest.get(key_len + 1..)?);
            let (value, len) = flow_scalar(line.from(value_at)?)?;
            let value = self.node(value, line.span(value_at, value_at + len, self.offset)?)?;
            entries.push((key, value));
            let after = value_at + len;
            let separator = after + count_spaces(line.from(after)?);
            match line.from(separator)?.as_bytes().first() {
                Some(b',') => next = separator + 1,
                Some(b'}') => {
                    next = separator + 1;
                    break;
                }
                _ => return None,
            }
        }
        if !ends_line(line.from(next)?) {
            return None;
        }
        self.next = index + 1;
        self.node(Value::Map(entries), span)
    }

    /// A scalar on one line that starts at byte `at` of line `index` and is
    /// followed by nothing but spaces and a comment.
    fn inline_scalar(&mut self, index: usize, at: usize) -> Option<Node<'a>> {
        let line = self.line(index)?;
        let rest = line.from(at)?;
        let (value, len) = match rest.as_bytes().first() {
            Some(b'\'') => single_quoted(rest)?,
            Some(b'"') => double_quoted(rest)?,
            _ => plain(rest)?,
        };
        if !ends_line(rest.get(len..)?) {
            return None;
        }
        self.next = index + 1;
        // A quoted scalar's span includes its quotes.
        let span = line.span(at, at + len, self.offset)?;
        self.node(value, span)
    }

    /// A block scalar whose header (`|`, `|-`, `>` or `>-`) is at byte `at`
    /// of line `index`, for a node indented by `parent_indent`. Only the
    /// simplest kind is read: no indentation or keep indicator, no leading
    /// blank line, and every line as indented as the first.
    fn block_scalar(&mut self, index: usize, at: usize, parent_indent: usize) -> Option<Node<'a>> {
        let header = self.line(index)?.from(at)?;
        let folded = header.starts_with('>');
        let after_style = header.get(1..)?;
        let strip = after_style.starts_with('-');
        let after_chomping = if strip {
            after_style.get(1..)?
        } else {
            after_style
        };
        if !ends_line(after_chomping) {
            return None;
        }

        let first = self.line(index + 1)?;
        let indent = first.indent;
        if first.is_blank() || indent <= parent_indent {
            return None;
        }
        let mut value = String::new();
        let mut blank_lines = 0;
        let mut next = index + 1;
        while let Some(line) = self.line(next) {
            if line.is_blank() {
                // Spaces past the indentation would be text.
                if line.text.len() > indent {
                    return None;
                }
                blank_lines += 1;
            } else if line.indent < indent {
                break;
            } else if line.indent > indent {
                // More-indented lines are folded differently.
                return None;
            } else {
                let text = line.from(indent)?;
                if next > index + 1 {
                    if folded && blank_lines == 0 {
                        value.push(' ');
                    } else {
                        // Literal: every line break is kept. Folded: the
                        // break before blank lines is dropped.
                        let breaks = if folded { blank_lines } else { blank_lines + 1 };
                        value.extend(std::iter::repeat_n('\n', breaks));
                    }
                }
                value.push_str(text);
                blank_lines = 0;
            }
            next += 1;
        }
        if !strip {
            value.push('\n');
        }
        self.next = next;
        // serde-saphyr locates a block scalar at its first line of text, not
        // at its header, and underlines that line to its end (CR included).
        let span = first.span(indent, first.len_with_cr, self.offset)?;
        self.node(Value::Str(value.into()), span)
    }
}

#[cfg(test)]
mod tests;
