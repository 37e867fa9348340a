//! `actionplan status`: the headline roll-up as a plain-text table.

use std::io::Write as _;
use std::process::ExitCode;

use super::{OK, checked_records, default_since, repository};
use crate::cli::StatusArgs;
use crate::rollup;

pub(crate) fn run(args: &StatusArgs) -> ExitCode {
    let root = match repository(args.root.as_deref()) {
        Ok(root) => root,
        Err(code) => return code,
    };
    let checked = match checked_records(&root, "for a roll-up") {
        Ok(checked) => checked,
        Err(code) => return code,
    };
    let config = &checked.config;
    let as_at = args.as_at.unwrap_or(checked.as_at);
    let since = default_since(as_at);
    let rollup = rollup::rollup(
        &checked.model,
        &config.vocabulary,
        as_at,
        since,
        rollup::Silence::from_config(config),
    );
    let _ = write!(
        std::io::stdout(),
        "{}",
        status_table(&rollup, &config.vocabulary, &checked.model)
    );
    ExitCode::from(OK)
}

/// The headline roll-up as plain text: groups, then what needs attention, then
/// each inspection with open AFIs.
fn status_table(
    rollup: &rollup::Rollup,
    vocabulary: &crate::model::Vocabulary,
    model: &crate::model::Model,
) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(out, "AFIs as at {}\n", rollup.as_at);
    let titles = rollup
        .by_inspection
        .iter()
        .filter_map(|s| s.name.as_ref())
        .map(|id| {
            model
                .inspections
                .iter()
                .find(|i| &i.id == id)
                .map_or(id.as_str(), |i| i.title.as_str())
        });
    let silent = rollup.silence.label();
    let attention = [
        ("Overdue", rollup.overall.overdue as usize),
        (silent.as_str(), rollup.silent.len()),
        ("Due in the next 30 days", rollup.due_soon.len()),
        ("Target revised", rollup.slipped.len()),
        ("Latest update assessed", rollup.overall.assessed as usize),
        (
            "Awaiting assessment",
            rollup.overall.awaiting_assessment as usize,
        ),
    ];
    let width = vocabulary
        .groups
        .iter()
        .map(|g| g.label.as_str())
        .chain(titles)
        .chain(attention.iter().map(|(label, _)| *label))
        .map(|t| t.chars().count())
        .max()
        .unwrap_or(0)
        .max(24);
    for group in &vocabulary.groups {
        let count = rollup.overall.groups.get(&group.id).copied().unwrap_or(0);
        let _ = writeln!(out, "  {:<width$} {count:>5}", group.label);
    }
    let _ = writeln!(out, "  {:<width$} {:>5}\n", "Total", rollup.overall.total);
    for (label, count) in attention {
        let _ = writeln!(out, "  {label:<width$} {count:>5}");
    }
    let _ = writeln!(
        out,
        "\n  {:<width$} {:>5} {:>5} {:>7}",
        "Inspection", "AFIs", "Open", "Overdue"
    );
    for slice in &rollup.by_inspection {
        let Some(id) = &slice.name else { continue };
        let title = model
            .inspections
            .iter()
            .find(|i| &i.id == id)
            .map_or(id.as_str(), |i| i.title.as_str());
        let _ = writeln!(
            out,
            "  {:<width$} {:>5} {:>5} {:>7}",
            title, slice.counts.total, slice.counts.open, slice.counts.overdue
        );
    }
    out
}
