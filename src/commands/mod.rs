//! The commands: each one runs the pipeline stages it needs and prints the
//! result. The only module that writes to the terminal.

pub(crate) mod checked;
pub(crate) mod scaffold;
pub(crate) mod serve;

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use crate::cli::{
    BuildArgs, CheckArgs, CompletionsArgs, DiffArgs, DiffFormat, Format, InitArgs, NewArgs,
    NewKind, PaperArgs, SchemaArgs, StatusArgs,
};
use crate::diag::{self, Severity};
use crate::render::site;
use crate::{changes, config, git, load, output as write, paper, rollup};
use checked::{Checked, check_loaded, check_repository};

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

pub(crate) fn require_records(root: &Path) -> Result<(), String> {
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

pub(crate) fn could_not_run(message: &str) -> ExitCode {
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

pub(crate) fn build(args: &BuildArgs) -> ExitCode {
    if let Err(message) = require_records(&args.root) {
        return could_not_run(&message);
    }
    let out = args.out.clone().unwrap_or_else(|| args.root.join("site"));
    if let Err(message) = write::check_output(&args.root, &out) {
        return could_not_run(&message);
    }
    // Records are checked as they stand today (or at the configured date);
    // --as-at only chooses the date the figures are computed as at, so a
    // site can show any earlier state of the same records.
    let checked = check_repository(&args.root, None);
    print_diagnostics(&checked, Format::Human);
    if checked.summary.errors > 0 {
        return failed(
            "the site was not built because the records have errors; the previous site is unchanged",
        );
    }
    let as_at = args.as_at.unwrap_or(checked.as_at);
    let since = args
        .since
        .unwrap_or_else(|| movement_since(&checked.model, as_at));
    let rollup = site_rollup(&checked, as_at, since);
    let written = write::write_site(&out, |staging| {
        let emit = |path: &str, contents: Vec<u8>| {
            staging
                .put(path, &contents)
                .map_err(|error| format!("`{path}` could not be written: {error}"))
        };
        site::make(
            &args.root,
            &checked.config,
            &checked.model,
            &rollup,
            args.history,
            site::Pages::All,
            &emit,
        )
    });
    let pages = match written {
        Ok(pages) => pages,
        Err(write::WriteError::Fill(message)) => {
            return failed(&format!(
                "{message}\nthe site was not built; the previous site is unchanged"
            ));
        }
        Err(write::WriteError::Io(error)) => {
            return failed(&format!(
                "the site could not be written to `{}`: {error}; the previous site is unchanged",
                out.display()
            ));
        }
    };
    let mut stderr = anstream::stderr();
    let _ = writeln!(
        stderr,
        "built {pages} pages, report.md, data.json and afis.csv into `{}`, as at {as_at}",
        out.display(),
    );
    ExitCode::from(OK)
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
        config.stale_after_days,
    )
}

/// The records of `root`, checked, for a command that needs them free of
/// errors; otherwise the diagnostics are printed and the exit code returned.
fn checked_records(root: &Path, purpose: &str) -> Result<Checked, ExitCode> {
    require_records(root).map_err(|message| could_not_run(&message))?;
    let checked = check_repository(root, None);
    if checked.summary.errors > 0 {
        print_diagnostics(&checked, Format::Human);
        return Err(failed(&format!(
            "the records have errors; fix them {purpose}"
        )));
    }
    Ok(checked)
}

fn failed(message: &str) -> ExitCode {
    let mut stderr = anstream::stderr();
    let _ = writeln!(stderr, "error: {message}");
    ExitCode::from(PROBLEMS)
}

pub(crate) fn status(args: &StatusArgs) -> ExitCode {
    let checked = match checked_records(&args.root, "for a roll-up") {
        Ok(checked) => checked,
        Err(code) => return code,
    };
    let config = &checked.config;
    let as_at = args.as_at.unwrap_or(checked.as_at);
    let since = default_since(as_at);
    let rollup = rollup::rollup(
        &checked.model,
        &config.vocabulary,
        as_at,
        since,
        config.stale_after_days,
    );
    let _ = write!(
        std::io::stdout(),
        "{}",
        status_table(&rollup, &config.vocabulary, &checked.model)
    );
    ExitCode::from(OK)
}

/// The headline roll-up as plain text: groups, then what needs attention, then
/// each inspection with open AFIs.
fn status_table(
    rollup: &rollup::Rollup,
    vocabulary: &crate::model::Vocabulary,
    model: &crate::model::Model,
) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(out, "AFIs as at {}\n", rollup.as_at);
    let titles = rollup
        .by_inspection
        .iter()
        .filter_map(|s| s.name.as_ref())
        .map(|id| {
            model
                .inspections
                .iter()
                .find(|i| &i.id == id)
                .map_or(id.as_str(), |i| i.title.as_str())
        });
    let width = vocabulary
        .groups
        .iter()
        .map(|g| g.label.as_str())
        .chain(titles)
        .map(|t| t.chars().count())
        .max()
        .unwrap_or(0)
        .max(24);
    for group in &vocabulary.groups {
        let count = rollup.overall.groups.get(&group.id).copied().unwrap_or(0);
        let _ = writeln!(out, "  {:<width$} {count:>5}", group.label);
    }
    let _ = writeln!(out, "  {:<width$} {:>5}\n", "Total", rollup.overall.total);
    let attention = [
        ("Overdue", rollup.overall.overdue as usize),
        ("Awaiting an update", rollup.stale.len()),
        ("Due in the next 30 days", rollup.due_soon.len()),
        ("Target revised", rollup.slipped.len()),
    ];
    for (label, count) in attention {
        let _ = writeln!(out, "  {label:<width$} {count:>5}");
    }
    let _ = writeln!(
        out,
        "\n  {:<width$} {:>5} {:>5} {:>7}",
        "Inspection", "AFIs", "Open", "Overdue"
    );
    for slice in &rollup.by_inspection {
        let Some(id) = &slice.name else { continue };
        let title = model
            .inspections
            .iter()
            .find(|i| &i.id == id)
            .map_or(id.as_str(), |i| i.title.as_str());
        let _ = writeln!(
            out,
            "  {:<width$} {:>5} {:>5} {:>7}",
            title, slice.counts.total, slice.counts.open, slice.counts.overdue
        );
    }
    out
}

fn paper_setting(checked: &Checked) -> paper::Setting<'_> {
    paper::Setting {
        model: &checked.model,
        vocabulary: &checked.config.vocabulary,
        stale_after_days: checked.config.stale_after_days,
        notice: checked.config.paper_notice.as_deref(),
    }
}

/// `actionplan paper ID`: one paper as Markdown, to standard output or a file.
pub(crate) fn paper(args: &PaperArgs) -> ExitCode {
    let checked = match checked_records(&args.root, "to build a paper") {
        Ok(checked) => checked,
        Err(code) => return code,
    };
    let Some(found) = checked.model.papers.iter().find(|p| p.id == args.id) else {
        let ids: Vec<&str> = checked.model.papers.iter().map(|p| p.id.as_str()).collect();
        let hint = crate::diag::suggest::did_you_mean(&args.id, ids.iter().copied()).map_or_else(
            || format!("the papers are: {}", ids.join(", ")),
            |s| format!("did you mean `{s}`?"),
        );
        return failed(&format!("no paper has the id `{}`; {hint}", args.id));
    };
    let markdown = paper::Layout::new(&paper_setting(&checked), found)
        .lay_out()
        .markdown();
    match &args.out {
        None => {
            let _ = write!(std::io::stdout(), "{markdown}");
        }
        Some(path) => {
            if let Err(message) = write::check_file_output(&args.root, path) {
                return could_not_run(&message);
            }
            if let Err(error) = std::fs::write(path, markdown) {
                return failed(&format!("could not write `{}`: {error}", path.display()));
            }
        }
    }
    ExitCode::from(OK)
}

/// `actionplan diff FROM [TO]`: what changed in the records between two
/// revisions, or between a revision and the working tree.
pub(crate) fn diff(args: &DiffArgs) -> ExitCode {
    if !args.root.is_dir() {
        return could_not_run(&format!(
            "the folder `{}` does not exist",
            args.root.display()
        ));
    }
    let (config, _, _) = config::load(&args.root);
    let side = |revision: Option<&str>| -> Result<(Checked, String), String> {
        match revision {
            Some(revision) => {
                let commit = git::resolve(&args.root, revision)?;
                let files = git::records_at(&args.root, &commit)?;
                let label = format!("{} ({revision})", &commit[..commit.len().min(10)]);
                Ok((
                    check_loaded(
                        load::from_files(files, config.max_record_bytes),
                        config.clone(),
                        None,
                    ),
                    label,
                ))
            }
            None => Ok((
                check_loaded(
                    load::load(&args.root, config.max_record_bytes),
                    config.clone(),
                    None,
                ),
                "the working tree".to_owned(),
            )),
        }
    };
    let (before, from) = match side(Some(&args.from)) {
        Ok(side) => side,
        Err(message) => return could_not_run(&message),
    };
    let (after, to) = match side(args.to.as_deref()) {
        Ok(side) => side,
        Err(message) => return could_not_run(&message),
    };
    let as_at = args.as_at.unwrap_or(after.as_at);
    let found = changes::compare(
        &before.model,
        &after.model,
        &config.vocabulary,
        as_at,
        config.stale_after_days,
        (&from, &to),
    );
    let text = match args.format {
        DiffFormat::Human => changes::render_human(&found),
        DiffFormat::Markdown => changes::render_markdown(&found),
        DiffFormat::Json => changes::render_json(&found),
    };
    let _ = write!(std::io::stdout(), "{text}");
    for (checked, label) in [(&before, &from), (&after, &to)] {
        if checked.summary.errors > 0 {
            let mut stderr = anstream::stderr();
            let _ = writeln!(
                stderr,
                "note: the records at {label} have {} errors; records with errors are left out of the comparison (run `actionplan check`)",
                checked.summary.errors
            );
        }
    }
    ExitCode::from(OK)
}

/// `actionplan completions SHELL`: the completion script, from the clap
/// definitions.
pub(crate) fn completions(args: &CompletionsArgs) -> ExitCode {
    use clap::CommandFactory as _;
    let mut command = crate::Cli::command();
    clap_complete::generate(
        args.shell,
        &mut command,
        "actionplan",
        &mut std::io::stdout(),
    );
    ExitCode::from(OK)
}

/// `actionplan manpage`: the manual page, from the clap definitions.
pub(crate) fn manpage() -> ExitCode {
    use clap::CommandFactory as _;
    let man = clap_mangen::Man::new(crate::Cli::command());
    let mut out = Vec::new();
    if let Err(error) = man.render(&mut out) {
        return failed(&format!("the manual page could not be written: {error}"));
    }
    let _ = std::io::stdout().write_all(&out);
    ExitCode::from(OK)
}

/// `actionplan schema`: the JSON Schema of the front matter, with the
/// repository's own status vocabulary.
pub(crate) fn schema(args: &SchemaArgs) -> ExitCode {
    let (config, _, diagnostics) = config::load(&args.root);
    if !diagnostics.is_empty() {
        let sources = std::collections::BTreeMap::new();
        let mut stderr = anstream::stderr();
        let _ = write!(
            stderr,
            "{}",
            diag::render_human(&diagnostics, &sources, true)
        );
        return failed("the configuration has errors; the schema would not match the records");
    }
    let schema = crate::validate::schema::json_schema(&config.vocabulary);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    let _ = write!(std::io::stdout(), "{text}");
    ExitCode::from(OK)
}

/// `actionplan new inspection|afi|paper`: one new record, never over another.
pub(crate) fn new(args: &NewArgs) -> ExitCode {
    use crate::commands::scaffold;
    if let Err(message) = require_records(&args.root) {
        return could_not_run(&message);
    }
    let checked = check_repository(&args.root, None);
    let model = &checked.model;
    let today = crate::model::Date::Day(checked.as_at);
    let (id, folder, text) = match args.kind {
        NewKind::Inspection => {
            let id = args
                .id
                .clone()
                .unwrap_or_else(|| scaffold::id_from_title(&args.title));
            let text = scaffold::inspection(&scaffold::NewInspection {
                id: &id,
                title: &args.title,
                body: args.body.as_deref().unwrap_or_default(),
                subject: args.subject.as_deref().unwrap_or_default(),
            });
            (id.clone(), format!("records/{id}"), text)
        }
        NewKind::Afi => {
            let inspection_id = args.inspection.as_deref().unwrap_or_default();
            let Some(inspection) = model.inspections.iter().find(|i| i.id == inspection_id) else {
                let ids: Vec<&str> = model.inspections.iter().map(|i| i.id.as_str()).collect();
                let hint = crate::diag::suggest::did_you_mean(inspection_id, ids.iter().copied())
                    .map_or_else(String::new, |s| format!("; did you mean `{s}`?"));
                return could_not_run(&format!("no inspection has the id `{inspection_id}`{hint}"));
            };
            let id = args
                .id
                .clone()
                .unwrap_or_else(|| scaffold::next_afi_id(model, inspection_id));
            let frameworks: Vec<String> = inspection
                .gradings
                .iter()
                .map(|g| g.framework.clone())
                .collect();
            let text = scaffold::afi(&scaffold::NewAfi {
                id: &id,
                inspection: inspection_id,
                title: &args.title,
                frameworks: &frameworks,
                raised: today,
                status: &checked.config.vocabulary.initial,
            });
            let folder = inspection
                .path
                .rsplit_once('/')
                .map_or("records", |(dir, _)| dir)
                .to_owned();
            (id, folder, text)
        }
        NewKind::Paper => {
            let id = args
                .id
                .clone()
                .unwrap_or_else(|| scaffold::id_from_title(&args.title));
            let committee = model
                .papers
                .iter()
                .max_by_key(|p| p.meeting.first_day())
                .map_or("Committee", |p| p.committee.as_str());
            let text = scaffold::paper(&scaffold::NewPaper {
                id: &id,
                title: &args.title,
                committee,
                date: today,
            });
            (id, "records/papers".to_owned(), text)
        }
    };
    if !crate::validate::is_slug(&id) {
        return could_not_run(&format!(
            "`{id}` is not a valid id: use lower-case letters, digits and `-`"
        ));
    }
    let taken = model.inspections.iter().any(|i| i.id == id)
        || model.afis.iter().any(|a| a.id == id)
        || model.papers.iter().any(|p| p.id == id);
    let path = args.root.join(&folder).join(format!("{id}.md"));
    if taken || path.exists() {
        return failed(&format!(
            "a record with the id `{id}` already exists; nothing was written"
        ));
    }
    if let Err(error) =
        std::fs::create_dir_all(args.root.join(&folder)).and_then(|()| write_new(&path, &text))
    {
        return failed(&format!("could not write `{}`: {error}", path.display()));
    }
    let _ = writeln!(anstream::stderr(), "created {folder}/{id}.md");
    ExitCode::from(OK)
}

/// Create `path` with `text`, failing if it exists (even if it appeared since
/// the check above).
fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(text.as_bytes())
}

/// `actionplan init DIR`: a new records repository that check and build accept.
pub(crate) fn init(args: &InitArgs) -> ExitCode {
    let dir = &args.dir;
    let non_empty = std::fs::read_dir(dir)
        .map(|mut d| d.next().is_some())
        .unwrap_or(false);
    if dir.exists() && (!dir.is_dir() || non_empty) {
        return could_not_run(&format!(
            "`{}` already exists and is not empty; choose a new folder",
            dir.display()
        ));
    }
    let today = crate::model::Date::Day(
        jiff::Timestamp::now()
            .to_zoned_datetime(jiff::tz::TimeZone::system())
            .date(),
    );
    for (path, text) in crate::commands::scaffold::repository(today) {
        let target = dir.join(&path);
        let written = target
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| write_new(&target, &text));
        if let Err(error) = written {
            return failed(&format!("could not write `{}`: {error}", target.display()));
        }
    }
    let _ = writeln!(
        anstream::stderr(),
        "created a records repository in `{}`: run `actionplan check` and `actionplan build` there",
        dir.display()
    );
    ExitCode::from(OK)
}
