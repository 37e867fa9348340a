//! `actionplan build`: the records checked, then the site written in one
//! piece, or not at all.

use std::process::ExitCode;

use super::checked::check_repository;
use super::progress::Progress;
use super::{
    OK, console, could_not_run, describe_check, failed, movement_since, print_diagnostics,
    repository, site_rollup,
};
use crate::cli::{BuildArgs, Format};
use crate::output as write;
use crate::render::site;

pub(crate) fn run(args: &BuildArgs) -> ExitCode {
    let root = match repository(args.root.as_deref()) {
        Ok(root) => root,
        Err(code) => return code,
    };
    let out = args.out.clone().unwrap_or_else(|| root.join("site"));
    let resolved = match write::check_output(&root, &out) {
        Ok(resolved) => resolved,
        Err(message) => return could_not_run(&message),
    };
    // Records are checked as they stand today (or at the configured date);
    // --as-at only chooses the date the figures are computed as at, so a
    // site can show any earlier state of the same records.
    let started = std::time::Instant::now();
    let checking = Progress::start("checking the records", "");
    // The process ends with the build: the system frees the records and the
    // roll-up at once, where dropping them one by one takes longer.
    let checked = std::mem::ManuallyDrop::new(check_repository(&root, None));
    checking.finish();
    describe_check(&checked, started);
    print_diagnostics(&checked, Format::Human, &root);
    if checked.summary.errors > 0 {
        return failed(
            "the site was not built because the records have errors; the previous site is unchanged",
        );
    }
    let as_at = args.as_at.unwrap_or(checked.as_at);
    if let Some(since) = args.since.filter(|since| *since > as_at) {
        return could_not_run(&format!(
            "--since {since} is after the as-at date, {as_at}; movement is counted from an earlier date up to the as-at date"
        ));
    }
    let since = args
        .since
        .unwrap_or_else(|| movement_since(&checked.model, as_at));
    console::detail(&format!("movement since {since}"));
    let rollup = std::mem::ManuallyDrop::new(site_rollup(&checked, as_at, since));
    let started = std::time::Instant::now();
    let writing = Progress::start("building the site", "files written");
    let written = write::write_site(&resolved, |staging| {
        let emit = Staged {
            staging,
            writing: &writing,
        };
        site::make(
            &root,
            &checked.config,
            &checked.model,
            &rollup,
            args.history,
            site::Pages::All,
            &emit,
        )
    });
    writing.finish();
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
    console::detail(&format!("wrote the site in {}", console::elapsed(started)));
    console::note(&format!(
        "built {pages} pages, report.md, data.json and afis.csv into `{}`, as at {as_at}",
        out.display(),
    ));
    ExitCode::from(OK)
}

/// Where `build` puts each file: the staging folder, counted as written.
struct Staged<'s> {
    staging: &'s write::Staging,
    writing: &'s Progress,
}

impl site::Emit for Staged<'_> {
    fn file(&self, path: &str, contents: Vec<u8>) -> Result<(), String> {
        self.writing.tick();
        self.staging
            .put(path, &contents)
            .map_err(|error| format!("`{path}` could not be written: {error}"))
    }

    fn written(
        &self,
        path: &str,
        write: &dyn Fn(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<(), String> {
        self.writing.tick();
        self.staging
            .put_written(path, write)
            .map_err(|error| format!("`{path}` could not be written: {error}"))
    }
}
