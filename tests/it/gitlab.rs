//! `check --format gitlab`: a GitLab Code Quality report, which GitLab reads
//! from a job's `codequality` artifact to show each problem in the merge
//! request.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::{actionplan, copy_dir, fixture};

fn report(args: &[&str], dir: &Path) -> (i32, Vec<Value>) {
    let run = actionplan(args, dir);
    let report: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|error| panic!("the report is JSON ({error}): {}", run.stdout));
    let issues = report.as_array().expect("the report is one array").clone();
    (run.code, issues)
}

#[test]
fn each_problem_is_an_issue_with_the_fields_gitlab_requires() {
    let name = "many_problems_in_many_files";
    let args = ["check", "--format", "gitlab", "--as-at", "2020-01-01"];
    let (code, issues) = report(&args, &fixture(name));
    assert_eq!(code, 1, "errors fail the check as in every format");

    // The same problems as the JSON format, in the same order.
    let json = actionplan(
        &["check", "--format", "json", "--as-at", "2020-01-01"],
        &fixture(name),
    );
    let json: Value = serde_json::from_str(&json.stdout).expect("JSON");
    let expected = json["diagnostics"].as_array().expect("diagnostics");
    assert_eq!(issues.len(), expected.len());
    assert!(issues.len() > 3, "the fixture has several problems");
    for (issue, diagnostic) in issues.iter().zip(expected) {
        assert_eq!(issue["check_name"], diagnostic["code"], "{issue}");
        assert_eq!(issue["location"]["path"], diagnostic["file"], "{issue}");
        let line = diagnostic["line"].as_u64().unwrap_or(1);
        assert_eq!(issue["location"]["lines"]["begin"], line, "{issue}");
        let description = issue["description"].as_str().expect("a description");
        assert!(
            description.starts_with(diagnostic["message"].as_str().expect("message")),
            "{issue}"
        );
        if let Some(help) = diagnostic["help"].as_str() {
            assert!(description.ends_with(&format!("; help: {help}")), "{issue}");
        }
        let severity = match diagnostic["severity"].as_str() {
            Some("error") => "major",
            Some("warning") => "minor",
            other => panic!("severity {other:?}"),
        };
        assert_eq!(issue["severity"], severity, "{issue}");
        let fingerprint = issue["fingerprint"].as_str().expect("a fingerprint");
        assert_eq!(fingerprint.len(), 32, "{fingerprint}");
        assert!(fingerprint.bytes().all(|b| b.is_ascii_hexdigit()));
    }
    let mut fingerprints: Vec<&str> = issues
        .iter()
        .filter_map(|issue| issue["fingerprint"].as_str())
        .collect();
    fingerprints.sort_unstable();
    fingerprints.dedup();
    assert_eq!(
        fingerprints.len(),
        issues.len(),
        "every fingerprint is unique"
    );
}

#[test]
fn a_clean_repository_gives_an_empty_report() {
    let name = "w001_published_counts_do_not_add_up";
    let records = tempfile::tempdir().expect("temp dir");
    copy_dir(
        &crate::repo_root().join("tests/fixtures/build/small"),
        records.path(),
    );
    let (code, issues) = report(&["check", "--format", "gitlab"], records.path());
    assert_eq!((code, issues.len()), (0, 0));
    // A warning is an issue, but passes unless --strict.
    let (code, issues) = report(
        &["check", "--format", "gitlab", "--as-at", "2020-01-01"],
        &fixture(name),
    );
    assert_eq!(code, 0);
    assert!(!issues.is_empty());
    assert!(
        issues.iter().all(|issue| issue["severity"] == "minor"),
        "{issues:?}"
    );
}

#[test]
fn a_fingerprint_survives_lines_added_above_the_problem() {
    // GitLab tells new problems from old ones by fingerprint: a problem that
    // only moved down must keep its fingerprint.
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&fixture("e011_unknown_field"), dir.path());
    let args = ["check", "--format", "gitlab", "--as-at", "2020-01-01"];
    let (_, before) = report(&args, dir.path());
    let file = dir.path().join("records/harrow-r1.md");
    let text = std::fs::read_to_string(&file).expect("read");
    let moved = text.replacen("---\n", "---\n# a comment\n# another\n", 1);
    std::fs::write(&file, moved).expect("write");
    let (_, after) = report(&args, dir.path());
    assert_eq!(before.len(), after.len());
    for (old, new) in before.iter().zip(&after) {
        let old_line = old["location"]["lines"]["begin"].as_u64().expect("line");
        assert_eq!(new["location"]["lines"]["begin"], old_line + 2, "{new}");
        assert_eq!(new["fingerprint"], old["fingerprint"], "{new}");
    }
}

#[test]
fn paths_are_relative_to_the_gitlab_project() {
    // In GitLab CI, CI_PROJECT_DIR is the checkout; a records repository in
    // a folder of it gets paths from the project's root.
    let project = tempfile::tempdir().expect("temp dir");
    let root = project.path().join("inspections/records-repo");
    copy_dir(&fixture("e011_unknown_field"), &root);
    let output = Command::new(env!("CARGO_BIN_EXE_actionplan"))
        .args(["check", "--format", "gitlab", "--as-at", "2020-01-01"])
        .current_dir(&root)
        .env("CI_PROJECT_DIR", project.path())
        .output()
        .expect("runs");
    let issues: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(
        issues[0]["location"]["path"],
        "inspections/records-repo/records/harrow-r1.md"
    );
}
