//! The owner loop through the binary: `requests` writes the packs, an owner
//! fills in the workbook, `import` reads it back into the records, and
//! every bad return is refused, located, with the records unchanged.

use std::fs;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader as _};

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use crate::actionplan;
use crate::update::{owners_repo, records_of};

/// Run `requests` on `root` into `root/out`, and give the Harrow workbook.
fn harrow_workbook(root: &Path) -> PathBuf {
    let run = actionplan(&["requests", "--out", "out"], root);
    assert_eq!(run.code, 0, "{}", run.stderr);
    root.join("out/harrow-bocu/harrow-bocu-updates-2007-01-16.xlsx")
}

/// What an owner types into a cell.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Typed {
    Empty,
    Text(String),
    Date(u16, u8, u8),
    Number(f64),
    Formula(&'static str),
}

fn text(t: &str) -> Typed {
    Typed::Text(t.to_owned())
}

/// A workbook as rows of cells, sheet by sheet.
pub(crate) struct Book {
    pub(crate) sheets: Vec<(String, Vec<Vec<Typed>>)>,
    /// Merged ranges: sheet, first row, first column, last row, last column.
    pub(crate) merged: Vec<(String, u32, u16, u32, u16)>,
}

impl Book {
    /// Every sheet of the workbook at `path`, read with calamine.
    pub(crate) fn read(path: &Path) -> Book {
        let mut book: calamine::Xlsx<_> = calamine::open_workbook(path).expect("opens");
        let sheets = book
            .sheet_names()
            .into_iter()
            .map(|name| {
                let range = book.worksheet_range(&name).expect("sheet");
                let rows = range
                    .rows()
                    .map(|r| {
                        r.iter()
                            .map(|c| match c {
                                Data::String(s) => Typed::Text(s.clone()),
                                Data::Empty => Typed::Empty,
                                other => Typed::Text(other.to_string()),
                            })
                            .collect()
                    })
                    .collect();
                (name, rows)
            })
            .collect();
        Book {
            sheets,
            merged: Vec::new(),
        }
    }

    fn updates(&mut self) -> &mut Vec<Vec<Typed>> {
        &mut self
            .sheets
            .iter_mut()
            .find(|(n, _)| n == "Updates")
            .expect("Updates")
            .1
    }

    /// The column under `heading` in the `Updates` sheet.
    fn column(&mut self, heading: &str) -> usize {
        let rows = self.updates();
        rows[4]
            .iter()
            .position(|h| *h == text(heading))
            .expect("heading")
    }

    /// Type `value` into the row of `id`, under `heading`.
    pub(crate) fn set(&mut self, id: &str, heading: &str, value: Typed) -> &mut Book {
        let column = self.column(heading);
        let rows = self.updates();
        let row = rows
            .iter_mut()
            .find(|r| r.first() == Some(&text(id)))
            .expect("row");
        if row.len() <= column {
            row.resize(column + 1, Typed::Empty);
        }
        row[column] = value;
        self
    }

    /// The workbook as an owner's spreadsheet saves it, written with
    /// rust_xlsxwriter.
    pub(crate) fn write(&self, to: &Path) {
        let mut out = Workbook::new();
        let date = Format::new().set_num_format("yyyy-mm-dd");
        for (name, rows) in &self.sheets {
            let sheet = out.add_worksheet();
            sheet.set_name(name).expect("name");
            for (r, row) in rows.iter().enumerate() {
                let r = u32::try_from(r).expect("row");
                for (c, cell) in row.iter().enumerate() {
                    let c = u16::try_from(c).expect("col");
                    match cell {
                        Typed::Empty => Ok(()),
                        Typed::Text(t) => sheet.write_string(r, c, t).map(|_| ()),
                        Typed::Number(n) => sheet.write_number(r, c, *n).map(|_| ()),
                        Typed::Formula(f) => sheet.write_formula(r, c, *f).map(|_| ()),
                        Typed::Date(y, m, d) => sheet
                            .write_datetime_with_format(
                                r,
                                c,
                                ExcelDateTime::from_ymd(*y, *m, *d).expect("date"),
                                &date,
                            )
                            .map(|_| ()),
                    }
                    .expect("write");
                }
            }
            for (_, r1, c1, r2, c2) in self.merged.iter().filter(|m| m.0 == *name) {
                sheet
                    .merge_range(*r1, *c1, *r2, *c2, "", &Format::new())
                    .expect("merge");
            }
        }
        out.save(to).expect("save");
    }
}

/// The workbook at `from` as an owner saves it after typing `fills` (AFI
/// id, column heading, value) into the `Updates` sheet.
pub(crate) fn fill(from: &Path, to: &Path, fills: &[(&str, &str, Typed)]) {
    let mut book = Book::read(from);
    for (id, heading, value) in fills {
        book.set(id, heading, value.clone());
    }
    book.write(to);
}

fn read(root: &Path, path: &str) -> String {
    fs::read_to_string(root.join(path)).expect("read")
}

#[test]
fn requests_write_a_letter_a_workbook_and_a_reminder_per_owner() {
    let repo = owners_repo();
    let root = repo.path();
    let run = actionplan(&["requests", "--out", "out"], root);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "wrote requests to 2 owners about 3 open AFIs into out; replies are due by 30 January 2007\nnote: 1 open AFI has no owner and no request: harrow-r5\n"
    );
    let mut files: Vec<String> = walkdir::WalkDir::new(root.join("out"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(root.join("out"))
                .expect("inside")
                .display()
                .to_string()
        })
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "harrow-bocu/harrow-bocu-updates-2007-01-16.xlsx",
            "harrow-bocu/letter.html",
            "harrow-bocu/letter.md",
            "harrow-bocu/reminder.md",
            "harrow-bocu/reminder.txt",
            "index.md",
            "newham-bocu/letter.html",
            "newham-bocu/letter.md",
            "newham-bocu/newham-bocu-updates-2007-01-16.xlsx",
            "newham-bocu/reminder.md",
            "newham-bocu/reminder.txt",
        ]
    );
    insta::assert_snapshot!("letter_md", read(root, "out/harrow-bocu/letter.md"));
    insta::assert_snapshot!("letter_html", read(root, "out/harrow-bocu/letter.html"));
    insta::assert_snapshot!("reminder_txt", read(root, "out/harrow-bocu/reminder.txt"));
    insta::assert_snapshot!("reminder_md", read(root, "out/newham-bocu/reminder.md"));
    insta::assert_snapshot!("index_md", read(root, "out/index.md"));
    // The same records and date give the same bytes.
    let first =
        fs::read(root.join("out/harrow-bocu/harrow-bocu-updates-2007-01-16.xlsx")).expect("read");
    let again = actionplan(&["requests", "--out", "again"], root);
    assert_eq!(again.code, 0);
    let second =
        fs::read(root.join("again/harrow-bocu/harrow-bocu-updates-2007-01-16.xlsx")).expect("read");
    assert!(first == second, "the workbook differs between two runs");
}

#[test]
fn the_workbook_locks_the_context_and_offers_the_statuses() {
    let repo = owners_repo();
    let root = repo.path();
    let path = harrow_workbook(root);
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&path).expect("opens");
    assert_eq!(book.sheet_names(), ["Updates", "About"]);
    let range = book.worksheet_range("Updates").expect("sheet");
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows[4][0], "AFI id");
    assert_eq!(rows[4][10], "New status");
    assert_eq!(rows[4][15], "Fingerprint");
    assert_eq!(rows[5][0], "harrow-r1", "the overdue one first");
    assert_eq!(rows[5][5], "overdue: 16 days past its target");
    assert_eq!(rows[6][0], "harrow-r2");
    assert_eq!(rows[5][15].len(), 16);
    // The sheet XML: protected, the fingerprint column hidden, a list of
    // the vocabulary's labels on the new-status column.
    let zip = fs::File::open(&path).expect("open");
    let mut archive = zip::ZipArchive::new(zip).expect("zip");
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("xl/worksheets/sheet1.xml").expect("sheet1"),
        &mut xml,
    )
    .expect("read");
    assert!(xml.contains("<sheetProtection"), "protected");
    assert!(xml.contains("hidden=\"1\""), "a hidden column");
    assert!(xml.contains("<formula1>\"Not started,Work in progress,Update awaited,Completed,No further action required,No current plan,Not agreed\"</formula1>"), "{xml}");
    assert!(
        xml.contains("sqref=\"K6:K7\""),
        "the drop-down covers the two rows"
    );
}

#[test]
fn a_filled_workbook_round_trips_into_the_records_and_the_site() {
    let repo = owners_repo();
    let root = repo.path();
    let issued = harrow_workbook(root);
    let filled = root.join("harrow-filled.xlsx");
    fill(
        &issued,
        &filled,
        &[
            ("harrow-r1", "New status", text("Completed")),
            (
                "harrow-r1",
                "Progress note",
                text("Protocol signed by all partners: \"Safer Harrow\" agreed it."),
            ),
            (
                "harrow-r1",
                "Evidence",
                text("https://example.org/protocol\nSafer Harrow minutes, 9 January 2007"),
            ),
            ("harrow-r2", "New status", text("Work in progress")),
            ("harrow-r2", "Progress note", text("Review under way.")),
            ("harrow-r2", "Revised target", Typed::Date(2007, 6, 30)),
            (
                "harrow-r2",
                "Reason for revised target",
                text("Waiting for the new performance framework"),
            ),
        ],
    );
    let filled_arg = filled.display().to_string();
    let before = records_of(root);
    let dry = actionplan(&["import", "--dry-run", &filled_arg], root);
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    let place = |row: u32| format!("{filled_arg}, sheet `Updates`, row {row}");
    assert_eq!(
        dry.stdout,
        format!(
            "would apply harrow-r1: in-progress → completed ({})\nwould apply harrow-r2: still in-progress ({})\n2 rows in 1 file: 2 would be applied, 0 skipped, 0 refused; dry run, nothing was written\n",
            place(6),
            place(7)
        )
    );
    assert_eq!(records_of(root), before, "a dry run writes nothing");
    let run = actionplan(&["import", &filled_arg], root);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        dry.stdout
            .replace("would apply", "applied")
            .replace("2 would be applied", "2 applied")
            .replace("; dry run, nothing was written", "")
    );
    assert!(read(root, "records/harrow/harrow-r1.md").contains(
        "\nstatus: completed\nupdates:\n  - date: 2006-11-30\n    status: in-progress\n    note: Partnership documents still to be clarified.\n    assured: true\n  - date: 2007-01-16\n    status: completed\n    note: \"Protocol signed by all partners: \\\"Safer Harrow\\\" agreed it.\"\n    evidence:\n      - https://example.org/protocol\n      - Safer Harrow minutes, 9 January 2007\n    by: Harrow BOCU\n---\n"
    ));
    assert!(read(root, "records/harrow/harrow-r2.md").contains(
        "  - date: 2007-01-16\n    status: in-progress\n    note: Review under way.\n    due: 2007-06-30\n    reason: Waiting for the new performance framework\n    by: Harrow BOCU\n---\n"
    ));
    let check = actionplan(&["check"], root);
    assert_eq!(check.code, 0, "{}", check.stderr);
    let build = actionplan(&["build", "--out", "site"], root);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let page = read(root, "site/afis/harrow-r1.html");
    assert!(page.contains("<a href=\"https://github.com/example-org/action-plans/issues/new?template=afi-update.yml&amp;afi=harrow-r1&amp;title=Update%3A%20harrow-r1\">Send an update</a>"), "{page}");
    assert!(
        page.contains("Protocol signed by all partners: &quot;Safer Harrow&quot; agreed it."),
        "{page}"
    );
    // The same file again changes nothing.
    let after = records_of(root);
    let again = actionplan(&["import", &filled_arg], root);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(
        again.stdout,
        format!(
            "skipped harrow-r1: already imported ({})\nskipped harrow-r2: already imported ({})\n2 rows in 1 file: 0 applied, 2 skipped, 0 refused\n",
            place(6),
            place(7)
        )
    );
    assert_eq!(records_of(root), after);
}

#[test]
fn a_record_edited_after_its_request_is_refused_unless_forced() {
    let repo = owners_repo();
    let root = repo.path();
    let issued = harrow_workbook(root);
    let filled = root.join("harrow-filled.xlsx");
    fill(
        &issued,
        &filled,
        &[
            ("harrow-r1", "New status", text("Work in progress")),
            (
                "harrow-r1",
                "Progress note",
                text("Partners met on 10 January."),
            ),
            ("harrow-r2", "New status", text("Work in progress")),
            ("harrow-r2", "Progress note", text("Review under way.")),
        ],
    );
    let path = root.join("records/harrow/harrow-r2.md");
    let edited = read(root, "records/harrow/harrow-r2.md")
        .replace("title: Review the", "title: Review and refine the");
    fs::write(&path, &edited).expect("write");
    let filled_arg = filled.display().to_string();
    let run = actionplan(&["import", &filled_arg], root);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        format!(
            "applied harrow-r1: still in-progress ({filled_arg}, sheet `Updates`, row 6)\nrefused harrow-r2: its record has changed since the request was issued ({filled_arg}, sheet `Updates`, row 7); check the record, then import again with --force to apply it\n2 rows in 1 file: 1 applied, 0 skipped, 1 refused\n"
        )
    );
    assert_eq!(read(root, "records/harrow/harrow-r2.md"), edited);
    let forced = actionplan(&["import", "--force", &filled_arg], root);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert!(
        forced
            .stdout
            .starts_with("skipped harrow-r1: already imported"),
        "{}",
        forced.stdout
    );
    assert!(
        read(root, "records/harrow/harrow-r2.md")
            .contains("note: Review under way.\n    by: Harrow BOCU\n")
    );
}

#[test]
fn the_csv_return_round_trips_too() {
    let repo = owners_repo();
    let root = repo.path();
    let run = actionplan(
        &[
            "requests",
            "--csv",
            "--owner",
            "Newham BOCU",
            "--out",
            "out",
        ],
        root,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let path = root.join("out/newham-bocu/newham-bocu-updates-2007-01-16.csv");
    let text = read(root, "out/newham-bocu/newham-bocu-updates-2007-01-16.csv");
    assert!(text.starts_with("\u{feff}\"AFI id\",\"Owner\","), "{text}");
    // An owner fills in the new status and the note, as a spreadsheet saves it.
    let filled = text.replace(
        "no reply yet.\",\"\",\"\"",
        "no reply yet.\",\"Work in progress\",\"Counter staff retrained, 12 January; queue times monitored\"",
    );
    assert_ne!(filled, text);
    fs::write(&path, filled).expect("write");
    let run = actionplan(&["import", &path.display().to_string()], root);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("applied harrow-r4: update-awaited → in-progress"),
        "{}",
        run.stdout
    );
    assert!(read(root, "records/harrow/harrow-r4.md").contains("    note: Counter staff retrained, 12 January; queue times monitored\n    by: Newham BOCU\n"));
    assert_eq!(actionplan(&["check"], root).code, 0);
}

#[test]
fn the_issue_form_asks_what_the_workflow_reads_and_offers_the_statuses() {
    let root = crate::repo_root();
    let form =
        fs::read_to_string(root.join(".github/ISSUE_TEMPLATE/afi-update.yml")).expect("form");
    let workflow =
        fs::read_to_string(root.join(".github/workflows/afi-update.yml")).expect("workflow");
    let form: serde_json::Value = serde_saphyr::from_str(&form).expect("the form is YAML");
    let fields: Vec<&serde_json::Value> = form["body"]
        .as_array()
        .expect("a body")
        .iter()
        .filter(|f| f["type"] != "markdown")
        .collect();
    let pairs: Vec<(String, String)> = fields
        .iter()
        .map(|f| {
            (
                f["attributes"]["label"].as_str().expect("label").to_owned(),
                f["id"].as_str().expect("id").to_owned(),
            )
        })
        .collect();
    assert_eq!(
        pairs.iter().map(|(_, id)| id.as_str()).collect::<Vec<_>>(),
        ["afi", "status", "note", "due", "reason", "evidence"]
    );
    for (label, id) in &pairs {
        assert!(
            workflow.contains(&format!("\"{label}\": \"{id}\"")),
            "the workflow does not read `{label}`"
        );
    }
    assert_eq!(form["labels"][0], "afi-update");
    assert!(workflow.contains("contains(github.event.issue.labels.*.name, 'afi-update')"));
    // The drop-down offers the statuses the workbook offers.
    let repo = owners_repo();
    let path = harrow_workbook(repo.path());
    let mut archive = zip::ZipArchive::new(fs::File::open(&path).expect("open")).expect("zip");
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("xl/worksheets/sheet1.xml").expect("sheet1"),
        &mut xml,
    )
    .expect("read");
    let list = xml
        .split("<formula1>\"")
        .nth(1)
        .and_then(|r| r.split("\"</formula1>").next())
        .expect("a list");
    let options: Vec<&str> = fields[1]["attributes"]["options"]
        .as_array()
        .expect("options")
        .iter()
        .map(|o| o.as_str().expect("text"))
        .collect();
    assert_eq!(options.join(","), list);
}

#[test]
fn the_loop_runs_on_the_real_records() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    crate::copy_dir(&crate::repo_root().join("records"), &root.join("records"));
    fs::copy(
        crate::repo_root().join("actionplan.toml"),
        root.join("actionplan.toml"),
    )
    .expect("config");
    let run = actionplan(&["requests", "--out", "out"], root);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let owner = "performance-directorate-and-tp-command-team";
    for file in ["letter.md", "letter.html", "reminder.md", "reminder.txt"] {
        assert!(root.join("out").join(owner).join(file).is_file(), "{file}");
    }
    let issued = root.join(format!("out/{owner}/{owner}-updates-2007-01-16.xlsx"));
    let filled = root.join("filled.xlsx");
    fill(
        &issued,
        &filled,
        &[
            (
                "hmic-baseline-2005-06-vci-01",
                "New status",
                text("Completed"),
            ),
            (
                "hmic-baseline-2005-06-vci-01",
                "Progress note",
                text("Sanctioned detection rate of 21%, above the target of 20%."),
            ),
            (
                "hmic-baseline-2005-06-vci-01",
                "Evidence",
                text("Performance Board report, January 2007"),
            ),
        ],
    );
    let run = actionplan(&["import", &filled.display().to_string()], root);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("applied hmic-baseline-2005-06-vci-01: in-progress → completed"),
        "{}",
        run.stdout
    );
    let check = actionplan(&["check"], root);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check.stderr.ends_with("0 errors, 1 warning\n"),
        "{}",
        check.stderr
    );
    let run = actionplan(
        &["assess", "hmic-baseline-2005-06-vci-01", "--by", "ILAU"],
        root,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(actionplan(&["check"], root).code, 0);
}
