//! Numbered paragraphs: takes a paper's Markdown and gives it back with each
//! paragraph its author began with `#.` numbered 1, 2, 3 … The count runs
//! on through a section's sub-headings and starts again at each `#` or `##`
//! heading, so section B numbers its paragraphs continuously and an
//! appendix (or any other section) numbers its own. Unmarked paragraphs,
//! headings and lists are left as written.

use std::fmt::Write as _;

/// The marker an author writes before a paragraph to number it (as in
/// pandoc's `#.` for an automatically numbered list item).
const MARKER: &str = "#.";

/// Number the marked paragraphs. The number is escaped (`3\.`), so it stays
/// text and the paragraph does not become a list.
pub(crate) fn number_marked(markdown: &str) -> String {
    use pulldown_cmark::{Event, HeadingLevel, Parser, Tag};
    let mut depth = 0usize;
    let mut count = 0usize;
    let mut marks = Vec::new();
    for (event, range) in Parser::new(markdown).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) if depth == 0 && level <= HeadingLevel::H2 => {
                count = 0;
                depth += 1;
            }
            Event::Start(Tag::Paragraph) if depth == 0 => {
                let text = &markdown[range.clone()];
                if let Some(rest) = text.strip_prefix(MARKER)
                    && rest.starts_with([' ', '\t'])
                {
                    count += 1;
                    let after = rest.len() - rest.trim_start_matches([' ', '\t']).len();
                    marks.push((range.start, MARKER.len() + after, count));
                }
                depth += 1;
            }
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    let mut out = String::with_capacity(markdown.len() + marks.len() * 2);
    let mut at = 0;
    for (start, len, n) in marks {
        out.push_str(&markdown[at..start]);
        let _ = write!(out, "{n}\\. ");
        at = start + len;
    }
    out.push_str(&markdown[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_marked_paragraphs_are_numbered_and_each_section_counts_its_own() {
        let text = "## B. Supporting information\n\n#. First.\n\n### Heading\n\nNot numbered.\n\n#. Second, with a list:\n\n- a\n- #. b\n\n## C. Equality\n\n#. First again.\n";
        assert_eq!(
            number_marked(text),
            "## B. Supporting information\n\n1\\. First.\n\n### Heading\n\nNot numbered.\n\n2\\. Second, with a list:\n\n- a\n- #. b\n\n## C. Equality\n\n1\\. First again.\n"
        );
    }

    #[test]
    fn a_marker_needs_a_space_after_it() {
        assert_eq!(number_marked("#.5 per cent\n"), "#.5 per cent\n");
        assert_eq!(number_marked("#.\tTabbed.\n"), "1\\. Tabbed.\n");
    }
}
