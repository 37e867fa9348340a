//! `actionplan paper ID`: one committee paper as Markdown, Word or PDF.

use std::io::Write as _;
use std::process::ExitCode;

use super::checked::Checked;
use super::{OK, checked_records, could_not_run, failed, repository};
use crate::cli::{PaperArgs, PaperFormat};
use crate::output as write;
use crate::paper;
use crate::render::paper_files;

fn paper_setting(checked: &Checked) -> paper::Setting<'_> {
    paper::Setting {
        model: &checked.model,
        vocabulary: &checked.config.vocabulary,
        silence: crate::rollup::Silence::from_config(&checked.config),
        notice: checked.config.paper_notice.as_deref(),
    }
}

/// `actionplan paper ID`: one paper as Markdown (to standard output or a
/// file), or as a Word or PDF document (to a file).
pub(crate) fn run(args: &PaperArgs) -> ExitCode {
    let root = match repository(args.root.as_deref()) {
        Ok(root) => root,
        Err(code) => return code,
    };
    let checked = match checked_records(&root, "to build a paper") {
        Ok(checked) => checked,
        Err(code) => return code,
    };
    let Some(found) = checked.model.papers.iter().find(|p| p.id == args.id) else {
        let ids: Vec<&str> = checked.model.papers.iter().map(|p| p.id.as_str()).collect();
        let hint = match crate::diag::suggest::did_you_mean(&args.id, ids.iter().copied()) {
            Some(close) => format!("did you mean `{close}`?"),
            None if ids.is_empty() => "there are no paper records".to_owned(),
            None => format!("the papers are: {}", ids.join(", ")),
        };
        // A bad argument, as `new` says of an unknown inspection.
        return could_not_run(&format!("no paper has the id `{}`; {hint}", args.id));
    };
    let laid = paper::Layout::new(&paper_setting(&checked), found).lay_out();
    let notice = checked.config.paper_notice.as_deref();
    let bytes = match args.format {
        PaperFormat::Markdown => Ok(laid.markdown().into_bytes()),
        PaperFormat::Docx => paper_files::template(&root, &checked.config)
            .and_then(|t| paper_files::docx(found, &laid, notice, t.as_ref())),
        PaperFormat::Pdf => paper_files::pdf(found, &laid, notice),
    };
    let bytes = match bytes {
        Ok(bytes) => bytes,
        Err(message) => return failed(&message),
    };
    match &args.out {
        None if args.format == PaperFormat::Markdown => {
            let _ = std::io::stdout().write_all(&bytes);
        }
        None => {
            return could_not_run(
                "a Word or PDF paper is written to a file: add `--out FILE`, such as `--out paper.docx`",
            );
        }
        Some(path) => {
            if let Err(message) = write::check_file_output(&root, path) {
                return could_not_run(&message);
            }
            if let Err(error) = write::atomic_file(path, &bytes) {
                return failed(&format!("could not write `{}`: {error}", path.display()));
            }
        }
    }
    ExitCode::from(OK)
}
