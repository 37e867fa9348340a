//! The characters a paper's PDF cannot draw (W011): takes the model, the
//! papers' setting and the files' text, lays out each paper as its PDF
//! would be, and gives a warning at each line of the paper's file, or of a
//! record it prints from, that holds a character the PDF's fonts have no
//! glyph for. The PDF still builds: such a character is drawn as a white
//! square, its real text kept for copying and screen readers.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use crate::diag::{self, Diagnostic};
use crate::model::Model;
use crate::paper::{self, Layout, Setting};

use super::document::Document;

/// How many of a line's characters a warning names before "and N more".
const NAMED: usize = 5;

/// Whether whatever a paper prints from a record whose file's text is
/// `text` can be drawn, so that the record can have no line warned of and
/// add nothing to the characters a paper lacks, however it is printed: its
/// title in place of its Recommendation section, say. Every character of
/// the text must be one the fonts draw, and none may become another when
/// printed: a Markdown entity (`&#x2714;`, `&check;`), a NUL (printed as
/// U+FFFD) or a YAML escape (`"\u2714"`, after a backslash).
pub(crate) fn prints_only_drawable(text: &str) -> bool {
    let bytes = text.as_bytes();
    let may_turn = memchr::memchr2(b'\0', b'\\', bytes).is_some()
        || memchr::memchr_iter(b'&', bytes).any(|at| may_be_entity(&bytes[at + 1..]));
    !may_turn && super::pdf::draws_all(text)
}

/// Whether what follows a `&` may make an entity: letters, digits or `#`,
/// then `;` (`&check;`, `&#10004;`, `&#x2714;`). `R&D` and `a & b` do not.
fn may_be_entity(after: &[u8]) -> bool {
    let name = after
        .iter()
        .take_while(|&&b| b.is_ascii_alphanumeric() || b == b'#')
        .count();
    name > 0 && after.get(name) == Some(&b';')
}

/// A warning for each line, in the files the papers print from, with a
/// character a paper's PDF cannot draw.
pub(crate) fn undrawable(
    model: &Model,
    setting: &Setting<'_>,
    sources: &BTreeMap<String, Arc<str>>,
) -> Vec<Diagnostic> {
    let mut warned: BTreeSet<(&str, usize)> = BTreeSet::new();
    let mut out = Vec::new();
    for paper in &model.papers {
        let laid = Layout::new(setting, paper).lay_out();
        let document = Document::new(paper, &laid, setting.notice);
        let Ok(lacking) = super::pdf::lacking(&document) else {
            continue;
        };
        if lacking.is_empty() {
            continue;
        }
        for path in paper::source_files(model, paper) {
            let Some(text) = sources.get(path) else {
                continue;
            };
            let mut start = 0;
            for line in text.split_inclusive('\n') {
                let found: Vec<(usize, char)> = line
                    .char_indices()
                    .filter(|(_, c)| lacking.contains(c))
                    .collect();
                if let Some(&(at, first)) = found.first()
                    && warned.insert((path, start))
                {
                    let span = diag::span_of(text, start + at..start + at + first.len_utf8());
                    out.push(warning(path, span, &found, &paper.id));
                }
                start += line.len();
            }
        }
    }
    out
}

fn warning(
    path: &str,
    span: crate::model::Span,
    found: &[(usize, char)],
    paper: &str,
) -> Diagnostic {
    let mut distinct: Vec<char> = Vec::new();
    for (_, c) in found {
        if !distinct.contains(c) {
            distinct.push(*c);
        }
    }
    let mut named: Vec<String> = distinct
        .iter()
        .take(NAMED)
        .map(|c| format!("`{c}` (U+{:04X})", u32::from(*c)))
        .collect();
    if distinct.len() > NAMED {
        named.push(format!("{} more", distinct.len() - NAMED));
    }
    let which = if distinct.len() == 1 {
        "character"
    } else {
        "characters"
    };
    Diagnostic::warning(
        "W011",
        path,
        Some(span),
        format!(
            "the PDF of paper `{paper}` cannot draw the {which} {}: it prints a white square (□) wherever one appears",
            join(&named)
        ),
    )
    .with_help(
        "the Word document and the site show it as written; to print it in the PDF too, write it in words or with a character Liberation Sans has (Latin, Greek and Cyrillic letters, common punctuation and symbols)",
    )
}

/// "a", "a and b", "a, b and c".
fn join(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::prints_only_drawable;

    #[test]
    fn a_text_prints_only_what_can_be_drawn_when_nothing_in_it_becomes_another_character() {
        assert!(prints_only_drawable(
            "Crime & Disorder, £5, the BOCU’s plan"
        ));
        assert!(!prints_only_drawable("Done ✔"));
        assert!(!prints_only_drawable("Done &#x2714; and &#10004;"));
        assert!(!prints_only_drawable("Done &check;"));
        assert!(!prints_only_drawable("title: \"Done \\u2714\""));
        assert!(!prints_only_drawable("a\0b"));
        assert!(prints_only_drawable("R&D and a & b; &; &&"));
        assert!(!prints_only_drawable("R&D;"));
    }
}
