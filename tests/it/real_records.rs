//! The repository's own records check clean.

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
