//! Writing the site: all files go to a temporary folder beside the output,
//! which then replaces the output in one step. A build that fails at any
//! point leaves the last good site as it was.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

/// A file in every site actionplan writes: an existing folder without it is
/// not a site, and is never replaced.
pub(crate) const MARKER: &str = ".actionplan-site";

/// Why an output folder may not be used.
pub(crate) fn check_output(root: &Path, out: &Path) -> Result<(), String> {
    let root = absolute(root);
    let out = absolute(out);
    if root.starts_with(&out) {
        return Err(format!(
            "`{}` holds the repository itself; choose a folder inside it, such as `site`",
            out.display()
        ));
    }
    for protected in ["records", "templates"] {
        if out.starts_with(root.join(protected)) {
            return Err(format!(
                "the output may not be inside `{protected}/`; choose another folder, such as `site`"
            ));
        }
    }
    if out.exists() && !out.is_dir() {
        return Err(format!("`{}` is a file, not a folder", out.display()));
    }
    let is_empty = |p: &Path| {
        fs::read_dir(p)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false)
    };
    if out.is_dir() && !out.join(MARKER).exists() && !is_empty(&out) {
        return Err(format!(
            "`{}` already holds files that actionplan did not write; it replaces its output folder whole, so choose an empty or new folder",
            out.display()
        ));
    }
    Ok(())
}

/// Why a single output file may not be written: never into `records/` or
/// `templates/`.
pub(crate) fn check_file_output(root: &Path, file: &Path) -> Result<(), String> {
    let root = absolute(root);
    let file = absolute(file);
    for protected in ["records", "templates"] {
        if file.starts_with(root.join(protected)) {
            return Err(format!(
                "the paper may not be written inside `{protected}/`; choose another file"
            ));
        }
    }
    Ok(())
}

/// The path made absolute and without `.` and `..`, without touching the disk
/// beyond the current folder (the output may not exist yet).
fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_owned()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut clean = PathBuf::new();
    for part in joined.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                clean.pop();
            }
            other => clean.push(other),
        }
    }
    // Resolve links in the part that exists, so that two spellings compare equal.
    let mut existing = clean.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (
            existing.file_name().map(|n| n.to_owned()),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_owned();
            }
            _ => break,
        }
    }
    let mut resolved = fs::canonicalize(&existing).unwrap_or(existing);
    resolved.extend(rest.iter().rev());
    resolved
}

/// A folder being filled beside the output. Files may be put into it from
/// any thread, as soon as each is made.
pub(crate) struct Staging {
    dir: PathBuf,
    /// Folders already made, so that each is made once.
    made: Mutex<BTreeSet<PathBuf>>,
}

impl Staging {
    /// Write one file, `path` relative to the site with `/`.
    pub(crate) fn put(&self, path: &str, contents: &[u8]) -> io::Result<()> {
        let target = self.dir.join(path);
        if let Some(parent) = target.parent() {
            self.make_dir(parent)?;
        }
        fs::write(target, contents)
    }

    fn make_dir(&self, dir: &Path) -> io::Result<()> {
        let mut made = self.made.lock().unwrap_or_else(PoisonError::into_inner);
        if !made.contains(dir) {
            fs::create_dir_all(dir)?;
            made.insert(dir.to_owned());
        }
        Ok(())
    }
}

/// Why a site was not written.
#[derive(Debug)]
pub(crate) enum WriteError<E> {
    /// Making the files failed: the reason `fill` gave.
    Fill(E),
    /// The folders could not be made, written or swapped.
    Io(io::Error),
}

/// Make the whole of `out` anew: `fill` puts every file into a staging
/// folder beside it, which then replaces `out` in one step. If `fill` or
/// the writing fails, `out` is left as it was.
pub(crate) fn write_site<T, E>(
    out: &Path,
    fill: impl FnOnce(&Staging) -> Result<T, E>,
) -> Result<T, WriteError<E>> {
    let name = out
        .file_name()
        .map_or_else(|| "site".into(), |n| n.to_string_lossy().into_owned());
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(WriteError::Io)?;
    let id = std::process::id();
    let staging = parent.join(format!(".{name}.new-{id}"));
    let previous = parent.join(format!(".{name}.old-{id}"));
    let _ = fs::remove_dir_all(&staging);
    // Whatever happens from here, even a panic while making the files, the
    // staging folder does not outlive this call (once swapped in, it is gone).
    let _cleanup = RemoveOnDrop(&staging);
    let value = start(&staging)
        .map_err(WriteError::Io)
        .and_then(|stage| fill(&stage).map_err(WriteError::Fill))?;
    swap(
        out,
        &staging,
        &previous,
        &parent.join(format!(".{name}.lock")),
    )
    .map_err(WriteError::Io)?;
    Ok(value)
}

/// Removes a folder when dropped.
struct RemoveOnDrop<'p>(&'p Path);

impl Drop for RemoveOnDrop<'_> {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(self.0);
    }
}

/// An empty staging folder with the marker in it.
fn start(dir: &Path) -> io::Result<Staging> {
    fs::create_dir_all(dir)?;
    fs::write(
        dir.join(MARKER),
        "This folder is written by actionplan build and replaced whole on every build.\n",
    )?;
    Ok(Staging {
        dir: dir.to_owned(),
        made: Mutex::new(BTreeSet::from([dir.to_owned()])),
    })
}

/// Put `staging` in the place of `out`, moving the last site aside first
/// and removing it after.
fn swap(out: &Path, staging: &Path, previous: &Path, lock: &Path) -> io::Result<()> {
    // Two builds into the same folder take turns to swap: the site is always
    // one build's whole output, never a mix.
    // Held until the swap is done; dropping it lets the other build go on.
    let _lock = fs::File::create(lock)
        .and_then(|file| file.lock().map(|()| file))
        .inspect_err(|_| {
            let _ = fs::remove_dir_all(staging);
        })?;
    let had_previous = out.exists();
    if had_previous {
        fs::rename(out, previous).inspect_err(|_| {
            let _ = fs::remove_dir_all(staging);
        })?;
    }
    if let Err(error) = fs::rename(staging, out) {
        if had_previous {
            let _ = fs::rename(previous, out);
        }
        let _ = fs::remove_dir_all(staging);
        return Err(error);
    }
    if had_previous {
        let _ = fs::remove_dir_all(previous);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_output_may_not_hold_the_repository_or_sit_in_records() {
        let root = std::env::temp_dir().join("actionplan-write-test");
        assert!(check_output(&root, &root).is_err());
        assert!(check_output(&root, &root.join("records/site")).is_err());
        assert!(check_output(&root, &root.join("templates")).is_err());
        assert!(check_output(&root, &root.join("..")).is_err());
        assert!(check_output(&root, &root.join("site")).is_ok());
    }
}
