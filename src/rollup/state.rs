//! One AFI as at a date: its status, its target, how overdue or silent it
//! is, and its red/amber/green rating with the reason.

use jiff::civil;

use super::AfiId;
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

/// How long an open AFI may go without an update: past `amber_after_days`
/// it is never Green, past `red_after_days` it is Red (`stale_after_days`
/// and `silent_red_after_days` in actionplan.toml).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Silence {
    pub(crate) amber_after_days: u32,
    pub(crate) red_after_days: u32,
}

impl Silence {
    /// The name of the list of AFIs silent past the amber limit, the same on
    /// every page, in the report and in the exports. It is not the roll-up
    /// group "Update awaited", which is a status an owner's update sets.
    pub(crate) fn label(self) -> String {
        format!("No update for more than {} days", self.amber_after_days)
    }

    pub(crate) fn from_config(config: &crate::config::Config) -> Silence {
        Silence {
            amber_after_days: config.stale_after_days,
            red_after_days: config.silent_red_after_days,
        }
    }
}

/// The roll-up group whose AFIs are waiting for their owner's update: an
/// AFI in it is never Green, whatever its dates say.
pub(crate) const AWAITED_GROUP: &str = "update-awaited";

/// Everything about one AFI as at a date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct AfiState {
    /// Shared by every list of the roll-up that names the AFI.
    pub(crate) id: AfiId,
    pub(crate) status: String,
    pub(crate) group: String,
    pub(crate) open: bool,
    pub(crate) due: Option<Target>,
    pub(crate) revisions: usize,
    /// Days past the target, when open and past it.
    pub(crate) days_overdue: Option<i32>,
    /// Days until the target, when open and due within `DUE_SOON_DAYS`.
    pub(crate) days_to_due: Option<i32>,
    /// Days since the newest update (or since raised, with none), when open.
    pub(crate) days_since_update: Option<i32>,
    /// `days_since_update`, when longer than `Silence::amber_after_days`:
    /// the AFI is on the "no update for more than N days" list.
    pub(crate) days_silent: Option<i32>,
    /// Whether its newest update on the date had been quality-assessed and
    /// accepted by then; `None` before any update.
    pub(crate) assessed: Option<bool>,
    pub(crate) rag: Rag,
    pub(crate) rag_reason: String,
}

/// The state of `afi` on `date`, or `None` if not yet raised.
pub(crate) fn afi_state(
    afi: &Afi,
    date: civil::Date,
    vocabulary: &Vocabulary,
    silence: Silence,
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
    let last = last_update(afi, date);
    let days_since_update =
        open.then(|| days_between(last.unwrap_or(afi.raised.first_day()), date));
    let days_silent = days_since_update.filter(|d| exceeds(*d, silence.amber_after_days));
    let facts = Facts {
        open,
        awaited: group == AWAITED_GROUP,
        due,
        days_overdue,
        days_to_due,
        revisions,
        days_since_update: days_since_update.unwrap_or(0),
        updated: last.is_some(),
    };
    let (rag, rag_reason) = rag(&facts, silence);
    let assessed = afi
        .updates
        .iter()
        .rev()
        .find(|u| u.date.first_day() <= date)
        .map(|u| u.assured_on(date));
    Some(AfiState {
        id: AfiId::from(afi.id.as_str()),
        status: status.to_owned(),
        group,
        open,
        due,
        revisions,
        days_overdue,
        days_to_due,
        days_since_update,
        days_silent,
        assessed,
        rag,
        rag_reason,
    })
}

/// The date of the newest update on or before `date`, if any.
fn last_update(afi: &Afi, date: civil::Date) -> Option<civil::Date> {
    afi.updates
        .iter()
        .rev()
        .map(|u| u.date.first_day())
        .find(|d| *d <= date)
}

fn exceeds(days: i32, limit: u32) -> bool {
    i64::from(days) > i64::from(limit)
}

/// What the RAG rule looks at.
struct Facts {
    open: bool,
    /// In the roll-up group of AFIs waiting for their owner's update.
    awaited: bool,
    due: Option<Target>,
    days_overdue: Option<i32>,
    days_to_due: Option<i32>,
    revisions: usize,
    days_since_update: i32,
    /// Whether any update has been made yet (else the days count from raised).
    updated: bool,
}

/// The RAG rule, written out with a worked example per colour in
/// docs/rollups.md. In order: Closed when its status is closed; Red when
/// open and past its target, or silent past the red limit; Amber when
/// waiting for its owner's update, silent past the amber limit, due within
/// 30 days, or its target has slipped; Green otherwise, which needs a recent
/// update and says when there is no target.
fn rag(f: &Facts, silence: Silence) -> (Rag, String) {
    if !f.open {
        return (
            Rag::Closed,
            "closed: no further action is expected".to_owned(),
        );
    }
    let ago = match f.days_since_update {
        0 => "on the as-at date".to_owned(),
        days => format!("{} ago", plural(days, "day")),
    };
    let heard = match f.updated {
        true => format!("last update {ago}"),
        false => format!("no update since it was raised {ago}"),
    };
    if let Some(days) = f.days_overdue {
        return (
            Rag::Red,
            format!("overdue: {} past its target", plural(days, "day")),
        );
    }
    if exceeds(f.days_since_update, silence.red_after_days) {
        return (
            Rag::Red,
            format!("silent: {heard}, more than {} days", silence.red_after_days),
        );
    }
    if f.awaited {
        return (
            Rag::Amber,
            format!("update awaited: the owner's update has not arrived; {heard}"),
        );
    }
    if exceeds(f.days_since_update, silence.amber_after_days) {
        return (
            Rag::Amber,
            format!(
                "silent: {heard}, more than {} days",
                silence.amber_after_days
            ),
        );
    }
    if let Some(days) = f.days_to_due {
        let when = match days {
            0 => "the as-at date".to_owned(),
            days => format!("in {}", plural(days, "day")),
        };
        return (Rag::Amber, format!("due soon: its target is {when}"));
    }
    if f.revisions > 0 {
        let times = if f.revisions == 1 {
            "once".to_owned()
        } else {
            format!("{} times", f.revisions)
        };
        return (
            Rag::Amber,
            format!("slipped: its target has been revised {times}"),
        );
    }
    let reason = match f.due {
        Some(Target::By(date)) => format!(
            "on track: target {}, {heard}",
            crate::model::prose::long_date(date)
        ),
        Some(Target::Ongoing) => format!("ongoing work with no end date: {heard}"),
        None => format!("no target set: {heard}"),
    };
    (Rag::Green, reason)
}

fn plural(n: i32, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
pub(crate) fn days_between(from: civil::Date, to: civil::Date) -> i32 {
    (to - from).get_days()
}
