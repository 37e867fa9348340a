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
    // Hashed, not ordered: only looked up, and ids (and paths) share long
    // beginnings, which make ordered comparisons slow. Hashed a word at a
    // time (FxHash, from rustc), not by the standard SipHash, which guards
    // against keys chosen to collide and took half of these checks' time:
    // the keys here are the repository's own ids and paths.
    let mut by_id: FxHashMap<&str, &Checked> =
        FxHashMap::with_capacity_and_hasher(checked.len(), Default::default());
    for &record in checked {
        match by_id.get(record.id.as_str()) {
            Some(first) => diagnostics.push(
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
    let inspection_ids: Vec<&str> = checked
        .iter()
        .filter(|r| r.kind == "inspection")
        .map(|r| r.id.as_str())
        .collect();
    for record in checked {
        let Some(Typed::Afi(afi, refs)) = &record.typed else {
            continue;
        };
        match by_id.get(afi.inspection.as_str()) {
            None => diagnostics.push(
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
            Some(target) if target.kind != "inspection" => diagnostics.push(Diagnostic::error(
                "E023",
                &record.path,
                Some(refs.inspection),
                format!(
                    "`{}` is an {}, not an inspection",
                    afi.inspection, target.kind
                ),
            )),
            Some(target) => {
                if let Some(Typed::Inspection(inspection)) = &target.typed {
                    check_framework(record, afi, refs, inspection, diagnostics);
                }
            }
        }
    }
    for record in checked {
        if let Some(Typed::Paper(_, refs)) = &record.typed {
            check_paper_references(record, refs, checked, &by_id, diagnostics);
        }
    }
    let known: FxHashSet<&str> = paths.iter().map(String::as_str).collect();
    let every_link = links
        .iter()
        .flat_map(|(path, links)| links.iter().map(move |link| (path, link)));
    for (path, link) in every_link {
        if !known.contains(link.target.as_str()) {
            diagnostics.push(
                Diagnostic::error(
                    "E027",
                    path,
                    Some(link.span),
                    format!("link to `{}`, but there is no record file {}", link.url, link.target),
                )
                .with_help("link to a record by its path relative to this file, for example `../other-inspection/its-id.md`"),
            );
        }
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

fn check_framework(
    record: &Checked,
    afi: &Afi,
    refs: &AfiRefs,
    inspection: &Inspection,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if inspection.gradings.is_empty() {
        return;
    }
    let names: Vec<&str> = inspection
        .gradings
        .iter()
        .map(|g| g.framework.as_str())
        .collect();
    match (&afi.framework, refs.framework) {
        (None, _) => diagnostics.push(
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
        (Some(name), Some(span)) if !names.contains(&name.as_str()) => diagnostics.push(
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
        _ => {}
    }
}
