//! Committee papers: the page of one paper, laid out in the house format,
//! and the index of papers.

use crate::model::Date;
use crate::model::prose::long_date;
use crate::render::markdown;

use super::types::{AppendixView, Content, PaperRow, PaperView};
use super::{Builder, Page};

impl Builder<'_> {
    /// The page of one paper, laid out in the house format.
    pub(crate) fn paper(
        &self,
        paper: &crate::model::Paper,
        laid: &crate::paper::Laid,
        notice: Option<&str>,
    ) -> Page {
        let no_links = |_: &str| None;
        let content = PaperView {
            report: paper.report.clone(),
            committee: paper.committee.clone(),
            meeting: long_date(paper.meeting),
            meeting_iso: paper.meeting.to_string(),
            by: paper.by.clone(),
            paper_as_at: long_date(Date::Day(paper.as_at)),
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
        };
        self.page(
            "paper.html",
            format!("papers/{}.html", paper.id),
            paper.title.clone(),
            Some(&paper.path),
            Content::Paper(Box::new(content)),
        )
    }

    /// The list of papers, newest meeting first.
    pub(crate) fn papers_index(&self) -> Page {
        let mut papers: Vec<&crate::model::Paper> = self.model.papers.iter().collect();
        papers.sort_by_key(|p| (std::cmp::Reverse(p.meeting.first_day()), p.id.clone()));
        let papers = papers
            .into_iter()
            .map(|p| PaperRow {
                title: p.title.clone(),
                href: format!("papers/{}.html", p.id),
                markdown_href: format!("papers/{}.md", p.id),
                report: p.report.clone(),
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
