//! A returned CSV file into a grid: UTF-8 (a byte-order mark is fine), cells
//! separated by commas, or by semicolons where Excel's locale uses them,
//! quoted as RFC 4180 has it. Another encoding is refused, located, with
//! how to save the file as UTF-8.

use super::{Cell, Grid, Place, Problem};

pub(super) fn read(bytes: &[u8], place: Place) -> Result<(Grid, Vec<Problem>), Vec<Problem>> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(vec![save_as_utf8(
            place,
            "it is saved as UTF-16 (\"Unicode text\")",
        )]);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let at = error.valid_up_to();
            let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
            let place = Place {
                row: u32::try_from(line).ok(),
                ..place
            };
            return Err(vec![save_as_utf8(
                place,
                "it is not UTF-8 text (perhaps Windows-1252, as older Excel saves CSV)",
            )]);
        }
    };
    let first_line = text.lines().next().unwrap_or("");
    let separator = if !first_line.contains(',') && first_line.contains(';') {
        ';'
    } else {
        ','
    };
    let rows = parse(text, separator)
        .into_iter()
        .map(|(line, cells)| (line, cells.into_iter().map(cell).collect()))
        .collect();
    Ok((
        Grid {
            place,
            rows,
            owner: None,
        },
        Vec::new(),
    ))
}

fn save_as_utf8(place: Place, message: &str) -> Problem {
    Problem::error(place, message).help("in Excel, choose File › Save As › \"CSV UTF-8 (Comma delimited)\"; in LibreOffice, tick \"Edit filter settings\" and choose Unicode (UTF-8)")
}

fn cell(text: String) -> Cell {
    if text.trim().is_empty() {
        Cell::Empty
    } else {
        Cell::Text(text)
    }
}

/// Records with the line each starts on; a quoted cell may hold commas,
/// doubled quotes and line breaks.
fn parse(text: &str, separator: char) -> Vec<(u32, Vec<String>)> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut line: u32 = 1;
    let mut start = 1;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => {
                if c == '\n' {
                    line += 1;
                }
                cell.push(c);
            }
            (false, '"') if cell.is_empty() => quoted = true,
            (false, c) if c == separator => record.push(std::mem::take(&mut cell)),
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n') => {
                record.push(std::mem::take(&mut cell));
                records.push((start, std::mem::take(&mut record)));
                line += 1;
                start = line;
            }
            (false, c) => cell.push(c),
        }
    }
    if !cell.is_empty() || !record.is_empty() {
        record.push(cell);
        records.push((start, record));
    }
    records
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn quoted_cells_keep_commas_quotes_and_line_breaks() {
        let text = "a,b\r\n\"x, y\",\"say \"\"hi\"\"\nthere\"\r\nlast,\n";
        assert_eq!(
            parse(text, ','),
            vec![
                (1, vec!["a".to_owned(), "b".to_owned()]),
                (2, vec!["x, y".to_owned(), "say \"hi\"\nthere".to_owned()]),
                (4, vec!["last".to_owned(), String::new()]),
            ]
        );
    }
}
