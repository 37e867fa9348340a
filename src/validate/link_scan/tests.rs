use std::ops::Range;

use proptest::prelude::*;
use proptest::strategy::ValueTree;

use super::plain_links;

/// The links pulldown-cmark reads in `body` with no extensions, as the
/// checks read a body the scan refuses.
fn parsed(body: &str) -> Vec<(Range<usize>, String)> {
    super::super::links::by_parser(body)
}

fn links(body: &str) -> Vec<(&str, &str)> {
    let found = plain_links(body).expect("a plain body is read without the parser");
    found
        .iter()
        .map(|(range, dest)| {
            let text = &body[range.clone()];
            let dest = body[range.clone()]
                .find(dest.as_str())
                .map_or("", |i| &text[i..i + dest.len()]);
            (text, dest)
        })
        .collect()
}

#[test]
fn a_records_links_are_found_with_their_sources() {
    let body = "## Action\n\nThe findings are in [the report on Public Order\nBranch](../a/a.md).\nIt is related to [Recommendation\n44](a-r44.md).\n\n- [Recommendation 1](a-r1.md)\n- and 47 more.\n";
    assert_eq!(
        links(body),
        [
            (
                "[the report on Public Order\nBranch](../a/a.md)",
                "../a/a.md"
            ),
            ("[Recommendation\n44](a-r44.md)", "a-r44.md"),
            ("[Recommendation 1](a-r1.md)", "a-r1.md"),
        ]
    );
    assert_eq!(plain_links(body), Some(parsed(body)));
}

#[test]
fn brackets_that_are_not_links_are_text() {
    let body = "See [note] & [a](b c) then [x]( y.md ) and [z][w](v.md) and [](e.md)";
    assert_eq!(
        links(body),
        [
            ("[x]( y.md )", "y.md"),
            ("[w](v.md)", "v.md"),
            ("[](e.md)", "e.md")
        ]
    );
    assert_eq!(plain_links(body), Some(parsed(body)));
}

#[test]
fn what_only_a_parser_can_read_is_left_to_it() {
    for body in [
        "`[a](b.md)`",
        "<a href=x>[a](b.md)</a>",
        "\\[a](b.md)",
        "[a](b&amp;.md)",
        "[a](b&#46;md)",
        "![a](b.md)",
        "[a]: b.md\n\n[a]",
        "~~~\n[a](b.md)\n~~~",
        "    [a](b.md)",
        "[a [b](c.md)](d.md)",
        "[a](b.md \"title\")",
        "[a](b(c).md)",
        "- [a\n- b](c.md)",
        "# [a\nb](c.md)",
        "[a\n1. b](c.md)",
        "[a\n\nb](c.md)",
        "[a](\n\nb.md)",
        "[a](b.md)\r\n",
        "\t[a](b.md)",
        "[a](b.md \u{b})",
        "> [a](\n> b.md)",
        "- [a](b.md\n  - c)",
        "[a](b.md\n\u{c})",
    ] {
        assert_eq!(plain_links(body), None, "{body:?}");
    }
}

/// Pieces of Markdown that bodies are made of, the awkward ones included.
fn piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "word",
        " ",
        "  ",
        "\n",
        "\n\n",
        "[",
        "]",
        "(",
        ")",
        "](",
        "a.md",
        "../b/c.md",
        "x.md#top",
        "https://e.org/x.md",
        "1. ",
        "1) ",
        "12",
        "- ",
        "* ",
        "+ ",
        "# ",
        "> ",
        "   ",
        "    ",
        "---",
        "===",
        "`",
        "<",
        ">",
        "\\",
        "&amp;",
        "&#91;",
        "&#93;",
        " & ",
        "!",
        ":",
        "\"",
        "'",
        "é",
        "\u{a0}",
        "*",
        "_",
        "~~~",
        "|",
        "\t",
        "\r\n",
        "\u{1}",
        "\u{b}",
        "\u{c}",
    ])
}

/// Bodies with links in them, as records write them, and pieces between.
fn linked_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        piece().prop_map(str::to_owned),
        (
            "[a-z ]{0,8}",
            "(\n)?",
            "[a-z0-9 ]{0,6}",
            "[a-z./-]{0,10}(\\.md)?"
        )
            .prop_map(|(a, br, b, dest)| format!("[{a}{br}{b}]({dest})")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    /// Whenever the scan reads a body, it reads the links pulldown-cmark
    /// reads, at the same places.
    #[test]
    fn the_scan_reads_what_the_parser_reads(pieces in prop::collection::vec(linked_piece(), 0..24)) {
        let body: String = pieces.concat();
        if let Some(found) = plain_links(&body) {
            prop_assert_eq!(found, parsed(&body), "{:?}", body);
        }
    }
}

#[test]
fn generated_bodies_are_mostly_read_by_the_scan() {
    // The property above says nothing about bodies the scan refuses: this
    // holds that plain bodies with links, the common case, are read by it.
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let plain = prop::collection::vec(
        prop_oneof![
            prop::sample::select(vec!["word ", "\n", "\n\n", "\n- ", "\n## Action\n", "12 "])
                .prop_map(str::to_owned),
            ("[a-z]{1,8}( [a-z]{1,8})?", "[ \n]", "[a-z]{1,6}")
                .prop_map(|(a, gap, b)| format!("[{a}{gap}{b}]({b}.md)")),
        ],
        1..20,
    );
    let (mut read, mut linked) = (0, 0);
    for _ in 0..500 {
        let body: String = plain
            .new_tree(&mut runner)
            .expect("a body")
            .current()
            .concat();
        if let Some(found) = plain_links(&body) {
            read += 1;
            linked += usize::from(!found.is_empty());
            assert_eq!(found, parsed(&body), "{body:?}");
        }
    }
    assert!(
        read > 400 && linked > 300,
        "read {read}, with links {linked}"
    );
}
