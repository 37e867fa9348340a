//! Validation: the located YAML trees of every record become typed records,
//! and every problem found on the way becomes a diagnostic. Each field is
//! checked on its own, so one bad field never hides another; checks across
//! records (ids, references, links) run once every file has been read.
//!
//! Takes each parsed file (`load::ParsedFile`, front matter as a located
//! YAML tree) as soon as it is parsed and gives a `FileRead` (`read`); then
//! takes every file's `FileRead` and gives the typed `Model` of the valid
//! records plus diagnostics (`finish`).
//! This file holds the entry points and the types the stage passes between
//! its parts; `reader` holds the field readers every record type uses,
//! `inspection`, `afi` and `paper` one record type each, `across` the checks
//! across records, `dates` the written forms of dates and targets, and
//! `schema` the field table the JSON Schema also comes from.

mod across;
mod afi;
mod body;
mod dates;
mod inspection;
mod link_scan;
pub(crate) use link_scan::links_as_the_parser_reads_them;
mod links;
mod paper;
mod reader;
pub(crate) mod schema;

use std::sync::Arc;

use jiff::civil;

use crate::diag::Diagnostic;
use crate::load::{KeepsText, Kept, ParsedFile};
use crate::model::{Afi, Inspection, Model, Paper, SourceText, Span, Vocabulary};

use across::cross_check;
pub(crate) use body::{BODY_OPTIONS, tables_fit};
pub(crate) use dates::{parse_date, parse_target};
pub(crate) use links::record_link_target;
use links::record_links;
use reader::Reader;
pub(crate) use reader::id_problem;

/// What validation needs besides the records.
pub(crate) struct Rules<'a> {
    pub(crate) vocabulary: &'a Vocabulary,
    /// Dates of things that happened may not be later than this.
    pub(crate) as_at: civil::Date,
}

/// What reading one file gave: its record, if its type and id could be
/// read, its problems, and the links in its text to record files. This is
/// all that is kept of a file's front matter once it has been read: the
/// checks across records need ids and links, not trees.
#[derive(Clone, PartialEq)]
pub(crate) struct FileRead {
    path: String,
    record: Option<Checked>,
    diagnostics: Vec<Diagnostic>,
    links: Vec<RecordLink>,
    /// Whether its record was made without the file's text
    /// (`without_text`).
    dropped: bool,
}

impl Kept for FileRead {
    fn path(&self) -> &str {
        &self.path
    }
}

impl KeepsText for FileRead {
    fn keeps_text(&self) -> bool {
        !self.dropped
    }
}

impl FileRead {
    /// Whether what comes after reading needs this file's text whatever
    /// else is found: its own problems are quoted from it, a paper's text
    /// is laid out and its placeholders located in it (and its record
    /// holds it anyway), and a path that is not UTF-8, shown with U+FFFD,
    /// cannot be read again by the name shown.
    pub(crate) fn must_keep_text(&self) -> bool {
        let paper = matches!(
            self.record.as_ref().and_then(|r| r.typed.as_ref()),
            Some(Typed::Paper(..))
        );
        paper || !self.diagnostics.is_empty() || self.path.contains('\u{FFFD}')
    }

    /// The same reading, its record made without the file's text, so that
    /// the text can go at once.
    pub(crate) fn without_text(mut self) -> FileRead {
        match self.record.as_mut().and_then(|r| r.typed.as_mut()) {
            Some(Typed::Inspection(i)) => Arc::make_mut(i).text = SourceText::default(),
            Some(Typed::Afi(a, _)) => Arc::make_mut(a).text = SourceText::default(),
            Some(Typed::Paper(..)) | None => {}
        }
        self.dropped = true;
        self
    }

    /// Whether the record was made without the file's text.
    pub(crate) fn dropped_text(&self) -> bool {
        self.dropped
    }
}

/// A link in a record's text to a record file, which must exist.
#[derive(Clone, PartialEq)]
struct RecordLink {
    /// As written.
    url: String,
    /// The repository path it points at.
    target: String,
    span: Span,
}

/// Read one parsed file: its record and its own problems. Runs on the
/// thread that parsed the file, right after parsing it.
pub(crate) fn read(file: &ParsedFile, rules: &Rules) -> FileRead {
    let mut found = Vec::new();
    let mut reader = Reader {
        path: &file.path,
        rules,
        diagnostics: &mut found,
        failed: false,
    };
    let record = reader.record(file);
    found.extend(body::rendered_size(file));
    found.extend(body::front_matter_sizes(file));
    FileRead {
        path: file.path.clone(),
        record,
        diagnostics: found,
        links: record_links(file),
        dropped: false,
    }
}

/// The checks across records over every file read, in the order given, and
/// the model of the valid records. `paths` lists every record file found,
/// so that links to any of them resolve. The reads are only borrowed and
/// the model shares their records, so `serve` keeps the reads of the files
/// that did not change from one rebuild to the next without copying them.
pub(crate) fn finish<'r>(
    reads: impl IntoIterator<Item = &'r FileRead>,
    paths: &[String],
) -> (Model, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut checked = Vec::new();
    let mut links = Vec::new();
    for read in reads {
        checked.extend(read.record.as_ref());
        diagnostics.extend_from_slice(&read.diagnostics);
        if !read.links.is_empty() {
            links.push((read.path.as_str(), read.links.as_slice()));
        }
    }
    cross_check(&checked, &links, paths, &mut diagnostics);
    let mut model = Model::default();
    for record in checked {
        match &record.typed {
            Some(Typed::Inspection(i)) => model.inspections.push(Arc::clone(i)),
            Some(Typed::Afi(a, _)) => model.afis.push(Arc::clone(a)),
            Some(Typed::Paper(p, _)) => model.papers.push(Arc::clone(p)),
            None => {}
        }
    }
    model.inspections.sort_by(|a, b| a.id.cmp(&b.id));
    model.afis.sort_by(|a, b| a.id.cmp(&b.id));
    model.papers.sort_by(|a, b| a.id.cmp(&b.id));
    (model, diagnostics)
}

/// A record whose type and id could be read, and, where every required field
/// was valid, its typed form.
#[derive(Clone, PartialEq)]
struct Checked {
    path: String,
    kind: &'static str,
    id: String,
    id_span: Span,
    typed: Option<Typed>,
}

#[derive(Clone, PartialEq)]
enum Typed {
    Inspection(Arc<Inspection>),
    Afi(Arc<Afi>, AfiRefs),
    Paper(Arc<Paper>, Vec<Reference>),
}

/// A name a paper uses that must exist in another record.
#[derive(Clone, PartialEq)]
struct Reference {
    kind: ReferenceKind,
    name: String,
    span: Span,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ReferenceKind {
    Paper,
    Inspection,
    Programme,
    Framework,
}

/// Where an AFI's references were written, for the checks across records.
#[derive(Clone, PartialEq)]
struct AfiRefs {
    inspection: Span,
    framework: Option<Span>,
}

#[cfg(test)]
mod tests {
    proptest::proptest! {
        #[test]
        fn validating_any_loaded_record_never_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..400)) {
            let mut text = b"---\ntype: afi\nid: x\n".to_vec();
            text.extend(bytes);
            text.extend(b"\n---\n");
            let _ = crate::fuzzing::load_record(&text);
        }
    }
}
