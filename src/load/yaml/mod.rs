//! Front matter YAML parsed into a tree of values that remember where they
//! were written, so that every later check can point at its value.
//!
//! serde-saphyr does the parsing (with its limits on alias expansion, nesting
//! and size); a hand-written `Deserialize` collects the generic tree, so one bad
//! field never stops the others from being read. The plain YAML that records
//! are written in is first tried by a much faster reader (`fast`), which gives
//! up, leaving the text to serde-saphyr, whenever it is not sure of the tree.

mod fast;

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{MessageFormatter, Spanned, UserMessageFormatter};

use crate::model::Span;

/// A YAML value with its children located. In a tree the fast reader
/// reads, text written as it is read (keys, plain and most quoted scalars)
/// borrows from the parsed text, so the tree allocates only for text YAML
/// changes (block scalars, `''`, text made NFC); serde-saphyr's trees own
/// all their text.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value<'a> {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(Cow<'a, str>),
    Seq(Vec<Node<'a>>),
    Map(Vec<(Node<'a>, Node<'a>)>),
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Node<'a> {
    pub(crate) value: Value<'a>,
    pub(crate) span: Span,
}

impl<'a> Node<'a> {
    /// The value of the key `name`, when this is a mapping that has it.
    pub(crate) fn get(&self, name: &str) -> Option<&Node<'a>> {
        let Value::Map(entries) = &self.value else {
            return None;
        };
        entries
            .iter()
            .find(|(key, _)| matches!(&key.value, Value::Str(key) if key == name))
            .map(|(_, value)| value)
    }

    /// The same tree owning all its text, to outlive the text it was read
    /// from.
    pub(crate) fn into_owned(self) -> Node<'static> {
        let value = match self.value {
            Value::Null => Value::Null,
            Value::Bool(b) => Value::Bool(b),
            Value::Int(i) => Value::Int(i),
            Value::Float(f) => Value::Float(f),
            Value::Str(text) => Value::Str(Cow::Owned(text.into_owned())),
            Value::Seq(items) => Value::Seq(items.into_iter().map(Node::into_owned).collect()),
            Value::Map(entries) => Value::Map(
                entries
                    .into_iter()
                    .map(|(key, value)| (key.into_owned(), value.into_owned()))
                    .collect(),
            ),
        };
        Node {
            value,
            span: self.span,
        }
    }
}

impl Value<'_> {
    /// How a records keeper would name this kind of value in a message.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Value::Null => "an empty value",
            Value::Bool(_) => "true/false",
            Value::Int(_) | Value::Float(_) => "a number",
            Value::Str(_) => "text",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a set of fields",
        }
    }
}

/// A YAML syntax problem, located in the text that was parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub(crate) message: String,
    pub(crate) span: Option<Span>,
}

/// Parse `text` (which starts at line 1 of the file, and whose byte 0 is byte
/// `offset` of the file) into a located tree.
pub(crate) fn parse(text: &str, offset: usize) -> Result<Node<'_>, SyntaxError> {
    let plain_ascii = is_plain_ascii(text);
    match fast::read(text, offset, plain_ascii) {
        // Text the fast reader reads is as written, so printable ASCII
        // throughout makes every value printable ASCII, composed already.
        Some(node) if plain_ascii => Ok(node),
        Some(mut node) => {
            clean_text(&mut node);
            Ok(node)
        }
        None => {
            // serde-saphyr reads escapes, which can make any character.
            let mut node = parse_with_saphyr(text, offset)?;
            clean_text(&mut node);
            Ok(node)
        }
    }
}

/// Every text value as the rest of the pipeline takes it: in Unicode's
/// composed form (NFC), so that `Café` typed as one character or as `e` and
/// an accent is one name, one group and one page; and with any control
/// character other than a tab or a line break (a quoted `"\0"`, say)
/// replaced by U+FFFD, so that none reaches a page, a paper or a CSV cell.
fn clean_text(node: &mut Node<'_>) {
    match &mut node.value {
        Value::Str(text) => clean(text),
        Value::Seq(items) => items.iter_mut().for_each(clean_text),
        Value::Map(entries) => {
            for (key, value) in entries {
                clean_text(key);
                clean_text(value);
            }
        }
        Value::Null | Value::Bool(_) | Value::Int(_) | Value::Float(_) => {}
    }
}

fn clean(text: &mut Cow<'_, str>) {
    use unicode_normalization::{IsNormalized, UnicodeNormalization as _, is_nfc_quick};
    // Nearly every text is printable ASCII, which is always composed: one
    // pass over its bytes settles it.
    if is_plain_ascii(text) {
        return;
    }
    let unwanted = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
    let composed = is_nfc_quick(text.chars()) == IsNormalized::Yes;
    if composed && !text.chars().any(unwanted) {
        return;
    }
    *text = Cow::Owned(
        text.nfc()
            .map(|c| if unwanted(c) { '\u{fffd}' } else { c })
            .collect(),
    );
}

/// Whether `text` is printable ASCII and line breaks (LF, CR) only.
fn is_plain_ascii(text: &str) -> bool {
    crate::model::every_byte(text.as_bytes(), |b| {
        matches!(b, b' '..=b'~') | (b == b'\n') | (b == b'\r')
    })
}

/// The number of nodes the fast reader reads in `text`, after holding its
/// tree to serde-saphyr's, spans included; for the `yaml_fast` fuzz target.
/// Panics when the two differ.
pub(crate) fn fast_as_saphyr_reads_it(text: &str) -> usize {
    let Some(fast) = fast::parse(text, 0) else {
        return 0;
    };
    let slow = parse_with_saphyr(text, 0);
    assert!(
        slow.as_ref() == Ok(&fast),
        "the fast reader and serde-saphyr read {text:?} differently:\nfast: {fast:?}\nslow: {slow:?}"
    );
    count_nodes(&fast)
}

fn count_nodes(node: &Node<'_>) -> usize {
    1 + match &node.value {
        Value::Seq(items) => items.iter().map(count_nodes).sum(),
        Value::Map(entries) => entries
            .iter()
            .map(|(key, value)| count_nodes(key) + count_nodes(value))
            .sum(),
        _ => 0,
    }
}

/// `parse` for any YAML, with its errors.
fn parse_with_saphyr(text: &str, offset: usize) -> Result<Node<'static>, SyntaxError> {
    // A record's front matter is a few hundred nodes at most: budgets far
    // below the library's defaults refuse an alias bomb in milliseconds.
    let options = serde_saphyr::options! {
        strict_booleans: true,
        with_snippet: false,
        budget: serde_saphyr::budget! { max_nodes: 10_000 },
        alias_limits: serde_saphyr::alias_limits! { max_total_replayed_events: 10_000 },
    };
    match serde_saphyr::from_str_with_options::<Spanned<RawValue>>(text, options) {
        Ok(spanned) => Ok(to_node(spanned, text, offset)),
        Err(error) => {
            let span = error
                .location()
                .and_then(|l| location_span(&l, text, offset));
            Err(SyntaxError {
                message: plain_message(&UserMessageFormatter.format_message(&error)),
                span,
            })
        }
    }
}

/// The parser's message, lower-cased at the start and without a trailing
/// location, which the diagnostic shows in its own way.
fn plain_message(message: &str) -> String {
    let first_line = message.lines().next().unwrap_or("").trim();
    let without_location = match first_line.rfind(" at line ") {
        Some(i) => &first_line[..i],
        None => first_line,
    };
    if [
        "limits breached",
        "too complex",
        "recursion limit",
        "replay limit",
    ]
    .iter()
    .any(|m| without_location.contains(m))
    {
        return "it is too large or too complex (aliases expand too far, or it nests too deeply)"
            .to_owned();
    }
    let text = without_location.trim_end_matches('.');
    if text.is_empty() {
        return "the YAML could not be read".to_owned();
    }
    crate::diag::lower_first(text)
}

fn location_span(location: &serde_saphyr::Location, text: &str, offset: usize) -> Option<Span> {
    let line = usize::try_from(location.line()).ok()?;
    let column = usize::try_from(location.column()).ok()?;
    if line == 0 {
        return None;
    }
    let start = match location.span().byte_offset() {
        Some(b) => usize::try_from(b).ok()?,
        None => byte_of(text, line, column)?,
    };
    let len = location
        .span()
        .byte_len()
        .and_then(|l| usize::try_from(l).ok())
        .unwrap_or(0);
    let start = start.min(text.len());
    let mut end = (start + len).min(text.len());
    // A block value spans many lines; point at its first line only.
    if let Some(newline) = text[start..end].find('\n') {
        end = start + newline;
    }
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    Some(Span {
        line,
        column,
        start: start + offset,
        end: end.max(start) + offset,
    })
}

/// Byte offset of a 1-based line and character column.
fn byte_of(text: &str, line: usize, column: usize) -> Option<usize> {
    let line_start = if line == 1 {
        0
    } else {
        text.match_indices('\n').nth(line - 2)?.0 + 1
    };
    let rest = &text[line_start..];
    Some(
        line_start
            + rest
                .char_indices()
                .nth(column.saturating_sub(1))
                .map_or(rest.len(), |(i, _)| i),
    )
}

fn to_node(spanned: Spanned<RawValue>, text: &str, offset: usize) -> Node<'static> {
    let mut span = location_span(&spanned.referenced, text, offset).unwrap_or_default();
    if matches!(spanned.value, RawValue::Seq(_) | RawValue::Map(_)) {
        // A collection is located at its first character: underline the rest
        // of that line, so the snippet shows what is meant.
        let line_end = text[(span.start - offset).min(text.len())..]
            .find(['\n', '\r'])
            .map_or(text.len(), |i| span.start - offset + i);
        span.end = span.end.max(line_end + offset);
    }
    let value = match spanned.value {
        RawValue::Null => Value::Null,
        RawValue::Bool(b) => Value::Bool(b),
        RawValue::Int(i) => Value::Int(i),
        RawValue::Float(f) => Value::Float(f),
        RawValue::Str(s) => Value::Str(Cow::Owned(s)),
        RawValue::Seq(items) => Value::Seq(
            items
                .into_iter()
                .map(|item| to_node(item, text, offset))
                .collect(),
        ),
        RawValue::Map(entries) => Value::Map(
            entries
                .into_iter()
                .map(|(k, v)| (to_node(k, text, offset), to_node(v, text, offset)))
                .collect(),
        ),
    };
    Node { value, span }
}

/// The tree as serde-saphyr hands it over, before spans are turned into ours.
enum RawValue {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Seq(Vec<Spanned<RawValue>>),
    Map(Vec<(Spanned<RawValue>, Spanned<RawValue>)>),
}

impl<'de> Deserialize<'de> for RawValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = RawValue;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<RawValue, E> {
        Ok(RawValue::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawValue, E> {
        Ok(RawValue::Int(v.into()))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<RawValue, E> {
        Ok(RawValue::Int(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawValue, E> {
        Ok(RawValue::Int(v.into()))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<RawValue, E> {
        Ok(i128::try_from(v).map_or(RawValue::Float(v as f64), RawValue::Int))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawValue, E> {
        Ok(RawValue::Float(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<RawValue, E> {
        Ok(RawValue::Str(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<RawValue, E> {
        Ok(RawValue::Str(v))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<RawValue, E> {
        Ok(RawValue::Str(String::from_utf8_lossy(v).into_owned()))
    }

    fn visit_unit<E: de::Error>(self) -> Result<RawValue, E> {
        Ok(RawValue::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<RawValue, E> {
        Ok(RawValue::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<RawValue, D::Error> {
        RawValue::deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawValue, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<RawValue>>()? {
            items.push(item);
        }
        Ok(RawValue::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawValue, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<RawValue>>()? {
            let value = map.next_value::<Spanned<RawValue>>()?;
            entries.push((key, value));
        }
        Ok(RawValue::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map_entries(node: &Node<'_>) -> Vec<(String, Span)> {
        match &node.value {
            Value::Map(entries) => entries
                .iter()
                .map(|(k, v)| match &k.value {
                    Value::Str(s) => (s.to_string(), v.span),
                    other => (format!("{other:?}"), v.span),
                })
                .collect(),
            other => panic!("expected a map, got {other:?}"),
        }
    }

    #[test]
    fn text_is_composed_and_free_of_control_characters() {
        let node =
            parse("owner: \"Cafe\\u0301\"\ntitle: \"a\\0b\\x01c\\td\"\n", 0).expect("parses");
        let Value::Map(entries) = node.value else {
            panic!("a map")
        };
        assert_eq!(entries[0].1.value, Value::Str("Caf\u{e9}".into()));
        assert_eq!(
            entries[1].1.value,
            Value::Str("a\u{fffd}b\u{fffd}c\td".into())
        );
    }

    #[test]
    fn text_the_fast_reader_reads_is_composed_too() {
        let text = "owner: Cafe\u{301}\nnote: >-\n  Cafe\u{301}\n  au lait\n";
        assert!(fast::parse(text, 0).is_some(), "read by the fast reader");
        let Value::Map(entries) = parse(text, 0).expect("parses").value else {
            panic!("a map")
        };
        assert_eq!(entries[0].1.value, Value::Str("Caf\u{e9}".into()));
        assert_eq!(entries[1].1.value, Value::Str("Caf\u{e9} au lait".into()));
    }

    #[test]
    fn values_keep_their_file_positions() {
        let text = "---\ntype: afi\ntitle: Review the system\n";
        let node = parse(text, 0).expect("parses");
        let entries = map_entries(&node);
        assert_eq!(entries[0].0, "type");
        assert_eq!((entries[0].1.line, entries[0].1.column), (2, 7));
        assert_eq!(
            &text[entries[1].1.start..entries[1].1.end],
            "Review the system"
        );
    }

    #[test]
    fn no_stays_text_and_dates_stay_text() {
        let node = parse("a: no\nb: 2003-07-28\n", 0).expect("parses");
        let Value::Map(entries) = node.value else {
            panic!("map")
        };
        assert_eq!(entries[0].1.value, Value::Str("no".into()));
        assert_eq!(entries[1].1.value, Value::Str("2003-07-28".into()));
    }

    #[test]
    fn duplicate_keys_are_located() {
        let error = parse("a: 1\nb: 2\na: 3\n", 0).expect_err("duplicate");
        assert_eq!(error.span.map(|s| s.line), Some(3), "{error:?}");
    }

    #[test]
    fn an_alias_bomb_is_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        assert!(parse(&text, 0).is_err());
    }

    #[test]
    fn tab_indentation_is_an_error_with_a_line() {
        let error = parse("a:\n\tb: 1\n", 0).expect_err("tabs");
        assert_eq!(error.span.map(|s| s.line), Some(2), "{error:?}");
    }
}
