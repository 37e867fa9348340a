//! Which record texts a check keeps, and when a text let go is read again
//! to be quoted.

use std::borrow::Cow;
use std::fs;
use std::path::Path;

use super::{Checked, Texts, check_keeping, check_reading};
use crate::load;

const INSPECTION: &str = "---\ntype: inspection\nid: harrow\ntitle: HMIC Going Local inspection of Harrow BOCU\nbody: HMIC\nsubject: Harrow BOCU\npublished: 2003-07-28\nstatus: published\n---\n";
const AFI: &str = "---\ntype: afi\nid: harrow-r1\ninspection: harrow\ntitle: Review the performance management system\nraised: 2003-07-28\nstatus: in-progress\n---\n";

/// A repository with an inspection and the same AFI in two folders: the
/// second is an E016, a problem found only across records.
fn repository() -> tempfile::TempDir {
    let root = tempfile::tempdir().expect("temp dir");
    for (path, text) in [
        ("records/harrow.md", INSPECTION),
        ("records/a/harrow-r1.md", AFI),
        ("records/b/harrow-r1.md", AFI),
    ] {
        let path = root.path().join(path);
        fs::create_dir_all(path.parent().expect("a folder")).expect("folder");
        fs::write(path, text).expect("record");
    }
    root
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
fn a_text_let_go_is_not_quoted_once_its_file_has_changed() {
    let root = repository();
    let changed = root.path().join("records/b/harrow-r1.md");
    let read_then_change = |reading: &super::Reading| {
        let loaded = load::load(root.path(), reading.limit, &reading.each());
        fs::write(&changed, format!("{AFI}\nA line added since.\n")).expect("change");
        Cow::Owned(loaded)
    };
    let quoted = Texts::Quoted { root: root.path() };
    let checked = check_reading(root.path(), as_at(), quoted, read_then_change);
    let report = report(&checked);
    // Still reported and located, as read; but its lines are not shown,
    // since the file now holds other lines.
    assert!(
        report.contains("error[E016]") && report.contains("--> records/b/harrow-r1.md:3:5"),
        "{report}"
    );
    assert!(!report.contains("| id: harrow-r1"), "{report}");
    assert!(checked.sources.is_empty());
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
