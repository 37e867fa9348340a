//! Each row of a return judged against the records: applied, skipped
//! (nothing given, or already imported), refused (its record changed since
//! the request was issued), or its problems, every one located.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::{Cell, Place, Problem, Return, Row};
use crate::model::{Afi, Model, Vocabulary};
use crate::owners::ColumnKind;

/// The longest progress note accepted, in characters: a long page of text.
/// Anything longer belongs in a document linked as evidence.
pub(crate) const MAX_NOTE_CHARS: usize = 4000;

/// A row's update, ready to be appended.
#[derive(Clone, Debug)]
pub(crate) struct Accepted {
    pub(crate) id: String,
    pub(crate) status: String,
    pub(crate) note: String,
    pub(crate) due: Option<String>,
    pub(crate) reason: Option<String>,
    pub(crate) evidence: Vec<String>,
    pub(crate) by: Option<String>,
}

#[derive(Clone, Debug)]
pub(crate) enum Verdict {
    Apply(Place, Accepted),
    Skip(Place, String, String),
    Refuse(Place, String, String),
    Problems(Vec<Problem>),
}

/// What judging needs from the repository.
pub(crate) struct Records<'a> {
    pub(crate) model: &'a Model,
    pub(crate) vocabulary: &'a Vocabulary,
    pub(crate) sources: &'a BTreeMap<String, Arc<str>>,
    pub(crate) force: bool,
}

/// Judge every row of `ret`; `seen` holds the ids of rows judged before,
/// in this return or an earlier one.
pub(crate) fn judge(
    ret: &Return,
    records: &Records,
    seen: &mut BTreeMap<String, Place>,
) -> Vec<Verdict> {
    ret.rows
        .iter()
        .map(|row| judge_row(row, ret.owner.as_deref(), records, seen))
        .collect()
}

fn judge_row(
    row: &Row,
    owner: Option<&str>,
    records: &Records,
    seen: &mut BTreeMap<String, Place>,
) -> Verdict {
    let problem = |kind: ColumnKind, message: String| Problem::error(row.at(kind), message);
    let Some(afi) = records.model.afis.iter().find(|a| a.id == row.id) else {
        let ids = records.model.afis.iter().map(|a| a.id.as_str());
        let found = problem(ColumnKind::Id, format!("no AFI has the id `{}`", row.id));
        return Verdict::Problems(vec![
            match crate::diag::suggest::did_you_mean(&row.id, ids) {
                Some(near) => found.help(format!(
                    "did you mean `{near}`? Keep the id each row was sent with"
                )),
                None => found.help("keep the id each row was sent with; do not add rows"),
            },
        ]);
    };
    let sent_to = owner.or(row.owner.as_deref());
    if let Some(sent_to) = sent_to
        && afi.owner.as_deref() != Some(sent_to)
    {
        let belongs = afi
            .owner
            .as_deref()
            .map_or_else(|| "no owner".to_owned(), |o| format!("`{o}`"));
        return Verdict::Problems(vec![problem(ColumnKind::Id, format!("`{}` belongs to {belongs}, not to `{sent_to}`", afi.id))
            .help("only the owner a request went to may answer it; take this row out, or send the AFI to its owner")]);
    }
    let edits = [
        &row.new_status,
        &row.note,
        &row.revised_target,
        &row.reason,
        &row.evidence,
    ];
    if edits.iter().all(|c| c.is_empty()) {
        return Verdict::Skip(
            row.place.clone(),
            afi.id.clone(),
            "no update given".to_owned(),
        );
    }
    if let Some(first) = seen.get(&afi.id) {
        return Verdict::Problems(vec![
            problem(
                ColumnKind::Id,
                format!("`{}` has another row already, at {first}", afi.id),
            )
            .help("give one update per AFI; put everything in one row"),
        ]);
    }
    seen.insert(afi.id.clone(), row.place.clone());
    let mut problems = Vec::new();
    let mut text = |kind: ColumnKind, cell: &Cell| -> Option<String> {
        match cell {
            Cell::Empty => None,
            Cell::Text(t) if t.trim().is_empty() => None,
            Cell::Text(t) => Some(t.trim().to_owned()),
            Cell::Formula(f) => {
                problems.push(
                    problem(kind, format!("this cell holds a formula (`{f}`)"))
                        .help("type the value itself"),
                );
                None
            }
            Cell::Error(e) => {
                problems.push(
                    problem(kind, format!("this cell shows the error `{e}`"))
                        .help("type the value itself"),
                );
                None
            }
            Cell::Number(n) => Some(n.to_string()),
            Cell::Date(d) => Some(d.to_string()),
        }
    };
    let status = text(ColumnKind::NewStatus, &row.new_status);
    let note = text(ColumnKind::Note, &row.note);
    let reason = text(ColumnKind::Reason, &row.reason);
    let evidence = text(ColumnKind::Evidence, &row.evidence);
    let due = revised_target(row, &mut problems);
    let status = match status {
        None if !row.new_status.is_empty() => None,
        None => {
            problems.push(
                problem(ColumnKind::NewStatus, "no new status is chosen".to_owned())
                    .help("choose the status from the list, even if it has not changed"),
            );
            None
        }
        Some(name) => match status_id(records.vocabulary, &name) {
            Ok(id) => Some(id),
            Err(message) => {
                problems.push(problem(ColumnKind::NewStatus, message));
                None
            }
        },
    };
    match &note {
        None if !row.note.is_empty() => {}
        None => problems.push(
            problem(ColumnKind::Note, "the progress note is empty".to_owned())
                .help("say what has been done since the last update"),
        ),
        Some(note) if note.chars().count() > MAX_NOTE_CHARS => problems.push(
            problem(
                ColumnKind::Note,
                format!(
                    "the progress note is {} characters long; the limit is {MAX_NOTE_CHARS}",
                    note.chars().count()
                ),
            )
            .help("summarise it, and give the full text as evidence"),
        ),
        Some(_) => {}
    }
    match (&due, &reason) {
        (Some(_), None) => problems.push(
            problem(
                ColumnKind::Reason,
                "a revised target is given without its reason".to_owned(),
            )
            .help("say why the target moved"),
        ),
        (None, Some(_)) if !matches!(row.revised_target, Cell::Number(_) | Cell::Text(_)) => {
            problems.push(
                problem(
                    ColumnKind::RevisedTarget,
                    "a reason is given but no revised target".to_owned(),
                )
                .help("give the revised target, or clear the reason"),
            );
        }
        _ => {}
    }
    let evidence = evidence.map_or_else(Vec::new, |e| split_evidence(&e));
    for item in &evidence {
        if item.starts_with("http") && item.contains(char::is_whitespace) {
            problems.push(
                problem(
                    ColumnKind::Evidence,
                    format!("the link `{item}` has a space in it"),
                )
                .help("give one link or document per line"),
            );
        }
    }
    if !problems.is_empty() {
        return Verdict::Problems(problems);
    }
    let (Some(status), Some(note)) = (status, note) else {
        return Verdict::Problems(problems);
    };
    if already_imported(afi, &status, &note) {
        return Verdict::Skip(
            row.place.clone(),
            afi.id.clone(),
            "already imported".to_owned(),
        );
    }
    let now = records
        .sources
        .get(&afi.path)
        .map(|t| crate::load::fingerprint(t));
    let issued = row.fingerprint.text();
    if now.as_deref() != Some(issued.as_str()) && !records.force {
        return Verdict::Refuse(
            row.place.clone(),
            afi.id.clone(),
            "its record has changed since the request was issued".to_owned(),
        );
    }
    Verdict::Apply(
        row.place.clone(),
        Accepted {
            id: afi.id.clone(),
            status,
            note,
            due,
            reason,
            evidence,
            by: sent_to.map(str::to_owned).or_else(|| afi.owner.clone()),
        },
    )
}

/// The revised target as the record writes it, or `None`; problems located.
fn revised_target(row: &Row, problems: &mut Vec<Problem>) -> Option<String> {
    let place = row.at(ColumnKind::RevisedTarget);
    match &row.revised_target {
        Cell::Empty => None,
        Cell::Date(d) => Some(d.to_string()),
        Cell::Text(t) if t.trim().is_empty() => None,
        Cell::Text(t) => match crate::validate::parse_target(t.trim()) {
            Ok(target) => Some(target.to_string()),
            Err(_) => {
                let found = Problem::error(place, format!("`{}` is not a date", t.trim()));
                problems.push(match day_first(t.trim()) {
                    Some(iso) => {
                        found.help(format!("did you mean {iso}? Write dates as YYYY-MM-DD"))
                    }
                    None => found.help(
                        "write the date as YYYY-MM-DD (or YYYY-MM for a month, or `ongoing`)",
                    ),
                });
                None
            }
        },
        Cell::Number(n) => {
            let found = Problem::error(place, format!("`{n}` is a number, not a date"));
            problems.push(match super::xlsx::serial_date(*n, false) {
                Some(date) => found.help(format!(
                    "did you mean {date}? Format the cell as a date, or type the date as {date}"
                )),
                None => found.help("type the date as YYYY-MM-DD"),
            });
            None
        }
        Cell::Formula(f) => {
            problems.push(
                Problem::error(place, format!("this cell holds a formula (`{f}`)"))
                    .help("type the date itself"),
            );
            None
        }
        Cell::Error(e) => {
            problems.push(
                Problem::error(place, format!("this cell shows the error `{e}`"))
                    .help("type the date itself"),
            );
            None
        }
    }
}

/// `31/03/2007` (day first, as written in the UK) as `2007-03-31`.
fn day_first(text: &str) -> Option<String> {
    let parts: Vec<&str> = text.split(['/', '.']).collect();
    let [day, month, year] = parts.as_slice() else {
        return None;
    };
    let (day, month, year) = (
        day.parse::<i8>().ok()?,
        month.parse::<i8>().ok()?,
        year.parse::<i16>().ok()?,
    );
    let year = if year < 100 { 2000 + year } else { year };
    jiff::civil::Date::new(year, month, day)
        .ok()
        .map(|d| d.to_string())
}

/// Evidence items: one per line, or separated by `;`.
fn split_evidence(text: &str) -> Vec<String> {
    text.split(['\n', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Whether the AFI already has this update, imported before.
fn already_imported(afi: &Afi, status: &str, note: &str) -> bool {
    afi.updates
        .iter()
        .chain(&afi.rejected)
        .any(|u| u.status == status && u.note.trim() == note)
}

/// The status id that `text` names, by id or by label, in any case; else
/// why not, with the nearest status.
pub(crate) fn status_id(vocabulary: &Vocabulary, text: &str) -> Result<String, String> {
    let wanted = text.trim();
    let found = vocabulary.statuses.iter().find(|s| {
        s.id.eq_ignore_ascii_case(wanted) || s.label.to_lowercase() == wanted.to_lowercase()
    });
    if let Some(status) = found {
        return Ok(status.id.clone());
    }
    let names = vocabulary
        .statuses
        .iter()
        .flat_map(|s| [s.id.as_str(), s.label.as_str()]);
    // Suggest a label to someone who wrote one, an id otherwise.
    let as_label = wanted
        .chars()
        .any(|c| c.is_uppercase() || c.is_whitespace());
    let near = crate::diag::suggest::did_you_mean(wanted, names).and_then(|near| {
        let status = vocabulary
            .statuses
            .iter()
            .find(|s| s.id == near || s.label == near)?;
        Some(if as_label { &status.label } else { &status.id })
    });
    let hint = match near {
        Some(near) => format!("did you mean `{near}`?"),
        None => format!(
            "the statuses are {}",
            vocabulary
                .statuses
                .iter()
                .map(|s| format!("`{}`", s.label))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    Err(format!("`{wanted}` is not a status; {hint}"))
}
