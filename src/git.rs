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
/// relative to `dir`.
pub(crate) fn records_at(dir: &Path, commit: &str) -> Result<Vec<(String, Vec<u8>)>, String> {
    let listing = git(
        dir,
        &[
            "ls-tree",
            "-r",
            "-z",
            "--name-only",
            commit,
            "--",
            "records/",
        ],
        None,
    )?;
    let paths: Vec<String> = listing
        .split(|b| *b == 0)
        .filter(|p| !p.is_empty())
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .collect();
    if paths.is_empty() {
        return Ok(Vec::new());
    }
    let mut request = Vec::new();
    for path in &paths {
        request.extend_from_slice(format!("{commit}:./{path}\n").as_bytes());
    }
    let answer = git(dir, &["cat-file", "--batch"], Some(&request))?;
    parse_batch(&answer, paths)
}

/// Split `git cat-file --batch` output: a header line `<id> <type> <size>`
/// then the contents and a newline, for each object asked for.
fn parse_batch(mut answer: &[u8], paths: Vec<String>) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut files = Vec::with_capacity(paths.len());
    for path in paths {
        let newline = answer
            .iter()
            .position(|b| *b == b'\n')
            .ok_or("git's answer ended early")?;
        let header = String::from_utf8_lossy(&answer[..newline]).into_owned();
        answer = &answer[newline + 1..];
        let mut fields = header.split(' ');
        let kind = fields.nth(1).unwrap_or("");
        if kind != "blob" {
            // A submodule or a missing object: not a record.
            continue;
        }
        let size: usize = fields
            .next()
            .and_then(|s| s.parse().ok())
            .ok_or("git's answer has no size")?;
        if answer.len() < size + 1 {
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
            "--no-merges",
            "--date=short",
            "--format=%x1e%ad%x1f%an%x1f%s",
            "--name-only",
            "--relative",
            "--",
            "records/",
        ],
        None,
    )?;
    let text = String::from_utf8_lossy(&log);
    let mut out: std::collections::BTreeMap<String, Vec<Commit>> =
        std::collections::BTreeMap::new();
    for entry in text.split('\u{1e}').filter(|e| !e.trim().is_empty()) {
        let mut lines = entry.lines();
        let mut head = lines.next().unwrap_or("").split('\u{1f}');
        let commit = Commit {
            date: head.next().unwrap_or("").to_owned(),
            author: head.next().unwrap_or("").to_owned(),
            subject: head.next().unwrap_or("").to_owned(),
        };
        for path in lines.filter(|l| !l.is_empty()) {
            out.entry(path.to_owned()).or_default().push(commit.clone());
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::parse_batch;

    #[test]
    fn batch_answers_split_into_files() {
        let answer = b"abc blob 5\nhello\ndef blob 0\n\n";
        let files = parse_batch(answer, vec!["a.md".into(), "b.md".into()]).expect("parses");
        assert_eq!(
            files,
            vec![
                ("a.md".to_owned(), b"hello".to_vec()),
                ("b.md".to_owned(), Vec::new())
            ]
        );
    }
}
