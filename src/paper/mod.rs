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
//! and lays out the header, the author's body and the appendices.
//! The rest of `Layout` (its other `impl` blocks) and its helpers are in:
//!
//! - `placeholders`: the `{{ … }}` syntax of the prose, parsed;
//! - `fill`: each placeholder filled from the records as at the paper's date;
//! - `appendices`: the generated appendices and the longer placeholders;
//! - `figures`: figures typed in the prose, checked against the records;
//! - `prose`: record text made safe, sections of a record body and small
//!   phrases;
//! - `numbering`: the paragraphs the author marked `#.`, numbered;
//! - `covers`: which records a paper or an appendix covers.

mod appendices;
mod covers;
mod figures;
mod fill;
mod numbering;
mod placeholders;
mod prose;

use std::fmt::Write as _;

use crate::model::prose::escape_markdown;
use crate::model::prose::long_date;
use crate::model::{Afi, AppendixKind, Covers, Date, Inspection, Model, Paper, Span, Vocabulary};
use crate::rollup::{self, AfiState};

pub(crate) use covers::source_files;
use covers::{is_covered_afi, is_covered_inspection};
use numbering::number_marked;
use prose::prose;
pub(crate) use prose::section;

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
    /// The author's text, from the summary to the contact details.
    pub(crate) main: String,
    pub(crate) appendices: Vec<(String, String)>,
    /// What the author did not write, for a document's metadata and page
    /// footer: never printed in the paper's text.
    pub(crate) footer: Footer,
}

/// What a paper's running header, footer and metadata say besides its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Footer {
    pub(crate) committee: String,
    /// The report's number as the paper's text writes it ("7", where the
    /// header block has "07").
    pub(crate) report: String,
    /// The meeting's date in words.
    pub(crate) meeting: String,
    /// The paper's as-at date, in words.
    pub(crate) as_at: String,
    /// Whether the paper prints a figure computed from the records.
    pub(crate) computed: bool,
}

impl Footer {
    /// "Figures as at 8 May 2003, computed from the records." when the
    /// paper prints a figure the records gave, else "Records as at 8 May
    /// 2003.": a paper of published figures, or of none, says nothing of
    /// computing.
    pub(crate) fn as_at_note(&self) -> String {
        if self.computed {
            format!("Figures as at {}, computed from the records.", self.as_at)
        } else {
            format!("Records as at {}.", self.as_at)
        }
    }
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
    /// Whether a figure in the paper was computed from the records (a
    /// count, not a date, a name or a published figure).
    computed: bool,
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
                    &**a,
                    rollup::afi_state(a, paper.as_at, setting.vocabulary, setting.silence)?,
                ))
            })
            .collect();
        let inspections = model
            .inspections
            .iter()
            .filter(|i| is_covered_inspection(&paper.covers, i))
            .map(|i| &**i)
            .collect();
        Layout {
            setting,
            paper,
            previous: paper
                .follows
                .as_ref()
                .and_then(|id| model.papers.iter().find(|p| &p.id == id))
                .map(|p| &**p),
            afis,
            inspections,
            problems: Vec::new(),
            computed: false,
        }
    }

    /// The problems found, for `check`: placeholders that cannot be filled
    /// and figures typed in the text that the records contradict.
    pub(crate) fn problems(mut self) -> Vec<Problem> {
        let _ = self.expand_body();
        self.typed_figures();
        self.problems
    }

    /// The paper as its author wrote it: the header, the body with its
    /// placeholders filled and its marked paragraphs numbered, then the
    /// appendices. What the author did not write (the as-at date, the
    /// generator) goes into `footer`, never into the text.
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
        if let Some(notice) = self.setting.notice {
            let _ = writeln!(header, "> {}\n", escape_markdown(notice));
        }
        let main = format!("{}\n", number_marked(&body).trim());
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
                    AppendixKind::ActionPlan => self.action_plan(covers, a),
                    AppendixKind::Frameworks => {
                        self.computed = true;
                        self.frameworks_appendix(covers)
                    }
                    AppendixKind::Text => {
                        number_marked(&a.text.as_deref().map(prose).unwrap_or_default()) + "\n"
                    }
                };
                (a.title.clone(), prose::neutralise(&text))
            })
            .collect();
        Laid {
            header,
            main,
            appendices,
            footer: Footer {
                committee: paper.committee.clone(),
                report: report_number(&paper.report).to_owned(),
                meeting: long_date(paper.meeting),
                as_at: long_date(Date::Day(paper.as_at)),
                computed: self.computed,
            },
        }
    }
}

/// A report number as the papers write it in their opening sentence
/// ("Report 7 of the 08 May 03 meeting"), though the header block may pad it
/// ("Report: 07").
pub(crate) fn report_number(report: &str) -> &str {
    match report.trim_start_matches('0') {
        "" if !report.is_empty() => "0",
        digits if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) => digits,
        _ => report,
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

#[cfg(test)]
mod tests {
    use super::report_number;

    #[test]
    fn report_numbers_lose_their_padding_only() {
        assert_eq!(report_number("07"), "7");
        assert_eq!(report_number("11"), "11");
        assert_eq!(report_number("0"), "0");
        assert_eq!(report_number("7a"), "7a");
        assert_eq!(report_number("A/12"), "A/12");
    }
}
