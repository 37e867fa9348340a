//! `actionplan completions` and `actionplan manpage`: made from the clap
//! definitions.

use std::io::Write as _;
use std::process::ExitCode;

use super::{OK, failed};
use crate::cli::CompletionsArgs;

/// `actionplan completions SHELL`: the completion script, from the clap
/// definitions.
pub(crate) fn run(args: &CompletionsArgs) -> ExitCode {
    use clap::CommandFactory as _;
    let mut command = crate::Cli::command();
    clap_complete::generate(
        args.shell,
        &mut command,
        "actionplan",
        &mut std::io::stdout(),
    );
    ExitCode::from(OK)
}

/// `actionplan manpage`: the manual page, from the clap definitions.
pub(crate) fn manpage() -> ExitCode {
    use clap::CommandFactory as _;
    let man = clap_mangen::Man::new(crate::Cli::command());
    let mut out = Vec::new();
    if let Err(error) = man.render(&mut out) {
        return failed(&format!("the manual page could not be written: {error}"));
    }
    let _ = std::io::stdout().write_all(&out);
    ExitCode::from(OK)
}
