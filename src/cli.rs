//! The command line: argument definitions only. What each command does is in
//! `commands`.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Validate inspection records and the areas for improvement that come out of
/// them, and roll up their status.
#[derive(Debug, Parser)]
#[command(name = "actionplan", version, about)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes, before or after its name.
#[derive(Debug, clap::Args)]
pub struct GlobalArgs {
    /// Print only problems and what was asked for: no summary, progress or
    /// confirmation lines.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Also say which repository, configuration and dates were used, and how
    /// long each step took.
    #[arg(long, short, global = true)]
    pub verbose: bool,

    /// When to colour the output: on a terminal unless NO_COLOR is set
    /// (auto), always or never.
    #[arg(long, value_enum, global = true, value_name = "WHEN", default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always, even into a file or a pipe, and whatever NO_COLOR says.
    Always,
    /// Never.
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check every record under records/ and report all problems at once.
    Check(CheckArgs),
    /// Check the records, then build the site, the Markdown report and the exports.
    Build(BuildArgs),
    /// Print the headline roll-up as a table.
    Status(StatusArgs),
    /// Build one committee paper as Markdown.
    Paper(PaperArgs),
    /// Say what changed in the records between two git revisions.
    Diff(DiffArgs),
    /// Build the site and serve it on 127.0.0.1, rebuilding when a record,
    /// template or the configuration changes.
    Serve(ServeArgs),
    /// Write a new record with valid front matter and the next free id.
    New(NewArgs),
    /// Start a new records repository in DIR that check and build accept.
    Init(InitArgs),
    /// Print a JSON Schema of the records' front matter, for editors.
    Schema(SchemaArgs),
    /// Print shell completions for actionplan.
    Completions(CompletionsArgs),
    /// Print actionplan's manual page (roff), for `man`, or write one page
    /// per command into a folder.
    Manpage(ManpageArgs),
    /// Add one dated update to an AFI, changing nothing else in its file.
    Update(UpdateArgs),
    /// Record the liaison unit's quality assessment of an AFI's newest update.
    Assess(AssessArgs),
    /// Write each owner a letter, a return workbook and a reminder asking for updates.
    Requests(RequestsArgs),
    /// Read returned workbooks or CSV files and add their updates to the records.
    Import(ImportArgs),
}

#[derive(Debug, clap::Args)]
pub struct UpdateArgs {
    /// The AFI's id.
    pub id: String,

    /// The status from this update on: a status of the vocabulary, by its
    /// id or its label.
    #[arg(long)]
    pub status: String,

    /// What was reported.
    #[arg(long)]
    pub note: String,

    /// The date of the update (YYYY-MM-DD, or YYYY-MM). Default: the as-at date.
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,

    /// A revised target (YYYY-MM-DD, YYYY-MM or `ongoing`), with --reason.
    #[arg(long, value_name = "DATE", requires = "reason")]
    pub due: Option<String>,

    /// Why the target was revised.
    #[arg(long, requires = "due")]
    pub reason: Option<String>,

    /// A link, or a file in the repository, showing the work done; give it
    /// once for each.
    #[arg(long, value_name = "URL-OR-PATH")]
    pub evidence: Vec<String>,

    /// Who reported the update, such as the AFI's owner.
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,

    /// The repository: the folder holding records/ and, optionally, actionplan.toml.
    /// Default: the nearest folder holding either, from the current one upward.
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,

    /// The date the records are checked as at (YYYY-MM-DD). Default: `as_at`
    /// in actionplan.toml, else today.
    #[arg(long, value_name = "DATE", value_parser = parse_as_at)]
    pub as_at: Option<jiff::civil::Date>,
}

#[derive(Debug, clap::Args)]
pub struct AssessArgs {
    /// The AFI's id: its newest update not yet assessed is assessed.
    pub id: String,

    /// Who assessed it.
    #[arg(long, value_name = "NAME")]
    pub by: String,

    /// Do not accept the update: it stays in the history but no longer counts.
    #[arg(long, requires = "reason")]
    pub reject: bool,

    /// Why the update is rejected, for its owner.
    #[arg(long, requires = "reject")]
    pub reason: Option<String>,

    /// The date of the assessment (YYYY-MM-DD). Default: the as-at date.
    #[arg(long, value_name = "DATE", value_parser = parse_as_at)]
    pub date: Option<jiff::civil::Date>,

    /// The repository: the folder holding records/ and, optionally, actionplan.toml.
    /// Default: the nearest folder holding either, from the current one upward.
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,

    /// The date the records are checked as at (YYYY-MM-DD). Default: `as_at`
    /// in actionplan.toml, else today.
    #[arg(long, value_name = "DATE", value_parser = parse_as_at)]
    pub as_at: Option<jiff::civil::Date>,
}

#[derive(Debug, clap::Args)]
pub struct RequestsArgs {
    /// The folder to write the packs into: one folder per owner.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,

    /// Only this owner (as written in the records); give it once for each.
    #[arg(long, value_name = "NAME")]
    pub owner: Vec<String>,

    /// Write the return as a CSV file instead of a workbook.
    #[arg(long)]
    pub csv: bool,

    /// The date the requests are made as at (YYYY-MM-DD). Default: `as_at`
    /// in actionplan.toml, else today.
    #[arg(long, value_name = "DATE", value_parser = parse_as_at)]
    pub as_at: Option<jiff::civil::Date>,

    /// The repository: the folder holding records/ and, optionally, actionplan.toml.
    /// Default: the nearest folder holding either, from the current one upward.
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// Returned workbooks (.xlsx) or CSV files.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Say what would be applied and refused, and write nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Apply rows whose record changed since the request was issued.
    #[arg(long)]
    pub force: bool,

    /// The date of the updates and of the check (YYYY-MM-DD). Default:
    /// `as_at` in actionplan.toml, else today.
    #[arg(long, value_name = "DATE", value_parser = parse_as_at)]
    pub as_at: Option<jiff::civil::Date>,

    /// The repository: the folder holding records/ and, optionally, actionplan.toml.
    /// Default: the nearest folder holding either, from the current one upward.
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The repository: the folder holding records/ and, optionally, actionplan.toml.
    /// Default: the nearest folder holding either, from the current one upward.
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,

    /// The port to listen on, on 127.0.0.1; 0 picks a free one.
    #[arg(long, default_value_t = 8000)]
    pub port: u16,

    /// The date every figure is computed as at (YYYY-MM-DD). Default: `as_at`
    /// in actionplan.toml, else today.
    #[arg(long, value_name = "DATE", value_parser = parse_as_at)]
    pub as_at: Option<jiff::civil::Date>,
}

#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// What to create.
    #[arg(value_enum)]
    pub kind: NewKind,

    /// The record's title.
    #[arg(long)]
    pub title: String,

    /// The record's id. Default: for an AFI, the next in its inspection's
    /// pattern; otherwise made from the title.
    #[arg(long)]
    pub id: Option<String>,

    /// For an AFI: the id of the inspection that raised it.
    #[arg(long, value_name = "ID", required_if_eq("kind", "afi"))]
    pub inspection: Option<String>,

    /// For an inspection: the inspecting body, such as HMIC.
    #[arg(long, required_if_eq("kind", "inspection"))]
    pub body: Option<String>,

    /// For an inspection: the unit or business group inspected.
    #[arg(long, required_if_eq("kind", "inspection"))]
    pub subject: Option<String>,

    /// The repository: the folder holding records/ and, optionally, actionplan.toml.
    /// Default: the nearest folder holding either, from the current one upward.
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum NewKind {
    Inspection,
    Afi,
    Paper,
}

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The folder to create the repository in; it must be new or empty.
    pub dir: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// The repository, whose actionplan.toml gives the status vocabulary.
    /// Default: the nearest folder holding records/ or actionplan.toml, from
    /// the current one upward.
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell: bash, elvish, fish, powershell or zsh.
    pub shell: clap_complete::Shell,
}

#[derive(Debug, clap::Args)]
pub struct ManpageArgs {
    /// Write actionplan.1 and a page for each command (actionplan-check.1 and
    /// so on) into this folder, creating it, instead of printing actionplan.1.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The earlier revision: a commit, branch or tag, such as `HEAD~1` or `origin/main`.
    pub from: String,

    /// The later revision. Default: the working tree, as it is now.
    pub to: Option<String>,

    /// The repository: the folder holding records/ and, optionally, actionplan.toml.
    /// Default: the nearest folder holding either, from the current one upward.
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,

    /// How to print the changes.
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    pub format: DiffFormat,

    /// The date the headline counts are computed as at (YYYY-MM-DD). Default:
    /// `as_at` in actionplan.toml, else today.
    #[arg(long, value_name = "DATE", value_parser = parse_as_at)]
    pub as_at: Option<jiff::civil::Date>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// Plain text.
    Human,
    /// Markdown, for a pull-request comment or a job summary.
    Markdown,
    /// One JSON object.
    Json,
}

#[derive(Debug, clap::Args)]
pub struct PaperArgs {
    /// The paper's id, such as `pprc-2005-01-19-report-8`.
    pub id: String,

    /// The repository: the folder holding records/ and, optionally, actionplan.toml.
    /// Default: the nearest folder holding either, from the current one upward.
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,

    /// What to write: Markdown (to standard output unless --out is given),
    /// or a Word or PDF document (to the --out file).
    #[arg(long, value_enum, default_value_t = PaperFormat::Markdown)]
    pub format: PaperFormat,

    /// Write the paper to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum PaperFormat {
    /// The paper's Markdown.
    Markdown,
    /// A Word document (.docx).
    Docx,
    /// A tagged, accessible PDF.
    Pdf,
}

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// The repository: the folder holding records/ and, optionally, actionplan.toml.
    /// Default: the nearest folder holding either, from the current one upward.
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,

    /// Where to write the site. Default: site/ in the repository.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// The date every figure is computed as at (YYYY-MM-DD). Default: `as_at`
    /// in actionplan.toml, else today.
    #[arg(long, value_name = "DATE", value_parser = parse_as_at)]
    pub as_at: Option<jiff::civil::Date>,

    /// The earlier date for "movement since" (YYYY-MM-DD). Default: the
    /// as-at date of the latest paper before it, else 60 days earlier.
    #[arg(long, value_name = "DATE", value_parser = parse_as_at)]
    pub since: Option<jiff::civil::Date>,

    /// Show on each record's page the commits that changed its file (needs
    /// the git history).
    #[arg(long)]
    pub history: bool,
}

#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    /// The repository: the folder holding records/ and, optionally, actionplan.toml.
    /// Default: the nearest folder holding either, from the current one upward.
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,

    /// The date to roll up as at (YYYY-MM-DD). Default: `as_at` in
    /// actionplan.toml, else today.
    #[arg(long, value_name = "DATE", value_parser = parse_as_at)]
    pub as_at: Option<jiff::civil::Date>,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The repository: the folder holding records/ and, optionally, actionplan.toml.
    /// Default: the nearest folder holding either, from the current one upward.
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,

    /// How to print the problems found.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// The date to check as at (YYYY-MM-DD); dates of things that have happened
    /// may not be later. Default: `as_at` in actionplan.toml, else today.
    #[arg(long, value_name = "DATE", value_parser = parse_as_at)]
    pub as_at: Option<jiff::civil::Date>,

    /// Fail on warnings too, not only on errors.
    #[arg(long)]
    pub strict: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// rustc-style messages with the source line, on standard error.
    Human,
    /// One JSON object on standard output.
    Json,
    /// GitHub Actions annotations on standard output.
    Github,
    /// A GitLab Code Quality report (JSON) on standard output.
    Gitlab,
}

/// A date given on the command line: written `YYYY-MM-DD`, and a real day;
/// otherwise what is wrong with it.
fn parse_as_at(text: &str) -> Result<jiff::civil::Date, String> {
    let not_a_date = |why: &str| format!("`{text}` is not a date: {why}");
    let written = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !written {
        return Err(not_a_date("write it as YYYY-MM-DD"));
    }
    // Only digits are left in these ranges, so each is a number below 10,000.
    let field = |range: std::ops::Range<usize>| text[range].parse::<i16>().unwrap_or(0);
    let (year, month, day) = (field(0..4), field(5..7), field(8..10));
    let month = match i8::try_from(month) {
        Ok(month) if (1..=12).contains(&month) => month,
        _ => return Err(not_a_date(&format!("there is no month {month}"))),
    };
    let day_of = |day: i16| {
        i8::try_from(day)
            .ok()
            .and_then(|day| jiff::civil::Date::new(year, month, day).ok())
    };
    day_of(day).ok_or_else(|| {
        let last = day_of(1).map_or(31, |first| first.last_of_month().day());
        not_a_date(&format!(
            "{} {year} has {last} days",
            crate::model::month_name(month)
        ))
    })
}
