//! actionplan: validate inspection records and the areas for improvement that
//! come out of them. See ARCHITECTURE.md for the pipeline.

mod changes;
mod cli;
mod commands;
mod config;
mod diag;
mod export;
mod git;
mod load;
mod markdown;
mod model;
mod paper;
mod render;
mod rollup;
mod scaffold;
mod schema;
mod serve;
mod site;
mod suggest;
mod validate;
mod view;
mod write;
mod yaml;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

pub use cli::Cli;

use diag::{Diagnostic, Summary};
use model::Model;

/// Run the command line. `main` only parses the arguments and calls this.
pub fn run(cli: Cli) -> ExitCode {
    match &cli.command {
        cli::Command::Check(args) => commands::check(args),
        cli::Command::Build(args) => commands::build(args),
        cli::Command::Status(args) => commands::status(args),
        cli::Command::Paper(args) => commands::paper(args),
        cli::Command::Diff(args) => commands::diff(args),
        cli::Command::Serve(args) => serve::serve(args),
        cli::Command::New(args) => commands::new(args),
        cli::Command::Init(args) => commands::init(args),
        cli::Command::Schema(args) => commands::schema(args),
        cli::Command::Completions(args) => commands::completions(args),
        cli::Command::Manpage => commands::manpage(),
    }
}

/// Everything `check` learns about a repository.
struct Checked {
    config: config::Config,
    as_at: jiff::civil::Date,
    model: Model,
    diagnostics: Vec<Diagnostic>,
    sources: BTreeMap<String, std::sync::Arc<str>>,
    summary: Summary,
}

/// Load the configuration and the records, validate them, and count.
fn check_repository(root: &Path, as_at: Option<jiff::civil::Date>) -> Checked {
    check_reading(root, as_at, |limit| load::load(root, limit), None)
}

/// As `check_repository`, with the records read by `read` (given the
/// configured size limit), and validated reusing `cache` when given: `serve`
/// reads and validates only the files that changed.
fn check_reading(
    root: &Path,
    as_at: Option<jiff::civil::Date>,
    read: impl FnOnce(u64) -> load::Loaded,
    cache: Option<&mut validate::ReadCache>,
) -> Checked {
    let (config, config_text, config_diagnostics) = config::load(root);
    let limit = config.max_record_bytes;
    let mut checked = check_loaded_reusing(read(limit), config, as_at, cache);
    checked.diagnostics.extend(config_diagnostics);
    diag::sort(&mut checked.diagnostics);
    if let Some(text) = config_text {
        checked
            .sources
            .insert(config::CONFIG_FILE.to_owned(), text.into());
    }
    checked.summary.count(&checked.diagnostics);
    checked
}

/// Validate loaded records under `config`, as at `as_at` (default: the
/// configured date, else today).
fn check_loaded(
    loaded: load::Loaded,
    config: config::Config,
    as_at: Option<jiff::civil::Date>,
) -> Checked {
    check_loaded_reusing(loaded, config, as_at, None)
}

fn check_loaded_reusing(
    loaded: load::Loaded,
    config: config::Config,
    as_at: Option<jiff::civil::Date>,
    cache: Option<&mut validate::ReadCache>,
) -> Checked {
    let as_at = as_at.or(config.as_at).unwrap_or_else(|| {
        jiff::Timestamp::now()
            .to_zoned_datetime(config.time_zone.clone())
            .date()
    });
    let mut diagnostics = loaded.diagnostics;
    let rules = validate::Rules {
        vocabulary: &config.vocabulary,
        as_at,
    };
    let (model, found) = match cache {
        Some(cache) => validate::validate_reusing(&loaded.files, &loaded.paths, &rules, cache),
        None => validate::validate(&loaded.files, &loaded.paths, &rules),
    };
    diagnostics.extend(found);
    diagnostics.extend(paper_diagnostics(&model, &config));
    diag::sort(&mut diagnostics);
    let mut summary = Summary {
        files: loaded.paths.len(),
        inspections: model.inspections.len(),
        afis: model.afis.len(),
        papers: model.papers.len(),
        ..Summary::default()
    };
    summary.count(&diagnostics);
    Checked {
        config,
        as_at,
        model,
        diagnostics,
        sources: loaded.sources,
        summary,
    }
}

/// Placeholders that cannot be filled and typed figures that the records
/// contradict, in every paper.
fn paper_diagnostics(model: &Model, config: &config::Config) -> Vec<Diagnostic> {
    let setting = paper::Setting {
        model,
        vocabulary: &config.vocabulary,
        stale_after_days: config.stale_after_days,
        notice: config.paper_notice.as_deref(),
    };
    let mut out = Vec::new();
    for p in &model.papers {
        for problem in paper::Layout::new(&setting, p).problems() {
            let span = Some(paper::problem_span(p, &problem.range));
            let diagnostic = if problem.warning {
                Diagnostic::warning(problem.code, &p.path, span, problem.message)
            } else {
                Diagnostic::error(problem.code, &p.path, span, problem.message)
            };
            out.push(diagnostic.with_optional_help(problem.help));
        }
    }
    out
}

/// Entry points for the fuzz targets in `fuzz/` (see docs/hardening.md); not
/// an API.
#[doc(hidden)]
pub mod fuzzing {
    /// Load one record file from any bytes and validate it: never panics.
    pub fn load_record(bytes: &[u8]) -> usize {
        let loaded = crate::load::from_files(
            vec![("records/fuzz.md".to_owned(), bytes.to_vec())],
            crate::load::MAX_FILE_BYTES,
        );
        let vocabulary = crate::model::Vocabulary::standard();
        let rules = crate::validate::Rules {
            vocabulary: &vocabulary,
            as_at: jiff::civil::date(2026, 1, 1),
        };
        let (model, diagnostics) = crate::validate::validate(&loaded.files, &loaded.paths, &rules);
        loaded.diagnostics.len() + diagnostics.len() + model.afis.len() + model.inspections.len()
    }

    /// Render a record body's Markdown to HTML: never panics, never live markup.
    pub fn render_markdown(text: &str) -> String {
        crate::markdown::to_html(text, &|_| None)
    }
}

/// Entry points for the stage benchmarks in `benches/` (see
/// docs/performance.md); not an API.
#[doc(hidden)]
pub mod benching {
    use std::path::{Path, PathBuf};

    /// A repository loaded and checked, ready for the later stages.
    pub struct Checked {
        root: PathBuf,
        checked: crate::Checked,
        rollup: crate::rollup::Rollup,
    }

    /// Walk, read and parse every record: the number of records parsed.
    pub fn load(root: &Path) -> usize {
        crate::load::load(root, crate::load::MAX_FILE_BYTES)
            .files
            .len()
    }

    /// The whole of `check`: the number of diagnostics.
    pub fn check(root: &Path) -> usize {
        crate::check_repository(root, None).diagnostics.len()
    }

    /// Check a repository once, for the stages after it.
    pub fn checked(root: &Path) -> Checked {
        let checked = crate::check_repository(root, None);
        let since = crate::commands::movement_since(&checked.model, checked.as_at);
        let rollup = crate::commands::site_rollup(&checked, checked.as_at, since);
        Checked {
            root: root.to_owned(),
            checked,
            rollup,
        }
    }

    impl Checked {
        /// The roll-up as at the repository's date: the number of AFIs in it.
        pub fn rollup(&self) -> usize {
            let since = crate::commands::movement_since(&self.checked.model, self.checked.as_at);
            crate::commands::site_rollup(&self.checked, self.checked.as_at, since)
                .states
                .len()
        }

        /// Every page, paper and export made in memory: their total bytes.
        pub fn render(&self) -> usize {
            let bytes = std::sync::atomic::AtomicUsize::new(0);
            let emit = |_: &str, contents: Vec<u8>| {
                bytes.fetch_add(contents.len(), std::sync::atomic::Ordering::Relaxed);
                Ok(())
            };
            let pages = crate::site::Pages::All;
            crate::site::make(&self.root, &self.checked, &self.rollup, false, pages, &emit)
                .map_or(0, |_| bytes.into_inner())
        }
    }
}
