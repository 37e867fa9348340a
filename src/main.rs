use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    actionplan::run(actionplan::Cli::parse())
}
