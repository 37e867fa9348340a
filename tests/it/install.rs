//! install.sh and the pre-commit hook that downloads a release: both are run
//! against a release made here, in a folder, the way the release workflow
//! lays one out (an archive per target and SHA256SUMS), so that they install
//! only an archive whose SHA-256 is listed.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::{copy_dir, repo_root};

const TARGET: &str = "x86_64-unknown-linux-musl";

/// A release in a folder, holding this build of actionplan as the archive
/// for `TARGET`, and SHA256SUMS.
fn release(dir: &Path) -> PathBuf {
    let release = dir.join("release");
    let folder = release.join(format!("actionplan-{TARGET}"));
    std::fs::create_dir_all(&folder).expect("folder");
    std::fs::copy(env!("CARGO_BIN_EXE_actionplan"), folder.join("actionplan")).expect("copy");
    let archive = format!("actionplan-{TARGET}.tar.gz");
    run(Command::new("tar")
        .args(["-czf", &archive, &format!("actionplan-{TARGET}")])
        .current_dir(&release));
    std::fs::remove_dir_all(&folder).expect("remove");
    let sums = run(Command::new("sha256sum")
        .arg(&archive)
        .current_dir(&release));
    std::fs::write(release.join("SHA256SUMS"), sums.stdout).expect("sums");
    release
}

fn run(command: &mut Command) -> Output {
    let output = command.output().expect("runs");
    assert!(
        output.status.success(),
        "{command:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn install(release: &Path, to: &Path) -> Output {
    install_from(&format!("file://{}", release.display()), to)
}

fn install_from(address: &str, to: &Path) -> Output {
    Command::new("sh")
        .arg(repo_root().join("install.sh"))
        .args(["--target", TARGET, "--to"])
        .arg(to)
        .env("ACTIONPLAN_DOWNLOAD_URL", address)
        .output()
        .expect("sh runs")
}

#[test]
fn install_sh_installs_an_archive_whose_checksum_is_listed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let release = release(dir.path());
    let to = dir.path().join("bin");
    let output = install(&release, &to);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let version = run(Command::new(to.join("actionplan")).arg("--version"));
    assert_eq!(
        String::from_utf8_lossy(&version.stdout),
        format!("actionplan {}\n", env!("CARGO_PKG_VERSION"))
    );
    assert!(
        stderr.contains(&format!(
            "installed actionplan {}",
            env!("CARGO_PKG_VERSION")
        )),
        "{stderr}"
    );
}

#[test]
fn install_sh_refuses_an_archive_with_another_checksum() {
    let dir = tempfile::tempdir().expect("temp dir");
    let release = release(dir.path());
    let sums = release.join("SHA256SUMS");
    let listed = std::fs::read_to_string(&sums).expect("sums");
    let wrong = format!("{}{}", "0".repeat(64), &listed[64..]);
    std::fs::write(&sums, wrong).expect("write");
    let to = dir.path().join("bin");
    let output = install(&release, &to);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("but SHA256SUMS says 0000"), "{stderr}");
    assert!(stderr.contains("nothing was installed"), "{stderr}");
    assert!(!to.join("actionplan").exists());

    // An archive SHA256SUMS does not name is refused too.
    std::fs::write(&sums, "").expect("write");
    let output = install(&release, &to);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("SHA256SUMS does not list"), "{stderr}");
    assert!(!to.join("actionplan").exists());
}

#[test]
fn install_sh_tells_a_missing_release_from_one_that_does_not_verify() {
    // The action builds from source only when the release is not there yet
    // (status 3); a release that is there but wrong fails it (status 1, as
    // above).
    let dir = tempfile::tempdir().expect("temp dir");
    let release = release(dir.path());
    std::fs::remove_file(release.join(format!("actionplan-{TARGET}.tar.gz"))).expect("remove");
    let to = dir.path().join("bin");
    let output = install(&release, &to);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("could not download"), "{stderr}");
    assert!(!to.join("actionplan").exists());
}

#[test]
fn install_sh_downloads_only_over_https() {
    let dir = tempfile::tempdir().expect("temp dir");
    let to = dir.path().join("bin");
    for address in ["http://127.0.0.1:9/release", "ftp://127.0.0.1:9/release"] {
        let output = install_from(address, &to);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{stderr}");
        assert!(
            stderr.contains(&format!(
                "{address} is not an https:// (or file:///) address"
            )),
            "{stderr}"
        );
        assert!(!stderr.contains("downloading"), "{stderr}");
    }
}

fn git(dir: &Path, args: &[&str]) -> Output {
    run(Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Maintainer")
        .env("GIT_AUTHOR_EMAIL", "maintainer@example.org")
        .env("GIT_COMMITTER_NAME", "Maintainer")
        .env("GIT_COMMITTER_EMAIL", "maintainer@example.org"))
}

/// What pre-commit makes of the hook's repository: a clone at `rev`, whose
/// origin has the release tag `v` + the crate's version on its first commit.
fn hook_clone(dir: &Path) -> PathBuf {
    let clone = dir.join("clone");
    std::fs::create_dir_all(clone.join("hooks")).expect("folders");
    for file in ["Cargo.toml", "install.sh", "hooks/download-and-run"] {
        std::fs::copy(repo_root().join(file), clone.join(file)).expect("copy");
    }
    git(&clone, &["init", "-q", "-b", "main"]);
    git(&clone, &["add", "."]);
    git(&clone, &["commit", "-q", "-m", "Release"]);
    let tag = format!("v{}", env!("CARGO_PKG_VERSION"));
    git(&clone, &["tag", "-a", &tag, "-m", "The release"]);
    let origin = dir.join("origin.git");
    git(dir, &["clone", "-q", "--bare", "clone", "origin.git"]);
    git(
        &clone,
        &["remote", "add", "origin", origin.to_str().expect("utf-8")],
    );
    clone
}

/// What each hook test starts from, in `dir`: the release, the hook's clone
/// at the release, and a records repository (the small fixture) to check.
fn hook_set_up(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let release = release(dir);
    let clone = hook_clone(dir);
    let records = dir.join("records-repository");
    copy_dir(&repo_root().join("tests/fixtures/build/small"), &records);
    (release, clone, records)
}

fn hook(clone: &Path, records: &Path, release: &Path, path: &str) -> Output {
    Command::new(clone.join("hooks/download-and-run"))
        .arg("check")
        .current_dir(records)
        .env(
            "ACTIONPLAN_DOWNLOAD_URL",
            format!("file://{}", release.display()),
        )
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .output()
        .expect("the hook runs")
}

#[test]
fn the_download_hook_runs_the_release_build_at_a_release() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (release, clone, records) = hook_set_up(dir.path());
    let path = std::env::var("PATH").unwrap_or_default();

    let first = hook(&clone, &records, &release, &path);
    let stderr = String::from_utf8_lossy(&first.stderr);
    assert!(first.status.success(), "{stderr}");
    assert!(stderr.contains("downloading the v"), "{stderr}");
    assert!(stderr.contains("checked 2 inspections"), "{stderr}");
    assert!(clone.join(".actionplan-download/bin/actionplan").is_file());

    // The second run uses the build it kept: the release may be gone.
    std::fs::remove_dir_all(&release).expect("remove");
    let second = hook(&clone, &records, &release, &path);
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(second.status.success(), "{stderr}");
    assert!(!stderr.contains("downloading"), "{stderr}");
}

#[test]
fn the_download_hook_builds_a_commit_that_is_not_a_release_or_says_why_it_cannot() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (release, clone, records) = hook_set_up(dir.path());
    git(
        &clone,
        &["commit", "-q", "--allow-empty", "-m", "After the release"],
    );
    // Without cargo on the PATH, it cannot build, and says so.
    let path = "/usr/bin:/bin:/usr/local/bin";
    assert!(
        !which_cargo_in(path),
        "this test needs a PATH without cargo"
    );
    let output = hook(&clone, &records, &release, path);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("this rev is not a release"), "{stderr}");
    assert!(!clone.join(".actionplan-download/bin/actionplan").exists());
}

fn which_cargo_in(path: &str) -> bool {
    path.split(':')
        .any(|dir| Path::new(dir).join("cargo").exists())
}

/// A folder holding a stand-in for `program`: a shell script with `body`.
fn stand_in(dir: &Path, program: &str, body: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt as _;
    let bin = dir.join(format!("{program}-stand-in"));
    std::fs::create_dir_all(&bin).expect("folder");
    let script = bin.join(program);
    std::fs::write(&script, format!("#!/bin/sh\n{body}\n")).expect("write");
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    bin
}

#[test]
fn the_download_hook_builds_a_commit_that_is_not_a_release_with_cargo() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (release, clone, records) = hook_set_up(dir.path());
    git(
        &clone,
        &["commit", "-q", "--allow-empty", "-m", "After the release"],
    );
    // A cargo that notes what it was asked and "builds" this test's program
    // where `cargo install --root` would put it.
    let asked = dir.path().join("cargo-asked");
    let cargo = stand_in(
        dir.path(),
        "cargo",
        &format!(
            "printf '%s\\n' \"$*\" > '{asked}'\nwhile [ \"$#\" -gt 0 ]; do [ \"$1\" = --root ] && root=\"$2\"; shift; done\nmkdir -p \"$root/bin\" && cp '{program}' \"$root/bin/actionplan\"",
            asked = asked.display(),
            program = env!("CARGO_BIN_EXE_actionplan"),
        ),
    );
    let path = format!("{}:/usr/bin:/bin:/usr/local/bin", cargo.display());
    let output = hook(&clone, &records, &release, &path);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("this rev is not a release") && stderr.contains("built from it with cargo"),
        "{stderr}"
    );
    assert!(stderr.contains("checked 2 inspections"), "{stderr}");
    let store = clone.join(".actionplan-download");
    assert_eq!(
        std::fs::read_to_string(&asked).expect("cargo was run"),
        format!(
            "install --locked --quiet --path {} --root {}\n",
            clone.display(),
            store.display()
        )
    );
}

#[test]
fn the_download_hook_names_the_github_repository_of_its_origin() {
    // An origin whose address ends in github.com/OWNER/NAME.git (a folder
    // here, so that git can list its tags without the network), and a curl
    // that fails at once: the address install.sh tries shows what the hook
    // made of the origin.
    let dir = tempfile::tempdir().expect("temp dir");
    let clone = hook_clone(dir.path());
    let github = dir.path().join("github.com/records-unit/actionplan.git");
    std::fs::create_dir_all(github.parent().expect("parent")).expect("folders");
    std::fs::rename(dir.path().join("origin.git"), &github).expect("move");
    git(
        &clone,
        &[
            "remote",
            "set-url",
            "origin",
            github.to_str().expect("utf-8"),
        ],
    );
    let curl = stand_in(dir.path(), "curl", "exit 22");
    let output = Command::new(clone.join("hooks/download-and-run"))
        .arg("check")
        .current_dir(dir.path())
        .env_remove("ACTIONPLAN_DOWNLOAD_URL")
        .env("PATH", format!("{}:/usr/bin:/bin", curl.display()))
        .output()
        .expect("the hook runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!(
            "from https://github.com/records-unit/actionplan/releases/download/v{}",
            env!("CARGO_PKG_VERSION")
        )),
        "{stderr}"
    );
    assert_eq!(output.status.code(), Some(3), "{stderr}");
}
