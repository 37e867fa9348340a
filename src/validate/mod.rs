//! Validation: the located YAML trees of every record become typed records,
//! and every problem found on the way becomes a diagnostic. Each field is
//! checked on its own, so one bad field never hides another; checks across
//! records (ids, references, links) run once every file has been read.
//!
//! Takes the parsed files (`load::ParsedFile`, front matter as located YAML
//! trees) and gives the typed `Model` of the valid records plus diagnostics.
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
mod paper;
mod reader;
pub(crate) mod schema;

use std::collections::BTreeMap;
use std::sync::Arc;

use jiff::civil;

use crate::diag::Diagnostic;
use crate::load::ParsedFile;
use crate::model::{Afi, Inspection, Model, Paper, Span, Vocabulary};

pub(crate) use across::record_link_target;
use across::{cross_check, record_links};
pub(crate) use body::{BODY_OPTIONS, tables_fit};
pub(crate) use dates::{parse_date, parse_target};
use reader::Reader;
pub(crate) use reader::id_problem;

/// What validation needs besides the records.
pub(crate) struct Rules<'a> {
    pub(crate) vocabulary: &'a Vocabulary,
    /// Dates of things that happened may not be later than this.
    pub(crate) as_at: civil::Date,
}

/// Check every parsed file and build the model from the valid ones. `paths`
/// lists every record file found, so that links to any of them resolve.
pub(crate) fn validate(
    files: &[Arc<ParsedFile>],
    paths: &[String],
    rules: &Rules,
) -> (Model, Vec<Diagnostic>) {
    // Each file is read on its own, on all cores; the order of `files` is kept.
    use rayon::prelude::*;
    let read: Vec<Read> = files.par_iter().map(|file| read(file, rules)).collect();
    finish(read, files, paths)
}

/// What reading one file gave: its record, if its type and id could be
/// read, its problems, and the links in its text to record files.
type Read = (Option<Checked>, Vec<Diagnostic>, Vec<RecordLink>);

/// A link in a record's text to a record file, which must exist.
#[derive(Clone)]
struct RecordLink {
    /// As written.
    url: String,
    /// The repository path it points at.
    target: String,
    span: Span,
}

/// What each file gave when last read, kept by `serve` between rebuilds: a
/// file that is still the same (the same loaded file) is not read again.
#[derive(Default)]
pub(crate) struct ReadCache {
    as_at: Option<civil::Date>,
    files: BTreeMap<String, (Arc<ParsedFile>, Read)>,
}

/// `validate`, reading again only the files that changed since `cache` was
/// filled. The vocabulary must be the same as then; `serve` empties the
/// cache when the configuration changes.
pub(crate) fn validate_reusing(
    files: &[Arc<ParsedFile>],
    paths: &[String],
    rules: &Rules,
    cache: &mut ReadCache,
) -> (Model, Vec<Diagnostic>) {
    if cache.as_at != Some(rules.as_at) {
        *cache = ReadCache {
            as_at: Some(rules.as_at),
            ..ReadCache::default()
        };
    }
    use rayon::prelude::*;
    let read: Vec<Read> = files
        .par_iter()
        .map(|file| match cache.files.get(&file.path) {
            Some((same, earlier)) if Arc::ptr_eq(same, file) => earlier.clone(),
            _ => read(file, rules),
        })
        .collect();
    cache.files = files
        .iter()
        .zip(&read)
        .map(|(file, read)| (file.path.clone(), (Arc::clone(file), read.clone())))
        .collect();
    finish(read, files, paths)
}

/// One file's record and problems.
fn read(file: &ParsedFile, rules: &Rules) -> Read {
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
    (record, found, record_links(file))
}

/// The checks across records, and the model of the valid ones.
fn finish(
    read: Vec<Read>,
    files: &[Arc<ParsedFile>],
    paths: &[String],
) -> (Model, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut checked = Vec::new();
    let mut links = Vec::new();
    for (file, (record, found, file_links)) in files.iter().zip(read) {
        checked.extend(record);
        diagnostics.extend(found);
        links.extend(
            file_links
                .into_iter()
                .map(|link| (file.path.as_str(), link)),
        );
    }
    cross_check(&checked, &links, paths, &mut diagnostics);
    let mut model = Model::default();
    for record in checked {
        match record.typed {
            Some(Typed::Inspection(i)) => model.inspections.push(i),
            Some(Typed::Afi(a, _)) => model.afis.push(a),
            Some(Typed::Paper(p, _)) => model.papers.push(p),
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
#[derive(Clone)]
struct Checked {
    path: String,
    kind: &'static str,
    id: String,
    id_span: Span,
    typed: Option<Typed>,
}

#[derive(Clone)]
enum Typed {
    Inspection(Inspection),
    Afi(Afi, AfiRefs),
    Paper(Paper, Vec<Reference>),
}

/// A name a paper uses that must exist in another record.
#[derive(Clone)]
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
#[derive(Clone)]
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
