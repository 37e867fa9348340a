//! The record model: plain data types for inspections, AFIs and the status
//! vocabulary. Pure: no IO, no parsing of files, no dependency on other stages.

use std::fmt;

/// Where a value sits in its file: 1-based line and column (in characters) for
/// people, byte offsets for snippet rendering.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub line: usize,
    pub column: usize,
    pub start: usize,
    pub end: usize,
}

/// A calendar date as the papers give it: a day, or only a month.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Date {
    Day(jiff::civil::Date),
    Month { year: i16, month: i8 },
}

impl Date {
    /// The earliest day the date can mean: used to check that dates are in order.
    pub fn first_day(self) -> jiff::civil::Date {
        match self {
            Date::Day(d) => d,
            Date::Month { year, month } => jiff::civil::date(year, month, 1),
        }
    }

    /// The latest day the date can mean: a month deadline runs to its last day.
    pub fn last_day(self) -> jiff::civil::Date {
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

/// A target date: a date, or `ongoing` for work with no end date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
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
pub enum InspectionStatus {
    Planned,
    Fieldwork,
    AwaitingReport,
    Published,
    RevisitDue,
    Closed,
}

impl InspectionStatus {
    pub const ALL: [(&'static str, InspectionStatus); 6] = [
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
pub struct Period {
    pub start: Date,
    pub end: Option<Date>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Revisit {
    pub due: Option<Date>,
    pub visited: Option<Date>,
    pub published: Option<Date>,
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grading {
    pub framework: String,
    pub grade: String,
    pub direction: Option<String>,
    pub note: Option<String>,
}

/// Counts of AFIs broken down by roll-up group, as a paper published them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Breakdown {
    /// The framework or theme the figures are for; `None` for the whole inspection.
    pub name: Option<String>,
    pub total: u64,
    /// Group id and count, in the order written.
    pub groups: Vec<(String, u64)>,
}

/// Figures a paper published about an inspection's AFIs, kept as published.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublishedCounts {
    pub date: Date,
    pub source: Option<String>,
    pub overall: Breakdown,
    pub frameworks: Vec<Breakdown>,
    pub themes: Vec<Breakdown>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inspection {
    pub id: String,
    pub path: String,
    pub title: String,
    pub programme: Option<String>,
    pub body: String,
    pub subject: String,
    pub fieldwork: Vec<Period>,
    pub published: Option<Date>,
    pub revisits: Vec<Revisit>,
    pub status: InspectionStatus,
    pub gradings: Vec<Grading>,
    pub good_practice: Vec<String>,
    pub conclusion: Option<String>,
    pub published_counts: Vec<PublishedCounts>,
    pub text: String,
}

/// One dated progress update on an AFI.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Update {
    pub date: Date,
    pub status: String,
    pub note: String,
    pub assured: bool,
    /// A revised target date, from this update on.
    pub due: Option<Target>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Afi {
    pub id: String,
    pub path: String,
    pub inspection: String,
    pub label: Option<String>,
    pub title: String,
    pub framework: Option<String>,
    pub theme: Option<String>,
    pub owner: Option<String>,
    pub raised: Date,
    pub due: Option<Target>,
    pub status: String,
    pub updates: Vec<Update>,
    pub text: String,
}

/// Every valid record of a repository, each list sorted by id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Model {
    pub inspections: Vec<Inspection>,
    pub afis: Vec<Afi>,
}

/// A roll-up group: the line a status is counted under in papers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub id: String,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusDef {
    pub id: String,
    pub label: String,
    pub open: bool,
    pub group: String,
}

/// The statuses an AFI can have, with their labels and roll-up groups.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Vocabulary {
    pub groups: Vec<Group>,
    pub statuses: Vec<StatusDef>,
    /// The status of an AFI before its first update.
    pub initial: String,
}

impl Vocabulary {
    pub fn status(&self, id: &str) -> Option<&StatusDef> {
        self.statuses.iter().find(|s| s.id == id)
    }

    pub fn group(&self, id: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.id == id)
    }

    /// The vocabulary the committee papers use.
    pub fn standard() -> Vocabulary {
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
