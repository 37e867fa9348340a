//! The fast reader against serde-saphyr: the same tree, spans included, or
//! it gives up.

use std::path::Path;

use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;

use super::super::parse_with_saphyr;
use super::*;

/// The fast path's tree, after checking that serde-saphyr builds the same
/// one whenever there is one.
fn checked(text: &str, offset: usize) -> Result<Option<Node>, String> {
    let fast = parse(text, offset);
    if let Some(tree) = &fast {
        let slow = parse_with_saphyr(text, offset);
        if slow.as_ref() != Ok(tree) {
            return Err(format!(
                "the fast path differs from serde-saphyr on {text:?}\nfast: {tree:#?}\nslow: {slow:#?}"
            ));
        }
    }
    Ok(fast)
}

fn accepted(text: &str) -> Option<Node> {
    checked(text, 0).unwrap_or_else(|problem| panic!("{problem}"))
}

/// The value of the first entry of `text`'s mapping.
fn first_value(text: &str) -> Option<Value> {
    match accepted(text)?.value {
        Value::Map(entries) => entries.into_iter().next().map(|(_, v)| v.value),
        other => panic!("not a mapping: {other:?}"),
    }
}

/// A front matter with a flow collection (`{ start: 2007-03 }`, `[a]`),
/// which the fast path leaves to serde-saphyr.
fn has_flow_collection(yaml: &str) -> bool {
    yaml.lines().any(|line| {
        let line = line.trim_start();
        ["- {", "- ["].iter().any(|p| line.starts_with(p))
            || [": {", ": ["].iter().any(|p| line.contains(p))
    })
}

/// Front matter of every `.md` file under `dir`, as `load` splits it.
fn front_matters(dir: &Path) -> Vec<(String, String, usize)> {
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.expect("walks the folder");
        let is_markdown = entry.path().extension().is_some_and(|e| e == "md");
        if !is_markdown || !entry.file_type().is_file() {
            continue;
        }
        // Some fixtures are not UTF-8 or have no front matter on purpose.
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        let Ok(split) = crate::load::split_front_matter(&text) else {
            continue;
        };
        let yaml = text[split.yaml.clone()].to_owned();
        found.push((entry.path().display().to_string(), yaml, split.yaml.start));
    }
    found
}

#[test]
fn agrees_with_saphyr_on_every_record_and_fixture() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut records = 0;
    let mut refused = Vec::new();
    for dir in ["records", "tests/fixtures"] {
        let files = front_matters(&root.join(dir));
        assert!(!files.is_empty(), "no files under {dir}");
        for (path, yaml, start) in files {
            let tree = checked(&yaml, start).unwrap_or_else(|problem| panic!("{path}: {problem}"));
            // As saved on Windows.
            let crlf = checked(&yaml.replace('\n', "\r\n"), start)
                .unwrap_or_else(|problem| panic!("{path} with CRLF: {problem}"));
            assert_eq!(crlf.is_some(), tree.is_some(), "{path} with CRLF");
            // Real records must take the fast path, or it is of no use.
            // Flow collections are the one thing they use that it leaves
            // to serde-saphyr: 9 of 140 records, for an inspection's
            // `fieldwork: { start: 2007-03 }` and counts' `groups`, and a
            // paper's `inspections: [x]`.
            if dir == "records" {
                records += 1;
                if tree.is_none() && !has_flow_collection(&yaml) {
                    refused.push(path);
                }
            }
        }
    }
    assert!(records > 100, "only {records} records found");
    assert!(refused.is_empty(), "the fast path refuses: {refused:#?}");
}

#[test]
fn typical_values_are_typed_as_saphyr_types_them() {
    let cases = [
        ("a: 1\n", Value::Int(1)),
        ("a: -42\n", Value::Int(-42)),
        ("a: 0\n", Value::Int(0)),
        ("a: 1.5\n", Value::Float(1.5)),
        ("a: no\n", Value::Str("no".into())),
        ("a: yes\n", Value::Str("yes".into())),
        ("a: true\n", Value::Bool(true)),
        ("a: FALSE\n", Value::Bool(false)),
        ("a: ~\n", Value::Null),
        ("a: Null\n", Value::Null),
        ("a: nan\n", Value::Str("nan".into())),
        ("a: 2003-07-28\n", Value::Str("2003-07-28".into())),
        ("a: 2007-03\n", Value::Str("2007-03".into())),
        ("a: -1-\n", Value::Str("-1-".into())),
        ("a: 'it''s'\n", Value::Str("it's".into())),
        ("a: '1'\n", Value::Str("1".into())),
        ("a: \"x # y\"\n", Value::Str("x # y".into())),
        ("a: \"\"\n", Value::Str(String::new())),
        ("a: x #c\n", Value::Str("x".into())),
        ("a: x#y\n", Value::Str("x#y".into())),
        ("a: b:c\n", Value::Str("b:c".into())),
        (
            "a: Tasking, cross [business] {issues}\n",
            Value::Str("Tasking, cross [business] {issues}".into()),
        ),
        ("a: 50% & more  \n", Value::Str("50% & more".into())),
        ("a: é — ok\n", Value::Str("é — ok".into())),
        ("a:\n", Value::Null),
        ("a:   # nothing\n", Value::Null),
        (
            "a: >-\n  one\n  two\n\n  three\n",
            Value::Str("one two\nthree".into()),
        ),
        (
            "a: |\n  one\n  # two\n\n",
            Value::Str("one\n# two\n".into()),
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(first_value(text), Some(expected), "{text:?}");
    }
}

#[test]
fn unsure_values_are_left_to_saphyr() {
    // Numbers in unusual spellings, the start of something else, text
    // over two lines, and escapes.
    let cases = [
        "a: 0x10\n",
        "a: 007\n",
        "a: +1\n",
        "a: 1e3\n",
        "a: .5\n",
        "a: 1_000\n",
        "a: 12345678901234567890\n",
        "a: -\n",
        "a: -x\n",
        "a: &anchor x\n",
        "a: *alias\n",
        "a: !tag x\n",
        "a: [x]\n",
        "a: { b: c }\n",
        "a: \"x\\ty\"\n",
        "a: 'x\n  y'\n",
        "a: x\n  y\n",
        "a:\n  - x\n    - y\n",
        "a: x\t\n",
        "a: >+\n  x\n",
        "a: |2\n  x\n",
        "a: >\n  x\n    y\n",
        "a: >\n\n  x\n",
        "a: |\nb: 1\n",
        "a: b: c\n",
        "a:\tb\n",
        "a: x\ry\n",
        "a: x\r\r\n",
        "? a\n: b\n",
        "%YAML 1.2\n---\na: b\n",
        "a: 1\n---\nb: 2\n",
        "\"a\": b\n",
        "true: b\n",
        "a b: c\n",
        "a:\n  - \n",
        "a:\n  - - x\n",
        "- x\n",
        "---\n",
        "a: b",
    ];
    for text in cases {
        assert_eq!(accepted(text), None, "{text:?}");
    }
}

#[test]
fn errors_always_come_from_saphyr() {
    for text in [
        "a: 1\nb: 2\na: 3\n",
        "a:\n\tb: 1\n",
        "a: b: c\n",
        "a: 1\n  b: 2\n",
        "a:\n  - x\n  b: 1\n",
        "a: 'x\n",
        "a: \"x\"#c\n",
    ] {
        assert_eq!(parse(text, 0), None, "{text:?}");
        assert!(super::super::parse(text, 0).is_err(), "{text:?}");
    }
}

#[test]
fn sequences_as_far_left_as_their_keys_are_read() {
    let text = "a:\n- x\n- k: v\n  l: w\nb: 1\n";
    let tree = accepted(text).expect("accepted");
    let Value::Map(entries) = tree.value else {
        panic!("a mapping")
    };
    let Value::Seq(items) = &entries[0].1.value else {
        panic!("a sequence")
    };
    assert_eq!(items.len(), 2);
    // Located at its first item, not at its first `-`.
    assert_eq!(
        entries[0].1.span,
        Span {
            line: 2,
            column: 3,
            start: 5,
            end: 6
        }
    );
    assert_eq!(entries[1].1.value, Value::Int(1));
}

#[test]
fn spans_match_on_a_typical_record() {
    let text = "---\ntype: afi\ntitle: \"Quoted: text\"  # c\nupdates:\n  - date: 2007-01-16\n    note: >-\n      A note\n      over two lines.\n    assured: true\n";
    let tree = accepted(text).expect("accepted");
    let Value::Map(entries) = &tree.value else {
        panic!("a mapping")
    };
    let show = |span: Span| (span.line, span.column, &text[span.start..span.end]);
    assert_eq!(show(tree.span), (2, 1, "type: afi"));
    assert_eq!(show(entries[1].1.span), (3, 8, "\"Quoted: text\""));
    let updates = &entries[2].1;
    assert_eq!(show(updates.span), (5, 3, "- date: 2007-01-16"));
    let Value::Seq(items) = &updates.value else {
        panic!("a sequence")
    };
    assert_eq!(show(items[0].span), (5, 5, "date: 2007-01-16"));
    let Value::Map(update) = &items[0].value else {
        panic!("a mapping")
    };
    assert_eq!(show(update[1].1.span), (7, 7, "A note"));
}

#[test]
fn offsets_are_file_offsets() {
    let tree = accepted("a: x\n").expect("accepted");
    let moved = parse("a: x\n", 10).expect("accepted");
    assert_eq!(moved.span.start, tree.span.start + 10);
    assert_eq!(checked("---\na: é\n", 3), Ok(parse("---\na: é\n", 3)));
}

#[test]
fn nesting_past_the_limit_is_left_to_saphyr() {
    let mut text = String::new();
    for depth in 0..40 {
        text.push_str(&" ".repeat(depth));
        text.push_str("a:\n");
    }
    text.push_str(&" ".repeat(40));
    text.push_str("a: 1\n");
    assert_eq!(accepted(&text), None);
}

// Front matter generated from the subset, with near misses.

/// Scalar pieces that records use.
const PLAIN_PIECES: &[&str] = &[
    "a",
    "Review",
    "the system",
    "x y",
    "no",
    "2007-03-16",
    "2007-03",
    "in-progress",
    "42",
    "-1",
    "0",
    "1.5",
    "true",
    "é",
    "—",
    "Ünïcödé 💡",
    "a & b",
    "50%",
    "O'Brien",
    "a, b",
    "(x)",
    "null",
    "~",
    "x#y",
    "b:c",
    "TRUE",
    "it's",
    "x [y]",
    "x {y}",
    "a | b > c",
];

/// Pieces that test the rules: near-numbers, odd spellings of null and
/// booleans, indicators, `: ` and ` #`, quotes, escapes, odd spaces.
const NASTY_PIECES: &[&str] = &[
    "tRUE",
    "NULL",
    "007",
    "0x1F",
    "0X1",
    "1e3",
    "+1",
    ".5",
    "1.",
    "-0",
    "1_000",
    ".inf",
    "-.nan",
    "inf",
    "123456789012345678901",
    "-",
    "--",
    ":",
    ": ",
    " :",
    "::",
    " #",
    "#",
    "# c",
    "'",
    "''",
    "\"",
    "\\",
    "\\\"",
    "&a",
    "*a",
    "!t",
    "!!str",
    "[",
    "]",
    "{",
    "}",
    ",",
    "?",
    "? ",
    "%",
    "@",
    "`",
    "|",
    ">",
    "|-",
    ">+",
    " ",
    "  ",
    "\u{a0}",
    "\u{2028}",
    "\u{85}",
    "\u{feff}",
    "\t",
    "\r",
    "---",
    "...",
    "=",
    "<<",
    "_",
    "\n",
];

/// Keys that records use.
const KEYS: &[&str] = &[
    "id",
    "type",
    "title",
    "status",
    "a",
    "b",
    "due",
    "note",
    "date",
    "updates",
    "no",
    "y",
    "x-y",
    "_k",
    "k2",
    "published_counts",
    "assured",
    "framework",
    "grade",
    "off",
];

/// Keys that are not plain words, or not text.
const NASTY_KEYS: &[&str] = &[
    "true", "Null", "1", "a b", "é", "ke:y", "'q'", "\"d\"", "-k", "<<", "? k", "&a k",
];

#[derive(Clone, Debug)]
enum Tree {
    Scalar(String),
    /// Header (`|`, `>-`, …) and lines, where `None` is a blank line.
    Block(&'static str, Vec<Option<String>>),
    Map(Vec<(&'static str, Tree)>),
    Seq(Vec<Tree>),
}

fn piece() -> impl Strategy<Value = &'static str> {
    prop_oneof![150 => select(PLAIN_PIECES), 1 => select(NASTY_PIECES)]
}

fn key() -> impl Strategy<Value = &'static str> {
    prop_oneof![100 => select(KEYS), 1 => select(NASTY_KEYS)]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 1..4).prop_map(|pieces| pieces.join(" ").replace("  ", " "))
}

fn scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => text(),
        1 => text().prop_map(|t| format!("'{}'", t.replace('\'', "''"))),
        1 => text().prop_map(|t| format!("\"{t}\"")),
    ]
}

fn block() -> impl Strategy<Value = Tree> {
    let header = prop_oneof![
        12 => select(&["|", "|-", ">", ">-", ">-  # c"][..]),
        1 => select(&["|+", "|2", ">1-", ">-#c", "> x"][..]),
    ];
    let line = prop_oneof![5 => text().prop_map(Some), 1 => Just(None)];
    (header, text(), prop::collection::vec(line, 0..4)).prop_map(|(h, first, mut lines)| {
        lines.insert(0, Some(first));
        Tree::Block(h, lines)
    })
}

fn tree() -> impl Strategy<Value = Tree> {
    let leaf = prop_oneof![5 => scalar().prop_map(Tree::Scalar), 1 => block()];
    leaf.clone().prop_recursive(3, 24, 4, move |inner| {
        // Records have no lists of lists, and the fast path leaves them
        // to serde-saphyr: a few are enough.
        let item = prop_oneof![
            3 => leaf.clone(),
            3 => entries(inner.clone()).prop_map(Tree::Map),
            1 => inner.clone(),
        ];
        prop_oneof![
            3 => entries(inner).prop_map(Tree::Map),
            1 => prop::collection::vec(item, 1..4).prop_map(Tree::Seq),
        ]
    })
}

/// The entries of a mapping, without duplicate keys (a change to the
/// text makes some).
fn entries(value: impl Strategy<Value = Tree>) -> impl Strategy<Value = Vec<(&'static str, Tree)>> {
    prop::collection::vec((key(), value), 1..6).prop_map(|mut entries| {
        let mut seen = Vec::new();
        entries.retain(|(key, _)| {
            let new = !seen.contains(key);
            seen.push(*key);
            new
        });
        entries
    })
}

/// How a tree is written out: the indentation step, and a stream of
/// random numbers for the choices made line by line (extra spaces,
/// comments, blank lines, sequences as far left as their keys).
struct Writer {
    out: String,
    step: usize,
    choices: Vec<u8>,
    next: usize,
}

impl Writer {
    /// Whether something with a chance of `percent` in 100 happens.
    fn chance(&mut self, percent: u8) -> bool {
        let choice = self.choices.get(self.next).copied().unwrap_or(0) % 100;
        self.next = (self.next + 1) % self.choices.len().max(1);
        choice < percent
    }

    fn spaces(&mut self, n: usize) {
        self.out.extend(std::iter::repeat_n(' ', n));
    }

    /// The end of a line: sometimes trailing spaces or a comment, then
    /// sometimes blank or comment lines.
    fn end_line(&mut self) {
        if self.chance(10) {
            self.out.push_str("  ");
        }
        if self.chance(10) {
            self.out.push_str(" # note: 'x'");
        }
        self.out.push('\n');
        if self.chance(10) {
            self.out.push('\n');
        }
        if self.chance(8) {
            let indent = self.choices.len() % 7;
            self.spaces(indent);
            self.out.push_str("# comment: x\n");
        }
    }

    fn map(&mut self, entries: &[(&str, Tree)], indent: usize) {
        for (i, (key, value)) in entries.iter().enumerate() {
            if i > 0 {
                self.spaces(indent);
            }
            self.out.push_str(key);
            self.out.push(':');
            self.value(value, indent);
        }
    }

    /// A value after `key:` or `-`, for a node indented by `indent`.
    fn value(&mut self, value: &Tree, indent: usize) {
        match value {
            Tree::Scalar(text) => {
                let extra = usize::from(self.chance(10));
                self.spaces(1 + extra);
                self.out.push_str(text);
                // Without a space before it, `#` is text in a plain scalar.
                if !text.starts_with(['\'', '"']) && self.chance(5) {
                    self.out.push_str("#not-a-comment");
                }
                self.end_line();
            }
            Tree::Block(header, lines) => {
                self.out.push(' ');
                self.out.push_str(header);
                self.out.push('\n');
                let content_indent = indent + self.step + usize::from(self.chance(10));
                for line in lines {
                    match line {
                        Some(text) => {
                            // Now and then a line indented differently.
                            let shift = if self.chance(2) {
                                content_indent + 1
                            } else if self.chance(2) {
                                content_indent - 1
                            } else {
                                content_indent
                            };
                            self.spaces(shift);
                            self.out.push_str(text);
                        }
                        None => {
                            // Spaces past the indentation would be text.
                            let blank = if self.chance(3) {
                                content_indent + 1
                            } else {
                                self.next % (content_indent + 1)
                            };
                            self.spaces(blank);
                        }
                    }
                    self.out.push('\n');
                }
            }
            Tree::Map(entries) => {
                self.end_line();
                let inner = indent + self.step;
                self.spaces(inner);
                self.map(entries, inner);
            }
            Tree::Seq(items) => {
                self.end_line();
                let inner = if self.chance(30) {
                    indent
                } else {
                    indent + self.step
                };
                self.seq(items, inner);
            }
        }
    }

    fn seq(&mut self, items: &[Tree], indent: usize) {
        for item in items {
            self.spaces(indent);
            self.out.push('-');
            match item {
                // Mostly written as records write them: `- key: value`.
                Tree::Map(entries) if self.chance(95) => {
                    let spaces = 1 + usize::from(self.chance(10));
                    self.spaces(spaces);
                    self.map(entries, indent + 1 + spaces);
                }
                other => self.value(other, indent),
            }
        }
    }
}

/// A change to a generated text, to make near misses.
#[derive(Clone, Debug)]
enum Change {
    Insert(&'static str),
    Remove(usize),
    DuplicateLine,
    Indent,
    Dedent,
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        prop_oneof![select(NASTY_PIECES), select(PLAIN_PIECES)].prop_map(Change::Insert),
        (1..3usize).prop_map(Change::Remove),
        Just(Change::DuplicateLine),
        Just(Change::Indent),
        Just(Change::Dedent),
    ]
}

impl Change {
    /// Applies the change near byte `at` of `text`.
    fn apply(&self, text: &mut String, at: usize) {
        let mut at = at.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
        match self {
            Change::Insert(piece) => text.insert_str(at, piece),
            Change::Remove(chars) => {
                let end = text[at..]
                    .char_indices()
                    .nth(*chars)
                    .map_or(text.len(), |(i, _)| at + i);
                text.replace_range(at..end, "");
            }
            Change::DuplicateLine => {
                let line = text[line_start..line_end].to_owned();
                text.insert_str(line_start, &line);
            }
            Change::Indent => text.insert(line_start, ' '),
            Change::Dedent => {
                if text[line_start..].starts_with(' ') {
                    text.remove(line_start);
                }
            }
        }
    }
}

/// A whole front matter: `---`, a mapping, and maybe a change in one
/// place. `true` when changed.
fn front_matter() -> impl Strategy<Value = (String, bool)> {
    let document = (
        entries(tree()),
        1..5usize,
        prop::collection::vec(any::<u8>(), 1..64),
        select(&["---\n", "---\n", "---  \n", ""][..]),
        prop::bool::weighted(0.2),
    );
    let change = prop::option::weighted(0.3, (any::<Index>(), change()));
    (document, change).prop_map(|((entries, step, choices, start, crlf), change)| {
        let mut writer = Writer {
            out: start.to_owned(),
            step,
            choices,
            next: 0,
        };
        writer.map(&entries, 0);
        let mut text = writer.out;
        if crlf {
            text = text.replace('\n', "\r\n");
        }
        let changed = change.is_some();
        if let Some((at, change)) = change {
            let at = at.index(text.len() + 1);
            change.apply(&mut text, at);
        }
        (text, changed)
    })
}

proptest! {
    #[test]
    fn agrees_with_saphyr_on_generated_front_matter((text, _) in front_matter(), offset in 0..100usize) {
        prop_assert_eq!(checked(&text, offset).map(|_| ()), Ok(()));
    }

    #[test]
    fn agrees_with_saphyr_on_yaml_like_lines(
        text in "(---\n)?((( {2}| {4})?(- )?[a-d]{1,2}:( [a-z0-9 :#'\"|>.~-]{0,6})?|( {2})?- [a-z0-9 :#'\"-]{1,6}| {0,4}#[a-z ]{0,3}| {0,6})\n){1,8}"
    ) {
        prop_assert_eq!(checked(&text, 0).map(|_| ()), Ok(()));
    }

    #[test]
    fn agrees_with_saphyr_on_any_text(text in any::<String>()) {
        prop_assert_eq!(checked(&text, 0).map(|_| ()), Ok(()));
    }
}

/// The generated front matter must often take the fast path, or the
/// differential test above checks nothing.
#[test]
fn generated_front_matter_often_takes_the_fast_path() {
    let mut runner = TestRunner::deterministic();
    let strategy = front_matter();
    let (mut unchanged, mut fast, mut refused) = (0, 0, Vec::new());
    for _ in 0..1000 {
        let (text, changed) = strategy.new_tree(&mut runner).expect("generates").current();
        if !changed {
            unchanged += 1;
            if parse(&text, 0).is_some() {
                fast += 1;
            } else {
                refused.push(text);
            }
        }
    }
    refused.truncate(5);
    assert!(
        fast * 2 > unchanged,
        "only {fast} of {unchanged} taken; refused: {refused:#?}"
    );
}
