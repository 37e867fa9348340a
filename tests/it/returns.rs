//! Every bad return the owner loop expects, each with a pinned message,
//! and the records byte for byte as they were after each. A few that are
//! not wrong (moved columns, blank rows, extra sheets, dates typed as text)
//! import as the owner meant.

use std::fs;
use std::path::Path;

use crate::actionplan;
use crate::owners::{Book, Typed};
use crate::update::{owners_repo, records_of};

fn text(t: &str) -> Typed {
    Typed::Text(t.to_owned())
}

/// A fresh repository with its Harrow workbook issued, read as a book with
/// one good update typed into `harrow-r1`.
fn issued() -> (tempfile::TempDir, Book) {
    let repo = owners_repo();
    let run = actionplan(&["requests", "--out", "out"], repo.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut book = Book::read(
        &repo
            .path()
            .join("out/harrow-bocu/harrow-bocu-updates-2007-01-16.xlsx"),
    );
    book.set("harrow-r1", "New status", text("Completed"))
        .set("harrow-r1", "Progress note", text("Protocol signed."))
        .set(
            "harrow-r1",
            "Evidence",
            text("Safer Harrow minutes, 9 January 2007"),
        );
    (repo, book)
}

/// Import `file` (relative to `root`): the run, and whether the records
/// are as they were.
fn import(root: &Path, file: &str) -> (crate::Run, bool) {
    let before = records_of(root);
    let run = actionplan(&["import", file], root);
    (run, records_of(root) == before)
}

/// A bad book: the import fails with exactly `stderr` and writes nothing.
fn refused(book: &Book, root: &Path, stderr: &str) {
    book.write(&root.join("return.xlsx"));
    let (run, unchanged) = import(root, "return.xlsx");
    assert_eq!(run.stderr, stderr);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "");
    assert!(unchanged, "the records changed");
}

const AT: &str = "return.xlsx, sheet `Updates`";

#[test]
fn a_renamed_column_is_named_with_what_it_may_be() {
    let (repo, mut book) = issued();
    let column = 10;
    book.sheets[0].1[4][column] = text("Status (new)");
    refused(
        &book,
        repo.path(),
        &format!(
            "error: {AT}, row 5: the column `New status` is missing\n  = help: the column headed `Status (new)` may be it renamed: give it back its heading `New status`\nerror: 1 problem in the returns; nothing was imported\n"
        ),
    );
}

#[test]
fn a_missing_column_is_named() {
    let (repo, mut book) = issued();
    for row in &mut book.sheets[0].1 {
        if row.len() > 15 {
            row.remove(15);
        }
    }
    refused(
        &book,
        repo.path(),
        &format!(
            "error: {AT}, row 5: the column `Fingerprint` is missing\n  = help: put the column back as `actionplan requests` wrote it; columns may be moved but not removed or renamed\nerror: 1 problem in the returns; nothing was imported\n"
        ),
    );
}

#[test]
fn moved_columns_blank_rows_and_extra_sheets_still_import() {
    let (repo, mut book) = issued();
    // The note column moved to the front, a blank row between the AFIs,
    // and a sheet of the owner's own notes.
    for row in &mut book.sheets[0].1 {
        if row.len() > 11 {
            let note = row.remove(11);
            row.insert(0, note);
        }
    }
    book.sheets[0].1.insert(6, Vec::new());
    book.sheets.push((
        "Notes".to_owned(),
        vec![vec![text("to do: chase partners")]],
    ));
    book.write(&repo.path().join("return.xlsx"));
    let run = actionplan(&["import", "return.xlsx"], repo.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "warning: return.xlsx, sheet `Notes`: this sheet is not read: only the sheet `Updates` is\n  = help: put every update in the `Updates` sheet\n"
    );
    assert_eq!(
        run.stdout,
        format!(
            "applied harrow-r1: in-progress → completed ({AT}, row 6)\nskipped harrow-r2: no update given ({AT}, row 8)\n2 rows in 1 file: 1 applied, 1 skipped, 0 refused\n"
        )
    );
}

#[test]
fn merged_cells_and_formulas_are_refused_where_they_are() {
    let (repo, mut book) = issued();
    book.merged.push(("Updates".to_owned(), 5, 14, 6, 14));
    book.set("harrow-r2", "New status", Typed::Formula("=K6"));
    refused(
        &book,
        repo.path(),
        &format!(
            "error: {AT}, row 6, column O: cells O6 to O7 are merged\n  = help: unmerge them, so that each AFI keeps a row and each value a cell of its own\nerror: {AT}, row 7, column K (New status): this cell holds a formula (`=K6`)\n  = help: type the value itself\nerror: {AT}, row 7, column L (Progress note): the progress note is empty\n  = help: say what has been done since the last update\nerror: 3 problems in the returns; nothing was imported\n"
        ),
    );
}

#[test]
fn dates_as_serial_numbers_or_day_first_text_get_the_date_they_meant() {
    let (repo, mut book) = issued();
    book.set("harrow-r1", "Revised target", Typed::Number(39172.0))
        .set(
            "harrow-r1",
            "Reason for revised target",
            text("Partners' sign-off"),
        )
        .set("harrow-r2", "New status", text("Work in progress"))
        .set("harrow-r2", "Progress note", text("Under way."))
        .set("harrow-r2", "Revised target", text("31/03/2007"))
        .set(
            "harrow-r2",
            "Reason for revised target",
            text("Waiting for the framework"),
        );
    refused(
        &book,
        repo.path(),
        &format!(
            "error: {AT}, row 6, column M (Revised target): `39172` is a number, not a date\n  = help: did you mean 2007-03-31? Format the cell as a date, or type the date as 2007-03-31\nerror: {AT}, row 7, column M (Revised target): `31/03/2007` is not a date\n  = help: did you mean 2007-03-31? Write dates as YYYY-MM-DD\nerror: 2 problems in the returns; nothing was imported\n"
        ),
    );
    // Typed as text the way the workbook asks, it imports.
    book.set("harrow-r1", "Revised target", text("2007-03"))
        .set("harrow-r2", "Revised target", Typed::Date(2007, 3, 31));
    book.write(&repo.path().join("return.xlsx"));
    let run = actionplan(&["import", "return.xlsx"], repo.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let r1 = fs::read_to_string(repo.path().join("records/harrow/harrow-r1.md")).expect("read");
    assert!(
        r1.contains("    due: 2007-03\n    reason: Partners' sign-off\n"),
        "{r1}"
    );
}

#[test]
fn unknown_ids_other_owners_ids_and_unknown_statuses_are_named() {
    let (repo, mut book) = issued();
    book.sheets[0].1[5][0] = text("harow-r1");
    book.sheets[0].1[6][0] = text("harrow-r4");
    book.set("harrow-r4", "New status", text("complete")).set(
        "harrow-r4",
        "Progress note",
        text("Done."),
    );
    book.sheets[0]
        .1
        .push(vec![text("harrow-r2"), text("Harrow BOCU")]);
    book.set("harrow-r2", "New status", text("Finished")).set(
        "harrow-r2",
        "Progress note",
        text("Done."),
    );
    refused(
        &book,
        repo.path(),
        &format!(
            "error: {AT}, row 6, column A (AFI id): no AFI has the id `harow-r1`\n  = help: did you mean `harrow-r1`? Keep the id each row was sent with\nerror: {AT}, row 7, column A (AFI id): `harrow-r4` belongs to `Newham BOCU`, not to `Harrow BOCU`\n  = help: only the owner a request went to may answer it; take this row out, or send the AFI to its owner\nerror: {AT}, row 8, column K (New status): `Finished` is not a status; the statuses are `Not started`, `Work in progress`, `Update awaited`, `Completed`, `No further action required`, `No current plan`, `Not agreed`\nerror: 3 problems in the returns; nothing was imported\n"
        ),
    );
    let (repo, mut book) = issued();
    book.set("harrow-r1", "New status", text("complete"));
    refused(
        &book,
        repo.path(),
        &format!(
            "error: {AT}, row 6, column K (New status): `complete` is not a status; did you mean `completed`?\nerror: 1 problem in the returns; nothing was imported\n"
        ),
    );
}

#[test]
fn a_huge_note_and_a_target_without_its_reason_are_refused() {
    let (repo, mut book) = issued();
    // A workbook cell holds at most 32,767 characters.
    book.set(
        "harrow-r1",
        "Progress note",
        Typed::Text("x".repeat(32_000)),
    )
    .set("harrow-r2", "New status", text("Work in progress"))
    .set("harrow-r2", "Progress note", text("Slipping."))
    .set("harrow-r2", "Revised target", text("2007-06"));
    refused(
        &book,
        repo.path(),
        &format!(
            "error: {AT}, row 6, column L (Progress note): the progress note is 32000 characters long; the limit is 4000\n  = help: summarise it, and give the full text as evidence\nerror: {AT}, row 7, column N (Reason for revised target): a revised target is given without its reason\n  = help: say why the target moved\nerror: 2 problems in the returns; nothing was imported\n"
        ),
    );
    // A CSV cell has no such limit: a 100 KB note.
    let root = repo.path();
    let run = actionplan(
        &[
            "requests",
            "--csv",
            "--owner",
            "Newham BOCU",
            "--out",
            "csv",
        ],
        root,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let csv = fs::read_to_string(root.join("csv/newham-bocu/newham-bocu-updates-2007-01-16.csv"))
        .expect("read");
    let note = "y".repeat(100 * 1024);
    let filled = csv.replace(
        "no reply yet.\",\"\",\"\"",
        &format!("no reply yet.\",\"Work in progress\",\"{note}\""),
    );
    fs::write(root.join("return.csv"), filled).expect("write");
    let (run, unchanged) = import(root, "return.csv");
    assert_eq!(
        run.stderr,
        "error: return.csv, row 2, column L (Progress note): the progress note is 102400 characters long; the limit is 4000\n  = help: summarise it, and give the full text as evidence\nerror: 1 problem in the returns; nothing was imported\n"
    );
    assert!(unchanged && run.code == 1);
}

#[test]
fn files_that_are_not_returns_are_refused_unread() {
    let repo = owners_repo();
    let root = repo.path();
    fs::write(
        root.join("notes.xlsx"),
        "these are my notes, not a workbook",
    )
    .expect("write");
    let (run, unchanged) = import(root, "notes.xlsx");
    assert_eq!(
        run.stderr,
        "error: notes.xlsx: this is neither an Excel workbook (.xlsx) nor a CSV file\n  = help: import the workbook or CSV file that `actionplan requests` wrote, as returned by its owner\nerror: 1 problem in the returns; nothing was imported\n"
    );
    assert!(unchanged && run.code == 1);
    // A zip bomb posing as a workbook: 200 MB of zeros in a few hundred KB.
    let bomb = fs::File::create(root.join("bomb.xlsx")).expect("create");
    let mut zip = zip::ZipWriter::new(bomb);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    zip.start_file("xl/worksheets/sheet1.xml", options)
        .expect("start");
    let zeros = vec![0u8; 1024 * 1024];
    for _ in 0..200 {
        std::io::Write::write_all(&mut zip, &zeros).expect("write");
    }
    zip.finish().expect("finish");
    let (run, unchanged) = import(root, "bomb.xlsx");
    assert_eq!(
        run.stderr,
        "error: bomb.xlsx: it unpacks to more than 50 MB, far more than a return holds\n  = help: this is not a return `actionplan requests` wrote; ask its owner to send the workbook itself\nerror: 1 problem in the returns; nothing was imported\n"
    );
    assert!(unchanged && run.code == 1);
}

#[test]
fn a_csv_file_in_another_encoding_is_refused_at_its_line() {
    let repo = owners_repo();
    let root = repo.path();
    let run = actionplan(&["requests", "--csv", "--out", "out"], root);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let csv = fs::read_to_string(root.join("out/harrow-bocu/harrow-bocu-updates-2007-01-16.csv"))
        .expect("read");
    // As Windows-1252: no byte-order mark, and "café" with the byte E9.
    let mut bytes = csv
        .trim_start_matches('\u{feff}')
        .replace("Partnership documents", "Caf\u{e9} documents")
        .into_bytes();
    let at = bytes
        .windows(5)
        .position(|w| w == "Caf\u{e9}".as_bytes())
        .expect("café")
        + 3;
    bytes.splice(at..at + 2, [0xE9]);
    fs::write(root.join("return.csv"), bytes).expect("write");
    let (run, unchanged) = import(root, "return.csv");
    assert_eq!(
        run.stderr,
        "error: return.csv, row 2: it is not UTF-8 text (perhaps Windows-1252, as older Excel saves CSV)\n  = help: in Excel, choose File › Save As › \"CSV UTF-8 (Comma delimited)\"; in LibreOffice, tick \"Edit filter settings\" and choose Unicode (UTF-8)\nerror: 1 problem in the returns; nothing was imported\n"
    );
    assert!(unchanged && run.code == 1);
}

#[test]
fn two_imports_at_once_both_land_one_after_the_other() {
    let (repo, mut book) = issued();
    let root = repo.path();
    book.write(&root.join("first.xlsx"));
    book.set("harrow-r1", "New status", text("Work in progress"))
        .set(
            "harrow-r1",
            "Progress note",
            text("Protocol signed; partners to review it in March."),
        );
    book.write(&root.join("second.xlsx"));
    let spawn = |file: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_actionplan"))
            .args(["import", "--force", file])
            .current_dir(root)
            .env("NO_COLOR", "1")
            .output()
            .expect("runs")
    };
    let (first, second) = std::thread::scope(|s| {
        let a = s.spawn(|| spawn("first.xlsx"));
        let b = s.spawn(|| spawn("second.xlsx"));
        (a.join().expect("first"), b.join().expect("second"))
    });
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(
        second.status.success(),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );
    let r1 = fs::read_to_string(root.join("records/harrow/harrow-r1.md")).expect("read");
    assert!(r1.contains("note: Protocol signed.\n"), "{r1}");
    assert!(
        r1.contains("note: Protocol signed; partners to review it in March.\n"),
        "{r1}"
    );
    assert_eq!(actionplan(&["check"], root).code, 0);
}
