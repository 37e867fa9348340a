//! `actionplan import FILE... [--dry-run] [--force]`: returned workbooks and
//! CSV files read, every row checked at once and every problem reported
//! located; then, when there is none, each update appended through the same
//! edit as `update`, after checking the repository as it would be. A row
//! whose record changed since its request was issued is refused unless
//! `--force`; a row already imported is skipped, so importing the same file
//! again changes nothing.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::process::ExitCode;

use super::checked::check_repository;
use super::editing::{self, appended, plural, recheck};
use super::{OK, PROBLEMS, could_not_run, print_diagnostics, repository};
use crate::cli::{Format, ImportArgs};
use crate::edit::NewUpdate;
use crate::owners::returns::{self, Accepted, Problem, Records, Verdict};

pub(crate) fn run(args: &ImportArgs) -> ExitCode {
    let root = match repository(args.root.as_deref()) {
        Ok(root) => root,
        Err(code) => return code,
    };
    let _lock = match args.dry_run {
        true => None,
        false => match editing::lock(&root) {
            Ok(lock) => Some(lock),
            Err(message) => return could_not_run(&message),
        },
    };
    let checked = check_repository(&root, args.as_at);
    if checked.summary.errors > 0 {
        print_diagnostics(&checked, Format::Human, &root);
        return super::failed("the records have errors; fix them before importing updates");
    }
    let records = Records {
        model: &checked.model,
        vocabulary: &checked.config.vocabulary,
        sources: &checked.sources,
        force: args.force,
    };
    let mut seen = BTreeMap::new();
    let mut problems: Vec<Problem> = Vec::new();
    let mut verdicts = Vec::new();
    for file in &args.files {
        let read = returns::read(file, &file.display().to_string());
        problems.extend(read.problems.iter().cloned());
        for verdict in returns::judge(&read, &records, &mut seen) {
            match verdict {
                Verdict::Problems(found) => problems.extend(found),
                other => verdicts.push(other),
            }
        }
    }
    print_problems(&problems);
    let errors = problems.iter().filter(|p| !p.warning).count();
    if errors > 0 {
        return super::failed(&format!(
            "{} in the returns; nothing was imported",
            plural(errors, "problem")
        ));
    }
    let mut edits: BTreeMap<String, String> = BTreeMap::new();
    let mut lines = Vec::new();
    let mut counts = Counts::default();
    let verb = if args.dry_run {
        "would apply"
    } else {
        "applied"
    };
    for verdict in verdicts {
        match verdict {
            Verdict::Apply(place, accepted) => match edit_for(&checked, &accepted, &mut edits) {
                Ok(change) => {
                    counts.applied += 1;
                    lines.push(format!("{verb} {}: {change} ({place})", accepted.id));
                }
                Err(reason) => {
                    counts.refused += 1;
                    lines.push(format!("refused {}: {reason} ({place})", accepted.id));
                }
            },
            Verdict::Skip(place, id, reason) => {
                counts.skipped += 1;
                lines.push(format!("skipped {id}: {reason} ({place})"));
            }
            Verdict::Refuse(place, id, reason) => {
                counts.refused += 1;
                lines.push(format!(
                    "refused {id}: {reason} ({place}); check the record, then import again with --force to apply it"
                ));
            }
            Verdict::Problems(_) => {}
        }
    }
    if !edits.is_empty() {
        let rechecked = recheck(&root, &checked.config, checked.as_at, &edits);
        if !rechecked.new_errors.is_empty() {
            editing::print_refused(&rechecked);
            return ExitCode::from(PROBLEMS);
        }
        editing::print_warnings(&rechecked);
    }
    let mut stdout = std::io::stdout();
    for line in &lines {
        let _ = writeln!(stdout, "{line}");
    }
    if !args.dry_run
        && let Err(message) = editing::write_all(&root, &edits)
    {
        return super::failed(&message);
    }
    let _ = writeln!(stdout, "{}", counts.summary(args.files.len(), args.dry_run));
    ExitCode::from(if counts.refused > 0 { PROBLEMS } else { OK })
}

/// Append `accepted` to its AFI's text (as edited so far in this import);
/// the change in words, or why it cannot be made.
fn edit_for(
    checked: &super::checked::Checked,
    accepted: &Accepted,
    edits: &mut BTreeMap<String, String>,
) -> Result<String, String> {
    let afi = checked
        .model
        .afis
        .iter()
        .find(|a| a.id == accepted.id)
        .ok_or_else(|| format!("no AFI has the id `{}`", accepted.id))?;
    editing::can_add_first_update(afi, &checked.config.vocabulary)?;
    let text = match edits.get(&afi.path) {
        Some(text) => text.clone(),
        None => checked
            .sources
            .get(&afi.path)
            .map(|t| t.to_string())
            .ok_or_else(|| format!("`{}` could not be read", afi.path))?,
    };
    let update = NewUpdate {
        date: checked.as_at.to_string(),
        status: accepted.status.clone(),
        note: accepted.note.clone(),
        due: accepted.due.clone(),
        reason: accepted.reason.clone(),
        evidence: accepted.evidence.clone(),
        by: accepted.by.clone(),
    };
    let edited = appended(&text, afi, &update)?;
    edits.insert(afi.path.clone(), edited);
    Ok(match afi.status == update.status {
        true => format!("still {}", update.status),
        false => format!("{} → {}", afi.status, update.status),
    })
}

#[derive(Default)]
struct Counts {
    applied: usize,
    skipped: usize,
    refused: usize,
}

impl Counts {
    fn summary(&self, files: usize, dry_run: bool) -> String {
        let rows = self.applied + self.skipped + self.refused;
        let applied = if dry_run {
            "would be applied"
        } else {
            "applied"
        };
        let mut line = format!(
            "{} in {}: {} {applied}, {} skipped, {} refused",
            plural(rows, "row"),
            plural(files, "file"),
            self.applied,
            self.skipped,
            self.refused
        );
        if dry_run {
            line.push_str("; dry run, nothing was written");
        }
        line
    }
}

fn print_problems(problems: &[Problem]) {
    let mut stderr = anstream::stderr();
    for problem in problems {
        let level = if problem.warning { "warning" } else { "error" };
        let _ = writeln!(stderr, "{level}: {}: {}", problem.place, problem.message);
        if let Some(help) = &problem.help {
            let _ = writeln!(stderr, "  = help: {help}");
        }
    }
}
