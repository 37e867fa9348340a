//! Views: the plain, serialisable structures that templates receive, built by
//! pure functions from the model and the roll-ups. Templates never see the
//! model itself, so what a template can use is exactly what is here (and is
//! documented in docs/templates.md).
//!
//! The stage takes the model, its roll-up and the `Settings` (site name,
//! edit links, history, vocabulary) and gives one `Page` per output file.
//! `page_keys` lists the pages, `page_for` builds one. This file holds what
//! every page shares (the `Builder`, `Page`, rows and labels); each kind of
//! page is built by an `impl Builder` block in a file of its own:
//!
//! - `types`: the serialisable structs the templates (and `data.json`) see;
//! - `dashboard`: the dashboard, its bar chart, and the Markdown report;
//! - `records`: the page of each inspection and AFI, the inspections' index,
//!   and the reconciliations of published counts;
//! - `lists`: the pages by framework, owner, programme and theme, the overdue
//!   and silent lists, and the slugs that name the group pages;
//! - `movement`: the movement page (raised, moved, closed) and its counts;
//! - `trend`: the month-by-month trend, as a chart and as a table;
//! - `papers`: a committee paper's page and the papers' index.

mod dashboard;
mod lists;
mod movement;
mod papers;
mod records;
mod trend;
pub(crate) mod types;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use serde::Serialize;

use crate::model::prose::long_date;
use crate::model::{Afi, Date, Inspection, Model, Vocabulary};
use crate::rollup::{AfiId, AfiState, Counts, Rollup, Slice};

use lists::{dimensions, slice_slugs};
pub(crate) use lists::{group_pages, listed_index, slugify};
use types::{
    AfiRow, CommitView, Content, CountsView, Crumb, GroupCount, NavItem, Row, SiteView, SourceView,
};

/// Settings the views need besides the model.
pub(crate) struct Settings<'a> {
    pub(crate) site_name: &'a str,
    pub(crate) organisation: &'a str,
    /// A URL with `{path}` where a record's repository path goes, for the
    /// "propose a change" link.
    pub(crate) edit_url: Option<&'a str>,
    /// `OWNER/NAME` of the GitHub repository whose issue form takes updates.
    pub(crate) update_repository: Option<&'a str>,
    /// The commits that changed each record file, when the site shows them.
    pub(crate) history: Option<&'a BTreeMap<String, Vec<crate::git::Commit>>>,
    pub(crate) vocabulary: &'a Vocabulary,
}

/// One page to render: which template, where it goes, and its context.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Page<'a> {
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
    /// The site's navigation, with the current page or section marked.
    pub(crate) nav: Vec<NavItem>,
    /// The trail from the dashboard to this page; empty on top-level pages.
    pub(crate) breadcrumbs: Vec<Crumb>,
    #[serde(flatten)]
    pub(crate) content: Content<'a>,
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
    Silent,
    Movement,
    Trend,
    Report,
    Inspection(&'a Inspection),
    Afi(&'a Afi),
    /// The index of one way of grouping AFIs (frameworks, owners, …).
    Dimension(usize),
    /// One group's page, in that way of grouping.
    Group(usize, &'a Slice),
}

/// An AFI as the page builder finds it by id: its record, and its row,
/// made the first time a list needs it and shared by every list it is on
/// (each AFI is on half a dozen).
struct Listed<'a> {
    afi: &'a Afi,
    row: OnceLock<Row<'a>>,
}

/// Builds every page of the site.
pub(crate) struct Builder<'a> {
    model: &'a Model,
    rollup: &'a Rollup,
    settings: &'a Settings<'a>,
    site: SiteView,
    // Hashed, not ordered: only looked up, by ids that share long
    // beginnings, which ordered comparisons read again and again.
    inspections: FxHashMap<&'a str, &'a Inspection>,
    afis: FxHashMap<&'a str, Listed<'a>>,
    states: FxHashMap<&'a str, &'a AfiState>,
    /// Each inspection's slice of the roll-up, by inspection id: looked up
    /// once per inspection page and row rather than searched.
    by_inspection: FxHashMap<&'a str, &'a Slice>,
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
            silent_label: rollup.silence.label(),
            stale_after_days: rollup.silence.amber_after_days,
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
                .map(|i| (i.id.as_str(), &**i))
                .collect(),
            afis: model
                .afis
                .iter()
                .map(|afi| {
                    let row = OnceLock::new();
                    (afi.id.as_str(), Listed { afi, row })
                })
                .collect(),
            states: rollup
                .states
                .iter()
                .map(|(id, state)| (&**id, state))
                .collect(),
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
            PageKey::Silent,
            PageKey::Movement,
            PageKey::Trend,
            PageKey::Report,
        ];
        keys.extend(
            self.model
                .inspections
                .iter()
                .map(|i| PageKey::Inspection(i)),
        );
        keys.extend(
            self.model
                .afis
                .iter()
                .filter(|a| self.rollup.states.contains_key(a.id.as_str()))
                .map(|a| PageKey::Afi(a)),
        );
        for (index, (_, _, slices)) in dimensions(self.rollup).into_iter().enumerate() {
            keys.push(PageKey::Dimension(index));
            keys.extend(slices.iter().map(|s| PageKey::Group(index, s)));
        }
        keys
    }

    /// Build the page `key` names.
    pub(crate) fn page_for(&self, key: PageKey<'a>) -> Page<'a> {
        match key {
            PageKey::Dashboard => self.dashboard(),
            PageKey::InspectionsIndex => self.inspections_index(),
            PageKey::PapersIndex => self.papers_index(),
            PageKey::Overdue => self.overdue(),
            PageKey::Silent => self.silent(),
            PageKey::Movement => self.movement(),
            PageKey::Trend => self.trend_page(),
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
        content: Content<'a>,
    ) -> Page<'a> {
        let depth = path.matches('/').count();
        Page {
            template,
            site: self.site.clone(),
            root: "../".repeat(depth),
            nav: nav(&path, &self.site.silent_label),
            breadcrumbs: Vec::new(),
            title,
            source: source.map(|p| SourceView {
                path: p.to_owned(),
                edit_url: self
                    .settings
                    .edit_url
                    .map(|u| u.replace("{path}", &percent_encode_path(p))),
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
            due_soon: counts.due_soon,
            silent: counts.silent,
            longest_silence: counts.longest_silence,
            assessed: counts.assessed,
            awaiting_assessment: counts.awaiting_assessment,
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

    /// The path of the page of a slice, from the site root, if it has one.
    fn slice_href(&self, folder: &str, name: Option<&String>) -> Option<String> {
        let slug = self.slugs.get(folder)?.get(&name.cloned())?;
        Some(format!("{folder}/{slug}.html"))
    }

    fn afi_row(&self, afi: &'a Afi) -> Option<AfiRow<'a>> {
        let state = self.states.get(afi.id.as_str())?;
        let vocabulary = self.settings.vocabulary;
        Some(AfiRow {
            afi,
            state: Some(state),
            inspection: self
                .inspections
                .get(afi.inspection.as_str())
                .map_or(&afi.inspection, |i| &i.title),
            status: vocabulary
                .status(&state.status)
                .map_or(&state.status, |s| &s.label),
            group: vocabulary
                .group(&state.group)
                .map_or(&state.group, |g| &g.label),
        })
    }

    /// The rows of the AFIs `ids`, in that order.
    fn rows<'i>(&self, ids: impl IntoIterator<Item = &'i AfiId>) -> Vec<Row<'a>> {
        ids.into_iter()
            .filter_map(|id| self.shared_row(id))
            .collect()
    }

    /// The row of the AFI `id` as lists show it: made once, then shared.
    fn shared_row(&self, id: &str) -> Option<Row<'a>> {
        let listed = self.afis.get(id)?;
        if let Some(row) = listed.row.get() {
            return Some(row.clone());
        }
        let row = Row::of(self.afi_row(listed.afi)?);
        Some(listed.row.get_or_init(|| row).clone())
    }

    /// `ids` sorted by `key` of each one's state, then by id; those without
    /// a state (never listed) last.
    fn sorted_by_state<'i, K: Ord>(
        &self,
        ids: &'i [AfiId],
        key: impl Fn(&AfiState) -> K,
    ) -> Vec<&'i AfiId> {
        let mut sorted: Vec<&AfiId> = ids.iter().collect();
        sorted.sort_by_cached_key(|id| (self.states.get(&***id).map(|s| key(s)), *id));
        sorted
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

/// The site's navigation, marking the item for the page at `path`: the page
/// itself (`aria-current="page"`) or the section it belongs to (`"true"`).
fn nav(path: &str, silent_label: &str) -> Vec<NavItem> {
    let items: [(&str, &str); 9] = [
        ("Dashboard", "index.html"),
        ("Inspections", "inspections/index.html"),
        ("Papers", "papers/index.html"),
        ("Frameworks", "frameworks/index.html"),
        ("Owners", "owners/index.html"),
        ("Programmes", "programmes/index.html"),
        ("Themes", "themes/index.html"),
        ("Overdue", "overdue.html"),
        (silent_label, "silent.html"),
    ];
    fn folder(href: &str) -> Option<&str> {
        href.split_once('/').map(|(folder, _)| folder)
    }
    // A page belongs to its folder's item; AFI pages to the inspections;
    // the other top-level pages (movement, trend) to the dashboard.
    let in_section = |href: &str, path: &str| match folder(path) {
        Some("afis") => href == "inspections/index.html",
        Some(_) => folder(href).is_some() && folder(href) == folder(path),
        None => href == "index.html" && !items.iter().any(|(_, h)| *h == path),
    };
    items
        .iter()
        .map(|(label, href)| NavItem {
            label: (*label).to_owned(),
            href: (*href).to_owned(),
            current: if path == *href {
                Some("page")
            } else if in_section(href, path) {
                Some("true")
            } else {
                None
            },
        })
        .collect()
}

/// A repository path made safe inside a URL: every byte but the unreserved
/// ones and `/` percent-encoded, so `?`, `#`, spaces and `%` in a folder's
/// name stay part of the path.
fn percent_encode_path(path: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

pub(crate) fn inspection_status_label(inspection: &Inspection) -> String {
    use crate::model::InspectionStatus as S;
    match inspection.status {
        S::Planned => "Planned",
        S::Fieldwork => "Fieldwork under way",
        S::Inspected => "Inspected; no report recorded",
        S::AwaitingReport => "Awaiting report",
        S::Published => "Report published",
        S::RevisitDue => "Revisit due",
        S::Closed => "Closed",
    }
    .to_owned()
}

#[cfg(test)]
mod tests {
    use super::nav;

    fn marked(path: &str) -> Vec<(String, &'static str)> {
        nav(path, "No update for more than 61 days")
            .into_iter()
            .filter_map(|item| Some((item.label, item.current?)))
            .collect()
    }

    #[test]
    fn the_navigation_marks_the_page_or_its_section() {
        assert_eq!(marked("index.html"), [("Dashboard".to_owned(), "page")]);
        assert_eq!(marked("movement.html"), [("Dashboard".to_owned(), "true")]);
        assert_eq!(
            marked("owners/harrow-bocu.html"),
            [("Owners".to_owned(), "true")]
        );
        assert_eq!(
            marked("afis/x-r1.html"),
            [("Inspections".to_owned(), "true")]
        );
        assert_eq!(
            marked("silent.html"),
            [("No update for more than 61 days".to_owned(), "page")]
        );
    }
}
