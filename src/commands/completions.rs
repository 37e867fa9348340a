//! `actionplan completions` and `actionplan manpage`: made from the clap
//! definitions.

use std::io::Write as _;
use std::process::ExitCode;

use super::{OK, console, failed};
use crate::cli::{CompletionsArgs, ManpageArgs};

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

/// `actionplan manpage`: the manual page, from the clap definitions; with
/// `--dir`, a page for actionplan and one for each command, which the first
/// refers to (`actionplan-check(1)` and so on).
pub(crate) fn manpage(args: &ManpageArgs) -> ExitCode {
    use clap::CommandFactory as _;
    // `actionplan help` is left out, as clap_mangen leaves out its page.
    let command = crate::Cli::command().disable_help_subcommand(true);
    if let Some(dir) = &args.dir {
        let written =
            std::fs::create_dir_all(dir).and_then(|()| clap_mangen::generate_to(command, dir));
        if let Err(error) = written {
            return failed(&format!(
                "the manual pages could not be written into `{}`: {error}",
                dir.display()
            ));
        }
        console::note(&format!("wrote the manual pages into `{}`", dir.display()));
        return ExitCode::from(OK);
    }
    let man = clap_mangen::Man::new(command);
    let mut out = Vec::new();
    if let Err(error) = man.render(&mut out) {
        return failed(&format!("the manual page could not be written: {error}"));
    }
    let _ = std::io::stdout().write_all(&out);
    ExitCode::from(OK)
}
