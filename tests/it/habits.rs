//! The command-line habits every command shares: the repository found from
//! any folder inside it, `--quiet`, `--verbose` and `--color`, and error
//! messages that say what is wrong and what to do.

use std::path::Path;
use std::process::Command;

use crate::{Run, actionplan, copy_dir, fixture, repo_root};

fn copy_small() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&repo_root().join("tests/fixtures/build/small"), dir.path());
    dir
}

/// Run the binary with extra environment variables (the `actionplan` helper
/// always sets NO_COLOR).
fn actionplan_env(args: &[&str], dir: &Path, env: &[(&str, &str)]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_actionplan"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .envs(env.iter().copied())
        .output()
        .expect("the binary runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[test]
fn check_works_from_any_folder_inside_the_repository() {
    let repo = copy_small();
    let root = repo.path();
    let at_root = actionplan(&["check"], root);
    assert_eq!(at_root.code, 0, "{}", at_root.stderr);
    let real = std::fs::canonicalize(root).expect("real path");
    for (inside, up) in [
        ("records", "the folder above the current one"),
        ("records/harrow", "2 folders above the current one"),
    ] {
        let run = actionplan(&["check"], &root.join(inside));
        assert_eq!(run.code, 0, "from {inside}: {}", run.stderr);
        // The same check, after the line that names the repository found.
        let found = format!("repository: `{}` ({up})\n", real.display());
        assert_eq!(
            run.stderr,
            format!("{found}{}", at_root.stderr),
            "from {inside}"
        );
    }
}

#[test]
fn every_command_finds_the_repository_from_a_subfolder() {
    let repo = copy_small();
    let root = repo.path();
    let inside = root.join("records/harrow");
    for args in [
        &["status"][..],
        &["schema"],
        &[
            "new",
            "afi",
            "--inspection",
            "harrow",
            "--title",
            "A new AFI",
        ],
    ] {
        let run = actionplan(args, &inside);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    }
    // The new record went beside its inspection, not under the subfolder.
    assert!(root.join("records/harrow/harrow-r3.md").is_file());
    assert!(!inside.join("records").exists());

    // The site goes into the repository's site/, named from where we are.
    let run = actionplan(&["build"], &inside);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("into `../../site`"), "{}", run.stderr);
    assert!(root.join("site/index.html").is_file());
    assert!(!inside.join("site").exists());

    // Read-only commands on this repository's own records.
    let papers = repo_root().join("records/papers");
    let run = actionplan(&["paper", "pprc-2005-01-19-report-8"], &papers);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("# "), "{}", run.stdout);
    let run = actionplan(&["diff", "HEAD", "--format", "json"], &papers);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_subfolder_with_its_own_configuration_is_a_repository_of_its_own() {
    // The nearest folder upward with actionplan.toml wins, as with cargo:
    // inside `inner/records/`, `inner` is the repository, not the one around it.
    let outer = copy_small();
    let inner = outer.path().join("inner");
    copy_dir(&fixture("e011_unknown_field"), &inner);
    std::fs::write(inner.join("actionplan.toml"), "").expect("write");
    let args = ["check", "--as-at", "2020-01-01"];
    let run = actionplan(&args, &inner.join("records"));
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("--> records/harrow-r1.md:8:1"),
        "{}",
        run.stderr
    );
    let real = std::fs::canonicalize(&inner).expect("real path");
    let found = format!(
        "repository: `{}` (the folder above the current one)\n",
        real.display()
    );
    assert!(run.stderr.starts_with(&found), "{}", run.stderr);
    assert_eq!(
        run.stderr[found.len()..],
        actionplan(&args, &inner).stderr,
        "the same check as from the repository itself"
    );
}

#[test]
fn a_folder_with_configuration_wins_over_a_nearer_folder_named_records() {
    // `notes/records/` is not a repository's records: the folder above with
    // actionplan.toml is the repository.
    let repo = copy_small();
    let notes = repo.path().join("notes");
    std::fs::create_dir_all(notes.join("records")).expect("records");
    std::fs::create_dir_all(notes.join("drafts")).expect("drafts");
    let run = actionplan(&["check"], &notes.join("drafts"));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let real = std::fs::canonicalize(repo.path()).expect("real path");
    assert!(
        run.stderr.starts_with(&format!(
            "repository: `{}` (2 folders above the current one)\n",
            real.display()
        )),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("checked "), "{}", run.stderr);
}

#[test]
fn a_folder_found_upward_by_its_records_alone_is_named_as_such() {
    // A `records/` folder in a home folder, and a command run below it.
    let home = tempfile::tempdir().expect("temp dir");
    copy_dir(&fixture("e011_unknown_field"), home.path());
    let project = home.path().join("projects/site");
    std::fs::create_dir_all(&project).expect("folders");
    let run = actionplan(&["check", "--as-at", "2020-01-01"], &project);
    let real = std::fs::canonicalize(home.path()).expect("real path");
    assert!(
        run.stderr.starts_with(&format!(
            "repository: `{}` (2 folders above the current one), found by its `records` folder: no folder above holds actionplan.toml\n",
            real.display()
        )),
        "{}",
        run.stderr
    );
    // --quiet leaves it out, as it does every note.
    let run = actionplan(&["check", "-q", "--as-at", "2020-01-01"], &project);
    assert!(!run.stderr.contains("repository:"), "{}", run.stderr);
}

#[test]
fn root_wins_over_the_folder_the_command_runs_in() {
    let repo = copy_small();
    let other = fixture("e011_unknown_field");
    let run = actionplan(
        &[
            "check",
            "--root",
            other.to_str().expect("utf-8"),
            "--as-at",
            "2020-01-01",
        ],
        &repo.path().join("records"),
    );
    assert_eq!(run.code, 1, "the other repository's error: {}", run.stderr);
    assert!(
        run.stderr.contains("records/harrow-r1.md:8:1"),
        "{}",
        run.stderr
    );
}

#[test]
fn outside_any_repository_the_command_says_how_to_give_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let nested = dir.path().join("a/b");
    std::fs::create_dir_all(&nested).expect("folders");
    let run = actionplan(&["check"], &nested);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("nor any folder above it holds a `records` folder or actionplan.toml"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--root"), "{}", run.stderr);
}

#[test]
fn quiet_prints_the_problems_and_nothing_else() {
    let name = "w001_published_counts_do_not_add_up";
    let run = actionplan(
        &["check", "--quiet", "--as-at", "2020-01-01"],
        &fixture(name),
    );
    assert_eq!(run.code, 0);
    assert!(run.stderr.contains("warning[W001]"), "{}", run.stderr);
    assert!(
        !run.stderr.contains("checked "),
        "no summary: {}",
        run.stderr
    );

    let repo = copy_small();
    let run = actionplan(&["-q", "build"], repo.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "", "a clean quiet build prints nothing");
    assert!(repo.path().join("site/index.html").is_file());

    let run = actionplan(
        &[
            "new",
            "afi",
            "--inspection",
            "harrow",
            "--title",
            "A new AFI",
            "-q",
        ],
        repo.path(),
    );
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
}

#[test]
fn verbose_says_which_repository_and_date_were_used() {
    let repo = copy_small();
    let run = actionplan(&["check", "--verbose"], &repo.path().join("records/harrow"));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let root = std::fs::canonicalize(repo.path()).expect("real path");
    assert!(
        run.stderr.contains(&format!(
            "repository: `{}` (2 folders above the current one)",
            root.display()
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("configuration: actionplan.toml\n"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains(", as at 2007-01-16"), "{}", run.stderr);
    assert!(
        run.stderr.contains("checked "),
        "the summary too: {}",
        run.stderr
    );

    let both = actionplan(&["check", "--quiet", "--verbose"], repo.path());
    assert_eq!(both.code, 2, "--quiet and --verbose contradict each other");
}

#[test]
fn color_always_and_never_override_the_environment() {
    let name = "e011_unknown_field";
    let args = ["check", "--as-at", "2020-01-01"];
    let escape = "\u{1b}[";

    let always = actionplan_env(
        &[&args[..], &["--color", "always"]].concat(),
        &fixture(name),
        &[("NO_COLOR", "1")],
    );
    assert_eq!(always.code, 1);
    assert!(always.stderr.contains(escape), "{:?}", always.stderr);

    let never = actionplan_env(
        &[&args[..], &["--color", "never"]].concat(),
        &fixture(name),
        &[("CLICOLOR_FORCE", "1")],
    );
    assert_eq!(never.code, 1);
    assert!(!never.stderr.contains(escape), "{:?}", never.stderr);
    assert!(never.stderr.contains("error[E011]"), "{}", never.stderr);

    // auto: a pipe is not a terminal, so no colour, and NO_COLOR is obeyed
    // even when colour is forced.
    let auto = actionplan_env(&args, &fixture(name), &[]);
    assert!(!auto.stderr.contains(escape), "{:?}", auto.stderr);
    let forced = actionplan_env(&args, &fixture(name), &[("CLICOLOR_FORCE", "1")]);
    assert!(forced.stderr.contains(escape), "{:?}", forced.stderr);
    let both = actionplan_env(
        &args,
        &fixture(name),
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")],
    );
    assert!(!both.stderr.contains(escape), "{:?}", both.stderr);
}

#[test]
fn a_date_that_does_not_exist_says_what_is_wrong_with_it() {
    let here = fixture("e011_unknown_field");
    for (date, says) in [
        (
            "2007-13-01",
            "`2007-13-01` is not a date: there is no month 13",
        ),
        (
            "2007-00-10",
            "`2007-00-10` is not a date: there is no month 0",
        ),
        (
            "2007-02-29",
            "`2007-02-29` is not a date: February 2007 has 28 days",
        ),
        (
            "2008-02-30",
            "`2008-02-30` is not a date: February 2008 has 29 days",
        ),
        (
            "2007-04-31",
            "`2007-04-31` is not a date: April 2007 has 30 days",
        ),
        (
            "16/01/2007",
            "`16/01/2007` is not a date: write it as YYYY-MM-DD",
        ),
        (
            "2007-1-16",
            "`2007-1-16` is not a date: write it as YYYY-MM-DD",
        ),
    ] {
        let run = actionplan(&["check", "--as-at", date], &here);
        assert_eq!(run.code, 2, "{date}");
        assert!(run.stderr.contains(says), "{date}: {}", run.stderr);
    }
    for command in ["build", "status", "diff"] {
        let mut args = vec![command, "--as-at", "2007-13-01"];
        if command == "diff" {
            args.insert(1, "HEAD");
        }
        let run = actionplan(&args, &here);
        assert_eq!(run.code, 2, "{command}");
        assert!(
            run.stderr.contains("there is no month 13"),
            "{command}: {}",
            run.stderr
        );
    }
}

#[test]
fn since_after_the_as_at_date_is_refused_and_nothing_is_built() {
    let repo = copy_small();
    let run = actionplan(
        &["build", "--as-at", "2007-01-16", "--since", "2007-03-01"],
        repo.path(),
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("--since 2007-03-01 is after the as-at date, 2007-01-16"),
        "{}",
        run.stderr
    );
    assert!(!repo.path().join("site").exists());

    // The same day is allowed: nothing has moved since then.
    let run = actionplan(
        &["build", "--as-at", "2007-01-16", "--since", "2007-01-16"],
        repo.path(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn an_unknown_id_is_a_bad_argument_for_paper_and_new_alike() {
    let repo = copy_small();
    let paper = actionplan(&["paper", "report-9"], repo.path());
    let new = actionplan(
        &[
            "new",
            "afi",
            "--inspection",
            "harow",
            "--title",
            "A new AFI",
        ],
        repo.path(),
    );
    assert_eq!(paper.code, 2, "{}", paper.stderr);
    assert_eq!(new.code, paper.code, "{}", new.stderr);
    assert!(
        paper
            .stderr
            .contains("no paper has the id `report-9`; there are no paper records"),
        "{}",
        paper.stderr
    );
    assert!(
        new.stderr.contains("no inspection has the id `harow`"),
        "{}",
        new.stderr
    );
}

#[test]
fn manpage_dir_writes_every_page_the_first_refers_to() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("man/man1");
    let run = actionplan(
        &["manpage", "--dir", out.to_str().expect("utf-8")],
        dir.path(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = |name: &str| std::fs::read_to_string(out.join(name));
    let main = page("actionplan.1").expect("actionplan.1 is written");
    // Every command's page exists, and every page another names exists.
    let help = actionplan(&["--help"], dir.path());
    let commands: Vec<&str> = help
        .stdout
        .lines()
        .skip_while(|line| !line.starts_with("Commands:"))
        .skip(1)
        .take_while(|line| line.starts_with("  "))
        .filter(|line| !line.starts_with("   "))
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .collect();
    assert!(
        commands.contains(&"check") && commands.len() >= 10,
        "{commands:?}"
    );
    for command in &commands {
        let name = format!("actionplan-{command}.1");
        let text = page(&name).unwrap_or_else(|_| panic!("{name} is written"));
        assert!(text.contains(".TH actionplan-"), "{name} is a manual page");
        assert!(
            main.contains(&format!("actionplan\\-{command}(1)")),
            "actionplan.1 names {name}"
        );
    }
    // The page printed without --dir is the same as the one written.
    let printed = actionplan(&["manpage"], dir.path());
    assert_eq!(printed.stdout, main);
}
