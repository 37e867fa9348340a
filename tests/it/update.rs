//! `update` and `assess`: one update appended (or assessed) and nothing else
//! in the file changed; every refusal leaves every record byte for byte.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use crate::{actionplan, copy_dir, repo_root};

/// A copy of the owner-loop fixture.
pub(crate) fn owners_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&repo_root().join("tests/fixtures/owners"), dir.path());
    dir
}

/// Every file under `records/`, with its bytes.
pub(crate) fn records_of(root: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(root.join("records"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let path = e.path().strip_prefix(root).expect("inside");
            (
                path.display().to_string(),
                fs::read(e.path()).expect("read"),
            )
        })
        .collect()
}

fn read(root: &Path, path: &str) -> String {
    fs::read_to_string(root.join(path)).expect("read")
}

#[test]
fn an_update_is_appended_the_status_follows_and_check_passes() {
    let repo = owners_repo();
    let root = repo.path();
    let run = actionplan(
        &[
            "update",
            "harrow-r2",
            "--status",
            "Completed",
            "--note",
            "Review done: new meetings from March.",
            "--evidence",
            "https://example.org/review",
            "--by",
            "Harrow BOCU",
        ],
        root,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "updated records/harrow/harrow-r2.md: in-progress → completed, 2007-01-16\n"
    );
    assert_eq!(
        read(root, "records/harrow/harrow-r2.md"),
        "---\ntype: afi\nid: harrow-r2\ninspection: harrow\nlabel: Recommendation 2\ntitle: Review the performance management system\nowner: Harrow BOCU\nraised: 2003-07-28\ndue: 2007-02-10\nstatus: completed\n# The review was agreed at the November meeting.\nupdates:\n  - date: 2006-12-20\n    status: in-progress\n    note: \"Review agreed: terms of reference drafted.\"\n  - date: 2007-01-16\n    status: completed\n    note: \"Review done: new meetings from March.\"\n    evidence:\n      - https://example.org/review\n    by: Harrow BOCU\n---\n## Recommendation\n\nThat the BOCU reviews its performance management system.\n"
    );
    let check = actionplan(&["check"], root);
    assert_eq!(check.code, 0, "{}", check.stderr);
}

#[test]
fn a_crlf_record_with_a_byte_order_mark_keeps_both() {
    let repo = owners_repo();
    let root = repo.path();
    let path = root.join("records/harrow/harrow-r4.md");
    let before = format!(
        "\u{feff}{}",
        read(root, "records/harrow/harrow-r4.md").replace('\n', "\r\n")
    );
    fs::write(&path, &before).expect("write");
    let run = actionplan(
        &[
            "update",
            "harrow-r4",
            "--status",
            "in-progress",
            "--note",
            "Counter staff retrained.",
            "--due",
            "2007-06",
            "--reason",
            "Training places only from April",
        ],
        root,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let after = read(root, "records/harrow/harrow-r4.md");
    let expected = before
        .replace("status: update-awaited\r\nupdates", "status: in-progress\r\nupdates")
        .replace(
            "no reply yet.\r\n---",
            "no reply yet.\r\n  - date: 2007-01-16\r\n    status: in-progress\r\n    note: Counter staff retrained.\r\n    due: 2007-06\r\n    reason: Training places only from April\r\n---",
        );
    assert_eq!(after, expected);
    assert!(after.starts_with('\u{feff}'));
    assert_eq!(actionplan(&["check"], root).code, 0);
}

#[test]
fn every_bad_update_is_refused_and_nothing_is_written() {
    let repo = owners_repo();
    let root = repo.path();
    let before = records_of(root);
    let cases: &[(&[&str], &str)] = &[
        (
            &["update", "harrow-r1", "--status", "complete", "--note", "x"],
            "error: `complete` is not a status; did you mean `completed`?\nerror: nothing was written\n",
        ),
        (
            &["update", "harow-r1", "--status", "completed", "--note", "x"],
            "error: no AFI has the id `harow-r1`; did you mean `harrow-r1`?\n",
        ),
        (
            &[
                "update",
                "harrow-r1",
                "--status",
                "completed",
                "--note",
                "  ",
            ],
            "error: the progress note is empty: say what was done\nerror: nothing was written\n",
        ),
        (
            &[
                "update",
                "harrow-r1",
                "--status",
                "completed",
                "--note",
                "x",
                "--evidence",
                "../secret.txt",
            ],
            "error: evidence `../secret.txt` is neither a web link (https://…) nor a file in the repository\nerror: nothing was written\n",
        ),
        (
            &[
                "update",
                "harrow-r1",
                "--status",
                "completed",
                "--note",
                "x",
                "--date",
                "2007-02-30",
            ],
            "error: `2007-02-30` is not a date: February 2007 has 28 days\nerror: nothing was written\n",
        ),
    ];
    for (args, message) in cases {
        let run = actionplan(args, root);
        assert_eq!(run.code, 1, "{args:?}");
        assert_eq!(run.stderr, *message, "{args:?}");
    }
    let run = actionplan(
        &[
            "update",
            "harrow-r1",
            "--status",
            "completed",
            "--note",
            "x",
            "--date",
            "2006-01-01",
        ],
        root,
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "error[E025]: this update (2006-01-01) is dated before the one above it (2006-11-30)"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.ends_with(
            "error: the change would bring 1 error into the records; nothing was written\n"
        ),
        "{}",
        run.stderr
    );
    let run = actionplan(
        &[
            "update",
            "harrow-r1",
            "--status",
            "completed",
            "--note",
            "x",
            "--due",
            "2007-03",
        ],
        root,
    );
    assert_eq!(run.code, 2, "--due needs --reason: {}", run.stderr);
    assert_eq!(records_of(root), before);
}

#[test]
fn a_flow_style_list_is_refused_with_what_to_do() {
    let repo = owners_repo();
    let root = repo.path();
    let path = root.join("records/harrow/harrow-r5.md");
    let flow = read(root, "records/harrow/harrow-r5.md").replace(
        "updates:\n  - date: 2006-12-01\n    status: in-progress\n    note: Draft protocol with partners.\n",
        "updates: [{date: 2006-12-01, status: in-progress, note: Draft protocol with partners.}]\n",
    );
    fs::write(&path, &flow).expect("write");
    assert_eq!(actionplan(&["check"], root).code, 0);
    let run = actionplan(
        &[
            "update",
            "harrow-r5",
            "--status",
            "completed",
            "--note",
            "Agreed.",
        ],
        root,
    );
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error: `records/harrow/harrow-r5.md`: `updates` is written on one line (`[ … ]`); write it as a block list, one `- date: …` item per update as docs/records.md shows, and run this again; nothing was written\n"
    );
    assert_eq!(read(root, "records/harrow/harrow-r5.md"), flow);
}

#[cfg(unix)]
#[test]
fn a_record_reached_through_a_link_is_never_written() {
    let repo = owners_repo();
    let root = repo.path();
    let outside = tempfile::tempdir().expect("temp");
    let target = outside.path().join("harrow-r9.md");
    let text = read(root, "records/harrow/harrow-r5.md").replace("harrow-r5", "harrow-r9");
    fs::write(&target, &text).expect("write");
    std::os::unix::fs::symlink(&target, root.join("records/harrow/harrow-r9.md")).expect("link");
    let run = actionplan(
        &[
            "update",
            "harrow-r9",
            "--status",
            "completed",
            "--note",
            "Agreed.",
        ],
        root,
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("no AFI has the id `harrow-r9`"),
        "{}",
        run.stderr
    );
    assert_eq!(fs::read_to_string(&target).expect("read"), text);
}

#[test]
fn assess_marks_the_newest_update_and_a_rejection_restores_the_status() {
    let repo = owners_repo();
    let root = repo.path();
    let run = actionplan(
        &[
            "update",
            "harrow-r2",
            "--status",
            "completed",
            "--note",
            "Done.",
        ],
        root,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let submitted = read(root, "records/harrow/harrow-r2.md");
    let run = actionplan(
        &[
            "assess",
            "harrow-r2",
            "--by",
            "J Smith",
            "--reject",
            "--reason",
            "No evidence: send the minutes",
        ],
        root,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "assessed records/harrow/harrow-r2.md: the update of 2007-01-16 (`completed`) is rejected; its status is `in-progress` again\n"
    );
    let rejected = read(root, "records/harrow/harrow-r2.md");
    assert_eq!(
        rejected,
        submitted
            .replace("status: completed\n#", "status: in-progress\n#")
            .replace("note: Done.\n", "note: Done.\n    rejected: \"No evidence: send the minutes\"\n    assessed: 2007-01-16\n    assessed_by: J Smith\n")
    );
    assert_eq!(actionplan(&["check"], root).code, 0);
    // The rejected update stays in the history, marked, and counts for
    // nothing: the newest updates of harrow-r1 and harrow-r3 are assured;
    // those of harrow-r2 (its December update again), r4 and r5 are not.
    let build = actionplan(&["build", "--out", "site"], root);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let page = read(root, "site/afis/harrow-r2.html");
    assert!(page.contains("<del>Completed</del>"), "{page}");
    assert!(page.contains("Rejected by J Smith on 16 January 2007: No evidence: send the minutes; this update does not count."), "{page}");
    assert!(
        page.contains("<p class=\"note\">Awaiting quality assessment.</p>"),
        "{page}"
    );
    let status = actionplan(&["status"], root);
    let lines: Vec<String> = status
        .stdout
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert!(
        lines.contains(&"Latest update assessed 2".to_owned()),
        "{}",
        status.stdout
    );
    assert!(
        lines.contains(&"Awaiting assessment 3".to_owned()),
        "{}",
        status.stdout
    );
    let again = actionplan(&["assess", "harrow-r2", "--by", "J Smith"], root);
    assert_eq!(again.code, 1);
    assert_eq!(
        again.stderr,
        "error: the newest update of `harrow-r2` has already been assessed; nothing was written\n"
    );
    let run = actionplan(
        &[
            "update",
            "harrow-r2",
            "--status",
            "completed",
            "--note",
            "Done; minutes attached.",
            "--evidence",
            "records/harrow/harrow.md",
        ],
        root,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = actionplan(&["assess", "harrow-r2", "--by", "J Smith"], root);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(read(root, "records/harrow/harrow-r2.md").ends_with("    evidence:\n      - records/harrow/harrow.md\n    assured: true\n    assessed: 2007-01-16\n    assessed_by: J Smith\n---\n## Recommendation\n\nThat the BOCU reviews its performance management system.\n"));
    assert_eq!(actionplan(&["check"], root).code, 0);
}

#[test]
fn quiet_editing_commands_say_nothing_but_what_needs_attention() {
    let repo = owners_repo();
    let root = repo.path();
    let update = [
        "update",
        "harrow-r2",
        "--status",
        "in-progress",
        "--note",
        "Terms of reference agreed.",
    ];
    let loud = actionplan(&update, root);
    assert_eq!(loud.code, 0, "{}", loud.stderr);
    assert_eq!(
        loud.stderr,
        "updated records/harrow/harrow-r2.md: still in-progress, 2007-01-16\n"
    );
    let quiet = actionplan(&[&["--quiet"][..], &update[..]].concat(), root);
    assert_eq!(quiet.code, 0, "{}", quiet.stderr);
    assert_eq!(quiet.stderr, "");
    let assess = actionplan(&["--quiet", "assess", "harrow-r2", "--by", "J Smith"], root);
    assert_eq!(assess.code, 0, "{}", assess.stderr);
    assert_eq!(assess.stderr, "");
    // The AFI nobody was asked about still needs the keeper's attention.
    let requests = actionplan(&["--quiet", "requests", "--out", "out"], root);
    assert_eq!(requests.code, 0, "{}", requests.stderr);
    assert_eq!(
        requests.stderr,
        "note: 1 open AFI has no owner and no request: harrow-r5\n"
    );
    assert!(root.join("out/harrow-bocu").is_dir());
}
