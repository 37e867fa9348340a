//! The return workbook (.xlsx): one row per AFI. The context columns are
//! grey and locked; the columns an owner fills in are white, the new status
//! a drop-down of the vocabulary's labels; the last column, hidden, holds
//! each record's fingerprint as issued. A hidden sheet says whose return it
//! is. The workbook is the same bytes for the same records and date.

use rust_xlsxwriter::{
    Color, DataValidation, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder,
    ProtectionOptions, Workbook, Worksheet, XlsxError,
};

use super::table::{COLUMNS, FINGERPRINT, context};
use super::{ColumnKind, Pack, day_in_words};

/// The sheet owners fill in, and the hidden one that names the return.
pub(crate) const UPDATES_SHEET: &str = "Updates";
pub(crate) const ABOUT_SHEET: &str = "About";
/// The row (from 0) of the column headings.
const HEADING_ROW: u32 = 4;

pub(super) fn workbook(pack: &Pack) -> Result<Vec<u8>, String> {
    build(pack).map_err(|e| format!("the workbook for {} could not be made: {e}", pack.owner))
}

fn build(pack: &Pack) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let date = pack.as_at;
    let created = ExcelDateTime::from_ymd(
        u16::try_from(date.year()).unwrap_or(1900),
        u8::try_from(date.month()).unwrap_or(1),
        u8::try_from(date.day()).unwrap_or(1),
    )?;
    let properties = DocProperties::new()
        .set_title(format!("Updates requested from {}", pack.owner))
        .set_author(pack.organisation.clone())
        .set_creation_datetime(&created);
    book.set_properties(&properties);
    updates_sheet(book.add_worksheet(), pack)?;
    about_sheet(book.add_worksheet(), pack)?;
    book.save_to_buffer()
}

fn updates_sheet(sheet: &mut Worksheet, pack: &Pack) -> Result<(), XlsxError> {
    sheet.set_name(UPDATES_SHEET)?;
    let title = Format::new().set_bold().set_font_size(14);
    let grey = Color::RGB(0x00E7_E6E6);
    let heading = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color(grey)
        .set_border(FormatBorder::Thin);
    let locked = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color(grey)
        .set_border(FormatBorder::Thin);
    let open = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin)
        .set_unlocked();
    let open_date = open.clone().set_num_format("yyyy-mm-dd");
    sheet.write_string_with_format(
        0,
        0,
        format!("Updates requested from {}", pack.owner),
        &title,
    )?;
    sheet.write_string(
        1,
        0,
        format!(
            "As at {}. Please reply by {}.",
            day_in_words(pack.as_at),
            day_in_words(pack.reply_by)
        ),
    )?;
    sheet.write_string(
        2,
        0,
        "Fill in the white columns for each AFI: the new status (from the list), what has been done, a revised target (YYYY-MM-DD) with its reason if the target will not be met, and any evidence (links or document references, one per line). The grey columns show what we hold now and are locked.",
    )?;
    let all: Vec<_> = COLUMNS.iter().chain([&FINGERPRINT]).collect();
    for (col, column) in all.iter().enumerate() {
        let col = u16::try_from(col).unwrap_or(u16::MAX);
        sheet.set_column_width(col, column.width)?;
        sheet.write_string_with_format(HEADING_ROW, col, column.heading, &heading)?;
    }
    let fingerprint_col = u16::try_from(COLUMNS.len()).unwrap_or(u16::MAX);
    sheet.set_column_hidden(fingerprint_col)?;
    for (i, item) in pack.items.iter().enumerate() {
        let row = HEADING_ROW + 1 + u32::try_from(i).unwrap_or(u32::MAX - HEADING_ROW - 1);
        for (col, (column, text)) in COLUMNS.iter().zip(context(item)).enumerate() {
            let col = u16::try_from(col).unwrap_or(u16::MAX);
            match (column.editable(), column.kind) {
                (false, _) => sheet.write_string_with_format(row, col, text, &locked)?,
                (true, ColumnKind::RevisedTarget) => sheet.write_blank(row, col, &open_date)?,
                (true, _) => sheet.write_blank(row, col, &open)?,
            };
        }
        sheet.write_string_with_format(row, fingerprint_col, &item.fingerprint, &locked)?;
        sheet.set_row_height(row, row_height(item))?;
    }
    if let Some(last) = pack.items.len().checked_sub(1) {
        let last = HEADING_ROW + 1 + u32::try_from(last).unwrap_or(0);
        let col = COLUMNS
            .iter()
            .position(|c| c.kind == ColumnKind::NewStatus)
            .and_then(|c| u16::try_from(c).ok())
            .unwrap_or(0);
        // Excel limits a list to 255 characters; import checks the status
        // whatever the drop-down allowed.
        if let Ok(list) = DataValidation::new().allow_list_strings(&pack.statuses) {
            let list = list
                .set_error_title("Not a status")?
                .set_error_message("Choose a status from the list.")?;
            sheet.add_data_validation(HEADING_ROW + 1, col, last, col, &list)?;
        }
    }
    sheet.set_freeze_panes(HEADING_ROW + 1, 1)?;
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(HEADING_ROW, HEADING_ROW)?;
    sheet.protect_with_options(&ProtectionOptions {
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    });
    Ok(())
}

/// Whose return this is, for import: key in column A, value in column B.
fn about_sheet(sheet: &mut Worksheet, pack: &Pack) -> Result<(), XlsxError> {
    sheet.set_name(ABOUT_SHEET)?;
    let rows = [
        ("Format", "actionplan return 1".to_owned()),
        ("Owner", pack.owner.clone()),
        ("As at", pack.as_at.to_string()),
        ("Reply by", pack.reply_by.to_string()),
    ];
    for (row, (key, value)) in rows.iter().enumerate() {
        let row = u32::try_from(row).unwrap_or(0);
        sheet.write_string(row, 0, *key)?;
        sheet.write_string(row, 1, value)?;
    }
    sheet.set_hidden(true);
    sheet.protect();
    Ok(())
}

/// A row tall enough for its longest wrapped cell, as spreadsheets do not
/// all size rows themselves; at most Excel's limit of 409 points.
fn row_height(item: &super::Item) -> f64 {
    let lines = COLUMNS
        .iter()
        .zip(context(item))
        .map(|(column, text)| {
            let per_line = (column.width * 1.1).max(1.0);
            let chars = text.chars().count() as f64;
            (chars / per_line).ceil().max(1.0)
        })
        .fold(1.0, f64::max);
    (lines * 15.0).min(409.0)
}
