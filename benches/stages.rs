//! The pipeline's stages, one benchmark each, on the repository's own records
//! or, with `ACTIONPLAN_BENCH_ROOT=DIR`, on any records repository (such as a
//! corpus from `examples/corpus.rs`). Whole commands are timed by `bench/run`.
//!
//!     cargo bench --bench stages
//!     ACTIONPLAN_BENCH_ROOT=/tmp/corpus cargo bench --bench stages

use std::path::PathBuf;
use std::sync::LazyLock;

use actionplan::benching;

fn main() {
    divan::main();
}

/// The repository the stages run on.
static ROOT: LazyLock<PathBuf> = LazyLock::new(|| {
    std::env::var_os("ACTIONPLAN_BENCH_ROOT")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from)
});

/// Checked once, for the stages after checking.
static CHECKED: LazyLock<benching::Checked> = LazyLock::new(|| benching::checked(&ROOT));

#[divan::bench(sample_count = 10)]
fn load() -> usize {
    benching::load(&ROOT)
}

#[divan::bench(sample_count = 10)]
fn check() -> usize {
    benching::check(&ROOT)
}

#[divan::bench(sample_count = 10)]
fn rollup() -> usize {
    CHECKED.rollup()
}

#[divan::bench(sample_count = 10)]
fn render() -> usize {
    CHECKED.render()
}

/// Every committee paper made as Word and PDF, on one core.
#[divan::bench(sample_count = 10)]
fn papers() -> usize {
    match CHECKED.papers() {
        Ok(bytes) => bytes,
        Err(why) => panic!("a paper could not be made: {why}"),
    }
}
