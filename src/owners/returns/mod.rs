//! Reading returns: a returned workbook (`xlsx.rs`) or CSV file (`csv.rs`)
//! becomes a grid of cells, located by file, sheet, row and column; its
//! heading row is found and each column read by its heading, so a column
//! moved still reads and one renamed or missing is named. `rows.rs` checks
//! every row against the records.

mod csv;
mod rows;
mod xlsx;

use std::path::Path;

pub(crate) use rows::{Accepted, MAX_NOTE_CHARS, Records, Verdict, judge, status_id};

use super::table::{COLUMNS, Column, ColumnKind, FINGERPRINT};

/// A return file is refused unread above this size: a return for every
/// AFI of a large force is well under 1 MB.
pub(crate) const MAX_RETURN_BYTES: u64 = 10 * 1024 * 1024;

/// Where a problem is: the file, and the sheet, row and column when known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Place {
    pub(crate) file: String,
    pub(crate) sheet: Option<String>,
    /// From 1, as a spreadsheet numbers rows (a CSV file's line).
    pub(crate) row: Option<u32>,
    /// From 0.
    pub(crate) column: Option<u32>,
    pub(crate) heading: Option<String>,
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.file)?;
        if let Some(sheet) = &self.sheet {
            write!(f, ", sheet `{sheet}`")?;
        }
        if let Some(row) = self.row {
            write!(f, ", row {row}")?;
        }
        if let Some(column) = self.column {
            write!(f, ", column {}", column_letters(column))?;
            if let Some(heading) = &self.heading {
                write!(f, " ({heading})")?;
            }
        }
        Ok(())
    }
}

/// A problem with a return, in plain words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Problem {
    pub(crate) place: Place,
    pub(crate) message: String,
    pub(crate) help: Option<String>,
    /// A warning reads nothing wrong into the updates; an error stops the
    /// import.
    pub(crate) warning: bool,
}

impl Problem {
    fn error(place: Place, message: impl Into<String>) -> Problem {
        Problem {
            place,
            message: message.into(),
            help: None,
            warning: false,
        }
    }

    fn help(mut self, help: impl Into<String>) -> Problem {
        self.help = Some(help.into());
        self
    }
}

/// A cell's value as the reader gave it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Date(jiff::civil::Date),
    /// A value a formula or Excel produced, such as `#N/A`.
    Error(String),
    /// A formula, with its text.
    Formula(String),
}

impl Cell {
    /// The cell as text, as a spreadsheet would show it, trimmed.
    pub(crate) fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) | Cell::Error(t) | Cell::Formula(t) => t.trim().to_owned(),
            Cell::Number(n) => n.to_string(),
            Cell::Date(d) => d.to_string(),
        }
    }

    fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }
}

/// A sheet read into rows of cells, each with its number (from 1).
pub(crate) struct Grid {
    pub(crate) place: Place,
    pub(crate) rows: Vec<(u32, Vec<Cell>)>,
    /// Whose return it is, when the file says.
    pub(crate) owner: Option<String>,
}

/// One row of a return, its cells by what they hold.
#[derive(Clone, Debug)]
pub(crate) struct Row {
    pub(crate) place: Place,
    pub(crate) id: String,
    pub(crate) owner: Option<String>,
    pub(crate) new_status: Cell,
    pub(crate) note: Cell,
    pub(crate) revised_target: Cell,
    pub(crate) reason: Cell,
    pub(crate) evidence: Cell,
    pub(crate) fingerprint: Cell,
    /// Where each of those columns is, for locating problems.
    pub(crate) columns: Vec<(ColumnKind, u32, &'static str)>,
}

impl Row {
    pub(crate) fn at(&self, kind: ColumnKind) -> Place {
        let mut place = self.place.clone();
        if let Some((_, column, heading)) = self.columns.iter().find(|(k, _, _)| *k == kind) {
            place.column = Some(*column);
            place.heading = Some((*heading).to_owned());
        }
        place
    }
}

/// A return read: its rows, and every problem with the file itself.
pub(crate) struct Return {
    pub(crate) rows: Vec<Row>,
    pub(crate) problems: Vec<Problem>,
    pub(crate) owner: Option<String>,
}

/// Read the return at `path` (shown as `shown`): a workbook by its content,
/// else a CSV file.
pub(crate) fn read(path: &Path, shown: &str) -> Return {
    let place = Place {
        file: shown.to_owned(),
        sheet: None,
        row: None,
        column: None,
        heading: None,
    };
    let fail = |problem: Problem| Return {
        rows: Vec::new(),
        problems: vec![problem],
        owner: None,
    };
    let bytes = match read_limited(path) {
        Ok(bytes) => bytes,
        Err(message) => return fail(Problem::error(place, message)),
    };
    let grid = if bytes.starts_with(b"PK\x03\x04") {
        xlsx::read(&bytes, place.clone())
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        Err(vec![
            Problem::error(
                place.clone(),
                "this is an Excel 97-2003 workbook (.xls), or a protected one",
            )
            .help("open it in Excel and save it as an Excel Workbook (.xlsx), without a password"),
        ])
    } else if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
    {
        csv::read(&bytes, place.clone())
    } else {
        Err(vec![Problem::error(place.clone(), "this is neither an Excel workbook (.xlsx) nor a CSV file").help("import the workbook or CSV file that `actionplan requests` wrote, as returned by its owner")])
    };
    match grid {
        Ok((grid, mut problems)) => {
            let (rows, found) = rows_of(&grid);
            problems.extend(found);
            Return {
                rows,
                problems,
                owner: grid.owner,
            }
        }
        Err(problems) => Return {
            rows: Vec::new(),
            problems,
            owner: None,
        },
    }
}

/// The file's bytes, when it is a regular file of a sensible size.
fn read_limited(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read as _;
    let meta =
        std::fs::metadata(path).map_err(|e| format!("could not be read: {}", io_reason(&e)))?;
    if !meta.is_file() {
        return Err("is not a regular file".to_owned());
    }
    if meta.len() > MAX_RETURN_BYTES {
        return Err(format!(
            "is too large to be a return ({} MB; the limit is {} MB)",
            meta.len() / (1024 * 1024),
            MAX_RETURN_BYTES / (1024 * 1024)
        ));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_RETURN_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| format!("could not be read: {}", io_reason(&e)))?;
    Ok(bytes)
}

fn io_reason(error: &std::io::Error) -> String {
    let text = error.to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_lowercase(),
        None => text.to_lowercase(),
    }
}

/// The columns a return must have; context columns are for people.
fn required() -> impl Iterator<Item = &'static Column> {
    COLUMNS
        .iter()
        .filter(|c| c.kind != ColumnKind::Context)
        .chain([&FINGERPRINT])
}

/// Find the heading row and read every row under it.
fn rows_of(grid: &Grid) -> (Vec<Row>, Vec<Problem>) {
    let mut problems = Vec::new();
    let at_row = |row: u32| Place {
        row: Some(row),
        ..grid.place.clone()
    };
    let is_id_heading =
        |c: &Cell| matches!(c, Cell::Text(t) if t.trim().eq_ignore_ascii_case("AFI id"));
    let Some(heading_at) = grid
        .rows
        .iter()
        .take(20)
        .position(|(_, cells)| cells.iter().any(is_id_heading))
    else {
        problems.push(
            Problem::error(grid.place.clone(), "there is no heading `AFI id` in its first 20 rows")
                .help("the row of column headings was removed or renamed; use the file `actionplan requests` wrote"),
        );
        return (Vec::new(), problems);
    };
    let (heading_row, headings) = &grid.rows[heading_at];
    let text_of = |c: &Cell| match c {
        Cell::Text(t) => t.trim().to_owned(),
        _ => String::new(),
    };
    let found: Vec<String> = headings.iter().map(text_of).collect();
    let mut columns = Vec::new();
    for column in required() {
        let at: Vec<usize> = found
            .iter()
            .enumerate()
            .filter(|(_, h)| h.eq_ignore_ascii_case(column.heading))
            .map(|(i, _)| i)
            .collect();
        match at.as_slice() {
            [one] => columns.push((
                column.kind,
                u32::try_from(*one).unwrap_or(u32::MAX),
                column.heading,
            )),
            [] => {
                let known: Vec<&str> = COLUMNS
                    .iter()
                    .chain([&FINGERPRINT])
                    .map(|c| c.heading)
                    .collect();
                let strangers: Vec<&str> = found
                    .iter()
                    .filter(|h| !h.is_empty() && !known.iter().any(|k| k.eq_ignore_ascii_case(h)))
                    .map(String::as_str)
                    .collect();
                // One heading nobody knows is most likely the one renamed.
                let near =
                    crate::diag::suggest::did_you_mean(column.heading, strangers.iter().copied())
                        .or(match strangers.as_slice() {
                            [only] => Some(*only),
                            _ => None,
                        });
                let problem = Problem::error(
                    at_row(*heading_row),
                    format!("the column `{}` is missing", column.heading),
                );
                problems.push(match near {
                    Some(near) => problem.help(format!("the column headed `{near}` may be it renamed: give it back its heading `{}`", column.heading)),
                    None => problem.help("put the column back as `actionplan requests` wrote it; columns may be moved but not removed or renamed"),
                });
            }
            [_, second, ..] => problems.push(Problem::error(
                Place {
                    column: u32::try_from(*second).ok(),
                    heading: Some(column.heading.to_owned()),
                    ..at_row(*heading_row)
                },
                format!("the column `{}` appears more than once", column.heading),
            )),
        }
    }
    if problems.iter().any(|p| !p.warning) {
        return (Vec::new(), problems);
    }
    let owner_column = found.iter().position(|h| h.eq_ignore_ascii_case("Owner"));
    let cell = |cells: &[Cell], kind: ColumnKind| -> Cell {
        columns
            .iter()
            .find(|(k, _, _)| *k == kind)
            .and_then(|(_, at, _)| cells.get(usize::try_from(*at).unwrap_or(usize::MAX)))
            .cloned()
            .unwrap_or(Cell::Empty)
    };
    let mut rows = Vec::new();
    for (number, cells) in &grid.rows[heading_at + 1..] {
        if cells.iter().all(Cell::is_empty) {
            continue;
        }
        let place = at_row(*number);
        let id = cell(cells, ColumnKind::Id).text();
        let row = Row {
            place,
            id,
            owner: owner_column
                .and_then(|at| cells.get(at))
                .map(text_of)
                .filter(|o| !o.is_empty()),
            new_status: cell(cells, ColumnKind::NewStatus),
            note: cell(cells, ColumnKind::Note),
            revised_target: cell(cells, ColumnKind::RevisedTarget),
            reason: cell(cells, ColumnKind::Reason),
            evidence: cell(cells, ColumnKind::Evidence),
            fingerprint: cell(cells, ColumnKind::Fingerprint),
            columns: columns.clone(),
        };
        if row.id.is_empty() {
            problems.push(
                Problem::error(row.at(ColumnKind::Id), "this row has no AFI id")
                    .help("every row must keep the AFI id it was sent with; do not add rows"),
            );
            continue;
        }
        rows.push(row);
    }
    (rows, problems)
}

/// `A` for column 0, `Z` for 25, `AA` for 26.
pub(crate) fn column_letters(column: u32) -> String {
    let mut n = u64::from(column) + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = u8::try_from((n - 1) % 26).unwrap_or(0);
        letters.push(char::from(b'A' + rem));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::column_letters;

    #[test]
    fn columns_are_lettered_as_spreadsheets_do() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }
}
