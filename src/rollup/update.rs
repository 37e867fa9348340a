//! A roll-up brought up to date after a change to a few AFIs, for `serve`:
//! only the changed AFIs' states are worked out again, only the slices they
//! were or are in are counted again, and the trend is shifted by their own
//! parts in it. The result is the roll-up `rollup` would make of the new
//! model (`tests/update.rs` compares the two after every kind of change).

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::model::{Afi, Model, Vocabulary};

use super::AfiId;
use super::trend::shift_trend;
use super::{
    AfiState, Counts, Dimension, Lists, Rollup, Slice, afi_state, inspections_by_id, movement,
    overall, reconcile, trend, trend_dates,
};

/// What an update replaced, for finding what else changed with it.
#[derive(Debug, Default)]
pub(crate) struct Replaced {
    /// Every AFI changed, added or removed, by id, with its state before
    /// (`None` when it had none).
    pub(crate) states: Vec<(String, Option<AfiState>)>,
    /// Every slice counted again, with what it was before (`None` when it
    /// is new).
    pub(crate) slices: Vec<(Dimension, Option<String>, Option<Slice>)>,
}

/// Above this many changed AFIs (a branch checked out, say), the whole
/// roll-up is made again: it costs no more, and is the simpler path.
const MOST_CHANGED: usize = 200;

impl Rollup {
    /// Bring this roll-up of `old` up to date for `new`, made as at the
    /// same dates with the same vocabulary. `None`, with the roll-up left as
    /// it was, when that is not a matter of a few AFIs: an inspection changed
    /// (its programme, body and published figures show in every count of
    /// its AFIs), or too many AFIs did.
    pub(crate) fn update(
        &mut self,
        old: &Model,
        new: &Model,
        vocabulary: &Vocabulary,
    ) -> Option<Replaced> {
        if old.inspections != new.inspections {
            return None;
        }
        let (gone, come) = changed_afis(old, new)?;
        let mut replaced = Replaced::default();
        for afi in &gone {
            replaced
                .states
                .push((afi.id.clone(), self.states.remove(afi.id.as_str())));
        }
        for afi in &come {
            if !gone.iter().any(|g| g.id == afi.id) {
                replaced.states.push((afi.id.clone(), None));
            }
            if let Some(state) = afi_state(afi, self.as_at, vocabulary, self.silence) {
                self.states.insert(state.id.clone(), state);
            }
        }
        let inspections = inspections_by_id(new);
        let states = std::mem::take(&mut self.states);
        for dimension in Dimension::ALL {
            let mut names: Vec<Option<&str>> = (gone.iter().chain(&come))
                .map(|a| dimension.name_of(a, &inspections))
                .collect();
            names.sort_unstable();
            names.dedup();
            for name in names {
                let members = come
                    .iter()
                    .filter(|a| dimension.name_of(a, &inspections) == name);
                let slices = self.slices_mut(dimension);
                let before = recount(slices, &states, vocabulary, name, &gone, members);
                replaced
                    .slices
                    .push((dimension, name.map(str::to_owned), before));
            }
        }
        self.states = states;
        self.overall = overall(&self.states, vocabulary);
        let lists = Lists::of(&self.states);
        self.ageing = lists.ageing;
        self.due_soon = lists.due_soon;
        self.silent = lists.silent;
        self.slipped = lists.slipped;
        self.movement = movement(new, vocabulary, self.since, self.as_at);
        let afis = || new.afis.iter().map(|a| &**a);
        let dates = trend_dates(afis(), self.as_at);
        if self.trend.iter().map(|p| p.date).eq(dates.iter().copied()) {
            shift_trend(&mut self.trend, vocabulary, &gone, &come);
        } else {
            self.trend = trend(afis(), vocabulary, &dates);
        }
        self.reconciliations = reconcile(new, vocabulary);
        Some(replaced)
    }
}

/// The AFIs of `old` that `new` changed or removed, and those of `new` that
/// it changed or added; `None` when there are too many. Both lists of AFIs
/// are in id order, and an unchanged AFI is the same shared record in both.
fn changed_afis<'m>(old: &'m Model, new: &'m Model) -> Option<(Vec<&'m Afi>, Vec<&'m Afi>)> {
    let (mut gone, mut come) = (Vec::new(), Vec::new());
    let (mut before, mut after) = (old.afis.iter().peekable(), new.afis.iter().peekable());
    loop {
        match (before.peek(), after.peek()) {
            (None, None) => break,
            (Some(a), Some(b)) if a.id == b.id => {
                if !Arc::ptr_eq(a, b) && a != b {
                    gone.push(&***a);
                    come.push(&***b);
                }
                before.next();
                after.next();
            }
            (Some(a), Some(b)) if a.id < b.id => {
                gone.push(&***a);
                before.next();
            }
            (Some(a), None) => {
                gone.push(&***a);
                before.next();
            }
            (_, Some(b)) => {
                come.push(&***b);
                after.next();
            }
        }
        if gone.len() + come.len() > MOST_CHANGED {
            return None;
        }
    }
    Some((gone, come))
}

/// Count the slice `name` of `slices` again, without the AFIs `gone` and
/// with `come` (those of the changed AFIs now in it); the slice goes when
/// no AFI is left in it and appears when its first comes. Returns the slice
/// as it was.
fn recount<'a>(
    slices: &mut Vec<Slice>,
    states: &BTreeMap<AfiId, AfiState>,
    vocabulary: &Vocabulary,
    name: Option<&str>,
    gone: &[&Afi],
    come: impl Iterator<Item = &'a &'a Afi>,
) -> Option<Slice> {
    let key = (name.is_none(), name);
    let at = slices.binary_search_by(|s| (s.name.is_none(), s.name.as_deref()).cmp(&key));
    let before = at.ok().map(|at| slices.remove(at));
    let mut afis: Vec<AfiId> = before.as_ref().map_or_else(Vec::new, |s| {
        s.afis
            .iter()
            .filter(|id| !gone.iter().any(|g| *g.id == ***id))
            .cloned()
            .collect()
    });
    afis.extend(
        come.filter_map(|a| states.get(a.id.as_str()))
            .map(|state| state.id.clone()),
    );
    afis.sort_unstable();
    let mut counts = Counts::new(vocabulary);
    afis.iter()
        .filter_map(|id| states.get(&**id))
        .for_each(|s| counts.add(s));
    let slice = Slice {
        name: name.map(str::to_owned),
        counts,
        afis,
    };
    if !slice.afis.is_empty() {
        slices.insert(at.unwrap_or_else(|at| at), slice);
    }
    before
}
