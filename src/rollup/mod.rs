//! Roll-ups as at a date: pure functions over the model. The status of an AFI
//! on a date is the status of its newest update on or before that date; every
//! figure here is derived from that, so a report rebuilt later with the same
//! as-at date says the same thing.

use std::collections::BTreeMap;

use jiff::civil;

use crate::model::{Afi, Inspection, Model, Target, Vocabulary};

/// Days before its target within which an open AFI is "due soon".
pub(crate) const DUE_SOON_DAYS: i32 = 30;

/// The status of `afi` on `date`, or `None` if it had not been raised yet.
/// Before its first update an AFI has the vocabulary's initial status; with no
/// updates at all, its `status` holds from the day it was raised.
pub(crate) fn status_on<'a>(
    afi: &'a Afi,
    date: civil::Date,
    vocabulary: &'a Vocabulary,
) -> Option<&'a str> {
    if afi.raised.first_day() > date {
        return None;
    }
    if afi.updates.is_empty() {
        return Some(&afi.status);
    }
    let newest = afi
        .updates
        .iter()
        .rev()
        .find(|u| u.date.first_day() <= date);
    Some(newest.map_or(vocabulary.initial.as_str(), |u| u.status.as_str()))
}

/// The target in force on `date`: the newest revision on or before it, else
/// the original `due`.
pub(crate) fn due_on(afi: &Afi, date: civil::Date) -> Option<Target> {
    afi.updates
        .iter()
        .rev()
        .filter(|u| u.date.first_day() <= date)
        .find_map(|u| u.due)
        .or(afi.due)
}

/// How many times the target was revised on or before `date`.
pub(crate) fn revisions_on(afi: &Afi, date: civil::Date) -> usize {
    afi.updates
        .iter()
        .filter(|u| u.due.is_some() && u.date.first_day() <= date)
        .count()
}

/// The date of the newest update on or before `date`, else when it was raised.
pub(crate) fn last_activity(afi: &Afi, date: civil::Date) -> civil::Date {
    afi.updates
        .iter()
        .rev()
        .map(|u| u.date.first_day())
        .find(|d| *d <= date)
        .unwrap_or(afi.raised.first_day())
}

/// The forward-looking rating of one AFI.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Rag {
    Red,
    Amber,
    Green,
    Closed,
}

impl Rag {
    pub(crate) fn label(self) -> &'static str {
        match self {
            Rag::Red => "Red",
            Rag::Amber => "Amber",
            Rag::Green => "Green",
            Rag::Closed => "Closed",
        }
    }
}

/// Everything about one AFI as at a date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct AfiState {
    pub(crate) id: String,
    pub(crate) status: String,
    pub(crate) group: String,
    pub(crate) open: bool,
    pub(crate) due: Option<Target>,
    pub(crate) revisions: usize,
    /// Days past the target, when open and past it.
    pub(crate) days_overdue: Option<i32>,
    /// Days until the target, when open and due within `DUE_SOON_DAYS`.
    pub(crate) days_to_due: Option<i32>,
    /// Days since the last update (or since raised), when open and longer than
    /// the stale period.
    pub(crate) days_stale: Option<i32>,
    pub(crate) rag: Rag,
    pub(crate) rag_reason: String,
}

/// The state of `afi` on `date`, or `None` if not yet raised.
pub(crate) fn afi_state(
    afi: &Afi,
    date: civil::Date,
    vocabulary: &Vocabulary,
    stale_after_days: u32,
) -> Option<AfiState> {
    let status = status_on(afi, date, vocabulary)?;
    let def = vocabulary.status(status);
    let open = def.is_some_and(|d| d.open);
    let group = def.map_or(String::new(), |d| d.group.clone());
    let due = due_on(afi, date);
    let revisions = revisions_on(afi, date);
    let days_until = match due {
        Some(Target::By(d)) => Some(days_between(date, d.last_day())),
        _ => None,
    };
    let days_overdue = days_until.filter(|d| open && *d < 0).map(|d| -d);
    let days_to_due = days_until.filter(|d| open && (0..=DUE_SOON_DAYS).contains(d));
    let since_update = days_between(last_activity(afi, date), date);
    let days_stale = (open && since_update > i32::try_from(stale_after_days).unwrap_or(i32::MAX))
        .then_some(since_update);
    let (rag, rag_reason) = rag(open, days_overdue, days_to_due, revisions);
    Some(AfiState {
        id: afi.id.clone(),
        status: status.to_owned(),
        group,
        open,
        due,
        revisions,
        days_overdue,
        days_to_due,
        days_stale,
        rag,
        rag_reason,
    })
}

/// The RAG rule, written out in docs/rollups.md: closed when its status is
/// closed; red when open and past its target; amber when open and due within
/// 30 days, or its target has slipped; green otherwise.
fn rag(
    open: bool,
    days_overdue: Option<i32>,
    days_to_due: Option<i32>,
    revisions: usize,
) -> (Rag, String) {
    let plural = |n: i32, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    if !open {
        return (
            Rag::Closed,
            "closed: no further action is expected".to_owned(),
        );
    }
    if let Some(days) = days_overdue {
        return (
            Rag::Red,
            format!("overdue: {} past its target", plural(days, "day")),
        );
    }
    if let Some(days) = days_to_due {
        return (
            Rag::Amber,
            format!("due soon: its target is in {}", plural(days, "day")),
        );
    }
    if revisions > 0 {
        let times = if revisions == 1 {
            "once".to_owned()
        } else {
            format!("{revisions} times")
        };
        return (
            Rag::Amber,
            format!("slipped: its target has been revised {times}"),
        );
    }
    (
        Rag::Green,
        "on track: open, and not near or past a target".to_owned(),
    )
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
pub(crate) fn days_between(from: civil::Date, to: civil::Date) -> i32 {
    (to - from).get_days()
}

/// Counts of AFIs by roll-up group and by status.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    pub(crate) total: u64,
    /// Group id → count, for every group of the vocabulary (zeros included).
    pub(crate) groups: BTreeMap<String, u64>,
    pub(crate) statuses: BTreeMap<String, u64>,
    pub(crate) open: u64,
    pub(crate) overdue: u64,
    pub(crate) stale: u64,
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
        *self.groups.entry(state.group.clone()).or_default() += 1;
        *self.statuses.entry(state.status.clone()).or_default() += 1;
        self.open += u64::from(state.open);
        self.overdue += u64::from(state.days_overdue.is_some());
        self.stale += u64::from(state.days_stale.is_some());
    }
}

/// One line of a breakdown: the AFIs sharing a value (an owner, a framework …).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Slice {
    /// The value, such as the owner's name; `None` for AFIs without one.
    pub(crate) name: Option<String>,
    pub(crate) counts: Counts,
    /// The AFIs, in id order.
    pub(crate) afis: Vec<String>,
}

/// An AFI that moved between roll-up groups between two dates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Move {
    pub(crate) id: String,
    /// The roll-up group on the earlier date; `None` when it was raised after it.
    pub(crate) from: Option<String>,
    pub(crate) to: String,
    /// The statuses behind the groups, to show what the move was.
    pub(crate) from_status: Option<String>,
    pub(crate) to_status: String,
}

/// Figures a paper published beside the figures the records give as at the
/// paper's date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Reconciliation {
    pub(crate) inspection: String,
    pub(crate) date: civil::Date,
    pub(crate) source: Option<String>,
    pub(crate) lines: Vec<ReconciledLine>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ReconciledLine {
    /// `None` for the whole inspection, else the framework or theme.
    pub(crate) name: Option<String>,
    pub(crate) published_total: u64,
    pub(crate) records_total: u64,
    /// Group id, published count, count in the records.
    pub(crate) groups: Vec<(String, u64, u64)>,
}

/// All roll-ups of a model as at a date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Rollup {
    pub(crate) as_at: civil::Date,
    pub(crate) since: civil::Date,
    pub(crate) stale_after_days: u32,
    /// The state of every AFI raised by `as_at`, in id order.
    pub(crate) states: BTreeMap<String, AfiState>,
    pub(crate) overall: Counts,
    pub(crate) by_inspection: Vec<Slice>,
    pub(crate) by_programme: Vec<Slice>,
    pub(crate) by_body: Vec<Slice>,
    pub(crate) by_framework: Vec<Slice>,
    pub(crate) by_owner: Vec<Slice>,
    pub(crate) by_theme: Vec<Slice>,
    /// Overdue AFIs by ageing bucket: 1–30, 31–90 and over 90 days past due.
    pub(crate) ageing: [Vec<String>; 3],
    pub(crate) due_soon: Vec<String>,
    pub(crate) stale: Vec<String>,
    pub(crate) slipped: Vec<String>,
    pub(crate) movement: Vec<Move>,
    pub(crate) reconciliations: Vec<Reconciliation>,
}

/// Roll up `model` as at `as_at`, with movement since `since`.
pub(crate) fn rollup(
    model: &Model,
    vocabulary: &Vocabulary,
    as_at: civil::Date,
    since: civil::Date,
    stale_after_days: u32,
) -> Rollup {
    let states: BTreeMap<String, AfiState> = model
        .afis
        .iter()
        .filter_map(|a| afi_state(a, as_at, vocabulary, stale_after_days))
        .map(|s| (s.id.clone(), s))
        .collect();
    let inspections: BTreeMap<&str, &Inspection> = model
        .inspections
        .iter()
        .map(|i| (i.id.as_str(), i))
        .collect();
    let slices = |key: &dyn Fn(&Afi) -> Option<String>| slice(model, &states, vocabulary, key);
    let inspection_of = |a: &Afi| inspections.get(a.inspection.as_str()).copied();
    let mut overall = Counts::new(vocabulary);
    states.values().for_each(|s| overall.add(s));
    let mut ageing: [Vec<String>; 3] = Default::default();
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
    Rollup {
        as_at,
        since,
        stale_after_days,
        overall,
        by_inspection: slices(&|a| Some(a.inspection.clone())),
        by_programme: slices(&|a| inspection_of(a).and_then(|i| i.programme.clone())),
        by_body: slices(&|a| inspection_of(a).map(|i| i.body.clone())),
        by_framework: slices(&|a| a.framework.clone()),
        by_owner: slices(&|a| a.owner.clone()),
        by_theme: slices(&|a| a.theme.clone()),
        ageing,
        due_soon: pick(&|s| s.days_to_due.is_some()),
        stale: pick(&|s| s.days_stale.is_some()),
        slipped: pick(&|s| s.revisions > 0),
        movement: movement(model, vocabulary, since, as_at),
        reconciliations: reconcile(model, vocabulary),
        states,
    }
}

/// Group the AFIs by `key`, in name order with the AFIs without one last.
fn slice(
    model: &Model,
    states: &BTreeMap<String, AfiState>,
    vocabulary: &Vocabulary,
    key: &dyn Fn(&Afi) -> Option<String>,
) -> Vec<Slice> {
    let mut by_name: BTreeMap<(bool, Option<String>), Slice> = BTreeMap::new();
    for afi in &model.afis {
        let Some(state) = states.get(&afi.id) else {
            continue;
        };
        let name = key(afi);
        let entry = by_name
            .entry((name.is_none(), name.clone()))
            .or_insert_with(|| Slice {
                name,
                counts: Counts::new(vocabulary),
                afis: Vec::new(),
            });
        entry.counts.add(state);
        entry.afis.push(afi.id.clone());
    }
    by_name.into_values().collect()
}

/// The AFIs whose roll-up group on `to` differs from that on `from`,
/// including those raised in between.
pub(crate) fn movement(
    model: &Model,
    vocabulary: &Vocabulary,
    from: civil::Date,
    to: civil::Date,
) -> Vec<Move> {
    let status_on = |afi, date| status_on(afi, date, vocabulary).and_then(|s| vocabulary.status(s));
    model
        .afis
        .iter()
        .filter_map(|afi| {
            let before = status_on(afi, from);
            let after = status_on(afi, to)?;
            (before.map(|s| &s.group) != Some(&after.group)).then(|| Move {
                id: afi.id.clone(),
                from: before.map(|s| s.group.clone()),
                to: after.group.clone(),
                from_status: before.map(|s| s.id.clone()),
                to_status: after.id.clone(),
            })
        })
        .collect()
}

/// Each inspection's published counts beside the records' figures as at the
/// date they were published.
fn reconcile(model: &Model, vocabulary: &Vocabulary) -> Vec<Reconciliation> {
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
                    if let Some(state) = afi_state(afi, date, vocabulary, u32::MAX) {
                        counts.add(&state);
                    }
                }
                counts
            };
            let line = |breakdown: &crate::model::Breakdown, counts: Counts| ReconciledLine {
                name: breakdown.name.clone(),
                published_total: breakdown.total,
                records_total: counts.total,
                groups: vocabulary
                    .groups
                    .iter()
                    .map(|g| {
                        let published = breakdown
                            .groups
                            .iter()
                            .find(|(id, _)| *id == g.id)
                            .map_or(0, |(_, n)| *n);
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
                lines,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Breakdown, Date, InspectionStatus, PublishedCounts, SourceText, Update};
    use crate::validate::parse_date;

    fn date(text: &str) -> Date {
        parse_date(text).expect("valid date")
    }

    fn day(text: &str) -> civil::Date {
        date(text).first_day()
    }

    fn update(on: &str, status: &str, due: Option<&str>) -> Update {
        Update {
            date: date(on),
            status: status.to_owned(),
            note: String::new(),
            assured: false,
            due: due.map(|d| Target::By(date(d))),
        }
    }

    fn afi(
        id: &str,
        inspection: &str,
        raised: &str,
        due: Option<&str>,
        status: &str,
        updates: Vec<Update>,
    ) -> Afi {
        Afi {
            id: id.to_owned(),
            path: format!("records/{id}.md"),
            inspection: inspection.to_owned(),
            label: None,
            title: id.to_owned(),
            framework: None,
            theme: None,
            owner: None,
            raised: date(raised),
            due: due.map(|d| Target::By(date(d))),
            status: status.to_owned(),
            updates,
            text: SourceText::default(),
        }
    }

    fn inspection(id: &str, published_counts: Vec<PublishedCounts>) -> Inspection {
        Inspection {
            id: id.to_owned(),
            path: format!("records/{id}.md"),
            title: id.to_owned(),
            programme: None,
            body: "HMIC".to_owned(),
            subject: "MPS".to_owned(),
            fieldwork: Vec::new(),
            published: None,
            revisits: Vec::new(),
            status: InspectionStatus::Published,
            gradings: Vec::new(),
            good_practice: Vec::new(),
            conclusion: None,
            published_counts,
            text: SourceText::default(),
        }
    }

    /// Six AFIs whose figures as at 16 January 2007 are worked out by hand in
    /// the comments.
    fn model() -> Model {
        let published = PublishedCounts {
            date: date("2006-12-31"),
            source: None,
            overall: Breakdown {
                name: None,
                total: 5,
                groups: vec![
                    ("work-in-progress".to_owned(), 3),
                    ("completed".to_owned(), 1),
                ],
            },
            frameworks: Vec::new(),
            themes: Vec::new(),
        };
        Model {
            papers: Vec::new(),
            inspections: vec![
                inspection("x", vec![published]),
                inspection("y", Vec::new()),
            ],
            afis: vec![
                // Open, target December 2006: 16 days overdue on 16 January.
                afi(
                    "a1",
                    "x",
                    "2006-10-24",
                    Some("2006-12"),
                    "in-progress",
                    vec![update("2006-11-20", "in-progress", None)],
                ),
                // Completed on 10 January 2007.
                afi(
                    "a2",
                    "x",
                    "2006-10-24",
                    Some("2007-02-10"),
                    "completed",
                    vec![
                        update("2006-11-20", "in-progress", None),
                        update("2007-01-10", "completed", None),
                    ],
                ),
                // No updates since raised on 24 October: 84 days, stale.
                afi("a3", "x", "2006-10-24", None, "update-awaited", Vec::new()),
                // Target revised once, to 5 February: due in 20 days.
                afi(
                    "a4",
                    "x",
                    "2006-10-24",
                    Some("2007-01-31"),
                    "in-progress",
                    vec![update("2006-12-01", "in-progress", Some("2007-02-05"))],
                ),
                // Raised after the as-at date: not counted.
                afi("a5", "x", "2007-02-01", None, "in-progress", Vec::new()),
                // Target June 2006: 200 days overdue; last update 76 days ago.
                afi(
                    "a6",
                    "y",
                    "2005-01-01",
                    Some("2006-06"),
                    "in-progress",
                    vec![update("2006-11-01", "in-progress", None)],
                ),
            ],
        }
    }

    fn rolled() -> Rollup {
        rollup(
            &model(),
            &Vocabulary::standard(),
            day("2007-01-16"),
            day("2006-12-01"),
            61,
        )
    }

    #[test]
    fn status_on_a_date_is_the_newest_update_on_or_before_it() {
        let model = model();
        let vocabulary = Vocabulary::standard();
        let a2 = &model.afis[1];
        assert_eq!(
            status_on(a2, day("2006-10-23"), &vocabulary),
            None,
            "not yet raised"
        );
        assert_eq!(
            status_on(a2, day("2006-11-01"), &vocabulary),
            Some("not-started"),
            "before the first update"
        );
        assert_eq!(
            status_on(a2, day("2006-11-20"), &vocabulary),
            Some("in-progress"),
            "on the day of an update"
        );
        assert_eq!(
            status_on(a2, day("2007-01-09"), &vocabulary),
            Some("in-progress")
        );
        assert_eq!(
            status_on(a2, day("2007-01-10"), &vocabulary),
            Some("completed")
        );
        let a3 = &model.afis[2];
        assert_eq!(
            status_on(a3, day("2006-10-24"), &vocabulary),
            Some("update-awaited"),
            "no updates: its status from raised"
        );
    }

    #[test]
    fn counts_by_group_leave_out_afis_not_yet_raised() {
        let r = rolled();
        assert_eq!(r.overall.total, 5);
        assert_eq!(r.overall.groups["work-in-progress"], 3);
        assert_eq!(r.overall.groups["completed"], 1);
        assert_eq!(r.overall.groups["update-awaited"], 1);
        assert_eq!(r.overall.groups["no-further-action"], 0);
        assert_eq!(r.overall.statuses["in-progress"], 3);
        assert_eq!(r.overall.open, 4);
    }

    #[test]
    fn overdue_ageing_due_soon_stale_and_slipped() {
        let r = rolled();
        assert_eq!(r.states["a1"].days_overdue, Some(16));
        assert_eq!(r.states["a6"].days_overdue, Some(200));
        assert_eq!(
            r.ageing,
            [vec!["a1".to_owned()], vec![], vec!["a6".to_owned()]]
        );
        assert_eq!(r.overall.overdue, 2);
        assert_eq!(r.due_soon, ["a4"]);
        assert_eq!(r.states["a4"].days_to_due, Some(20));
        assert_eq!(r.stale, ["a3", "a6"]);
        assert_eq!(r.states["a3"].days_stale, Some(84));
        assert_eq!(r.states["a6"].days_stale, Some(76));
        assert_eq!(r.slipped, ["a4"]);
        assert_eq!(r.states["a4"].due, Some(Target::By(date("2007-02-05"))));
    }

    #[test]
    fn rag_follows_the_written_rule() {
        let r = rolled();
        let rag = |id: &str| r.states[id].rag;
        assert_eq!(rag("a1"), Rag::Red);
        assert_eq!(rag("a2"), Rag::Closed);
        assert_eq!(rag("a3"), Rag::Green);
        assert_eq!(rag("a4"), Rag::Amber);
        assert_eq!(
            r.states["a1"].rag_reason,
            "overdue: 16 days past its target"
        );
        // Slipped but not yet due soon is amber too.
        let slipped = afi(
            "s",
            "x",
            "2006-01-01",
            Some("2006-06"),
            "in-progress",
            vec![update("2006-05-01", "in-progress", Some("2007-06"))],
        );
        let state =
            afi_state(&slipped, day("2007-01-16"), &Vocabulary::standard(), 365).expect("raised");
        assert_eq!(
            (state.rag, state.rag_reason.as_str()),
            (Rag::Amber, "slipped: its target has been revised once")
        );
    }

    #[test]
    fn movement_lists_changes_of_group_and_new_afis() {
        let r = rolled();
        assert_eq!(
            r.movement,
            [Move {
                id: "a2".to_owned(),
                from: Some("work-in-progress".to_owned()),
                to: "completed".to_owned(),
                from_status: Some("in-progress".to_owned()),
                to_status: "completed".to_owned(),
            }]
        );
        let since_october = movement(
            &model(),
            &Vocabulary::standard(),
            day("2006-10-01"),
            day("2007-01-16"),
        );
        let ids: Vec<(&str, Option<&str>)> = since_october
            .iter()
            .map(|m| (m.id.as_str(), m.from.as_deref()))
            .collect();
        // a6 was "not started" (work in progress) before its first update, and
        // still is in progress: no move.
        assert_eq!(
            ids,
            [("a1", None), ("a2", None), ("a3", None), ("a4", None)]
        );
    }

    #[test]
    fn breakdowns_group_by_inspection_with_afis_listed() {
        let r = rolled();
        let names: Vec<(Option<&str>, u64)> = r
            .by_inspection
            .iter()
            .map(|s| (s.name.as_deref(), s.counts.total))
            .collect();
        assert_eq!(names, [(Some("x"), 4), (Some("y"), 1)]);
        assert_eq!(r.by_inspection[0].afis, ["a1", "a2", "a3", "a4"]);
        // No AFI has an owner: one slice of AFIs without one.
        assert_eq!(r.by_owner.len(), 1);
        assert_eq!(r.by_owner[0].name, None);
        assert_eq!(r.by_owner[0].counts.total, 5);
    }

    #[test]
    fn published_counts_are_reconciled_as_at_their_date() {
        let r = rolled();
        assert_eq!(r.reconciliations.len(), 1);
        let line = &r.reconciliations[0].lines[0];
        // As at 31 December 2006: a1, a2 (not yet completed), a4 in progress;
        // a3 awaited; a5 not raised.
        assert_eq!((line.published_total, line.records_total), (5, 4));
        let group = |id: &str| {
            line.groups
                .iter()
                .find(|(g, _, _)| g == id)
                .map(|(_, p, r)| (*p, *r))
        };
        assert_eq!(group("work-in-progress"), Some((3, 3)));
        assert_eq!(group("completed"), Some((1, 0)));
        assert_eq!(group("update-awaited"), Some((0, 1)));
    }
}
