//! What a change did to the records, as people care about it: records added
//! and removed, AFIs whose status changed, targets revised, new progress
//! updates, and the change in each headline count. Pure: two models in, a
//! plain value out, and three ways of printing it.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::model::prose::escape_markdown;
use crate::model::prose::{long_date, long_target};
use crate::model::{Afi, Model, Target, Vocabulary};
use crate::rollup;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Changes {
    pub(crate) from: String,
    pub(crate) to: String,
    pub(crate) as_at: String,
    pub(crate) added: Vec<RecordRef>,
    pub(crate) removed: Vec<RecordRef>,
    pub(crate) status_changes: Vec<StatusChange>,
    pub(crate) target_changes: Vec<TargetChange>,
    pub(crate) new_updates: Vec<NewUpdate>,
    pub(crate) counts: Vec<CountChange>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct RecordRef {
    pub(crate) kind: &'static str,
    pub(crate) id: String,
    pub(crate) title: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct StatusChange {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) from: String,
    pub(crate) to: String,
    /// The roll-up groups, when the change moved the AFI between them.
    pub(crate) group_from: Option<String>,
    pub(crate) group_to: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct TargetChange {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) from: Option<String>,
    pub(crate) to: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct NewUpdate {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) date: String,
    pub(crate) status: String,
    pub(crate) note: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct CountChange {
    pub(crate) label: String,
    pub(crate) from: u64,
    pub(crate) to: u64,
}

impl Changes {
    pub(crate) fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.status_changes.is_empty()
            && self.target_changes.is_empty()
            && self.new_updates.is_empty()
            && self.counts.iter().all(|c| c.from == c.to)
    }
}

/// Every record of a model by id: its kind and title.
fn records(model: &Model) -> BTreeMap<&str, (&'static str, &str)> {
    let inspections = model
        .inspections
        .iter()
        .map(|i| (i.id.as_str(), ("inspection", i.title.as_str())));
    let afis = model
        .afis
        .iter()
        .map(|a| (a.id.as_str(), ("afi", a.title.as_str())));
    let papers = model
        .papers
        .iter()
        .map(|p| (p.id.as_str(), ("paper", p.title.as_str())));
    inspections.chain(afis).chain(papers).collect()
}

/// The target in force after every update: the one a reader sees now.
fn current_target(afi: &Afi) -> Option<Target> {
    afi.updates.iter().rev().find_map(|u| u.due).or(afi.due)
}

/// Compare the records before and after a change; counts are as at `as_at`.
pub(crate) fn compare(
    before: &Model,
    after: &Model,
    vocabulary: &Vocabulary,
    as_at: jiff::civil::Date,
    silence: rollup::Silence,
    labels: (&str, &str),
) -> Changes {
    let old = records(before);
    let new = records(after);
    let reference = |(id, (kind, title)): (&&str, &(&'static str, &str))| RecordRef {
        kind,
        id: (*id).to_owned(),
        title: (*title).to_owned(),
    };
    let status_label = |id: &str| {
        vocabulary
            .status(id)
            .map_or_else(|| id.to_owned(), |s| s.label.clone())
    };
    let group_of = |id: &str| vocabulary.status(id).map(|s| s.group.clone());
    let group_label = |id: &str| {
        vocabulary
            .group(id)
            .map_or_else(|| id.to_owned(), |g| g.label.clone())
    };
    let mut changes = Changes {
        from: labels.0.to_owned(),
        to: labels.1.to_owned(),
        as_at: long_date(crate::model::Date::Day(as_at)),
        added: new
            .iter()
            .filter(|(id, _)| !old.contains_key(*id))
            .map(reference)
            .collect(),
        removed: old
            .iter()
            .filter(|(id, _)| !new.contains_key(*id))
            .map(reference)
            .collect(),
        ..Changes::default()
    };
    let before_afis: BTreeMap<&str, &Afi> =
        before.afis.iter().map(|a| (a.id.as_str(), &**a)).collect();
    for afi in &after.afis {
        let Some(old_afi) = before_afis.get(afi.id.as_str()) else {
            continue;
        };
        if old_afi.status != afi.status {
            let (group_from, group_to) = (group_of(&old_afi.status), group_of(&afi.status));
            let moved = group_from != group_to;
            changes.status_changes.push(StatusChange {
                id: afi.id.clone(),
                title: afi.title.clone(),
                from: status_label(&old_afi.status),
                to: status_label(&afi.status),
                group_from: group_from.filter(|_| moved).map(|g| group_label(&g)),
                group_to: group_to.filter(|_| moved).map(|g| group_label(&g)),
            });
        }
        let (was, is) = (current_target(old_afi), current_target(afi));
        if was != is {
            changes.target_changes.push(TargetChange {
                id: afi.id.clone(),
                title: afi.title.clone(),
                from: was.map(long_target),
                to: is.map(long_target),
            });
        }
        for update in afi.updates.iter().filter(|u| !old_afi.updates.contains(u)) {
            changes.new_updates.push(NewUpdate {
                id: afi.id.clone(),
                title: afi.title.clone(),
                date: long_date(update.date),
                status: status_label(&update.status),
                note: update.note.clone(),
            });
        }
    }
    let since = as_at;
    let old_roll = rollup::rollup(before, vocabulary, as_at, since, silence);
    let new_roll = rollup::rollup(after, vocabulary, as_at, since, silence);
    for group in &vocabulary.groups {
        changes.counts.push(CountChange {
            label: group.label.clone(),
            from: old_roll.overall.groups.get(&group.id).copied().unwrap_or(0),
            to: new_roll.overall.groups.get(&group.id).copied().unwrap_or(0),
        });
    }
    let silent = silence.label();
    let headline = [
        ("Total AFIs", old_roll.overall.total, new_roll.overall.total),
        (
            "Overdue",
            old_roll.overall.overdue,
            new_roll.overall.overdue,
        ),
        (
            silent.as_str(),
            old_roll.overall.silent,
            new_roll.overall.silent,
        ),
    ];
    for (label, from, to) in headline {
        changes.counts.push(CountChange {
            label: label.to_owned(),
            from,
            to,
        });
    }
    changes
}

fn signed(from: u64, to: u64) -> String {
    let d = i128::from(to) - i128::from(from);
    match d {
        0 => "no change".to_owned(),
        d if d > 0 => format!("+{d}"),
        d => format!("−{}", -d),
    }
}

fn kind_label(kind: &str) -> &str {
    match kind {
        "afi" => "AFI",
        other => other,
    }
}

/// Plain text for the terminal.
pub(crate) fn render_human(c: &Changes) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Changes to the records from {} to {}\n", c.from, c.to);
    if c.is_empty() {
        out.push_str("No change to the records.\n");
        return out;
    }
    for (sign, list, heading) in [("+", &c.added, "Added"), ("-", &c.removed, "Removed")] {
        if !list.is_empty() {
            let _ = writeln!(out, "{heading}:");
            for r in list {
                let _ = writeln!(out, "  {sign} {} {}: {}", kind_label(r.kind), r.id, r.title);
            }
            out.push('\n');
        }
    }
    if !c.status_changes.is_empty() {
        out.push_str("Status changed:\n");
        for s in &c.status_changes {
            let _ = write!(out, "  {}: {} -> {}", s.id, s.from, s.to);
            if let (Some(a), Some(b)) = (&s.group_from, &s.group_to) {
                let _ = write!(out, " (moves from {a} to {b})");
            }
            out.push('\n');
        }
        out.push('\n');
    }
    if !c.target_changes.is_empty() {
        out.push_str("Target dates revised:\n");
        for t in &c.target_changes {
            let none = || "none".to_owned();
            let _ = writeln!(
                out,
                "  {}: {} -> {}",
                t.id,
                t.from.clone().unwrap_or_else(none),
                t.to.clone().unwrap_or_else(none)
            );
        }
        out.push('\n');
    }
    if !c.new_updates.is_empty() {
        out.push_str("New progress updates:\n");
        for u in &c.new_updates {
            let _ = writeln!(out, "  {} ({}): {}: {}", u.id, u.date, u.status, u.note);
        }
        out.push('\n');
    }
    let _ = writeln!(out, "Headline counts as at {}:", c.as_at);
    let width = c
        .counts
        .iter()
        .map(|k| k.label.chars().count())
        .max()
        .unwrap_or(0);
    for k in &c.counts {
        let _ = writeln!(
            out,
            "  {:<width$} {:>5} -> {:<5} {}",
            k.label,
            k.from,
            k.to,
            signed(k.from, k.to)
        );
    }
    out
}

/// Markdown for a pull-request comment or a job summary.
pub(crate) fn render_markdown(c: &Changes) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "## Changes to the records\n\nFrom {} to {}.\n",
        escape_markdown(&c.from),
        escape_markdown(&c.to)
    );
    if c.is_empty() {
        out.push_str("No change to the records.\n");
        return out;
    }
    for (list, heading) in [(&c.added, "Added"), (&c.removed, "Removed")] {
        if !list.is_empty() {
            let _ = writeln!(out, "### {heading}\n");
            for r in list {
                let _ = writeln!(
                    out,
                    "- {} `{}`: {}",
                    kind_label(r.kind),
                    r.id,
                    escape_markdown(&r.title)
                );
            }
            out.push('\n');
        }
    }
    if !c.status_changes.is_empty() {
        out.push_str("### Status changed\n\n| AFI | From | To |\n| --- | --- | --- |\n");
        for s in &c.status_changes {
            let moved = match (&s.group_from, &s.group_to) {
                (Some(a), Some(b)) => format!(
                    " (moves from {} to {})",
                    escape_markdown(a),
                    escape_markdown(b)
                ),
                _ => String::new(),
            };
            let _ = writeln!(
                out,
                "| `{}` {} | {} | {}{moved} |",
                s.id,
                escape_markdown(&s.title),
                escape_markdown(&s.from),
                escape_markdown(&s.to)
            );
        }
        out.push('\n');
    }
    if !c.target_changes.is_empty() {
        out.push_str("### Target dates revised\n\n| AFI | From | To |\n| --- | --- | --- |\n");
        for t in &c.target_changes {
            let show = |v: &Option<String>| {
                v.as_deref()
                    .map_or_else(|| "none".to_owned(), escape_markdown)
            };
            let _ = writeln!(
                out,
                "| `{}` {} | {} | {} |",
                t.id,
                escape_markdown(&t.title),
                show(&t.from),
                show(&t.to)
            );
        }
        out.push('\n');
    }
    if !c.new_updates.is_empty() {
        out.push_str("### New progress updates\n\n");
        for u in &c.new_updates {
            let _ = writeln!(
                out,
                "- `{}` {}, {}: **{}**. {}",
                u.id,
                escape_markdown(&u.title),
                u.date,
                escape_markdown(&u.status),
                escape_markdown(&u.note)
            );
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "### Headline counts as at {}\n\n| | Before | After | Change |\n| --- | ---: | ---: | ---: |",
        c.as_at
    );
    for k in &c.counts {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            escape_markdown(&k.label),
            k.from,
            k.to,
            signed(k.from, k.to)
        );
    }
    out
}

pub(crate) fn render_json(c: &Changes) -> String {
    let mut text = serde_json::to_string_pretty(c).unwrap_or_default();
    text.push('\n');
    text
}
