//! Which record texts a check keeps, and when a text let go is read again
//! to be quoted.

use std::borrow::Cow;
use std::fs;
use std::path::Path;

use super::{Checked, Texts, check_keeping, check_reading};
use crate::load;

const INSPECTION: &str = "---\ntype: inspection\nid: harrow\ntitle: HMIC Going Local inspection of Harrow BOCU\nbody: HMIC\nsubject: Harrow BOCU\npublished: 2003-07-28\nstatus: published\n---\n";
const AFI: &str = "---\ntype: afi\nid: harrow-r1\ninspection: harrow\ntitle: Review the performance management system\nraised: 2003-07-28\nstatus: in-progress\n---\n";

/// A repository of the record files `files`.
fn repository_of(files: &[(&str, &str)]) -> tempfile::TempDir {
    let root = tempfile::tempdir().expect("temp dir");
    for (path, text) in files {
        let path = root.path().join(path);
        fs::create_dir_all(path.parent().expect("a folder")).expect("folder");
        fs::write(path, text).expect("record");
    }
    root
}

/// A repository with an inspection and the same AFI in two folders: the
/// second is an E016, a problem found only across records.
fn repository() -> tempfile::TempDir {
    repository_of(&[
        ("records/harrow.md", INSPECTION),
        ("records/a/harrow-r1.md", AFI),
        ("records/b/harrow-r1.md", AFI),
    ])
}

/// The report of a check that keeps every text, and that of one that
/// keeps only those it may quote.
fn both_ways(root: &Path) -> (String, String) {
    let all = check_keeping(root, as_at(), Texts::All);
    let quoted = check_keeping(root, as_at(), Texts::Quoted { root });
    (report(&all), report(&quoted))
}

fn as_at() -> Option<jiff::civil::Date> {
    Some(jiff::civil::date(2020, 1, 1))
}

/// The check's report as `check` prints it, without colour.
fn report(checked: &Checked) -> String {
    crate::diag::render_human(&checked.diagnostics, &checked.sources, false)
}

#[test]
fn a_check_that_quotes_keeps_only_the_texts_it_quotes_and_reports_the_same() {
    let root = repository();
    let all = check_keeping(root.path(), as_at(), Texts::All);
    let quoted = check_keeping(root.path(), as_at(), Texts::Quoted { root: root.path() });
    assert!(
        report(&all).contains("3 | id: harrow-r1"),
        "{}",
        report(&all)
    );
    assert_eq!(report(&quoted), report(&all));
    // The inspection and the first AFI have no problem: their texts went.
    let kept: Vec<&str> = quoted.sources.keys().map(String::as_str).collect();
    assert_eq!(kept, ["records/b/harrow-r1.md"]);
    assert_eq!(all.sources.len(), 3);
}

#[test]
fn a_check_of_the_repositorys_own_records_reports_the_same_either_way() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let all = check_keeping(root, as_at(), Texts::All);
    let quoted = check_keeping(root, as_at(), Texts::Quoted { root });
    assert!(
        !all.diagnostics.is_empty(),
        "the records have a warning to quote"
    );
    assert_eq!(report(&quoted), report(&all));
    assert_eq!(quoted.summary.to_string(), all.summary.to_string());
}

/// The report of a check that keeps only the texts it may quote, of the
/// E016 repository, when the second AFI's file is rewritten as `changed`
/// after it is read and before it is read again.
fn changed_between_the_reads(changed: &str) -> String {
    let root = repository();
    let path = root.path().join("records/b/harrow-r1.md");
    let read_then_change = |reading: &super::Reading| {
        let loaded = load::load(root.path(), reading.limit, &reading.each());
        fs::write(&path, changed).expect("change");
        Cow::Owned(loaded)
    };
    let quoted = Texts::Quoted { root: root.path() };
    report(&check_reading(
        root.path(),
        as_at(),
        quoted,
        read_then_change,
    ))
}

#[test]
fn a_text_let_go_is_quoted_only_while_it_reads_as_the_record_checked() {
    let unchanged = changed_between_the_reads(AFI);
    assert!(unchanged.contains("3 | id: harrow-r1"), "{unchanged}");
    // A line added to the body: the record, its problems and where they
    // are read the same, so the lines shown are the ones checked.
    let added = changed_between_the_reads(&format!("{AFI}\nA line added since.\n"));
    assert_eq!(added, unchanged);
    // A line put above the id moves it; another id of the same length
    // reads as another record. Each is reported where it was found,
    // without lines.
    let moved = AFI.replacen("id:", "# A comment.\nid:", 1);
    let same_length = AFI.replacen("harrow-r1", "harrow-r2", 1);
    assert_eq!(same_length.len(), AFI.len());
    for changed in [moved, same_length] {
        let report = changed_between_the_reads(&changed);
        assert!(
            report.contains("--> records/b/harrow-r1.md:3:5"),
            "{report}"
        );
        assert!(!report.contains("3 | "), "no line is shown: {report}");
    }
}

const PAPER: &str = "---\ntype: paper\nid: report-8\ntitle: HMIC Going Local Inspection Programme 2003-2004\ncommittee: Planning, Performance & Review Committee\nmeeting: 2005-01-19\nreport: \"8\"\nby: Commissioner\nas_at: 2005-01-19\ncovers:\n  inspections: [harrow]\nappendices:\n  - title: The recommendations\n    kind: inspections\n---\n## Summary\n\nThe programme went well.\n";

/// An AFI of Harrow whose Recommendation section is `recommendation`,
/// titled `title` (as written in YAML).
fn afi(id: &str, title: &str, recommendation: &str, notes: &str) -> String {
    format!(
        "---\ntype: afi\nid: {id}\ninspection: harrow\ntitle: {title}\nraised: 2003-07-28\nstatus: in-progress\n---\n## Recommendation\n\n{recommendation}\n\n## Notes\n\n{notes}\n"
    )
}

/// W011 for a line of `harrow-r2`, which holds a `✔` that its paper
/// prints only if another record's printed text has one: whether it does
/// depends on `harrow-r1`, all ASCII, being printed as it is.
fn undrawable_through(r1: &str) -> (String, String) {
    let r2 = afi(
        "harrow-r2",
        "Tasking",
        "That the BOCU tasks.",
        "Done ✔ in 2004.",
    );
    let root = repository_of(&[
        ("records/harrow.md", INSPECTION),
        ("records/harrow-r1.md", r1),
        ("records/harrow-r2.md", &r2),
        ("records/report-8.md", PAPER),
    ]);
    both_ways(root.path())
}

#[test]
fn a_text_printed_as_another_character_is_kept_for_the_papers_warnings() {
    let entity = afi(
        "harrow-r1",
        "Review",
        "That the BOCU reviews &#x2714; now.",
        "None.",
    );
    let decimal = afi(
        "harrow-r1",
        "Review",
        "That the BOCU reviews &#10004; now.",
        "None.",
    );
    // Printed where the Recommendation is, were the text let go.
    let escaped = afi(
        "harrow-r1",
        "\"Review \\u2714\"",
        "That the BOCU reviews.",
        "None.",
    );
    for r1 in [entity, decimal] {
        let (all, quoted) = undrawable_through(&r1);
        assert!(
            all.contains("warning[W011]") && all.contains("records/harrow-r2.md:15:6"),
            "{all}"
        );
        assert_eq!(quoted, all);
    }
    let (all, quoted) = undrawable_through(&escaped);
    assert!(!all.contains("warning[W011]"), "{all}");
    assert_eq!(quoted, all);
}

/// The E016 repository with its AFI in `records/{first}/` and again in a
/// folder named `name` (as bytes, perhaps not UTF-8): the two reports,
/// keeping every text and keeping only those quoted.
#[cfg(unix)]
fn duplicate_in_folder(first: &str, name: &[u8]) -> (String, String) {
    use std::os::unix::ffi::OsStrExt as _;
    let root = repository_of(&[
        ("records/harrow.md", INSPECTION),
        (&format!("records/{first}/harrow-r1.md"), AFI),
    ]);
    let folder = root
        .path()
        .join("records")
        .join(std::ffi::OsStr::from_bytes(name));
    fs::create_dir_all(&folder).expect("folder");
    fs::write(folder.join("harrow-r1.md"), AFI).expect("record");
    both_ways(root.path())
}

#[cfg(unix)]
#[test]
fn a_record_whose_path_is_not_utf8_is_quoted_as_before() {
    let (all, quoted) = duplicate_in_folder("a", b"b\xff");
    assert!(all.contains("3 | id: harrow-r1"), "{all}");
    assert_eq!(quoted, all);
    // Beside a name that is not UTF-8, which sorts as bytes before `é`
    // but after it once shown with U+FFFD, the second AFI is found again.
    let (all, quoted) = duplicate_in_folder("é", b"\x80");
    assert!(
        all.contains("--> records/é/harrow-r1.md:3:5") && all.contains("3 | id: harrow-r1"),
        "{all}"
    );
    assert_eq!(quoted, all);
}
