//! `afi.html`, `inspection.html` and `inspections.html`.

use super::base::{PLAIN, base};
use super::dashboard::{reconciliation, trend_chart};
use super::lists::{Table, afi_table, counts_table};
use super::{Out, as_at_heading, as_at_time, given, inspection_href, nonzero};
use crate::render::view::Page;
use crate::render::view::types::{AfiView, InspectionRow, InspectionView};

/// `{% if x_href %}<a href="{{ root }}{{ x_href }}">{{ x }}</a>{% else %}{{ x }}{% endif %}`
fn linked(o: &mut Out, root: &str, href: &Option<String>, text: &str) {
    match given(href.as_deref()) {
        Some(href) => {
            o.s("<a href=\"");
            o.t(root);
            o.t(href);
            o.s("\">");
            o.t(text);
            o.s("</a>");
        }
        None => o.t(text),
    }
}

pub(super) fn afi(o: &mut Out, page: &Page, view: &AfiView) {
    let root = page.root.as_str();
    let site = &page.site;
    let row = &view.row;
    base(o, page, &PLAIN, |o| {
        as_at_heading(o, page, "As at");
        o.s(": <span class=\"tag tag-");
        o.t(&row.group_class());
        o.s("\">");
        o.t(row.status);
        o.s("</span> <span class=\"rag rag-");
        o.t(&row.rag_class());
        o.s("\">");
        o.t(row.rag());
        o.s("</span> ");
        o.t(row.rag_reason());
        o.s(".</p>\n<dl class=\"facts\">\n<dt>Inspection</dt><dd><a href=\"");
        inspection_href(o, root, row);
        o.s("\">");
        o.t(row.inspection);
        o.s("</a></dd>\n");
        if let Some(framework) = given(view.framework.as_deref()) {
            o.s("<dt>Framework</dt><dd>");
            linked(o, root, &view.framework_href, framework);
            if let Some(grading) = given(view.grading.as_deref()) {
                o.s(" (graded ");
                o.t(grading);
                o.s(")");
            }
            o.s("</dd>\n");
        }
        if let Some(theme) = given(view.theme.as_deref()) {
            o.s("<dt>Theme</dt><dd>");
            linked(o, root, &view.theme_href, theme);
            o.s("</dd>\n");
        }
        o.s("<dt>Owner</dt><dd>");
        match given(row.owner()) {
            Some(owner) => linked(o, root, &view.owner_href, owner),
            None => o.s("Not recorded"),
        }
        o.s("</dd>\n<dt>Raised</dt><dd>");
        o.t(&view.raised);
        o.s("</dd>\n<dt>Target</dt><dd>");
        match given(row.due().as_deref()) {
            Some(due) => o.t(due),
            None => o.s("None set"),
        }
        if !view.revisions.is_empty() {
            o.s(" (originally ");
            match given(view.original_due.as_deref()) {
                Some(due) => o.t(due),
                None => o.s("none"),
            }
            o.s(")");
        }
        o.s("</dd>\n<dt>Roll-up group</dt><dd>");
        o.t(row.group);
        o.s("</dd>\n");
        if let Some(days) = row.days_since_update() {
            o.s("<dt>Last heard</dt><dd>");
            match nonzero(row.days_silent()) {
                Some(silent) => {
                    o.t(&site.silent_label);
                    o.s(": none for ");
                    o.n(silent);
                    o.s(" days");
                }
                None => {
                    o.n(days);
                    o.s(" days ago");
                }
            }
            o.s("</dd>\n");
        }
        o.s("\n</dl>\n\n");
        if !view.revisions.is_empty() {
            o.s("<h2>Target date revisions</h2>\n<ul>\n");
            for r in &view.revisions {
                o.s("<li><time datetime=\"");
                o.t(&r.date_iso);
                o.s("\">");
                o.t(&r.date);
                o.s("</time>: target revised to ");
                if let Some(due) = &r.due {
                    o.t(due);
                }
                o.s("</li>\n");
            }
            o.s("</ul>\n");
        }
        o.s("\n\n");
        if !view.text_html.is_empty() {
            o.s("<div class=\"record-text\">\n");
            o.s(&view.text_html);
            o.s("</div>\n");
        }
        o.s("\n\n<h2>Progress</h2>\n");
        if let Some(url) = given(view.update_url.as_deref()) {
            o.s("<p><a href=\"");
            o.t(url);
            o.s("\">Send an update</a> on this AFI: a short form, no git needed.</p>\n");
        }
        if view.updates.is_empty() {
            o.s("<p>No progress updates recorded.</p>\n");
        } else {
            o.s("<ol class=\"timeline\">\n");
            for u in &view.updates {
                o.s("<li");
                if u.after_as_at {
                    o.s(" class=\"later\"");
                }
                o.s(">\n<p class=\"when\"><time datetime=\"");
                o.t(&u.date_iso);
                o.s("\">");
                o.t(&u.date);
                o.s("</time>: ");
                if u.rejected {
                    o.s("<del>");
                    o.t(&u.status);
                    o.s("</del>");
                } else {
                    o.s("<strong>");
                    o.t(&u.status);
                    o.s("</strong>");
                }
                if let Some(by) = given(u.by.as_deref()) {
                    o.s(" <span class=\"note\">(from ");
                    o.t(by);
                    o.s(")</span>");
                }
                if u.after_as_at {
                    o.s(" <span class=\"note\">(after ");
                    o.t(&site.as_at);
                    o.s(")</span>");
                }
                o.s("</p>\n<p>");
                o.t(&u.note);
                o.s("</p>\n");
                if let Some(due) = given(u.due.as_deref()) {
                    o.s("<p class=\"note\">Target revised to ");
                    o.t(due);
                    if let Some(reason) = given(u.reason.as_deref()) {
                        o.s(": ");
                        o.t(reason);
                    }
                    o.s(".</p>");
                }
                o.s("\n");
                if !u.evidence.is_empty() {
                    o.s("<p class=\"note\">Evidence: ");
                    for (i, e) in u.evidence.iter().enumerate() {
                        if i > 0 {
                            o.s("; ");
                        }
                        o.t(e);
                    }
                    o.s("</p>");
                }
                o.s("\n<p class=\"note");
                if u.assured {
                    o.s(" assured");
                }
                o.s("\">");
                o.t(&u.assessment);
                if u.rejected {
                    o.s("; this update does not count");
                }
                o.s(".</p>\n</li>\n");
            }
            o.s("</ol>\n");
        }
        o.s("\n");
    });
}

pub(super) fn inspection(o: &mut Out, page: &Page, view: &InspectionView) {
    let root = page.root.as_str();
    base(o, page, &PLAIN, |o| {
        as_at_heading(o, page, "Figures as at");
        o.s(".</p>\n<dl class=\"facts\">\n<dt>Inspecting body</dt><dd>");
        o.t(&view.body);
        o.s("</dd>\n<dt>Subject</dt><dd>");
        o.t(&view.subject);
        o.s("</dd>\n");
        if let Some(programme) = given(view.programme.as_deref()) {
            o.s("<dt>Programme</dt><dd>");
            linked(o, root, &view.programme_href, programme);
            o.s("</dd>\n");
        }
        o.s("<dt>Status</dt><dd>");
        o.t(&view.status);
        o.s("</dd>\n");
        for period in &view.fieldwork {
            o.s("<dt>Date of inspection</dt><dd>");
            o.t(period);
            o.s("</dd>\n");
        }
        if let Some(published) = given(view.published.as_deref()) {
            o.s("<dt>Report published</dt><dd>");
            o.t(published);
            o.s("</dd>\n");
        }
        for r in &view.revisits {
            o.s("<dt>Revisit</dt><dd>");
            let visited = given(r.visited.as_deref());
            let published = given(r.published.as_deref());
            if let Some(visited) = visited {
                o.s("visited ");
                o.t(visited);
            }
            if visited.is_some() && published.is_some() {
                o.s("; ");
            }
            if let Some(published) = published {
                o.s("report published ");
                o.t(published);
            }
            if let Some(due) = given(r.due.as_deref()) {
                o.s(match visited.is_none() && published.is_none() {
                    true => "due ",
                    false => "; due ",
                });
                o.t(due);
            }
            if let Some(note) = given(r.note.as_deref()) {
                o.s(" (");
                o.t(note);
                o.s(")");
            }
            o.s("</dd>\n");
        }
        o.s("</dl>\n\n");
        if !view.gradings.is_empty() {
            o.s("<div class=\"table-wrap\" role=\"region\" aria-label=\"Gradings\" tabindex=\"0\">\n<table>\n<caption>Gradings</caption>\n<thead><tr><th scope=\"col\">Framework</th><th scope=\"col\">Grade</th><th scope=\"col\">Direction</th><th scope=\"col\" class=\"num\">AFIs</th></tr></thead>\n<tbody>\n");
            for g in &view.gradings {
                o.s("<tr><th scope=\"row\">");
                linked(o, root, &g.href, &g.framework);
                if let Some(note) = given(g.note.as_deref()) {
                    o.s("<br><span class=\"note\">");
                    o.t(note);
                    o.s("</span>");
                }
                o.s("</th><td>");
                o.t(&g.grade);
                o.s("</td><td>");
                if let Some(direction) = given(g.direction.as_deref()) {
                    o.t(direction);
                }
                o.s("</td><td class=\"num\">");
                o.n(g.afis);
                o.s("</td></tr>\n");
            }
            o.s("</tbody>\n</table>\n</div>\n");
        }
        o.s("\n\n<h2>Areas for improvement</h2>\n");
        let table = Table {
            root,
            caption: "AFIs raised by this inspection",
            omit: "inspection",
        };
        afi_table(o, &table, &view.afis);
        o.s("\n");
        counts_table(o, "AFIs of this inspection by roll-up group", &view.counts);
        o.s("\n");
        if !view.reconciliations.is_empty() {
            o.s("<h3>Published figures and the records</h3>\n");
            reconciliation(o, root, &view.reconciliations);
        }
        o.s("\n");
        if let Some(trend) = &view.trend {
            o.s("<h3>Trend</h3>\n");
            trend_chart(
                o,
                trend,
                "trend",
                "AFIs of this inspection by roll-up group at the end of each month in which a figure changed, and on the first and last dates",
            );
        }
        o.s("\n\n");
        if !view.good_practice.is_empty() {
            o.s("<h2>Good practice</h2>\n<ol>\n");
            for item in &view.good_practice {
                o.s("<li>");
                o.t(item);
                o.s("</li>\n");
            }
            o.s("</ol>\n");
        }
        o.s("\n");
        if let Some(conclusion) = given(view.conclusion.as_deref()) {
            o.s("<h2>Conclusion</h2>\n<p>");
            o.t(conclusion);
            o.s("</p>\n");
        }
        o.s("\n");
        if !view.text_html.is_empty() {
            o.s("<h2>Notes</h2>\n<div class=\"record-text\">\n");
            o.s(&view.text_html);
            o.s("</div>\n");
        }
        o.s("\n");
    });
}

pub(super) fn inspections(o: &mut Out, page: &Page, inspections: &[InspectionRow]) {
    let root = page.root.as_str();
    let site = &page.site;
    base(o, page, &PLAIN, |o| {
        o.s("\n<h1>Inspections</h1>\n<p class=\"as-at\">Figures as at ");
        as_at_time(o, site);
        o.s(".</p>\n<div class=\"table-wrap\" role=\"region\" aria-label=\"All inspections\" tabindex=\"0\">\n<table>\n<caption>All inspections</caption>\n<thead><tr><th scope=\"col\">Inspection</th><th scope=\"col\">Body</th><th scope=\"col\">Subject</th><th scope=\"col\">Programme</th><th scope=\"col\">Report published</th><th scope=\"col\">Status</th><th scope=\"col\" class=\"num\">AFIs</th><th scope=\"col\" class=\"num\">Open</th></tr></thead>\n<tbody>\n");
        for i in inspections {
            o.s("<tr><th scope=\"row\"><a href=\"");
            o.t(root);
            o.t(&i.href);
            o.s("\">");
            o.t(&i.title);
            o.s("</a></th><td>");
            o.t(&i.body);
            o.s("</td><td>");
            o.t(&i.subject);
            o.s("</td><td>");
            if let Some(programme) = given(i.programme.as_deref()) {
                o.t(programme);
            }
            o.s("</td><td>");
            if let Some(published) = given(i.published.as_deref()) {
                o.t(published);
            }
            o.s("</td><td>");
            o.t(&i.status);
            o.s("</td><td class=\"num\">");
            o.n(i.counts.total);
            o.s("</td><td class=\"num\">");
            o.n(i.counts.open);
            o.s("</td></tr>\n");
        }
        o.s("</tbody>\n</table>\n</div>\n");
    });
}
