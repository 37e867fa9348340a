//! A committee paper's documents besides its page: takes a paper laid out
//! (and the repository's Word template, read here once) and gives its Word
//! and PDF bytes. The Markdown is `paper::Laid::markdown`.

use std::path::Path;

use crate::config::Config;
use crate::model::Paper;
use crate::paper::Laid;

use super::document::Document;
use super::docx::{self, Template};

/// The repository's Word template, when `paper_template` names one: read
/// by the rule every file is (`files`), up to the template's size limit.
pub(crate) fn template(root: &Path, config: &Config) -> Result<Option<Template>, String> {
    let Some(relative) = &config.paper_template else {
        return Ok(None);
    };
    let fail = |why: String| {
        format!(
            "the paper template `{}` (paper_template in actionplan.toml) could not be used: {why}",
            relative.display()
        )
    };
    // The configuration holds only plain parts (`config` refuses others).
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let bytes = crate::files::read_in_root(root, &parts.join("/"), docx::TEMPLATE_LIMIT)
        .map_err(|refusal| fail(refusal.reason()))?;
    Template::read(&bytes).map(Some).map_err(fail)
}

/// The paper as a Word document.
pub(crate) fn docx(
    paper: &Paper,
    laid: &Laid,
    notice: Option<&str>,
    template: Option<&Template>,
) -> Result<Vec<u8>, String> {
    docx::docx(&Document::new(paper, laid, notice), template)
        .map_err(|e| format!("`papers/{}.docx`: {e}", paper.id))
}

/// The paper as a tagged, accessible PDF.
pub(crate) fn pdf(paper: &Paper, laid: &Laid, notice: Option<&str>) -> Result<Vec<u8>, String> {
    super::pdf::pdf(&Document::new(paper, laid, notice))
        .map_err(|e| format!("`papers/{}.pdf`: {e}", paper.id))
}
