//! The record model: plain data types for inspections, AFIs, papers and the
//! status vocabulary. Pure: no IO, no parsing of files, no dependency on
//! other stages. Every stage above reads these types.

mod dates;
pub(crate) mod fnv;
pub(crate) mod prose;
mod source;
mod vocabulary;

use std::sync::Arc;

pub(crate) use dates::{Date, Target, month_name};
pub(crate) use source::{
    SourceText, Span, column_at, every_byte, line_end, line_start, lines_with_offsets,
};
pub(crate) use vocabulary::{Group, StatusDef, Vocabulary};

/// Where an inspection stands in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum InspectionStatus {
    Planned,
    Fieldwork,
    /// Inspected, but the source says nothing of a report: neither awaited
    /// nor published as far as the records know.
    Inspected,
    AwaitingReport,
    Published,
    RevisitDue,
    Closed,
}

impl InspectionStatus {
    pub(crate) const ALL: [(&'static str, InspectionStatus); 7] = [
        ("planned", InspectionStatus::Planned),
        ("fieldwork", InspectionStatus::Fieldwork),
        ("inspected", InspectionStatus::Inspected),
        ("awaiting-report", InspectionStatus::AwaitingReport),
        ("published", InspectionStatus::Published),
        ("revisit-due", InspectionStatus::RevisitDue),
        ("closed", InspectionStatus::Closed),
    ];
}

/// A period of fieldwork; `end` is absent for a single day or an unknown end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Period {
    pub(crate) start: Date,
    pub(crate) end: Option<Date>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Revisit {
    pub(crate) due: Option<Date>,
    pub(crate) visited: Option<Date>,
    pub(crate) published: Option<Date>,
    pub(crate) note: Option<String>,
    /// The paper's own line for the revisit while it was due ("Revisit: To
    /// take place on 7 December 2004"), printed in place of the generated one.
    pub(crate) due_as_written: Option<String>,
    /// The paper's own line for the published revisit report ("Revisit
    /// report: 3 December 2004"), printed in place of the generated one.
    pub(crate) published_as_written: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Grading {
    pub(crate) framework: String,
    pub(crate) grade: String,
    pub(crate) direction: Option<String>,
    pub(crate) note: Option<String>,
}

/// Counts of AFIs broken down by roll-up group, as a paper published them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Breakdown {
    /// The framework or theme the figures are for; `None` for the whole inspection.
    pub(crate) name: Option<String>,
    pub(crate) total: u64,
    /// Group id and count, in the order written.
    pub(crate) groups: Vec<(String, u64)>,
}

impl Breakdown {
    /// The sum of the published groups, when it cannot be right: more than
    /// the total, or different from it when every one of the `group_count`
    /// groups was published. A group left out was not published, so a sum
    /// under the total is not by itself wrong.
    pub(crate) fn unbalanced_sum(&self, group_count: usize) -> Option<u64> {
        let sum: u64 = self.groups.iter().map(|(_, n)| n).sum();
        let all_given = self.groups.len() == group_count;
        (sum > self.total || (all_given && sum != self.total)).then_some(sum)
    }
}

/// Figures a paper published about an inspection's AFIs, kept as published.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PublishedCounts {
    pub(crate) date: Date,
    pub(crate) source: Option<String>,
    /// The records keeper's note on how the records relate to the figures.
    pub(crate) note: Option<String>,
    pub(crate) overall: Breakdown,
    pub(crate) frameworks: Vec<Breakdown>,
    pub(crate) themes: Vec<Breakdown>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Inspection {
    pub(crate) id: String,
    pub(crate) path: String,
    pub(crate) title: String,
    pub(crate) programme: Option<String>,
    pub(crate) body: String,
    pub(crate) subject: String,
    pub(crate) fieldwork: Vec<Period>,
    /// The paper's own line for the fieldwork dates ("Date of inspection:
    /// 23-25 June & 30 June-1 July 2003"), printed in place of the generated one.
    pub(crate) fieldwork_as_written: Option<String>,
    pub(crate) published: Option<Date>,
    pub(crate) revisits: Vec<Revisit>,
    pub(crate) status: InspectionStatus,
    pub(crate) gradings: Vec<Grading>,
    pub(crate) good_practice: Vec<String>,
    /// How a paper introduces the good practice, when not as the whole list.
    pub(crate) good_practice_intro: Option<String>,
    pub(crate) conclusion: Option<String>,
    pub(crate) published_counts: Vec<PublishedCounts>,
    pub(crate) text: SourceText,
}

/// One dated progress update on an AFI.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Update {
    pub(crate) date: Date,
    pub(crate) status: String,
    pub(crate) note: String,
    /// Quality-assessed and accepted by the liaison unit.
    pub(crate) assured: bool,
    /// A revised target date, from this update on.
    pub(crate) due: Option<Target>,
    /// The timescale in the paper's words ("In place since January 2003"),
    /// from this update on.
    pub(crate) timescale: Option<String>,
    /// Why the target was revised.
    pub(crate) reason: Option<String>,
    /// Links or repository paths that show the work done.
    pub(crate) evidence: Vec<String>,
    /// Who reported the update, such as the owner who returned it.
    pub(crate) by: Option<String>,
    /// Who assessed it and when, where recorded.
    pub(crate) assessed_by: Option<String>,
    pub(crate) assessed: Option<Date>,
    /// Why the liaison unit did not accept it. A rejected update is kept in
    /// the history but does not count: it is in `Afi::rejected`, not in
    /// `Afi::updates`.
    pub(crate) rejected: Option<String>,
}

impl Update {
    /// An update with only the fields every update has.
    pub(crate) fn new(date: Date, status: String, note: String) -> Update {
        Update {
            date,
            status,
            note,
            assured: false,
            due: None,
            timescale: None,
            reason: None,
            evidence: Vec::new(),
            by: None,
            assessed_by: None,
            assessed: None,
            rejected: None,
        }
    }

    /// Whether it had been assessed and accepted on `date`: an update marked
    /// assured with no date of assessment counts from its own date.
    pub(crate) fn assured_on(&self, date: jiff::civil::Date) -> bool {
        self.assured
            && self
                .assessed
                .unwrap_or(self.date)
                .first_day()
                .max(self.date.first_day())
                <= date
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Afi {
    pub(crate) id: String,
    pub(crate) path: String,
    pub(crate) inspection: String,
    pub(crate) label: Option<String>,
    pub(crate) title: String,
    pub(crate) framework: Option<String>,
    pub(crate) theme: Option<String>,
    pub(crate) owner: Option<String>,
    pub(crate) raised: Date,
    pub(crate) due: Option<Target>,
    pub(crate) status: String,
    /// The updates that count, oldest first.
    pub(crate) updates: Vec<Update>,
    /// Updates the liaison unit rejected, oldest first: shown in the
    /// history, never counted.
    pub(crate) rejected: Vec<Update>,
    pub(crate) text: SourceText,
}

impl Afi {
    /// Whether `self` and `other` differ in their text (the Markdown body)
    /// at most: then only the AFI's own page shows the difference.
    pub(crate) fn same_but_text(&self, other: &Afi) -> bool {
        // Every field named, so that a new one cannot be left out.
        let Afi {
            id,
            path,
            inspection,
            label,
            title,
            framework,
            theme,
            owner,
            raised,
            due,
            status,
            updates,
            rejected,
            text: _,
        } = self;
        *id == other.id
            && *path == other.path
            && *inspection == other.inspection
            && *label == other.label
            && *title == other.title
            && *framework == other.framework
            && *theme == other.theme
            && *owner == other.owner
            && *raised == other.raised
            && *due == other.due
            && *status == other.status
            && *updates == other.updates
            && *rejected == other.rejected
    }
}

/// Which records a paper or an appendix is about. Empty lists and `all`
/// false cover nothing; a record is covered when any list names it (an AFI
/// through its inspection, the inspection's programme, or its framework).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Covers {
    pub(crate) all: bool,
    pub(crate) inspections: Vec<String>,
    pub(crate) programmes: Vec<String>,
    pub(crate) frameworks: Vec<String>,
}

/// What an appendix of a paper is built from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AppendixKind {
    /// Per inspection: dates, each recommendation with its action, good
    /// practice and conclusion.
    Inspections,
    /// Each recommendation, the proposed action and the timescale.
    ActionPlan,
    /// Per framework: grading, counts and the work in progress.
    Frameworks,
    /// Text written in the paper record itself.
    Text,
}

impl AppendixKind {
    pub(crate) const ALL: [(&'static str, AppendixKind); 4] = [
        ("inspections", AppendixKind::Inspections),
        ("action-plan", AppendixKind::ActionPlan),
        ("frameworks", AppendixKind::Frameworks),
        ("text", AppendixKind::Text),
    ];
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Appendix {
    pub(crate) title: String,
    pub(crate) kind: AppendixKind,
    /// The records it is about; when it names none, those the paper covers.
    pub(crate) covers: Covers,
    pub(crate) text: Option<String>,
    /// What an action-plan appendix calls the action ("MPS proposed action").
    pub(crate) action_heading: Option<String>,
}

/// A committee paper: what only a person can write, plus which records it
/// reports on. Its figures come from the records as at `as_at`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Paper {
    pub(crate) id: String,
    pub(crate) path: String,
    pub(crate) title: String,
    pub(crate) committee: String,
    pub(crate) meeting: Date,
    pub(crate) report: String,
    pub(crate) by: String,
    pub(crate) as_at: jiff::civil::Date,
    /// The paper this one follows, for "since the last report" figures.
    pub(crate) follows: Option<String>,
    pub(crate) covers: Covers,
    pub(crate) appendices: Vec<Appendix>,
    /// The paper as its author wrote it, from the summary to the contact
    /// details: Markdown with placeholders, `##` headings for its sections.
    pub(crate) text: SourceText,
    /// Where `text` starts in the file: byte offset and line.
    pub(crate) text_offset: usize,
    pub(crate) text_line: usize,
}

/// Every valid record of a repository, each list sorted by id. Records are
/// shared, so `serve` makes a new model after a change without copying the
/// records that did not change.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Model {
    pub(crate) inspections: Vec<Arc<Inspection>>,
    pub(crate) afis: Vec<Arc<Afi>>,
    pub(crate) papers: Vec<Arc<Paper>>,
}

#[cfg(test)]
mod tests {
    use super::Breakdown;

    fn breakdown(total: u64, groups: &[(&str, u64)]) -> Breakdown {
        Breakdown {
            name: None,
            total,
            groups: groups.iter().map(|(g, n)| ((*g).to_owned(), *n)).collect(),
        }
    }

    #[test]
    fn a_breakdown_is_unbalanced_only_when_it_cannot_add_up() {
        // Report 11: 131 + 26 + 10 + 20 = 187 of 189, every group given.
        let all = [
            ("work-in-progress", 131),
            ("completed", 26),
            ("no-further-action", 10),
            ("update-awaited", 20),
        ];
        assert_eq!(breakdown(189, &all).unbalanced_sum(4), Some(187));
        assert_eq!(breakdown(187, &all).unbalanced_sum(4), None);
        // Leadership: 1 completed and 4 in progress of 8; the rest unpublished.
        let some = [("completed", 1), ("work-in-progress", 4)];
        assert_eq!(breakdown(8, &some).unbalanced_sum(4), None);
        // More than the total can never be right.
        assert_eq!(breakdown(4, &some).unbalanced_sum(4), Some(5));
    }
}
