//! The appendices generated from the records (the inspections, the action
//! plan, the frameworks), and the placeholders that stand for whole
//! passages: the breakdown by group, the note on the published figures,
//! a framework's summary and the AFIs awaiting an update.

use std::fmt::Write as _;

use super::covers::{is_covered_afi, is_covered_inspection};
use super::prose::{afis_word, indent, indent_rest, join_and, periods, prose};
use super::{Layout, section};
use crate::model::prose::escape_markdown;
use crate::model::prose::{long_date, long_target};
use crate::model::{Afi, Appendix, Covers, Date, Inspection, Revisit, Target};
use crate::rollup::{self, AfiState};

impl Layout<'_> {
    /// A list of the roll-up groups with the records' counts, and the
    /// published figure beside each where a paper published one.
    pub(super) fn breakdown(&self) -> String {
        let published = self.published_counts();
        let mut out = String::from("\n");
        for (id, label, n) in self.group_counts(None) {
            let figure: Option<u64> = (!published.is_empty()).then(|| {
                published
                    .iter()
                    .map(|c| {
                        c.overall
                            .groups
                            .iter()
                            .find(|(g, _)| *g == id)
                            .map_or(0, |(_, n)| *n)
                    })
                    .sum()
            });
            let _ = write!(out, "- {}: {n} {}", escape_markdown(&label), afis_word(n));
            if let Some(figure) = figure {
                let _ = write!(out, " (published figure: {figure})");
            }
            out.push('\n');
        }
        out
    }

    /// What the published figures said, where their parts do not add up to
    /// their total, or differ from the records.
    pub(super) fn published_note(&self) -> String {
        let published = self.published_counts();
        let Some(first) = published.first() else {
            return String::new();
        };
        let total: u64 = published.iter().map(|c| c.overall.total).sum();
        let parts: u64 = published
            .iter()
            .flat_map(|c| c.overall.groups.iter().map(|(_, n)| n))
            .sum();
        let mut note = format!(
            "The figures published on {} gave a total of {total} {}",
            long_date(first.date),
            afis_word(total)
        );
        if parts != total {
            let _ = write!(note, ", but their breakdown adds up to {parts}");
        }
        let _ = write!(
            note,
            "; the records hold {} as at {}.",
            self.afis.len(),
            long_date(Date::Day(self.paper.as_at))
        );
        note
    }

    /// A framework's figures and the work in progress on it, as the papers
    /// describe each framework.
    pub(super) fn framework_summary(&self, framework: &str) -> String {
        let published = self.published_counts().into_iter().find_map(|c| {
            c.frameworks
                .iter()
                .find(|b| b.name.as_deref() == Some(framework))
                .map(|b| (c.date, b))
        });
        let mut out = String::new();
        let held: Vec<&(&Afi, AfiState)> = self
            .afis
            .iter()
            .filter(|(a, _)| a.framework.as_deref() == Some(framework))
            .collect();
        if let Some((date, b)) = published {
            let _ = write!(
                out,
                "{} {} were identified in this framework, as published on {}",
                b.total,
                afis_word(b.total),
                long_date(date)
            );
            let parts: Vec<String> = b
                .groups
                .iter()
                .map(|(g, n)| {
                    format!(
                        "{n} {}",
                        self.setting
                            .vocabulary
                            .group(g)
                            .map_or(g.as_str(), |x| x.label.as_str())
                            .to_lowercase()
                    )
                })
                .collect();
            if !parts.is_empty() {
                let _ = write!(out, " ({})", parts.join(", "));
            }
            let _ = write!(out, ". The records hold {}", held.len());
        } else {
            let _ = write!(
                out,
                "The records hold {} {} in this framework",
                held.len(),
                afis_word(held.len() as u64)
            );
        }
        let parts: Vec<String> = self
            .group_counts(Some(framework))
            .into_iter()
            .filter(|(_, _, n)| *n > 0)
            .map(|(_, label, n)| format!("{n} {}", label.to_lowercase()))
            .collect();
        if !parts.is_empty() {
            let _ = write!(out, ": {}", join_and(parts));
        }
        out.push('.');
        let in_progress: Vec<String> = held
            .iter()
            .filter(|(_, s)| s.open && s.status != "update-awaited")
            .filter_map(|(a, _)| {
                a.updates
                    .iter()
                    .rev()
                    .find(|u| u.date.first_day() <= self.paper.as_at)
                    .map(|u| prose(&u.note))
            })
            .collect();
        if !in_progress.is_empty() {
            out.push_str(" The work in progress includes:\n\n");
            for note in in_progress {
                let _ = writeln!(out, "- {note}");
            }
        }
        let awaited = self.awaited(Some(framework));
        if !awaited.is_empty() {
            let _ = write!(
                out,
                "\nUpdates are awaited on the AFIs in relation to {awaited}.\n"
            );
        }
        out
    }

    /// The titles of the AFIs awaiting an update, as one phrase.
    pub(super) fn awaited(&self, framework: Option<&str>) -> String {
        let titles: Vec<String> = self
            .afis
            .iter()
            .filter(|(a, s)| {
                s.status == "update-awaited"
                    && framework.is_none_or(|f| a.framework.as_deref() == Some(f))
            })
            .map(|(a, _)| crate::diag::lower_first(&escape_markdown(&a.title)))
            .collect();
        titles.join("; ")
    }

    pub(super) fn inspections_appendix(&self, covers: &Covers) -> String {
        let model = self.setting.model;
        let mut inspections: Vec<&Inspection> = model
            .inspections
            .iter()
            .filter(|i| is_covered_inspection(covers, i))
            .map(|i| &**i)
            .collect();
        inspections.sort_by_key(|i| {
            (
                i.fieldwork.first().map(|f| f.start.first_day()),
                i.id.clone(),
            )
        });
        let as_at = self.paper.as_at;
        let mut out = String::new();
        for inspection in inspections {
            let _ = writeln!(out, "### {}\n", escape_markdown(&inspection.subject));
            if let Some(line) = fieldwork_line(inspection) {
                let _ = writeln!(out, "- {line}");
            }
            if let Some(published) = inspection.published.filter(|d| d.first_day() <= as_at) {
                let _ = writeln!(out, "- Report published: {}", long_date(published));
            }
            for revisit in &inspection.revisits {
                let _ = writeln!(out, "- {}", revisit_line(revisit, as_at));
            }
            out.push('\n');
            let afis: Vec<&Afi> = model
                .afis
                .iter()
                .filter(|a| a.inspection == inspection.id && a.raised.first_day() <= as_at)
                .map(|a| &**a)
                .collect();
            if !afis.is_empty() {
                out.push_str("The inspection team made the following recommendations:\n\n");
                for (i, afi) in afis.iter().enumerate() {
                    let recommendation = section(&afi.text, "Recommendation")
                        .map_or_else(|| escape_markdown(&afi.title), |t| prose(&t));
                    let _ = writeln!(out, "{}. {}\n", i + 1, indent_rest(&recommendation, 3));
                    if let Some(action) = section(&afi.text, "Action") {
                        let _ = writeln!(out, "{}\n", indent(&prose(&action), 3));
                    }
                }
            }
            if !inspection.good_practice.is_empty() {
                let intro = inspection.good_practice_intro.as_deref().map_or_else(
                    || {
                        "The inspection team acknowledged the following as good practice:"
                            .to_owned()
                    },
                    escape_markdown,
                );
                let _ = writeln!(out, "{intro}\n");
                for (i, item) in inspection.good_practice.iter().enumerate() {
                    let _ = writeln!(out, "{}. {}", i + 1, escape_markdown(item));
                }
                out.push('\n');
            }
            if let Some(conclusion) = &inspection.conclusion {
                let _ = writeln!(out, "Conclusion: {}\n", escape_markdown(conclusion));
            }
        }
        out
    }

    pub(super) fn action_plan(&self, covers: &Covers, appendix: &Appendix) -> String {
        let model = self.setting.model;
        let as_at = self.paper.as_at;
        let mut out = String::new();
        for afi in model
            .afis
            .iter()
            .filter(|a| is_covered_afi(covers, a, model) && a.raised.first_day() <= as_at)
        {
            let heading = afi.label.as_deref().unwrap_or(&afi.title);
            let _ = writeln!(out, "### {}\n", escape_markdown(heading));
            let recommendation = section(&afi.text, "Recommendation")
                .map_or_else(|| escape_markdown(&afi.title), |t| prose(&t));
            let _ = writeln!(out, "{recommendation}\n");
            if let Some(action) = section(&afi.text, "Action") {
                let heading = appendix
                    .action_heading
                    .as_deref()
                    .unwrap_or("Proposed action");
                let _ = writeln!(
                    out,
                    "#### {}\n\n{}\n",
                    escape_markdown(heading),
                    prose(&action)
                );
            }
            let timescale = match (timescale_on(afi, as_at), rollup::due_on(afi, as_at)) {
                (Some(words), _) => escape_markdown(words),
                (None, Some(Target::Ongoing)) => "Ongoing".to_owned(),
                (None, Some(target)) => long_target(target),
                (None, None) => {
                    let status = rollup::status_on(afi, as_at, self.setting.vocabulary)
                        .unwrap_or(&afi.status);
                    self.setting
                        .vocabulary
                        .status(status)
                        .map_or_else(|| status.to_owned(), |s| s.label.clone())
                }
            };
            let _ = writeln!(out, "#### Timescale\n\n{timescale}\n");
        }
        out
    }

    pub(super) fn frameworks_appendix(&self, covers: &Covers) -> String {
        let mut out = String::new();
        let frameworks: Vec<&str> = if covers.frameworks.is_empty() {
            self.inspections
                .iter()
                .flat_map(|i| i.gradings.iter().map(|g| g.framework.as_str()))
                .collect()
        } else {
            covers.frameworks.iter().map(String::as_str).collect()
        };
        for (i, framework) in frameworks.iter().enumerate() {
            let grading = self
                .grading(framework)
                .map(|g| format!(" – grading of {g}"))
                .unwrap_or_default();
            let _ = writeln!(out, "### {}{grading}\n", escape_markdown(framework));
            let note = self
                .inspections
                .iter()
                .flat_map(|i| i.gradings.iter())
                .find(|g| g.framework == *framework)
                .and_then(|g| g.note.as_deref());
            let summary = match note {
                Some(note) => format!("{} {}", prose(note), self.framework_summary(framework)),
                None => self.framework_summary(framework),
            };
            let _ = writeln!(out, "{}\\. {summary}\n", i + 1);
        }
        out
    }
}

/// The timescale in the paper's words as at `as_at`: from the newest update
/// by then that gives a timescale or a revised target, when it is words.
fn timescale_on(afi: &Afi, as_at: jiff::civil::Date) -> Option<&str> {
    afi.updates
        .iter()
        .rev()
        .filter(|u| u.date.first_day() <= as_at)
        .find(|u| u.timescale.is_some() || u.due.is_some())
        .and_then(|u| u.timescale.as_deref())
}

/// The inspection's fieldwork line: the paper's own words where the record
/// keeps them, otherwise the dates written out.
fn fieldwork_line(inspection: &Inspection) -> Option<String> {
    if let Some(words) = &inspection.fieldwork_as_written {
        return Some(escape_markdown(words));
    }
    let list: Vec<(Date, Option<Date>)> = inspection
        .fieldwork
        .iter()
        .map(|p| (p.start, p.end))
        .collect();
    (!list.is_empty()).then(|| format!("Date of inspection: {}", periods(&list)))
}

/// A revisit's line as at the paper's date: the paper's own words for that
/// stage where the record keeps them, otherwise a generated line.
fn revisit_line(revisit: &Revisit, as_at: jiff::civil::Date) -> String {
    let written = |words: &Option<String>| words.as_deref().map(escape_markdown);
    match (
        revisit.published.filter(|d| d.first_day() <= as_at),
        revisit.visited.filter(|d| d.first_day() <= as_at),
        revisit.due,
    ) {
        (Some(p), _, _) => written(&revisit.published_as_written)
            .unwrap_or_else(|| format!("Revisit report published: {}", long_date(p))),
        (None, Some(_), _) | (None, None, None) => "Revisit report: Awaited".to_owned(),
        (None, None, Some(d)) => written(&revisit.due_as_written).unwrap_or_else(|| match d {
            Date::Month { .. } => format!("Revisit: Due in {}", long_date(d)),
            Date::Day(_) => format!("Revisit: Due on {}", long_date(d)),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::revisit_line;
    use crate::model::{Date, Revisit};

    fn day(y: i16, m: i8, d: i8) -> Date {
        Date::Day(jiff::civil::date(y, m, d))
    }

    /// Wandsworth's revisit, worded by Report 8 while due, then reported.
    fn revisit() -> Revisit {
        Revisit {
            due: Some(day(2004, 12, 7)),
            due_as_written: Some("Revisit: To take place on 7 December 2004".to_owned()),
            published: Some(day(2005, 3, 1)),
            ..Revisit::default()
        }
    }

    #[test]
    fn a_revisits_own_words_are_printed_only_while_they_hold() {
        let report_8 = jiff::civil::date(2005, 1, 19);
        assert_eq!(
            revisit_line(&revisit(), report_8),
            "Revisit: To take place on 7 December 2004"
        );
        // A later paper: the revisit report is out, and no longer "to take place".
        let later = jiff::civil::date(2005, 6, 1);
        assert_eq!(
            revisit_line(&revisit(), later),
            "Revisit report published: 1 March 2005"
        );
        let worded = Revisit {
            published_as_written: Some("Revisit report: 1 March 2005".to_owned()),
            ..revisit()
        };
        assert_eq!(revisit_line(&worded, later), "Revisit report: 1 March 2005");
        // Without the paper's words, the generated line.
        let plain = Revisit {
            due_as_written: None,
            ..revisit()
        };
        assert_eq!(
            revisit_line(&plain, report_8),
            "Revisit: Due on 7 December 2004"
        );
    }
}
