//! Exit codes and the three output formats of `check`.

use crate::{actionplan, fixture};

fn root_arg(name: &str) -> String {
    fixture(name).to_string_lossy().into_owned()
}

#[test]
fn json_lists_every_diagnostic_with_its_position() {
    let root = root_arg("many_problems_in_many_files");
    let run = actionplan(
        &[
            "check",
            "--root",
            &root,
            "--format",
            "json",
            "--as-at",
            "2020-01-01",
        ],
        &fixture("many_problems_in_many_files"),
    );
    assert_eq!(run.code, 1);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("one JSON object");
    let diagnostics = report["diagnostics"].as_array().expect("a list");
    let staus = diagnostics
        .iter()
        .find(|d| d["code"] == "E011")
        .expect("the unknown field is reported");
    assert_eq!(staus["file"], "records/harrow-r1.md");
    assert_eq!(staus["line"], 8);
    assert_eq!(staus["column"], 1);
    assert_eq!(staus["severity"], "error");
    assert_eq!(staus["message"], "unknown field `staus` in an afi record");
    assert_eq!(staus["help"], "did you mean `status`?");
    let errors = diagnostics
        .iter()
        .filter(|d| d["severity"] == "error")
        .count();
    assert_eq!(report["summary"]["errors"], errors);
    assert_eq!(report["summary"]["files"], 3);
}

#[test]
fn json_diagnostics_are_sorted_by_file_and_line() {
    let root = root_arg("many_problems_in_many_files");
    let run = actionplan(
        &[
            "check",
            "--root",
            &root,
            "--format",
            "json",
            "--as-at",
            "2020-01-01",
        ],
        &fixture("many_problems_in_many_files"),
    );
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let keys: Vec<(String, i64)> = report["diagnostics"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap_or("").to_owned(),
                d["line"].as_i64().unwrap_or(0),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    let files: std::collections::BTreeSet<&str> = keys.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(
        files.len(),
        3,
        "every broken file is reported in one run: {keys:?}"
    );
}

#[test]
fn github_format_puts_each_problem_on_its_line() {
    let root = root_arg("e011_unknown_field");
    let run = actionplan(
        &[
            "check",
            "--root",
            &root,
            "--format",
            "github",
            "--as-at",
            "2020-01-01",
        ],
        &fixture("e011_unknown_field"),
    );
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "::error file=records/harrow-r1.md,line=8,col=1,title=E011::unknown field `staus` in an afi record%0Ahelp: did you mean `status`?",
            "::error file=records/harrow-r1.md,line=10,col=1,title=E011::unknown field `onwer` in an afi record%0Ahelp: did you mean `owner`?",
        ]
    );
}

#[test]
fn warnings_pass_unless_strict() {
    let name = "w001_published_counts_do_not_add_up";
    let root = root_arg(name);
    let plain = actionplan(
        &["check", "--root", &root, "--as-at", "2020-01-01"],
        &fixture(name),
    );
    assert_eq!(plain.code, 0);
    let strict = actionplan(
        &[
            "check",
            "--root",
            &root,
            "--as-at",
            "2020-01-01",
            "--strict",
        ],
        &fixture(name),
    );
    assert_eq!(strict.code, 1);
    assert!(strict.stderr.contains("warning[W001]"));
    // The summary reads "0 errors", so the last line says why it failed.
    assert!(
        strict.stderr.ends_with(
            "0 errors, 2 warnings\nerror: --strict makes warnings fail the check, and it found 2 warnings\n"
        ),
        "{}",
        strict.stderr
    );
}

#[test]
fn a_missing_root_cannot_run() {
    let here = fixture("e011_unknown_field");
    let run = actionplan(&["check", "--root", "/no/such/folder"], &here);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: the folder `/no/such/folder` does not exist\n"
    );
}

#[test]
fn a_root_without_records_cannot_run() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().to_str().expect("utf-8");
    let run = actionplan(&["check", "--root", root], dir.path());
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("there is no `records` folder"),
        "{}",
        run.stderr
    );
}

#[test]
fn bad_arguments_cannot_run() {
    let here = fixture("e011_unknown_field");
    let run = actionplan(&["check", "--as-at", "16/01/2007"], &here);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("is not a date"), "{}", run.stderr);
    let run = actionplan(&["check", "--format", "xml"], &here);
    assert_eq!(run.code, 2);
}

#[test]
fn the_as_at_date_decides_what_is_in_the_future() {
    let name = "e026_date_after_as_at";
    let root = root_arg(name);
    let before = actionplan(
        &["check", "--root", &root, "--as-at", "2030-04-29"],
        &fixture(name),
    );
    assert_eq!(before.code, 1);
    let after = actionplan(
        &["check", "--root", &root, "--as-at", "2030-04-30"],
        &fixture(name),
    );
    assert_eq!(after.code, 0, "{}", after.stderr);
}

#[test]
fn root_defaults_to_the_current_folder() {
    let name = "e011_unknown_field";
    let run = actionplan(&["check", "--as-at", "2020-01-01"], &fixture(name));
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("records/harrow-r1.md:8:1"),
        "{}",
        run.stderr
    );
}
