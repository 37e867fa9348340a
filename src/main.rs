use std::process::ExitCode;

use clap::Parser;

// mimalloc, not the system allocator: a build spends a third of its time
// allocating, and musl's allocator (the static Linux release) is slower
// still. Built without transparent huge pages (`no_thp`): zeroing 2 MB pages
// as the heap grew was a third of `check`'s time on a large repository.
// docs/performance.md has the figures.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    actionplan::run(actionplan::Cli::parse())
}
