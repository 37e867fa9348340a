//! Which records a paper covers: every record, or the inspections,
//! programmes and frameworks it names (an appendix may name its own).

use std::collections::BTreeSet;

use crate::model::{Afi, Covers, Inspection, Model, Paper};

/// The files a paper prints from: its own, and those of the records it or
/// one of its appendices covers.
pub(crate) fn source_files<'m>(model: &'m Model, paper: &'m Paper) -> BTreeSet<&'m str> {
    let covers: Vec<&Covers> = std::iter::once(&paper.covers)
        .chain(paper.appendices.iter().map(|a| &a.covers))
        .collect();
    let inspections = model
        .inspections
        .iter()
        .filter(|i| covers.iter().any(|c| is_covered_inspection(c, i)))
        .map(|i| i.path.as_str());
    let afis = model
        .afis
        .iter()
        .filter(|a| covers.iter().any(|c| is_covered_afi(c, a, model)))
        .map(|a| a.path.as_str());
    std::iter::once(paper.path.as_str())
        .chain(inspections)
        .chain(afis)
        .collect()
}

pub(super) fn is_covered_inspection(covers: &Covers, inspection: &Inspection) -> bool {
    covers.all
        || covers.inspections.contains(&inspection.id)
        || inspection
            .programme
            .as_ref()
            .is_some_and(|p| covers.programmes.contains(p))
        || inspection
            .gradings
            .iter()
            .any(|g| covers.frameworks.contains(&g.framework))
}

pub(super) fn is_covered_afi(covers: &Covers, afi: &Afi, model: &Model) -> bool {
    covers.all
        || covers.inspections.contains(&afi.inspection)
        || afi
            .framework
            .as_ref()
            .is_some_and(|f| covers.frameworks.contains(f))
        || model
            .inspections
            .iter()
            .find(|i| i.id == afi.inspection)
            .and_then(|i| i.programme.as_ref())
            .is_some_and(|p| covers.programmes.contains(p))
}
