//! The built-in templates written as Rust: each function writes the
//! bytes Tera writes for the same page through the template of the same
//! name in `templates/`, without building template values or interpreting
//! the template (a third of `build`'s time, docs/performance.md). A page is
//! rendered here only when its template, and every template it extends or
//! includes, is the built-in one; a repository that overrides any of them
//! gets Tera (`render/templates.rs`). `tests/it/templates.rs` builds the
//! fixtures and `records/` both ways and compares the bytes, so a change to
//! a template that is not made here too fails the tests.

mod base;
mod dashboard;
mod lists;
mod papers;
mod records;
mod report;

use std::fmt::Display;

use crate::model::prose::escape_markdown;
use crate::render::view::Page;
use crate::render::view::types::{AfiRow, Content, SiteView};

/// Every template a page template is made of: itself, what it extends and
/// what it includes. `None` for a name that is not a page template.
pub(crate) fn made_of(template: &str) -> Option<&'static [&'static str]> {
    Some(match template {
        "index.html" => &[
            "index.html",
            "base.html",
            "counts_table.html",
            "trend_chart.html",
            "reconciliation.html",
        ],
        "inspections.html" => &["inspections.html", "base.html"],
        "inspection.html" => &[
            "inspection.html",
            "base.html",
            "afi_table.html",
            "counts_table.html",
            "reconciliation.html",
            "trend_chart.html",
        ],
        "afi.html" => &["afi.html", "base.html"],
        "dimension.html" => &["dimension.html", "base.html"],
        "group.html" => &[
            "group.html",
            "base.html",
            "afi_table.html",
            "counts_table.html",
        ],
        "overdue.html" => &["overdue.html", "base.html", "afi_table.html"],
        "silent.html" => &["silent.html", "base.html", "afi_table.html"],
        "movement.html" => &["movement.html", "base.html", "movement_table.html"],
        "trend.html" => &["trend.html", "base.html", "trend_chart.html"],
        "paper.html" => &["paper.html", "base.html"],
        "papers.html" => &["papers.html", "base.html"],
        "report.md" => &["report.md"],
        _ => return None,
    })
}

/// The page through its built-in template, or `None` when its template is
/// not one written here.
pub(crate) fn render(page: &Page) -> Option<String> {
    made_of(page.template)?;
    let mut o = Out(String::with_capacity(8 * 1024));
    match &page.content {
        Content::Dashboard(view) => dashboard::index(&mut o, page, view),
        Content::Inspections { inspections } => records::inspections(&mut o, page, inspections),
        Content::Inspection(view) => records::inspection(&mut o, page, view),
        Content::Afi(view) => records::afi(&mut o, page, view),
        Content::Dimension(view) => lists::dimension(&mut o, page, view),
        Content::Group(view) => lists::group(&mut o, page, view),
        Content::Overdue { buckets } => lists::overdue(&mut o, page, buckets),
        Content::Silent { afis } => lists::silent(&mut o, page, afis),
        Content::Movement(view) => lists::movement(&mut o, page, view),
        Content::Trend { trend } => dashboard::trend(&mut o, page, trend),
        Content::Paper(view) => papers::paper(&mut o, page, view),
        Content::Papers { papers } => papers::papers(&mut o, page, papers),
        Content::Report(view) => report::report(&mut o, page, view),
    }
    Some(o.0)
}

/// The page being written.
pub(super) struct Out(String);

impl Out {
    /// Markup, as the template has it.
    fn s(&mut self, markup: &str) {
        self.0.push_str(markup);
    }

    /// Text, escaped as Tera escapes it in `.html` templates (the same
    /// function, with `fast_escape`).
    fn t(&mut self, text: &str) {
        // Writing to a String cannot fail.
        let _ = pulldown_cmark_escape::escape_html(&mut self.0, text);
    }

    /// Text from a record made inert in a line of Markdown, as the `md`
    /// filter makes it.
    fn md(&mut self, text: &str) {
        self.0.push_str(&escape_markdown(text));
    }

    /// A number, which needs no escaping.
    fn n(&mut self, number: impl Display) {
        use std::fmt::Write;
        let _ = write!(self.0, "{number}");
    }
}

/// A text a template tests with `{% if %}`: Tera counts an empty text, like
/// a missing one, as false.
fn given(text: Option<&str>) -> Option<&str> {
    text.filter(|t| !t.is_empty())
}

/// `<time datetime="{{ site.as_at_iso }}">{{ site.as_at }}</time>`
fn as_at_time(o: &mut Out, site: &SiteView) {
    o.s("<time datetime=\"");
    o.t(&site.as_at_iso);
    o.s("\">");
    o.t(&site.as_at);
    o.s("</time>");
}

/// `<h1>{{ title }}</h1>` and the as-at line that follows it on most
/// pages, up to and with the time: `lead` is the words before the time.
fn as_at_heading(o: &mut Out, page: &Page, lead: &str) {
    o.s("\n<h1>");
    o.t(&page.title);
    o.s("</h1>\n<p class=\"as-at\">");
    o.s(lead);
    o.s(" ");
    as_at_time(o, &page.site);
}

/// `{{ root }}{{ afi.href }}`: the link to an AFI's page, written part by
/// part rather than made first (escaping the parts one by one gives the
/// same text).
fn afi_href(o: &mut Out, root: &str, afi: &AfiRow<'_>) {
    o.t(root);
    afi.href_parts().into_iter().for_each(|part| o.t(part));
}

/// `{{ root }}{{ afi.inspection_href }}`
fn inspection_href(o: &mut Out, root: &str, afi: &AfiRow<'_>) {
    o.t(root);
    afi.inspection_href_parts()
        .into_iter()
        .for_each(|part| o.t(part));
}

/// A number a template tests with `{% if %}`: zero, like none, is false.
fn nonzero(number: Option<i32>) -> Option<i32> {
    number.filter(|n| *n != 0)
}
