//! The columns of a return, the same in the workbook and the CSV file: the
//! context an owner reads (locked in the workbook) and the columns they
//! fill in. Import finds each column by its heading, so a column moved
//! still reads. And the CSV file itself.

use super::{Item, Pack};

/// What a column holds, for writing it and for reading it back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ColumnKind {
    Id,
    Context,
    NewStatus,
    Note,
    RevisedTarget,
    Reason,
    Evidence,
    Fingerprint,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Column {
    pub(crate) heading: &'static str,
    pub(crate) kind: ColumnKind,
    /// Width in the workbook, in characters.
    pub(crate) width: f64,
}

impl Column {
    pub(crate) fn editable(&self) -> bool {
        matches!(
            self.kind,
            ColumnKind::NewStatus
                | ColumnKind::Note
                | ColumnKind::RevisedTarget
                | ColumnKind::Reason
                | ColumnKind::Evidence
        )
    }
}

const fn column(heading: &'static str, kind: ColumnKind, width: f64) -> Column {
    Column {
        heading,
        kind,
        width,
    }
}

/// Every column, in order.
pub(crate) const COLUMNS: [Column; 15] = [
    column("AFI id", ColumnKind::Id, 24.0),
    column("Owner", ColumnKind::Context, 16.0),
    column("Inspection", ColumnKind::Context, 22.0),
    column("Reference", ColumnKind::Context, 14.0),
    column("Area for improvement", ColumnKind::Context, 40.0),
    column("Why asked now", ColumnKind::Context, 28.0),
    column("Target", ColumnKind::Context, 14.0),
    column("RAG", ColumnKind::Context, 28.0),
    column("Current status", ColumnKind::Context, 16.0),
    column("Last update", ColumnKind::Context, 40.0),
    column("New status", ColumnKind::NewStatus, 18.0),
    column("Progress note", ColumnKind::Note, 50.0),
    column("Revised target", ColumnKind::RevisedTarget, 14.0),
    column("Reason for revised target", ColumnKind::Reason, 30.0),
    column("Evidence", ColumnKind::Evidence, 36.0),
];

/// The hidden last column: the record as issued.
pub(crate) const FINGERPRINT: Column = column("Fingerprint", ColumnKind::Fingerprint, 18.0);

/// The context an owner reads for `item`, column by column (the editable
/// columns empty).
pub(crate) fn context(item: &Item) -> Vec<String> {
    let last = item.last.as_ref().map_or_else(
        || "None yet".to_owned(),
        |(date, note)| format!("{date}: {note}"),
    );
    COLUMNS
        .iter()
        .map(|c| match c.heading {
            "AFI id" => item.id.clone(),
            "Owner" => item.owner.clone(),
            "Inspection" => item.inspection.clone(),
            "Reference" => item.label.clone().unwrap_or_default(),
            "Area for improvement" => item.title.clone(),
            "Why asked now" => item.why.clone(),
            "Target" => item.target.clone(),
            "RAG" => format!("{}: {}", item.rag.label(), item.rag_reason),
            "Current status" => item.status.clone(),
            "Last update" => last.clone(),
            _ => String::new(),
        })
        .collect()
}

/// The return as CSV: UTF-8 with a byte-order mark (so that Excel reads it
/// as UTF-8), every cell quoted, CRLF line endings as RFC 4180 has them.
pub(crate) fn csv(pack: &Pack) -> String {
    let mut out = String::from("\u{feff}");
    let headings: Vec<&str> = COLUMNS
        .iter()
        .chain([&FINGERPRINT])
        .map(|c| c.heading)
        .collect();
    line(&mut out, headings.iter().copied());
    for item in &pack.items {
        let mut cells = context(item);
        cells.push(item.fingerprint.clone());
        line(&mut out, cells.iter().map(String::as_str));
    }
    out
}

fn line<'a>(out: &mut String, cells: impl Iterator<Item = &'a str>) {
    let quoted: Vec<String> = cells.map(cell).collect();
    out.push_str(&quoted.join(","));
    out.push_str("\r\n");
}

/// One quoted cell; text that a spreadsheet would run as a formula gets a
/// leading apostrophe. Only context and ids are written, and import reads
/// only the id and the fingerprint of these.
fn cell(text: &str) -> String {
    let guarded = match text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        true => format!("'{text}"),
        false => text.to_owned(),
    };
    format!("\"{}\"", guarded.replace('"', "\"\""))
}
