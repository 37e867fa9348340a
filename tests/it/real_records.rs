//! The repository's own records: they check clean, and read as their sources say.

use crate::{actionplan, repo_root};

#[test]
fn the_real_records_check_clean() {
    let run = actionplan(&["check"], &repo_root());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let summary = run.stderr.lines().last().unwrap_or("");
    assert!(summary.starts_with("checked "), "{summary}");
    assert!(summary.ends_with(" 0 errors, 1 warning"), "{summary}");
    // The one warning is a real finding: the January 2007 paper's breakdown
    // of 189 AFIs adds up to 187.
    assert!(
        run.stderr
            .contains("the groups sum to 187, the total is 189"),
        "{}",
        run.stderr
    );
}

/// Report 14 says only that there were "recent inspections" into compliance
/// with the Victims Code of Practice: the inspection's page says it was
/// inspected and that no report is recorded, not that one is awaited.
#[test]
fn an_inspection_whose_report_the_paper_does_not_mention_reads_as_inspected() {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = dir.path().join("site");
    let run = actionplan(
        &["build", "--out", site.to_str().expect("utf-8")],
        &repo_root(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = std::fs::read_to_string(site.join("inspections/mps-inspectorate-victims-code.html"))
        .expect("the inspection's page");
    assert!(page.contains("Inspected; no report recorded"), "{page}");
    assert!(!page.contains("Awaiting report"), "{page}");
}
