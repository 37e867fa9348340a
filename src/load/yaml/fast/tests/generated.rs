//! The fast reader against serde-saphyr on front matter generated from the
//! subset it reads, with near misses: the same tree, or it gives up.

use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;

use super::super::*;
use super::checked;

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
    /// A flow mapping on one line: its entries, and the spaces inside
    /// its braces and after each comma.
    Flow(Vec<(&'static str, String)>, &'static str),
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

/// `{ start: 2007-03, end: x }`, as inspections write their dates.
fn flow() -> impl Strategy<Value = Tree> {
    // Mostly what a flow value can be without quotes, sometimes quoted.
    let flow_piece = piece().prop_filter("plain in a flow", |p| {
        !p.contains([',', '[', ']', '{', '}', ':', '#', '\'', '"'])
    });
    let value = prop_oneof![
        4 => prop::collection::vec(flow_piece, 1..3).prop_map(|p| p.join(" ")),
        1 => text().prop_map(|t| format!("'{}'", t.replace('\'', "''"))),
        1 => text().prop_map(|t| format!("\"{t}\"")),
    ];
    let entry = (key(), value);
    (
        prop::collection::vec(entry, 1..4),
        select(&[" ", "", "  "][..]),
    )
        .prop_map(|(entries, gap)| Tree::Flow(entries, gap))
}

fn tree() -> impl Strategy<Value = Tree> {
    let leaf = prop_oneof![10 => scalar().prop_map(Tree::Scalar), 2 => block(), 1 => flow()];
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
            Tree::Flow(entries, gap) => {
                self.out.push(' ');
                self.out.push('{');
                self.out.push_str(gap);
                let written: Vec<String> =
                    entries.iter().map(|(k, v)| format!("{k}: {v}")).collect();
                self.out.push_str(&written.join(&format!(",{gap}")));
                self.out.push_str(gap);
                self.out.push('}');
                self.end_line();
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
        text in "(---\n)?((( {2}| {4})?(- )?[a-d]{1,2}:( [a-z0-9 :#'\"|>.~-]{0,6}| \\{[a-d0-9 :,'\"}-]{0,9})?|( {2})?- ([a-z0-9 :#'\"-]{1,6}|\\{[a-d0-9 :,'\"}-]{0,9})| {0,4}#[a-z ]{0,3}| {0,6})\n){1,8}"
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
    let (mut unchanged, mut fast, mut flows, mut refused) = (0, 0, 0, Vec::new());
    for _ in 0..1000 {
        let (text, changed) = strategy.new_tree(&mut runner).expect("generates").current();
        if !changed {
            unchanged += 1;
            if parse(&text, 0).is_some() {
                fast += 1;
                flows += usize::from(text.contains(": {"));
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
    assert!(flows > 50, "only {flows} taken with a flow mapping");
}
