//! Integration tests: they run the built binary as a user would.

// The whole crate is tests, its helpers included: a failed expectation is
// a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod build;
mod check_cli;
mod check_fixtures;
mod diff;
mod docs;
mod documents;
mod faithful;
mod figures;
mod gitlab;
mod habits;
mod hostile;
mod install;
mod layers;
mod limits;
mod output;
mod owners;
mod pages;
mod papers;
mod reading;
mod real_records;
mod recipes;
mod returns;
mod scaffold;
mod schema;
mod serve;
mod templates;
mod update;

use std::path::{Path, PathBuf};
use std::process::Command;

/// The output of one run of the binary.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn actionplan(args: &[&str], dir: &Path) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_actionplan"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// As `actionplan`, but a run that has not finished within `seconds` is
/// killed and fails the test instead of hanging it.
pub fn actionplan_within(args: &[&str], dir: &Path, seconds: u64) -> Run {
    use std::io::Read as _;
    let mut child = Command::new(env!("CARGO_BIN_EXE_actionplan"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let read = |pipe: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut text = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut text);
            }
            String::from_utf8_lossy(&text).into_owned()
        })
    };
    let stdout = read(child.stdout.take().map(|p| Box::new(p) as _));
    let stderr = read(child.stderr.take().map(|p| Box::new(p) as _));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(seconds);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "`actionplan {}` did not finish within {seconds} s",
                args.join(" ")
            );
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    Run {
        code: status.code().unwrap_or(-1),
        stdout: stdout.join().expect("stdout"),
        stderr: stderr.join().expect("stderr"),
    }
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures/check").join(name)
}

/// Copy the folder `from` into `to`, creating it.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let target = to.join(entry.path().strip_prefix(from).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("dir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Run `git` in `dir` as one fixed author at one fixed time, so that
/// commits (and what is built from them) are the same on every run.
pub fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Records Keeper")
        .env("GIT_AUTHOR_EMAIL", "keeper@example.org")
        .env("GIT_COMMITTER_NAME", "Records Keeper")
        .env("GIT_COMMITTER_EMAIL", "keeper@example.org")
        .env("GIT_AUTHOR_DATE", "2007-01-20T10:00:00Z")
        .env("GIT_COMMITTER_DATE", "2007-01-20T10:00:00Z")
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

/// A minimal organisation Word template at `path`: its own heading 1 (red)
/// and `footer` in its footer.
pub fn word_template(path: &Path, footer: &str) {
    let file = std::fs::File::create(path).expect("create");
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default();
    let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    let parts = [
        (
            "word/styles.xml",
            format!(
                "<?xml version=\"1.0\"?><w:styles xmlns:w=\"{w}\"><w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/><w:rPr><w:color w:val=\"C00000\"/></w:rPr></w:style></w:styles>"
            ),
        ),
        (
            "word/_rels/document.xml.rels",
            "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId9\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer2.xml\"/></Relationships>".to_owned(),
        ),
        (
            "word/footer2.xml",
            format!(
                "<?xml version=\"1.0\"?><w:ftr xmlns:w=\"{w}\"><w:p><w:r><w:t>{footer}</w:t></w:r></w:p></w:ftr>"
            ),
        ),
    ];
    for (name, text) in parts {
        zip.start_file(name, options).expect("start");
        std::io::Write::write_all(&mut zip, text.as_bytes()).expect("write");
    }
    zip.finish().expect("finish");
}
