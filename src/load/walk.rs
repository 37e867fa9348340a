//! The walk of `records/`: every `.md` file under it in path order, without
//! following a link or entering a hidden folder, with the problems of the
//! entries it cannot take. Takes the repository root; gives, per part of
//! `records/`, the record files to read and every `.md` path.

use std::ffi::{OsStr, OsString};
use std::fs::FileType;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::unreadable;
use crate::diag::Diagnostic;
use crate::files;

/// What a walk found, in walk order: the record files to read, as runs of
/// records in one folder, every `.md` path, and the problems of the entries
/// it could not take.
#[derive(Default)]
pub(super) struct Walked {
    pub(super) found: Vec<FolderOfRecords>,
    pub(super) paths: Vec<String>,
    pub(super) diagnostics: Vec<Diagnostic>,
}

/// Records the walk found one after the other in one folder. The walk
/// visits a folder's records and its subfolders by name, so a folder can
/// make more than one run.
pub(super) struct FolderOfRecords {
    /// The folder, relative to the root, as the file system names it.
    pub(super) path: PathBuf,
    pub(super) records: Vec<Found>,
}

/// A record the walk found, to be read from its opened folder.
pub(super) struct Found {
    /// Its path from the root as shown in messages.
    pub(super) path: String,
    /// Its file name as the file system gives it (perhaps not UTF-8).
    pub(super) name: OsString,
}

/// A part of `records/`, in walk order: what was found among its own
/// entries between two folders, or one of its folders, to walk whole.
pub(super) enum Part {
    Found(Walked),
    Folder(PathBuf),
}

/// `records/` by name, one level down: its files taken, its folders left
/// to walk as parts of their own.
pub(super) fn list_records(root: &Path) -> Vec<Part> {
    // Listed by hand, not by a walk one level deep: such a walk still opens
    // and reads every folder it meets, which took the main thread 60 ms
    // before any record was read when `records/` held 4,800 folders.
    let records = root.join("records");
    let mut walked = Walked::default();
    let unlisted =
        |error: std::io::Error| unreadable("records", &files::io_reason(&error.to_string()));
    let listed = match std::fs::read_dir(&records) {
        Ok(listed) => listed,
        Err(error) => {
            walked.diagnostics.push(unlisted(error));
            return vec![Part::Found(walked)];
        }
    };
    let mut entries = Vec::new();
    for entry in listed {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                walked.diagnostics.push(unlisted(error));
                continue;
            }
        };
        let name = entry.file_name();
        if name.as_encoded_bytes().starts_with(b".") {
            continue;
        }
        match entry.file_type() {
            Ok(file_type) => entries.push((name, file_type)),
            Err(error) => {
                let path = relative(root, &entry.path());
                let problem = unreadable(&path, &files::io_reason(&error.to_string()));
                walked.diagnostics.push(problem);
            }
        }
    }
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut parts = Vec::new();
    for (name, file_type) in entries {
        let path = records.join(&name);
        if file_type.is_dir() {
            parts.push(Part::Found(std::mem::take(&mut walked)));
            parts.push(Part::Folder(path));
        } else {
            take_entry(root, &path, &name, file_type, &mut walked);
        }
    }
    parts.push(Part::Found(walked));
    parts
}

/// Everything under `folder`, in path order.
pub(super) fn walk_folder(root: &Path, folder: &Path) -> Walked {
    let mut walked = Walked::default();
    for entry in walker(folder) {
        take(root, entry, &mut walked);
    }
    walked
}

/// A walk of `from` in path order without following links or entering
/// hidden folders.
fn walker(from: &Path) -> impl Iterator<Item = walkdir::Result<walkdir::DirEntry>> {
    // Entries of one folder are sorted by name. Their paths are the
    // folder's path and the name, so comparing whole paths does it without
    // taking each path apart for its name at every comparison.
    WalkDir::new(from)
        .follow_links(false)
        .follow_root_links(false)
        .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()))
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().as_encoded_bytes().starts_with(b"."))
}

/// Take one entry of the walk, or the problem reaching it, into `walked`.
fn take(root: &Path, entry: walkdir::Result<walkdir::DirEntry>, walked: &mut Walked) {
    match entry {
        Ok(entry) => take_entry(
            root,
            entry.path(),
            entry.file_name(),
            entry.file_type(),
            walked,
        ),
        Err(error) => {
            let path = error
                .path()
                .map_or_else(|| "records".to_owned(), |p| relative(root, p));
            // The system's reason, as for `records/` itself, without
            // the walk's own wording around it.
            let reason = error
                .io_error()
                .map_or_else(|| error.to_string(), ToString::to_string);
            let problem = unreadable(&path, &files::io_reason(&reason));
            walked.diagnostics.push(problem);
        }
    }
}

/// Take one entry of the walk (its path, name and type, a link's own type,
/// not its target's) into `walked`: a record file to read, or the problem
/// with it; other files and folders are passed over.
fn take_entry(
    root: &Path,
    entry_path: &Path,
    name: &OsStr,
    file_type: FileType,
    walked: &mut Walked,
) {
    // As `Path::extension` reads it, without parsing the whole path: hidden
    // names (`.md`) never reach here.
    let is_markdown = name.as_encoded_bytes().ends_with(b".md");
    if !is_markdown {
        return;
    }
    let on_disk = below(root, entry_path);
    let path = shown(on_disk);
    if file_type.is_symlink() {
        walked.diagnostics.push(
            Diagnostic::warning(
                "W002",
                &path,
                None,
                "symbolic link not followed: the record it points to is not read".to_owned(),
            )
            .with_help("put the record itself under `records/` instead of a link to it"),
        );
        return;
    }
    if file_type.is_dir() {
        return;
    }
    if !file_type.is_file() {
        // A named pipe would block the read for ever, a device read on for
        // ever: refused, never opened.
        let reason = format!("it is {}, not a regular file", files::kind_of(&file_type));
        walked
            .diagnostics
            .push(unreadable(&path, &reason).with_help("a record is a plain Markdown file"));
        return;
    }
    walked.paths.push(path.clone());
    let record = Found {
        path,
        name: name.to_owned(),
    };
    // Compared as bytes: `Path`'s own comparison takes both apart.
    let folder = folder_of(on_disk);
    match walked.found.last_mut() {
        Some(last) if last.path.as_os_str() == folder.as_os_str() => last.records.push(record),
        _ => walked.found.push(FolderOfRecords {
            path: folder.to_owned(),
            records: vec![record],
        }),
    }
}

/// The order the walk visits two paths in: folder by folder, by name.
pub(super) fn walk_order(a: &str, b: &str) -> std::cmp::Ordering {
    a.split('/').cmp(b.split('/'))
}

fn relative(root: &Path, path: &Path) -> String {
    shown(below(root, path))
}

/// `path`, found by walking from `root`, relative to it. The walk makes its
/// paths by joining names to `root`, so on Unix its bytes are a prefix of
/// theirs: cut off as bytes, which is several times quicker than comparing
/// the two part by part.
fn below<'p>(root: &Path, path: &'p Path) -> &'p Path {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt as _;
        let root = root.as_os_str().as_bytes();
        let rest = path.as_os_str().as_bytes().strip_prefix(root);
        let rest = match rest {
            Some(rest) if root.ends_with(b"/") || rest.is_empty() => Some(rest),
            Some(rest) => rest.strip_prefix(b"/"),
            None => None,
        };
        if let Some(rest) = rest {
            return Path::new(OsStr::from_bytes(rest));
        }
    }
    path.strip_prefix(root).unwrap_or(path)
}

/// The folder a record's path (relative to the root) is in, as bytes on
/// Unix, for the same reason.
fn folder_of(on_disk: &Path) -> &Path {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt as _;
        let bytes = on_disk.as_os_str().as_bytes();
        let folder = memchr::memrchr(b'/', bytes).map_or(&bytes[..0], |slash| &bytes[..slash]);
        Path::new(OsStr::from_bytes(folder))
    }
    #[cfg(not(unix))]
    {
        on_disk.parent().unwrap_or(Path::new(""))
    }
}

/// A path relative to the root as messages show it.
fn shown(rel: &Path) -> String {
    // The walk joins plain names with `/`, so on Unix a UTF-8 path is
    // already written as messages show it.
    if cfg!(unix)
        && let Some(text) = rel.to_str()
    {
        return text.to_owned();
    }
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::{below, folder_of};
    use std::path::Path;

    #[test]
    fn a_path_below_the_root_is_cut_where_a_part_ends() {
        let cut = |root: &str, path: &str| below(Path::new(root), Path::new(path)).to_owned();
        assert_eq!(cut("/x", "/x/records/a.md"), Path::new("records/a.md"));
        assert_eq!(cut("/x/", "/x/records/a.md"), Path::new("records/a.md"));
        assert_eq!(cut(".", "./records"), Path::new("records"));
        assert_eq!(cut("", "records/a.md"), Path::new("records/a.md"));
        assert_eq!(cut("/x", "/x"), Path::new(""));
        // Not a part of its own: not below the root.
        assert_eq!(cut("/x", "/xy/records"), Path::new("/xy/records"));
    }

    #[test]
    fn a_records_folder_is_its_path_up_to_the_last_part() {
        let folder = |path: &str| folder_of(Path::new(path)).to_owned();
        assert_eq!(folder("records/a/b.md"), Path::new("records/a"));
        assert_eq!(folder("records/b.md"), Path::new("records"));
        assert_eq!(folder("b.md"), Path::new(""));
    }
}
