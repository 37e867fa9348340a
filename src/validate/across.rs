//! The checks across records, run once every file has been read: ids are
//! unique, AFIs name an inspection and a framework it grades, papers name
//! records, programmes and frameworks that exist, and links in records' text
//! to `.md` files reach record files.

use rustc_hash::{FxHashMap, FxHashSet};

use crate::diag::Diagnostic;
use crate::diag::suggest::did_you_mean;
use crate::model::{Afi, Inspection};

use super::reader::list_names;
use super::{AfiRefs, Checked, RecordLink, Reference, ReferenceKind, Typed};

/// Checks across records: unique ids, AFIs' inspections and frameworks, links.
pub(super) fn cross_check(
    checked: &[&Checked],
    links: &[(&str, &[RecordLink])],
    paths: &[String],
    diagnostics: &mut Vec<Diagnostic>,
) {
    use rayon::prelude::*;
    // The ids and the paths are indexed side by side, and the AFIs' and the
    // links' lookups made on all cores: these checks run alone, after every
    // file is read, and took a twentieth of a `check` of 100,000 records on
    // one core. Hashed, not ordered: only looked up, and ids and paths share
    // long beginnings, which make ordered comparisons slow. Hashed a word at
    // a time (FxHash, from rustc), not by the standard SipHash, which guards
    // against keys chosen to collide and took half of these checks' time:
    // the keys here are the repository's own ids and paths.
    let ((by_id, repeated), known) = rayon::join(
        || index_ids(checked),
        || {
            paths
                .iter()
                .map(String::as_str)
                .collect::<FxHashSet<&str>>()
        },
    );
    diagnostics.extend(repeated);
    let inspection_ids: Vec<&str> = checked
        .iter()
        .filter(|r| r.kind == "inspection")
        .map(|r| r.id.as_str())
        .collect();
    let afi_problems: Vec<Diagnostic> = checked
        .par_iter()
        .filter_map(|record| afi_problem(record, &by_id, &inspection_ids))
        .collect();
    diagnostics.extend(afi_problems);
    for record in checked {
        if let Some(Typed::Paper(_, refs)) = &record.typed {
            check_paper_references(record, refs, checked, &by_id, diagnostics);
        }
    }
    let link_problems: Vec<Diagnostic> = links
        .par_iter()
        .flat_map_iter(|&(path, links)| {
            let broken = links.iter().filter(|link| !known.contains(link.target.as_str()));
            broken.map(move |link| {
                Diagnostic::error(
                    "E027",
                    path,
                    Some(link.span),
                    format!("link to `{}`, but there is no record file {}", link.url, link.target),
                )
                .with_help("link to a record by its path relative to this file, for example `../other-inspection/its-id.md`")
            })
        })
        .collect();
    diagnostics.extend(link_problems);
}

/// Every record by its id, the first where two share one, and a problem for
/// each record whose id is already taken.
fn index_ids<'c>(checked: &[&'c Checked]) -> (FxHashMap<&'c str, &'c Checked>, Vec<Diagnostic>) {
    let mut by_id: FxHashMap<&str, &Checked> =
        FxHashMap::with_capacity_and_hasher(checked.len(), Default::default());
    let mut repeated = Vec::new();
    for &record in checked {
        match by_id.get(record.id.as_str()) {
            Some(first) => repeated.push(
                Diagnostic::error(
                    "E016",
                    &record.path,
                    Some(record.id_span),
                    format!("id `{}` is already used by {}", record.id, first.path),
                )
                .with_help("every record needs its own id; give this one a new id and file name"),
            ),
            None => {
                by_id.insert(&record.id, record);
            }
        }
    }
    (by_id, repeated)
}

/// The problem with an AFI's inspection or framework, if it has one.
fn afi_problem(
    record: &Checked,
    by_id: &FxHashMap<&str, &Checked>,
    inspection_ids: &[&str],
) -> Option<Diagnostic> {
    let Some(Typed::Afi(afi, refs)) = &record.typed else {
        return None;
    };
    match by_id.get(afi.inspection.as_str()) {
        None => Some(
            Diagnostic::error(
                "E023",
                &record.path,
                Some(refs.inspection),
                format!("no inspection has the id `{}`", afi.inspection),
            )
            .with_help(
                match did_you_mean(&afi.inspection, inspection_ids.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "`inspection` must be the id of an inspection record".to_owned(),
                },
            ),
        ),
        Some(target) if target.kind != "inspection" => Some(Diagnostic::error(
            "E023",
            &record.path,
            Some(refs.inspection),
            format!(
                "`{}` is an {}, not an inspection",
                afi.inspection, target.kind
            ),
        )),
        Some(target) => match &target.typed {
            Some(Typed::Inspection(inspection)) => framework_problem(record, afi, refs, inspection),
            _ => None,
        },
    }
}

/// A paper's `follows`, `covers` and appendices must name records, programmes
/// and frameworks that exist.
fn check_paper_references(
    record: &Checked,
    refs: &[Reference],
    checked: &[&Checked],
    by_id: &FxHashMap<&str, &Checked>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let inspections: Vec<&Inspection> = checked
        .iter()
        .filter_map(|c| match &c.typed {
            Some(Typed::Inspection(i)) => Some(&**i),
            _ => None,
        })
        .collect();
    let ids_of = |kind: &str| -> Vec<&str> {
        checked
            .iter()
            .filter(|c| c.kind == kind)
            .map(|c| c.id.as_str())
            .collect()
    };
    let mut programmes: Vec<&str> = inspections
        .iter()
        .filter_map(|i| i.programme.as_deref())
        .collect();
    programmes.sort_unstable();
    programmes.dedup();
    let mut frameworks: Vec<&str> = inspections
        .iter()
        .flat_map(|i| i.gradings.iter().map(|g| g.framework.as_str()))
        .collect();
    frameworks.sort_unstable();
    frameworks.dedup();
    for reference in refs {
        let (what, known, kind_ok): (&str, Vec<&str>, bool) = match reference.kind {
            ReferenceKind::Paper => (
                "paper",
                ids_of("paper"),
                by_id
                    .get(reference.name.as_str())
                    .is_some_and(|c| c.kind == "paper"),
            ),
            ReferenceKind::Inspection => (
                "inspection",
                ids_of("inspection"),
                by_id
                    .get(reference.name.as_str())
                    .is_some_and(|c| c.kind == "inspection"),
            ),
            ReferenceKind::Programme => (
                "programme",
                programmes.clone(),
                programmes.contains(&reference.name.as_str()),
            ),
            ReferenceKind::Framework => (
                "graded framework",
                frameworks.clone(),
                frameworks.contains(&reference.name.as_str()),
            ),
        };
        if kind_ok {
            continue;
        }
        diagnostics.push(
            Diagnostic::error(
                "E023",
                &record.path,
                Some(reference.span),
                format!("no {what} is called `{}`", reference.name),
            )
            .with_help(match did_you_mean(&reference.name, known.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("name a {what} that the records hold"),
            }),
        );
    }
}

/// The problem with an AFI's framework, if its inspection grades any.
fn framework_problem(
    record: &Checked,
    afi: &Afi,
    refs: &AfiRefs,
    inspection: &Inspection,
) -> Option<Diagnostic> {
    let graded = |name: &str| inspection.gradings.iter().any(|g| g.framework == name);
    if inspection.gradings.is_empty() || afi.framework.as_deref().is_some_and(graded) {
        return None;
    }
    let names: Vec<&str> = inspection
        .gradings
        .iter()
        .map(|g| g.framework.as_str())
        .collect();
    match (&afi.framework, refs.framework) {
        (None, _) => Some(
            Diagnostic::error(
                "E024",
                &record.path,
                Some(record.id_span),
                format!(
                    "missing field `framework`: inspection `{}` grades frameworks",
                    inspection.id
                ),
            )
            .with_help(format!(
                "add `framework:` with one of {}",
                list_names(&names)
            )),
        ),
        (Some(name), Some(span)) => Some(
            Diagnostic::error(
                "E024",
                &record.path,
                Some(span),
                format!(
                    "framework `{name}` is not graded by inspection `{}`",
                    inspection.id
                ),
            )
            .with_help(match did_you_mean(name, names.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("the inspection grades {}", list_names(&names)),
            }),
        ),
        (Some(_), None) => None,
    }
}
