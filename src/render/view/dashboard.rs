//! The dashboard (`index.html`) with its bar chart, and the Markdown report
//! (`report.md`), which carries the dashboard's figures and every list.

use super::lists::dimensions;
use super::types::{Bar, ChartView, Content, DashboardView, DimensionLink, GroupCount, ReportView};
use super::{Builder, Page, slugify};

impl<'a> Builder<'a> {
    /// The Markdown report, `report.md`.
    pub(crate) fn report(&self) -> Page<'a> {
        let dashboard = self.dashboard_view();
        let breakdowns = dimensions(self.rollup)
            .into_iter()
            .map(|(folder, heading, slices)| self.dimension_view(folder, heading, slices))
            .collect();
        let content = ReportView {
            dashboard,
            breakdowns,
            buckets: self.buckets(),
            silent: self.silent_rows(),
            movement_lists: self.movement_view(),
        };
        self.page(
            "report.md",
            "report.md".to_owned(),
            self.settings.site_name.to_owned(),
            None,
            Content::Report(Box::new(content)),
        )
    }

    pub(super) fn dashboard(&self) -> Page<'a> {
        let content = self.dashboard_view();
        self.page(
            "index.html",
            "index.html".to_owned(),
            "Dashboard".to_owned(),
            None,
            Content::Dashboard(Box::new(content)),
        )
    }

    fn dashboard_view(&self) -> DashboardView {
        let counts = self.counts(&self.rollup.overall);
        let chart = chart(&counts.groups);
        let dimensions = dimensions(self.rollup)
            .into_iter()
            .map(|(folder, heading, slices)| DimensionLink {
                label: format!("By {}", heading.to_lowercase()),
                href: format!("{folder}/index.html"),
                count: slices.len(),
            })
            .collect();
        DashboardView {
            counts,
            chart,
            due_soon: self.rollup.due_soon.len(),
            slipped: self.rollup.slipped.len(),
            movement: self.movement_counts(),
            trend: self.trend_view(&self.rollup.trend, "all AFIs", false),
            inspections: self
                .model
                .inspections
                .iter()
                .map(|i| self.inspection_row(i))
                .collect(),
            dimensions,
            reconciliations: self.reconciliations(None),
        }
    }
}

/// Lay out the dashboard's bar chart: one bar per roll-up group, scaled to the
/// largest.
fn chart(groups: &[GroupCount]) -> ChartView {
    const LABEL_WIDTH: u32 = 170;
    const BAR_SPACE: u32 = 300;
    const ROW: u32 = 36;
    let max = groups.iter().map(|g| g.count).max().unwrap_or(0).max(1);
    let bars = groups
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let width = u32::try_from(g.count * u64::from(BAR_SPACE) / max).unwrap_or(BAR_SPACE);
            Bar {
                label: g.label.clone(),
                count: g.count,
                y: u32::try_from(i).unwrap_or(0) * ROW,
                width,
                text_x: LABEL_WIDTH + width + 8,
                class: format!("bar-{}", slugify(&g.id)),
            }
        })
        .collect();
    ChartView {
        width: LABEL_WIDTH + BAR_SPACE + 60,
        height: u32::try_from(groups.len()).unwrap_or(0) * ROW,
        label_width: LABEL_WIDTH,
        bars,
    }
}
