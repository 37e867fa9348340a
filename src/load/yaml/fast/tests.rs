//! The fast reader against serde-saphyr: the same tree, spans included, or
//! it gives up.

use std::path::Path;

use super::super::parse_with_saphyr;
use super::*;

/// The fast path's tree, after checking that serde-saphyr builds the same
/// one whenever there is one.
fn checked(text: &str, offset: usize) -> Result<Option<Node<'_>>, String> {
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

fn accepted(text: &str) -> Option<Node<'_>> {
    checked(text, 0).unwrap_or_else(|problem| panic!("{problem}"))
}

/// The value of the first entry of `text`'s mapping.
fn first_value(text: &str) -> Option<Value<'_>> {
    match accepted(text)?.value {
        Value::Map(entries) => entries.into_iter().next().map(|(_, v)| v.value),
        other => panic!("not a mapping: {other:?}"),
    }
}

/// A front matter with a flow sequence (`inspections: [x]`), which the
/// fast path leaves to serde-saphyr.
fn has_flow_sequence(yaml: &str) -> bool {
    yaml.lines()
        .any(|line| line.trim_start().starts_with("- [") || line.contains(": ["))
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
            let with_crlf = yaml.replace('\n', "\r\n");
            let crlf = checked(&with_crlf, start)
                .unwrap_or_else(|problem| panic!("{path} with CRLF: {problem}"));
            assert_eq!(crlf.is_some(), tree.is_some(), "{path} with CRLF");
            // Real records must take the fast path, or it is of no use.
            // Flow sequences are the one thing they use that it leaves to
            // serde-saphyr: a paper's `inspections: [x]`.
            if dir == "records" {
                records += 1;
                if tree.is_none() && !has_flow_sequence(&yaml) {
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
        ("a: \"\"\n", Value::Str("".into())),
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
        "a: { b: 'c\n  d' }\n",
        "a: { b: [c] }\n",
        "a: { b: c: d }\n",
        "a: { b: c # d }\n",
        "a: { b: c,\n  d: e }\n",
        "a: { b: c, }\n",
        "a: { b }\n",
        "a: { }\n",
        "a: {b:c}\n",
        "a: { b: *c }\n",
        "a: { b: c }x\n",
        "a: { b: c, b: d }\n",
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
fn flow_mappings_of_plain_values_are_read() {
    let text = "fieldwork: { start: 2014-12-31, end: 2015-01-08 }\nrevisits:\n  - { due: 2016-05, visited: 2016-05-28 }  # c\ngroups: {completed: 1,work-in-progress: 5}\n";
    let tree = accepted(text).expect("accepted");
    let Value::Map(entries) = &tree.value else {
        panic!("a mapping")
    };
    let show = |span: Span| (span.line, span.column, &text[span.start..span.end]);
    let fieldwork = &entries[0].1;
    assert_eq!(
        show(fieldwork.span),
        (1, 12, "{ start: 2014-12-31, end: 2015-01-08 }")
    );
    let Value::Map(dates) = &fieldwork.value else {
        panic!("a mapping")
    };
    assert_eq!(show(dates[1].0.span), (1, 33, "end"));
    assert_eq!(show(dates[1].1.span), (1, 38, "2015-01-08"));
    let Value::Seq(revisits) = &entries[1].1.value else {
        panic!("a sequence")
    };
    // Underlined to the end of its line, comment and all.
    assert_eq!(
        show(revisits[0].span),
        (3, 5, "{ due: 2016-05, visited: 2016-05-28 }  # c")
    );
    let Value::Map(groups) = &entries[2].1.value else {
        panic!("a mapping")
    };
    assert_eq!(groups[1].1.value, Value::Int(5));
    assert_eq!(show(groups[1].0.span), (4, 23, "work-in-progress"));
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

mod generated;
