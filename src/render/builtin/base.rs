//! `base.html`: the frame every page shares (head, navigation,
//! breadcrumbs, footer), around a page's own content.

use super::{Out, given};
use crate::render::view::Page;

/// What a page template sets in `base.html`'s blocks besides its content.
pub(super) struct Blocks<'a> {
    pub(super) head: &'a dyn Fn(&mut Out),
    pub(super) body_class: &'a str,
}

/// The blocks of every page but a paper's.
pub(super) const PLAIN: Blocks<'static> = Blocks {
    head: &|_| {},
    body_class: "site",
};

/// Write `page` in the frame, with `content` in the content block.
pub(super) fn base(o: &mut Out, page: &Page, blocks: &Blocks<'_>, content: impl FnOnce(&mut Out)) {
    let root = page.root.as_str();
    let site = &page.site;
    o.s("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    o.t(&page.title);
    o.s(" – ");
    o.t(&site.name);
    o.s("</title>\n<link rel=\"stylesheet\" href=\"");
    o.t(root);
    o.s("style.css\">\n");
    (blocks.head)(o);
    o.s("</head>\n<body class=\"");
    o.s(blocks.body_class);
    o.s("\">\n<a class=\"skip-link\" href=\"#main\">Skip to main content</a>\n<header class=\"site-header\">\n<p class=\"site-name\"><a href=\"");
    o.t(root);
    o.s("index.html\">");
    o.t(&site.name);
    o.s("</a></p>\n<nav aria-label=\"Site\">\n<ul>\n");
    for item in &page.nav {
        o.s("<li><a href=\"");
        o.t(root);
        o.t(&item.href);
        o.s("\"");
        if let Some(current) = item.current.filter(|c| !c.is_empty()) {
            o.s(" aria-current=\"");
            o.t(current);
            o.s("\"");
        }
        o.s(">");
        o.t(&item.label);
        o.s("</a></li>\n");
    }
    o.s("</ul>\n</nav>\n</header>\n<main id=\"main\" tabindex=\"-1\">\n");
    if !page.breadcrumbs.is_empty() {
        o.s("<nav aria-label=\"Breadcrumb\" class=\"breadcrumbs\">\n<ol>\n");
        for crumb in &page.breadcrumbs {
            o.s("<li>");
            match given(crumb.href.as_deref()) {
                Some(href) => {
                    o.s("<a href=\"");
                    o.t(root);
                    o.t(href);
                    o.s("\">");
                    o.t(&crumb.label);
                    o.s("</a>");
                }
                None => {
                    o.s("<span aria-current=\"page\">");
                    o.t(&crumb.label);
                    o.s("</span>");
                }
            }
            o.s("</li>\n");
        }
        o.s("</ol>\n</nav>\n");
    }
    content(o);
    o.s("\n</main>\n<footer class=\"site-footer\">\n");
    if let Some(source) = &page.source {
        o.s("<p>Source record: <code>");
        o.t(&source.path);
        o.s("</code>");
        if let Some(edit_url) = given(source.edit_url.as_deref()) {
            o.s(" · <a href=\"");
            o.t(edit_url);
            o.s("\">Propose a change to this record</a>");
        }
        o.s("</p>\n");
        if !source.history.is_empty() {
            o.s("<details class=\"history\">\n<summary>Changes to this record (");
            o.n(source.history.len());
            o.s(")</summary>\n<ul>\n");
            for c in &source.history {
                o.s("<li><time datetime=\"");
                o.t(&c.date);
                o.s("\">");
                o.t(&c.date);
                o.s("</time>, ");
                o.t(&c.author);
                o.s(": ");
                o.t(&c.subject);
                o.s("</li>\n");
            }
            o.s("</ul>\n</details>\n");
        }
    }
    o.s("<p>");
    if !site.organisation.is_empty() {
        o.t(&site.organisation);
        o.s(" · ");
    }
    o.s("Every figure on this site is as at ");
    o.t(&site.as_at);
    o.s(", computed from the records by actionplan.</p>\n</footer>\n<script src=\"");
    o.t(root);
    o.s("site.js\" defer></script>\n</body>\n</html>\n");
}
