//! Exports for other tools: `data.json` (every record and every roll-up) and
//! `afis.csv` (one row per AFI, for a spreadsheet). Both are documented in
//! docs/exports.md.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

use crate::model::{Afi, Inspection, Model, Target, Vocabulary};
use crate::rollup::{AfiId, Counts, Rollup, Slice};

#[derive(Serialize)]
struct Data<'a> {
    format: u32,
    as_at: String,
    since: String,
    vocabulary: VocabularyExport<'a>,
    inspections: Each<'a, Inspection, InspectionExport<'a>>,
    afis: Each<'a, Afi, AfiExport<'a>>,
    rollup: RollupExport<'a>,
}

#[derive(Serialize)]
struct VocabularyExport<'a> {
    groups: Vec<BTreeMap<&'static str, &'a str>>,
    statuses: Vec<StatusExport<'a>>,
    initial: &'a str,
}

#[derive(Serialize)]
struct StatusExport<'a> {
    id: &'a str,
    label: &'a str,
    open: bool,
    group: &'a str,
}

#[derive(Serialize)]
struct InspectionExport<'a> {
    id: &'a str,
    source: &'a str,
    title: &'a str,
    programme: Option<&'a str>,
    body: &'a str,
    subject: &'a str,
    status: &'static str,
    fieldwork: Vec<[Option<String>; 2]>,
    published: Option<String>,
    revisits: Vec<BTreeMap<&'static str, String>>,
    gradings: Vec<BTreeMap<&'static str, &'a str>>,
    good_practice: &'a [String],
    conclusion: Option<&'a str>,
    published_counts: Vec<PublishedExport<'a>>,
}

#[derive(Serialize)]
struct PublishedExport<'a> {
    date: String,
    source: Option<&'a str>,
    note: Option<&'a str>,
    breakdowns: Vec<BreakdownExport<'a>>,
}

#[derive(Serialize)]
struct BreakdownExport<'a> {
    kind: &'static str,
    name: Option<&'a str>,
    total: u64,
    groups: BTreeMap<&'a str, u64>,
}

#[derive(Serialize)]
struct UpdateExport<'a> {
    date: String,
    status: &'a str,
    note: &'a str,
    assured: bool,
    due: Option<String>,
    reason: Option<&'a str>,
    evidence: &'a [String],
    by: Option<&'a str>,
    assessed: Option<String>,
    assessed_by: Option<&'a str>,
}

#[derive(Serialize)]
struct AfiExport<'a> {
    id: &'a str,
    source: &'a str,
    inspection: &'a str,
    label: Option<&'a str>,
    title: &'a str,
    framework: Option<&'a str>,
    theme: Option<&'a str>,
    owner: Option<&'a str>,
    raised: String,
    due: Option<String>,
    status: &'a str,
    updates: Vec<UpdateExport<'a>>,
    /// The AFI as at the as-at date; absent when raised after it.
    as_at: Option<StateExport<'a>>,
}

#[derive(Serialize)]
struct StateExport<'a> {
    status: &'a str,
    group: &'a str,
    open: bool,
    due: Option<String>,
    target_revisions: usize,
    days_overdue: Option<i32>,
    days_to_due: Option<i32>,
    days_since_update: Option<i32>,
    /// On the "no update for more than N days" list.
    silent: bool,
    rag: &'static str,
    rag_reason: &'a str,
}

#[derive(Serialize)]
struct CountsExport<'a> {
    name: Option<&'a str>,
    total: u64,
    open: u64,
    overdue: u64,
    due_soon: u64,
    silent: u64,
    longest_silence: Option<i32>,
    assessed: u64,
    awaiting_assessment: u64,
    groups: &'a BTreeMap<String, u64>,
    statuses: &'a BTreeMap<String, u64>,
    afis: Option<&'a [AfiId]>,
}

#[derive(Serialize)]
struct MovementExport<'a> {
    since: String,
    raised: Vec<&'a str>,
    moved: Vec<&'a str>,
    closed: Vec<&'a str>,
}

#[derive(Serialize)]
struct SilenceExport {
    label: String,
    stale_after_days: u32,
    silent_red_after_days: u32,
}

#[derive(Serialize)]
struct TrendExport<'a> {
    date: String,
    total: u64,
    counts: &'a BTreeMap<String, u64>,
}

#[derive(Serialize)]
struct RollupExport<'a> {
    overall: CountsExport<'a>,
    by_inspection: Vec<CountsExport<'a>>,
    by_programme: Vec<CountsExport<'a>>,
    by_body: Vec<CountsExport<'a>>,
    by_framework: Vec<CountsExport<'a>>,
    by_owner: Vec<CountsExport<'a>>,
    by_theme: Vec<CountsExport<'a>>,
    overdue: BTreeMap<&'static str, &'a [AfiId]>,
    due_soon: &'a [AfiId],
    silence: SilenceExport,
    silent: &'a [AfiId],
    slipped: &'a [AfiId],
    movement: MovementExport<'a>,
    trend: Vec<TrendExport<'a>>,
}

fn counts<'a>(name: Option<&'a str>, c: &'a Counts, afis: Option<&'a [AfiId]>) -> CountsExport<'a> {
    CountsExport {
        name,
        total: c.total,
        open: c.open,
        overdue: c.overdue,
        due_soon: c.due_soon,
        silent: c.silent,
        longest_silence: c.longest_silence,
        assessed: c.assessed,
        awaiting_assessment: c.awaiting_assessment,
        groups: &c.groups,
        statuses: &c.statuses,
        afis,
    }
}

fn slices(slices: &[Slice]) -> Vec<CountsExport<'_>> {
    slices
        .iter()
        .map(|s| counts(s.name.as_deref(), &s.counts, Some(&s.afis)))
        .collect()
}

fn ids(moves: &[crate::rollup::Move]) -> Vec<&str> {
    moves.iter().map(|m| m.id.as_str()).collect()
}

fn target(t: Target) -> String {
    t.to_string()
}

/// `data.json`: pretty-printed, keys in a fixed order, so that it diffs well.
pub(crate) fn write_data_json(
    model: &Model,
    rollup: &Rollup,
    vocabulary: &Vocabulary,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let data = Data {
        format: 2,
        as_at: rollup.as_at.to_string(),
        since: rollup.since.to_string(),
        vocabulary: VocabularyExport {
            groups: vocabulary
                .groups
                .iter()
                .map(|g| BTreeMap::from([("id", g.id.as_str()), ("label", g.label.as_str())]))
                .collect(),
            statuses: vocabulary
                .statuses
                .iter()
                .map(|s| StatusExport {
                    id: &s.id,
                    label: &s.label,
                    open: s.open,
                    group: &s.group,
                })
                .collect(),
            initial: &vocabulary.initial,
        },
        inspections: Each(&model.inspections, &|i| inspection_export(i)),
        afis: Each(&model.afis, &|a| afi_export(a, rollup)),
        rollup: RollupExport {
            overall: counts(None, &rollup.overall, None),
            by_inspection: slices(&rollup.by_inspection),
            by_programme: slices(&rollup.by_programme),
            by_body: slices(&rollup.by_body),
            by_framework: slices(&rollup.by_framework),
            by_owner: slices(&rollup.by_owner),
            by_theme: slices(&rollup.by_theme),
            overdue: BTreeMap::from([
                ("1-30", rollup.ageing[0].as_slice()),
                ("31-90", rollup.ageing[1].as_slice()),
                ("over-90", rollup.ageing[2].as_slice()),
            ]),
            due_soon: &rollup.due_soon,
            silence: SilenceExport {
                label: rollup.silence.label(),
                stale_after_days: rollup.silence.amber_after_days,
                silent_red_after_days: rollup.silence.red_after_days,
            },
            silent: &rollup.silent,
            slipped: &rollup.slipped,
            movement: MovementExport {
                since: rollup.since.to_string(),
                raised: ids(&rollup.movement.raised),
                moved: ids(&rollup.movement.moved),
                closed: ids(&rollup.movement.closed),
            },
            trend: rollup
                .trend
                .iter()
                .map(|p| TrendExport {
                    date: p.date.to_string(),
                    total: p.total,
                    counts: &p.counts,
                })
                .collect(),
        },
    };
    serde_json::to_writer_pretty(&mut *out, &data)?;
    out.write_all(b"\n")
}

/// One inspection as `data.json` has it.
fn inspection_export(i: &Inspection) -> InspectionExport<'_> {
    let status = crate::model::InspectionStatus::ALL
        .iter()
        .find(|(_, s)| *s == i.status)
        .map_or("", |(id, _)| id);
    InspectionExport {
        id: &i.id,
        source: &i.path,
        title: &i.title,
        programme: i.programme.as_deref(),
        body: &i.body,
        subject: &i.subject,
        status,
        fieldwork: i
            .fieldwork
            .iter()
            .map(|p| [Some(p.start.to_string()), p.end.map(|d| d.to_string())])
            .collect(),
        published: i.published.map(|d| d.to_string()),
        revisits: i
            .revisits
            .iter()
            .map(|r| {
                let mut m = BTreeMap::new();
                let dates = [
                    ("due", r.due),
                    ("visited", r.visited),
                    ("published", r.published),
                ];
                for (key, date) in dates {
                    if let Some(d) = date {
                        m.insert(key, d.to_string());
                    }
                }
                if let Some(note) = &r.note {
                    m.insert("note", note.clone());
                }
                m
            })
            .collect(),
        gradings: i
            .gradings
            .iter()
            .map(|g| {
                let mut m = BTreeMap::from([
                    ("framework", g.framework.as_str()),
                    ("grade", g.grade.as_str()),
                ]);
                if let Some(d) = &g.direction {
                    m.insert("direction", d);
                }
                if let Some(n) = &g.note {
                    m.insert("note", n);
                }
                m
            })
            .collect(),
        good_practice: &i.good_practice,
        conclusion: i.conclusion.as_deref(),
        published_counts: i
            .published_counts
            .iter()
            .map(|p| PublishedExport {
                date: p.date.to_string(),
                source: p.source.as_deref(),
                note: p.note.as_deref(),
                breakdowns: std::iter::once(("inspection", &p.overall))
                    .chain(p.frameworks.iter().map(|b| ("framework", b)))
                    .chain(p.themes.iter().map(|b| ("theme", b)))
                    .map(|(kind, b)| BreakdownExport {
                        kind,
                        name: b.name.as_deref(),
                        total: b.total,
                        groups: b.groups.iter().map(|(g, n)| (g.as_str(), *n)).collect(),
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// One AFI as `data.json` has it, with its state as at the roll-up's date.
fn afi_export<'a>(a: &'a Afi, rollup: &'a Rollup) -> AfiExport<'a> {
    AfiExport {
        id: &a.id,
        source: &a.path,
        inspection: &a.inspection,
        label: a.label.as_deref(),
        title: &a.title,
        framework: a.framework.as_deref(),
        theme: a.theme.as_deref(),
        owner: a.owner.as_deref(),
        raised: a.raised.to_string(),
        due: a.due.map(target),
        status: &a.status,
        updates: a
            .updates
            .iter()
            .map(|u| UpdateExport {
                date: u.date.to_string(),
                status: &u.status,
                note: &u.note,
                assured: u.assured,
                due: u.due.map(target),
                reason: u.reason.as_deref(),
                evidence: &u.evidence,
                by: u.by.as_deref(),
                assessed: u.assessed.map(|d| d.to_string()),
                assessed_by: u.assessed_by.as_deref(),
            })
            .collect(),
        as_at: rollup.states.get(a.id.as_str()).map(|s| StateExport {
            status: &s.status,
            group: &s.group,
            open: s.open,
            due: s.due.map(target),
            target_revisions: s.revisions,
            days_overdue: s.days_overdue,
            days_to_due: s.days_to_due,
            days_since_update: s.days_since_update,
            silent: s.days_silent.is_some(),
            rag: s.rag.label(),
            rag_reason: &s.rag_reason,
        }),
    }
}

/// A list written to `data.json` one item at a time, each made as it is
/// written, so that the exports of every record never exist at once.
struct Each<'a, T, E>(&'a [Arc<T>], &'a dyn Fn(&'a T) -> E);

impl<T, E: Serialize> Serialize for Each<'_, T, E> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|item| (self.1)(item)))
    }
}

/// `afis.csv`: UTF-8 with a byte-order mark (so Excel reads it as UTF-8),
/// every field quoted, CRLF line ends, and cells that a spreadsheet would take
/// for a formula made plain text.
pub(crate) fn write_afis_csv(
    model: &Model,
    rollup: &Rollup,
    vocabulary: &Vocabulary,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let silent = rollup.silence.label();
    let header = [
        "id",
        "label",
        "title",
        "inspection",
        "framework",
        "theme",
        "owner",
        "raised",
        "original target",
        "target",
        "target revisions",
        "status",
        "roll-up group",
        "open",
        "days overdue",
        "days since last update",
        silent.as_str(),
        "RAG",
        "last update",
        "source",
    ];
    out.write_all("\u{feff}".as_bytes())?;
    write_row(out, header.iter().map(|h| (*h).to_owned()))?;
    for afi in &model.afis {
        let Some(state) = rollup.states.get(afi.id.as_str()) else {
            continue;
        };
        let status_label = vocabulary
            .status(&state.status)
            .map_or(state.status.as_str(), |s| s.label.as_str());
        let group_label = vocabulary
            .group(&state.group)
            .map_or(state.group.as_str(), |g| g.label.as_str());
        let last_update = afi
            .updates
            .iter()
            .rev()
            .find(|u| u.date.first_day() <= rollup.as_at)
            .map(|u| u.date.to_string());
        let text = |v: Option<&String>| v.cloned().unwrap_or_default();
        write_row(
            out,
            [
                afi.id.clone(),
                text(afi.label.as_ref()),
                afi.title.clone(),
                afi.inspection.clone(),
                text(afi.framework.as_ref()),
                text(afi.theme.as_ref()),
                text(afi.owner.as_ref()),
                afi.raised.to_string(),
                afi.due.map(target).unwrap_or_default(),
                state.due.map(target).unwrap_or_default(),
                state.revisions.to_string(),
                status_label.to_owned(),
                group_label.to_owned(),
                if state.open { "yes" } else { "no" }.to_owned(),
                state
                    .days_overdue
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                state
                    .days_since_update
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                if state.days_silent.is_some() {
                    "yes"
                } else {
                    "no"
                }
                .to_owned(),
                state.rag.label().to_owned(),
                last_update.unwrap_or_default(),
                afi.path.clone(),
            ]
            .into_iter(),
        )?;
    }
    Ok(())
}

fn write_row(
    out: &mut dyn std::io::Write,
    cells: impl Iterator<Item = String>,
) -> std::io::Result<()> {
    let cells: Vec<String> = cells.map(|c| csv_cell(&c)).collect();
    out.write_all(cells.join(",").as_bytes())?;
    out.write_all(b"\r\n")
}

/// One quoted cell. A value starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return would run as a formula in Excel: a leading `'` keeps it text.
pub(crate) fn csv_cell(value: &str) -> String {
    let needs_guard = value.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let guarded = if needs_guard {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    format!("\"{}\"", guarded.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::csv_cell;

    #[test]
    fn csv_cells_are_quoted_and_formulas_neutralised() {
        assert_eq!(csv_cell("plain"), "\"plain\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("+1"), "\"'+1\"");
        assert_eq!(csv_cell("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(csv_cell("a,b\nc"), "\"a,b\nc\"");
    }
}
