//! Every command README.md and docs/*.md show in a fenced `sh` block is run,
//! in order, against a copy of this repository's records (a git repository
//! with some history, so that `diff` has something to compare), and must
//! succeed: the documentation cannot drift from what the program does.
//!
//! The lines of a block run as one script, in one shell (so a `cd` or a
//! variable carries to the next line), stopping at the first line that
//! fails, which is named. `cargo run --release -- ARGS` is run as
//! `actionplan ARGS` (the program this test suite built, on the PATH, which
//! is what `cargo install` would give); `actionplan serve` is run on its own
//! until it says it is serving, and the lines after it start a new script in
//! the repository's folder. Lines that start other programs are not run
//! here, each for the reason in `NOT_RUN_HERE`; the test prints every line
//! it leaves out, with the reason.

use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::{copy_dir, repo_root};

/// One fenced code block: the line its text starts on, and the text.
pub(crate) struct Block {
    pub(crate) line: usize,
    pub(crate) text: String,
}

/// The fenced blocks of README.md and docs/*.md whose info string is one of
/// `languages`, with the file each is in.
pub(crate) fn fenced_blocks(languages: &[&str]) -> Vec<(String, Block)> {
    let mut files = vec!["README.md".to_owned()];
    let mut docs: Vec<String> = std::fs::read_dir(repo_root().join("docs"))
        .expect("docs/")
        .filter_map(Result::ok)
        .map(|entry| format!("docs/{}", entry.file_name().to_string_lossy()))
        .filter(|name| name.ends_with(".md"))
        .collect();
    docs.sort();
    files.extend(docs);
    let mut blocks = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(repo_root().join(&file)).expect("readable");
        let mut open: Option<(bool, Block)> = None;
        for (index, line) in text.lines().enumerate() {
            match (&mut open, line.strip_prefix("```")) {
                (None, Some(info)) => {
                    let wanted = languages.contains(&info.trim());
                    let block = Block {
                        line: index + 2,
                        text: String::new(),
                    };
                    open = Some((wanted, block));
                }
                (Some(_), Some(_)) => {
                    if let Some((true, block)) = open.take() {
                        blocks.push((file.clone(), block));
                    }
                    open = None;
                }
                (Some((_, block)), None) => {
                    block.text.push_str(line);
                    block.text.push('\n');
                }
                (None, None) => {}
            }
        }
    }
    blocks
}

/// Programs the documentation shows that this test does not run, and why.
const NOT_RUN_HERE: &[(&str, &str)] = &[
    ("cargo test", "the test suite itself"),
    (
        "cargo install",
        "builds and installs this crate; the test puts the program it built on the PATH instead",
    ),
    (
        "cargo run --release --example",
        "a benchmark corpus generator (docs/performance.md), minutes of work",
    ),
    (
        "cargo fuzz",
        "the fuzzer, which .ci/run runs through fuzz/run",
    ),
    ("fuzz/run", "the fuzzer, which .ci/run runs"),
    (
        "bench/run",
        "the benchmark, minutes of work (docs/performance.md)",
    ),
    (
        "git worktree",
        "checks out and builds an old commit for the benchmark",
    ),
    (
        "curl",
        "downloads a published release; tests/it/install.rs runs install.sh on a local one",
    ),
    (
        "sh install.sh",
        "downloads a published release; tests/it/install.rs runs it on a local one",
    ),
    (
        "docker",
        "needs a container engine; .ci/run lints the Dockerfile",
    ),
    ("pip", "installs pre-commit from the network"),
    ("pipx", "installs pre-commit from the network"),
    (
        "pre-commit",
        "installs hooks into a git checkout of the user's",
    ),
];

/// Why a command line is not run here, if it is not.
fn not_run_here(line: &str) -> Option<&'static str> {
    let program = after_assignments(line);
    NOT_RUN_HERE
        .iter()
        .find(|(prefix, _)| program.starts_with(prefix))
        .map(|(_, reason)| *reason)
}

/// The command after any `NAME=value` assignments that start a line (values
/// may be quoted: `BENCH_SIZES="1000 10000" bench/run`).
fn after_assignments(line: &str) -> &str {
    let mut rest = line.trim_start();
    loop {
        let name_end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if name_end == 0 || !rest[name_end..].starts_with('=') {
            return rest;
        }
        let value = &rest[name_end + 1..];
        let value_end = match value.strip_prefix('"') {
            Some(quoted) => quoted.find('"').map_or(value.len(), |end| end + 2),
            None => value.find(' ').unwrap_or(value.len()),
        };
        rest = value[value_end..].trim_start();
    }
}

/// A copy of this repository's records, committed twice so that `HEAD~1` and
/// `origin/main` (the first commit) exist.
fn records_repository(dir: &Path) -> PathBuf {
    let root = dir.join("repository");
    copy_dir(&repo_root().join("records"), &root.join("records"));
    std::fs::copy(
        repo_root().join("actionplan.toml"),
        root.join("actionplan.toml"),
    )
    .expect("copy");
    let git = |args: &[&str]| {
        let status = Command::new("git")
            .args(args)
            .current_dir(&root)
            .env("GIT_AUTHOR_NAME", "Records Keeper")
            .env("GIT_AUTHOR_EMAIL", "keeper@example.org")
            .env("GIT_COMMITTER_NAME", "Records Keeper")
            .env("GIT_COMMITTER_EMAIL", "keeper@example.org")
            .status()
            .expect("git runs");
        assert!(status.success(), "git {args:?}");
    };
    let later =
        root.join("records/hmic-going-local-2003-04/harrow/hmic-going-local-2003-harrow-r2.md");
    let text = std::fs::read_to_string(&later).expect("an AFI of the seed records");
    std::fs::remove_file(&later).expect("remove");
    git(&["init", "-q", "-b", "main"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "The records before the last change"]);
    git(&["update-ref", "refs/remotes/origin/main", "HEAD"]);
    std::fs::write(&later, text).expect("write");
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "Add Harrow's second recommendation"]);
    root
}

/// The shell, in `dir`, with the built program first on the PATH and a home
/// folder of its own.
fn shell(line: &str, dir: &Path, sandbox: &Path) -> Command {
    let mut command = Command::new("sh");
    command
        .args(["-c", line])
        .current_dir(dir)
        .env("PATH", path_with_actionplan(sandbox))
        .env("HOME", sandbox.join("home"))
        .env("NO_COLOR", "1")
        // What a GitHub Actions runner gives docs/ci.md's commands.
        .env("BASE_REF", "main")
        .env("GITHUB_STEP_SUMMARY", sandbox.join("summary.md"));
    command
}

fn path_with_actionplan(sandbox: &Path) -> String {
    let bin = sandbox.join("bin");
    if !bin.join("actionplan").exists() {
        std::fs::create_dir_all(&bin).expect("bin");
        std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_actionplan"), bin.join("actionplan"))
            .expect("link");
    }
    format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

/// Run `actionplan serve ...` until it says where it is serving.
fn serve_until_it_serves(line: &str, dir: &Path, sandbox: &Path) -> Result<(), String> {
    // Port 8000 may be taken on a test machine: any free one will do.
    let line = match line.contains("--port") {
        true => line.to_owned(),
        false => line.replacen("actionplan serve", "actionplan serve --port 0", 1),
    };
    let mut child = shell(&format!("exec {line}"), dir, sandbox)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| error.to_string())?;
    let (sender, lines) = std::sync::mpsc::channel();
    let pipe = child.stderr.take();
    std::thread::spawn(move || {
        let Some(pipe) = pipe else { return };
        for line in BufReader::new(pipe).lines().map_while(Result::ok) {
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut seen = Vec::new();
    let outcome = loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match lines.recv_timeout(left) {
            Ok(text) if text.starts_with("serving the site on http://127.0.0.1:") => break Ok(()),
            Ok(text) => seen.push(text),
            Err(_) => break Err(format!("it never said it was serving: {seen:#?}")),
        }
    };
    let _ = child.kill();
    let _ = child.wait();
    outcome
}

/// The command lines of a block: comments and blank lines dropped, lines
/// ending in `\` joined to the next.
fn command_lines(block: &Block) -> Vec<(usize, String)> {
    let mut lines = Vec::new();
    let mut pending: Option<(usize, String)> = None;
    for (offset, raw) in block.text.lines().enumerate() {
        let trimmed = raw.trim();
        if pending.is_none() && (trimmed.is_empty() || trimmed.starts_with('#')) {
            continue;
        }
        let (start, mut text) = pending
            .take()
            .unwrap_or((block.line + offset, String::new()));
        match trimmed.strip_suffix('\\') {
            Some(head) => {
                text.push_str(head);
                text.push(' ');
                pending = Some((start, text));
            }
            None => {
                text.push_str(trimmed);
                lines.push((start, text));
            }
        }
    }
    lines
}

/// Run `lines` as one script in `dir`, stopping at the first that fails;
/// the error starts with that line's number.
fn run_script(lines: &[(usize, String)], dir: &Path, sandbox: &Path) -> Result<(), String> {
    if lines.is_empty() {
        return Ok(());
    }
    let mut script = String::new();
    for (number, line) in lines {
        // The check on a line of its own, so a comment at the end of the
        // command cannot swallow it.
        script.push_str(&format!(
            "{line}\nstatus=$?; if [ $status -ne 0 ]; then echo \"FAILED {number} $status\" >&2; exit $status; fi\n"
        ));
    }
    let output = shell(&script, dir, sandbox)
        .stdin(Stdio::null())
        .output()
        .expect("sh runs");
    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let failed = stderr
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("FAILED "))
        .and_then(|rest| rest.split(' ').next()?.parse::<usize>().ok());
    let line = failed.and_then(|n| lines.iter().find(|(number, _)| *number == n));
    Err(match line {
        Some((number, line)) => format!(
            "{number}: {line}\n  exit {:?}: {stderr}",
            output.status.code()
        ),
        None => format!(
            "{}: the script of this block\n  exit {:?}: {stderr}",
            lines[0].0,
            output.status.code()
        ),
    })
}

#[test]
fn a_block_runs_as_one_script_and_names_the_line_that_fails() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("records")).expect("records");
    std::fs::write(dir.path().join("records/here"), "").expect("write");
    let lines = |text: &[&str]| {
        text.iter()
            .enumerate()
            .map(|(i, l)| (i + 10, (*l).to_owned()))
            .collect::<Vec<_>>()
    };
    // A `cd` on one line holds for the next.
    assert_eq!(
        run_script(
            &lines(&["cd records", "test -f here"]),
            dir.path(),
            dir.path()
        ),
        Ok(())
    );
    // The line that fails is named, and nothing after it runs.
    let error = run_script(
        &lines(&["true  # fine", "false", "touch after"]),
        dir.path(),
        dir.path(),
    )
    .expect_err("fails");
    assert!(error.starts_with("11: false\n"), "{error}");
    assert!(!dir.path().join("after").exists());
}

#[test]
fn every_command_in_the_readme_and_the_docs_succeeds() {
    let sandbox = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(sandbox.path().join("home")).expect("home");
    let mut ran = 0;
    let mut not_run = Vec::new();
    let mut failures = Vec::new();
    let mut repositories: std::collections::BTreeMap<String, PathBuf> = Default::default();
    for (file, block) in fenced_blocks(&["sh", "bash", "shell"]) {
        // One copy of the records for each page, so that its commands run in
        // order against the state the page's earlier commands left.
        let root = repositories
            .entry(file.clone())
            .or_insert_with(|| {
                let dir = sandbox.path().join(file.replace(['/', '.'], "-"));
                records_repository(&dir)
            })
            .clone();
        // The block's lines up to a `serve`, as one script; then the serve;
        // then the rest, the same way.
        let mut script: Vec<(usize, String)> = Vec::new();
        for (line_number, line) in command_lines(&block) {
            let line = match line.strip_prefix("cargo run --release -- ") {
                Some(args) => format!("actionplan {args}"),
                None => line,
            };
            if let Some(reason) = not_run_here(&line) {
                not_run.push(format!("{file}:{line_number}: {line}  ({reason})"));
                continue;
            }
            ran += 1;
            if line.starts_with("actionplan serve") {
                if let Err(why) = run_script(&script, &root, sandbox.path()) {
                    failures.push(format!("{file}:{why}"));
                }
                script.clear();
                if let Err(why) = serve_until_it_serves(&line, &root, sandbox.path()) {
                    failures.push(format!("{file}:{line_number}: {line}\n  {why}"));
                }
            } else {
                script.push((line_number, line));
            }
        }
        if let Err(why) = run_script(&script, &root, sandbox.path()) {
            failures.push(format!("{file}:{why}"));
        }
    }
    eprintln!("{ran} lines run; not run here:\n{}", not_run.join("\n"));
    assert!(
        failures.is_empty(),
        "commands in the docs that fail:\n{}",
        failures.join("\n")
    );
    assert!(
        ran >= 25,
        "ran only {ran} commands; not run:\n{}",
        not_run.join("\n")
    );
}

#[test]
fn lines_that_are_not_run_are_recognised_by_their_program() {
    assert!(not_run_here("FUZZ_SECONDS=600 fuzz/run").is_some());
    assert!(not_run_here("BENCH_SIZES=\"1000 10000\" BENCH_RUNS=3 bench/run").is_some());
    assert!(not_run_here("NO_COLOR=1 actionplan check").is_none());
    assert!(not_run_here("cargo test   # run the test suite").is_some());
    assert!(not_run_here("actionplan check").is_none());
    assert!(not_run_here("actionplan check --format=github").is_none());
    assert!(not_run_here("cargo run --release -- build").is_none());
}
