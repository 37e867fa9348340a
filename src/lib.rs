//! actionplan: validate inspection records and the areas for improvement that
//! come out of them. See ARCHITECTURE.md for the pipeline.

mod cli;
mod commands;
mod config;
mod diag;
mod export;
mod load;
mod markdown;
mod model;
mod render;
mod rollup;
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
    }
}

/// Everything `check` learns about a repository.
struct Checked {
    config: config::Config,
    as_at: jiff::civil::Date,
    model: Model,
    diagnostics: Vec<Diagnostic>,
    sources: BTreeMap<String, String>,
    summary: Summary,
}

/// Load the configuration and the records, validate them, and count.
fn check_repository(root: &Path, as_at: Option<jiff::civil::Date>) -> Checked {
    let (config, config_text, mut diagnostics) = config::load(root);
    let as_at = as_at.or(config.as_at).unwrap_or_else(|| {
        jiff::Timestamp::now()
            .to_zoned_datetime(config.time_zone.clone())
            .date()
    });
    let loaded = load::load(root);
    diagnostics.extend(loaded.diagnostics);
    let rules = validate::Rules {
        vocabulary: &config.vocabulary,
        as_at,
    };
    let (model, found) = validate::validate(&loaded.files, &loaded.paths, &rules);
    diagnostics.extend(found);
    diag::sort(&mut diagnostics);
    let mut sources = loaded.sources;
    if let Some(text) = config_text {
        sources.insert(config::CONFIG_FILE.to_owned(), text);
    }
    let mut summary = Summary {
        files: loaded.paths.len(),
        inspections: model.inspections.len(),
        afis: model.afis.len(),
        ..Summary::default()
    };
    summary.count(&diagnostics);
    Checked {
        config,
        as_at,
        model,
        diagnostics,
        sources,
        summary,
    }
}
