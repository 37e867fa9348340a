//! What the editing commands (`update`, `assess`, `import`) share: the lock
//! that keeps two of them from editing at once, the checks of a new
//! update's values, re-checking the repository as it would be after the
//! edits, and writing the edited files.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write as _;
use std::path::Path;

use super::checked::{Checked, check_with};
use crate::diag::{self, Diagnostic, Severity};
use crate::edit::{self, NewUpdate};
use crate::model::{Afi, Date, Vocabulary};
use crate::{config, load};

/// The lock file at the repository's root; git should ignore it.
pub(crate) const LOCK_FILE: &str = ".actionplan-edit.lock";

use crate::owners::returns::MAX_NOTE_CHARS;

/// Held while a command reads, checks and writes records.
pub(crate) struct EditLock {
    _file: std::fs::File,
}

/// Wait until no other editing command is running in `root`, then hold the
/// lock until the returned value is dropped.
pub(crate) fn lock(root: &Path) -> Result<EditLock, String> {
    let path = root.join(LOCK_FILE);
    if std::fs::symlink_metadata(&path).is_ok_and(|m| !m.is_file()) {
        return Err(format!(
            "`{LOCK_FILE}` in the repository is not a regular file; remove it and run this again"
        ));
    }
    let file = std::fs::OpenOptions::new()
        .create(true)
        .write(true)
        .truncate(false)
        .open(&path)
        .map_err(|e| format!("could not open the lock file `{LOCK_FILE}`: {e}"))?;
    if file.try_lock().is_err() {
        let _ = writeln!(
            anstream::stderr(),
            "waiting for another actionplan command that edits records to finish"
        );
        file.lock()
            .map_err(|e| format!("could not lock `{LOCK_FILE}`: {e}"))?;
    }
    Ok(EditLock { _file: file })
}

/// The status id that `text` names, by id or by label, in any case.
pub(crate) use crate::owners::returns::status_id;

/// A progress note must say something, and not too much.
pub(crate) fn check_note(note: &str) -> Result<(), String> {
    let length = note.chars().count();
    if note.trim().is_empty() {
        return Err("the progress note is empty: say what was done".to_owned());
    }
    if length > MAX_NOTE_CHARS {
        return Err(format!(
            "the progress note is {length} characters long; the limit is {MAX_NOTE_CHARS}: summarise it, and link the full text as evidence"
        ));
    }
    Ok(())
}

/// Evidence is a web link, or the path of a file in the repository.
pub(crate) fn check_evidence(root: &Path, item: &str) -> Result<(), String> {
    let item = item.trim();
    if item.starts_with("https://") || item.starts_with("http://") {
        return if item.contains(char::is_whitespace) {
            Err(format!("the link `{item}` has a space in it"))
        } else {
            Ok(())
        };
    }
    let inside = !item.is_empty()
        && !item.starts_with('/')
        && !item.contains('\\')
        && item
            .split('/')
            .all(|p| !p.is_empty() && p != "." && p != "..");
    let real = inside && std::fs::symlink_metadata(root.join(item)).is_ok_and(|m| m.is_file());
    if real {
        Ok(())
    } else {
        Err(format!(
            "evidence `{item}` is neither a web link (https://…) nor a file in the repository"
        ))
    }
}

/// An AFI without updates has its `status` from the day it was raised; a
/// first update would make it the initial status until then, changing the
/// figures of past dates, so that case is left to the records keeper.
pub(crate) fn can_add_first_update(afi: &Afi, vocabulary: &Vocabulary) -> Result<(), String> {
    if afi.updates.is_empty() && afi.rejected.is_empty() && afi.status != vocabulary.initial {
        return Err(format!(
            "`{}` has no updates, so its status `{}` counts from the day it was raised; a first update would make it `{}` until then. Add an update recording when it became `{}` by hand first",
            afi.id, afi.status, vocabulary.initial, afi.status
        ));
    }
    Ok(())
}

/// The date of an update: as given (YYYY-MM-DD or YYYY-MM), else `as_at`.
pub(crate) fn update_date(text: Option<&str>, as_at: jiff::civil::Date) -> Result<Date, String> {
    match text {
        None => Ok(Date::Day(as_at)),
        Some(text) => crate::validate::parse_date(text.trim())
            .map_err(|reason| format!("`{text}` is not a date: {reason}")),
    }
}

/// A revised target as the record writes it.
pub(crate) fn target_text(text: &str) -> Result<String, String> {
    crate::validate::parse_target(text.trim())
        .map(|t| t.to_string())
        .map_err(|reason| format!("`{text}` is not a target date: {reason}"))
}

/// The repository as it would be with `edited` (path to new text): its
/// check, and the errors the edits would bring that were not there before.
pub(crate) struct Rechecked {
    pub(crate) after: Checked,
    pub(crate) new_errors: Vec<Diagnostic>,
    /// Warnings the edits bring: printed, but they stop nothing.
    pub(crate) new_warnings: Vec<Diagnostic>,
}

pub(crate) fn recheck(
    root: &Path,
    config: &config::Config,
    as_at: jiff::civil::Date,
    edited: &BTreeMap<String, String>,
) -> Rechecked {
    // Both checks validate each file as at `as_at`, so what the first read
    // of each file gave serves the second, but for the edited files.
    let mut kept = None;
    let before = check_with(config.clone(), Some(as_at), |reading| {
        let loaded = load::load(root, reading.limit, &reading.each());
        kept = Some(loaded.clone());
        loaded
    });
    let after = check_with(config.clone(), Some(as_at), |reading| {
        with_edits(kept.take().unwrap_or_default(), edited, &reading.each())
    });
    let known: BTreeSet<(&str, &str, &str)> = before
        .diagnostics
        .iter()
        .map(|d| (d.file.as_str(), d.code, d.message.as_str()))
        .collect();
    let (new_errors, new_warnings) = after
        .diagnostics
        .iter()
        .filter(|d| !known.contains(&(d.file.as_str(), d.code, d.message.as_str())))
        .cloned()
        .partition(|d| d.severity == Severity::Error);
    Rechecked {
        after,
        new_errors,
        new_warnings,
    }
}

/// `loaded` with the files in `edited` read from their new text instead.
fn with_edits<T: Send + load::Kept + load::KeepsText>(
    mut loaded: load::Loaded<T>,
    edited: &BTreeMap<String, String>,
    each: &(impl Fn(&load::ParsedFile) -> T + Sync),
) -> load::Loaded<T> {
    for (path, text) in edited {
        let fresh = load::from_files(
            vec![(path.clone(), text.clone().into_bytes())],
            u64::MAX,
            each,
        );
        loaded.diagnostics.retain(|d| d.file != *path);
        loaded.diagnostics.extend(fresh.diagnostics);
        loaded.sources.extend(fresh.sources);
        let at = loaded.files.iter().position(|f| f.path() == *path);
        match (at, fresh.files.into_iter().next()) {
            (Some(at), Some(file)) => loaded.files[at] = file,
            (Some(at), None) => {
                loaded.files.remove(at);
            }
            (None, Some(file)) => loaded.files.push(file),
            (None, None) => {}
        }
    }
    loaded
}

/// Print the errors an edit would bring, and say nothing was written.
pub(crate) fn print_refused(rechecked: &Rechecked) {
    let mut stderr = anstream::stderr();
    let text = diag::render_human(&rechecked.new_errors, &rechecked.after.sources, true);
    let _ = write!(stderr, "{text}");
    let _ = writeln!(
        stderr,
        "error: the change would bring {} into the records; nothing was written",
        plural(rechecked.new_errors.len(), "error")
    );
}

/// Print the warnings an edit brought; they are not errors, so it went ahead.
pub(crate) fn print_warnings(rechecked: &Rechecked) {
    if rechecked.new_warnings.is_empty() {
        return;
    }
    let text = diag::render_human(&rechecked.new_warnings, &rechecked.after.sources, true);
    let _ = write!(anstream::stderr(), "{text}");
}

/// Write every edited file, atomically, in path order.
pub(crate) fn write_all(root: &Path, edited: &BTreeMap<String, String>) -> Result<(), String> {
    for (path, text) in edited {
        edit::write_atomically(root, path, text)?;
    }
    Ok(())
}

/// The new text of `afi`'s file with `update` appended.
pub(crate) fn appended(text: &str, afi: &Afi, update: &NewUpdate) -> Result<String, String> {
    edit::append_update(&afi.path, text, update).map_err(|r| r.0)
}

pub(crate) fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}
