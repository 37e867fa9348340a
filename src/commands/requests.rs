//! `actionplan requests`.
use std::process::ExitCode;
pub(crate) fn run(_args: &crate::cli::RequestsArgs) -> ExitCode {
    super::could_not_run("not yet")
}
