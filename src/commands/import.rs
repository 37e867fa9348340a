//! `actionplan import`.
use std::process::ExitCode;
pub(crate) fn run(_args: &crate::cli::ImportArgs) -> ExitCode {
    super::could_not_run("not yet")
}
