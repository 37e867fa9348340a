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

/// An AFI of the small fixture with `body` as its text.
fn afi_with_body(id: &str, body: &str) -> String {
    format!(
        "---\ntype: afi\nid: {id}\ninspection: harrow\ntitle: A table\nraised: 2004-01-01\nstatus: in-progress\n---\n{body}"
    )
}

/// A table as in the report: a header of `columns` cells over `rows` rows
/// of one cell, which the Markdown parser pads to the header's width.
fn wide_table(columns: usize, rows: usize) -> String {
    format!(
        "|{}\n|{}\n{}\n",
        " h |".repeat(columns),
        "---|".repeat(columns),
        "| x |\n".repeat(rows)
    )
}

#[test]
fn a_record_of_wide_tables_is_refused_before_it_makes_a_huge_page() {
    let dir = tempfile::tempdir().expect("temp dir");
    crate::copy_dir(
        &crate::repo_root().join("tests/fixtures/build/small"),
        dir.path(),
    );
    // 84 KB: as the report found, a 67 MB page once rendered.
    let body = wide_table(362, 724).repeat(12);
    assert!(body.len() < 90 * 1024);
    fs::write(
        dir.path().join("records/harrow/harrow-r9.md"),
        afi_with_body("harrow-r9", &format!("Intro.\n\n{body}")),
    )
    .expect("write");
    let run = actionplan(&["check"], dir.path());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "error[E006]: the tables in this record make at least 262812 cells, more than its 86948 characters: every row is as wide as its table's first row\n  --> records/harrow/harrow-r9.md:11:1"
        ),
        "{}",
        run.stderr
    );
    let run = crate::actionplan_within(&["build"], dir.path(), 60);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!dir.path().join("site").exists());
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .expect("read")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".site"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_record_within_the_limits_makes_a_page_a_small_multiple_of_its_size() {
    let dir = tempfile::tempdir().expect("temp dir");
    crate::copy_dir(
        &crate::repo_root().join("tests/fixtures/build/small"),
        dir.path(),
    );
    // As many cells as the limit allows, each as short as can be: the
    // worst case, 1,040 cells from 1,100 bytes.
    let body = format!(
        "|{}\n|{}\n{}",
        " h |".repeat(20),
        "-|".repeat(20),
        format!("{}\n", "|".repeat(21)).repeat(50)
    );
    let record = afi_with_body("harrow-r9", &body);
    fs::write(dir.path().join("records/harrow/harrow-r9.md"), &record).expect("write");
    let run = actionplan(&["build"], dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = fs::metadata(dir.path().join("site/afis/harrow-r9.html"))
        .expect("page")
        .len();
    let empty = fs::metadata(dir.path().join("site/afis/harrow-r1.html"))
        .expect("page")
        .len();
    let record_size = record.len() as u64;
    assert!(
        page < empty + 12 * record_size,
        "a {record_size}-byte record made a {page}-byte page"
    );
}

#[test]
fn a_template_that_loops_on_and_on_is_stopped_and_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    fs::create_dir_all(root.join("records")).expect("records");
    fs::write(root.join("records/harrow.md"), INSPECTION).expect("write");
    fs::create_dir(root.join("templates")).expect("templates");
    let line = "x".repeat(1000);
    fs::write(
        root.join("templates/index.html"),
        format!(
            "{{% for i in range(end=100000) %}}{{% for j in range(end=100000) %}}{line}{{% endfor %}}{{% endfor %}}"
        ),
    )
    .expect("write");
    let run = crate::actionplan_within(&["build", "--as-at", "2020-01-01"], root, 120);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "the template `templates/index.html` failed while rendering `index.html`:\nthe page passed 64 MB, the most a page may be"
        ),
        "{}",
        run.stderr
    );
    assert!(!root.join("site/index.html").exists());
}

/// `text` as a YAML block scalar indented by `by` spaces.
fn block_scalar(text: &str, by: usize) -> String {
    let pad = " ".repeat(by);
    text.lines().map(|l| format!("{pad}{l}\n")).collect()
}

#[test]
fn wide_tables_in_an_update_note_or_an_appendix_text_are_refused_as_in_a_body() {
    let dir = tempfile::tempdir().expect("temp dir");
    crate::copy_dir(
        &crate::repo_root().join("tests/fixtures/build/small"),
        dir.path(),
    );
    let table = wide_table(362, 724);
    fs::write(
        dir.path().join("records/harrow/harrow-r9.md"),
        format!(
            "---\ntype: afi\nid: harrow-r9\ninspection: harrow\ntitle: A note\nraised: 2004-01-01\nstatus: in-progress\nupdates:\n  - date: 2004-02-01\n    status: in-progress\n    note: |\n{}---\nBody.\n",
            block_scalar(&table, 6)
        ),
    )
    .expect("write");
    fs::create_dir_all(dir.path().join("records/papers")).expect("dir");
    fs::write(
        dir.path().join("records/papers/p.md"),
        format!(
            "---\ntype: paper\nid: p\ntitle: A paper\ncommittee: Committee\nmeeting: 2007-01-16\nreport: \"1\"\nby: Someone\nas_at: 2007-01-16\ncovers: {{ all: true }}\nappendices:\n  - title: Tables\n    kind: text\n    text: |\n{}---\n## Summary\n\nText.\n",
            block_scalar(&table, 6)
        ),
    )
    .expect("write");
    let run = actionplan(&["check"], dir.path());
    assert_eq!(run.code, 1, "{}", run.stderr);
    // The text is the table's two lines of 1,450 characters and 724 rows
    // of 6, without the blank line after it.
    for at in [
        "records/harrow/harrow-r9.md:12:7",
        "records/papers/p.md:15:7",
    ] {
        assert!(
            run.stderr.contains(&format!(
                "error[E006]: the tables in this text make at least 262812 cells, more than its 7244 characters: every row is as wide as its table's first row\n  --> {at}"
            )),
            "{at}: {}",
            run.stderr
        );
    }
}

/// Many folders of records are read with few files open at once: a
/// repository is not limited by how many files a process may open.
#[cfg(unix)]
#[test]
fn a_repository_of_more_folders_than_open_files_allowed_is_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    for n in 0..300 {
        let folder = dir.path().join(format!("records/unit-{n:03}"));
        fs::create_dir_all(&folder).expect("folder");
        let record = INSPECTION.replace("id: harrow", &format!("id: unit-{n:03}"));
        fs::write(folder.join(format!("unit-{n:03}.md")), record).expect("write");
    }
    let binary = env!("CARGO_BIN_EXE_actionplan");
    let output = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -n 64 && exec '{binary}' check --as-at 2020-01-01"
        ))
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .output()
        .expect("sh runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("300 inspections"), "{stderr}");
}
