//! The pages of the records themselves: one per inspection and one per AFI,
//! the inspections' index, and the reconciliations of published AFI counts
//! with the records (shown on an inspection's page and on the dashboard).

use crate::model::prose::{long_date, long_target};
use crate::model::{Afi, Date, Inspection};
use crate::render::markdown;
use crate::rollup::{AfiId, Counts, ReconciledLine, Reconciliation, trend, trend_dates};

use super::types::{
    AfiRow, AfiView, Content, Crumb, GradingView, InspectionRow, InspectionView, ReconciledGroup,
    ReconciledRow, ReconciliationView, RevisitView, TrendView, UpdateView,
};
use super::{Builder, Page, inspection_status_label};

impl<'a> Builder<'a> {
    pub(super) fn inspections_index(&self) -> Page<'a> {
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

    pub(super) fn inspection(&self, inspection: &Inspection) -> Page<'a> {
        let row = self.inspection_row(inspection);
        // The AFIs raised by the as-at date, in id order.
        let afi_ids: &[AfiId] = self
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
                    .filter_map(|id| self.afis.get(&**id))
                    .filter(|listed| listed.afi.framework.as_ref() == Some(&g.framework))
                    .count() as u64,
            })
            .collect();
        let content = InspectionView {
            id: inspection.id.clone(),
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
            trend: self.inspection_trend(afi_ids),
        };
        let mut page = self.page(
            "inspection.html",
            format!("inspections/{}.html", inspection.id),
            inspection.title.clone(),
            Some(&inspection.path),
            Content::Inspection(Box::new(content)),
        );
        page.breadcrumbs = self.inspection_crumbs(None, &inspection.title);
        page
    }

    /// Dashboard › Inspections › the inspection (› the AFI).
    fn inspection_crumbs(&self, inspection: Option<&Inspection>, last: &str) -> Vec<Crumb> {
        let mut crumbs = vec![
            Crumb {
                label: "Dashboard".to_owned(),
                href: Some("index.html".to_owned()),
            },
            Crumb {
                label: "Inspections".to_owned(),
                href: Some("inspections/index.html".to_owned()),
            },
        ];
        if let Some(inspection) = inspection {
            crumbs.push(Crumb {
                label: inspection.title.clone(),
                href: Some(format!("inspections/{}.html", inspection.id)),
            });
        }
        crumbs.push(Crumb {
            label: last.to_owned(),
            href: None,
        });
        crumbs
    }

    /// The trend of the AFIs `ids` (one inspection's), from the month the
    /// first was raised.
    fn inspection_trend(&self, ids: &[AfiId]) -> Option<TrendView> {
        let afis = || ids.iter().filter_map(|id| Some(self.afis.get(&**id)?.afi));
        let dates = trend_dates(afis(), self.rollup.as_at);
        let points = trend(afis(), self.settings.vocabulary, &dates);
        self.trend_view(&points, "this inspection's AFIs", true)
    }

    pub(super) fn inspection_row(&self, inspection: &Inspection) -> InspectionRow {
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

    pub(super) fn reconciliations(&self, inspection: Option<&str>) -> Vec<ReconciliationView> {
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
                sentences: self.reconciliation_sentences(r),
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
                                difference: published.map(|p| difference(*records, p)),
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect()
    }

    /// What a reader must know before reading a table of published figures
    /// beside the records, in sentences.
    fn reconciliation_sentences(&self, r: &Reconciliation) -> Vec<String> {
        let inspection = self
            .inspections
            .get(r.inspection.as_str())
            .map_or(r.inspection.as_str(), |i| i.title.as_str());
        let date = long_date(Date::Day(r.date));
        let source = r
            .source
            .as_ref()
            .map_or(String::new(), |s| format!(" ({s})"));
        let mut out = Vec::new();
        if let Some(all) = r.lines.iter().find(|l| l.name.is_none()) {
            let (records, published) = (all.records_total, all.published_total);
            if records < published {
                out.push(format!(
                    "The records hold {records} of the {published} AFIs published for {inspection} on {date}{source}: every figure computed from the records counts those {records} only."
                ));
            } else if records > published {
                out.push(format!(
                    "The records hold {records} AFIs for {inspection} as at {date}, where {published} were published that day{source}."
                ));
            }
        }
        for line in &r.lines {
            out.extend(unbalanced_sentence(line));
        }
        out.extend(r.note.clone());
        out
    }

    pub(super) fn afi(&self, afi: &'a Afi) -> Page<'a> {
        let as_at = self.rollup.as_at;
        let mut history: Vec<&crate::model::Update> =
            afi.updates.iter().chain(&afi.rejected).collect();
        // A stable sort keeps the file's order among updates of one date.
        history.sort_by_key(|u| u.date.first_day());
        let updates: Vec<UpdateView> = history
            .into_iter()
            .map(|u| UpdateView {
                date: long_date(u.date),
                date_iso: u.date.to_string(),
                status: self.status_label(&u.status),
                note: u.note.clone(),
                assured: u.assured_on(as_at),
                due: u.due.map(long_target),
                after_as_at: u.date.first_day() > as_at,
                assessment: assessment_words(u, as_at),
                rejected: u.rejected.is_some(),
                reason: u.reason.clone(),
                evidence: u.evidence.clone(),
                by: u.by.clone(),
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
                .afi_row(afi)
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
                .filter(|u| u.due.is_some() && !u.rejected)
                .cloned()
                .collect(),
            updates,
            update_url: self.settings.update_repository.map(|repo| {
                format!(
                    "https://github.com/{repo}/issues/new?template=afi-update.yml&afi={}&title=Update%3A%20{}",
                    afi.id, afi.id
                )
            }),
            text_html: markdown::to_html(&afi.text, &self.link_resolver(&afi.path)),
        };
        let title = match &afi.label {
            Some(label) => format!("{label}: {}", afi.title),
            None => afi.title.clone(),
        };
        let mut page = self.page(
            "afi.html",
            format!("afis/{}.html", afi.id),
            title.clone(),
            Some(&afi.path),
            Content::Afi(Box::new(content)),
        );
        page.breadcrumbs = self.inspection_crumbs(inspection.copied(), &title);
        page
    }
}

/// A row for an AFI page; every AFI with a page has a state, so this is only
/// a fallback that keeps rendering total.
fn unreachable_row(afi: &Afi) -> AfiRow<'_> {
    AfiRow {
        afi,
        state: None,
        inspection: &afi.inspection,
        status: &afi.status,
        group: "",
    }
}

/// "The published breakdown of Leadership adds up to 9, not to its
/// published total of 8.", when it cannot add up.
fn unbalanced_sentence(line: &ReconciledLine) -> Option<String> {
    let sum = line.unbalanced_sum?;
    let what = line.name.as_deref().unwrap_or("all AFIs");
    Some(format!(
        "The published breakdown of {what} adds up to {sum}, not to its published total of {}.",
        line.published_total
    ))
}
fn difference(records: u64, published: u64) -> i64 {
    i64::try_from(records).unwrap_or(i64::MAX) - i64::try_from(published).unwrap_or(i64::MAX)
}

/// An update's quality assessment as at `as_at`, in words.
fn assessment_words(update: &crate::model::Update, as_at: jiff::civil::Date) -> String {
    let who_when = |prefix: &str| {
        let mut words = prefix.to_owned();
        if let Some(by) = &update.assessed_by {
            words.push_str(&format!(" by {by}"));
        }
        if let Some(on) = update.assessed {
            words.push_str(&format!(" on {}", long_date(on)));
        }
        words
    };
    let decided = update.assessed.is_none_or(|on| on.first_day() <= as_at);
    match (&update.rejected, update.assured) {
        (Some(reason), _) if decided => format!("{}: {reason}", who_when("Rejected")),
        (None, true) if decided => who_when("Quality-assessed"),
        _ => "Awaiting quality assessment".to_owned(),
    }
}
