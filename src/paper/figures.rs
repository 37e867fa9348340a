//! Figures typed as digits in a paper's prose ("26 AFIs are completed"),
//! checked against the records as at the paper's date: a warning where
//! they differ, since a placeholder would have given the right figure.

use super::placeholders::{Piece, pieces};
use super::{Layout, Problem};
use crate::model::Date;
use crate::model::prose::long_date;

impl Layout<'_> {
    /// Figures typed as digits next to "AFIs" that the records contradict.
    pub(super) fn typed_figures(&mut self) {
        let (pieces, _) = pieces(&self.paper.text);
        let mut offset = 0;
        let mut found = Vec::new();
        for piece in &pieces {
            match piece {
                Piece::Text(t) => {
                    found.extend(figures_in(t).into_iter().map(|(range, n, clause)| {
                        (range.start + offset..range.end + offset, n, clause)
                    }));
                    offset += t.len();
                }
                Piece::Placeholder(p) => offset = p.range.end,
            }
        }
        let vocabulary = self.setting.vocabulary;
        for (range, n, clause) in found {
            let clause = clause.to_lowercase();
            let group = vocabulary
                .groups
                .iter()
                .find(|g| clause.contains(&g.label.to_lowercase()))
                .map(|g| (g.id.clone(), g.label.clone()));
            let (records, what, placeholder) = match &group {
                Some((id, label)) => (
                    self.afis.iter().filter(|(_, s)| &s.group == id).count(),
                    format!("AFIs ({})", label.to_lowercase()),
                    format!("{{{{ afis group={id} }}}}"),
                ),
                None => (self.afis.len(), "AFIs".to_owned(), "{{ afis }}".to_owned()),
            };
            if records as u64 != n {
                self.problems.push(Problem {
                    warning: true,
                    code: "W010",
                    range,
                    message: format!(
                        "the paper says {n} {what}, but the records give {records} as at {}",
                        long_date(Date::Day(self.paper.as_at))
                    ),
                    help: Some(format!(
                        "write {placeholder} so the figure comes from the records, or `{{{{ published }}}}` for a figure a paper published"
                    )),
                });
            }
        }
    }
}

/// Numbers written as digits before "AFIs" or "areas for improvement", with
/// the clause that follows them (up to a comma, a semicolon, "and", "but" or
/// the end of the sentence), which says what they count.
fn figures_in(text: &str) -> Vec<(std::ops::Range<usize>, u64, &str)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric()) {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            let after = text[i..].trim_start_matches(' ').to_lowercase();
            let is_afis = [
                "afi ",
                "afis",
                "afi.",
                "afi,",
                "areas for improvement",
                "areas of improvement",
            ]
            .iter()
            .any(|w| after.starts_with(w));
            if is_afis && let Ok(n) = text[start..i].parse::<u64>() {
                let rest = &text[i..];
                let lower = rest.to_lowercase();
                let end = [",", ";", ".", "\n", " and ", " but "]
                    .iter()
                    .filter_map(|stop| lower.find(stop))
                    .min()
                    .unwrap_or(rest.len());
                out.push((start..i, n, &rest[..end]));
            }
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_figures_are_found_with_their_clause() {
        let found = figures_in(
            "Since October, 26 AFIs are shown as completed and 1 AFI has work in progress. In 2006 there were 3 reviews.",
        );
        let figures: Vec<(u64, &str)> = found.iter().map(|(_, n, clause)| (*n, *clause)).collect();
        assert_eq!(
            figures,
            [
                (26, " AFIs are shown as completed"),
                (1, " AFI has work in progress")
            ]
        );
    }
}
