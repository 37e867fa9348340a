//! The commands: each one runs the pipeline stages it needs and prints the
//! result; the only stage that writes to the terminal. One file per command;
//! this one holds the exit codes and what the commands share.

pub(crate) mod assess;
pub(crate) mod build;
pub(crate) mod check;
pub(crate) mod checked;
pub(crate) mod completions;
pub(crate) mod console;
pub(crate) mod diff;
pub(crate) mod editing;
pub(crate) mod import;
pub(crate) mod init;
pub(crate) mod new;
pub(crate) mod paper;
pub(crate) mod progress;
pub(crate) mod requests;
pub(crate) mod root;
pub(crate) mod scaffold;
pub(crate) mod schema;
pub(crate) mod serve;
pub(crate) mod status;
pub(crate) mod update;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::cli::Format;
use crate::diag;
use crate::rollup;
use checked::{Checked, check_repository};

/// Exit codes, as cargo and ruff use them.
const OK: u8 = 0;
const PROBLEMS: u8 = 1;
const COULD_NOT_RUN: u8 = 2;

/// The repository a command works on, holding `records/` (see `root`), or
/// the exit code after saying why there is none.
pub(crate) fn repository(given: Option<&Path>) -> Result<PathBuf, ExitCode> {
    root::with_records(given).map_err(|message| could_not_run(&message))
}

pub(crate) fn could_not_run(message: &str) -> ExitCode {
    let mut stderr = anstream::stderr();
    let _ = writeln!(stderr, "error: {message}");
    ExitCode::from(COULD_NOT_RUN)
}

fn print_diagnostics(checked: &Checked, format: Format, root: &Path) {
    match format {
        Format::Human => {
            let mut stderr = anstream::stderr();
            let text = diag::render_human(&checked.diagnostics, &checked.sources, true);
            let _ = write!(stderr, "{text}");
            console::note(&checked.summary.to_string());
        }
        Format::Json => {
            let _ = write!(
                std::io::stdout(),
                "{}",
                diag::render_json(&checked.diagnostics, &checked.summary)
            );
        }
        Format::Github => {
            let _ = write!(
                std::io::stdout(),
                "{}",
                diag::render_github(&checked.diagnostics)
            );
        }
        Format::Gitlab => {
            let _ = write!(
                std::io::stdout(),
                "{}",
                diag::render_gitlab(&checked.diagnostics, &gitlab_prefix(root))
            );
        }
    }
}

/// Where the repository lies inside the GitLab project being checked
/// (`CI_PROJECT_DIR`, set in every GitLab CI job), as a prefix for the paths
/// in a Code Quality report: `""` outside GitLab CI or at the project's root.
fn gitlab_prefix(root: &Path) -> String {
    let Some(project) = std::env::var_os("CI_PROJECT_DIR") else {
        return String::new();
    };
    let (Ok(project), Ok(root)) = (std::fs::canonicalize(project), std::fs::canonicalize(root))
    else {
        return String::new();
    };
    let Ok(inside) = root.strip_prefix(&project) else {
        return String::new();
    };
    inside
        .components()
        .map(|part| format!("{}/", part.as_os_str().to_string_lossy()))
        .collect()
}

/// The default "movement since" date: the as-at date of the newest paper
/// before `as_at`, else 60 days earlier.
pub(crate) fn movement_since(
    model: &crate::model::Model,
    as_at: jiff::civil::Date,
) -> jiff::civil::Date {
    previous_paper(model, as_at).unwrap_or_else(|| default_since(as_at))
}

/// The as-at date of the newest paper before `as_at`: "since the last paper".
fn previous_paper(
    model: &crate::model::Model,
    as_at: jiff::civil::Date,
) -> Option<jiff::civil::Date> {
    model
        .papers
        .iter()
        .map(|p| p.as_at)
        .filter(|d| *d < as_at)
        .max()
}

/// The "movement since" date when there is no earlier paper.
fn default_since(as_at: jiff::civil::Date) -> jiff::civil::Date {
    as_at
        .checked_sub(jiff::Span::new().days(60))
        .unwrap_or(as_at)
}

/// The roll-up a site is made from, as at `as_at` with movement since `since`.
pub(crate) fn site_rollup(
    checked: &Checked,
    as_at: jiff::civil::Date,
    since: jiff::civil::Date,
) -> rollup::Rollup {
    let config = &checked.config;
    rollup::rollup(
        &checked.model,
        &config.vocabulary,
        as_at,
        since,
        rollup::Silence::from_config(config),
    )
}

/// The records of `root`, checked, for a command that needs them free of
/// errors; otherwise the diagnostics are printed and the exit code returned.
fn checked_records(root: &Path, purpose: &str) -> Result<Checked, ExitCode> {
    let started = std::time::Instant::now();
    let checked = check_repository(root, None);
    describe_check(&checked, started);
    if checked.summary.errors > 0 {
        print_diagnostics(&checked, Format::Human, root);
        return Err(failed(&format!(
            "the records have errors; fix them {purpose}"
        )));
    }
    Ok(checked)
}

/// For `--verbose`: what was read, as at when, and how long it took.
fn describe_check(checked: &Checked, started: std::time::Instant) {
    console::detail(&format!(
        "read and checked {} files in {}, as at {}",
        checked.summary.files,
        console::elapsed(started),
        checked.as_at
    ));
}

fn failed(message: &str) -> ExitCode {
    let mut stderr = anstream::stderr();
    let _ = writeln!(stderr, "error: {message}");
    ExitCode::from(PROBLEMS)
}
