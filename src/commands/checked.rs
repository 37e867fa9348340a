//! Checking a repository: the stages every command starts with. Reads the
//! configuration and the records, validates them, the papers' placeholders
//! and the characters their PDFs can draw, and counts what it found.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diag::{self, Diagnostic, Summary};
use crate::model::Model;
use crate::{config, load, paper, validate};

mod owner_loop;

/// Everything `check` learns about a repository.
pub(crate) struct Checked {
    pub(crate) config: config::Config,
    pub(crate) as_at: jiff::civil::Date,
    pub(crate) model: Model,
    pub(crate) diagnostics: Vec<Diagnostic>,
    pub(crate) sources: BTreeMap<String, std::sync::Arc<str>>,
    pub(crate) summary: Summary,
}

/// Load the configuration and the records, validate them, and count.
pub(crate) fn check_repository(root: &Path, as_at: Option<jiff::civil::Date>) -> Checked {
    check_reading(root, as_at, |limit| load::load(root, limit), None)
}

/// As `check_repository`, with the records read by `read` (given the
/// configured size limit), and validated reusing `cache` when given: `serve`
/// reads and validates only the files that changed.
pub(crate) fn check_reading(
    root: &Path,
    as_at: Option<jiff::civil::Date>,
    read: impl FnOnce(u64) -> load::Loaded,
    cache: Option<&mut validate::ReadCache>,
) -> Checked {
    // The configuration's problems are located by line and column, but its
    // text is never quoted: only records' lines are shown in snippets.
    let (config, config_diagnostics) = config::load(root);
    let limit = config.max_record_bytes;
    let mut checked = check_loaded_reusing(read(limit), config, as_at, cache);
    checked.diagnostics.extend(config_diagnostics);
    diag::sort(&mut checked.diagnostics);
    checked.summary.count(&checked.diagnostics);
    checked
}

/// Validate loaded records under `config`, as at `as_at` (default: the
/// configured date, else today).
pub(crate) fn check_loaded(
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
    diagnostics.extend(paper_diagnostics(&model, &config, &loaded.sources));
    diagnostics.extend(owner_loop::diagnostics(
        &model,
        &config.owner_loop,
        &config.vocabulary,
        &loaded.sources,
    ));
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
/// contradict, in every paper; characters its PDF cannot draw, in it and
/// the records it prints from.
fn paper_diagnostics(
    model: &Model,
    config: &config::Config,
    sources: &BTreeMap<String, std::sync::Arc<str>>,
) -> Vec<Diagnostic> {
    let setting = paper::Setting {
        model,
        vocabulary: &config.vocabulary,
        silence: crate::rollup::Silence::from_config(config),
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
    out.extend(crate::render::drawable::undrawable(
        model, &setting, sources,
    ));
    out
}
