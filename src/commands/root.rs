//! Which repository a command works on: takes `--root` if given, else looks
//! from the current folder upward, as cargo and git do, for the nearest
//! folder that holds `actionplan.toml` or `records/`; gives its path.

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
    let Some(levels_up) = here.ancestors().position(is_repository) else {
        return Err(format!(
            "neither `{here}` nor any folder above it holds a `records` folder or {CONFIG_FILE}; \
             run actionplan inside a records repository, or give one with --root",
            here = here.display()
        ));
    };
    let root = upward(levels_up);
    console::detail(&format!(
        "repository: `{}`{}",
        here.ancestors().nth(levels_up).unwrap_or(&here).display(),
        match levels_up {
            0 => " (the current folder)".to_owned(),
            1 => " (the folder above the current one)".to_owned(),
            _ => format!(" ({levels_up} folders above the current one)"),
        }
    ));
    describe_configuration(&root);
    Ok(root)
}

/// For `--verbose`: whether the repository's settings come from a file.
fn describe_configuration(root: &Path) {
    console::detail(&match root.join(CONFIG_FILE).is_file() {
        true => format!("configuration: {CONFIG_FILE}"),
        false => format!("configuration: the built-in settings (there is no {CONFIG_FILE})"),
    });
}

/// A folder that looks like a records repository.
fn is_repository(dir: &Path) -> bool {
    dir.join("records").is_dir() || dir.join(CONFIG_FILE).is_file()
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
