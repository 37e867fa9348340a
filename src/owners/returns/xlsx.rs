//! A returned workbook into a grid: its `Updates` sheet's cells, with
//! formulas, merged cells, unexpected sheets and anything that unpacks to
//! far more than a return could hold reported, located. The owner comes
//! from the hidden `About` sheet.

use std::io::{Cursor, Read as _};

use calamine::{Data, Reader as _, Xlsx};

use super::{Cell, Grid, Place, Problem};
use crate::owners::workbook::{ABOUT_SHEET, UPDATES_SHEET};

/// A workbook that unpacks to more than this is refused unread: a return
/// for every AFI of a large force unpacks to a few megabytes.
const MAX_UNPACKED_BYTES: u64 = 50 * 1024 * 1024;
const MAX_PARTS: usize = 2000;

pub(super) fn read(bytes: &[u8], place: Place) -> Result<(Grid, Vec<Problem>), Vec<Problem>> {
    let broken = |detail: &str| {
        vec![
            Problem::error(
                place.clone(),
                format!("this is not a workbook that can be read ({detail})"),
            )
            .help("open it in Excel and save it again as an Excel Workbook (.xlsx)"),
        ]
    };
    if let Err(message) = unpacks_within_limits(bytes) {
        return Err(match message {
            Some(message) => vec![Problem::error(place.clone(), message).help("this is not a return `actionplan requests` wrote; ask its owner to send the workbook itself")],
            None => broken("its zip structure is damaged"),
        });
    }
    let mut book = Xlsx::new(Cursor::new(bytes)).map_err(|e| broken(&e.to_string()))?;
    let names = book.sheet_names();
    let mut problems = Vec::new();
    if !names.iter().any(|n| n == UPDATES_SHEET) {
        let near =
            crate::diag::suggest::did_you_mean(UPDATES_SHEET, names.iter().map(String::as_str));
        let listed: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
        let help = match near {
            Some(near) => {
                format!("the sheet `{near}` may be it renamed: name it `{UPDATES_SHEET}` again")
            }
            None => "import the workbook `actionplan requests` wrote".to_owned(),
        };
        return Err(vec![
            Problem::error(
                place,
                format!(
                    "there is no sheet `{UPDATES_SHEET}` (the sheets are {})",
                    listed.join(", ")
                ),
            )
            .help(help),
        ]);
    }
    for name in names
        .iter()
        .filter(|n| *n != UPDATES_SHEET && *n != ABOUT_SHEET)
    {
        problems.push(Problem {
            place: Place {
                sheet: Some(name.clone()),
                ..place.clone()
            },
            message: "this sheet is not read: only the sheet `Updates` is".to_owned(),
            help: Some("put every update in the `Updates` sheet".to_owned()),
            warning: true,
        });
    }
    let sheet_place = Place {
        sheet: Some(UPDATES_SHEET.to_owned()),
        ..place.clone()
    };
    let range = book
        .worksheet_range(UPDATES_SHEET)
        .map_err(|e| broken(&e.to_string()))?;
    let formulas = book
        .worksheet_formula(UPDATES_SHEET)
        .map_err(|e| broken(&e.to_string()))?;
    let merged = book
        .merge_cells_by_sheet_name(UPDATES_SHEET)
        .unwrap_or_default();
    for region in merged {
        let (first, last) = (region.start, region.end);
        problems.push(
            Problem::error(
                Place {
                    row: Some(first.0 + 1),
                    column: Some(first.1),
                    ..sheet_place.clone()
                },
                format!(
                    "cells {}{} to {}{} are merged",
                    super::column_letters(first.1),
                    first.0 + 1,
                    super::column_letters(last.1),
                    last.0 + 1
                ),
            )
            .help("unmerge them, so that each AFI keeps a row and each value a cell of its own"),
        );
    }
    let is_1904 = book.has_1904_epoch();
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let mut rows: Vec<(u32, Vec<Cell>)> = Vec::new();
    for (i, cells) in range.rows().enumerate() {
        let number = row0 + u32::try_from(i).unwrap_or(u32::MAX - row0) + 1;
        let mut out = vec![Cell::Empty; usize::try_from(col0).unwrap_or(0)];
        out.extend(cells.iter().map(|d| cell(d, is_1904)));
        rows.push((number, out));
    }
    // A formula's cached value is what Excel showed; the formula itself is
    // what matters: say so rather than import a value that may change.
    let (frow0, fcol0) = formulas.start().unwrap_or((0, 0));
    for (i, cells) in formulas.rows().enumerate() {
        let number = frow0 + u32::try_from(i).unwrap_or(0) + 1;
        for (j, formula) in cells.iter().enumerate().filter(|(_, f)| !f.is_empty()) {
            let col = usize::try_from(fcol0).unwrap_or(0) + j;
            if let Some((_, row)) = rows.iter_mut().find(|(n, _)| *n == number) {
                if row.len() <= col {
                    row.resize(col + 1, Cell::Empty);
                }
                row[col] = Cell::Formula(format!("={formula}"));
            }
        }
    }
    let owner = about_owner(&mut book);
    Ok((
        Grid {
            place: sheet_place,
            rows,
            owner,
        },
        problems,
    ))
}

/// Every part of the zip unpacked, counting, before anything parses it: a
/// zip bomb is refused after reading at most the limit. `Err(None)` when
/// it is not a zip that can be read.
fn unpacks_within_limits(bytes: &[u8]) -> Result<(), Option<String>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| None)?;
    if archive.len() > MAX_PARTS {
        return Err(Some(format!(
            "it holds {} parts, more than a return ever has",
            archive.len()
        )));
    }
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).map_err(|_| None)?;
        let budget = MAX_UNPACKED_BYTES - total;
        let read = std::io::copy(&mut (&mut part).take(budget + 1), &mut std::io::sink())
            .map_err(|_| None)?;
        total += read;
        if total > MAX_UNPACKED_BYTES {
            return Err(Some(format!(
                "it unpacks to more than {} MB, far more than a return holds",
                MAX_UNPACKED_BYTES / (1024 * 1024)
            )));
        }
    }
    Ok(())
}

/// The owner named in the hidden `About` sheet.
fn about_owner(book: &mut Xlsx<Cursor<&[u8]>>) -> Option<String> {
    let range = book.worksheet_range(ABOUT_SHEET).ok()?;
    range.rows().find_map(|row| match row {
        [Data::String(key), Data::String(value), ..] if key == "Owner" => {
            Some(value.trim().to_owned())
        }
        _ => None,
    })
}

fn cell(data: &Data, is_1904: bool) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Text(b.to_string()),
        Data::Error(e) => Cell::Error(format!("{e}")),
        Data::DateTime(dt) if dt.is_datetime() => {
            serial_date(dt.as_f64(), is_1904).map_or(Cell::Number(dt.as_f64()), Cell::Date)
        }
        Data::DateTime(dt) => Cell::Number(dt.as_f64()),
    }
}

/// The day an Excel serial number means (the fraction, a time, dropped).
pub(crate) fn serial_date(serial: f64, is_1904: bool) -> Option<jiff::civil::Date> {
    if !serial.is_finite() || !(1.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    // Day 0 is 1899-12-30 in the 1900 system (Excel counts a 29 February
    // 1900 that never was), 1904-01-01 in the 1904 one.
    let epoch = if is_1904 {
        jiff::civil::date(1904, 1, 1)
    } else {
        jiff::civil::date(1899, 12, 30)
    };
    #[allow(clippy::cast_possible_truncation)]
    let days = serial.floor() as i64;
    epoch.checked_add(jiff::Span::new().days(days)).ok()
}

#[cfg(test)]
mod tests {
    use super::serial_date;

    #[test]
    fn serial_numbers_are_the_days_excel_shows() {
        assert_eq!(
            serial_date(39172.0, false),
            Some(jiff::civil::date(2007, 3, 31))
        );
        assert_eq!(
            serial_date(39172.75, false),
            Some(jiff::civil::date(2007, 3, 31))
        );
        assert_eq!(
            serial_date(37710.0, true),
            Some(jiff::civil::date(2007, 3, 31))
        );
        assert_eq!(serial_date(-1.0, false), None);
        assert_eq!(serial_date(f64::NAN, false), None);
    }
}
