//! `actionplan assess AFI-ID [--reject --reason TEXT]`: the liaison unit's
//! quality assessment of an AFI's newest update, recorded in the update
//! (who and when); a rejected update stays in the history but no longer
//! counts, so the AFI's status goes back to the one before it.

use std::collections::BTreeMap;
use std::process::ExitCode;

use super::checked::check_repository;
use super::editing::{self, recheck};
use super::update::find_afi;
use super::{OK, PROBLEMS, console, could_not_run, failed, repository};
use crate::cli::AssessArgs;
use crate::edit::{self, Assessment};

pub(crate) fn run(args: &AssessArgs) -> ExitCode {
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
    let Some(text) = checked.sources.get(&afi.path) else {
        return failed(&format!("`{}` could not be read", afi.path));
    };
    let fields = match edit::last_update_fields(&afi.path, text) {
        Ok(Some(fields)) => fields,
        Ok(None) => return failed(&format!("`{}` has no update to assess", afi.id)),
        Err(refusal) => return failed(&refusal.0),
    };
    if fields.iter().any(|f| f == "assured" || f == "rejected") {
        return failed(&format!(
            "the newest update of `{}` has already been assessed; nothing was written",
            afi.id
        ));
    }
    let (Some(newest), Ok(count)) = (afi.updates.last(), edit::update_count(&afi.path, text))
    else {
        return failed(&format!("`{}` has no update to assess", afi.id));
    };
    let date = args.date.unwrap_or(checked.as_at);
    let assessment = Assessment {
        by: args.by.trim().to_owned(),
        date: date.to_string(),
        rejected: args
            .reject
            .then(|| args.reason.clone().unwrap_or_default().trim().to_owned()),
    };
    if assessment.by.is_empty() || assessment.rejected.as_deref() == Some("") {
        return failed("say who assessed the update (--by) and, for a rejection, why (--reason)");
    }
    let vocabulary = &checked.config.vocabulary;
    let status_after = args.reject.then(|| {
        let before = afi
            .updates
            .len()
            .checked_sub(2)
            .and_then(|i| afi.updates.get(i));
        before.map_or(vocabulary.initial.clone(), |u| u.status.clone())
    });
    let edited = match edit::assess_update(
        &afi.path,
        text,
        count - 1,
        &assessment,
        status_after.as_deref(),
    ) {
        Ok(edited) => edited,
        Err(refusal) => return failed(&format!("{refusal}; nothing was written")),
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
    let outcome = match &status_after {
        None => "assured".to_owned(),
        Some(status) => format!("rejected; its status is `{status}` again"),
    };
    console::note(&format!(
        "assessed {}: the update of {} (`{}`) is {outcome}",
        afi.path, newest.date, newest.status
    ));
    ExitCode::from(OK)
}
