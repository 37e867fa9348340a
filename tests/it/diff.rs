//! `diff` and `build --history` over a git repository built in the test.

use std::fs;

use crate::{actionplan, copy_dir, git, repo_root};

/// A repository holding the small fixture, committed once, then a second
/// commit that changes a status and a target, adds an update and an AFI, and
/// deletes an AFI.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let fixture = repo_root().join("tests/fixtures/build/small");
    copy_dir(&fixture, root);
    git(root, &["init", "-q", "-b", "main"]);
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "Start the action plan"]);
    let r1 = root.join("records/harrow/harrow-r1.md");
    let text = fs::read_to_string(&r1).expect("read");
    let text = text.replacen("status: in-progress", "status: completed", 1).replacen(
        "    note: Partnership documents still to be clarified.\n",
        "    note: Partnership documents still to be clarified.\n  - date: 2007-01-10\n    status: completed\n    note: The partnership published its accountability framework.\n    due: 2007-01\n",
        1,
    );
    fs::write(&r1, text).expect("write");
    fs::write(
        root.join("records/harrow/harrow-r3.md"),
        "---\ntype: afi\nid: harrow-r3\ninspection: harrow\ntitle: Ensure compliance with the NIM\nraised: 2003-07-28\nstatus: in-progress\n---\n",
    )
    .expect("write");
    fs::remove_file(root.join("records/baseline/baseline-lead-01.md")).expect("remove");
    git(root, &["add", "-A"]);
    git(
        root,
        &["commit", "-q", "-m", "Harrow: recommendation 1 completed"],
    );
    dir
}

#[test]
fn diff_describes_the_last_commit() {
    let repo = repository();
    let root = repo.path();
    let run = actionplan(&["diff", "HEAD~1", "HEAD", "--format", "json"], root);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let changes: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(changes["added"][0]["id"], "harrow-r3");
    assert_eq!(changes["removed"][0]["id"], "baseline-lead-01");
    let status = &changes["status_changes"][0];
    assert_eq!(
        (
            status["id"].as_str(),
            status["from"].as_str(),
            status["to"].as_str()
        ),
        (
            Some("harrow-r1"),
            Some("Work in progress"),
            Some("Completed")
        )
    );
    assert_eq!(status["group_to"], "Completed");
    let target = &changes["target_changes"][0];
    assert_eq!(
        (target["from"].as_str(), target["to"].as_str()),
        (Some("December 2006"), Some("January 2007"))
    );
    assert_eq!(changes["new_updates"][0]["date"], "10 January 2007");
    let count = |label: &str| {
        let c = changes["counts"]
            .as_array()
            .expect("counts")
            .iter()
            .find(|c| c["label"] == label)
            .expect(label)
            .clone();
        (
            c["from"].as_u64().unwrap_or(99),
            c["to"].as_u64().unwrap_or(99),
        )
    };
    // Before: r1 and srp-01 in progress, r2 completed, lead-01 awaited.
    // After: r3 and srp-01 in progress, r1 and r2 completed.
    assert_eq!(count("Work in progress"), (2, 2));
    assert_eq!(count("Completed"), (1, 2));
    assert_eq!(count("Update awaited"), (1, 0));
    assert_eq!(count("Total AFIs"), (4, 4));

    let human = actionplan(&["diff", "HEAD~1"], root);
    assert_eq!(human.code, 0);
    assert!(
        human.stdout.contains(
            "harrow-r1: Work in progress -> Completed (moves from Work in progress to Completed)"
        ),
        "{}",
        human.stdout
    );
    assert!(
        human.stdout.contains("to the working tree"),
        "{}",
        human.stdout
    );
    let markdown = actionplan(&["diff", "HEAD~1", "--format", "markdown"], root);
    assert!(
        markdown.stdout.contains("### Status changed"),
        "{}",
        markdown.stdout
    );
    assert!(
        markdown.stdout.contains("| Completed | 1 | 2 | +1 |"),
        "{}",
        markdown.stdout
    );
}

#[test]
fn diff_sees_uncommitted_changes() {
    let repo = repository();
    let root = repo.path();
    let clean = actionplan(&["diff", "HEAD"], root);
    assert!(
        clean.stdout.contains("No change to the records."),
        "{}",
        clean.stdout
    );
    let srp = root.join("records/baseline/baseline-srp-01.md");
    let text = fs::read_to_string(&srp).expect("read");
    fs::write(
        &srp,
        text.replace(
            "title: Acquire a site for a car pound",
            "title: Acquire a site for a vehicle pound",
        ),
    )
    .expect("write");
    let changed = actionplan(&["diff", "HEAD", "--format", "json"], root);
    let changes: serde_json::Value = serde_json::from_str(&changed.stdout).expect("JSON");
    assert_eq!(changes["to"], "the working tree");
    // A new title alone is not a status, target or update change.
    assert_eq!(changes["status_changes"].as_array().map(Vec::len), Some(0));
}

#[test]
fn diff_says_what_it_needs() {
    let repo = repository();
    let root = repo.path();
    let unknown = actionplan(&["diff", "no-such-branch"], root);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown
            .stderr
            .contains("git knows no revision `no-such-branch`"),
        "{}",
        unknown.stderr
    );

    let clone_dir = tempfile::tempdir().expect("temp dir");
    let source = format!("file://{}", root.display());
    git(
        clone_dir.path(),
        &["clone", "-q", "--depth", "1", &source, "shallow"],
    );
    let shallow = actionplan(&["diff", "HEAD~1"], &clone_dir.path().join("shallow"));
    assert_eq!(shallow.code, 2);
    assert!(shallow.stderr.contains("shallow"), "{}", shallow.stderr);
    assert!(
        shallow.stderr.contains("fetch-depth: 0"),
        "{}",
        shallow.stderr
    );

    let not_git = tempfile::tempdir().expect("temp dir");
    fs::create_dir(not_git.path().join("records")).expect("records");
    let run = actionplan(&["diff", "HEAD~1"], not_git.path());
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("not inside a git repository"),
        "{}",
        run.stderr
    );
}

#[test]
fn build_history_lists_the_commits_of_each_record() {
    let repo = repository();
    let root = repo.path();
    let run = actionplan(&["build", "--history"], root);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = fs::read_to_string(root.join("site/afis/harrow-r1.html")).expect("page");
    assert!(page.contains("Changes to this record (2)"), "{page}");
    assert!(
        page.contains("2007-01-20</time>, Records Keeper: Harrow: recommendation 1 completed"),
        "{page}"
    );
    let untouched = fs::read_to_string(root.join("site/afis/harrow-r2.html")).expect("page");
    assert!(
        untouched.contains("Changes to this record (1)"),
        "{untouched}"
    );
    let without = actionplan(&["build"], root);
    assert_eq!(without.code, 0);
    let plain = fs::read_to_string(root.join("site/afis/harrow-r1.html")).expect("page");
    assert!(!plain.contains("Changes to this record"));
}

/// A repository of the small fixture with the Harrow records in the folder
/// `folder`, committed; then an AFI added there, committed as `subject`.
#[cfg(unix)]
fn repository_in_folder(folder: &std::ffi::OsStr, subject: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    copy_dir(&repo_root().join("tests/fixtures/build/small"), root);
    let moved = root.join("records").join(folder);
    fs::rename(root.join("records/harrow"), &moved).expect("move");
    git(root, &["init", "-q", "-b", "main"]);
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "Start the action plan"]);
    fs::write(
        moved.join("harrow-r3.md"),
        "---\ntype: afi\nid: harrow-r3\ninspection: harrow\ntitle: Ensure compliance with the NIM\nraised: 2003-07-28\nstatus: in-progress\n---\n",
    )
    .expect("write");
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", subject]);
    dir
}

#[cfg(unix)]
#[test]
fn a_folder_name_with_a_newline_or_not_utf8_is_read_right() {
    use std::os::unix::ffi::OsStrExt as _;
    for folder in [&b"harrow\nborough"[..], &b"harrow-\xff"[..]] {
        let repo = repository_in_folder(std::ffi::OsStr::from_bytes(folder), "Add r3");
        let run = actionplan(&["diff", "HEAD~1", "--format", "json"], repo.path());
        assert_eq!(run.code, 0, "{}", run.stderr);
        let changes: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
        assert_eq!(changes["added"][0]["id"], "harrow-r3", "{}", run.stdout);
        assert_eq!(changes["removed"], serde_json::json!([]), "{}", run.stdout);
    }
}

#[cfg(unix)]
#[test]
fn history_reads_quoted_paths_and_a_subject_with_separators_as_one_commit() {
    let subject = "Add r3 \u{1e}2001-01-01\u{1f}Mallory\u{1f}forged";
    let repo = repository_in_folder(std::ffi::OsStr::new("caf\u{e9}"), subject);
    let root = repo.path();
    let run = actionplan(&["build", "--history"], root);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = fs::read_to_string(root.join("site/afis/harrow-r1.html")).expect("page");
    assert!(page.contains("Changes to this record (1)"), "{page}");
    let added = fs::read_to_string(root.join("site/afis/harrow-r3.html")).expect("page");
    assert!(added.contains("Changes to this record (1)"), "{added}");
    assert!(
        added.contains("2007-01-20</time>, Records Keeper: Add r3 \u{fffd}2001-01-01\u{fffd}Mallory\u{fffd}forged"),
        "{added}"
    );
    assert!(!added.contains("2001-01-01</time>"), "{added}");
}

#[test]
fn a_record_too_large_in_a_revision_is_an_error_there_unread() {
    let repo = repository();
    let root = repo.path();
    // 2 MB: over the 1 MB limit.
    let big = format!(
        "---\ntype: afi\nid: harrow-big\ninspection: harrow\ntitle: Big\nraised: 2003-07-28\nstatus: in-progress\n---\n{}\n",
        "x".repeat(2 * 1024 * 1024)
    );
    fs::write(root.join("records/harrow/harrow-big.md"), big).expect("write");
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "A big record"]);
    let run = actionplan(&["diff", "HEAD~1", "HEAD", "--format", "json"], root);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("(HEAD) have 1 errors"),
        "the big record is an error at HEAD: {}",
        run.stderr
    );
    let changes: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(changes["added"], serde_json::json!([]), "{}", run.stdout);
}
