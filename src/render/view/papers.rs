//! Committee papers: the page of one paper, laid out in the house format,
//! and the index of papers.

use crate::model::Date;
use crate::model::prose::long_date;
use crate::render::markdown;

use super::types::{AppendixView, Content, Crumb, PaperRow, PaperView};
use super::{Builder, Page};

impl<'a> Builder<'a> {
    /// The page of one paper, laid out in the house format.
    pub(crate) fn paper(
        &self,
        paper: &crate::model::Paper,
        laid: &crate::paper::Laid,
        notice: Option<&str>,
    ) -> Page<'a> {
        let no_links = |_: &str| None;
        let content = PaperView {
            report: paper.report.clone(),
            committee: paper.committee.clone(),
            meeting: long_date(paper.meeting),
            meeting_iso: paper.meeting.to_string(),
            by: paper.by.clone(),
            running_header_css: css_string(&format!(
                "Report {}, {}",
                laid.footer.report,
                long_date(paper.meeting)
            )),
            as_at_note: laid.footer.as_at_note(),
            notice: notice.map(str::to_owned),
            main_html: markdown::to_html(&laid.main, &no_links),
            appendices: laid
                .appendices
                .iter()
                .enumerate()
                .map(|(i, (title, text))| AppendixView {
                    number: i + 1,
                    title: title.clone(),
                    html: markdown::to_html(text, &no_links),
                })
                .collect(),
            markdown_href: format!("{}.md", paper.id),
            docx_href: format!("{}.docx", paper.id),
            pdf_href: format!("{}.pdf", paper.id),
        };
        let mut page = self.page(
            "paper.html",
            format!("papers/{}.html", paper.id),
            paper.title.clone(),
            Some(&paper.path),
            Content::Paper(Box::new(content)),
        );
        page.breadcrumbs = vec![
            Crumb {
                label: "Dashboard".to_owned(),
                href: Some("index.html".to_owned()),
            },
            Crumb {
                label: "Committee papers".to_owned(),
                href: Some("papers/index.html".to_owned()),
            },
            Crumb {
                label: paper.title.clone(),
                href: None,
            },
        ];
        page
    }

    /// The list of papers in meeting date order, oldest first, as an
    /// archive of committee papers reads.
    pub(crate) fn papers_index(&self) -> Page<'a> {
        let mut papers: Vec<&crate::model::Paper> =
            self.model.papers.iter().map(|p| &**p).collect();
        papers.sort_by_key(|p| (p.meeting.first_day(), p.id.clone()));
        let papers = papers
            .into_iter()
            .map(|p| PaperRow {
                title: p.title.clone(),
                href: format!("papers/{}.html", p.id),
                markdown_href: format!("papers/{}.md", p.id),
                report: format!("Report {}", crate::paper::report_number(&p.report)),
                committee: p.committee.clone(),
                meeting: long_date(p.meeting),
                meeting_iso: p.meeting.to_string(),
                as_at: long_date(Date::Day(p.as_at)),
            })
            .collect();
        self.page(
            "papers.html",
            "papers/index.html".to_owned(),
            "Committee papers".to_owned(),
            None,
            Content::Papers { papers },
        )
    }
}

/// `text` as a CSS string literal, for the print stylesheet's running
/// header: every character other than a letter, a digit, a space or plain
/// punctuation is written as a CSS escape, so text from a record can never
/// end the string, the rule or the `<style>` element.
fn css_string(text: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::from("\"");
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, ' ' | ',' | '.' | '-' | ':' | '/' | '(' | ')') {
            out.push(c);
        } else {
            let _ = write!(out, "\\{:06x}", u32::from(c));
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::css_string;

    #[test]
    fn running_header_text_cannot_escape_its_string() {
        assert_eq!(
            css_string("Report 7, 8 May 2003"),
            "\"Report 7, 8 May 2003\""
        );
        let hostile = css_string("x\"; } </style><script>alert(1)</script>");
        assert!(!hostile[1..hostile.len() - 1].contains(['"', '<', '>', ';', '}', '{']));
        assert!(hostile.contains("\\00003c"));
    }
}
