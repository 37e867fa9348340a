//! Loading: find the record files under `records/`, read them, split off the
//! front matter and parse it. The only stage that reads record files.
//!
//! Takes the repository root (or a revision's files) and a function to run on
//! each parsed file; gives, per file, what that function kept, in path order.
//! Each file's located YAML tree lives only while that function runs, on the
//! thread that parsed it, so the trees of all the files never exist at once.

mod front_matter;
mod walk;
pub(crate) mod yaml;

pub(crate) use front_matter::split_front_matter;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use crate::diag::{Diagnostic, span_of};
use crate::files::{self, Refusal};
use crate::model::SourceText;
use walk::{FolderOfRecords, Found, Part, Walked, list_records, walk_folder, walk_order};
use yaml::Node;

/// A record file whose front matter parsed as YAML.
#[derive(Clone, Debug)]
pub(crate) struct ParsedFile<'a> {
    /// Relative to the repository root, with `/` separators.
    pub(crate) path: String,
    /// The front matter, borrowing from the file's text.
    pub(crate) front: Node<'a>,
    /// The Markdown after the closing `---` line.
    pub(crate) body: SourceText,
    /// Byte offset of `body` in the file, for locating things in the body.
    pub(crate) body_offset: usize,
    /// The file line on which `body` starts.
    pub(crate) body_line: usize,
}

/// What is kept of a parsed record file: anything that knows the file's path.
pub(crate) trait Kept {
    fn path(&self) -> &str;
}

/// What is kept of a parsed record file says whether the file's text is
/// to be kept with it (in `Loaded::sources`): `check` keeps only the texts
/// it may quote, and lets the rest go as soon as each file is read.
pub(crate) trait KeepsText {
    fn keeps_text(&self) -> bool {
        true
    }
}

impl KeepsText for () {}

#[cfg(test)]
impl KeepsText for String {}

impl KeepsText for ParsedFile<'_> {}

impl ParsedFile<'_> {
    /// The same file with a front matter that owns its text.
    pub(crate) fn into_owned(self) -> ParsedFile<'static> {
        ParsedFile {
            path: self.path,
            front: self.front.into_owned(),
            body: self.body,
            body_offset: self.body_offset,
            body_line: self.body_line,
        }
    }
}

impl Kept for ParsedFile<'_> {
    fn path(&self) -> &str {
        &self.path
    }
}

/// The record files of a repository: what `each` kept of every file that
/// parsed, and the problems of those that did not.
#[derive(Clone, Debug)]
pub(crate) struct Loaded<T> {
    pub(crate) files: Vec<T>,
    /// The record files' texts by path, for showing source lines in
    /// diagnostics: every one that is text, but those `each` let go
    /// (`KeepsText`).
    pub(crate) sources: BTreeMap<String, Arc<str>>,
    /// Every `.md` path found, whether or not it parsed: links may point at any.
    pub(crate) paths: Vec<String>,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

impl<T> Default for Loaded<T> {
    fn default() -> Self {
        Loaded {
            files: Vec::new(),
            sources: BTreeMap::new(),
            paths: Vec::new(),
            diagnostics: Vec::new(),
        }
    }
}

/// Read every record under `root/records`, in path order, keeping what `each`
/// makes of each file as soon as it is parsed.
pub(crate) fn load<T: Send + KeepsText>(
    root: &Path,
    max_bytes: u64,
    each: &(impl Fn(&ParsedFile) -> T + Sync),
) -> Loaded<T> {
    let mut loaded = Loaded::default();
    // `records/` itself must be a real folder: the walk would follow a link.
    match files::real_folders(root, "records") {
        Ok(()) => {}
        Err(refusal) => {
            let diagnostic = unreadable("records", &refusal.reason()).with_help(
                "make `records` a folder of the repository, holding the records themselves",
            );
            loaded.diagnostics.push(diagnostic);
            return loaded;
        }
    }
    // The walk is in path order: `records/` lists its entries by name, and
    // each folder in it is walked in turn (a walk in itself, in the same
    // order) and its records read and parsed, on all cores, keeping that
    // order. Walking the folders one after the other on one thread took
    // a tenth of the time of a `check` of 100,000 records.
    use rayon::prelude::*;
    let records = files::open_folder(root, Path::new("records"));
    let read: Vec<(Walked, Vec<Vec<Parsed<T>>>)> = list_records(root)
        .into_par_iter()
        .map(|part| {
            let mut walked = match part {
                Part::Found(walked) => walked,
                Part::Folder(folder) => walk_folder(root, &folder),
            };
            let found = std::mem::take(&mut walked.found);
            let parsed = read_walked(&records, found, max_bytes, each);
            (walked, parsed)
        })
        .collect();
    let records = read
        .iter()
        .flat_map(|(_, folders)| folders.iter().map(Vec::len))
        .sum();
    loaded.files.reserve(records);
    loaded.paths.reserve(records);
    let mut sources = Vec::with_capacity(records);
    for (walked, folders) in read {
        loaded.paths.extend(walked.paths);
        loaded.diagnostics.extend(walked.diagnostics);
        for parsed in folders {
            keep_all(&mut loaded, &mut sources, parsed);
        }
    }
    loaded.sources = sources.into_iter().collect();
    loaded
}

/// Read and parse the records a walk `found`, in order, keeping what `each`
/// makes of each, folder by folder. Kept apart, not gathered into one list
/// here: each folder's list is made to its size at once, where gathering
/// them grew a list by doubling that `load` then copied again.
fn read_walked<T: Send + KeepsText>(
    records: &Result<files::Folder, Refusal>,
    found: Vec<FolderOfRecords>,
    max_bytes: u64,
    each: &(impl Fn(&ParsedFile) -> T + Sync),
) -> Vec<Vec<Parsed<T>>> {
    // Each folder is opened from `records/` down without following a link,
    // and its records are read from it: a folder swapped for a link after
    // the walk is refused, never followed. A folder is closed once its
    // records are read, so only a few are open at any moment, however many
    // folders the repository has.
    use rayon::prelude::*;
    let read_folder = |folder: FolderOfRecords| {
        let below = folder.path.strip_prefix("records").unwrap_or(&folder.path);
        let opened;
        let from = match records {
            Ok(records) if !below.as_os_str().is_empty() => {
                opened = records.open_below(below);
                &opened
            }
            _ => records,
        };
        let read = |found: Found| read_in(from, found, max_bytes, each);
        folder.records.into_par_iter().map(read).collect::<Vec<_>>()
    };
    found.into_par_iter().map(read_folder).collect()
}

/// `previous` brought up to date after a change to the files `changed`
/// (paths relative to `root`): only those are read again. `None` when a
/// change is not to a plain record file (a folder or a link appeared or
/// went), so that everything must be loaded afresh.
pub(crate) fn reload<T: Kept + KeepsText>(
    root: &Path,
    max_bytes: u64,
    previous: Loaded<T>,
    changed: &BTreeSet<String>,
    each: &impl Fn(&ParsedFile) -> T,
) -> Option<Loaded<T>> {
    let mut loaded = previous;
    for path in changed {
        let hidden = path.split('/').any(|part| part.starts_with('.'));
        if hidden || !path.starts_with("records/") {
            continue;
        }
        if !path.ends_with(".md") {
            // A folder that appeared, went or was renamed holds records.
            let folder = format!("{path}/");
            if root.join(path).is_dir() || loaded.paths.iter().any(|p| p.starts_with(&folder)) {
                return None;
            }
            continue;
        }
        // The walk never enters a linked folder, but the watcher reports
        // changes inside one.
        let (folder, _) = path.rsplit_once('/').unwrap_or(("", path));
        if files::real_folders(root, folder).is_err() {
            return None;
        }
        loaded.files.retain(|f| f.path() != *path);
        loaded.sources.remove(path);
        loaded.diagnostics.retain(|d| d.file != *path);
        let known = loaded.paths.binary_search_by(|p| walk_order(p, path));
        match std::fs::symlink_metadata(root.join(path)) {
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                // A folder whose name ends in `.md` went, with its records.
                let folder = format!("{path}/");
                if loaded.paths.iter().any(|p| p.starts_with(&folder)) {
                    return None;
                }
                if let Ok(at) = known {
                    loaded.paths.remove(at);
                }
            }
            Ok(meta) if meta.is_file() => {
                if let Err(at) = known {
                    loaded.paths.insert(at, path.clone());
                }
                let read = files::read_in_root(root, path, max_bytes);
                let parsed = parse_read(path.clone(), read, max_bytes, each);
                let (_, text, result) = parsed;
                match result {
                    Ok(file) => {
                        let at = loaded
                            .files
                            .binary_search_by(|f| walk_order(f.path(), path))
                            .unwrap_or_else(|at| at);
                        loaded.files.insert(at, file);
                    }
                    Err(diagnostic) => loaded.diagnostics.push(*diagnostic),
                }
                if let Some(text) = text {
                    loaded.sources.insert(path.clone(), text);
                }
            }
            _ => return None,
        }
    }
    Some(loaded)
}

/// Read and parse the record `found` from its opened `folder`, and keep what
/// `each` makes of it.
fn read_in<T: KeepsText>(
    folder: &Result<files::Folder, Refusal>,
    found: Found,
    max_bytes: u64,
    each: &impl Fn(&ParsedFile) -> T,
) -> Parsed<T> {
    match folder {
        Ok(folder) => {
            let read = folder.read_listed(&found.name, max_bytes);
            parse_read(found.path, read, max_bytes, each)
        }
        Err(refusal) => refused(found.path, refusal, max_bytes),
    }
}

/// What reading the record `path` gave: parsed, with what `each` makes of
/// it, or the diagnostic for why it was not read.
fn parse_read<T: KeepsText>(
    path: String,
    read: Result<Vec<u8>, Refusal>,
    max_bytes: u64,
    each: &impl Fn(&ParsedFile) -> T,
) -> Parsed<T> {
    match read {
        Ok(bytes) => parse_file(path, bytes, each),
        Err(refusal) => refused(path, &refusal, max_bytes),
    }
}

/// The diagnostic for a record that was not read.
fn refused<T>(path: String, refusal: &Refusal, max_bytes: u64) -> Parsed<T> {
    let problem = match refusal {
        Refusal::TooLarge { size, .. } => too_large(&path, *size, max_bytes),
        other => unreadable(&path, &other.reason()),
    };
    (path, None, Err(Box::new(problem)))
}

fn unreadable(path: &str, reason: &str) -> Diagnostic {
    Diagnostic::error("E001", path, None, format!("could not be read: {reason}"))
}

/// Load records given as (path, contents), such as the files of a git
/// revision, exactly as `load` loads them from disk.
pub(crate) fn from_files<T: Send + KeepsText>(
    files: Vec<(String, Vec<u8>)>,
    max_bytes: u64,
    each: &(impl Fn(&ParsedFile) -> T + Sync),
) -> Loaded<T> {
    let mut loaded = Loaded::default();
    let mut read = Vec::new();
    for (path, bytes) in files {
        let hidden = path.split('/').any(|part| part.starts_with('.'));
        if hidden || !path.ends_with(".md") {
            continue;
        }
        loaded.paths.push(path.clone());
        if bytes.len() as u64 > max_bytes {
            loaded
                .diagnostics
                .push(too_large(&path, bytes.len() as u64, max_bytes));
            continue;
        }
        read.push((path, bytes));
    }
    use rayon::prelude::*;
    let parsed: Vec<Parsed<T>> = read
        .into_par_iter()
        .map(|(path, bytes)| parse_file(path, bytes, each))
        .collect();
    let mut sources = Vec::with_capacity(parsed.len());
    keep_all(&mut loaded, &mut sources, parsed);
    loaded.sources = sources.into_iter().collect();
    loaded
}

/// A file's path, its text when it is text, and what was kept of its parsed
/// front matter or the reason it has none.
type Parsed<T> = (String, Option<Arc<str>>, Result<T, Box<Diagnostic>>);

/// Keep each file's record or diagnostic, in the order given, and put its
/// text in `sources`.
fn keep_all<T>(
    loaded: &mut Loaded<T>,
    sources: &mut Vec<(String, Arc<str>)>,
    parsed: Vec<Parsed<T>>,
) {
    for (path, text, result) in parsed {
        match result {
            Ok(file) => loaded.files.push(file),
            Err(diagnostic) => loaded.diagnostics.push(*diagnostic),
        }
        if let Some(text) = text {
            sources.push((path, text));
        }
    }
}

/// E002 for the record `path` of `size` bytes, over the limit `max_bytes`.
pub(crate) fn too_large(path: &str, size: u64, max_bytes: u64) -> Diagnostic {
    Diagnostic::error(
        "E002",
        path,
        None,
        format!(
            "file is too large to be a record ({} KB; the limit is {} KB)",
            size / 1024,
            max_bytes / 1024
        ),
    )
    .with_help("a record is a short Markdown file; move long material elsewhere and link to it")
}

/// One file's text (when it is text) and what `each` kept of its parsed
/// front matter, or the reason it has none.
fn parse_file<T: KeepsText>(
    path: String,
    bytes: Vec<u8>,
    each: &impl Fn(&ParsedFile) -> T,
) -> Parsed<T> {
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let bytes = error.as_bytes();
            let at = error.utf8_error().valid_up_to();
            let valid = String::from_utf8_lossy(&bytes[..at]);
            let span = span_of(&valid, at..at);
            let diagnostic = Diagnostic::error(
                "E001",
                &path,
                Some(span),
                format!(
                    "file is not UTF-8 text (an unreadable byte at line {}, column {})",
                    span.line, span.column
                ),
            )
            .with_help(
                "save the file as UTF-8 (most editors offer it under \"Save with encoding\")",
            );
            return (path, None, Err(Box::new(diagnostic)));
        }
    };
    let text: Arc<str> = Arc::from(text);
    // The tree is dropped here, once `each` has read it.
    let result = parse_record(&path, &text).map(|file| each(&file));
    let keep = result.as_ref().map_or(true, KeepsText::keeps_text);
    (path, keep.then_some(text), result)
}

/// Split the front matter off `text` and parse it.
pub(crate) fn parse_record<'a>(
    path: &str,
    text: &'a Arc<str>,
) -> Result<ParsedFile<'a>, Box<Diagnostic>> {
    let split =
        split_front_matter(text).map_err(|problem| Box::new(problem.diagnostic(path, text)))?;
    let yaml_text = &text[split.yaml.clone()];
    let front = yaml::parse(yaml_text, split.yaml.start).map_err(|error| {
        Box::new(
            Diagnostic::error(
                "E005",
                path,
                error.span,
                format!("the front matter is not valid YAML: {}", error.message),
            )
            .with_help(yaml_help(&error.message)),
        )
    })?;
    Ok(ParsedFile {
        path: path.to_owned(),
        front,
        body: SourceText::new(Arc::clone(text), split.body..text.len()),
        body_offset: split.body,
        body_line: split.body_line,
    })
}

/// A short name for a record's text: the FNV-1a hash (64 bits) of the text
/// without a byte-order mark and with CRLF read as LF, so that a checkout
/// that changes line endings is still the same record.
pub(crate) fn fingerprint(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let bytes = text.as_bytes();
    let kept = bytes
        .iter()
        .enumerate()
        .filter(|(i, byte)| !(**byte == b'\r' && bytes.get(i + 1) == Some(&b'\n')))
        .map(|(_, byte)| *byte);
    format!("{:016x}", crate::model::fnv::fnv1a_64_of(kept))
}

/// What to do about a YAML problem, in a records keeper's words.
fn yaml_help(message: &str) -> &'static str {
    if message.contains("tab") {
        "indent with spaces, not tabs"
    } else if message.contains("duplicate") {
        "write each field once; delete or rename the repeated one"
    } else if message.contains("too large") || message.contains("too complex") {
        "a record's front matter is a short list of fields; remove the anchors (`&`) and aliases (`*`)"
    } else {
        "write one `name: value` field per line, and put quotes around text containing `: ` or starting with a special character"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_lines_are_file_lines() {
        let text = "\u{feff}---\ntype: afi\nid: x\n---\n";
        let text = Arc::from(text);
        let file = parse_record("records/x.md", &text).expect("parses");
        let crate::load::yaml::Value::Map(entries) = &file.front.value else {
            panic!("map")
        };
        let id_value = &entries[1].1;
        assert_eq!(id_value.span.line, 3);
        assert_eq!(&text[id_value.span.start..id_value.span.end], "x");
    }

    #[test]
    fn the_fingerprint_ignores_line_endings_and_the_byte_order_mark_only() {
        let lf = fingerprint("---\nid: a\n---\n");
        assert_eq!(fingerprint("\u{feff}---\r\nid: a\r\n---\r\n"), lf);
        assert_ne!(fingerprint("---\nid: b\n---\n"), lf);
        assert_eq!(lf.len(), 16);
    }

    #[test]
    fn fingerprints_already_issued_in_workbooks_never_change() {
        // FNV-1a (64 bits) of the text with CRLF as LF and no byte-order
        // mark, worked out apart from this code. A lone CR is kept.
        assert_eq!(fingerprint("---\nid: a\n---\n"), "c2cab180ddd49e5d");
        assert_eq!(
            fingerprint("\u{feff}---\r\nid: a\r\n---\r\nBody\rline\r\n"),
            "b4da7b710fd43970"
        );
    }

    #[test]
    fn records_are_loaded_in_path_order_folder_by_folder() {
        // Files beside folders, folders in folders, a folder named like a
        // record, and hidden ones: read in the order of one sorted walk,
        // whatever the parallel walk of the folders.
        let root = tempfile::tempdir().expect("temp dir");
        let records = root.path().join("records");
        let made = [
            "a.md",
            "b/c.md",
            "b/d/e.md",
            "b/f.md",
            "b-c.md",
            "c.md",
            "d.md/g.md",
            "e/notes.txt",
            ".hidden/x.md",
            "e/.x.md",
            "z.md",
        ];
        for path in made {
            let file = records.join(path);
            std::fs::create_dir_all(file.parent().expect("a folder")).expect("folders");
            std::fs::write(&file, "---\nid: x\n---\n").expect("write");
        }
        let loaded = load(root.path(), 1000, &|file| file.path.clone());
        let expected = [
            "records/a.md",
            "records/b/c.md",
            "records/b/d/e.md",
            "records/b/f.md",
            "records/b-c.md",
            "records/c.md",
            "records/d.md/g.md",
            "records/z.md",
        ];
        assert_eq!(loaded.paths, expected);
        assert_eq!(loaded.files, expected);
        assert_eq!(
            loaded.sources.keys().collect::<Vec<_>>(),
            [
                "records/a.md",
                "records/b-c.md",
                "records/b/c.md",
                "records/b/d/e.md",
                "records/b/f.md",
                "records/c.md",
                "records/d.md/g.md",
                "records/z.md"
            ]
        );
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    }

    #[cfg(unix)]
    #[test]
    fn a_records_folder_swapped_for_a_link_while_loading_is_never_followed() {
        // One thread swaps `records/a` between a real folder and a link to a
        // folder outside, as fast as it can; every load must read the real
        // record or refuse it, never read the record outside.
        use std::fs;
        let root = tempfile::tempdir().expect("temp dir");
        let outside = tempfile::tempdir().expect("outside");
        fs::write(outside.path().join("x.md"), "---\nid: SECRET\n---\n").expect("write");
        let at = |name: &str| root.path().join("records").join(name);
        fs::create_dir_all(at("a.dir")).expect("dir");
        fs::write(at("a.dir/x.md"), "---\nid: inside\n---\n").expect("write");
        std::os::unix::fs::symlink(outside.path(), at("a.link")).expect("link");
        let swapping = crate::files::Swapping::start(&root.path().join("records"), "a");
        let (mut inside, mut refused) = (0, 0);
        let started = std::time::Instant::now();
        while started.elapsed() < std::time::Duration::from_secs(1) {
            let loaded = load(root.path(), 1000, &|file| file.path.clone());
            for text in loaded.sources.values() {
                assert!(!text.contains("SECRET"), "read through a link");
            }
            inside += loaded.sources.len();
            refused += loaded.diagnostics.len();
        }
        drop(swapping);
        eprintln!("{inside} reads of the real record, {refused} refused");
    }

    proptest::proptest! {
        #[test]
        fn loading_any_bytes_gives_a_record_or_diagnostics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..300)) {
            let loaded = from_files(vec![("records/x.md".to_owned(), bytes)], crate::config::MAX_RECORD_BYTES, &|_| ());
            proptest::prop_assert_eq!(loaded.files.len() + loaded.diagnostics.len(), 1);
        }

        #[test]
        fn loading_any_front_matter_never_panics(yaml in "(type: afi\\n|id: x\\n|[a-z]{1,6}: [a-z0-9 \\[\\]{},&*!|>'\"-]{0,12}\\n|  - [a-z]{0,4}\\n|\\t){0,12}") {
            let text = format!("---\n{yaml}---\nbody\n");
            let loaded = from_files(vec![("records/x.md".to_owned(), text.into_bytes())], crate::config::MAX_RECORD_BYTES, &|_| ());
            proptest::prop_assert_eq!(loaded.files.len() + loaded.diagnostics.len(), 1);
        }
    }
}
