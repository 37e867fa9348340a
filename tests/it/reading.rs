//! What actionplan reads: only regular files inside the repository, reached
//! without leaving it, and never too large. A link out of the repository, a
//! named pipe or a device in place of a record, a template or the
//! configuration is a located error, and nothing of it reaches the output
//! or the terminal.

#![cfg(unix)]

use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::Command;

use crate::{actionplan, actionplan_within, copy_dir, repo_root};

/// A copy of the small fixture repository, which builds cleanly.
fn small_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&repo_root().join("tests/fixtures/build/small"), dir.path());
    dir
}

fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
}

/// Build `root` into `root/site`, within a time limit.
fn build_within(root: &Path) -> crate::Run {
    actionplan_within(&["build"], root, 30)
}

#[test]
fn a_style_sheet_linked_to_the_environment_is_refused_and_never_published() {
    let repo = small_repo();
    let root = repo.path();
    fs::create_dir_all(root.join("templates")).expect("templates");
    symlink("/proc/self/environ", root.join("templates/style.css")).expect("link");
    let run = build_within(root);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "`templates/style.css` could not be read: `templates/style.css` is a symbolic link"
        ),
        "{}",
        run.stderr
    );
    assert!(!root.join("site").exists(), "no site is written");
    // The environment (PATH is in every one) is nowhere in what was printed.
    let path = std::env::var("PATH").expect("PATH");
    assert!(!run.stderr.contains(&path));
}

#[test]
fn a_template_linked_outside_the_repository_is_refused() {
    let repo = small_repo();
    let root = repo.path();
    let outside = tempfile::tempdir().expect("outside");
    fs::write(outside.path().join("afi.html"), "OUTSIDE-TEMPLATE").expect("write");
    fs::create_dir_all(root.join("templates")).expect("templates");
    symlink(
        outside.path().join("afi.html"),
        root.join("templates/afi.html"),
    )
    .expect("link");
    let run = build_within(root);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "`templates/afi.html` could not be read: `templates/afi.html` is a symbolic link"
        ),
        "{}",
        run.stderr
    );
    assert!(!root.join("site").exists());
}

#[test]
fn a_linked_templates_folder_is_refused() {
    let repo = small_repo();
    let root = repo.path();
    let outside = tempfile::tempdir().expect("outside");
    fs::write(outside.path().join("style.css"), "OUTSIDE").expect("write");
    symlink(outside.path(), root.join("templates")).expect("link");
    let run = build_within(root);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("`templates/style.css` could not be read: `templates` is a symbolic link"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_configuration_linked_outside_is_refused_without_showing_it() {
    let repo = small_repo();
    let root = repo.path();
    let outside = tempfile::tempdir().expect("outside");
    // Not TOML: were it read, the parse error would quote it.
    fs::write(outside.path().join("secret"), "TOKEN=SECRET-VALUE-1234\n").expect("write");
    fs::remove_file(root.join("actionplan.toml")).expect("remove");
    symlink(outside.path().join("secret"), root.join("actionplan.toml")).expect("link");
    let run = actionplan_within(&["check"], root, 30);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "error[E030]: the configuration could not be read: `actionplan.toml` is a symbolic link"
        ),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("SECRET"), "{}", run.stderr);
}

#[test]
fn an_update_form_linked_outside_or_a_pipe_is_not_read() {
    let repo = small_repo();
    let root = repo.path();
    let outside = tempfile::tempdir().expect("outside");
    fs::write(
        outside.path().join("form.yml"),
        "body:\n  - id: status\n    attributes:\n      options: [SECRET-VALUE-1234]\n",
    )
    .expect("write");
    let form = root.join(".github/ISSUE_TEMPLATE/afi-update.yml");
    fs::create_dir_all(form.parent().expect("folder")).expect("mkdir");
    symlink(outside.path().join("form.yml"), &form).expect("link");
    let run = actionplan_within(&["check"], root, 30);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("warning[W052]: the update form's statuses are not checked: it is not read (`.github/ISSUE_TEMPLATE/afi-update.yml` is a symbolic link"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("SECRET"), "{}", run.stderr);
    // A pipe in its place is refused at once, never waited on.
    fs::remove_file(&form).expect("remove");
    mkfifo(&form);
    let run = actionplan_within(&["check"], root, 30);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("warning[W052]: the update form's statuses are not checked"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_configuration_is_never_quoted_in_an_error() {
    let repo = small_repo();
    let root = repo.path();
    fs::write(root.join("actionplan.toml"), "TOKEN=SECRET-VALUE-1234\n").expect("write");
    let run = actionplan(&["check"], root);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("--> actionplan.toml:1:7"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("SECRET"), "{}", run.stderr);
}

#[test]
fn a_linked_records_folder_is_not_walked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let outside = tempfile::tempdir().expect("outside");
    // A record with an error: were it read, the error would name it.
    fs::write(
        outside.path().join("outside.md"),
        "---\ntype: afi\nid: outside\n---\n",
    )
    .expect("write");
    symlink(outside.path(), dir.path().join("records")).expect("link");
    let run = actionplan_within(&["check", "--as-at", "2020-01-01"], dir.path(), 30);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("error[E001]: could not be read: `records` is a symbolic link"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("outside.md"), "{}", run.stderr);
}

#[test]
fn a_named_pipe_as_a_template_or_the_configuration_does_not_hang() {
    let repo = small_repo();
    let root = repo.path();
    fs::create_dir_all(root.join("templates")).expect("templates");
    mkfifo(&root.join("templates/afi.html"));
    let run = build_within(root);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "`templates/afi.html` could not be read: it is a named pipe, not a regular file"
        ),
        "{}",
        run.stderr
    );
    fs::remove_file(root.join("actionplan.toml")).expect("remove");
    mkfifo(&root.join("actionplan.toml"));
    let run = actionplan_within(&["check"], root, 30);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "the configuration could not be read: it is a named pipe, not a regular file"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_named_pipe_among_the_records_is_an_error_not_a_hang() {
    let repo = small_repo();
    let root = repo.path();
    mkfifo(&root.join("records/pipe.md"));
    let run = actionplan_within(&["check"], root, 30);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("error[E001]: could not be read: it is a named pipe, not a regular file\n--> records/pipe.md"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_style_sheet_linked_to_an_endless_device_is_refused_at_once() {
    let repo = small_repo();
    let root = repo.path();
    fs::create_dir_all(root.join("templates")).expect("templates");
    symlink("/dev/zero", root.join("templates/style.css")).expect("link");
    let run = build_within(root);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("`templates/style.css` could not be read")
    );
}

#[test]
fn a_template_larger_than_the_limit_is_refused() {
    let repo = small_repo();
    let root = repo.path();
    fs::create_dir_all(root.join("templates")).expect("templates");
    let config = fs::read_to_string(root.join("actionplan.toml")).expect("config");
    fs::write(
        root.join("actionplan.toml"),
        format!("{config}max_record_kb = 4\n"),
    )
    .expect("config");
    fs::write(root.join("templates/style.css"), "p {}\n".repeat(2000)).expect("write");
    let run = build_within(root);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "`templates/style.css` could not be read: it is too large (9 KB; the limit is 4 KB)"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn new_never_writes_through_a_linked_folder() {
    let repo = small_repo();
    let root = repo.path();
    let outside = tempfile::tempdir().expect("outside");
    symlink(outside.path(), root.join("records/papers")).expect("link");
    let run = actionplan(&["new", "paper", "--title", "Progress report"], root);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("`records/papers` is a symbolic link, and actionplan never follows one"),
        "{}",
        run.stderr
    );
    assert_eq!(fs::read_dir(outside.path()).expect("read").count(), 0);
}

#[test]
fn new_refuses_the_id_index_up_front() {
    let repo = small_repo();
    let root = repo.path();
    let run = actionplan(
        &[
            "new",
            "inspection",
            "--id",
            "index",
            "--title",
            "Index",
            "--body",
            "HMIC",
            "--subject",
            "Harrow",
        ],
        root,
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("`index` is not a valid id: `index` names the site's list pages"),
        "{}",
        run.stderr
    );
    assert!(!root.join("records/index").exists());
}
