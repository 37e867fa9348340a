//! `actionplan check`: the diagnostics of every record, and an exit code
//! that says whether there were errors.

use std::process::ExitCode;

use super::checked::{Texts, check_keeping};
use super::{OK, PROBLEMS, describe_check, failed, print_diagnostics, repository};
use crate::cli::CheckArgs;

pub(crate) fn run(args: &CheckArgs) -> ExitCode {
    let root = match repository(args.root.as_deref()) {
        Ok(root) => root,
        Err(code) => return code,
    };
    let started = std::time::Instant::now();
    // The process ends with the check: the system frees its memory at once,
    // where dropping 100,000 records one by one would take a tenth of a
    // second more.
    let checked = std::mem::ManuallyDrop::new(check_keeping(
        &root,
        args.as_at,
        Texts::Quoted { root: &root },
    ));
    describe_check(&checked, started);
    print_diagnostics(&checked, args.format, &root);
    let summary = &checked.summary;
    if summary.errors > 0 {
        return ExitCode::from(PROBLEMS);
    }
    if args.strict && summary.warnings > 0 {
        // Say so: the summary alone reads "0 errors", which looks like a pass.
        let found = match summary.warnings {
            1 => "1 warning".to_owned(),
            n => format!("{n} warnings"),
        };
        return failed(&format!(
            "--strict makes warnings fail the check, and it found {found}"
        ));
    }
    ExitCode::from(OK)
}
