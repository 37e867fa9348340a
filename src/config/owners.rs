//! The owner loop's settings in `actionplan.toml`: the register of owners
//! and how to reach them, how long they have to reply, the repository whose
//! issue form takes updates, and how strictly completions are checked.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

/// How a check is reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Level {
    Off,
    Warning,
    Error,
}

/// One owner of the register: how requests are addressed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Contact {
    /// The person who answers for the owner, such as the unit's commander.
    pub(crate) name: Option<String>,
    pub(crate) email: Option<String>,
}

/// Everything the owner loop reads from the configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct OwnerLoop {
    /// Days from a request to the date replies are due.
    pub(crate) reply_days: u32,
    /// The register: owner name, as the records spell it, to contact.
    pub(crate) owners: BTreeMap<String, Contact>,
    /// Warn about an AFI whose owner is not in the register.
    pub(crate) warn_unregistered: bool,
    /// `OWNER/NAME` of the GitHub repository whose issue form takes updates.
    pub(crate) repository: Option<String>,
    /// How an AFI completed without evidence or an assured update is reported.
    pub(crate) completed_without_evidence: Level,
    /// Only completions dated on or after this are checked.
    pub(crate) completions_checked_from: Option<jiff::civil::Date>,
}

impl Default for OwnerLoop {
    fn default() -> Self {
        OwnerLoop {
            // Two weeks: the papers' bi-monthly cycle leaves time to chase.
            reply_days: 14,
            owners: BTreeMap::new(),
            warn_unregistered: false,
            repository: None,
            completed_without_evidence: Level::Warning,
            completions_checked_from: None,
        }
    }
}

/// The keys as written, for `config::check`.
#[derive(Default, Deserialize)]
pub(super) struct RawOwnerLoop {
    pub(super) reply_days: Option<u32>,
    pub(super) owners: Option<BTreeMap<String, Contact>>,
    pub(super) warn_unregistered_owners: Option<bool>,
    pub(super) repository: Option<Spanned<String>>,
    pub(super) completed_without_evidence: Option<Level>,
    pub(super) completions_checked_from: Option<Spanned<String>>,
}

/// The settings, with a message and its place for each bad value.
pub(super) fn read(
    raw: RawOwnerLoop,
) -> (OwnerLoop, Vec<(std::ops::Range<usize>, String, String)>) {
    let mut problems = Vec::new();
    let defaults = OwnerLoop::default();
    let repository = raw.repository.and_then(|r| {
        let text = r.get_ref().trim();
        let parts: Vec<&str> = text.split('/').collect();
        let valid = parts.len() == 2
            && parts.iter().all(|p| {
                !p.is_empty()
                    && p.chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            });
        if valid {
            Some(text.to_owned())
        } else {
            problems.push((
                r.span(),
                format!("`repository` must be `OWNER/NAME`, not `{}`", r.get_ref()),
                "give the GitHub repository the records are in, such as \"met-police/action-plans\"".to_owned(),
            ));
            None
        }
    });
    let from =
        raw.completions_checked_from
            .and_then(|d| match d.get_ref().parse::<jiff::civil::Date>() {
                Ok(date) => Some(date),
                Err(_) => {
                    problems.push((
                        d.span(),
                        format!(
                            "`completions_checked_from` is not a date: `{}`",
                            d.get_ref()
                        ),
                        "write the date as YYYY-MM-DD, for example \"2007-01-17\"".to_owned(),
                    ));
                    None
                }
            });
    let settings = OwnerLoop {
        reply_days: raw.reply_days.unwrap_or(defaults.reply_days),
        owners: raw.owners.unwrap_or_default(),
        warn_unregistered: raw.warn_unregistered_owners.unwrap_or(false),
        repository,
        completed_without_evidence: raw
            .completed_without_evidence
            .unwrap_or(defaults.completed_without_evidence),
        completions_checked_from: from,
    };
    (settings, problems)
}
