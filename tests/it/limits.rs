//! Inputs that must be refused or skipped without harm.

use std::fs;

use crate::actionplan;

const INSPECTION: &str = "---\ntype: inspection\nid: harrow\ntitle: Harrow\nbody: HMIC\nsubject: Harrow BOCU\nstatus: published\n---\n";

#[test]
fn a_huge_file_is_refused_unread() {
    let dir = tempfile::tempdir().expect("temp dir");
    let records = dir.path().join("records");
    fs::create_dir(&records).expect("records");
    fs::write(records.join("harrow.md"), INSPECTION).expect("write");
    let huge = fs::File::create(records.join("export.md")).expect("create");
    huge.set_len(50 * 1024 * 1024).expect("50 MB");
    let run = actionplan(&["check", "--as-at", "2020-01-01"], dir.path());
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "error[E002]: file is too large to be a record (51200 KB; the limit is 1024 KB)"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("records/export.md"), "{}", run.stderr);
}

#[cfg(unix)]
#[test]
fn symbolic_links_are_not_followed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let outside = tempfile::tempdir().expect("outside");
    fs::write(outside.path().join("secret.md"), "---\ntype: afi\n---\n").expect("write");
    let records = dir.path().join("records");
    fs::create_dir(&records).expect("records");
    fs::write(records.join("harrow.md"), INSPECTION).expect("write");
    std::os::unix::fs::symlink(outside.path().join("secret.md"), records.join("secret.md"))
        .expect("link");
    std::os::unix::fs::symlink(outside.path(), records.join("elsewhere")).expect("link");
    // A loop must not hang the walk.
    std::os::unix::fs::symlink(&records, records.join("loop")).expect("link");
    let run = actionplan(&["check", "--as-at", "2020-01-01"], dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("warning[W002]: symbolic link not followed"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .ends_with("checked 1 inspection and 0 AFIs in 1 file: 0 errors, 1 warning\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn crlf_and_bom_records_check_clean() {
    let dir = tempfile::tempdir().expect("temp dir");
    let records = dir.path().join("records");
    fs::create_dir(&records).expect("records");
    let text = format!("\u{feff}{}", INSPECTION.replace('\n', "\r\n"));
    fs::write(records.join("harrow.md"), text).expect("write");
    let run = actionplan(&["check", "--as-at", "2020-01-01"], dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn the_size_limit_is_configurable() {
    let dir = tempfile::tempdir().expect("temp dir");
    let records = dir.path().join("records");
    fs::create_dir(&records).expect("records");
    fs::write(dir.path().join("actionplan.toml"), "max_record_kb = 1\n").expect("config");
    let long = format!(
        "{INSPECTION}{}\n",
        "A long account of the inspection. ".repeat(60)
    );
    fs::write(records.join("harrow.md"), long).expect("write");
    let run = actionplan(&["check", "--as-at", "2020-01-01"], dir.path());
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("file is too large to be a record (2 KB; the limit is 1 KB)"),
        "{}",
        run.stderr
    );
    fs::write(dir.path().join("actionplan.toml"), "max_record_kb = 4\n").expect("config");
    assert_eq!(
        actionplan(&["check", "--as-at", "2020-01-01"], dir.path()).code,
        0
    );
}
