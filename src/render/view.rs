//! Views: the plain, serialisable structures that templates receive, built by
//! pure functions from the model and the roll-ups. Templates never see the
//! model itself, so what a template can use is exactly what is here (and is
//! documented in docs/templates.md).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::prose::{long_date, long_target};
use crate::model::{Afi, Date, Inspection, Model, Vocabulary};
use crate::render::markdown;
use crate::rollup::{Counts, Rag, Rollup, Slice};

/// Settings the views need besides the model.
pub(crate) struct Settings<'a> {
    pub(crate) site_name: &'a str,
    pub(crate) organisation: &'a str,
    /// A URL with `{path}` where a record's repository path goes, for the
    /// "propose a change" link.
    pub(crate) edit_url: Option<&'a str>,
    /// The commits that changed each record file, when the site shows them.
    pub(crate) history: Option<&'a BTreeMap<String, Vec<crate::git::Commit>>>,
    pub(crate) vocabulary: &'a Vocabulary,
}

/// What every page shares.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct SiteView {
    pub(crate) name: String,
    pub(crate) organisation: String,
    pub(crate) as_at: String,
    pub(crate) as_at_iso: String,
    pub(crate) since: String,
}

/// One page to render: which template, where it goes, and its context.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Page {
    #[serde(skip)]
    pub(crate) template: &'static str,
    /// Output path relative to the site root, with `/`.
    #[serde(skip)]
    pub(crate) path: String,
    pub(crate) site: SiteView,
    /// Prefix that leads from this page back to the site root: `` or `../`.
    pub(crate) root: String,
    pub(crate) title: String,
    pub(crate) source: Option<SourceView>,
    #[serde(flatten)]
    pub(crate) content: Content,
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
pub(crate) enum Content {
    Dashboard(Box<DashboardView>),
    Inspection(Box<InspectionView>),
    Afi(Box<AfiView>),
    Inspections {
        inspections: Vec<InspectionRow>,
    },
    Dimension(DimensionView),
    Group(GroupView),
    Overdue {
        buckets: Vec<BucketView>,
    },
    Stale {
        afis: Vec<AfiRow>,
        stale_after_days: u32,
    },
    Report(Box<ReportView>),
    Paper(Box<PaperView>),
    Papers {
        papers: Vec<PaperRow>,
    },
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
    pub(crate) paper_as_at: String,
    pub(crate) notice: Option<String>,
    pub(crate) main_html: String,
    pub(crate) appendices: Vec<AppendixView>,
    pub(crate) markdown_href: String,
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
pub(crate) struct ReportView {
    #[serde(flatten)]
    pub(crate) dashboard: DashboardView,
    pub(crate) breakdowns: Vec<DimensionView>,
    pub(crate) buckets: Vec<BucketView>,
    pub(crate) stale: Vec<AfiRow>,
    pub(crate) stale_after_days: u32,
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
    pub(crate) stale: u64,
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
pub(crate) struct MoveView {
    pub(crate) afi: AfiRow,
    pub(crate) from: String,
    pub(crate) to: String,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct MovementSummary {
    pub(crate) label: String,
    pub(crate) count: usize,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct DashboardView {
    pub(crate) counts: CountsView,
    pub(crate) chart: ChartView,
    pub(crate) due_soon: usize,
    pub(crate) slipped: usize,
    pub(crate) movement: Vec<MoveView>,
    pub(crate) movement_summary: Vec<MovementSummary>,
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

/// One AFI as a table row.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct AfiRow {
    pub(crate) id: String,
    pub(crate) href: String,
    pub(crate) label: Option<String>,
    pub(crate) title: String,
    pub(crate) inspection: String,
    pub(crate) inspection_href: String,
    pub(crate) owner: Option<String>,
    pub(crate) status: String,
    pub(crate) group: String,
    pub(crate) due: Option<String>,
    pub(crate) rag: String,
    pub(crate) rag_class: String,
    pub(crate) rag_reason: String,
    pub(crate) days_overdue: Option<i32>,
    pub(crate) days_stale: Option<i32>,
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
    pub(crate) published: u64,
    pub(crate) records: u64,
    pub(crate) difference: i64,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct ReconciliationView {
    pub(crate) inspection: String,
    pub(crate) inspection_href: String,
    pub(crate) date: String,
    pub(crate) source: Option<String>,
    pub(crate) group_labels: Vec<String>,
    pub(crate) rows: Vec<ReconciledRow>,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct InspectionView {
    pub(crate) id: String,
    pub(crate) title: String,
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
    pub(crate) afis: Vec<AfiRow>,
    pub(crate) reconciliations: Vec<ReconciliationView>,
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
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct AfiView {
    pub(crate) row: AfiRow,
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
}

/// The page of one owner, framework, programme or theme.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct GroupView {
    pub(crate) dimension: String,
    pub(crate) dimension_href: String,
    pub(crate) name: String,
    /// For frameworks: how each inspection that grades it graded it.
    pub(crate) gradings: Vec<String>,
    pub(crate) counts: CountsView,
    pub(crate) afis: Vec<AfiRow>,
}

#[derive(Clone, Debug, Serialize)]
pub(crate) struct BucketView {
    pub(crate) label: String,
    pub(crate) afis: Vec<AfiRow>,
}

/// "16 January 2007", or "December 2003" for a month.
/// A URL-safe name for a page: lower case, words joined by `-`.
pub(crate) fn slugify(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-').to_owned();
    if slug.is_empty() {
        "unnamed".to_owned()
    } else {
        slug
    }
}

/// The ways AFIs are grouped into list pages: folder, heading, the slices.
fn dimensions(rollup: &Rollup) -> [(&'static str, &'static str, &Vec<Slice>); 4] {
    [
        ("frameworks", "Framework", &rollup.by_framework),
        ("owners", "Owner", &rollup.by_owner),
        ("programmes", "Programme", &rollup.by_programme),
        ("themes", "Theme", &rollup.by_theme),
    ]
}

/// Every group page's slice by (dimension index, group name), as `PageKey::Group`
/// names them.
pub(crate) fn group_pages(rollup: &Rollup) -> BTreeMap<(usize, Option<String>), &Slice> {
    dimensions(rollup)
        .into_iter()
        .enumerate()
        .flat_map(|(index, (_, _, slices))| {
            slices.iter().map(move |s| ((index, s.name.clone()), s))
        })
        .collect()
}

/// Page names for the slices of a dimension, unique even where two names
/// make the same slug.
fn slice_slugs(slices: &[Slice]) -> BTreeMap<Option<String>, String> {
    // `index.html` is the dimension's own page: a group called "Index"
    // becomes `index-2`.
    let mut taken: BTreeMap<String, usize> = BTreeMap::from([("index".to_owned(), 1)]);
    slices
        .iter()
        .map(|s| {
            let base = s.name.as_deref().map_or_else(|| "none".to_owned(), slugify);
            let n = taken.entry(base.clone()).or_default();
            *n += 1;
            let slug = if *n == 1 { base } else { format!("{base}-{n}") };
            (s.name.clone(), slug)
        })
        .collect()
}

/// One page of the site before it is built: listing the pages is cheap, so
/// a build can make them one by one (and `serve` only those a change
/// touches).
#[derive(Clone, Copy, Debug)]
pub(crate) enum PageKey<'a> {
    Dashboard,
    InspectionsIndex,
    PapersIndex,
    Overdue,
    Stale,
    Report,
    Inspection(&'a Inspection),
    Afi(&'a Afi),
    /// The index of one way of grouping AFIs (frameworks, owners, …).
    Dimension(usize),
    /// One group's page, in that way of grouping.
    Group(usize, &'a Slice),
}

/// Builds every page of the site.
pub(crate) struct Builder<'a> {
    model: &'a Model,
    rollup: &'a Rollup,
    settings: &'a Settings<'a>,
    site: SiteView,
    inspections: BTreeMap<&'a str, &'a Inspection>,
    afis: BTreeMap<&'a str, &'a Afi>,
    /// Each inspection's slice of the roll-up, by inspection id: looked up
    /// once per inspection page and row rather than searched.
    by_inspection: BTreeMap<&'a str, &'a Slice>,
    /// Dimension folder → (slice name → slug).
    slugs: BTreeMap<&'static str, BTreeMap<Option<String>, String>>,
}

impl<'a> Builder<'a> {
    pub(crate) fn new(model: &'a Model, rollup: &'a Rollup, settings: &'a Settings<'a>) -> Self {
        let site = SiteView {
            name: settings.site_name.to_owned(),
            organisation: settings.organisation.to_owned(),
            as_at: long_date(Date::Day(rollup.as_at)),
            as_at_iso: rollup.as_at.to_string(),
            since: long_date(Date::Day(rollup.since)),
        };
        let slugs = dimensions(rollup)
            .into_iter()
            .map(|(folder, _, slices)| (folder, slice_slugs(slices)))
            .collect();
        Builder {
            model,
            rollup,
            settings,
            site,
            inspections: model
                .inspections
                .iter()
                .map(|i| (i.id.as_str(), i))
                .collect(),
            afis: model.afis.iter().map(|a| (a.id.as_str(), a)).collect(),
            by_inspection: rollup
                .by_inspection
                .iter()
                .filter_map(|s| Some((s.name.as_deref()?, s)))
                .collect(),
            slugs,
        }
    }

    /// Every page of the site (the report too, but not the papers), unbuilt.
    pub(crate) fn page_keys(&self) -> Vec<PageKey<'a>> {
        let mut keys = vec![
            PageKey::Dashboard,
            PageKey::InspectionsIndex,
            PageKey::PapersIndex,
            PageKey::Overdue,
            PageKey::Stale,
            PageKey::Report,
        ];
        keys.extend(self.model.inspections.iter().map(PageKey::Inspection));
        keys.extend(
            self.model
                .afis
                .iter()
                .filter(|a| self.rollup.states.contains_key(&a.id))
                .map(PageKey::Afi),
        );
        for (index, (_, _, slices)) in dimensions(self.rollup).into_iter().enumerate() {
            keys.push(PageKey::Dimension(index));
            keys.extend(slices.iter().map(|s| PageKey::Group(index, s)));
        }
        keys
    }

    /// Build the page `key` names.
    pub(crate) fn page_for(&self, key: PageKey<'a>) -> Page {
        match key {
            PageKey::Dashboard => self.dashboard(),
            PageKey::InspectionsIndex => self.inspections_index(),
            PageKey::PapersIndex => self.papers_index(),
            PageKey::Overdue => self.overdue(),
            PageKey::Stale => self.stale(),
            PageKey::Report => self.report(),
            PageKey::Inspection(inspection) => self.inspection(inspection),
            PageKey::Afi(afi) => self.afi(afi),
            PageKey::Dimension(index) => {
                let (folder, heading, slices) = dimensions(self.rollup)[index];
                self.dimension(folder, heading, slices)
            }
            PageKey::Group(index, slice) => {
                let (folder, heading, _) = dimensions(self.rollup)[index];
                self.group(folder, heading, slice)
            }
        }
    }

    fn page(
        &self,
        template: &'static str,
        path: String,
        title: String,
        source: Option<&str>,
        content: Content,
    ) -> Page {
        let depth = path.matches('/').count();
        Page {
            template,
            site: self.site.clone(),
            root: "../".repeat(depth),
            title,
            source: source.map(|p| SourceView {
                path: p.to_owned(),
                edit_url: self.settings.edit_url.map(|u| u.replace("{path}", p)),
                history: self
                    .settings
                    .history
                    .and_then(|h| h.get(p))
                    .map(|commits| {
                        commits
                            .iter()
                            .map(|c| CommitView {
                                date: c.date.clone(),
                                author: c.author.clone(),
                                subject: c.subject.clone(),
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
            }),
            content,
            path,
        }
    }

    fn counts(&self, counts: &Counts) -> CountsView {
        let vocabulary = self.settings.vocabulary;
        CountsView {
            total: counts.total,
            open: counts.open,
            overdue: counts.overdue,
            stale: counts.stale,
            groups: vocabulary
                .groups
                .iter()
                .map(|g| GroupCount {
                    id: g.id.clone(),
                    label: g.label.clone(),
                    count: counts.groups.get(&g.id).copied().unwrap_or(0),
                })
                .collect(),
            statuses: vocabulary
                .statuses
                .iter()
                .map(|s| GroupCount {
                    id: s.id.clone(),
                    label: s.label.clone(),
                    count: counts.statuses.get(&s.id).copied().unwrap_or(0),
                })
                .collect(),
        }
    }

    fn group_labels(&self) -> Vec<String> {
        self.settings
            .vocabulary
            .groups
            .iter()
            .map(|g| g.label.clone())
            .collect()
    }

    fn status_label(&self, status: &str) -> String {
        self.settings
            .vocabulary
            .status(status)
            .map_or_else(|| status.to_owned(), |s| s.label.clone())
    }

    /// "Work in progress (Not started)": the group, and the status where its
    /// label says more than the group's.
    fn group_and_status(&self, group: &str, status: &str) -> String {
        let group = self.group_label(group);
        let status = self.status_label(status);
        if status == group {
            group
        } else {
            format!("{group} ({status})")
        }
    }

    fn group_label(&self, group: &str) -> String {
        self.settings
            .vocabulary
            .group(group)
            .map_or_else(|| group.to_owned(), |g| g.label.clone())
    }

    /// Link from a page at `root` to the page of a slice, if it has one.
    fn slice_href(&self, folder: &str, name: Option<&String>) -> Option<String> {
        let slug = self.slugs.get(folder)?.get(&name.cloned())?;
        Some(format!("{folder}/{slug}.html"))
    }

    fn afi_row(&self, id: &str) -> Option<AfiRow> {
        let afi = self.afis.get(id)?;
        let state = self.rollup.states.get(id)?;
        let inspection_title = self
            .inspections
            .get(afi.inspection.as_str())
            .map_or_else(|| afi.inspection.clone(), |i| i.title.clone());
        Some(AfiRow {
            id: afi.id.clone(),
            href: format!("afis/{}.html", afi.id),
            label: afi.label.clone(),
            title: afi.title.clone(),
            inspection: inspection_title,
            inspection_href: format!("inspections/{}.html", afi.inspection),
            owner: afi.owner.clone(),
            status: self.status_label(&state.status),
            group: self.group_label(&state.group),
            due: state.due.map(long_target),
            rag: state.rag.label().to_owned(),
            rag_class: state.rag.label().to_lowercase(),
            rag_reason: state.rag_reason.clone(),
            days_overdue: state.days_overdue,
            days_stale: state.days_stale,
        })
    }

    fn rows(&self, ids: &[String]) -> Vec<AfiRow> {
        ids.iter().filter_map(|id| self.afi_row(id)).collect()
    }

    fn inspection_row(&self, inspection: &Inspection) -> InspectionRow {
        let counts = self.by_inspection.get(inspection.id.as_str()).map_or_else(
            || self.counts(&Counts::new(self.settings.vocabulary)),
            |s| self.counts(&s.counts),
        );
        InspectionRow {
            id: inspection.id.clone(),
            href: format!("inspections/{}.html", inspection.id),
            title: inspection.title.clone(),
            body: inspection.body.clone(),
            subject: inspection.subject.clone(),
            programme: inspection.programme.clone(),
            status: inspection_status_label(inspection),
            published: inspection.published.map(long_date),
            counts,
        }
    }

    fn reconciliations(&self, inspection: Option<&str>) -> Vec<ReconciliationView> {
        self.rollup
            .reconciliations
            .iter()
            .filter(|r| inspection.is_none_or(|id| r.inspection == id))
            .map(|r| ReconciliationView {
                inspection: self
                    .inspections
                    .get(r.inspection.as_str())
                    .map_or_else(|| r.inspection.clone(), |i| i.title.clone()),
                inspection_href: format!("inspections/{}.html", r.inspection),
                date: long_date(Date::Day(r.date)),
                source: r.source.clone(),
                group_labels: self.group_labels(),
                rows: r
                    .lines
                    .iter()
                    .map(|line| ReconciledRow {
                        name: line.name.clone().unwrap_or_else(|| "All AFIs".to_owned()),
                        published_total: line.published_total,
                        records_total: line.records_total,
                        difference: difference(line.records_total, line.published_total),
                        groups: line
                            .groups
                            .iter()
                            .map(|(id, published, records)| ReconciledGroup {
                                label: self.group_label(id),
                                published: *published,
                                records: *records,
                                difference: difference(*records, *published),
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect()
    }

    /// The page of one paper, laid out in the house format.
    pub(crate) fn paper(
        &self,
        paper: &crate::model::Paper,
        laid: &crate::paper::Laid,
        notice: Option<&str>,
    ) -> Page {
        let no_links = |_: &str| None;
        let content = PaperView {
            report: paper.report.clone(),
            committee: paper.committee.clone(),
            meeting: long_date(paper.meeting),
            meeting_iso: paper.meeting.to_string(),
            by: paper.by.clone(),
            paper_as_at: long_date(Date::Day(paper.as_at)),
            notice: notice.map(str::to_owned),
            main_html: markdown::to_html(&laid.main, &no_links),
            appendices: laid
                .appendices
                .iter()
                .enumerate()
                .map(|(i, (title, text))| AppendixView {
                    number: i + 1,
                    title: title.clone(),
                    html: markdown::to_html(text, &no_links),
                })
                .collect(),
            markdown_href: format!("{}.md", paper.id),
        };
        self.page(
            "paper.html",
            format!("papers/{}.html", paper.id),
            paper.title.clone(),
            Some(&paper.path),
            Content::Paper(Box::new(content)),
        )
    }

    /// The list of papers, newest meeting first.
    pub(crate) fn papers_index(&self) -> Page {
        let mut papers: Vec<&crate::model::Paper> = self.model.papers.iter().collect();
        papers.sort_by_key(|p| (std::cmp::Reverse(p.meeting.first_day()), p.id.clone()));
        let papers = papers
            .into_iter()
            .map(|p| PaperRow {
                title: p.title.clone(),
                href: format!("papers/{}.html", p.id),
                markdown_href: format!("papers/{}.md", p.id),
                report: p.report.clone(),
                committee: p.committee.clone(),
                meeting: long_date(p.meeting),
                meeting_iso: p.meeting.to_string(),
                as_at: long_date(Date::Day(p.as_at)),
            })
            .collect();
        self.page(
            "papers.html",
            "papers/index.html".to_owned(),
            "Committee papers".to_owned(),
            None,
            Content::Papers { papers },
        )
    }

    /// The Markdown report, `report.md`.
    pub(crate) fn report(&self) -> Page {
        let dashboard = self.dashboard_view();
        let breakdowns = dimensions(self.rollup)
            .into_iter()
            .map(|(folder, heading, slices)| self.dimension_view(folder, heading, slices))
            .collect();
        let content = ReportView {
            dashboard,
            breakdowns,
            buckets: self.buckets(),
            stale: self.stale_rows(),
            stale_after_days: self.rollup.stale_after_days,
        };
        self.page(
            "report.md",
            "report.md".to_owned(),
            self.settings.site_name.to_owned(),
            None,
            Content::Report(Box::new(content)),
        )
    }

    fn dashboard(&self) -> Page {
        let content = self.dashboard_view();
        self.page(
            "index.html",
            "index.html".to_owned(),
            self.settings.site_name.to_owned(),
            None,
            Content::Dashboard(Box::new(content)),
        )
    }

    fn dashboard_view(&self) -> DashboardView {
        let counts = self.counts(&self.rollup.overall);
        let chart = chart(&counts.groups);
        let movement: Vec<MoveView> = self
            .rollup
            .movement
            .iter()
            .filter_map(|m| {
                Some(MoveView {
                    afi: self.afi_row(&m.id)?,
                    from: match (&m.from, &m.from_status) {
                        (Some(group), Some(status)) => self.group_and_status(group, status),
                        _ => "Not yet raised".to_owned(),
                    },
                    to: self.group_and_status(&m.to, &m.to_status),
                })
            })
            .collect();
        let movement_summary = self
            .settings
            .vocabulary
            .groups
            .iter()
            .map(|g| MovementSummary {
                label: g.label.clone(),
                count: self.rollup.movement.iter().filter(|m| m.to == g.id).count(),
            })
            .filter(|s| s.count > 0)
            .collect();
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
            movement,
            movement_summary,
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

    fn inspections_index(&self) -> Page {
        let inspections = self
            .model
            .inspections
            .iter()
            .map(|i| self.inspection_row(i))
            .collect();
        self.page(
            "inspections.html",
            "inspections/index.html".to_owned(),
            "Inspections".to_owned(),
            None,
            Content::Inspections { inspections },
        )
    }

    fn inspection(&self, inspection: &Inspection) -> Page {
        let row = self.inspection_row(inspection);
        // The AFIs raised by the as-at date, in id order.
        let afi_ids: &[String] = self
            .by_inspection
            .get(inspection.id.as_str())
            .map_or(&[], |s| &s.afis);
        let gradings = inspection
            .gradings
            .iter()
            .map(|g| GradingView {
                framework: g.framework.clone(),
                href: self
                    .rollup
                    .by_framework
                    .iter()
                    .any(|s| s.name.as_ref() == Some(&g.framework))
                    .then(|| self.slice_href("frameworks", Some(&g.framework)))
                    .flatten(),
                grade: g.grade.clone(),
                direction: g.direction.clone(),
                note: g.note.clone(),
                afis: afi_ids
                    .iter()
                    .filter_map(|id| self.afis.get(id.as_str()))
                    .filter(|a| a.framework.as_ref() == Some(&g.framework))
                    .count() as u64,
            })
            .collect();
        let content = InspectionView {
            id: inspection.id.clone(),
            title: inspection.title.clone(),
            programme: inspection.programme.clone(),
            programme_href: self.slice_href("programmes", inspection.programme.as_ref()),
            body: inspection.body.clone(),
            subject: inspection.subject.clone(),
            status: row.status,
            fieldwork: inspection
                .fieldwork
                .iter()
                .map(|p| match p.end {
                    Some(end) if end != p.start => {
                        format!("{} to {}", long_date(p.start), long_date(end))
                    }
                    _ => long_date(p.start),
                })
                .collect(),
            published: row.published,
            revisits: inspection
                .revisits
                .iter()
                .map(|r| RevisitView {
                    due: r.due.map(long_date),
                    visited: r.visited.map(long_date),
                    published: r.published.map(long_date),
                    note: r.note.clone(),
                })
                .collect(),
            gradings,
            good_practice: inspection.good_practice.clone(),
            conclusion: inspection.conclusion.clone(),
            text_html: markdown::to_html(&inspection.text, &self.link_resolver(&inspection.path)),
            counts: row.counts,
            afis: self.rows(afi_ids),
            reconciliations: self.reconciliations(Some(&inspection.id)),
        };
        self.page(
            "inspection.html",
            format!("inspections/{}.html", inspection.id),
            inspection.title.clone(),
            Some(&inspection.path),
            Content::Inspection(Box::new(content)),
        )
    }

    fn afi(&self, afi: &Afi) -> Page {
        let as_at = self.rollup.as_at;
        let updates: Vec<UpdateView> = afi
            .updates
            .iter()
            .map(|u| UpdateView {
                date: long_date(u.date),
                date_iso: u.date.to_string(),
                status: self.status_label(&u.status),
                note: u.note.clone(),
                assured: u.assured,
                due: u.due.map(long_target),
                after_as_at: u.date.first_day() > as_at,
            })
            .collect();
        let inspection = self.inspections.get(afi.inspection.as_str());
        let grading = inspection.and_then(|i| {
            let g = i
                .gradings
                .iter()
                .find(|g| Some(&g.framework) == afi.framework.as_ref())?;
            Some(match &g.direction {
                Some(d) => format!("{}/{}", g.grade, d),
                None => g.grade.clone(),
            })
        });
        let content = AfiView {
            row: self
                .afi_row(&afi.id)
                .unwrap_or_else(|| unreachable_row(afi)),
            framework: afi.framework.clone(),
            framework_href: self.slice_href("frameworks", afi.framework.as_ref()),
            grading,
            theme: afi.theme.clone(),
            theme_href: self.slice_href("themes", afi.theme.as_ref()),
            owner_href: self.slice_href("owners", afi.owner.as_ref()),
            raised: long_date(afi.raised),
            original_due: afi.due.map(long_target),
            revisions: updates
                .iter()
                .filter(|u| u.due.is_some())
                .cloned()
                .collect(),
            updates,
            text_html: markdown::to_html(&afi.text, &self.link_resolver(&afi.path)),
        };
        let title = match &afi.label {
            Some(label) => format!("{label}: {}", afi.title),
            None => afi.title.clone(),
        };
        self.page(
            "afi.html",
            format!("afis/{}.html", afi.id),
            title,
            Some(&afi.path),
            Content::Afi(Box::new(content)),
        )
    }

    fn dimension(&self, folder: &'static str, heading: &str, slices: &[Slice]) -> Page {
        let content = self.dimension_view(folder, heading, slices);
        self.page(
            "dimension.html",
            format!("{folder}/index.html"),
            format!("AFIs by {}", heading.to_lowercase()),
            None,
            Content::Dimension(content),
        )
    }

    fn dimension_view(
        &self,
        folder: &'static str,
        heading: &str,
        slices: &[Slice],
    ) -> DimensionView {
        let rows = slices
            .iter()
            .map(|s| DimensionRow {
                name: slice_name(heading, s.name.as_deref()),
                href: self.slice_href(folder, s.name.as_ref()).unwrap_or_default(),
                gradings: self.gradings_of(folder, s.name.as_deref()),
                counts: self.counts(&s.counts),
            })
            .collect();
        DimensionView {
            dimension: heading.to_owned(),
            rows,
            group_labels: self.group_labels(),
        }
    }

    fn group(&self, folder: &'static str, heading: &str, slice: &Slice) -> Page {
        let mut afis = self.rows(&slice.afis);
        // Overdue first, longest overdue at the top: committees call owners
        // to account for those.
        afis.sort_by_key(|a| {
            (
                std::cmp::Reverse(a.days_overdue.unwrap_or(-1)),
                a.id.clone(),
            )
        });
        let name = slice_name(heading, slice.name.as_deref());
        let content = GroupView {
            dimension: heading.to_owned(),
            dimension_href: format!("{folder}/index.html"),
            name: name.clone(),
            gradings: self.gradings_of(folder, slice.name.as_deref()),
            counts: self.counts(&slice.counts),
            afis,
        };
        let path = self
            .slice_href(folder, slice.name.as_ref())
            .unwrap_or_else(|| format!("{folder}/none.html"));
        self.page(
            "group.html",
            path,
            format!("{heading}: {name}"),
            None,
            Content::Group(content),
        )
    }

    /// "fair/improved (HMIC Baseline Assessment 2005/06)" for each inspection
    /// grading the framework `name`; nothing for other dimensions.
    fn gradings_of(&self, folder: &str, name: Option<&str>) -> Vec<String> {
        let Some(name) = name.filter(|_| folder == "frameworks") else {
            return Vec::new();
        };
        self.model
            .inspections
            .iter()
            .flat_map(|i| {
                i.gradings
                    .iter()
                    .filter(|g| g.framework == name)
                    .map(move |g| (i, g))
            })
            .map(|(i, g)| match &g.direction {
                Some(direction) => format!("{}/{direction} ({})", g.grade, i.title),
                None => format!("{} ({})", g.grade, i.title),
            })
            .collect()
    }

    fn overdue(&self) -> Page {
        let buckets = self.buckets();
        self.page(
            "overdue.html",
            "overdue.html".to_owned(),
            "Overdue AFIs".to_owned(),
            None,
            Content::Overdue { buckets },
        )
    }

    fn buckets(&self) -> Vec<BucketView> {
        let labels = [
            "1 to 30 days overdue",
            "31 to 90 days overdue",
            "More than 90 days overdue",
        ];
        labels
            .iter()
            .zip(&self.rollup.ageing)
            .map(|(label, ids)| {
                let mut afis = self.rows(ids);
                afis.sort_by_key(|a| (std::cmp::Reverse(a.days_overdue), a.id.clone()));
                BucketView {
                    label: (*label).to_owned(),
                    afis,
                }
            })
            .collect()
    }

    fn stale(&self) -> Page {
        let afis = self.stale_rows();
        self.page(
            "stale.html",
            "stale.html".to_owned(),
            "AFIs awaiting an update".to_owned(),
            None,
            Content::Stale {
                afis,
                stale_after_days: self.rollup.stale_after_days,
            },
        )
    }

    fn stale_rows(&self) -> Vec<AfiRow> {
        let mut afis = self.rows(&self.rollup.stale);
        afis.sort_by_key(|a| (std::cmp::Reverse(a.days_stale), a.id.clone()));
        afis
    }

    /// Where a relative `.md` link from the record at `path` leads in the
    /// site, relative to the record's page.
    fn link_resolver(&self, path: &str) -> impl Fn(&str) -> Option<String> + '_ {
        let dir = path.rsplit_once('/').map_or("", |(d, _)| d).to_owned();
        move |url: &str| {
            let target = crate::validate::record_link_target(&dir, url)?;
            let id = target.rsplit('/').next()?.strip_suffix(".md")?;
            if self.afis.contains_key(id) {
                Some(format!("../afis/{id}.html"))
            } else if self.inspections.contains_key(id) {
                Some(format!("../inspections/{id}.html"))
            } else {
                None
            }
        }
    }
}

/// A row for an AFI page; every AFI with a page has a state, so this is only
/// a fallback that keeps rendering total.
fn unreachable_row(afi: &Afi) -> AfiRow {
    AfiRow {
        id: afi.id.clone(),
        href: format!("afis/{}.html", afi.id),
        label: afi.label.clone(),
        title: afi.title.clone(),
        inspection: afi.inspection.clone(),
        inspection_href: format!("inspections/{}.html", afi.inspection),
        owner: afi.owner.clone(),
        status: afi.status.clone(),
        group: String::new(),
        due: afi.due.map(long_target),
        rag: Rag::Green.label().to_owned(),
        rag_class: "green".to_owned(),
        rag_reason: String::new(),
        days_overdue: None,
        days_stale: None,
    }
}

fn slice_name(heading: &str, name: Option<&str>) -> String {
    name.map_or_else(
        || format!("No {} recorded", heading.to_lowercase()),
        str::to_owned,
    )
}

fn difference(records: u64, published: u64) -> i64 {
    i64::try_from(records).unwrap_or(i64::MAX) - i64::try_from(published).unwrap_or(i64::MAX)
}

pub(crate) fn inspection_status_label(inspection: &Inspection) -> String {
    use crate::model::InspectionStatus as S;
    match inspection.status {
        S::Planned => "Planned",
        S::Fieldwork => "Fieldwork under way",
        S::AwaitingReport => "Awaiting report",
        S::Published => "Report published",
        S::RevisitDue => "Revisit due",
        S::Closed => "Closed",
    }
    .to_owned()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lower_case_words() {
        assert_eq!(
            slugify("Managing critical incidents & major crime"),
            "managing-critical-incidents-major-crime"
        );
        assert_eq!(slugify("Harrow BOCU"), "harrow-bocu");
        assert_eq!(slugify("&&"), "unnamed");
    }

    #[test]
    fn a_group_called_index_does_not_take_the_list_page() {
        let slice = |name: &str| Slice {
            name: Some(name.to_owned()),
            counts: Counts::new(&Vocabulary::standard()),
            afis: Vec::new(),
        };
        let slugs = slice_slugs(&[slice("Index"), slice("Owner")]);
        assert_eq!(slugs[&Some("Index".to_owned())], "index-2");
        assert_eq!(slugs[&Some("Owner".to_owned())], "owner");
    }
}
