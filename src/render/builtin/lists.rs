//! `afi_table.html`, `counts_table.html`, `movement_table.html`, and the
//! pages that are mostly lists: `group.html`, `dimension.html`,
//! `overdue.html`, `silent.html` and `movement.html`.

use super::base::{PLAIN, base};
use super::{Out, afi_href, as_at_heading, as_at_time, given, inspection_href, nonzero};
use crate::render::view::Page;
use crate::render::view::types::{
    AfiRow, BucketView, CountsView, DimensionView, GroupView, MoveView, MovementView, Row,
};

/// What a page sets before it includes `afi_table.html`.
pub(super) struct Table<'a> {
    pub(super) root: &'a str,
    pub(super) caption: &'a str,
    /// The column left out: `owner`, `inspection`, or `` for none.
    pub(super) omit: &'a str,
}

pub(super) fn afi_table(o: &mut Out, table: &Table<'_>, afis: &[Row]) {
    let (root, omit) = (table.root, table.omit);
    o.s("<div class=\"table-wrap\" role=\"region\" aria-label=\"");
    o.t(table.caption);
    o.s("\" tabindex=\"0\">\n<table class=\"afis");
    if !omit.is_empty() {
        o.s(" omit-");
        o.t(omit);
    }
    o.s("\">\n<caption>");
    o.t(table.caption);
    o.s("</caption>\n<thead>\n<tr><th scope=\"col\" class=\"col-afi\">AFI</th><th scope=\"col\" class=\"col-status\">Status</th><th scope=\"col\" class=\"col-rag\">RAG</th><th scope=\"col\" class=\"col-target\">Target</th>");
    if omit != "owner" {
        o.s("<th scope=\"col\" class=\"col-owner\">Owner</th>");
    }
    if omit != "inspection" {
        o.s("<th scope=\"col\" class=\"col-inspection\">Inspection</th>");
    }
    o.s("</tr>\n</thead>\n<tbody>\n");
    for afi in afis {
        afi_table_row(o, root, omit, afi);
    }
    if afis.is_empty() {
        o.s("<tr><td colspan=\"");
        o.s(if omit.is_empty() { "6" } else { "5" });
        o.s("\">None.</td></tr>\n");
    }
    o.s("</tbody>\n</table>\n</div>\n");
}

/// `<a href="{{ root }}{{ afi.href }}">{% if afi.label %}{{ afi.label }}: {% endif %}{{ afi.title }}</a>`
fn afi_link(o: &mut Out, root: &str, afi: &AfiRow<'_>) {
    o.s("<a href=\"");
    afi_href(o, root, afi);
    o.s("\">");
    if let Some(label) = given(afi.label()) {
        o.t(label);
        o.s(": ");
    }
    o.t(afi.title());
    o.s("</a>");
}

fn afi_table_row(o: &mut Out, root: &str, omit: &str, afi: &AfiRow<'_>) {
    o.s("<tr>\n<th scope=\"row\">");
    afi_link(o, root, afi);
    o.s("</th>\n<td><span class=\"tag tag-");
    o.t(&afi.group_class());
    o.s("\">");
    o.t(afi.status);
    o.s("</span>");
    if let Some(days) = nonzero(afi.days_silent()) {
        o.s("<br><span class=\"note\">no update for ");
        o.n(days);
        o.s(" days</span>");
    }
    o.s("</td>\n<td><span class=\"rag rag-");
    o.t(&afi.rag_class());
    o.s("\">");
    o.t(afi.rag());
    o.s("</span></td>\n<td>");
    match given(afi.due().as_deref()) {
        Some(due) => o.t(due),
        None => o.s("<span class=\"muted\">None set</span>"),
    }
    if let Some(days) = nonzero(afi.days_overdue()) {
        o.s("<br><span class=\"note\">");
        o.n(days);
        o.s(" days overdue</span>");
    }
    o.s("</td>\n");
    if omit != "owner" {
        o.s("<td>");
        match given(afi.owner()) {
            Some(owner) => o.t(owner),
            None => o.s("<span class=\"muted\">Not recorded</span>"),
        }
        o.s("</td>\n");
    }
    if omit != "inspection" {
        o.s("<td><a href=\"");
        inspection_href(o, root, afi);
        o.s("\">");
        o.t(afi.inspection);
        o.s("</a></td>\n");
    }
    o.s("</tr>\n");
}

pub(super) fn counts_table(o: &mut Out, caption: &str, counts: &CountsView) {
    o.s("<div class=\"table-wrap\" role=\"region\" aria-label=\"");
    o.t(caption);
    o.s("\" tabindex=\"0\">\n<table class=\"counts\">\n<caption>");
    o.t(caption);
    o.s("</caption>\n<thead><tr><th scope=\"col\">Roll-up group</th><th scope=\"col\" class=\"num\">AFIs</th></tr></thead>\n<tbody>\n");
    for group in &counts.groups {
        o.s("<tr><th scope=\"row\">");
        o.t(&group.label);
        o.s("</th><td class=\"num\">");
        o.n(group.count);
        o.s("</td></tr>\n");
    }
    o.s("</tbody>\n<tfoot><tr><th scope=\"row\">Total</th><td class=\"num\">");
    o.n(counts.total);
    o.s("</td></tr></tfoot>\n</table>\n</div>\n");
}

pub(super) fn group(o: &mut Out, page: &Page, view: &GroupView) {
    let site = &page.site;
    base(o, page, &PLAIN, |o| {
        o.s("\n<h1>");
        o.t(&view.name);
        o.s("</h1>\n");
        if !view.gradings.is_empty() {
            o.s("<ul class=\"gradings\">\n");
            for g in &view.gradings {
                o.s("<li>Graded ");
                o.t(g);
                o.s("</li>\n");
            }
            o.s("</ul>\n");
        }
        o.s("<p class=\"as-at\">Figures as at ");
        as_at_time(o, site);
        o.s(".</p>\n<ul class=\"headline\">\n<li><strong>");
        let counts = &view.counts;
        o.n(counts.total);
        o.s("</strong> AFIs, <strong>");
        o.n(counts.open);
        o.s("</strong> open</li>\n<li><strong>");
        o.n(counts.overdue);
        o.s("</strong> overdue</li>\n<li><strong>");
        o.n(counts.due_soon);
        o.s("</strong> due in the next 30 days</li>\n<li><strong>");
        o.n(counts.silent);
        o.s("</strong> with ");
        o.t(&site.silent_label.to_lowercase());
        if let Some(days) = counts.longest_silence {
            o.s("; the longest time without an update is ");
            o.n(days);
            o.s(" days");
        }
        o.s("</li>\n</ul>\n");
        let table = Table {
            root: &page.root,
            caption: "AFIs, overdue first",
            omit: view.omit.unwrap_or(""),
        };
        afi_table(o, &table, &view.afis);
        o.s("\n");
        counts_table(o, "By roll-up group", counts);
        o.s("\n");
    });
}

pub(super) fn dimension(o: &mut Out, page: &Page, view: &DimensionView) {
    let root = page.root.as_str();
    base(o, page, &PLAIN, |o| {
        as_at_heading(o, page, "Figures as at");
        o.s(".</p>\n");
        if view.rows.is_empty() {
            o.s("<p>No AFIs yet.</p>\n\n");
            return;
        }
        o.s("<div class=\"table-wrap\" role=\"region\" aria-label=\"");
        o.t(&page.title);
        o.s("\" tabindex=\"0\">\n<table>\n<caption>");
        o.t(&page.title);
        o.s("</caption>\n");
        if view.chase {
            o.s("<thead><tr><th scope=\"col\">");
            o.t(&view.dimension);
            o.s("</th><th scope=\"col\" class=\"num\">Open</th><th scope=\"col\" class=\"num\">Overdue</th><th scope=\"col\" class=\"num\">Due in 30 days</th><th scope=\"col\" class=\"num\">");
            o.t(&page.site.silent_label);
            o.s("</th><th scope=\"col\" class=\"num\">Longest without an update (days)</th><th scope=\"col\" class=\"num\">Total</th></tr></thead>\n<tbody>\n");
            for row in &view.rows {
                let counts = &row.counts;
                o.s("<tr><th scope=\"row\"><a href=\"");
                o.t(root);
                o.t(&row.href);
                o.s("\">");
                o.t(&row.name);
                o.s("</a></th><td class=\"num\">");
                o.n(counts.open);
                o.s("</td><td class=\"num\">");
                o.n(counts.overdue);
                o.s("</td><td class=\"num\">");
                o.n(counts.due_soon);
                o.s("</td><td class=\"num\">");
                o.n(counts.silent);
                o.s("</td><td class=\"num\">");
                match counts.longest_silence {
                    Some(days) => o.n(days),
                    None => o.s("<span class=\"visually-hidden\">none open</span>"),
                }
                o.s("</td><td class=\"num\">");
                o.n(counts.total);
                o.s("</td></tr>\n");
            }
            o.s("</tbody>\n");
        } else {
            o.s("<thead><tr><th scope=\"col\">");
            o.t(&view.dimension);
            o.s("</th>");
            for label in &view.group_labels {
                o.s("<th scope=\"col\" class=\"num\">");
                o.t(label);
                o.s("</th>");
            }
            o.s("<th scope=\"col\" class=\"num\">Total</th><th scope=\"col\" class=\"num\">Overdue</th></tr></thead>\n<tbody>\n");
            for row in &view.rows {
                o.s("<tr><th scope=\"row\"><a href=\"");
                o.t(root);
                o.t(&row.href);
                o.s("\">");
                o.t(&row.name);
                o.s("</a>");
                for g in &row.gradings {
                    o.s("<br><span class=\"note\">Graded ");
                    o.t(g);
                    o.s("</span>");
                }
                o.s("</th>");
                for g in &row.counts.groups {
                    o.s("<td class=\"num\">");
                    o.n(g.count);
                    o.s("</td>");
                }
                o.s("<td class=\"num\">");
                o.n(row.counts.total);
                o.s("</td><td class=\"num\">");
                o.n(row.counts.overdue);
                o.s("</td></tr>\n");
            }
            o.s("</tbody>\n");
        }
        o.s("</table>\n</div>\n\n");
    });
}

pub(super) fn overdue(o: &mut Out, page: &Page, buckets: &[BucketView]) {
    base(o, page, &PLAIN, |o| {
        as_at_heading(o, page, "As at");
        o.s(": open AFIs whose target date has passed, by how long.</p>\n");
        for bucket in buckets {
            o.s("<h2>");
            o.t(&bucket.label);
            o.s(" (");
            o.n(bucket.afis.len());
            o.s(")</h2>\n");
            let table = Table {
                root: &page.root,
                caption: &bucket.label,
                omit: "",
            };
            afi_table(o, &table, &bucket.afis);
            o.s("\n");
        }
        o.s("\n");
    });
}

pub(super) fn silent(o: &mut Out, page: &Page, afis: &[Row]) {
    let site = &page.site;
    base(o, page, &PLAIN, |o| {
        as_at_heading(o, page, "As at");
        o.s(": open AFIs whose owners have sent no progress update for more than ");
        o.n(site.stale_after_days);
        o.s(" days (or none since the AFI was raised), longest silence first. This is worked out from the dates of the updates; it is not the roll-up group \"Update awaited\", which an update itself sets.</p>\n");
        let table = Table {
            root: &page.root,
            caption: &site.silent_label,
            omit: "",
        };
        afi_table(o, &table, afis);
        o.s("\n");
    });
}

pub(super) fn movement(o: &mut Out, page: &Page, view: &MovementView) {
    let site = &page.site;
    base(o, page, &PLAIN, |o| {
        o.s("\n<h1>");
        o.t(&page.title);
        o.s("</h1>\n<p class=\"as-at\">What changed between ");
        o.t(&site.since);
        o.s(" and ");
        as_at_time(o, site);
        o.s(", in three parts that never share an AFI: AFIs raised in that time (wherever they stand now), AFIs that were open on ");
        o.t(&site.since);
        o.s(" and are now closed, and AFIs that moved to another roll-up group without closing.</p>\n");
        let parts = [
            ("raised", &view.raised, "Raised since "),
            ("closed", &view.closed, "Closed since "),
            ("moved", &view.moved, "Moved to another group since "),
        ];
        for (part, moves, heading) in parts {
            movement_table(o, page, part, moves, &format!("{heading}{}", site.since));
            o.s("\n");
        }
    });
}

fn movement_table(o: &mut Out, page: &Page, part: &str, moves: &[MoveView], heading: &str) {
    let (root, site) = (page.root.as_str(), &page.site);
    o.s("<h2 id=\"");
    o.t(part);
    o.s("\">");
    o.t(heading);
    o.s(" (");
    o.n(moves.len());
    o.s(")</h2>\n");
    if moves.is_empty() {
        o.s("<p>None.</p>\n\n");
        return;
    }
    o.s("<div class=\"table-wrap\" role=\"region\" aria-label=\"");
    o.t(heading);
    o.s("\" tabindex=\"0\">\n<table>\n<caption>");
    o.t(heading);
    o.s("</caption>\n<thead><tr><th scope=\"col\">AFI</th>");
    if part != "raised" {
        o.s("<th scope=\"col\">On ");
        o.t(&site.since);
        o.s("</th>");
    }
    o.s("<th scope=\"col\">On ");
    o.t(&site.as_at);
    o.s("</th><th scope=\"col\">Inspection</th></tr></thead>\n<tbody>\n");
    for m in moves {
        let afi = &m.afi;
        o.s("<tr><th scope=\"row\">");
        afi_link(o, root, afi);
        o.s("</th>");
        if part != "raised" {
            o.s("<td>");
            if let Some(from) = &m.from {
                o.t(from);
            }
            o.s("</td>");
        }
        o.s("<td>");
        o.t(&m.to);
        o.s("</td><td><a href=\"");
        inspection_href(o, root, afi);
        o.s("\">");
        o.t(afi.inspection);
        o.s("</a></td></tr>\n");
    }
    o.s("</tbody>\n</table>\n</div>\n\n");
}
