//! `report.md`: the dashboard's figures and every list as Markdown. Text
//! from the records goes through `md` (`Out::md`), as the template's `md`
//! filter does; what the template prints without it is printed as it is.

use super::{Out, given};
use crate::render::view::Page;
use crate::render::view::types::{AfiRow, MoveView, ReportView};

pub(super) fn report(o: &mut Out, page: &Page, view: &ReportView) {
    let site = &page.site;
    let dashboard = &view.dashboard;
    let counts = &dashboard.counts;
    o.s("# ");
    o.md(&site.name);
    o.s(": status report as at ");
    o.s(&site.as_at);
    o.s("\n\n");
    if !site.organisation.is_empty() {
        o.md(&site.organisation);
        o.s(". ");
    }
    o.s("Every figure in this report is computed from the records as at ");
    o.s(&site.as_at);
    o.s(".\n\n## Summary\n\n");
    o.n(counts.total);
    o.s(" areas for improvement (AFIs) had been raised by ");
    o.s(&site.as_at);
    o.s(", of which ");
    o.n(counts.open);
    o.s(" are open.\n\n| Roll-up group | AFIs |\n| --- | ---: |\n");
    for group in &counts.groups {
        o.s("| ");
        o.md(&group.label);
        o.s(" | ");
        o.n(group.count);
        o.s(" |\n");
    }
    o.s("| **Total** | **");
    o.n(counts.total);
    o.s("** |\n\n- Overdue (open and past their target date): ");
    o.n(counts.overdue);
    o.s("\n- ");
    o.s(&site.silent_label);
    o.s(" (open, and the owner has sent no progress update in that time; not the roll-up group \"Update awaited\"): ");
    o.n(counts.silent);
    o.s("\n- Due in the next 30 days: ");
    o.n(dashboard.due_soon);
    o.s("\n- With a revised target date: ");
    o.n(dashboard.slipped);
    o.s("\n- Latest update quality-assessed by the liaison unit: ");
    o.n(counts.assessed);
    o.s("; awaiting assessment: ");
    o.n(counts.awaiting_assessment);
    o.s(" (AFIs with no update are in neither)\n\n## Movement since ");
    o.s(&site.since);
    o.s("\n\n- Raised (new AFIs): ");
    o.n(dashboard.movement.raised);
    o.s("\n- Closed (open on ");
    o.s(&site.since);
    o.s(", closed now): ");
    o.n(dashboard.movement.closed);
    o.s("\n- Moved to another roll-up group without closing: ");
    o.n(dashboard.movement.moved);
    o.s("\n");
    let lists = &view.movement_lists;
    moves(o, page, "Raised since ", false, &lists.raised);
    moves(o, page, "Closed since ", true, &lists.closed);
    moves(o, page, "Moved to another group since ", true, &lists.moved);
    o.s("\n## By inspection\n\n| Inspection | Status |");
    label_cells(o, counts.groups.iter().map(|g| g.label.as_str()), "");
    o.s(" Total |\n| --- | --- |");
    number_columns(o, counts.groups.len());
    o.s(" ---: |\n");
    for i in &dashboard.inspections {
        o.s("| ");
        o.md(&i.title);
        o.s(" | ");
        o.md(&i.status);
        o.s(" |");
        count_cells(o, i.counts.groups.iter().map(|g| g.count));
        o.s(" ");
        o.n(i.counts.total);
        o.s(" |\n");
    }
    o.s("\n");
    breakdowns(o, page, view);
    o.s("## Overdue AFIs\n\n");
    for bucket in &view.buckets {
        o.s("### ");
        o.s(&bucket.label);
        o.s(" (");
        o.n(bucket.afis.len());
        o.s(")\n\n");
        for afi in &bucket.afis {
            o.s("- ");
            afi_name(o, afi);
            o.s(" (");
            o.md(afi.inspection);
            o.s("); owner: ");
            owner(o, afi);
            o.s("; target ");
            if let Some(due) = afi.due() {
                o.md(&due);
            }
            o.s(", ");
            if let Some(days) = afi.days_overdue() {
                o.n(days);
            }
            o.s(" days overdue\n");
        }
        if bucket.afis.is_empty() {
            o.s("None.\n");
        }
        o.s("\n");
    }
    o.s("## AFIs with ");
    o.s(&site.silent_label.to_lowercase());
    o.s("\n\n");
    for afi in &view.silent {
        o.s("- ");
        afi_name(o, afi);
        o.s(" (");
        o.md(afi.inspection);
        o.s("): no update for ");
        if let Some(days) = afi.days_silent() {
            o.n(days);
        }
        o.s(" days; owner: ");
        owner(o, afi);
        o.s("\n");
    }
    if view.silent.is_empty() {
        o.s("None.\n");
    }
    o.s("\n");
    reconciliations(o, view);
    o.s("\n");
}

/// `{% if afi.label %}{{ afi.label | md }}: {% endif %}{{ afi.title | md }}`
fn afi_name(o: &mut Out, afi: &AfiRow<'_>) {
    if let Some(label) = given(afi.label()) {
        o.md(label);
        o.s(": ");
    }
    o.md(afi.title());
}

fn owner(o: &mut Out, afi: &AfiRow<'_>) {
    match given(afi.owner()) {
        Some(owner) => o.md(owner),
        None => o.s("not recorded"),
    }
}

/// One part of the movement, as a table; nothing when it is empty.
fn moves(o: &mut Out, page: &Page, heading: &str, from: bool, list: &[MoveView]) {
    if list.is_empty() {
        return;
    }
    let site = &page.site;
    o.s("\n### ");
    o.s(heading);
    o.s(&site.since);
    o.s("\n\n| AFI |");
    if from {
        o.s(" On ");
        o.s(&site.since);
        o.s(" |");
    }
    o.s(" On ");
    o.s(&site.as_at);
    o.s(" |\n| --- | --- |");
    if from {
        o.s(" --- |");
    }
    o.s("\n");
    for m in list {
        o.s("| ");
        afi_name(o, &m.afi);
        o.s(" | ");
        if from {
            if let Some(was) = &m.from {
                o.md(was);
            }
            o.s(" | ");
        }
        o.md(&m.to);
        o.s(" |\n");
    }
}

fn breakdowns(o: &mut Out, page: &Page, view: &ReportView) {
    for d in &view.breakdowns {
        o.s("## By ");
        o.s(&d.dimension.to_lowercase());
        o.s("\n\n| ");
        o.s(&d.dimension);
        if d.chase {
            o.s(" | Open | Overdue | Due in 30 days | ");
            o.s(&page.site.silent_label);
            o.s(" | Longest without an update (days) | Total |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
            for row in &d.rows {
                let counts = &row.counts;
                o.s("| ");
                o.md(&row.name);
                for n in [counts.open, counts.overdue, counts.due_soon, counts.silent] {
                    o.s(" | ");
                    o.n(n);
                }
                o.s(" | ");
                if let Some(days) = counts.longest_silence {
                    o.n(days);
                }
                o.s(" | ");
                o.n(counts.total);
                o.s(" |\n");
            }
        } else {
            o.s(" |");
            label_cells(o, d.group_labels.iter().map(String::as_str), "");
            o.s(" Total | Overdue |\n| --- |");
            number_columns(o, d.group_labels.len());
            o.s(" ---: | ---: |\n");
            for row in &d.rows {
                o.s("| ");
                o.md(&row.name);
                o.s(" |");
                count_cells(o, row.counts.groups.iter().map(|g| g.count));
                o.s(" ");
                o.n(row.counts.total);
                o.s(" | ");
                o.n(row.counts.overdue);
                o.s(" |\n");
            }
        }
        o.s("\n");
    }
}

fn reconciliations(o: &mut Out, view: &ReportView) {
    let reconciliations = &view.dashboard.reconciliations;
    if reconciliations.is_empty() {
        return;
    }
    o.s("## Published figures and the records\n\nWhere a paper published figures, they are shown as published beside the figures the records give as at the paper's date.\n");
    for rec in reconciliations {
        o.s("\n### ");
        o.md(&rec.inspection);
        o.s(": figures published on ");
        o.s(&rec.date);
        if let Some(source) = given(rec.source.as_deref()) {
            o.s(" (");
            o.md(source);
            o.s(")");
        }
        o.s("\n\n");
        for sentence in &rec.sentences {
            o.md(sentence);
            o.s("\n\n");
        }
        o.s("| Breakdown | Published total | Records total | Difference |");
        let labels = rec.group_labels.iter().map(String::as_str);
        label_cells(o, labels, ": published / records");
        o.s("\n| --- | ---: | ---: | ---: |");
        number_columns(o, rec.group_labels.len());
        o.s("\n");
        for row in &rec.rows {
            o.s("| ");
            o.md(&row.name);
            o.s(" | ");
            o.n(row.published_total);
            o.s(" | ");
            o.n(row.records_total);
            o.s(" | ");
            if row.difference > 0 {
                o.s("+");
            }
            o.n(row.difference);
            o.s(" |");
            for g in &row.groups {
                o.s(" ");
                match g.published {
                    Some(published) => o.n(published),
                    None => o.s("not published"),
                }
                o.s(" / ");
                o.n(g.records);
                o.s(" |");
            }
            o.s("\n");
        }
    }
}

/// ` {{ label | md }}{suffix} |` for each label: a table's heading cells.
fn label_cells<'l>(o: &mut Out, labels: impl Iterator<Item = &'l str>, suffix: &str) {
    for label in labels {
        o.s(" ");
        o.md(label);
        o.s(suffix);
        o.s(" |");
    }
}

/// ` ---: |`, `columns` times: the divider under right-aligned columns.
fn number_columns(o: &mut Out, columns: usize) {
    for _ in 0..columns {
        o.s(" ---: |");
    }
}

/// ` {{ n }} |` for each number.
fn count_cells(o: &mut Out, counts: impl Iterator<Item = u64>) {
    for n in counts {
        o.s(" ");
        o.n(n);
        o.s(" |");
    }
}
