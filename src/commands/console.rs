//! What the commands print besides their results and problems: takes the
//! global options (`--quiet`, `--verbose`, `--color`) once, and gives the
//! lines for each level of detail. Problems are always printed.

use std::io::Write as _;
use std::sync::atomic::{AtomicU8, Ordering};

use crate::cli::{ColorWhen, GlobalArgs};

const QUIET: u8 = 0;
const NORMAL: u8 = 1;
const VERBOSE: u8 = 2;

/// The level of detail for the whole run, set once before any command runs.
static LEVEL: AtomicU8 = AtomicU8::new(NORMAL);

/// Take the global options: the level of detail and when to colour.
pub(crate) fn configure(global: &GlobalArgs) {
    let level = match (global.quiet, global.verbose) {
        (true, _) => QUIET,
        (false, true) => VERBOSE,
        (false, false) => NORMAL,
    };
    LEVEL.store(level, Ordering::Relaxed);
    // `auto` leaves the choice to anstream: colour on a terminal, never with
    // NO_COLOR, always with CLICOLOR_FORCE. An explicit choice overrides both.
    let choice = match global.color {
        ColorWhen::Auto => anstream::ColorChoice::Auto,
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    };
    choice.write_global();
}

pub(crate) fn is_quiet() -> bool {
    LEVEL.load(Ordering::Relaxed) == QUIET
}

pub(crate) fn is_verbose() -> bool {
    LEVEL.load(Ordering::Relaxed) == VERBOSE
}

/// A line that says what was done, such as a summary: left out with `--quiet`.
pub(crate) fn note(line: &str) {
    if !is_quiet() {
        let _ = writeln!(anstream::stderr(), "{line}");
    }
}

/// A line of detail: shown only with `--verbose`.
pub(crate) fn detail(line: &str) {
    if is_verbose() {
        let _ = writeln!(anstream::stderr(), "{line}");
    }
}

/// How long something took, for `--verbose`: milliseconds below ten seconds.
pub(crate) fn elapsed(since: std::time::Instant) -> String {
    let taken = since.elapsed();
    if taken.as_secs() < 10 {
        format!("{} ms", taken.as_millis())
    } else {
        format!("{:.1} s", taken.as_secs_f64())
    }
}
