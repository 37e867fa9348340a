//! actionplan: validate inspection records and the areas for improvement that
//! come out of them. See ARCHITECTURE.md for the pipeline.

mod changes;
mod cli;
mod commands;
mod config;
mod diag;
mod edit;
mod files;
mod git;
mod load;
mod model;
mod output;
mod owners;
mod paper;
mod render;
mod rollup;
mod validate;

use std::process::ExitCode;

pub use cli::Cli;

/// Run the command line. `main` only parses the arguments and calls this.
pub fn run(cli: Cli) -> ExitCode {
    commands::console::configure(&cli.global);
    match &cli.command {
        cli::Command::Check(args) => commands::check::run(args),
        cli::Command::Build(args) => commands::build::run(args),
        cli::Command::Status(args) => commands::status::run(args),
        cli::Command::Paper(args) => commands::paper::run(args),
        cli::Command::Diff(args) => commands::diff::run(args),
        cli::Command::Serve(args) => commands::serve::run(args),
        cli::Command::New(args) => commands::new::run(args),
        cli::Command::Init(args) => commands::init::run(args),
        cli::Command::Schema(args) => commands::schema::run(args),
        cli::Command::Completions(args) => commands::completions::run(args),
        cli::Command::Manpage(args) => commands::completions::manpage(args),
        cli::Command::Update(args) => commands::update::run(args),
        cli::Command::Assess(args) => commands::assess::run(args),
        cli::Command::Requests(args) => commands::requests::run(args),
        cli::Command::Import(args) => commands::import::run(args),
    }
}

/// Entry points for the fuzz targets in `fuzz/` (see docs/hardening.md); not
/// an API.
#[doc(hidden)]
pub mod fuzzing {
    /// Load one record file from any bytes and validate it: never panics.
    pub fn load_record(bytes: &[u8]) -> usize {
        let vocabulary = crate::model::Vocabulary::standard();
        let rules = crate::validate::Rules {
            vocabulary: &vocabulary,
            as_at: jiff::civil::date(2026, 1, 1),
        };
        let loaded = crate::load::from_files(
            vec![("records/fuzz.md".to_owned(), bytes.to_vec())],
            crate::config::MAX_RECORD_BYTES,
            &|file| crate::validate::read(file, &rules),
        );
        let (model, diagnostics) = crate::validate::finish(&loaded.files, &loaded.paths);
        loaded.diagnostics.len() + diagnostics.len() + model.afis.len() + model.inspections.len()
    }

    /// The links of a record body as the checks' plain scan reads them, held
    /// to pulldown-cmark's reading whenever the scan reads the body at all:
    /// panics when the two differ. Gives how many links the scan read.
    pub fn link_scan(text: &str) -> usize {
        crate::validate::links_as_the_parser_reads_them(text)
    }

    /// Any text as front matter: wherever the fast YAML reader reads it,
    /// its tree (spans included) must be serde-saphyr's; panics when they
    /// differ. Gives how many nodes the fast reader read.
    pub fn yaml_fast(text: &str) -> usize {
        crate::load::yaml::fast_as_saphyr_reads_it(text)
    }

    /// Render a record body's Markdown to HTML: never panics, never live markup.
    pub fn render_markdown(text: &str) -> String {
        crate::render::markdown::to_html(text, &|_| None)
    }

    /// The byte that separates the files of a `pipeline` input (ASCII's
    /// file separator).
    pub const FILE_SEPARATOR: u8 = 0x1c;

    /// The whole pipeline over a small records folder: `bytes` split at
    /// `FILE_SEPARATOR` into at most eight files, `records/r0.md`,
    /// `records/r1.md`, …, checked as `check` checks them (as at 16 January
    /// 2007, the default configuration), and, when they have no errors,
    /// rolled up and rendered as `build` renders them, every page, paper and
    /// export made in memory. Never panics. Gives the size of the largest
    /// file made, a Word document's and a PDF's by their share (see
    /// `made_size`; 0 when the records had errors).
    pub fn pipeline(bytes: &[u8]) -> usize {
        let files = bytes
            .split(|b| *b == FILE_SEPARATOR)
            .take(8)
            .enumerate()
            .map(|(i, file)| (format!("records/r{i}.md"), file.to_vec()))
            .collect();
        let as_at = jiff::civil::date(2007, 1, 16);
        let checked = crate::commands::checked::check_files(
            files,
            crate::config::Config::default(),
            Some(as_at),
        );
        if checked.summary.errors > 0 {
            return 0;
        }
        let since = crate::commands::movement_since(&checked.model, as_at);
        let rollup = crate::commands::site_rollup(&checked, as_at, since);
        let largest = std::sync::atomic::AtomicUsize::new(0);
        let emit = |path: &str, contents: Vec<u8>| {
            largest.fetch_max(
                made_size(path, &contents),
                std::sync::atomic::Ordering::Relaxed,
            );
            Ok(())
        };
        // No repository: the built-in templates, as a repository without
        // its own `templates/` has.
        let root = std::path::Path::new("/nonexistent/actionplan-fuzz");
        let made = crate::render::site::make(
            root,
            &checked.config,
            &checked.model,
            &rollup,
            false,
            crate::render::site::Pages::All,
            &emit,
        );
        match made {
            Ok(_) => largest.into_inner(),
            Err(_) => 0,
        }
    }

    /// A Word document's share of the size bound: a quarter of its parts
    /// unzipped, as its markup takes about 40 bytes for each byte of the
    /// shortest paragraphs and list items, where a page takes 3.
    pub const WORD_SHARE: usize = 4;
    /// A PDF's share: an eighth of its bytes, as it takes about 110 bytes
    /// for each byte of a list of one-letter items (each a tagged label and
    /// body, drawn).
    pub const PDF_SHARE: usize = 8;

    /// How large a file made is, for the bound: a page or an export by its
    /// bytes; a Word document by its parts unzipped (its zip would hide a
    /// blow-up, which deflates to next to nothing) over `WORD_SHARE`; a PDF
    /// by its bytes over `PDF_SHARE`. The PDF is laid out from the same
    /// blocks as the Word document, so a blow-up of one shows in both.
    fn made_size(path: &str, contents: &[u8]) -> usize {
        if path.ends_with(".pdf") {
            return contents.len() / PDF_SHARE;
        }
        if !path.ends_with(".docx") {
            return contents.len();
        }
        let Ok(mut archive) = zip::ZipArchive::new(std::io::Cursor::new(contents)) else {
            return usize::MAX;
        };
        let unzipped = (0..archive.len())
            .map(|i| {
                archive.by_index(i).map_or(usize::MAX, |part| {
                    usize::try_from(part.size()).unwrap_or(usize::MAX)
                })
            })
            .fold(0, usize::saturating_add);
        unzipped / WORD_SHARE
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
        checked: crate::commands::checked::Checked,
        rollup: crate::rollup::Rollup,
    }

    /// Walk, read and parse every record: the number of records parsed.
    pub fn load(root: &Path) -> usize {
        crate::load::load(root, crate::config::MAX_RECORD_BYTES, &|_| ())
            .files
            .len()
    }

    /// The whole of `check`: the number of diagnostics.
    pub fn check(root: &Path) -> usize {
        crate::commands::checked::check_repository(root, None)
            .diagnostics
            .len()
    }

    /// Check a repository once, for the stages after it.
    pub fn checked(root: &Path) -> Checked {
        let checked = crate::commands::checked::check_repository(root, None);
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
            let pages = crate::render::site::Pages::All;
            crate::render::site::make(
                &self.root,
                &self.checked.config,
                &self.checked.model,
                &self.rollup,
                false,
                pages,
                &emit,
            )
            .map_or(0, |_| bytes.into_inner())
        }

        /// Every committee paper laid out and made as Word and PDF, one
        /// after the other: their total bytes, or the first paper that
        /// could not be made (so a benchmark never times a failure).
        pub fn papers(&self) -> Result<usize, String> {
            let config = &self.checked.config;
            let setting = crate::paper::Setting {
                model: &self.checked.model,
                vocabulary: &config.vocabulary,
                silence: crate::rollup::Silence::from_config(config),
                notice: config.paper_notice.as_deref(),
            };
            let notice = config.paper_notice.as_deref();
            self.checked
                .model
                .papers
                .iter()
                .map(|p| {
                    let laid = crate::paper::Layout::new(&setting, p).lay_out();
                    let docx = crate::render::paper_files::docx(p, &laid, notice, None)?;
                    let pdf = crate::render::paper_files::pdf(p, &laid, notice)?;
                    Ok(docx.len() + pdf.len())
                })
                .sum()
        }
    }
}
