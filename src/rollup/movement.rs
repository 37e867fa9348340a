//! Movement between two dates: the AFIs whose roll-up group changed.

use jiff::civil;

use super::state::status_on;
use crate::model::{Model, Vocabulary};

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
