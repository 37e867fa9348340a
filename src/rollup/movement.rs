//! Movement between two dates, in three parts a committee can tell apart:
//! the AFIs raised in between, those closed in between, and those that
//! existed on the earlier date and moved to another roll-up group without
//! closing (including any that reopened).

use jiff::civil;

use super::state::status_on;
use crate::model::{Model, StatusDef, Vocabulary};

/// One AFI's roll-up group (and the status behind it) on the two dates.
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

/// What happened between `since` and `as_at`. The three lists never share an
/// AFI: one raised and closed in between is listed as raised.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Movement {
    /// Raised after `since`, on or before `as_at`: where each stands now.
    pub(crate) raised: Vec<Move>,
    /// Open on `since` and closed on `as_at`.
    pub(crate) closed: Vec<Move>,
    /// Raised by `since` and in another roll-up group on `as_at`, other than
    /// by closing.
    pub(crate) moved: Vec<Move>,
}

/// Movement of every AFI from `since` to `as_at`, each list in id order.
pub(crate) fn movement(
    model: &Model,
    vocabulary: &Vocabulary,
    since: civil::Date,
    as_at: civil::Date,
) -> Movement {
    let status_on = |afi, date| status_on(afi, date, vocabulary).and_then(|s| vocabulary.status(s));
    let mut out = Movement::default();
    for afi in &model.afis {
        let Some(after) = status_on(afi, as_at) else {
            continue;
        };
        let before = status_on(afi, since);
        let change = |before: Option<&StatusDef>| Move {
            id: afi.id.clone(),
            from: before.map(|s| s.group.clone()),
            to: after.group.clone(),
            from_status: before.map(|s| s.id.clone()),
            to_status: after.id.clone(),
        };
        match before {
            None => out.raised.push(change(None)),
            Some(b) if b.open && !after.open => out.closed.push(change(Some(b))),
            Some(b) if b.group != after.group => out.moved.push(change(Some(b))),
            Some(_) => {}
        }
    }
    out
}
