//! `actionplan diff`: what changed in the records between two revisions.

use std::io::Write as _;
use std::process::ExitCode;

use super::checked::{Checked, check_with};
use super::{OK, could_not_run, root};
use crate::cli::{DiffArgs, DiffFormat};
use crate::{changes, config, git, load};

/// `actionplan diff FROM [TO]`: what changed in the records between two
/// revisions, or between a revision and the working tree.
pub(crate) fn run(args: &DiffArgs) -> ExitCode {
    let root = match root::locate(args.root.as_deref()) {
        Ok(root) => root,
        Err(message) => return could_not_run(&message),
    };
    let (config, _) = config::load(&root);
    let side = |revision: Option<&str>| -> Result<(Checked, String), String> {
        match revision {
            Some(revision) => {
                let commit = git::resolve(&root, revision)?;
                let revision_files = git::records_at(&root, &commit, config.max_record_bytes)?;
                let label = format!("{} ({revision})", &commit[..commit.len().min(10)]);
                Ok((
                    check_with(config.clone(), None, |reading| {
                        loaded_from(revision_files, reading.limit, &reading.each())
                    }),
                    label,
                ))
            }
            None => Ok((
                check_with(config.clone(), None, |reading| {
                    load::load(&root, reading.limit, &reading.each())
                }),
                "the working tree".to_owned(),
            )),
        }
    };
    let (before, from) = match side(Some(&args.from)) {
        Ok(side) => side,
        Err(message) => return could_not_run(&message),
    };
    let (after, to) = match side(args.to.as_deref()) {
        Ok(side) => side,
        Err(message) => return could_not_run(&message),
    };
    let as_at = args.as_at.unwrap_or(after.as_at);
    let found = changes::compare(
        &before.model,
        &after.model,
        &config.vocabulary,
        as_at,
        crate::rollup::Silence::from_config(&config),
        (&from, &to),
    );
    let text = match args.format {
        DiffFormat::Human => changes::render_human(&found),
        DiffFormat::Markdown => changes::render_markdown(&found),
        DiffFormat::Json => changes::render_json(&found),
    };
    let _ = write!(std::io::stdout(), "{text}");
    for (checked, label) in [(&before, &from), (&after, &to)] {
        if checked.summary.errors > 0 {
            let mut stderr = anstream::stderr();
            let _ = writeln!(
                stderr,
                "note: the records at {label} have {} errors; records with errors are left out of the comparison (run `actionplan check`)",
                checked.summary.errors
            );
        }
    }
    ExitCode::from(OK)
}

/// The records of a revision loaded as `load` loads them from disk. Those
/// git said were too large were never fetched, so their E002 is made here,
/// as `load` makes one for a file on disk.
fn loaded_from<T: Send + load::KeepsText>(
    revision: git::Revision,
    max_bytes: u64,
    each: &(impl Fn(&load::ParsedFile) -> T + Sync),
) -> load::Loaded<T> {
    let mut loaded = load::from_files(revision.files, max_bytes, each);
    for (path, size) in revision.too_large {
        loaded
            .diagnostics
            .push(load::too_large(&path, size, max_bytes));
        loaded.paths.push(path);
    }
    loaded
}
