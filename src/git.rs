//! Reading the records of a git revision, through the `git` program: the
//! one git that users already have and trust, with no C library or large
//! dependency tree to build (see ARCHITECTURE.md).

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

/// Run git in `dir` and return its standard output, or a message saying what
/// went wrong in words a records keeper can act on.
fn git(dir: &Path, args: &[&str], input: Option<&[u8]>) -> Result<Vec<u8>, String> {
    let mut child = Command::new("git")
        .args(args)
        .current_dir(dir)
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not run `git` ({e}); install git and try again"))?;
    if let (Some(bytes), Some(mut stdin)) = (input, child.stdin.take()) {
        // Write from another thread so a large answer cannot block the pipe.
        let bytes = bytes.to_vec();
        std::thread::spawn(move || {
            let _ = stdin.write_all(&bytes);
        });
    }
    let output = child
        .wait_with_output()
        .map_err(|e| format!("`git` failed: {e}"))?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        Err(String::from_utf8_lossy(&output.stderr).trim().to_owned())
    }
}

/// The commit a revision names, with a clear message when it cannot be found.
pub(crate) fn resolve(dir: &Path, revision: &str) -> Result<String, String> {
    if git(dir, &["rev-parse", "--is-inside-work-tree"], None).is_err() {
        return Err(format!(
            "`{}` is not inside a git repository",
            dir.display()
        ));
    }
    let spec = format!("{revision}^{{commit}}");
    match git(dir, &["rev-parse", "--verify", "--quiet", &spec], None) {
        Ok(out) => Ok(String::from_utf8_lossy(&out).trim().to_owned()),
        Err(_) => {
            let shallow = git(dir, &["rev-parse", "--is-shallow-repository"], None)
                .map(|o| String::from_utf8_lossy(&o).trim() == "true")
                .unwrap_or(false);
            if shallow {
                Err(format!(
                    "the revision `{revision}` is not in this clone's history, which is shallow: fetch the history first (`git fetch --unshallow`, or `fetch-depth: 0` with actions/checkout)"
                ))
            } else {
                Err(format!(
                    "git knows no revision `{revision}`: give a commit, a branch or a tag, such as `HEAD~1` or `origin/main`"
                ))
            }
        }
    }
}

/// The record files under `records/` at a commit: those read, with their
/// contents, and those too large to read, with their sizes.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Revision {
    pub(crate) files: Vec<(String, Vec<u8>)>,
    pub(crate) too_large: Vec<(String, u64)>,
}

/// The record files (`*.md`, none hidden) under `records/` at `commit`, as
/// paths relative to `dir`. Git lists every file with its size first, so
/// only records within `max_bytes` are asked for, by object id, never by
/// path. Paths are read as bytes, NUL-separated (`-z`), so a name holding a
/// newline is read as it is; see `path_text` for one that is not UTF-8.
pub(crate) fn records_at(dir: &Path, commit: &str, max_bytes: u64) -> Result<Revision, String> {
    let listing = git(
        dir,
        &["ls-tree", "-r", "-l", "-z", commit, "--", "records/"],
        None,
    )?;
    let mut revision = Revision::default();
    let mut wanted = Vec::new();
    for entry in parse_tree(&listing)? {
        if entry.size > max_bytes {
            revision.too_large.push((entry.path, entry.size));
        } else {
            wanted.push((entry.id, entry.path));
        }
    }
    if wanted.is_empty() {
        return Ok(revision);
    }
    let mut request = Vec::new();
    for (id, _) in &wanted {
        request.extend_from_slice(id.as_bytes());
        request.push(b'\n');
    }
    let answer = git(dir, &["cat-file", "--batch"], Some(&request))?;
    revision.files = parse_batch(&answer, wanted)?;
    Ok(revision)
}

/// A record file in git's list.
#[derive(Debug, PartialEq, Eq)]
struct TreeEntry {
    id: String,
    path: String,
    size: u64,
}

/// The record files of `git ls-tree -r -l -z`: `<mode> <type> <id>
/// <size>\t<path>\0` each (the size padded with spaces). Only plain files
/// named `*.md` with no part starting with `.`, as on disk: a symbolic link
/// (mode 120000) is not followed, and a submodule is not a record.
fn parse_tree(listing: &[u8]) -> Result<Vec<TreeEntry>, String> {
    let unexpected = || "git's list of files is not in the expected form".to_owned();
    let mut entries = Vec::new();
    for entry in listing.split(|b| *b == 0).filter(|e| !e.is_empty()) {
        let tab = entry
            .iter()
            .position(|b| *b == b'\t')
            .ok_or_else(unexpected)?;
        let meta = String::from_utf8_lossy(&entry[..tab]);
        let mut fields = meta.split(' ').filter(|f| !f.is_empty());
        let (Some(mode), Some(kind), Some(id), Some(size)) =
            (fields.next(), fields.next(), fields.next(), fields.next())
        else {
            return Err(unexpected());
        };
        let path = &entry[tab + 1..];
        let hidden = path
            .split(|b| *b == b'/')
            .any(|part| part.starts_with(b"."));
        if kind != "blob" || mode == "120000" || hidden || !path.ends_with(b".md") {
            continue;
        }
        let path = path_text(path);
        let size = size.parse().map_err(|_| unexpected())?;
        entries.push(TreeEntry {
            id: id.to_owned(),
            path,
            size,
        });
    }
    Ok(entries)
}

/// A path from git as text, one to one: a byte that is not UTF-8 is written
/// `\xNN` and a backslash `\\`, so two names that differ only in such bytes
/// stay two paths (read lossily, both would hold U+FFFD and become one).
fn path_text(path: &[u8]) -> String {
    let mut text = String::with_capacity(path.len());
    for chunk in path.utf8_chunks() {
        text.push_str(&chunk.valid().replace('\\', "\\\\"));
        for byte in chunk.invalid() {
            text.push_str(&format!("\\x{byte:02X}"));
        }
    }
    text
}

/// Split `git cat-file --batch` output: a header line `<id> <type> <size>`
/// then the contents and a newline, for each object asked for, in order.
fn parse_batch(
    mut answer: &[u8],
    entries: Vec<(String, String)>,
) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut files = Vec::with_capacity(entries.len());
    for (_, path) in entries {
        let newline = answer
            .iter()
            .position(|b| *b == b'\n')
            .ok_or("git's answer ended early")?;
        let header = String::from_utf8_lossy(&answer[..newline]).into_owned();
        answer = &answer[newline + 1..];
        let mut fields = header.split(' ');
        let kind = fields.nth(1).unwrap_or("");
        if kind != "blob" {
            // A missing object: no contents follow.
            continue;
        }
        let size: usize = fields
            .next()
            .and_then(|s| s.parse().ok())
            .ok_or("git's answer has no size")?;
        if answer.len() < size.saturating_add(1) {
            return Err("git's answer ended early".to_owned());
        }
        files.push((path, answer[..size].to_vec()));
        answer = &answer[size + 1..];
    }
    Ok(files)
}

/// One commit that changed a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Commit {
    pub(crate) date: String,
    pub(crate) author: String,
    pub(crate) subject: String,
}

/// The commits that changed each file under `records/`, newest first.
pub(crate) fn history(
    dir: &Path,
) -> Result<std::collections::BTreeMap<String, Vec<Commit>>, String> {
    let log = git(
        dir,
        &[
            "log",
            "-z",
            "--no-merges",
            "--date=short",
            "--format=%x00%ad%x00%an%x00%s",
            "--name-only",
            "--relative",
            "--",
            "records/",
        ],
        None,
    )?;
    Ok(parse_log(&log))
}

/// Split `git log -z` output in the format above: every field and every
/// path ends in a NUL, which no path, name or subject can hold, and each
/// commit starts with an empty field. (Git separates a commit's fields from
/// its paths with a newline.) Paths are read as bytes, unquoted.
fn parse_log(log: &[u8]) -> std::collections::BTreeMap<String, Vec<Commit>> {
    let mut out: std::collections::BTreeMap<String, Vec<Commit>> =
        std::collections::BTreeMap::new();
    let mut fields = log.split(|b| *b == 0).peekable();
    while let Some(field) = fields.next() {
        if !field.is_empty() {
            // Not the start of a commit: a stray path, skipped.
            continue;
        }
        let date = text(fields.next().unwrap_or_default());
        let author = text(fields.next().unwrap_or_default());
        let subject = text(fields.next().unwrap_or_default());
        let is_date = date.len() == 10 && date.bytes().all(|b| b.is_ascii_digit() || b == b'-');
        let commit = Commit {
            date,
            author,
            subject,
        };
        while let Some(path) = fields.next_if(|f| !f.is_empty()) {
            let path = path.strip_prefix(b"\n").unwrap_or(path);
            if is_date && !path.is_empty() {
                let path = String::from_utf8_lossy(path).into_owned();
                out.entry(path).or_default().push(commit.clone());
            }
        }
    }
    out
}

/// A field of git's output as text for a page: lossy UTF-8, with control
/// characters (a subject may hold any) replaced by U+FFFD.
fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes)
        .chars()
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_answers_split_into_files() {
        let answer = b"abc blob 5\nhello\ndef blob 0\n\n";
        let entries = vec![
            ("abc".to_owned(), "a.md".to_owned()),
            ("def".to_owned(), "b.md".to_owned()),
        ];
        let files = parse_batch(answer, entries).expect("parses");
        assert_eq!(
            files,
            vec![
                ("a.md".to_owned(), b"hello".to_vec()),
                ("b.md".to_owned(), Vec::new())
            ]
        );
    }

    #[test]
    fn tree_paths_are_bytes_and_only_records_are_listed() {
        let listing = b"100644 blob aaa     120\trecords/a\nb/x.md\x00120000 blob bbb      9\trecords/l.md\x00160000 commit ccc       -\trecords/sub\x00100644 blob ddd 2000000\trecords/big.md\x00100644 blob eee      10\trecords/notes.txt\x00100644 blob fff      10\trecords/.drafts/x.md\x00";
        let entries = parse_tree(listing).expect("parses");
        let entry = |id: &str, path: &str, size| TreeEntry {
            id: id.to_owned(),
            path: path.to_owned(),
            size,
        };
        assert_eq!(
            entries,
            vec![
                entry("aaa", "records/a\nb/x.md", 120),
                entry("ddd", "records/big.md", 2_000_000),
            ]
        );
    }

    #[test]
    fn only_records_within_the_limit_are_fetched() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        std::fs::create_dir(root.join("records")).expect("records");
        std::fs::write(root.join("records/small.md"), "small").expect("write");
        std::fs::write(root.join("records/big.md"), "x".repeat(3000)).expect("write");
        std::fs::write(root.join("records/scan.pdf"), "x".repeat(3000)).expect("write");
        let run = |args: &[&str]| {
            let status = Command::new("git")
                .args(args)
                .current_dir(root)
                .env("GIT_AUTHOR_NAME", "K")
                .env("GIT_AUTHOR_EMAIL", "k@example.org")
                .env("GIT_COMMITTER_NAME", "K")
                .env("GIT_COMMITTER_EMAIL", "k@example.org")
                .status()
                .expect("git runs");
            assert!(status.success(), "git {args:?}");
        };
        run(&["init", "-q"]);
        run(&["add", "."]);
        run(&["commit", "-q", "-m", "records"]);
        let revision = records_at(root, "HEAD", 1000).expect("read");
        assert_eq!(
            revision,
            Revision {
                files: vec![("records/small.md".to_owned(), b"small".to_vec())],
                too_large: vec![("records/big.md".to_owned(), 3000)],
            }
        );
    }

    #[test]
    fn names_that_are_not_utf8_stay_distinct() {
        // Read lossily, the first two would both be `records/\u{fffd}/y.md`;
        // the third is the text the first is written as.
        let listing = b"100644 blob aaa 10\trecords/\xff/y.md\x00100644 blob bbb 10\trecords/\xfe/y.md\x00100644 blob ccc 10\trecords/\\xFF/y.md\x00";
        let paths: Vec<String> = parse_tree(listing)
            .expect("parses")
            .into_iter()
            .map(|entry| entry.path)
            .collect();
        assert_eq!(
            paths,
            [
                "records/\\xFF/y.md",
                "records/\\xFE/y.md",
                "records/\\\\xFF/y.md"
            ]
        );
    }

    #[test]
    fn a_subject_with_separators_is_one_commit() {
        let log = b"\x002007-01-02\x00A B\x00second\x00\nrecords/caf\xc3\xa9/x.md\x00\x002007-01-01\x00A B\x00subj \x1e2020-01-01\x1fEvil\x1fforged\x00\nrecords/a\nb/y.md\x00records/caf\xc3\xa9/x.md\x00";
        let history = parse_log(log);
        let cafe = &history["records/caf\u{e9}/x.md"];
        assert_eq!(cafe.len(), 2);
        assert_eq!(cafe[0].subject, "second");
        assert_eq!(cafe[1].date, "2007-01-01");
        assert_eq!(cafe[1].author, "A B");
        assert_eq!(
            cafe[1].subject,
            "subj \u{fffd}2020-01-01\u{fffd}Evil\u{fffd}forged"
        );
        assert_eq!(history["records/a\nb/y.md"].len(), 1);
        assert_eq!(history.len(), 2);
    }
}
