//! `actionplan paper ID`: one committee paper as Markdown.

use std::io::Write as _;
use std::process::ExitCode;

use super::checked::Checked;
use super::{OK, checked_records, could_not_run, failed, repository};
use crate::cli::PaperArgs;
use crate::output as write;
use crate::paper;

fn paper_setting(checked: &Checked) -> paper::Setting<'_> {
    paper::Setting {
        model: &checked.model,
        vocabulary: &checked.config.vocabulary,
        silence: crate::rollup::Silence::from_config(&checked.config),
        notice: checked.config.paper_notice.as_deref(),
    }
}

/// `actionplan paper ID`: one paper as Markdown, to standard output or a file.
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
    let markdown = paper::Layout::new(&paper_setting(&checked), found)
        .lay_out()
        .markdown();
    match &args.out {
        None => {
            let _ = write!(std::io::stdout(), "{markdown}");
        }
        Some(path) => {
            if let Err(message) = write::check_file_output(&root, path) {
                return could_not_run(&message);
            }
            if let Err(error) = std::fs::write(path, markdown) {
                return failed(&format!("could not write `{}`: {error}", path.display()));
            }
        }
    }
    ExitCode::from(OK)
}
