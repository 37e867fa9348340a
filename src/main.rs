use std::process::ExitCode;

use clap::Parser;

// mimalloc, not the system allocator: a build spends a third of its time
// allocating, and musl's allocator (the static Linux release) is slower
// still. docs/performance.md has the figures.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    actionplan::run(actionplan::Cli::parse())
}
