//! `paper.html` (a committee paper as a page) and `papers.html`.

use super::base::{Blocks, PLAIN, base};
use super::{Out, given};
use crate::render::view::Page;
use crate::render::view::types::{PaperRow, PaperView};

pub(super) fn paper(o: &mut Out, page: &Page, view: &PaperView) {
    let head = |o: &mut Out| {
        o.s("<style>\n@page {\n  @top-left { content: ");
        // A CSS string literal already (`running_header_css`), printed as
        // it is, as the template's `safe` does.
        o.s(&view.running_header_css);
        o.s("; font-size: 9pt; }\n  @bottom-right { content: \"Page \" counter(page) \" of \" counter(pages); font-size: 9pt; }\n}\n</style>\n");
    };
    let blocks = Blocks {
        head: &head,
        body_class: "paper-page",
    };
    base(o, page, &blocks, |o| {
        o.s("\n<article class=\"paper\">\n<h1>");
        o.t(&page.title);
        o.s("</h1>\n<dl class=\"paper-meta\">\n<dt>Report</dt><dd>");
        o.t(&view.report);
        o.s("</dd>\n<dt>Date</dt><dd><time datetime=\"");
        o.t(&view.meeting_iso);
        o.s("\">");
        o.t(&view.meeting);
        o.s("</time></dd>\n<dt>By</dt><dd>");
        o.t(&view.by);
        o.s("</dd>\n</dl>\n");
        if let Some(notice) = given(view.notice.as_deref()) {
            o.s("<p class=\"notice\">");
            o.t(notice);
            o.s("</p>\n");
        }
        o.s("<p class=\"paper-formats no-print\">This paper as <a href=\"");
        o.t(&view.docx_href);
        o.s("\">Word</a>, <a href=\"");
        o.t(&view.pdf_href);
        o.s("\">PDF</a> or <a href=\"");
        o.t(&view.markdown_href);
        o.s("\">Markdown</a></p>\n");
        o.s(&view.main_html);
        o.s("\n");
        for appendix in &view.appendices {
            o.s("<section class=\"appendix\" aria-labelledby=\"appendix-");
            o.n(appendix.number);
            o.s("\">\n<h2 id=\"appendix-");
            o.n(appendix.number);
            o.s("\">Appendix ");
            o.n(appendix.number);
            o.s(": ");
            o.t(&appendix.title);
            o.s("</h2>\n");
            o.s(&appendix.html);
            o.s("</section>\n");
        }
        o.s("<footer class=\"paper-footer\"><p>");
        o.t(&view.committee);
        o.s(", ");
        o.t(&view.meeting);
        o.s(". ");
        o.t(&view.as_at_note);
        o.s("</p></footer>\n</article>\n");
    });
}

pub(super) fn papers(o: &mut Out, page: &Page, papers: &[PaperRow]) {
    let root = page.root.as_str();
    base(o, page, &PLAIN, |o| {
        o.s("\n<h1>");
        o.t(&page.title);
        o.s("</h1>\n<p>Papers to committee, in meeting date order, oldest first. Every figure in a paper is computed from the records as at the paper's own date, so a paper rebuilt later says what it said on the day.</p>\n");
        if papers.is_empty() {
            o.s("<p>No papers yet.</p>\n");
        } else {
            o.s("<div class=\"table-wrap\" role=\"region\" aria-label=\"Committee papers\" tabindex=\"0\">\n<table>\n<caption>Committee papers</caption>\n<thead><tr><th scope=\"col\">Paper</th><th scope=\"col\">Meeting</th><th scope=\"col\">Report</th><th scope=\"col\">Figures as at</th><th scope=\"col\">Markdown</th></tr></thead>\n<tbody>\n");
            for p in papers {
                o.s("<tr><th scope=\"row\"><a href=\"");
                o.t(root);
                o.t(&p.href);
                o.s("\">");
                o.t(&p.title);
                o.s("</a><br><span class=\"note\">");
                o.t(&p.committee);
                o.s("</span></th><td><time datetime=\"");
                o.t(&p.meeting_iso);
                o.s("\">");
                o.t(&p.meeting);
                o.s("</time></td><td>");
                o.t(&p.report);
                o.s("</td><td>");
                o.t(&p.as_at);
                o.s("</td><td><a href=\"");
                o.t(root);
                o.t(&p.markdown_href);
                o.s("\">Markdown<span class=\"visually-hidden\"> of ");
                o.t(&p.title);
                o.s("</span></a></td></tr>\n");
            }
            o.s("</tbody>\n</table>\n</div>\n");
        }
        o.s("\n");
    });
}
