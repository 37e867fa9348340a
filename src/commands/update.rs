//! `actionplan update AFI-ID`: one dated update appended to an AFI's file
//! and its `status` set to match, nothing else changed; checked as `check`
//! would before anything is written, and written atomically.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::process::ExitCode;

use super::checked::{Checked, check_repository};
use super::editing::{self, appended, recheck};
use super::{OK, PROBLEMS, console, could_not_run, failed, repository};
use crate::cli::UpdateArgs;
use crate::edit::NewUpdate;
use crate::model::Afi;

pub(crate) fn run(args: &UpdateArgs) -> ExitCode {
    let root = match repository(args.root.as_deref()) {
        Ok(root) => root,
        Err(code) => return code,
    };
    let _lock = match editing::lock(&root) {
        Ok(lock) => lock,
        Err(message) => return could_not_run(&message),
    };
    let checked = check_repository(&root, args.as_at);
    let afi = match find_afi(&checked, &args.id) {
        Ok(afi) => afi,
        Err(message) => return failed(&message),
    };
    let update = match new_update(&root, &checked, afi, args) {
        Ok(update) => update,
        Err(problems) => {
            for problem in &problems {
                let _ = writeln!(anstream::stderr(), "error: {problem}");
            }
            return failed("nothing was written");
        }
    };
    let Some(text) = checked.sources.get(&afi.path) else {
        return failed(&format!("`{}` could not be read", afi.path));
    };
    let edited = match appended(text, afi, &update) {
        Ok(edited) => edited,
        Err(message) => return failed(&format!("{message}; nothing was written")),
    };
    let edits = BTreeMap::from([(afi.path.clone(), edited)]);
    let rechecked = recheck(&root, &checked.config, checked.as_at, &edits);
    if !rechecked.new_errors.is_empty() {
        editing::print_refused(&rechecked);
        return ExitCode::from(PROBLEMS);
    }
    if let Err(message) = editing::write_all(&root, &edits) {
        return failed(&message);
    }
    editing::print_warnings(&rechecked);
    let change = match afi.status == update.status {
        true => format!("still {}", update.status),
        false => format!("{} → {}", afi.status, update.status),
    };
    console::note(&format!("updated {}: {change}, {}", afi.path, update.date));
    ExitCode::from(OK)
}

/// The AFI with `id`, or why there is none to update.
pub(crate) fn find_afi<'a>(checked: &'a Checked, id: &str) -> Result<&'a Afi, String> {
    if let Some(afi) = checked.model.afis.iter().find(|a| a.id == id) {
        return Ok(afi);
    }
    let file = format!("/{id}.md");
    if let Some(path) = checked.sources.keys().find(|p| p.ends_with(&file)) {
        return Err(format!(
            "`{path}` has errors, so it cannot be updated; run `actionplan check` and fix them first"
        ));
    }
    let ids = checked.model.afis.iter().map(|a| a.id.as_str());
    let hint = crate::diag::suggest::did_you_mean(id, ids)
        .map_or_else(String::new, |near| format!("; did you mean `{near}`?"));
    Err(format!("no AFI has the id `{id}`{hint}"))
}

/// The update the arguments describe, or every problem with them.
fn new_update(
    root: &std::path::Path,
    checked: &Checked,
    afi: &Afi,
    args: &UpdateArgs,
) -> Result<NewUpdate, Vec<String>> {
    let vocabulary = &checked.config.vocabulary;
    let mut problems = Vec::new();
    let mut keep = |result: Result<String, String>| match result {
        Ok(value) => Some(value),
        Err(problem) => {
            problems.push(problem);
            None
        }
    };
    let status = keep(editing::status_id(vocabulary, &args.status));
    let date =
        keep(editing::update_date(args.date.as_deref(), checked.as_at).map(|d| d.to_string()));
    let due = args
        .due
        .as_deref()
        .and_then(|d| keep(editing::target_text(d)));
    let _ = keep(editing::check_note(&args.note).map(|()| String::new()));
    for item in &args.evidence {
        let _ = keep(editing::check_evidence(root, item).map(|()| String::new()));
    }
    let _ = keep(editing::can_add_first_update(afi, vocabulary).map(|()| String::new()));
    match (status, date) {
        (Some(status), Some(date)) if problems.is_empty() => Ok(NewUpdate {
            date,
            status,
            note: args.note.trim().to_owned(),
            due,
            reason: args.reason.as_ref().map(|r| r.trim().to_owned()),
            evidence: args.evidence.iter().map(|e| e.trim().to_owned()).collect(),
            by: args.by.as_ref().map(|b| b.trim().to_owned()),
        }),
        _ => Err(problems),
    }
}
