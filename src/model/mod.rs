//! The record model: plain data types for inspections, AFIs and the status
//! vocabulary. Pure: no IO, no parsing of files, no dependency on other stages.

pub(crate) mod prose;

use std::fmt;
use std::ops::{Deref, Range};
use std::sync::Arc;

/// Where a value sits in its file: 1-based line and column (in characters) for
/// people, byte offsets for snippet rendering.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Span {
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) start: usize,
    pub(crate) end: usize,
}

/// A part of a record file's text, such as its Markdown body: it shares the
/// file's text rather than copying it, so that a large record set is held in
/// memory once.
#[derive(Clone, Default)]
pub(crate) struct SourceText {
    source: Arc<str>,
    range: Range<usize>,
}

impl SourceText {
    /// `source[range]`; a range outside the text or off a character boundary
    /// gives the empty text.
    pub(crate) fn new(source: Arc<str>, range: Range<usize>) -> Self {
        let range = if source.get(range.clone()).is_some() {
            range
        } else {
            0..0
        };
        SourceText { source, range }
    }
}

impl Deref for SourceText {
    type Target = str;

    fn deref(&self) -> &str {
        &self.source[self.range.clone()]
    }
}

impl From<&str> for SourceText {
    fn from(text: &str) -> Self {
        SourceText::new(Arc::from(text), 0..text.len())
    }
}

impl From<String> for SourceText {
    fn from(text: String) -> Self {
        let len = text.len();
        SourceText::new(Arc::from(text), 0..len)
    }
}

impl fmt::Debug for SourceText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl PartialEq for SourceText {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl Eq for SourceText {}

/// A calendar date as the papers give it: a day, or only a month.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Date {
    Day(jiff::civil::Date),
    Month { year: i16, month: i8 },
}

impl Date {
    /// The earliest day the date can mean: used to check that dates are in order.
    pub(crate) fn first_day(self) -> jiff::civil::Date {
        match self {
            Date::Day(d) => d,
            Date::Month { year, month } => jiff::civil::date(year, month, 1),
        }
    }

    /// The latest day the date can mean: a month deadline runs to its last day.
    pub(crate) fn last_day(self) -> jiff::civil::Date {
        match self {
            Date::Day(d) => d,
            Date::Month { year, month } => jiff::civil::date(year, month, 1).last_of_month(),
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Date::Day(d) => write!(f, "{d}"),
            Date::Month { year, month } => write!(f, "{year:04}-{month:02}"),
        }
    }
}

/// The English name of a month, 1 to 12.
pub(crate) fn month_name(month: i8) -> &'static str {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    NAMES[usize::try_from(month - 1).unwrap_or(0).min(11)]
}

/// A target date: a date, or `ongoing` for work with no end date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    By(Date),
    Ongoing,
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::By(d) => d.fmt(f),
            Target::Ongoing => f.write_str("ongoing"),
        }
    }
}

/// Where an inspection stands in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum InspectionStatus {
    Planned,
    Fieldwork,
    AwaitingReport,
    Published,
    RevisitDue,
    Closed,
}

impl InspectionStatus {
    pub(crate) const ALL: [(&'static str, InspectionStatus); 6] = [
        ("planned", InspectionStatus::Planned),
        ("fieldwork", InspectionStatus::Fieldwork),
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

/// Figures a paper published about an inspection's AFIs, kept as published.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PublishedCounts {
    pub(crate) date: Date,
    pub(crate) source: Option<String>,
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
    pub(crate) published: Option<Date>,
    pub(crate) revisits: Vec<Revisit>,
    pub(crate) status: InspectionStatus,
    pub(crate) gradings: Vec<Grading>,
    pub(crate) good_practice: Vec<String>,
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
    pub(crate) assured: bool,
    /// A revised target date, from this update on.
    pub(crate) due: Option<Target>,
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
    pub(crate) updates: Vec<Update>,
    pub(crate) text: SourceText,
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
    pub(crate) summary: String,
    pub(crate) recommendations: Vec<String>,
    pub(crate) race_and_equality: Option<String>,
    pub(crate) financial: Option<String>,
    pub(crate) background_papers: Vec<String>,
    pub(crate) contact: Option<String>,
    pub(crate) appendices: Vec<Appendix>,
    /// Section B, supporting information: Markdown with placeholders.
    pub(crate) text: SourceText,
    /// Where `text` starts in the file: byte offset and line.
    pub(crate) text_offset: usize,
    pub(crate) text_line: usize,
}

/// Every valid record of a repository, each list sorted by id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Model {
    pub(crate) inspections: Vec<Inspection>,
    pub(crate) afis: Vec<Afi>,
    pub(crate) papers: Vec<Paper>,
}

/// A roll-up group: the line a status is counted under in papers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Group {
    pub(crate) id: String,
    pub(crate) label: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct StatusDef {
    pub(crate) id: String,
    pub(crate) label: String,
    pub(crate) open: bool,
    pub(crate) group: String,
}

/// The statuses an AFI can have, with their labels and roll-up groups.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Vocabulary {
    pub(crate) groups: Vec<Group>,
    pub(crate) statuses: Vec<StatusDef>,
    /// The status of an AFI before its first update.
    pub(crate) initial: String,
}

impl Vocabulary {
    pub(crate) fn status(&self, id: &str) -> Option<&StatusDef> {
        self.statuses.iter().find(|s| s.id == id)
    }

    pub(crate) fn group(&self, id: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.id == id)
    }

    /// The vocabulary the committee papers use.
    pub(crate) fn standard() -> Vocabulary {
        let group = |id: &str, label: &str| Group {
            id: id.to_owned(),
            label: label.to_owned(),
        };
        let status = |id: &str, label: &str, open: bool, group: &str| StatusDef {
            id: id.to_owned(),
            label: label.to_owned(),
            open,
            group: group.to_owned(),
        };
        Vocabulary {
            groups: vec![
                group("work-in-progress", "Work in progress"),
                group("completed", "Completed"),
                group("no-further-action", "No further action"),
                group("update-awaited", "Update awaited"),
            ],
            statuses: vec![
                status("not-started", "Not started", true, "work-in-progress"),
                status("in-progress", "Work in progress", true, "work-in-progress"),
                status("update-awaited", "Update awaited", true, "update-awaited"),
                status("completed", "Completed", false, "completed"),
                status(
                    "no-further-action",
                    "No further action required",
                    false,
                    "no-further-action",
                ),
                status(
                    "no-current-plan",
                    "No current plan",
                    false,
                    "no-further-action",
                ),
                status("not-agreed", "Not agreed", false, "no-further-action"),
            ],
            initial: "not-started".to_owned(),
        }
    }
}
