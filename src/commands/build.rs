//! `actionplan build`: the records checked, then the site written in one
//! piece, or not at all.

use std::io::Write as _;
use std::process::ExitCode;

use super::checked::check_repository;
use super::{
    OK, could_not_run, failed, movement_since, print_diagnostics, require_records, site_rollup,
};
use crate::cli::{BuildArgs, Format};
use crate::output as write;
use crate::render::site;

pub(crate) fn run(args: &BuildArgs) -> ExitCode {
    if let Err(message) = require_records(&args.root) {
        return could_not_run(&message);
    }
    let out = args.out.clone().unwrap_or_else(|| args.root.join("site"));
    if let Err(message) = write::check_output(&args.root, &out) {
        return could_not_run(&message);
    }
    // Records are checked as they stand today (or at the configured date);
    // --as-at only chooses the date the figures are computed as at, so a
    // site can show any earlier state of the same records.
    let checked = check_repository(&args.root, None);
    print_diagnostics(&checked, Format::Human);
    if checked.summary.errors > 0 {
        return failed(
            "the site was not built because the records have errors; the previous site is unchanged",
        );
    }
    let as_at = args.as_at.unwrap_or(checked.as_at);
    let since = args
        .since
        .unwrap_or_else(|| movement_since(&checked.model, as_at));
    let rollup = site_rollup(&checked, as_at, since);
    let written = write::write_site(&out, |staging| {
        let emit = |path: &str, contents: Vec<u8>| {
            staging
                .put(path, &contents)
                .map_err(|error| format!("`{path}` could not be written: {error}"))
        };
        site::make(
            &args.root,
            &checked.config,
            &checked.model,
            &rollup,
            args.history,
            site::Pages::All,
            &emit,
        )
    });
    let pages = match written {
        Ok(pages) => pages,
        Err(write::WriteError::Fill(message)) => {
            return failed(&format!(
                "{message}\nthe site was not built; the previous site is unchanged"
            ));
        }
        Err(write::WriteError::Io(error)) => {
            return failed(&format!(
                "the site could not be written to `{}`: {error}; the previous site is unchanged",
                out.display()
            ));
        }
    };
    let mut stderr = anstream::stderr();
    let _ = writeln!(
        stderr,
        "built {pages} pages, report.md, data.json and afis.csv into `{}`, as at {as_at}",
        out.display(),
    );
    ExitCode::from(OK)
}
