//! Dates as the records give them: a day or only a month, and targets that
//! may be `ongoing`.

use std::fmt;

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
