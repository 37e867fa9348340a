//! One AFI as at a date: its status, its target, how overdue or silent it
//! is, and its red/amber/green rating with the reason.

use jiff::civil;

use crate::model::{Afi, Target, Vocabulary};

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
