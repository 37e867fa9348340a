//! Which records a paper covers: every record, or the inspections,
//! programmes and frameworks it names (an appendix may name its own).

use crate::model::{Afi, Covers, Inspection, Model};

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
