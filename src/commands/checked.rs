//! Checking a repository: the stages every command starts with. Reads the
//! configuration and the records, validates them, the papers' placeholders
//! and the characters their PDFs can draw, and the owners' update form's
//! statuses, and counts what it found.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::Path;

use crate::diag::{self, Diagnostic, Summary};
use crate::model::Model;
use crate::{config, load, paper, render, validate};

mod owner_loop;
#[cfg(test)]
mod tests;
mod texts;
mod update_form;

use texts::Sources;
pub(crate) use texts::Texts;
pub(crate) use update_form::FORM as UPDATE_FORM;

/// Everything `check` learns about a repository.
pub(crate) struct Checked {
    pub(crate) config: config::Config,
    pub(crate) as_at: jiff::civil::Date,
    pub(crate) model: Model,
    pub(crate) diagnostics: Vec<Diagnostic>,
    pub(crate) sources: BTreeMap<String, std::sync::Arc<str>>,
    pub(crate) summary: Summary,
    /// What was kept of each file as it was read, when it was read for this
    /// check: freed with it, so that `check` and `build`, which leave their
    /// check for the system to free at exit, never free it one by one.
    _reads: Loaded,
}

/// How the records are read for a check: the configured size limit, the
/// as-at date, and the validation of each file as soon as it is parsed, on
/// the thread that parsed it, so that its YAML tree is dropped at once.
pub(crate) struct Reading<'a> {
    pub(crate) limit: u64,
    pub(crate) as_at: jiff::civil::Date,
    rules: validate::Rules<'a>,
    texts: Texts<'a>,
}

impl Reading<'_> {
    /// What is kept of each parsed file: its record, problems and links.
    pub(crate) fn each(&self) -> impl Fn(&load::ParsedFile) -> validate::FileRead + Sync + '_ {
        |file| {
            let read = validate::read(file, &self.rules);
            let text = file.body.whole();
            let forget = matches!(self.texts, Texts::Quoted { .. })
                && !read.must_keep_text()
                && render::drawable::prints_only_drawable(text);
            if forget { read.without_text() } else { read }
        }
    }
}

/// Load the configuration and the records, validate them, and count.
pub(crate) fn check_repository(root: &Path, as_at: Option<jiff::civil::Date>) -> Checked {
    check_keeping(root, as_at, Texts::All)
}

/// As `check_repository`, keeping the record texts `texts` says.
pub(crate) fn check_keeping(
    root: &Path,
    as_at: Option<jiff::civil::Date>,
    texts: Texts,
) -> Checked {
    check_reading(root, as_at, texts, |reading| {
        Cow::Owned(load::load(root, reading.limit, &reading.each()))
    })
}

/// As `check_keeping`, with the records read by `read`: `serve` reads
/// and validates only the files that changed, and lends what it keeps of
/// the others.
pub(crate) fn check_reading<'l>(
    root: &Path,
    as_at: Option<jiff::civil::Date>,
    texts: Texts,
    read: impl FnOnce(&Reading) -> Cow<'l, Loaded>,
) -> Checked {
    // The configuration's problems are located by line and column, but its
    // text is never quoted: only records' lines are shown in snippets.
    let (config, config_diagnostics) = config::load(root);
    let form_diagnostics = update_form::diagnostics(root, &config.vocabulary);
    let mut checked = check_lent(config, as_at, texts, read);
    checked.diagnostics.extend(config_diagnostics);
    checked.diagnostics.extend(form_diagnostics);
    diag::sort(&mut checked.diagnostics);
    checked.summary.count(&checked.diagnostics);
    checked
}

/// Validate the records `read` reads under `config`, as at `as_at`
/// (default: the configured date, else today).
pub(crate) fn check_with(
    config: config::Config,
    as_at: Option<jiff::civil::Date>,
    read: impl FnOnce(&Reading) -> Loaded,
) -> Checked {
    check_lent(config, as_at, Texts::All, |reading| {
        Cow::Owned(read(reading))
    })
}

/// The records of a repository as read and validated file by file.
type Loaded = load::Loaded<validate::FileRead>;

/// As `check_with`, with the records either given or lent.
fn check_lent<'l>(
    config: config::Config,
    as_at: Option<jiff::civil::Date>,
    texts: Texts,
    read: impl FnOnce(&Reading) -> Cow<'l, Loaded>,
) -> Checked {
    let as_at = as_at.or(config.as_at).unwrap_or_else(|| {
        jiff::Timestamp::now()
            .to_zoned_datetime(config.time_zone.clone())
            .date()
    });
    let reading = Reading {
        limit: config.max_record_bytes,
        as_at,
        rules: validate::Rules {
            vocabulary: &config.vocabulary,
            as_at,
        },
        texts,
    };
    let loaded = read(&reading);
    let mut diagnostics = loaded.diagnostics.clone();
    let (model, found) = validate::finish(&loaded.files, &loaded.paths);
    diagnostics.extend(found);
    diagnostics.extend(paper_diagnostics(&model, &config, &loaded.sources));
    let sources = Sources::new(&reading, &loaded);
    let owner_problems = owner_loop::problems(&model, &config.owner_loop, &config.vocabulary);
    sources.read_again(owner_problems.iter().map(|p| p.diagnostic.file.as_str()));
    diagnostics.extend(owner_loop::located(owner_problems, &|path| {
        sources.text(path)
    }));
    diag::sort(&mut diagnostics);
    let quoted = sources.read_again_for(&diagnostics);
    let files = loaded.paths.len();
    let (mut sources, reads) = match loaded {
        Cow::Owned(mut loaded) => (std::mem::take(&mut loaded.sources), loaded),
        Cow::Borrowed(loaded) => (loaded.sources.clone(), Loaded::default()),
    };
    sources.extend(quoted);
    let mut summary = Summary {
        files,
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
        sources,
        summary,
        _reads: reads,
    }
}

/// Validate records given as (path, contents), such as the files of a git
/// revision, under `config`, as `check_with` does.
pub(crate) fn check_files(
    files: Vec<(String, Vec<u8>)>,
    config: config::Config,
    as_at: Option<jiff::civil::Date>,
) -> Checked {
    check_with(config, as_at, |reading| {
        load::from_files(files, reading.limit, &reading.each())
    })
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
