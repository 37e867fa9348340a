//! The command line: argument definitions only. What each command does is in
//! `commands`.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Validate inspection records and the areas for improvement that come out of
/// them, and roll up their status.
#[derive(Debug, Parser)]
#[command(name = "actionplan", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
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
    /// Print actionplan's manual page (roff), for `man`.
    Manpage,
}

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The repository: the folder holding records/ and, optionally, actionplan.toml.
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,

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
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
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
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell: bash, elvish, fish, powershell or zsh.
    pub shell: clap_complete::Shell,
}

#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The earlier revision: a commit, branch or tag, such as `HEAD~1` or `origin/main`.
    pub from: String,

    /// The later revision. Default: the working tree, as it is now.
    pub to: Option<String>,

    /// The repository: the folder holding records/ and, optionally, actionplan.toml.
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,

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
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,

    /// Write the Markdown to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// The repository: the folder holding records/ and, optionally, actionplan.toml.
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,

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
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,

    /// The date to roll up as at (YYYY-MM-DD). Default: `as_at` in
    /// actionplan.toml, else today.
    #[arg(long, value_name = "DATE", value_parser = parse_as_at)]
    pub as_at: Option<jiff::civil::Date>,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The repository: the folder holding records/ and, optionally, actionplan.toml.
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,

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
}

fn parse_as_at(text: &str) -> Result<jiff::civil::Date, String> {
    text.parse::<jiff::civil::Date>()
        .map_err(|_| format!("`{text}` is not a date: write it as YYYY-MM-DD"))
}
