//! Markdown bodies to safe HTML. Raw HTML in a record is shown as text, never
//! as markup; only web, mail and in-page links survive, and links to other
//! records become links to their pages.

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

/// Render `text` to HTML. `resolve` maps a relative `.md` link to the page of
/// the record it names, or `None` when it names no record.
pub(crate) fn to_html(text: &str, resolve: &dyn Fn(&str) -> Option<String>) -> String {
    // `check` refuses a body whose tables pass the limit (E006); were one
    // rendered all the same, its tables stay text rather than take memory
    // and output without bound.
    let options = if crate::validate::tables_fit(text) {
        crate::validate::BODY_OPTIONS
    } else {
        Options::ENABLE_STRIKETHROUGH
    };
    // For every open link or image: the end to write, or `None` when it was
    // dropped, so its end is too.
    let mut kept: Vec<Option<TagEnd>> = Vec::new();
    let events = Parser::new_ext(text, options).filter_map(|event| match event {
        Event::Html(html) | Event::InlineHtml(html) => Some(Event::Text(html)),
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Some(Event::Start(Tag::Heading {
            level: demote(level),
            id,
            classes,
            attrs,
        })),
        Event::End(TagEnd::Heading(level)) => Some(Event::End(TagEnd::Heading(demote(level)))),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => match safe_link(&dest_url, resolve) {
            Some(url) => {
                kept.push(Some(TagEnd::Link));
                Some(Event::Start(Tag::Link {
                    link_type,
                    dest_url: url,
                    title,
                    id,
                }))
            }
            None => {
                kept.push(None);
                None
            }
        },
        // A web image becomes a link to it: record text never makes a reader's
        // browser fetch from another site.
        Event::Start(Tag::Image {
            dest_url,
            title,
            id,
            ..
        }) if is_web(&dest_url) => {
            kept.push(Some(TagEnd::Link));
            Some(Event::Start(Tag::Link {
                link_type: LinkType::Inline,
                dest_url,
                title,
                id,
            }))
        }
        Event::Start(Tag::Image { .. }) => {
            kept.push(None);
            None
        }
        Event::End(TagEnd::Link | TagEnd::Image) => kept.pop().flatten().map(Event::End),
        other => Some(other),
    });
    let mut html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

/// Page headings come first: a body's own headings start one level down.
fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        other => other,
    }
}

fn is_web(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// The target a link keeps in the site, or `None` to show its text only.
fn safe_link<'a>(url: &CowStr<'a>, resolve: &dyn Fn(&str) -> Option<String>) -> Option<CowStr<'a>> {
    let lower = url.trim().to_ascii_lowercase();
    if is_web(url) || lower.starts_with("mailto:") || lower.starts_with('#') {
        return Some(url.clone());
    }
    resolve(url).map(CowStr::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(text: &str) -> String {
        to_html(text, &|url| {
            (url == "other.md").then(|| "../afis/other.html".to_owned())
        })
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        assert_eq!(
            html("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(
            html("a <img src=x onerror=alert(1)> b"),
            "<p>a &lt;img src=x onerror=alert(1)&gt; b</p>\n"
        );
    }

    #[test]
    fn only_safe_links_survive() {
        assert_eq!(html("[x](javascript:alert(1))"), "<p>x</p>\n");
        assert_eq!(html("[x](JavaScript:alert(1))"), "<p>x</p>\n");
        assert_eq!(html("[x](data:text/html,hi)"), "<p>x</p>\n");
        assert_eq!(
            html("[x](https://example.org/a)"),
            "<p><a href=\"https://example.org/a\">x</a></p>\n"
        );
        assert_eq!(
            html("[x](other.md)"),
            "<p><a href=\"../afis/other.html\">x</a></p>\n"
        );
        assert_eq!(html("[x](notes.pdf)"), "<p>x</p>\n");
        assert_eq!(html("![x](javascript:alert(1))"), "<p>x</p>\n");
        assert_eq!(
            html("![a chart](https://example.org/c.png)"),
            "<p><a href=\"https://example.org/c.png\">a chart</a></p>\n"
        );
    }

    #[test]
    fn a_table_padded_past_the_limit_is_not_made() {
        // 1,800 bytes that would be 262,000 cells, 2.4 MB of HTML.
        let table = format!(
            "|{}\n|{}\n{}",
            " h |".repeat(362),
            "---|".repeat(362),
            "| x |\n".repeat(724)
        );
        assert!(html(&table).len() < 2 * table.len());
        assert!(html("| a |\n|---|\n| b |\n").contains("<td>b</td>"));
    }

    #[test]
    fn top_level_headings_are_demoted() {
        assert_eq!(
            html("# Action\n## Note"),
            "<h2>Action</h2>\n<h2>Note</h2>\n"
        );
    }

    proptest::proptest! {
        #[test]
        fn no_markdown_makes_live_markup(text in "(<script>|<img src=x onerror=y>|\\[a\\]\\((javascript|data|vbscript|JaVaScRiPt): x\\)|<a href=\"javascript:x\">|<!--|-->|\\n|[a-z ]{0,5}|&#[0-9]{2};|!\\[i\\]\\(|\\)){0,12}") {
            let out = html(&text).to_lowercase();
            for live in ["<script", "<img", "<a href=\"javascript", "<a href=\"data", "<a href=\"vbscript"] {
                proptest::prop_assert!(!out.contains(live), "{} in {}", live, out);
            }
        }
    }
}
