//! Which repository a command works on: takes `--root` if given, else looks
//! from the current folder upward, as cargo and git do, for the nearest
//! folder that holds `actionplan.toml` (or, failing one, `records/`); gives
//! its path, and says on standard error which folder it took when that is
//! not the current one.

use std::path::{Path, PathBuf};

use super::console;
use crate::config::CONFIG_FILE;

/// The repository, which must hold `records/`: `--root` as given, else the
/// nearest repository from the current folder upward.
pub(crate) fn with_records(given: Option<&Path>) -> Result<PathBuf, String> {
    let root = locate(given)?;
    require_records(&root)?;
    Ok(root)
}

/// The repository, which need not hold `records/` (`diff` reads the records
/// of other revisions): `--root` as given, else the nearest repository from
/// the current folder upward.
pub(crate) fn locate(given: Option<&Path>) -> Result<PathBuf, String> {
    if let Some(root) = given {
        if !root.is_dir() {
            return Err(format!("the folder `{}` does not exist", root.display()));
        }
        console::detail(&format!("repository: `{}` (from --root)", root.display()));
        describe_configuration(root);
        return Ok(root.to_owned());
    }
    let here = std::env::current_dir()
        .map_err(|error| format!("the current folder could not be read: {error}"))?;
    let Some(found) = nearest(&here) else {
        return Err(format!(
            "neither `{here}` nor any folder above it holds a `records` folder or {CONFIG_FILE}; \
             run actionplan inside a records repository, or give one with --root",
            here = here.display()
        ));
    };
    let root = upward(found.levels_up);
    let line = format!(
        "repository: `{}`{}{}",
        here.ancestors()
            .nth(found.levels_up)
            .unwrap_or(&here)
            .display(),
        match found.levels_up {
            0 => " (the current folder)".to_owned(),
            1 => " (the folder above the current one)".to_owned(),
            n => format!(" ({n} folders above the current one)"),
        },
        match found.by_records {
            true => format!(", found by its `records` folder: no folder above holds {CONFIG_FILE}"),
            false => String::new(),
        }
    );
    // A folder found upward is said always, so that a build never writes
    // into a folder the user did not expect (a `records/` in their home).
    match found.levels_up {
        0 => console::detail(&line),
        _ => console::note(&line),
    }
    describe_configuration(&root);
    Ok(root)
}

/// The repository found from a folder upward: how many folders up, and
/// whether it was known only by its `records/`.
struct Found {
    levels_up: usize,
    by_records: bool,
}

/// The current folder if it holds `records/` or `actionplan.toml`; else the
/// nearest folder above that holds `actionplan.toml`; else the nearest that
/// holds `records/`. A folder of settings marks a repository surely, where
/// a folder named `records` may be anything.
fn nearest(here: &Path) -> Option<Found> {
    let has_config = |dir: &Path| dir.join(CONFIG_FILE).is_file();
    let has_records = |dir: &Path| dir.join("records").is_dir();
    if has_config(here) || has_records(here) {
        return Some(Found {
            levels_up: 0,
            by_records: false,
        });
    }
    if let Some(levels_up) = here.ancestors().position(has_config) {
        return Some(Found {
            levels_up,
            by_records: false,
        });
    }
    here.ancestors()
        .position(has_records)
        .map(|levels_up| Found {
            levels_up,
            by_records: true,
        })
}

/// For `--verbose`: whether the repository's settings come from a file.
fn describe_configuration(root: &Path) {
    console::detail(&match root.join(CONFIG_FILE).is_file() {
        true => format!("configuration: {CONFIG_FILE}"),
        false => format!("configuration: the built-in settings (there is no {CONFIG_FILE})"),
    });
}

/// The relative path `levels` folders up: `.`, `..`, `../..`, so that paths in
/// messages stay short.
fn upward(levels: usize) -> PathBuf {
    match levels {
        0 => PathBuf::from("."),
        _ => std::iter::repeat_n("..", levels).collect(),
    }
}

/// An error unless `root` is a folder holding `records/`.
fn require_records(root: &Path) -> Result<(), String> {
    if !root.is_dir() {
        return Err(format!("the folder `{}` does not exist", root.display()));
    }
    if !root.join("records").is_dir() {
        return Err(format!(
            "there is no `records` folder in `{}`; run actionplan inside a records repository, or give one with --root",
            root.display()
        ));
    }
    Ok(())
}
