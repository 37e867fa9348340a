//! Roll-ups as at a date: pure functions over the model. The status of an AFI
//! on a date is the status of its newest update on or before that date; every
//! figure here is derived from that, so a report rebuilt later with the same
//! as-at date says the same thing.

mod movement;
mod reconcile;
mod state;
#[cfg(test)]
mod tests;
mod trend;
mod update;

pub(crate) use movement::{Move, Movement, movement};
pub(crate) use reconcile::{ReconciledLine, Reconciliation};
pub(crate) use state::{AWAITED_GROUP, AfiState, Rag, Silence, afi_state, due_on, status_on};
pub(crate) use trend::{TrendPoint, trend, trend_dates};
pub(crate) use update::Replaced;

use std::collections::BTreeMap;
use std::sync::Arc;

use jiff::civil;

use crate::model::{Afi, Inspection, Model, Vocabulary};
use reconcile::reconcile;

/// An AFI's id as the roll-up holds it: made once, with its state, and
/// shared by every slice and list that names the AFI (six slices each, so
/// 100,000 AFIs' ids would otherwise be copied 600,000 times).
pub(crate) type AfiId = Arc<str>;

/// Counts of AFIs by roll-up group and by status.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    pub(crate) total: u64,
    /// Group id → count, for every group of the vocabulary (zeros included).
    pub(crate) groups: BTreeMap<String, u64>,
    pub(crate) statuses: BTreeMap<String, u64>,
    pub(crate) open: u64,
    pub(crate) overdue: u64,
    /// Open and due within `DUE_SOON_DAYS`.
    pub(crate) due_soon: u64,
    /// Open with no update for more than the stale period.
    pub(crate) silent: u64,
    /// The most days any open AFI has gone without an update; `None` with
    /// no open AFI.
    pub(crate) longest_silence: Option<i32>,
    /// AFIs whose newest update had been quality-assessed and accepted.
    pub(crate) assessed: u64,
    /// AFIs whose newest update had not (yet) been assessed; AFIs with no
    /// update are in neither count.
    pub(crate) awaiting_assessment: u64,
}

impl Counts {
    /// Zero for every group and status of the vocabulary.
    pub(crate) fn new(vocabulary: &Vocabulary) -> Counts {
        Counts {
            groups: vocabulary
                .groups
                .iter()
                .map(|g| (g.id.clone(), 0))
                .collect(),
            statuses: vocabulary
                .statuses
                .iter()
                .map(|s| (s.id.clone(), 0))
                .collect(),
            ..Counts::default()
        }
    }

    fn add(&mut self, state: &AfiState) {
        self.total += 1;
        count_in(&mut self.groups, &state.group);
        count_in(&mut self.statuses, &state.status);
        self.open += u64::from(state.open);
        self.overdue += u64::from(state.days_overdue.is_some());
        self.due_soon += u64::from(state.days_to_due.is_some());
        self.silent += u64::from(state.days_silent.is_some());
        self.longest_silence = self.longest_silence.max(state.days_since_update);
        self.assessed += u64::from(state.assessed == Some(true));
        self.awaiting_assessment += u64::from(state.assessed == Some(false));
    }
}

/// One more for `key`, copying the key only when it is not there yet (it
/// always is for a group or status of the vocabulary).
fn count_in(counts: &mut BTreeMap<String, u64>, key: &str) {
    match counts.get_mut(key) {
        Some(count) => *count += 1,
        None => {
            counts.insert(key.to_owned(), 1);
        }
    }
}

/// One line of a breakdown: the AFIs sharing a value (an owner, a framework …).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Slice {
    /// The value, such as the owner's name; `None` for AFIs without one.
    pub(crate) name: Option<String>,
    pub(crate) counts: Counts,
    /// The AFIs, in id order.
    pub(crate) afis: Vec<AfiId>,
}

/// A way of grouping AFIs into the slices of a breakdown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Dimension {
    Inspection,
    Programme,
    Body,
    Framework,
    Owner,
    Theme,
}

impl Dimension {
    pub(crate) const ALL: [Dimension; 6] = [
        Dimension::Inspection,
        Dimension::Programme,
        Dimension::Body,
        Dimension::Framework,
        Dimension::Owner,
        Dimension::Theme,
    ];

    /// The name of the slice `afi` is in; `None` for AFIs without one.
    fn name_of<'a>(self, afi: &'a Afi, inspections: &ById<'a>) -> Option<&'a str> {
        let inspection = || inspections.get(afi.inspection.as_str());
        match self {
            Dimension::Inspection => Some(&afi.inspection),
            Dimension::Programme => inspection().and_then(|i| i.programme.as_deref()),
            Dimension::Body => inspection().map(|i| i.body.as_str()),
            Dimension::Framework => afi.framework.as_deref(),
            Dimension::Owner => afi.owner.as_deref(),
            Dimension::Theme => afi.theme.as_deref(),
        }
    }
}

/// The inspections of a model by id.
type ById<'a> = BTreeMap<&'a str, &'a Inspection>;

fn inspections_by_id(model: &Model) -> ById<'_> {
    model
        .inspections
        .iter()
        .map(|i| (i.id.as_str(), &**i))
        .collect()
}

/// All roll-ups of a model as at a date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Rollup {
    pub(crate) as_at: civil::Date,
    pub(crate) since: civil::Date,
    pub(crate) silence: Silence,
    /// The state of every AFI raised by `as_at`, in id order.
    pub(crate) states: BTreeMap<AfiId, AfiState>,
    pub(crate) overall: Counts,
    pub(crate) by_inspection: Vec<Slice>,
    pub(crate) by_programme: Vec<Slice>,
    pub(crate) by_body: Vec<Slice>,
    pub(crate) by_framework: Vec<Slice>,
    pub(crate) by_owner: Vec<Slice>,
    pub(crate) by_theme: Vec<Slice>,
    /// Overdue AFIs by ageing bucket: 1–30, 31–90 and over 90 days past due.
    pub(crate) ageing: [Vec<AfiId>; 3],
    pub(crate) due_soon: Vec<AfiId>,
    /// Open with no update for more than the stale period.
    pub(crate) silent: Vec<AfiId>,
    pub(crate) slipped: Vec<AfiId>,
    pub(crate) movement: Movement,
    /// Every AFI's roll-up group at the end of each month, to `as_at`.
    pub(crate) trend: Vec<TrendPoint>,
    pub(crate) reconciliations: Vec<Reconciliation>,
}

impl Rollup {
    /// The breakdown by `dimension`.
    pub(crate) fn slices(&self, dimension: Dimension) -> &Vec<Slice> {
        match dimension {
            Dimension::Inspection => &self.by_inspection,
            Dimension::Programme => &self.by_programme,
            Dimension::Body => &self.by_body,
            Dimension::Framework => &self.by_framework,
            Dimension::Owner => &self.by_owner,
            Dimension::Theme => &self.by_theme,
        }
    }

    fn slices_mut(&mut self, dimension: Dimension) -> &mut Vec<Slice> {
        match dimension {
            Dimension::Inspection => &mut self.by_inspection,
            Dimension::Programme => &mut self.by_programme,
            Dimension::Body => &mut self.by_body,
            Dimension::Framework => &mut self.by_framework,
            Dimension::Owner => &mut self.by_owner,
            Dimension::Theme => &mut self.by_theme,
        }
    }
}

/// Roll up `model` as at `as_at`, with movement since `since`.
pub(crate) fn rollup(
    model: &Model,
    vocabulary: &Vocabulary,
    as_at: civil::Date,
    since: civil::Date,
    silence: Silence,
) -> Rollup {
    let states: BTreeMap<AfiId, AfiState> = model
        .afis
        .iter()
        .filter_map(|a| afi_state(a, as_at, vocabulary, silence))
        .map(|s| (s.id.clone(), s))
        .collect();
    let inspections = inspections_by_id(model);
    // Each AFI with its state, in the model's (id) order, looked up once for
    // all the breakdowns.
    let stated: Vec<(&Afi, &AfiState)> = model
        .afis
        .iter()
        .filter_map(|a| Some((&**a, states.get(a.id.as_str())?)))
        .collect();
    let slices =
        |dimension: Dimension| slice(&stated, vocabulary, &|a| dimension.name_of(a, &inspections));
    let lists = Lists::of(&states);
    Rollup {
        as_at,
        since,
        silence,
        overall: overall(&states, vocabulary),
        by_inspection: slices(Dimension::Inspection),
        by_programme: slices(Dimension::Programme),
        by_body: slices(Dimension::Body),
        by_framework: slices(Dimension::Framework),
        by_owner: slices(Dimension::Owner),
        by_theme: slices(Dimension::Theme),
        ageing: lists.ageing,
        due_soon: lists.due_soon,
        silent: lists.silent,
        slipped: lists.slipped,
        movement: movement(model, vocabulary, since, as_at),
        trend: trend(
            model.afis.iter().map(|a| &**a),
            vocabulary,
            &trend_dates(model.afis.iter().map(|a| &**a), as_at),
        ),
        reconciliations: reconcile(model, vocabulary),
        states,
    }
}

/// The counts of every AFI with a state.
fn overall(states: &BTreeMap<AfiId, AfiState>, vocabulary: &Vocabulary) -> Counts {
    let mut overall = Counts::new(vocabulary);
    states.values().for_each(|s| overall.add(s));
    overall
}

/// The lists of AFIs a roll-up names, each in id order.
struct Lists {
    ageing: [Vec<AfiId>; 3],
    due_soon: Vec<AfiId>,
    silent: Vec<AfiId>,
    slipped: Vec<AfiId>,
}

impl Lists {
    fn of(states: &BTreeMap<AfiId, AfiState>) -> Lists {
        let mut ageing: [Vec<AfiId>; 3] = Default::default();
        for state in states.values() {
            if let Some(days) = state.days_overdue {
                let bucket = match days {
                    ..=30 => 0,
                    31..=90 => 1,
                    _ => 2,
                };
                ageing[bucket].push(state.id.clone());
            }
        }
        let pick = |test: &dyn Fn(&AfiState) -> bool| {
            states
                .values()
                .filter(|s| test(s))
                .map(|s| s.id.clone())
                .collect::<Vec<_>>()
        };
        Lists {
            ageing,
            due_soon: pick(&|s| s.days_to_due.is_some()),
            silent: pick(&|s| s.days_silent.is_some()),
            slipped: pick(&|s| s.revisions > 0),
        }
    }
}

/// Group the AFIs (each with its state) by `key`, in name order with the
/// AFIs without one last.
fn slice<'a>(
    stated: &[(&'a Afi, &AfiState)],
    vocabulary: &Vocabulary,
    key: &dyn Fn(&'a Afi) -> Option<&'a str>,
) -> Vec<Slice> {
    let mut by_name: BTreeMap<(bool, Option<&str>), Slice> = BTreeMap::new();
    for (afi, state) in stated {
        let name = key(afi);
        let entry = by_name
            .entry((name.is_none(), name))
            .or_insert_with(|| Slice {
                name: name.map(str::to_owned),
                counts: Counts::new(vocabulary),
                afis: Vec::new(),
            });
        entry.counts.add(state);
        entry.afis.push(state.id.clone());
    }
    by_name.into_values().collect()
}
