//! The commands: each one runs the pipeline stages it needs and prints the
//! result. The only module that writes to the terminal.

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use crate::cli::{CheckArgs, Format};
use crate::diag::{self, Severity};
use crate::{Checked, check_repository};

/// Exit codes, as cargo and ruff use them.
const OK: u8 = 0;
const PROBLEMS: u8 = 1;
const COULD_NOT_RUN: u8 = 2;

pub(crate) fn check(args: &CheckArgs) -> ExitCode {
    if let Err(message) = require_records(&args.root) {
        return could_not_run(&message);
    }
    let checked = check_repository(&args.root, args.as_at);
    print_diagnostics(&checked, args.format);
    let failing = checked.summary.errors > 0 || (args.strict && checked.summary.warnings > 0);
    ExitCode::from(if failing { PROBLEMS } else { OK })
}

fn require_records(root: &Path) -> Result<(), String> {
    if !root.is_dir() {
        return Err(format!("the folder `{}` does not exist", root.display()));
    }
    if !root.join("records").is_dir() {
        return Err(format!(
            "there is no `records` folder in `{}`; run actionplan in the repository, or give it with --root",
            root.display()
        ));
    }
    Ok(())
}

fn could_not_run(message: &str) -> ExitCode {
    let mut stderr = anstream::stderr();
    let _ = writeln!(stderr, "error: {message}");
    ExitCode::from(COULD_NOT_RUN)
}

fn print_diagnostics(checked: &Checked, format: Format) {
    match format {
        Format::Human => {
            let mut stderr = anstream::stderr();
            let text = diag::render_human(&checked.diagnostics, &checked.sources, true);
            let _ = write!(stderr, "{text}");
            let summary = checked.summary.to_string();
            let _ = match checked
                .diagnostics
                .iter()
                .any(|d| d.severity == Severity::Error)
            {
                true => writeln!(stderr, "{summary}"),
                false => writeln!(stderr, "{summary}"),
            };
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
    }
}
