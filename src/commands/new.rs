//! `actionplan new`: one new record with valid front matter, never written
//! over another.

use std::path::Path;
use std::process::ExitCode;

use super::checked::check_repository;
use super::{OK, console, could_not_run, failed, repository};
use crate::cli::{NewArgs, NewKind};

/// `actionplan new inspection|afi|paper`: one new record, never over another.
pub(crate) fn run(args: &NewArgs) -> ExitCode {
    use crate::commands::scaffold;
    let root = match repository(args.root.as_deref()) {
        Ok(root) => root,
        Err(code) => return code,
    };
    let checked = check_repository(&root, None);
    let model = &checked.model;
    let today = crate::model::Date::Day(checked.as_at);
    let (id, folder, text) = match args.kind {
        NewKind::Inspection => {
            let id = args
                .id
                .clone()
                .unwrap_or_else(|| scaffold::id_from_title(&args.title));
            let text = scaffold::inspection(&scaffold::NewInspection {
                id: &id,
                title: &args.title,
                body: args.body.as_deref().unwrap_or_default(),
                subject: args.subject.as_deref().unwrap_or_default(),
            });
            (id.clone(), format!("records/{id}"), text)
        }
        NewKind::Afi => {
            let inspection_id = args.inspection.as_deref().unwrap_or_default();
            let Some(inspection) = model.inspections.iter().find(|i| i.id == inspection_id) else {
                let ids: Vec<&str> = model.inspections.iter().map(|i| i.id.as_str()).collect();
                let hint = crate::diag::suggest::did_you_mean(inspection_id, ids.iter().copied())
                    .map_or_else(String::new, |s| format!("; did you mean `{s}`?"));
                return could_not_run(&format!("no inspection has the id `{inspection_id}`{hint}"));
            };
            let id = args
                .id
                .clone()
                .unwrap_or_else(|| scaffold::next_afi_id(model, inspection_id));
            let frameworks: Vec<String> = inspection
                .gradings
                .iter()
                .map(|g| g.framework.clone())
                .collect();
            let text = scaffold::afi(&scaffold::NewAfi {
                id: &id,
                inspection: inspection_id,
                title: &args.title,
                frameworks: &frameworks,
                raised: today,
                status: &checked.config.vocabulary.initial,
            });
            let folder = inspection
                .path
                .rsplit_once('/')
                .map_or("records", |(dir, _)| dir)
                .to_owned();
            (id, folder, text)
        }
        NewKind::Paper => {
            let id = args
                .id
                .clone()
                .unwrap_or_else(|| scaffold::id_from_title(&args.title));
            let committee = model
                .papers
                .iter()
                .max_by_key(|p| p.meeting.first_day())
                .map_or("Committee", |p| p.committee.as_str());
            let text = scaffold::paper(&scaffold::NewPaper {
                id: &id,
                title: &args.title,
                committee,
                date: today,
            });
            (id, "records/papers".to_owned(), text)
        }
    };
    if let Some(problem) = crate::validate::id_problem(&id) {
        return could_not_run(&format!("`{id}` is not a valid id: {problem}"));
    }
    let taken = model.inspections.iter().any(|i| i.id == id)
        || model.afis.iter().any(|a| a.id == id)
        || model.papers.iter().any(|p| p.id == id);
    let path = root.join(&folder).join(format!("{id}.md"));
    if taken || path.exists() {
        return failed(&format!(
            "a record with the id `{id}` already exists; nothing was written"
        ));
    }
    // Every folder on the way is made, or must be, a real folder of the
    // repository: a link on the way could lead the record outside it.
    if let Err(refusal) = crate::files::make_real_folders(&root, &folder) {
        return failed(&format!(
            "could not write `{folder}/{id}.md`: {}; nothing was written",
            refusal.reason()
        ));
    }
    if let Err(error) = write_new(&path, &text) {
        return failed(&format!("could not write `{}`: {error}", path.display()));
    }
    console::note(&format!("created {folder}/{id}.md"));
    ExitCode::from(OK)
}

/// Create `path` with `text`, failing if it exists (even if it appeared since
/// the check above).
pub(super) fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(text.as_bytes())
}
