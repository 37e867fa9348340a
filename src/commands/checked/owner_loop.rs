//! The owner loop's checks across a repository: an AFI completed with no
//! evidence and no assessed update (W050, or E052 where the configuration
//! makes it an error), and an owner missing from the register (W051, when
//! asked for). Takes the model and the settings; gives each problem with
//! the field it is about, which `located` finds in the record's text.

use std::sync::Arc;

use crate::config::{Level, OwnerLoop};
use crate::diag::{Diagnostic, span_of};
use crate::model::{Afi, Model, Vocabulary};

/// The roll-up group whose statuses mean the work is done.
const COMPLETED_GROUP: &str = "completed";

/// A problem of the owner loop, not yet located, and the top-level field of
/// its record it is about.
pub(super) struct Unlocated {
    pub(super) diagnostic: Diagnostic,
    field: &'static str,
}

pub(super) fn problems(
    model: &Model,
    settings: &OwnerLoop,
    vocabulary: &Vocabulary,
) -> Vec<Unlocated> {
    let mut out = Vec::new();
    for afi in &model.afis {
        if let Some(diagnostic) = unevidenced(afi, settings, vocabulary) {
            out.push(Unlocated {
                diagnostic,
                field: "status",
            });
        }
        if settings.warn_unregistered
            && let Some(owner) = &afi.owner
            && !settings.owners.contains_key(owner)
        {
            let known: Vec<&str> = settings.owners.keys().map(String::as_str).collect();
            let help = match crate::diag::suggest::did_you_mean(owner, known) {
                Some(near) => {
                    format!("did you mean `{near}`? Spell the owner as the register does")
                }
                None => format!(
                    "add `[owners.\"{owner}\"]` with a `name` and `email` to actionplan.toml, so that requests reach them"
                ),
            };
            let diagnostic = Diagnostic::warning(
                "W051",
                &afi.path,
                None,
                format!("the owner `{owner}` is not in the register of owners"),
            )
            .with_help(help);
            out.push(Unlocated {
                diagnostic,
                field: "owner",
            });
        }
    }
    out
}

/// Each problem located at the value of its field in its record's text
/// (`text_of`, by path), or left without a place when there is none.
pub(super) fn located(
    problems: Vec<Unlocated>,
    text_of: &dyn Fn(&str) -> Option<Arc<str>>,
) -> Vec<Diagnostic> {
    problems
        .into_iter()
        .map(
            |Unlocated {
                 mut diagnostic,
                 field,
             }| {
                let text = text_of(&diagnostic.file);
                diagnostic.span = line_of(text.as_deref().unwrap_or_default(), field);
                diagnostic
            },
        )
        .collect()
}

/// W050 (or E052) for `afi` when it is completed with nothing to show for
/// it: no update with evidence, and its completing update not assessed.
fn unevidenced(afi: &Afi, settings: &OwnerLoop, vocabulary: &Vocabulary) -> Option<Diagnostic> {
    let level = settings.completed_without_evidence;
    let completed = vocabulary
        .status(&afi.status)
        .is_some_and(|s| s.group == COMPLETED_GROUP);
    if level == Level::Off || !completed {
        return None;
    }
    let newest = afi.updates.last();
    let when = newest.map_or(afi.raised, |u| u.date).first_day();
    if settings
        .completions_checked_from
        .is_some_and(|from| when < from)
    {
        return None;
    }
    let evidenced = afi.updates.iter().any(|u| !u.evidence.is_empty());
    if evidenced || newest.is_some_and(|u| u.assured) {
        return None;
    }
    let message = format!(
        "`{}` is marked `{}` with no evidence and no quality-assessed update",
        afi.id, afi.status
    );
    let d = match level {
        Level::Error => Diagnostic::error("E052", &afi.path, None, message),
        _ => Diagnostic::warning("W050", &afi.path, None, message),
    };
    Some(d.with_help("add evidence to the completing update (`actionplan update … --evidence`), or record its assessment with `actionplan assess`"))
}

/// The span of the value of the top-level field `name`, for locating a
/// warning about it.
fn line_of(text: &str, name: &str) -> Option<crate::model::Span> {
    let key = format!("\n{name}:");
    let at = text.find(&key)? + key.len();
    let start = at + (text[at..].len() - text[at..].trim_start_matches(' ').len());
    let end = text[start..]
        .find(['\r', '\n'])
        .map_or(text.len(), |i| start + i);
    Some(span_of(text, start..end))
}
