//! How model values read in prose: dates and targets in words, and any text
//! made safe to stand in a line of Markdown. Every Markdown output (papers,
//! the report, `diff`) and every page uses these, so they live here, below
//! the stages that write.

use super::{Date, Target, month_name};

/// A date as the papers write it: "16 January 2007", or "December 2003".
pub(crate) fn long_date(date: Date) -> String {
    match date {
        Date::Day(d) => format!("{} {} {}", d.day(), month_name(d.month()), d.year()),
        Date::Month { year, month } => format!("{} {year}", month_name(month)),
    }
}

/// A target as the papers write it: a long date, or "Ongoing".
pub(crate) fn long_target(target: Target) -> String {
    match target {
        Target::By(date) => long_date(date),
        Target::Ongoing => "Ongoing".to_owned(),
    }
}

/// `text` made safe inside a line of Markdown, so that it reads as itself
/// and can never become a link, markup or HTML.
pub(crate) fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '&' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '\r' => {}
            '\n' => out.push(' '),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escaping_makes_markup_inert() {
        assert_eq!(escape_markdown("<script>"), "\\<script\\>");
        assert_eq!(
            escape_markdown("[x](javascript:y)"),
            "\\[x\\](javascript:y)"
        );
        assert_eq!(escape_markdown("a | b\nc"), "a \\| b c");
    }

    #[test]
    fn long_dates() {
        let day = Date::Day(jiff::civil::date(2007, 1, 16));
        assert_eq!(long_date(day), "16 January 2007");
        let month = Date::Month {
            year: 2003,
            month: 12,
        };
        assert_eq!(long_date(month), "December 2003");
        assert_eq!(long_target(Target::Ongoing), "Ongoing");
    }
}
