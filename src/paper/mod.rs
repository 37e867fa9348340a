//! Committee papers: a paper record's prose, with its placeholders filled in
//! from the records as at the paper's date, laid out in the house format of
//! the committee, with appendices generated from the records. Pure: no IO.
//!
//! The stage takes the model (with the status vocabulary and the settings
//! of the repository, as a `Setting`) and one paper record, and gives the
//! paper laid out (`Laid`: its header, main part and appendices in
//! Markdown) or, for `check`, the `Problem`s with its placeholders and
//! typed figures.
//!
//! This file holds those types and `Layout`, which picks the covered records
//! and lays out the header and the lettered sections of the house format.
//! The rest of `Layout` (its other `impl` blocks) and its helpers are in:
//!
//! - `placeholders`: the `{{ … }}` syntax of the prose, parsed;
//! - `fill`: each placeholder filled from the records as at the paper's date;
//! - `appendices`: the generated appendices and the longer placeholders;
//! - `figures`: figures typed in the prose, checked against the records;
//! - `prose`: record text made safe, sections of a record body, numbered
//!   paragraphs and small phrases;
//! - `covers`: which records a paper or an appendix covers.

mod appendices;
mod covers;
mod figures;
mod fill;
mod placeholders;
mod prose;

use std::fmt::Write as _;

use crate::model::prose::escape_markdown;
use crate::model::prose::long_date;
use crate::model::{Afi, AppendixKind, Covers, Date, Inspection, Model, Paper, Span, Vocabulary};
use crate::rollup::{self, AfiState};

use covers::{is_covered_afi, is_covered_inspection};
use prose::prose;
pub(crate) use prose::{number_paragraphs, section};

/// A problem with a paper's placeholders or figures, located in its body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Problem {
    pub(crate) warning: bool,
    pub(crate) code: &'static str,
    pub(crate) range: std::ops::Range<usize>,
    pub(crate) message: String,
    pub(crate) help: Option<String>,
}

/// A paper laid out: the main part and each appendix, in Markdown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Laid {
    /// Title, report number, date, author and notice.
    pub(crate) header: String,
    /// From the summary to the contact details.
    pub(crate) main: String,
    pub(crate) appendices: Vec<(String, String)>,
}

impl Laid {
    /// The whole paper as one Markdown document.
    pub(crate) fn markdown(&self) -> String {
        let mut out = format!("{}{}", self.header, self.main);
        for (i, (title, text)) in self.appendices.iter().enumerate() {
            let _ = write!(
                out,
                "\n## Appendix {}: {}\n\n{text}",
                i + 1,
                escape_markdown(title)
            );
        }
        out
    }
}

/// Everything a paper's figures are computed from.
pub(crate) struct Setting<'a> {
    pub(crate) model: &'a Model,
    pub(crate) vocabulary: &'a Vocabulary,
    pub(crate) silence: crate::rollup::Silence,
    /// The notice printed under the title of every paper, if any.
    pub(crate) notice: Option<&'a str>,
}

/// Lays out one paper; collects every problem with its placeholders.
pub(crate) struct Layout<'a> {
    setting: &'a Setting<'a>,
    paper: &'a Paper,
    previous: Option<&'a Paper>,
    afis: Vec<(&'a Afi, AfiState)>,
    inspections: Vec<&'a Inspection>,
    problems: Vec<Problem>,
}

impl<'a> Layout<'a> {
    pub(crate) fn new(setting: &'a Setting<'a>, paper: &'a Paper) -> Self {
        let model = setting.model;
        let afis = model
            .afis
            .iter()
            .filter(|a| is_covered_afi(&paper.covers, a, model))
            .filter_map(|a| {
                Some((
                    a,
                    rollup::afi_state(a, paper.as_at, setting.vocabulary, setting.silence)?,
                ))
            })
            .collect();
        let inspections = model
            .inspections
            .iter()
            .filter(|i| is_covered_inspection(&paper.covers, i))
            .collect();
        Layout {
            setting,
            paper,
            previous: paper
                .follows
                .as_ref()
                .and_then(|id| model.papers.iter().find(|p| &p.id == id)),
            afis,
            inspections,
            problems: Vec::new(),
        }
    }

    /// The problems found, for `check`: placeholders that cannot be filled
    /// and figures typed in the text that the records contradict.
    pub(crate) fn problems(mut self) -> Vec<Problem> {
        let _ = self.expand_body();
        self.typed_figures();
        self.problems
    }

    /// The paper in the house format.
    pub(crate) fn lay_out(mut self) -> Laid {
        let body = self.expand_body();
        let paper = self.paper;
        let mut header = String::new();
        let _ = writeln!(header, "# {}\n", escape_markdown(&paper.title));
        let _ = writeln!(
            header,
            "Report: {}  \nDate: {}  \nBy: {}\n",
            escape_markdown(&paper.report),
            long_date(paper.meeting),
            escape_markdown(&paper.by)
        );
        let _ = writeln!(
            header,
            "{}. Figures as at {}.\n",
            escape_markdown(&paper.committee),
            long_date(Date::Day(paper.as_at))
        );
        if let Some(notice) = self.setting.notice {
            let _ = writeln!(header, "> {}\n", escape_markdown(notice));
        }
        let mut main = String::new();
        let _ = writeln!(main, "## Summary\n\n{}\n", prose(&paper.summary));
        match paper.recommendations.as_slice() {
            [one] => {
                let _ = writeln!(main, "## A. Recommendation\n\n{}\n", prose(one));
            }
            many => {
                let _ = writeln!(main, "## A. Recommendations\n\nThat\n");
                for (i, r) in many.iter().enumerate() {
                    let _ = writeln!(main, "{}. {}", i + 1, prose(r));
                }
                main.push('\n');
            }
        }
        let _ = writeln!(
            main,
            "## B. Supporting information\n\n{}\n",
            number_paragraphs(&body).trim_end()
        );
        let none = || "None.".to_owned();
        let sections = [
            (
                "C. Race and equality impact",
                paper
                    .race_and_equality
                    .as_deref()
                    .map(prose)
                    .unwrap_or_else(none),
            ),
            (
                "D. Financial implications",
                paper.financial.as_deref().map(prose).unwrap_or_else(none),
            ),
            (
                "E. Background papers",
                if paper.background_papers.is_empty() {
                    none()
                } else {
                    paper
                        .background_papers
                        .iter()
                        .map(|b| format!("- {}", prose(b)))
                        .collect::<Vec<_>>()
                        .join("\n")
                },
            ),
            (
                "F. Contact details",
                paper.contact.as_deref().map(prose).unwrap_or_else(none),
            ),
        ];
        for (heading, text) in sections {
            let _ = writeln!(main, "## {heading}\n\n{text}\n");
        }
        let appendices = paper
            .appendices
            .iter()
            .map(|a| {
                let covers = if a.covers == Covers::default() {
                    &paper.covers
                } else {
                    &a.covers
                };
                let text = match a.kind {
                    AppendixKind::Inspections => self.inspections_appendix(covers),
                    AppendixKind::ActionPlan => self.action_plan(covers),
                    AppendixKind::Frameworks => self.frameworks_appendix(covers),
                    AppendixKind::Text => a.text.as_deref().map(prose).unwrap_or_default() + "\n",
                };
                (a.title.clone(), text)
            })
            .collect();
        Laid {
            header,
            main,
            appendices,
        }
    }
}

/// A problem's span in the paper's file.
pub(crate) fn problem_span(paper: &Paper, range: &std::ops::Range<usize>) -> Span {
    let span = crate::diag::span_of(&paper.text, range.clone());
    Span {
        line: span.line + paper.text_line - 1,
        column: span.column,
        start: span.start + paper.text_offset,
        end: span.end + paper.text_offset,
    }
}
