//! Splitting a record file into its YAML front matter and its Markdown body,
//! by byte ranges, so that YAML line numbers stay file line numbers.

use crate::diag::{Diagnostic, span_of};

/// Byte ranges of the parts of a record file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Split {
    /// From the opening `---` line up to the closing one, so that YAML line
    /// numbers are file line numbers.
    pub(crate) yaml: std::ops::Range<usize>,
    /// Where the Markdown body starts.
    pub(crate) body: usize,
    /// The file line the body starts on.
    pub(crate) body_line: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum SplitProblem {
    Empty,
    NoOpening,
    NotClosed,
}

impl SplitProblem {
    pub(super) fn diagnostic(&self, path: &str, text: &str) -> Diagnostic {
        let first_line = text.lines().next().unwrap_or("");
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let span = span_of(text, bom..first_line.len().max(bom));
        match self {
            SplitProblem::Empty => Diagnostic::error("E003", path, None, "file is empty".to_owned())
                .with_help("a record starts with a `---` line, its fields, and another `---` line; see docs/records.md"),
            SplitProblem::NoOpening => Diagnostic::error(
                "E003",
                path,
                Some(span),
                "file does not start with front matter".to_owned(),
            )
            .with_help("the first line of a record must be `---`, followed by its fields and another `---` line"),
            SplitProblem::NotClosed => Diagnostic::error(
                "E004",
                path,
                Some(span),
                "front matter is never closed".to_owned(),
            )
            .with_help("add a line with only `---` after the last field, before the Markdown text"),
        }
    }
}

/// Find the front matter between the first line `---` and the next line that
/// is `---`. Tolerates a byte-order mark, CRLF and trailing spaces.
pub(crate) fn split_front_matter(text: &str) -> Result<Split, SplitProblem> {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    if text[bom..].trim().is_empty() {
        return Err(SplitProblem::Empty);
    }
    let mut lines = lines_with_offsets(text, bom);
    match lines.next() {
        Some((_, line)) if is_delimiter(line) => {}
        _ => return Err(SplitProblem::NoOpening),
    }
    // The opening line was line 1.
    for (number, (start, line)) in (2..).zip(lines) {
        if is_delimiter(line) {
            let body = start + line.len();
            return Ok(Split {
                yaml: bom..start,
                body,
                body_line: number + usize::from(line.ends_with('\n')),
            });
        }
    }
    Err(SplitProblem::NotClosed)
}

/// Lines with their byte offsets from `from`; each line keeps its line
/// ending.
fn lines_with_offsets(text: &str, from: usize) -> impl Iterator<Item = (usize, &str)> {
    crate::model::lines_with_offsets(&text[from..]).map(move |(at, line)| (from + at, line))
}

fn is_delimiter(line: &str) -> bool {
    line.trim_end() == "---"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_plain_front_matter() {
        let text = "---\nid: a\n---\nBody\n";
        let split = split_front_matter(text).expect("splits");
        assert_eq!(&text[split.yaml.clone()], "---\nid: a\n");
        assert_eq!(&text[split.body..], "Body\n");
        assert_eq!(split.body_line, 4);
    }

    #[test]
    fn tolerates_bom_and_crlf() {
        let text = "\u{feff}---\r\nid: a\r\n---\r\nBody\r\n";
        let split = split_front_matter(text).expect("splits");
        assert_eq!(&text[split.yaml.clone()], "---\r\nid: a\r\n");
        assert_eq!(&text[split.body..], "Body\r\n");
    }

    #[test]
    fn closing_delimiter_at_end_of_file_without_newline() {
        let text = "---\nid: a\n---";
        let split = split_front_matter(text).expect("splits");
        assert_eq!(split.body, text.len());
        assert_eq!(split.body_line, 3);
    }

    #[test]
    fn reports_missing_closing_delimiter() {
        assert_eq!(
            split_front_matter("---\nid: a\nBody\n"),
            Err(SplitProblem::NotClosed)
        );
    }

    #[test]
    fn reports_missing_opening_delimiter() {
        assert_eq!(
            split_front_matter("# Title\n---\n"),
            Err(SplitProblem::NoOpening)
        );
    }

    #[test]
    fn reports_empty_file() {
        assert_eq!(split_front_matter(""), Err(SplitProblem::Empty));
        assert_eq!(
            split_front_matter("\u{feff}\n  \n"),
            Err(SplitProblem::Empty)
        );
    }

    proptest::proptest! {
        #[test]
        fn splitting_any_text_never_panics(text in "(---|\\r|\\n|\u{feff}|[a-z: -]){0,40}") {
            if let Ok(split) = split_front_matter(&text) {
                proptest::prop_assert!(split.yaml.end <= split.body);
                proptest::prop_assert!(split.body <= text.len());
                let breaks_before = text[..split.body].matches('\n').count();
                proptest::prop_assert_eq!(split.body_line, breaks_before + 1);
            }
        }
    }
}
