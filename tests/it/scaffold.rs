//! `new` and `init`: what they write passes `check` (and `build`), and they
//! never write over a record.

use std::fs;
use std::path::Path;

use crate::{actionplan, copy_dir, repo_root};

fn copy_small() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let from = repo_root().join("tests/fixtures/build/small");
    copy_dir(&from, dir.path());
    dir
}

fn check_passes(root: &Path) {
    let run = actionplan(&["check"], root);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn new_afi_takes_the_next_id_and_passes_check() {
    let repo = copy_small();
    let root = repo.path();
    let run = actionplan(
        &[
            "new",
            "afi",
            "--inspection",
            "harrow",
            "--title",
            "Ensure compliance with the NIM",
        ],
        root,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "created records/harrow/harrow-r3.md\n");
    let text = fs::read_to_string(root.join("records/harrow/harrow-r3.md")).expect("written");
    assert!(
        text.contains("\nraised: 2007-01-16\n"),
        "today, as the archive's configuration reads it: {text}"
    );
    check_passes(root);
}

#[test]
fn new_afi_offers_the_inspections_frameworks() {
    let repo = copy_small();
    let root = repo.path();
    let run = actionplan(
        &[
            "new",
            "afi",
            "--inspection",
            "baseline",
            "--title",
            "Review the management processes",
        ],
        root,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The baseline's AFIs are baseline-srp-01 and baseline-lead-01: no stem
    // is shared by more than one, so the later stem in order is followed.
    let path = root.join("records/baseline/baseline-srp-02.md");
    let text = fs::read_to_string(&path).expect("written");
    assert!(
        text.contains(
            "framework: Strategic road policing   # one of: Strategic road policing | Leadership"
        ),
        "{text}"
    );
    check_passes(root);
}

#[test]
fn new_never_writes_over_a_record() {
    let repo = copy_small();
    let root = repo.path();
    let path = root.join("records/harrow/harrow-r1.md");
    let before = fs::read_to_string(&path).expect("read");
    let run = actionplan(
        &[
            "new",
            "afi",
            "--inspection",
            "harrow",
            "--title",
            "Again",
            "--id",
            "harrow-r1",
        ],
        root,
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("already exists; nothing was written"),
        "{}",
        run.stderr
    );
    assert_eq!(fs::read_to_string(&path).expect("read"), before);
    let unknown = actionplan(
        &["new", "afi", "--inspection", "harow", "--title", "x"],
        root,
    );
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.contains("did you mean `harrow`?"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn new_inspection_and_paper_pass_check() {
    let repo = copy_small();
    let root = repo.path();
    let run = actionplan(
        &[
            "new",
            "inspection",
            "--title",
            "HMIC Going Local inspection of Barnet BOCU",
            "--body",
            "HMIC",
            "--subject",
            "Barnet BOCU",
        ],
        root,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(root.join("records/hmic-going-local-inspection-of-barnet-bocu/hmic-going-local-inspection-of-barnet-bocu.md").exists());
    let run = actionplan(
        &[
            "new",
            "paper",
            "--title",
            "Progress on the action plans",
            "--id",
            "pprc-2007-03-15",
        ],
        root,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    check_passes(root);
    let paper = actionplan(&["paper", "pprc-2007-03-15"], root);
    assert!(
        paper.stdout.contains("of which 1 completed"),
        "{}",
        paper.stdout
    );
    // The house format's sections are the new paper's text, in order, for
    // its author to change.
    let headings: Vec<&str> = paper
        .stdout
        .lines()
        .filter(|l| l.starts_with("## "))
        .collect();
    assert_eq!(
        headings,
        [
            "## Summary",
            "## A. Recommendation",
            "## B. Supporting information",
            "## C. Race and equality impact",
            "## D. Financial implications",
            "## E. Background papers",
            "## F. Contact details"
        ]
    );
    assert!(
        paper.stdout.contains("\n1\\. The supporting information"),
        "{}",
        paper.stdout
    );
}

#[test]
fn init_makes_a_repository_that_checks_and_builds() {
    let dir = tempfile::tempdir().expect("temp dir");
    let repo = dir.path().join("action-plans");
    let run = actionplan(&["init", repo.to_str().expect("utf-8")], dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    for file in [
        "actionplan.toml",
        ".gitignore",
        ".github/workflows/check.yml",
        ".github/workflows/pages.yml",
        ".github/workflows/afi-update.yml",
        ".github/ISSUE_TEMPLATE/afi-update.yml",
    ] {
        assert!(repo.join(file).exists(), "{file}");
    }
    // The lock that `update` and `import` hold is never committed.
    let ignored = fs::read_to_string(repo.join(".gitignore")).expect("read");
    assert_eq!(ignored, "site/\n.actionplan-edit.lock\n");
    let check = fs::read_to_string(repo.join(".github/workflows/check.yml")).expect("workflow");
    assert!(
        check.contains(&format!(
            "cargo install --locked --git \"$ACTIONPLAN_GIT\" --tag v{} actionplan",
            env!("CARGO_PKG_VERSION")
        )),
        "{check}"
    );
    assert!(
        check.contains("actionplan check --format github"),
        "{check}"
    );
    // The owners' form and the workflow that turns it into a pull request,
    // installing the same release rather than building a checkout that
    // holds only records.
    let update =
        fs::read_to_string(repo.join(".github/workflows/afi-update.yml")).expect("workflow");
    assert!(update.contains("actionplan update"), "{update}");
    assert!(
        update.contains(&format!("--tag v{} actionplan", env!("CARGO_PKG_VERSION")))
            && !update.contains("cargo build"),
        "{update}"
    );
    // The form `owners.rs` holds to the workflow and the statuses, the same
    // but for its comments.
    let form = |root: &std::path::Path| -> serde_json::Value {
        let text =
            fs::read_to_string(root.join(".github/ISSUE_TEMPLATE/afi-update.yml")).expect("form");
        serde_saphyr::from_str(&text).expect("the form is YAML")
    };
    assert_eq!(form(&repo), form(&crate::repo_root()));
    // A records repository has no `docs/`: what its files point to there
    // is named as actionplan's.
    for file in [
        ".github/workflows/check.yml",
        ".github/workflows/pages.yml",
        ".github/workflows/afi-update.yml",
        ".github/ISSUE_TEMPLATE/afi-update.yml",
    ] {
        let text = fs::read_to_string(repo.join(file)).expect("read");
        for (at, _) in text.match_indices("docs/") {
            let before = &text[..at];
            assert!(
                before.ends_with("actionplan's "),
                "{file}: {}",
                &text[before.rfind('\n').map_or(0, |n| n + 1)..]
                    .lines()
                    .next()
                    .unwrap_or("")
            );
        }
    }
    assert!(!repo.join("docs").exists());
    // Each workflow is still YAML after its install step is rewritten, with
    // the same steps as ours, the install step among them.
    for name in ["check", "pages", "afi-update"] {
        let workflow = |root: &std::path::Path| -> serde_json::Value {
            let path = root.join(format!(".github/workflows/{name}.yml"));
            let text = fs::read_to_string(&path).expect("workflow");
            serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{name}.yml: {e}"))
        };
        let steps = |workflow: &serde_json::Value| -> Vec<serde_json::Value> {
            let jobs = workflow["jobs"].as_object().expect("jobs");
            jobs.values()
                .flat_map(|job| job["steps"].as_array().cloned().unwrap_or_default())
                .collect()
        };
        let names = |steps: &[serde_json::Value]| -> Vec<String> {
            steps
                .iter()
                .map(|step| step["name"].as_str().unwrap_or("").to_owned())
                .collect()
        };
        let (theirs, ours) = (
            steps(&workflow(&repo)),
            steps(&workflow(&crate::repo_root())),
        );
        assert_eq!(names(&theirs), names(&ours), "{name}.yml");
        let install = theirs
            .iter()
            .find(|step| step["name"] == "Install actionplan")
            .unwrap_or_else(|| panic!("{name}.yml installs actionplan"));
        assert!(
            install["run"]
                .as_str()
                .is_some_and(|run| run.starts_with("cargo install --locked --git")),
            "{name}.yml: {install}"
        );
    }
    check_passes(&repo);
    let build = actionplan(&["build"], &repo);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(repo.join("site/afis/example-inspection-r1.html").exists());
    let again = actionplan(&["init", repo.to_str().expect("utf-8")], dir.path());
    assert_eq!(again.code, 2, "a folder that is not empty is refused");
}
