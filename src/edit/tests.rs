//! The edits over every real record, and over the layouts records may have.

use std::sync::Arc;

use super::*;

fn update(status: &str, note: &str) -> NewUpdate {
    NewUpdate {
        date: "2007-01-16".to_owned(),
        status: status.to_owned(),
        note: note.to_owned(),
        ..NewUpdate::default()
    }
}

/// The one block `new` inserts into `old`, when `new` is `old` with one
/// block of text inserted and nothing else changed.
fn inserted(old: &str, new: &str) -> Option<(usize, String)> {
    let prefix = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    let suffix = old[prefix..]
        .bytes()
        .rev()
        .zip(new[prefix..].bytes().rev())
        .take_while(|(a, b)| a == b)
        .count();
    (prefix + suffix == old.len()).then(|| (prefix, new[prefix..new.len() - suffix].to_owned()))
}

fn status_of(path: &str, text: &str) -> String {
    let text = Arc::from(text);
    let parsed = parse_record(path, &text).expect("parses");
    let status = parsed.front.get("status").map(|v| v.value.clone());
    match status {
        Some(Value::Str(s)) => s.into_owned(),
        other => panic!("no status in {path}: {other:?}"),
    }
}

fn updates_of(path: &str, text: &str) -> Vec<Node<'static>> {
    let text = Arc::from(text);
    let parsed = parse_record(path, &text).expect("parses");
    let updates = parsed.front.get("updates").cloned();
    list(updates.as_ref())
        .iter()
        .map(|update| update.clone().into_owned())
        .collect()
}

#[test]
fn appending_then_removing_an_update_gives_every_real_record_back_byte_for_byte() {
    let records = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("records");
    let mut afis = 0;
    for entry in walkdir::WalkDir::new(&records).sort_by_file_name() {
        let entry = entry.expect("walk");
        if entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).expect("read");
        if !text.contains("\ntype: afi") {
            continue;
        }
        afis += 1;
        let path = entry.path().display().to_string();
        let status = status_of(&path, &text);
        let new = update(
            &status,
            "Progress reported: \"phase 2\" agreed; next review: March.",
        );
        let edited = append_update(&path, &text, &new).expect("edits");
        let (at, block) = inserted(&text, &edited).expect("one block inserted");
        let closing = text[4..].find("\n---").expect("closing line") + 4;
        assert!(at <= closing + 1, "{path}: the update went into the body");
        let mut removed = edited.clone();
        removed.replace_range(at..at + block.len(), "");
        assert_eq!(removed, text, "{path}");
        let (old, now) = (updates_of(&path, &text), updates_of(&path, &edited));
        assert_eq!(now.len(), old.len() + 1, "{path}");
        assert!(same_list(&old, &now[..old.len()]), "{path}");
    }
    assert!(afis > 100, "only {afis} AFI records found");
}

#[test]
fn a_new_status_changes_the_status_word_and_nothing_else() {
    let text = "---\ntype: afi\nid: x\nstatus: \"in-progress\" # as reported\nupdates:\n  - date: 2006-11-01\n    status: in-progress\n    note: Begun.\n---\nBody\n";
    let edited = append_update("records/x.md", text, &update("completed", "Done.")).expect("edits");
    assert_eq!(
        edited,
        "---\ntype: afi\nid: x\nstatus: \"completed\" # as reported\nupdates:\n  - date: 2006-11-01\n    status: in-progress\n    note: Begun.\n  - date: 2007-01-16\n    status: completed\n    note: Done.\n---\nBody\n"
    );
}

#[test]
fn crlf_a_byte_order_mark_comments_and_odd_indentation_are_kept() {
    let text = "\u{feff}---\r\ntype: afi # the type\r\nid: x\r\nstatus: in-progress\r\nupdates:\r\n# the history\r\n- date: 2006-11-01\r\n  status: in-progress\r\n  note: >-\r\n    Begun,\r\n    slowly.\r\n  # more to come\r\n\r\nowner: Harrow BOCU\r\n---\r\nBody\r\n";
    let new = NewUpdate {
        due: Some("2007-06".to_owned()),
        reason: Some("Funding moved to 2007/08".to_owned()),
        evidence: vec![
            "https://example.org/a?b=c#d".to_owned(),
            "records/x.md".to_owned(),
        ],
        by: Some("Harrow BOCU".to_owned()),
        ..update("in-progress", "Phase 2: approved")
    };
    let edited = append_update("records/x.md", text, &new).expect("edits");
    let (_, block) = inserted(text, &edited).expect("one block");
    assert_eq!(
        block,
        "- date: 2007-01-16\r\n  status: in-progress\r\n  note: \"Phase 2: approved\"\r\n  due: 2007-06\r\n  reason: Funding moved to 2007/08\r\n  evidence:\r\n    - https://example.org/a?b=c#d\r\n    - records/x.md\r\n  by: Harrow BOCU\r\n"
    );
    assert!(edited.contains("    slowly.\r\n- date: 2007-01-16"));
}

#[test]
fn an_empty_or_missing_list_becomes_a_block_list() {
    for (text, want) in [
        (
            "---\nid: x\nstatus: not-started\nupdates: []\nowner: A\n---\n",
            "---\nid: x\nstatus: not-started\nupdates:\n  - date: 2007-01-16\n    status: not-started\n    note: Begun.\nowner: A\n---\n",
        ),
        (
            "---\nid: x\nstatus: not-started\n---\n",
            "---\nid: x\nstatus: not-started\nupdates:\n  - date: 2007-01-16\n    status: not-started\n    note: Begun.\n---\n",
        ),
        (
            "---\nid: x\nstatus: not-started\nupdates:\n---\n",
            "---\nid: x\nstatus: not-started\nupdates:\n  - date: 2007-01-16\n    status: not-started\n    note: Begun.\n---\n",
        ),
    ] {
        let edited =
            append_update("records/x.md", text, &update("not-started", "Begun.")).expect("edits");
        assert_eq!(edited, want);
    }
}

#[test]
fn layouts_that_cannot_be_kept_exactly_are_refused_with_what_to_do() {
    let flow = "---\nid: x\nstatus: in-progress\nupdates: [{date: 2006-11-01, status: in-progress, note: Begun}]\n---\n";
    let refused =
        append_update("records/x.md", flow, &update("in-progress", "More.")).expect_err("flow");
    assert!(refused.0.contains("block list"), "{refused}");
    let keep = "---\nid: x\nstatus: in-progress\nupdates:\n  - date: 2006-11-01\n    status: in-progress\n    note: |+\n      Begun.\n\n---\n";
    let refused = append_update("records/x.md", keep, &update("in-progress", "More."))
        .expect_err("kept blank lines");
    assert!(refused.0.contains("by hand"), "{refused}");
    let dash_alone = "---\nid: x\nstatus: in-progress\nupdates:\n  -\n    date: 2006-11-01\n    status: in-progress\n    note: Begun.\n---\n";
    assert!(append_update("records/x.md", dash_alone, &update("in-progress", "More.")).is_err());
}

#[test]
fn any_note_reads_back_as_written() {
    let text = "---\nid: x\nstatus: in-progress\nupdates:\n  - date: 2006-11-01\n    status: in-progress\n    note: Begun.\n---\n";
    for note in [
        "yes",
        "- a list?",
        "# not a comment",
        "50%: done",
        "'quoted'",
        "tab\there",
        "two\nlines",
        "naïve café ✓",
        "\u{2028}",
        "null",
        "[x]",
        "{x}",
        "*alias",
        "&anchor",
        "!tag",
        "@at",
        "`tick`",
        "x #y",
        "trailing ",
        " leading",
    ] {
        let edited = append_update("records/x.md", text, &update("in-progress", note)).expect(note);
        let now = updates_of("records/x.md", &edited);
        let fields = entries(&now[1]);
        assert!(
            matches!(&fields[2].1.value, Value::Str(s) if s == note),
            "{note:?} in {edited}"
        );
    }
}

#[test]
fn an_assessment_is_added_to_its_update_only() {
    let text = "---\nid: x\nstatus: completed\nupdates:\n  - date: 2006-11-01\n    status: in-progress\n    note: Begun.\n  - date: 2007-01-16\n    status: completed\n    note: Done.\n---\nBody\n";
    let assured = Assessment {
        by: "J Smith".to_owned(),
        date: "2007-01-16".to_owned(),
        rejected: None,
    };
    let edited = assess_update("records/x.md", text, 1, &assured, None).expect("assessed");
    let (_, block) = inserted(text, &edited).expect("one block");
    assert_eq!(
        block,
        "    assured: true\n    assessed: 2007-01-16\n    assessed_by: J Smith\n"
    );
    let rejected = Assessment {
        rejected: Some("No evidence of completion: send the audit report".to_owned()),
        ..assured
    };
    let edited =
        assess_update("records/x.md", text, 1, &rejected, Some("in-progress")).expect("rejected");
    assert!(edited.starts_with("---\nid: x\nstatus: in-progress\n"));
    assert!(edited.contains("    note: Done.\n    rejected: \"No evidence of completion: send the audit report\"\n    assessed: 2007-01-16\n    assessed_by: J Smith\n---\n"));
}
