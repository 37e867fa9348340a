//! `index.html` (the dashboard), `trend.html`, and the parts they share
//! with the inspection pages: `trend_chart.html` and `reconciliation.html`.

use super::base::{PLAIN, base};
use super::lists::counts_table;
use super::{Out, as_at_heading, as_at_time, given};
use crate::render::view::Page;
use crate::render::view::types::{DashboardView, ReconciliationView, TrendView};

pub(super) fn index(o: &mut Out, page: &Page, view: &DashboardView) {
    let site = &page.site;
    let (counts, chart) = (&view.counts, &view.chart);
    base(o, page, &PLAIN, |o| {
        o.s("\n<h1>");
        o.t(&site.name);
        o.s("</h1>\n<p class=\"as-at\">Figures as at ");
        as_at_time(o, site);
        o.s(".</p>\n\n<h2>Status of the AFIs</h2>\n<p>");
        o.n(counts.total);
        o.s(" areas for improvement (AFIs) had been raised by ");
        o.t(&site.as_at);
        o.s(". ");
        o.n(counts.open);
        o.s(" are open.</p>\n<figure class=\"chart\">\n<svg role=\"img\" aria-labelledby=\"chart-title\" viewBox=\"0 0 ");
        o.n(chart.width);
        o.s(" ");
        o.n(chart.height);
        o.s("\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\">\n<title id=\"chart-title\">AFIs by roll-up group as at ");
        o.t(&site.as_at);
        o.s(": ");
        for (i, bar) in chart.bars.iter().enumerate() {
            o.t(&bar.label);
            o.s(" ");
            o.n(bar.count);
            if i + 1 < chart.bars.len() {
                o.s(", ");
            }
        }
        o.s("</title>\n");
        for bar in &chart.bars {
            let y = i64::from(bar.y);
            o.s("<g>\n<text x=\"0\" y=\"");
            o.n(y + 22);
            o.s("\" class=\"chart-label\">");
            o.t(&bar.label);
            o.s("</text>\n<rect x=\"");
            o.n(chart.label_width);
            o.s("\" y=\"");
            o.n(y + 6);
            o.s("\" width=\"");
            o.n(bar.width);
            o.s("\" height=\"24\" class=\"");
            o.t(&bar.class);
            o.s("\"></rect>\n<text x=\"");
            o.n(bar.text_x);
            o.s("\" y=\"");
            o.n(y + 22);
            o.s("\" class=\"chart-value\">");
            o.n(bar.count);
            o.s("</text>\n</g>\n");
        }
        o.s("</svg>\n</figure>\n");
        counts_table(o, "AFIs by roll-up group", counts);
        o.s("\n\n<h2>Needing attention</h2>\n<ul class=\"headline\">\n<li><a href=\"overdue.html\"><strong>");
        o.n(counts.overdue);
        o.s("</strong> overdue</a>: open and past their target date</li>\n<li><a href=\"silent.html\"><strong>");
        o.n(counts.silent);
        o.s("</strong> with ");
        o.t(&site.silent_label.to_lowercase());
        o.s("</a>: open, and the owner has sent no progress update in that time (not the same as the roll-up group \"Update awaited\")</li>\n<li><strong>");
        o.n(view.due_soon);
        o.s("</strong> due in the next 30 days</li>\n<li><strong>");
        o.n(view.slipped);
        o.s("</strong> with a revised target date</li>\n</ul>\n\n<h2>Quality assessment</h2>\n<ul class=\"headline\">\n<li><strong>");
        o.n(counts.assessed);
        o.s("</strong> AFIs whose latest update has been quality-assessed by the liaison unit</li>\n<li><strong>");
        o.n(counts.awaiting_assessment);
        o.s("</strong> whose latest update awaits assessment (AFIs with no update are in neither)</li>\n</ul>\n\n<h2>Movement since ");
        o.t(&site.since);
        o.s("</h2>\n<ul class=\"headline\">\n<li><a href=\"movement.html#raised\"><strong>");
        o.n(view.movement.raised);
        o.s("</strong> raised</a>: new AFIs</li>\n<li><a href=\"movement.html#closed\"><strong>");
        o.n(view.movement.closed);
        o.s("</strong> closed</a>: open on ");
        o.t(&site.since);
        o.s(", closed now</li>\n<li><a href=\"movement.html#moved\"><strong>");
        o.n(view.movement.moved);
        o.s("</strong> moved</a>: in another roll-up group without closing</li>\n</ul>\n\n<h2>Trend</h2>\n");
        match &view.trend {
            Some(trend) => {
                trend_chart(
                    o,
                    trend,
                    "trend",
                    "AFIs by roll-up group at the end of every month",
                );
                o.s("\n<p><a href=\"trend.html\">The trend on a page of its own</a></p>\n");
            }
            None => {
                o.s("<p>No AFI had been raised by ");
                o.t(&site.as_at);
                o.s(".</p>\n");
            }
        }
        o.s("\n\n");
        if !view.reconciliations.is_empty() {
            o.s("<h2>Published figures and the records</h2>\n<p>Where a paper published figures, they are shown as published beside the figures the records give as at the paper's date.</p>\n");
            reconciliation(o, &page.root, &view.reconciliations);
        }
        o.s("\n\n<h2>Inspections</h2>\n<div class=\"table-wrap\" role=\"region\" aria-label=\"Inspections and their AFIs\" tabindex=\"0\">\n<table>\n<caption>Inspections and their AFIs</caption>\n<thead><tr><th scope=\"col\">Inspection</th><th scope=\"col\">Status</th>");
        for group in &counts.groups {
            o.s("<th scope=\"col\" class=\"num\">");
            o.t(&group.label);
            o.s("</th>");
        }
        o.s("<th scope=\"col\" class=\"num\">Total</th></tr></thead>\n<tbody>\n");
        for i in &view.inspections {
            o.s("<tr><th scope=\"row\"><a href=\"");
            o.t(&i.href);
            o.s("\">");
            o.t(&i.title);
            o.s("</a></th><td>");
            o.t(&i.status);
            o.s("</td>");
            for group in &i.counts.groups {
                o.s("<td class=\"num\">");
                o.n(group.count);
                o.s("</td>");
            }
            o.s("<td class=\"num\">");
            o.n(i.counts.total);
            o.s("</td></tr>\n");
        }
        o.s("</tbody>\n</table>\n</div>\n\n<h2>Other views</h2>\n<ul>\n");
        for d in &view.dimensions {
            o.s("<li><a href=\"");
            o.t(&d.href);
            o.s("\">");
            o.t(&d.label);
            o.s("</a> (");
            o.n(d.count);
            o.s(")</li>\n");
        }
        o.s("</ul>\n\n<h2>Downloads</h2>\n<ul>\n<li><a href=\"report.md\">report.md</a>: these figures and every list as a Markdown report, to paste into a paper or turn into Word</li>\n<li><a href=\"data.json\">data.json</a>: every record and every roll-up, for other tools</li>\n<li><a href=\"afis.csv\">afis.csv</a>: one row per AFI, for a spreadsheet</li>\n</ul>\n");
    });
}

pub(super) fn trend(o: &mut Out, page: &Page, trend: &TrendView) {
    let site = &page.site;
    base(o, page, &PLAIN, |o| {
        as_at_heading(
            o,
            page,
            "How many AFIs stood in each roll-up group at the end of every month, up to",
        );
        o.s(", worked out from the records' dated updates by the same rule as every other figure.</p>\n");
        if trend.rows.is_empty() {
            o.s("<p>No AFI had been raised by ");
            o.t(&site.as_at);
            o.s(".</p>");
        } else {
            trend_chart(
                o,
                trend,
                "trend",
                "AFIs by roll-up group at the end of every month",
            );
        }
        o.s("\n");
    });
}

/// `trend_chart.html`, with the `trend_id` and `trend_caption` its
/// includer sets.
pub(super) fn trend_chart(o: &mut Out, trend: &TrendView, id: &str, caption: &str) {
    let chart = &trend.chart;
    o.s("<figure class=\"trend\">\n<svg role=\"img\" aria-labelledby=\"");
    o.t(id);
    o.s("-title\" viewBox=\"0 0 ");
    o.n(chart.width);
    o.s(" ");
    o.n(chart.height);
    o.s("\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\">\n<title id=\"");
    o.t(id);
    o.s("-title\">");
    o.t(&chart.summary);
    o.s("</title>\n<line class=\"axis\" x1=\"");
    o.n(chart.left);
    o.s("\" y1=\"");
    o.n(chart.bottom);
    o.s("\" x2=\"");
    o.n(chart.right);
    o.s("\" y2=\"");
    o.n(chart.bottom);
    o.s("\"></line>\n<line class=\"axis\" x1=\"");
    o.n(chart.left);
    o.s("\" y1=\"");
    o.n(chart.top);
    o.s("\" x2=\"");
    o.n(chart.left);
    o.s("\" y2=\"");
    o.n(chart.bottom);
    o.s("\"></line>\n");
    for tick in &chart.y_ticks {
        o.s("<text class=\"tick\" x=\"");
        o.n(i64::from(chart.left) - 6);
        o.s("\" y=\"");
        o.n(i64::from(tick.at) + 5);
        o.s("\" text-anchor=\"end\">");
        o.t(&tick.label);
        o.s("</text>\n");
    }
    for tick in &chart.x_ticks {
        o.s("<text class=\"tick\" x=\"");
        o.n(tick.at);
        o.s("\" y=\"");
        o.n(i64::from(chart.bottom) + 20);
        o.s("\" text-anchor=\"middle\">");
        o.t(&tick.label);
        o.s("</text>\n");
    }
    for line in &chart.lines {
        o.s("<polyline class=\"trend-line ");
        o.t(&line.class);
        o.s("\" points=\"");
        o.t(&line.points);
        o.s("\"></polyline>\n");
    }
    o.s("</svg>\n<figcaption>\n<ul class=\"legend\">\n");
    for line in &chart.lines {
        o.s("<li><svg class=\"swatch\" viewBox=\"0 0 32 10\" width=\"32\" height=\"10\" aria-hidden=\"true\" focusable=\"false\"><line class=\"trend-line ");
        o.t(&line.class);
        o.s("\" x1=\"0\" y1=\"5\" x2=\"32\" y2=\"5\"></line></svg>");
        o.t(&line.label);
        o.s("</li>\n");
    }
    o.s("</ul>\n</figcaption>\n</figure>\n<details class=\"trend-table\">\n<summary>The trend as a table: AFIs in each roll-up group at the end of ");
    o.s(match trend.changes_only {
        true => "each month in which a figure changed",
        false => "every month",
    });
    o.s("</summary>\n<div class=\"table-wrap\" role=\"region\" aria-label=\"");
    o.t(caption);
    o.s("\" tabindex=\"0\">\n<table>\n<caption>");
    o.t(caption);
    o.s("</caption>\n<thead><tr><th scope=\"col\">Date</th>");
    for label in &trend.group_labels {
        o.s("<th scope=\"col\" class=\"num\">");
        o.t(label);
        o.s("</th>");
    }
    o.s("<th scope=\"col\" class=\"num\">Total</th></tr></thead>\n<tbody>\n");
    for row in &trend.rows {
        o.s("<tr><th scope=\"row\"><time datetime=\"");
        o.t(&row.date_iso);
        o.s("\">");
        o.t(&row.date);
        o.s("</time></th>");
        for n in &row.counts {
            o.s("<td class=\"num\">");
            o.n(n);
            o.s("</td>");
        }
        o.s("<td class=\"num\">");
        o.n(row.total);
        o.s("</td></tr>\n");
    }
    o.s("</tbody>\n</table>\n</div>\n</details>\n");
}

/// `reconciliation.html`: published figures beside the records.
pub(super) fn reconciliation(o: &mut Out, root: &str, reconciliations: &[ReconciliationView]) {
    for rec in reconciliations {
        o.s("<div class=\"reconciliation-block\">\n");
        for sentence in &rec.sentences {
            o.s("<p class=\"finding\">");
            o.t(sentence);
            o.s("</p>\n");
        }
        o.s("<div class=\"table-wrap\" role=\"region\" aria-label=\"Published figures beside the records: ");
        o.t(&rec.inspection);
        o.s(", ");
        o.t(&rec.date);
        o.s("\" tabindex=\"0\">\n<table class=\"reconciliation\">\n<caption>Figures published on ");
        o.t(&rec.date);
        if let Some(source) = given(rec.source.as_deref()) {
            o.s(" (");
            o.t(source);
            o.s(")");
        }
        o.s(" beside the records as at that date: <a href=\"");
        o.t(root);
        o.t(&rec.inspection_href);
        o.s("\">");
        o.t(&rec.inspection);
        o.s("</a></caption>\n<thead><tr><th scope=\"col\">Breakdown</th><th scope=\"col\" class=\"num\">Published total</th><th scope=\"col\" class=\"num\">Records total</th><th scope=\"col\" class=\"num\">Difference</th>");
        for label in &rec.group_labels {
            o.s("<th scope=\"col\" class=\"num\">");
            o.t(label);
            o.s(": published / records</th>");
        }
        o.s("</tr></thead>\n<tbody>\n");
        for row in &rec.rows {
            o.s("<tr><th scope=\"row\">");
            o.t(&row.name);
            o.s("</th><td class=\"num\">");
            o.n(row.published_total);
            o.s("</td><td class=\"num\">");
            o.n(row.records_total);
            o.s("</td><td class=\"num\">");
            if row.difference > 0 {
                o.s("+");
            }
            o.n(row.difference);
            o.s("</td>");
            for g in &row.groups {
                o.s("<td class=\"num\">");
                match g.published {
                    Some(published) => o.n(published),
                    None => o.s("<span class=\"visually-hidden\">not published</span>"),
                }
                o.s(" / ");
                o.n(g.records);
                o.s("</td>");
            }
            o.s("</tr>\n");
        }
        o.s("</tbody>\n</table>\n</div>\n");
        if rec.rows.len() > 1 || !rec.sentences.is_empty() {
            o.s("<p class=\"note\">A blank published figure was not published: the paper gave no count for that group.</p>\n");
        }
        o.s("</div>\n");
    }
    o.s("\n");
}
