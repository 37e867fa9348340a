//! Published figures beside the records: each count a paper published about
//! an inspection's AFIs, next to what the records give as at its date.

use std::collections::BTreeMap;

use jiff::civil;

use super::Counts;
use super::state::{Silence, afi_state};
use crate::model::{Afi, Model, Vocabulary};

/// Figures a paper published beside the figures the records give as at the
/// paper's date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Reconciliation {
    pub(crate) inspection: String,
    pub(crate) date: civil::Date,
    pub(crate) source: Option<String>,
    pub(crate) note: Option<String>,
    pub(crate) lines: Vec<ReconciledLine>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ReconciledLine {
    /// `None` for the whole inspection, else the framework or theme.
    pub(crate) name: Option<String>,
    pub(crate) published_total: u64,
    pub(crate) records_total: u64,
    /// Group id, published count (`None` where the paper did not publish
    /// one), count in the records.
    pub(crate) groups: Vec<(String, Option<u64>, u64)>,
    /// What the published groups add up to, when that cannot match the
    /// published total (`Breakdown::unbalanced_sum`).
    pub(crate) unbalanced_sum: Option<u64>,
}

/// Only the groups are counted here, so silence does not matter.
const NEVER_SILENT: Silence = Silence {
    amber_after_days: u32::MAX,
    red_after_days: u32::MAX,
};

/// Each inspection's published counts beside the records' figures as at the
/// date they were published.
pub(super) fn reconcile(model: &Model, vocabulary: &Vocabulary) -> Vec<Reconciliation> {
    let mut out = Vec::new();
    let mut by_inspection: BTreeMap<&str, Vec<&Afi>> = BTreeMap::new();
    for afi in &model.afis {
        by_inspection.entry(&afi.inspection).or_default().push(afi);
    }
    for inspection in &model.inspections {
        let afis = by_inspection
            .get(inspection.id.as_str())
            .map_or(&[][..], Vec::as_slice);
        for published in &inspection.published_counts {
            let date = published.date.last_day();
            let groups_on = |filter: &dyn Fn(&Afi) -> bool| {
                let mut counts = Counts::new(vocabulary);
                for afi in afis.iter().filter(|a| filter(a)) {
                    if let Some(state) = afi_state(afi, date, vocabulary, NEVER_SILENT) {
                        counts.add(&state);
                    }
                }
                counts
            };
            let line = |breakdown: &crate::model::Breakdown, counts: Counts| ReconciledLine {
                name: breakdown.name.clone(),
                published_total: breakdown.total,
                records_total: counts.total,
                unbalanced_sum: breakdown.unbalanced_sum(vocabulary.groups.len()),
                groups: vocabulary
                    .groups
                    .iter()
                    .map(|g| {
                        let published = breakdown
                            .groups
                            .iter()
                            .find(|(id, _)| *id == g.id)
                            .map(|(_, n)| *n);
                        (
                            g.id.clone(),
                            published,
                            counts.groups.get(&g.id).copied().unwrap_or(0),
                        )
                    })
                    .collect(),
            };
            let mut lines = vec![line(&published.overall, groups_on(&|_| true))];
            for b in &published.frameworks {
                lines.push(line(b, groups_on(&|a| a.framework == b.name)));
            }
            for b in &published.themes {
                lines.push(line(b, groups_on(&|a| a.theme == b.name)));
            }
            out.push(Reconciliation {
                inspection: inspection.id.clone(),
                date,
                source: published.source.clone(),
                note: published.note.clone(),
                lines,
            });
        }
    }
    out
}
