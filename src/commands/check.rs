//! `actionplan check`: the diagnostics of every record, and an exit code
//! that says whether there were errors.

use std::process::ExitCode;

use super::checked::check_repository;
use super::{OK, PROBLEMS, could_not_run, print_diagnostics, require_records};
use crate::cli::CheckArgs;

pub(crate) fn run(args: &CheckArgs) -> ExitCode {
    if let Err(message) = require_records(&args.root) {
        return could_not_run(&message);
    }
    let checked = check_repository(&args.root, args.as_at);
    print_diagnostics(&checked, args.format);
    let failing = checked.summary.errors > 0 || (args.strict && checked.summary.warnings > 0);
    ExitCode::from(if failing { PROBLEMS } else { OK })
}
