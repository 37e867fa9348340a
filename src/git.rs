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

/// Every file under `records/` at `commit`, with its contents, as paths
/// relative to `dir`. Paths are read as bytes, NUL-separated (`-z`), so a
/// name holding a newline or bytes that are not UTF-8 is read as it is;
/// contents are asked for by object id, never by path.
pub(crate) fn records_at(dir: &Path, commit: &str) -> Result<Vec<(String, Vec<u8>)>, String> {
    let listing = git(
        dir,
        &["ls-tree", "-r", "-z", commit, "--", "records/"],
        None,
    )?;
    let entries = parse_tree(&listing)?;
    if entries.is_empty() {
        return Ok(Vec::new());
    }
    let mut request = Vec::new();
    for (id, _) in &entries {
        request.extend_from_slice(id.as_bytes());
        request.push(b'\n');
    }
    let answer = git(dir, &["cat-file", "--batch"], Some(&request))?;
    parse_batch(&answer, entries)
}

/// The files of `git ls-tree -r -z`: `<mode> <type> <id>\t<path>\0` each,
/// as (object id, path). Only plain files: a symbolic link (mode 120000)
/// is not followed, as on disk, and a submodule is not a record.
fn parse_tree(listing: &[u8]) -> Result<Vec<(String, String)>, String> {
    let mut entries = Vec::new();
    for entry in listing.split(|b| *b == 0).filter(|e| !e.is_empty()) {
        let tab = entry
            .iter()
            .position(|b| *b == b'\t')
            .ok_or("git's list of files is not in the expected form")?;
        let meta = String::from_utf8_lossy(&entry[..tab]);
        let mut fields = meta.split(' ');
        let (Some(mode), Some(kind), Some(id)) = (fields.next(), fields.next(), fields.next())
        else {
            return Err("git's list of files is not in the expected form".to_owned());
        };
        if kind != "blob" || mode == "120000" {
            continue;
        }
        let path = String::from_utf8_lossy(&entry[tab + 1..]).into_owned();
        entries.push((id.to_owned(), path));
    }
    Ok(entries)
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
    fn tree_paths_are_bytes_and_links_are_skipped() {
        let listing = b"100644 blob aaa\trecords/a\nb/x.md\x00120000 blob bbb\trecords/l.md\x00160000 commit ccc\trecords/sub\x00100644 blob ddd\trecords/\xff/y.md\x00";
        let entries = parse_tree(listing).expect("parses");
        assert_eq!(
            entries,
            vec![
                ("aaa".to_owned(), "records/a\nb/x.md".to_owned()),
                ("ddd".to_owned(), "records/\u{fffd}/y.md".to_owned()),
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
