//! The view structs: what each template receives as its context, and what
//! `data.json` holds. Their field names and order, and their serde
//! attributes, are the templates' interface (docs/templates.md).

use std::sync::{Arc, OnceLock};

use serde::Serialize;

use super::slugify;
use crate::model::Afi;
use crate::model::prose::long_target;
use crate::rollup::{AfiState, Rag};

/// What every page shares.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct SiteView {
    pub(crate) name: String,
    pub(crate) organisation: String,
    pub(crate) as_at: String,
    pub(crate) as_at_iso: String,
    pub(crate) since: String,
    /// The name of the list of AFIs with no recent update, with its days.
    pub(crate) silent_label: String,
    pub(crate) stale_after_days: u32,
}

/// One link of the site's navigation.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct NavItem {
    pub(crate) label: String,
    pub(crate) href: String,
    /// The `aria-current` value: `page` on the page itself, `true` within
    /// its section.
    pub(crate) current: Option<&'static str>,
}

/// One step of a page's breadcrumb trail; the last, the page itself, has
/// no link.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Crumb {
    pub(crate) label: String,
    pub(crate) href: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct SourceView {
    pub(crate) path: String,
    pub(crate) edit_url: Option<String>,
    /// The commits that changed the record, newest first (`build --history`).
    pub(crate) history: Vec<CommitView>,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct CommitView {
    pub(crate) date: String,
    pub(crate) author: String,
    pub(crate) subject: String,
}

#[derive(Clone, Debug, Serialize)]
#[serde(untagged)]
pub(crate) enum Content<'a> {
    Dashboard(Box<DashboardView>),
    Inspection(Box<InspectionView<'a>>),
    Afi(Box<AfiView<'a>>),
    Inspections { inspections: Vec<InspectionRow> },
    Dimension(DimensionView),
    Group(GroupView<'a>),
    Overdue { buckets: Vec<BucketView<'a>> },
    Silent { afis: Vec<Row<'a>> },
    Movement(Box<MovementView<'a>>),
    Trend { trend: Box<TrendView> },
    Report(Box<ReportView<'a>>),
    Paper(Box<PaperView>),
    Papers { papers: Vec<PaperRow> },
}

/// A committee paper as a page: its heading fields, and its Markdown already
/// rendered to safe HTML.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct PaperView {
    pub(crate) report: String,
    pub(crate) committee: String,
    pub(crate) meeting: String,
    pub(crate) meeting_iso: String,
    pub(crate) by: String,
    /// The running header of the printed paper, as a CSS string literal.
    pub(crate) running_header_css: String,
    /// "Figures as at …, computed from the records." (or "Records as at
    /// …." when no figure was computed), for the footer.
    pub(crate) as_at_note: String,
    pub(crate) notice: Option<String>,
    pub(crate) main_html: String,
    pub(crate) appendices: Vec<AppendixView>,
    pub(crate) markdown_href: String,
    pub(crate) docx_href: String,
    pub(crate) pdf_href: String,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct AppendixView {
    pub(crate) number: usize,
    pub(crate) title: String,
    pub(crate) html: String,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct PaperRow {
    pub(crate) title: String,
    pub(crate) href: String,
    pub(crate) markdown_href: String,
    pub(crate) report: String,
    pub(crate) committee: String,
    pub(crate) meeting: String,
    pub(crate) meeting_iso: String,
    pub(crate) as_at: String,
}

/// The Markdown report: the dashboard's figures and every list, in one file.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct ReportView<'a> {
    #[serde(flatten)]
    pub(crate) dashboard: DashboardView,
    pub(crate) breakdowns: Vec<DimensionView>,
    pub(crate) buckets: Vec<BucketView<'a>>,
    pub(crate) silent: Vec<Row<'a>>,
    pub(crate) movement_lists: MovementView<'a>,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct GroupCount {
    pub(crate) id: String,
    pub(crate) label: String,
    pub(crate) count: u64,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct CountsView {
    pub(crate) total: u64,
    pub(crate) open: u64,
    pub(crate) overdue: u64,
    pub(crate) due_soon: u64,
    pub(crate) silent: u64,
    /// The most days an open AFI has gone without an update.
    pub(crate) longest_silence: Option<i32>,
    /// AFIs whose newest update was quality-assessed, and those whose
    /// newest update awaits assessment.
    pub(crate) assessed: u64,
    pub(crate) awaiting_assessment: u64,
    pub(crate) groups: Vec<GroupCount>,
    pub(crate) statuses: Vec<GroupCount>,
}

/// A horizontal bar of the dashboard chart, laid out here so the template
/// only draws it.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Bar {
    pub(crate) label: String,
    pub(crate) count: u64,
    pub(crate) y: u32,
    pub(crate) width: u32,
    pub(crate) text_x: u32,
    pub(crate) class: String,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct ChartView {
    pub(crate) width: u32,
    pub(crate) height: u32,
    pub(crate) label_width: u32,
    pub(crate) bars: Vec<Bar>,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct MoveView<'a> {
    pub(crate) afi: Row<'a>,
    /// The group and status on the earlier date; `None` for AFIs raised since.
    pub(crate) from: Option<String>,
    pub(crate) to: String,
}

/// Movement since the earlier date, in its three parts.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct MovementView<'a> {
    pub(crate) raised: Vec<MoveView<'a>>,
    pub(crate) moved: Vec<MoveView<'a>>,
    pub(crate) closed: Vec<MoveView<'a>>,
}

/// How many AFIs are in each part of the movement.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct MovementCounts {
    pub(crate) raised: usize,
    pub(crate) moved: usize,
    pub(crate) closed: usize,
}

/// A line chart of the roll-up groups month by month, laid out here.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct TrendChart {
    pub(crate) width: u32,
    pub(crate) height: u32,
    /// A sentence for the chart's accessible name: what it shows and the
    /// latest figures.
    pub(crate) summary: String,
    pub(crate) lines: Vec<TrendLine>,
    pub(crate) x_ticks: Vec<Tick>,
    pub(crate) y_ticks: Vec<Tick>,
    /// Where the plot area starts and ends, for the axes.
    pub(crate) left: u32,
    pub(crate) right: u32,
    pub(crate) top: u32,
    pub(crate) bottom: u32,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct TrendLine {
    pub(crate) label: String,
    pub(crate) class: String,
    /// SVG polyline points, `x,y x,y …`.
    pub(crate) points: String,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct Tick {
    pub(crate) at: u32,
    pub(crate) label: String,
}

/// One row of the trend's data table.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct TrendRow {
    pub(crate) date: String,
    pub(crate) date_iso: String,
    pub(crate) counts: Vec<u64>,
    pub(crate) total: u64,
}

/// The trend as a chart and as a table.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct TrendView {
    pub(crate) chart: TrendChart,
    pub(crate) group_labels: Vec<String>,
    pub(crate) rows: Vec<TrendRow>,
    /// Whether the table leaves out the months in which nothing changed.
    pub(crate) changes_only: bool,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct DashboardView {
    pub(crate) counts: CountsView,
    pub(crate) chart: ChartView,
    pub(crate) due_soon: usize,
    pub(crate) slipped: usize,
    pub(crate) movement: MovementCounts,
    pub(crate) trend: Option<TrendView>,
    pub(crate) inspections: Vec<InspectionRow>,
    pub(crate) dimensions: Vec<DimensionLink>,
    pub(crate) reconciliations: Vec<ReconciliationView>,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct DimensionLink {
    pub(crate) label: String,
    pub(crate) href: String,
    pub(crate) count: usize,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct InspectionRow {
    pub(crate) id: String,
    pub(crate) href: String,
    pub(crate) title: String,
    pub(crate) body: String,
    pub(crate) subject: String,
    pub(crate) programme: Option<String>,
    pub(crate) status: String,
    pub(crate) published: Option<String>,
    pub(crate) counts: CountsView,
}

/// An AFI's row as the templates see it, made once per build and shared by
/// every list it is on. The built-in templates read the row itself; Tera
/// gets it as a template value, converted on first use and
/// reference-counted, so each list takes it without converting it again.
#[derive(Clone, Debug)]
pub(crate) struct Row<'a>(Arc<SharedRow<'a>>);

#[derive(Debug)]
struct SharedRow<'a> {
    row: AfiRow<'a>,
    value: OnceLock<tera::Value>,
}

impl<'a> Row<'a> {
    pub(crate) fn of(row: AfiRow<'a>) -> Row<'a> {
        Row(Arc::new(SharedRow {
            row,
            value: OnceLock::new(),
        }))
    }
}

impl<'a> std::ops::Deref for Row<'a> {
    type Target = AfiRow<'a>;

    fn deref(&self) -> &AfiRow<'a> {
        &self.0.row
    }
}

impl Serialize for Row<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let shared = &self.0;
        let value = shared
            .value
            .get_or_init(|| tera::Value::from_serializable(&shared.row));
        value.serialize(serializer)
    }
}

/// One AFI as a table row, borrowed from the model, its state in the
/// roll-up and the vocabulary's labels; what is worked out from them (its
/// links, its target in words, its classes) is worked out as it is
/// written, so that a row costs a few pointers however many lists hold it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct AfiRow<'a> {
    pub(crate) afi: &'a Afi,
    /// `None` only for an AFI not yet raised, which no list holds.
    pub(crate) state: Option<&'a AfiState>,
    /// The inspection's title, or its id when it has no record.
    pub(crate) inspection: &'a str,
    /// The labels of the AFI's status and roll-up group.
    pub(crate) status: &'a str,
    pub(crate) group: &'a str,
}

impl<'a> AfiRow<'a> {
    pub(crate) fn id(&self) -> &'a str {
        &self.afi.id
    }

    pub(crate) fn label(&self) -> Option<&'a str> {
        self.afi.label.as_deref()
    }

    pub(crate) fn title(&self) -> &'a str {
        &self.afi.title
    }

    pub(crate) fn owner(&self) -> Option<&'a str> {
        self.afi.owner.as_deref()
    }

    pub(crate) fn href(&self) -> String {
        self.href_parts().concat()
    }

    /// `href` in its parts, for writing it without making it first.
    pub(crate) fn href_parts(&self) -> [&'a str; 3] {
        ["afis/", &self.afi.id, ".html"]
    }

    pub(crate) fn inspection_href(&self) -> String {
        self.inspection_href_parts().concat()
    }

    /// `inspection_href` in its parts.
    pub(crate) fn inspection_href_parts(&self) -> [&'a str; 3] {
        ["inspections/", &self.afi.inspection, ".html"]
    }

    /// The roll-up group's id as a CSS class name, for the status tag.
    pub(crate) fn group_class(&self) -> String {
        self.state.map(|s| slugify(&s.group)).unwrap_or_default()
    }

    /// The target in words.
    pub(crate) fn due(&self) -> Option<String> {
        let due = self.state.map_or(self.afi.due, |s| s.due);
        due.map(long_target)
    }

    pub(crate) fn rag(&self) -> &'static str {
        self.state.map_or(Rag::Green, |s| s.rag).label()
    }

    pub(crate) fn rag_class(&self) -> String {
        self.rag().to_lowercase()
    }

    pub(crate) fn rag_reason(&self) -> &'a str {
        self.state.map_or("", |s| &s.rag_reason)
    }

    pub(crate) fn days_overdue(&self) -> Option<i32> {
        self.state.and_then(|s| s.days_overdue)
    }

    pub(crate) fn days_since_update(&self) -> Option<i32> {
        self.state.and_then(|s| s.days_since_update)
    }

    pub(crate) fn days_silent(&self) -> Option<i32> {
        self.state.and_then(|s| s.days_silent)
    }
}

/// The row as templates see it: these fields, in this order
/// (docs/templates.md).
impl Serialize for AfiRow<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut row = serializer.serialize_struct("AfiRow", 17)?;
        row.serialize_field("id", self.id())?;
        row.serialize_field("href", &self.href())?;
        row.serialize_field("label", &self.label())?;
        row.serialize_field("title", self.title())?;
        row.serialize_field("inspection", self.inspection)?;
        row.serialize_field("inspection_href", &self.inspection_href())?;
        row.serialize_field("owner", &self.owner())?;
        row.serialize_field("status", self.status)?;
        row.serialize_field("group", self.group)?;
        row.serialize_field("group_class", &self.group_class())?;
        row.serialize_field("due", &self.due())?;
        row.serialize_field("rag", self.rag())?;
        row.serialize_field("rag_class", &self.rag_class())?;
        row.serialize_field("rag_reason", self.rag_reason())?;
        row.serialize_field("days_overdue", &self.days_overdue())?;
        row.serialize_field("days_since_update", &self.days_since_update())?;
        row.serialize_field("days_silent", &self.days_silent())?;
        row.end()
    }
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct GradingView {
    pub(crate) framework: String,
    pub(crate) href: Option<String>,
    pub(crate) grade: String,
    pub(crate) direction: Option<String>,
    pub(crate) note: Option<String>,
    pub(crate) afis: u64,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct RevisitView {
    pub(crate) due: Option<String>,
    pub(crate) visited: Option<String>,
    pub(crate) published: Option<String>,
    pub(crate) note: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct ReconciledRow {
    pub(crate) name: String,
    pub(crate) published_total: u64,
    pub(crate) records_total: u64,
    pub(crate) difference: i64,
    pub(crate) groups: Vec<ReconciledGroup>,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct ReconciledGroup {
    pub(crate) label: String,
    /// `None` where the paper did not publish this figure.
    pub(crate) published: Option<u64>,
    pub(crate) records: u64,
    pub(crate) difference: Option<i64>,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct ReconciliationView {
    pub(crate) inspection: String,
    pub(crate) inspection_href: String,
    pub(crate) date: String,
    pub(crate) source: Option<String>,
    pub(crate) group_labels: Vec<String>,
    pub(crate) rows: Vec<ReconciledRow>,
    /// What the reader must know to read the table: that the records hold
    /// fewer AFIs than were published, that a published breakdown does not
    /// add up to its total, and the record's own note on the figures.
    pub(crate) sentences: Vec<String>,
}

/// An inspection's page; its title is the page's (`Page::title`), which a
/// field of the same name here would hide from the templates.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct InspectionView<'a> {
    pub(crate) id: String,
    pub(crate) programme: Option<String>,
    pub(crate) programme_href: Option<String>,
    pub(crate) body: String,
    pub(crate) subject: String,
    pub(crate) status: String,
    pub(crate) fieldwork: Vec<String>,
    pub(crate) published: Option<String>,
    pub(crate) revisits: Vec<RevisitView>,
    pub(crate) gradings: Vec<GradingView>,
    pub(crate) good_practice: Vec<String>,
    pub(crate) conclusion: Option<String>,
    pub(crate) text_html: String,
    pub(crate) counts: CountsView,
    pub(crate) afis: Vec<Row<'a>>,
    pub(crate) reconciliations: Vec<ReconciliationView>,
    pub(crate) trend: Option<TrendView>,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct UpdateView {
    pub(crate) date: String,
    pub(crate) date_iso: String,
    pub(crate) status: String,
    pub(crate) note: String,
    pub(crate) assured: bool,
    pub(crate) due: Option<String>,
    /// Later than the as-at date: shown, but not yet in force.
    pub(crate) after_as_at: bool,
    /// The quality assessment in words: "Assessed by J Smith on 5 March
    /// 2007", "Rejected …: reason", or "Awaiting assessment".
    pub(crate) assessment: String,
    /// Rejected: shown in the history, not counted.
    pub(crate) rejected: bool,
    pub(crate) reason: Option<String>,
    pub(crate) evidence: Vec<String>,
    pub(crate) by: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct AfiView<'a> {
    pub(crate) row: AfiRow<'a>,
    pub(crate) framework: Option<String>,
    pub(crate) framework_href: Option<String>,
    pub(crate) grading: Option<String>,
    pub(crate) theme: Option<String>,
    pub(crate) theme_href: Option<String>,
    pub(crate) owner_href: Option<String>,
    pub(crate) raised: String,
    pub(crate) original_due: Option<String>,
    pub(crate) revisions: Vec<UpdateView>,
    pub(crate) updates: Vec<UpdateView>,
    pub(crate) text_html: String,
    /// The issue form that takes an update for this AFI, when the
    /// configuration names the repository.
    pub(crate) update_url: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct DimensionRow {
    pub(crate) name: String,
    pub(crate) href: String,
    /// For frameworks: how each inspection that grades it graded it.
    pub(crate) gradings: Vec<String>,
    pub(crate) counts: CountsView,
}

/// The index page of one way of grouping AFIs (by owner, by framework …).
#[derive(Clone, Debug, Serialize)]
pub(crate) struct DimensionView {
    pub(crate) dimension: String,
    pub(crate) rows: Vec<DimensionRow>,
    pub(crate) group_labels: Vec<String>,
    /// For owners: the figures for chasing them (open, overdue, due soon,
    /// silent, the longest silence) instead of the roll-up groups.
    pub(crate) chase: bool,
}

/// The page of one owner, framework, programme or theme.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct GroupView<'a> {
    pub(crate) dimension: String,
    pub(crate) dimension_href: String,
    pub(crate) name: String,
    /// For frameworks: how each inspection that grades it graded it.
    pub(crate) gradings: Vec<String>,
    pub(crate) counts: CountsView,
    pub(crate) afis: Vec<Row<'a>>,
    /// The column of the AFI table the page's subject makes redundant.
    pub(crate) omit: Option<&'static str>,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct BucketView<'a> {
    pub(crate) label: String,
    pub(crate) afis: Vec<Row<'a>>,
}
