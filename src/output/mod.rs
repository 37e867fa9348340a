//! Writing the site: all files go to a temporary folder beside the output,
//! which then replaces the output in one step. A build that fails at any
//! point leaves the last good site as it was. A file whose bytes are those
//! the last site has at the same path is not written again: the staging
//! folder takes the last site's file itself (a hard link), so a rebuild after
//! a change to one record writes only the files that show it, and every
//! other file keeps its inode and modification time.

use std::collections::BTreeSet;
use std::fs;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use changed::IfChanged;

mod changed;

/// A file in every site actionplan writes: an existing folder without it is
/// not a site, and is never replaced.
pub(crate) const MARKER: &str = ".actionplan-site";

/// The output folder as the system will reach it (absolute, links
/// followed), or why it may not be used.
pub(crate) fn check_output(root: &Path, out: &Path) -> Result<PathBuf, String> {
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
    Ok(out)
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

/// Write one file whole or not at all: into a new hidden file beside it,
/// then renamed over it, so a reader never sees half a paper. The hidden
/// file is made afresh (`create_new`, which never follows a link) under a
/// name no other run uses, so a link planted beside the output cannot
/// divert the bytes.
pub(crate) fn atomic_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?
        .to_string_lossy()
        .into_owned();
    let (staged, mut file) = loop {
        let staged = path.with_file_name(format!(".{name}.{}.partial", unique_suffix()));
        match create_exclusive(&staged) {
            Ok(file) => break (staged, file),
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {}
            Err(error) => return Err(error),
        }
    };
    let written = file
        .write_all(bytes)
        .and_then(|()| file.sync_all())
        .and_then(|()| fs::rename(&staged, path));
    if written.is_err() {
        let _ = fs::remove_file(&staged);
    }
    written
}

/// A new file at `path`, or `AlreadyExists` when anything is there, a link
/// included (the link is not followed).
fn create_exclusive(path: &Path) -> io::Result<fs::File> {
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
}

/// The path made absolute and without `.` and `..`, the way the system
/// reads it: a link is followed where it stands, before a `..` after it
/// applies (`L/../x`, with `L` a link to `records/a`, is `records/x`). Only
/// the part that exists can hold links; the rest is taken as written.
fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_owned()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut resolved = PathBuf::new();
    for part in joined.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                resolved.pop();
            }
            other => {
                resolved.push(other);
                let is_link =
                    fs::symlink_metadata(&resolved).is_ok_and(|m| m.file_type().is_symlink());
                if is_link && let Ok(real) = fs::canonicalize(&resolved) {
                    resolved = real;
                }
            }
        }
    }
    resolved
}

/// A folder being filled beside the output. Files may be put into it from
/// any thread, as soon as each is made.
pub(crate) struct Staging {
    dir: PathBuf,
    /// The site being replaced, when it is one actionplan wrote: its files
    /// are taken over where they are unchanged.
    last: Option<PathBuf>,
    /// Folders already made, so that each is made once.
    made: Mutex<BTreeSet<PathBuf>>,
}

impl Staging {
    /// Put one file, `path` relative to the site with `/`: the last site's
    /// file when its bytes are the same, else written anew.
    pub(crate) fn put(&self, path: &str, contents: &[u8]) -> io::Result<()> {
        let target = self.dir.join(path);
        if let Some(parent) = target.parent() {
            self.make_dir(parent)?;
        }
        if let Some(last) = &self.last {
            let old = last.join(path);
            if same_file_contents(&old, contents) && fs::hard_link(&old, &target).is_ok() {
                return Ok(());
            }
        }
        fs::write(target, contents)
    }

    /// Put one large file as `write` makes it, never holding it whole: as
    /// `put`, the last site's file when its bytes are the same, else
    /// written anew.
    pub(crate) fn put_written(
        &self,
        path: &str,
        write: &dyn Fn(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let target = self.dir.join(path);
        if let Some(parent) = target.parent() {
            self.make_dir(parent)?;
        }
        let old = self.last.as_ref().map(|last| last.join(path));
        // Large pieces, so that comparing with the last file is cheap.
        let mut out = io::BufWriter::with_capacity(1 << 16, IfChanged::new(target, old));
        write(&mut out)?;
        out.into_inner()
            .map_err(io::IntoInnerError::into_error)?
            .finish()
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
///
/// Builds into one folder take turns, from start to end: each holds a lock
/// beside the output while it runs, and removes it when done. So whatever
/// staging folders the lock's holder finds beside the output were left by
/// builds that were killed, and it removes them.
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
    let _lock = BuildLock::take(&parent.join(format!(".{name}.lock"))).map_err(WriteError::Io)?;
    remove_leftovers(&parent, &name);
    let staging = make_unique(&parent, &name, "new").map_err(WriteError::Io)?;
    // Whatever happens from here, even a panic while making the files, the
    // staging folder does not outlive this call (once swapped in, it is gone).
    let _cleanup = RemoveOnDrop(&staging);
    let value = start(&staging, out)
        .map_err(WriteError::Io)
        .and_then(|stage| fill(&stage).map_err(WriteError::Fill))?;
    let previous = unique_name(&parent, &name, "old");
    swap(out, &staging, &previous).map_err(WriteError::Io)?;
    Ok(value)
}

/// The lock that makes builds into one output take turns. Its file is
/// removed when the build ends.
struct BuildLock {
    path: PathBuf,
    _file: fs::File,
}

impl BuildLock {
    fn take(path: &Path) -> io::Result<BuildLock> {
        loop {
            let file = fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(path)?;
            file.lock()?;
            // The build before removes the file as it ends: a build that was
            // waiting on it then holds the lock of a file no longer there,
            // which guards nothing, and takes the lock again.
            if is_still_at(&file, path) {
                return Ok(BuildLock {
                    path: path.to_owned(),
                    _file: file,
                });
            }
        }
    }
}

impl Drop for BuildLock {
    fn drop(&mut self) {
        // Removed while still locked; the lock goes when the file closes.
        let _ = fs::remove_file(&self.path);
    }
}

/// Whether `path` still names the open `file`.
#[cfg(unix)]
fn is_still_at(file: &fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(open), Ok(named)) => open.dev() == named.dev() && open.ino() == named.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn is_still_at(_: &fs::File, path: &Path) -> bool {
    path.exists()
}

/// Remove the staging folders and half-removed old sites that killed
/// builds into `parent/name` left. Called with the lock held, so no build
/// that is running owns any of them.
fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name();
        let file_name = file_name.to_string_lossy();
        let is_leftover = ["new", "old"].iter().any(|kind| {
            file_name
                .strip_prefix(&format!(".{name}.{kind}-"))
                .is_some_and(|rest| {
                    !rest.is_empty() && rest.chars().all(|c| c.is_ascii_hexdigit() || c == '-')
                })
        });
        let is_folder = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_leftover && is_folder {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// A name beside the output that no other build uses: not the process id
/// alone, which repeats (in containers every build may be process 1).
fn unique_name(parent: &Path, name: &str, kind: &str) -> PathBuf {
    parent.join(format!(".{name}.{kind}-{}", unique_suffix()))
}

/// Hexadecimal digits and `-` that no other call, in this process or
/// another, gives: the process id, the time and a counter.
fn unique_suffix() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static MADE: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let count = MADE.fetch_add(1, Ordering::Relaxed);
    format!("{:x}-{nanos:x}-{count:x}", std::process::id())
}

/// Make a new, empty folder with a unique name beside the output.
fn make_unique(parent: &Path, name: &str, kind: &str) -> io::Result<PathBuf> {
    loop {
        let dir = unique_name(parent, name, kind);
        match fs::create_dir(&dir) {
            Ok(()) => return Ok(dir),
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {}
            Err(error) => return Err(error),
        }
    }
}

/// Removes a folder when dropped.
struct RemoveOnDrop<'p>(&'p Path);

impl Drop for RemoveOnDrop<'_> {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(self.0);
    }
}

/// The staging folder for the site at `out`, with the marker in it.
fn start(dir: &Path, out: &Path) -> io::Result<Staging> {
    let last = out.join(MARKER).is_file().then(|| out.to_owned());
    let staging = Staging {
        dir: dir.to_owned(),
        last,
        made: Mutex::new(BTreeSet::from([dir.to_owned()])),
    };
    staging.put(
        MARKER,
        b"This folder is written by actionplan build and replaced whole on every build.\n",
    )?;
    Ok(staging)
}

/// Whether `path` is a regular file (not a link) holding exactly `contents`.
fn same_file_contents(path: &Path, contents: &[u8]) -> bool {
    let is_same_size = fs::symlink_metadata(path)
        .is_ok_and(|m| m.file_type().is_file() && m.len() == contents.len() as u64);
    is_same_size && fs::read(path).is_ok_and(|old| old == contents)
}

/// Put `staging` in the place of `out`, moving the last site aside first
/// and removing it after.
fn swap(out: &Path, staging: &Path, previous: &Path) -> io::Result<()> {
    let had_previous = out.exists();
    if had_previous {
        fs::rename(out, previous)?;
    }
    if let Err(error) = fs::rename(staging, out) {
        if had_previous {
            let _ = fs::rename(previous, out);
        }
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

    #[test]
    fn a_folder_left_under_this_process_id_does_not_stop_a_build() {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("site");
        let build = || write_site(&out, |stage| stage.put("a.txt", b"a"));
        assert!(build().is_ok());
        // What a killed build with the same process id left.
        let id = std::process::id();
        for kind in ["old", "new"] {
            let left = dir.path().join(format!(".site.{kind}-{id}"));
            fs::create_dir_all(left.join("pages")).expect("left");
            fs::write(left.join("pages/a.html"), "left").expect("left");
        }
        fs::write(dir.path().join(".site.lock"), "").expect("lock");
        assert!(build().is_ok(), "{:?}", build().err());
        let names: Vec<String> = fs::read_dir(dir.path())
            .expect("read")
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, vec!["site".to_owned()]);
    }

    #[cfg(unix)]
    #[test]
    fn a_planted_link_is_never_written_through() {
        let dir = tempfile::tempdir().expect("temp dir");
        let victim = dir.path().join("victim");
        fs::write(&victim, "untouched").expect("victim");
        let planted = dir.path().join(".paper.md.partial");
        std::os::unix::fs::symlink(&victim, &planted).expect("link");
        assert_eq!(
            create_exclusive(&planted).map(|_| ()).map_err(|e| e.kind()),
            Err(io::ErrorKind::AlreadyExists)
        );
        atomic_file(&dir.path().join("paper.md"), b"the paper").expect("written");
        assert_eq!(fs::read_to_string(&victim).expect("read"), "untouched");
        assert_eq!(
            fs::read_to_string(dir.path().join("paper.md")).expect("read"),
            "the paper"
        );
        // Only the paper and what was planted: no staging file is left.
        let mut names: Vec<String> = fs::read_dir(dir.path())
            .expect("read")
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, [".paper.md.partial", "paper.md", "victim"]);
    }

    #[test]
    fn staging_names_differ_within_one_process() {
        let parent = Path::new("/nowhere");
        assert_ne!(
            unique_name(parent, "site", "new"),
            unique_name(parent, "site", "new")
        );
    }
}
