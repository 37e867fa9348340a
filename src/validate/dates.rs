//! The written forms of dates (`YYYY-MM-DD` or `YYYY-MM`) and targets (a date
//! or `ongoing`): text in, a `Date` or `Target` out, or a reason a person can
//! act on.

use jiff::civil;

use crate::model::{Date, Target, month_name};

/// Parse a target: `ongoing`, or a date as `parse_date` reads it.
pub(crate) fn parse_target(text: &str) -> Result<Target, String> {
    if is_ongoing(text) {
        return Ok(Target::Ongoing);
    }
    parse_date(text.trim()).map(Target::By)
}

/// Whether a target is written as `ongoing`, in any case.
pub(crate) fn is_ongoing(text: &str) -> bool {
    text.trim().eq_ignore_ascii_case("ongoing")
}

/// No record of an inspection is dated before this year: an earlier one is a
/// slip of the keys (`1003` for `2003`), and would stretch every trend back
/// to it.
const EARLIEST_YEAR: i16 = 1900;

/// Parse `YYYY-MM-DD` or `YYYY-MM`, with a reason a person can act on.
pub(crate) fn parse_date(text: &str) -> Result<Date, String> {
    let mut parts = text.split('-');
    let [first, second, third, fourth] = std::array::from_fn(|_| parts.next());
    // Four digits at most, so the value fits.
    let number = |part: &str, digits: usize| -> Option<i16> {
        (part.len() == digits && part.bytes().all(|b| b.is_ascii_digit())).then(|| {
            part.bytes()
                .fold(0, |value, digit| value * 10 + i16::from(digit - b'0'))
        })
    };
    let shape = || format!("`{text}` is not written YYYY-MM-DD or YYYY-MM");
    let year = first.and_then(|p| number(p, 4)).ok_or_else(shape)?;
    let month = second.and_then(|p| number(p, 2)).ok_or_else(shape)?;
    if !(1..=12).contains(&month) {
        return Err(format!("there is no month {month}"));
    }
    if year < EARLIEST_YEAR {
        return Err(format!(
            "the year {year:04} is before {EARLIEST_YEAR}: probably a typing slip"
        ));
    }
    let month = month as i8;
    match (third, fourth) {
        (None, _) => Ok(Date::Month { year, month }),
        (Some(day), None) => {
            let day = number(day, 2).ok_or_else(shape)?;
            civil::Date::new(year, month, day as i8)
                .map(Date::Day)
                .map_err(|_| {
                    let last = civil::date(year, month, 1).last_of_month().day();
                    format!("{} {year} has {last} days", month_name(month))
                })
        }
        _ => Err(shape()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_with_day_or_month() {
        assert_eq!(
            parse_date("2003-07-28").map(|d| d.to_string()),
            Ok("2003-07-28".to_owned())
        );
        assert_eq!(
            parse_date("2003-12"),
            Ok(Date::Month {
                year: 2003,
                month: 12
            })
        );
    }

    #[test]
    fn impossible_dates_say_why() {
        assert_eq!(
            parse_date("2003-02-30"),
            Err("February 2003 has 28 days".to_owned())
        );
        assert_eq!(
            parse_date("2004-02-30"),
            Err("February 2004 has 29 days".to_owned())
        );
        assert_eq!(
            parse_date("2003-13"),
            Err("there is no month 13".to_owned())
        );
        assert!(parse_date("28/07/2003").is_err());
        assert_eq!(
            parse_date("1003-07-28"),
            Err("the year 1003 is before 1900: probably a typing slip".to_owned())
        );
        assert_eq!(
            parse_target("0200-01"),
            Err("the year 0200 is before 1900: probably a typing slip".to_owned())
        );
        assert!(parse_date("1900-01-01").is_ok());
        assert!(parse_date("2003-7-28").is_err());
        assert!(parse_date("2003").is_err());
    }

    #[test]
    fn each_wrong_shape_is_named_before_what_comes_after_it() {
        let shape = |text: &str| Err(format!("`{text}` is not written YYYY-MM-DD or YYYY-MM"));
        for text in [
            "2003",
            "2003-1",
            "03-01-01",
            "2003-01-1",
            "2003-01-01-01",
            "2003--01",
            "20a3-01",
            "２００３-01",
        ] {
            assert_eq!(parse_date(text), shape(text), "{text}");
        }
        // The month is looked at before the number of parts.
        assert_eq!(
            parse_date("2003-13-01-01"),
            Err("there is no month 13".to_owned())
        );
        assert_eq!(
            parse_date("9999-12-31").map(|d| d.to_string()),
            Ok("9999-12-31".to_owned())
        );
    }

    #[test]
    fn targets_are_dates_or_ongoing() {
        assert_eq!(parse_target("ongoing"), Ok(Target::Ongoing));
        assert_eq!(parse_target("Ongoing"), Ok(Target::Ongoing));
        assert_eq!(
            parse_target("2004-03"),
            Ok(Target::By(Date::Month {
                year: 2004,
                month: 3
            }))
        );
        assert!(parse_target("soon").is_err());
    }

    #[test]
    fn month_dates_run_from_first_to_last_day() {
        let december = parse_date("2003-12").expect("valid");
        assert_eq!(december.first_day(), civil::date(2003, 12, 1));
        assert_eq!(december.last_day(), civil::date(2003, 12, 31));
    }

    proptest::proptest! {
        #[test]
        fn parsing_any_date_text_never_panics(text in "[0-9-]{0,12}|[a-zA-Z0-9/ -]{0,12}") {
            if let Ok(date) = parse_date(&text) {
                // A date that parses prints back as written.
                proptest::prop_assert_eq!(date.to_string(), text);
            }
        }
    }
}
