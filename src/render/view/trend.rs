//! The trend: the AFIs in each roll-up group at the end of every month, as a
//! line chart laid out here (the template only draws it, so no JavaScript is
//! needed) and as the table the chart is drawn from. On the dashboard, on its
//! own page (`trend.html`), and on each inspection's page for its AFIs.

use std::fmt::Write as _;

use crate::model::Date;
use crate::model::prose::long_date;
use crate::rollup::TrendPoint;

use super::types::{Content, Tick, TrendChart, TrendLine, TrendRow, TrendView};
use super::{Builder, Page, slugify};

const WIDTH: u32 = 720;
const HEIGHT: u32 = 270;
const LEFT: u32 = 48;
const RIGHT: u32 = 704;
const TOP: u32 = 12;
const BOTTOM: u32 = 230;
/// At most this many year labels along the bottom: more would overlap.
const MOST_YEAR_LABELS: usize = 12;

impl<'a> Builder<'a> {
    pub(super) fn trend_page(&self) -> Page<'a> {
        let content = self.trend_view(&self.rollup.trend, "all AFIs", false);
        self.page(
            "trend.html",
            "trend.html".to_owned(),
            "Trend: AFIs by roll-up group, month by month".to_owned(),
            None,
            Content::Trend {
                trend: Box::new(content.unwrap_or_else(|| self.empty_trend())),
            },
        )
    }

    /// The trend of `points` (of the AFIs `what` describes), or `None` when
    /// there is nothing to show. With `changes_only`, the table keeps the
    /// first and last dates and those on which a figure changed (the chart
    /// still has every month): an inspection's page stays short.
    pub(super) fn trend_view(
        &self,
        points: &[TrendPoint],
        what: &str,
        changes_only: bool,
    ) -> Option<TrendView> {
        let last = points.last()?;
        let groups = &self.settings.vocabulary.groups;
        let rows = points
            .iter()
            .enumerate()
            .filter(|(i, p)| {
                !changes_only
                    || *i == 0
                    || *i + 1 == points.len()
                    || points[i - 1].counts != p.counts
            })
            .map(|(_, p)| TrendRow {
                date: long_date(Date::Day(p.date)),
                date_iso: p.date.to_string(),
                counts: groups
                    .iter()
                    .map(|g| p.counts.get(&g.id).copied().unwrap_or(0))
                    .collect(),
                total: p.total,
            })
            .collect();
        let latest = groups
            .iter()
            .map(|g| {
                let n = last.counts.get(&g.id).copied().unwrap_or(0);
                format!("{} {n}", g.label)
            })
            .collect::<Vec<_>>()
            .join(", ");
        let summary = format!(
            "Trend of {what} by roll-up group at the end of every month from {} to {}. On {}: {latest}.",
            long_date(Date::Month {
                year: points[0].date.year(),
                month: points[0].date.month(),
            }),
            self.site.as_at,
            self.site.as_at,
        );
        Some(TrendView {
            chart: chart(points, self, summary),
            group_labels: self.group_labels(),
            rows,
            changes_only,
        })
    }

    fn empty_trend(&self) -> TrendView {
        TrendView {
            chart: chart(&[], self, "No AFI had been raised.".to_owned()),
            group_labels: self.group_labels(),
            rows: Vec::new(),
            changes_only: false,
        }
    }
}

/// Lay out one line per roll-up group over the months, scaled to the largest
/// count, with year labels along the bottom and three counts up the side.
fn chart(points: &[TrendPoint], builder: &Builder<'_>, summary: String) -> TrendChart {
    let groups = &builder.settings.vocabulary.groups;
    let most = points
        .iter()
        .flat_map(|p| p.counts.values().copied())
        .max()
        .unwrap_or(0);
    let top_count = round_up(most.max(1));
    let x_of = |i: usize| -> u32 {
        match points.len() {
            0 | 1 => (LEFT + RIGHT) / 2,
            n => LEFT + scale(i as u64, (n - 1) as u64, RIGHT - LEFT),
        }
    };
    let y_of = |count: u64| BOTTOM - scale(count, top_count, BOTTOM - TOP);
    let lines = groups
        .iter()
        .map(|g| {
            let ys: Vec<u32> = points
                .iter()
                .map(|p| y_of(p.counts.get(&g.id).copied().unwrap_or(0)))
                .collect();
            // A point inside a flat stretch adds nothing to the line: only
            // the ends of each stretch are drawn.
            let mut drawn = String::new();
            for (i, y) in ys.iter().enumerate() {
                let flat = i > 0 && i + 1 < ys.len() && ys[i - 1] == *y && ys[i + 1] == *y;
                if !flat {
                    let gap = if drawn.is_empty() { "" } else { " " };
                    let _ = write!(drawn, "{gap}{},{y}", x_of(i));
                }
            }
            TrendLine {
                label: g.label.clone(),
                class: format!("line-{}", slugify(&g.id)),
                points: drawn,
            }
        })
        .collect();
    TrendChart {
        width: WIDTH,
        height: HEIGHT,
        summary,
        lines,
        x_ticks: year_ticks(points, x_of),
        y_ticks: [0, top_count / 2, top_count]
            .into_iter()
            .map(|n| Tick {
                at: y_of(n),
                label: n.to_string(),
            })
            .collect(),
        left: LEFT,
        right: RIGHT,
        top: TOP,
        bottom: BOTTOM,
    }
}

/// A year label at each January point, fewer when there are many years,
/// and none where it would crowd the one before it.
fn year_ticks(points: &[TrendPoint], x_of: impl Fn(usize) -> u32) -> Vec<Tick> {
    const MIN_GAP: u32 = 40;
    let januaries: Vec<(usize, i16)> = points
        .iter()
        .enumerate()
        .filter(|(i, p)| {
            p.date.month() == 1 && (*i == 0 || points[i - 1].date.year() != p.date.year())
        })
        .map(|(i, p)| (i, p.date.year()))
        .collect();
    let step = januaries.len().div_ceil(MOST_YEAR_LABELS).max(1);
    let mut ticks: Vec<Tick> = Vec::new();
    for (i, year) in januaries.iter().step_by(step) {
        let at = x_of(*i);
        if ticks.last().is_some_and(|t| at < t.at + MIN_GAP) || at + MIN_GAP / 2 > WIDTH {
            continue;
        }
        ticks.push(Tick {
            at,
            label: year.to_string(),
        });
    }
    ticks
}

/// `value` of `of` as a share of `length`, rounded down.
fn scale(value: u64, of: u64, length: u32) -> u32 {
    u32::try_from(value.min(of) * u64::from(length) / of.max(1)).unwrap_or(length)
}

/// The smallest of 1, 2 or 5 times a power of ten that is at least `n`, so
/// the side labels are round numbers.
fn round_up(n: u64) -> u64 {
    let mut power = 1u64;
    loop {
        for step in [1, 2, 5] {
            if step * power >= n {
                return step * power;
            }
        }
        power = power.saturating_mul(10);
    }
}

#[cfg(test)]
mod tests {
    use super::round_up;

    #[test]
    fn side_labels_are_round() {
        assert_eq!(round_up(1), 1);
        assert_eq!(round_up(3), 5);
        assert_eq!(round_up(82), 100);
        assert_eq!(round_up(131), 200);
        assert_eq!(round_up(9524), 10000);
    }
}
