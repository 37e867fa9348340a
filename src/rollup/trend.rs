//! The trend: how many AFIs stood in each roll-up group at the end of every
//! month, worked out with the same as-at rule as every other figure (no
//! stored snapshots). Each AFI is walked once through its updates while the
//! month ends advance, so the work grows with AFIs × months, not × updates.

use std::collections::BTreeMap;

use jiff::civil;

use crate::model::{Afi, Vocabulary};

/// The counts on one date of the trend.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct TrendPoint {
    pub(crate) date: civil::Date,
    /// Group id → AFIs in it on `date`, for every group of the vocabulary.
    pub(crate) counts: BTreeMap<String, u64>,
    pub(crate) total: u64,
}

/// How many month ends before the as-at date the trend shows one by one;
/// before them it keeps one point a year.
pub(crate) const TREND_MONTHS: usize = 120;
/// How many year ends before those months it keeps at most, so that no date
/// (a typed `1001` or a far as-at date) makes the trend grow without bound.
pub(crate) const TREND_YEARS: usize = 100;

/// The trend's dates: from the month the first of `afis` was raised, the last
/// day of every month of the ten years before `as_at` and the last day of
/// every year before them (at most a hundred), then `as_at` itself; empty
/// when none was raised by `as_at`.
pub(crate) fn trend_dates<'a>(
    afis: impl Iterator<Item = &'a Afi>,
    as_at: civil::Date,
) -> Vec<civil::Date> {
    let Some(first) = afis
        .map(|a| a.raised.first_day())
        .filter(|d| *d <= as_at)
        .min()
    else {
        return Vec::new();
    };
    let mut month_ends = Vec::new();
    let mut month_end = as_at.first_of_month().yesterday().ok();
    while let Some(end) = month_end.filter(|end| *end >= first && month_ends.len() < TREND_MONTHS) {
        month_ends.push(end);
        month_end = end.first_of_month().yesterday().ok();
    }
    // The last year end on or before the first month end left out.
    let mut year_end = month_end.and_then(|end| match end.month() {
        12 => Some(end),
        _ => end.first_of_year().yesterday().ok(),
    });
    let mut year_ends = Vec::new();
    while let Some(end) = year_end.filter(|end| *end >= first && year_ends.len() < TREND_YEARS) {
        year_ends.push(end);
        year_end = end.first_of_year().yesterday().ok();
    }
    let mut dates: Vec<civil::Date> = year_ends.into_iter().rev().collect();
    dates.extend(month_ends.into_iter().rev());
    dates.push(as_at);
    dates
}

/// The roll-up group counts of `afis` on each of `dates` (in order).
pub(crate) fn trend<'a>(
    afis: impl Iterator<Item = &'a Afi>,
    vocabulary: &Vocabulary,
    dates: &[civil::Date],
) -> Vec<TrendPoint> {
    let mut tally = Tally::new(vocabulary, dates);
    afis.for_each(|afi| tally.count(afi, 1));
    let groups = &vocabulary.groups;
    dates
        .iter()
        .zip(tally.totals)
        .enumerate()
        .map(|(at, (date, total))| TrendPoint {
            date: *date,
            counts: groups
                .iter()
                .zip(&tally.counts[at * groups.len()..(at + 1) * groups.len()])
                .map(|(g, count)| (g.id.clone(), count.unsigned_abs()))
                .collect(),
            total: total.unsigned_abs(),
        })
        .collect()
}

/// `points`, the trend of some AFIs, made the trend of those AFIs without
/// `gone` and with `come`: each AFI's part in a trend is its own, so the
/// parts of the changed AFIs are taken out and put in again. The dates of
/// `points` must be those the trend of the AFIs afterwards would have.
pub(crate) fn shift_trend(
    points: &mut [TrendPoint],
    vocabulary: &Vocabulary,
    gone: &[&Afi],
    come: &[&Afi],
) {
    let dates: Vec<civil::Date> = points.iter().map(|p| p.date).collect();
    let mut tally = Tally::new(vocabulary, &dates);
    gone.iter().for_each(|afi| tally.count(afi, -1));
    come.iter().for_each(|afi| tally.count(afi, 1));
    let groups = &vocabulary.groups;
    for (at, point) in points.iter_mut().enumerate() {
        let shift = &tally.counts[at * groups.len()..(at + 1) * groups.len()];
        for (group, by) in groups.iter().zip(shift) {
            if let Some(count) = point.counts.get_mut(&group.id) {
                *count = count.saturating_add_signed(*by);
            }
        }
        point.total = point.total.saturating_add_signed(tally.totals[at]);
    }
}

/// Counts by date and group, to which each AFI adds (or takes away) one on
/// every date from the month it was raised.
struct Tally<'v> {
    vocabulary: &'v Vocabulary,
    dates: &'v [civil::Date],
    /// Each status's group as an index, found once per status rather than
    /// once per AFI and month: counting is then a plain array increment.
    group_of: BTreeMap<&'v str, usize>,
    /// By date, then group.
    counts: Vec<i64>,
    totals: Vec<i64>,
    /// The updates in force of the AFI being counted, kept to reuse.
    in_force: Vec<(civil::Date, &'v str)>,
}

impl<'v> Tally<'v> {
    fn new(vocabulary: &'v Vocabulary, dates: &'v [civil::Date]) -> Self {
        let groups = &vocabulary.groups;
        let group_of = vocabulary
            .statuses
            .iter()
            .filter_map(|s| {
                let group = groups.iter().position(|g| g.id == s.group)?;
                Some((s.id.as_str(), group))
            })
            .collect();
        Tally {
            vocabulary,
            dates,
            group_of,
            counts: vec![0; dates.len() * groups.len()],
            totals: vec![0; dates.len()],
            in_force: Vec::new(),
        }
    }

    /// Add `by` for `afi` on each date, in the group it stood in then.
    fn count(&mut self, afi: &'v Afi, by: i64) {
        let groups = self.vocabulary.groups.len();
        let raised = afi.raised.first_day();
        updates_in_force(afi, &mut self.in_force);
        let mut next = 0;
        let mut group = self
            .group_of
            .get(match afi.updates.is_empty() {
                true => afi.status.as_str(),
                false => self.vocabulary.initial.as_str(),
            })
            .copied();
        let first = self.dates.partition_point(|date| *date < raised);
        for (at, date) in self.dates.iter().enumerate().skip(first) {
            while let Some((from, status)) = self.in_force.get(next) {
                if from > date {
                    break;
                }
                group = self.group_of.get(status).copied();
                next += 1;
            }
            if let Some(group) = group {
                self.counts[at * groups + group] += by;
            }
            self.totals[at] += by;
        }
    }
}

/// The updates of `afi` that are ever in force, with the day each takes
/// effect, in date order. On a date the status is that of the last update
/// (in the record's order) dated on or before it (`status_on`); an update
/// dated by month counts from the first of the month, so it can start before
/// a day-dated update written above it, which is then never in force.
fn updates_in_force<'a>(afi: &'a Afi, out: &mut Vec<(civil::Date, &'a str)>) {
    out.clear();
    let mut later_start: Option<civil::Date> = None;
    for update in afi.updates.iter().rev() {
        let from = update.date.first_day();
        if later_start.is_none_or(|later| from < later) {
            out.push((from, update.status.as_str()));
            later_start = Some(from);
        }
    }
    out.reverse();
}
