//! Placeholders filled from the records as at the paper's date: which
//! arguments each takes, whether their values exist, and the AFIs,
//! inspections, dates, counts and gradings they stand for.

use jiff::civil;

use super::placeholders::{Piece, Placeholder, pieces, required};
use super::prose::{join_and, neutralise};
use super::{Layout, Problem};
use crate::diag::suggest::did_you_mean;
use crate::model::prose::escape_markdown;
use crate::model::prose::long_date;
use crate::model::{Afi, Date, Inspection};
use crate::rollup::{self, AfiState};

/// The placeholders a paper body can use, for suggestions.
const PLACEHOLDERS: [&str; 19] = [
    "as-at",
    "assessed",
    "awaiting-assessment",
    "since",
    "report-published",
    "afis",
    "overdue",
    "stale",
    "moved",
    "inspections",
    "subjects",
    "fieldwork-from",
    "fieldwork-to",
    "published",
    "grading",
    "breakdown",
    "framework-summary",
    "awaited",
    "published-note",
];

/// The placeholders that give a figure computed from the records; the
/// others give dates, names, or figures as published.
const COMPUTED: [&str; 7] = [
    "afis",
    "overdue",
    "stale",
    "moved",
    "inspections",
    "breakdown",
    "framework-summary",
];

impl<'a> Layout<'a> {
    pub(super) fn expand_body(&mut self) -> String {
        let (pieces, problems) = pieces(&self.paper.text);
        self.problems.extend(problems);
        let mut out = String::with_capacity(self.paper.text.len());
        for piece in pieces {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Placeholder(p) => match self.fill(&p) {
                    Ok(text) => {
                        self.computed |= COMPUTED.contains(&p.name.as_str());
                        out.push_str(&text);
                    }
                    Err((message, help)) => self.problems.push(Problem {
                        warning: false,
                        code: "E040",
                        range: p.range.clone(),
                        message,
                        help,
                    }),
                },
            }
        }
        // Once over the whole: record text and a filled figure side by side
        // can make what neither is alone (`[g{{ as-at }}]: javascript:…`).
        neutralise(&out)
    }

    /// The text a placeholder stands for, or why it cannot be filled.
    fn fill(&self, p: &Placeholder) -> Result<String, (String, Option<String>)> {
        let allowed: &[&str] = match p.name.as_str() {
            "as-at" | "since" | "breakdown" | "published-note" => &[],
            "afis" | "overdue" | "stale" | "assessed" | "awaiting-assessment" => {
                &["group", "status", "framework", "theme", "inspection"]
            }
            "moved" => &["group", "framework"],
            "inspections" | "subjects" | "fieldwork-from" | "fieldwork-to" => {
                &["programme", "status", "theme", "revisit"]
            }
            "report-published" => &["inspection"],
            "published" => &["group", "framework"],
            "grading" | "framework-summary" => &["framework"],
            "awaited" => &["framework"],
            other => {
                let help =
                    did_you_mean(other, PLACEHOLDERS).map(|s| format!("did you mean `{s}`?"));
                return Err((
                    format!("unknown placeholder `{other}`"),
                    help.or(Some("see docs/papers.md for the placeholders".to_owned())),
                ));
            }
        };
        for (key, _) in &p.args {
            if !allowed.contains(&key.as_str()) {
                let help = if allowed.is_empty() {
                    format!("`{}` takes no arguments", p.name)
                } else {
                    format!(
                        "`{}` takes {}",
                        p.name,
                        allowed
                            .iter()
                            .map(|a| format!("`{a}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                return Err((format!("`{}` has no argument `{key}`", p.name), Some(help)));
            }
        }
        self.check_values(p)?;
        let as_at = self.paper.as_at;
        Ok(match p.name.as_str() {
            "as-at" => long_date(Date::Day(as_at)),
            "since" => long_date(Date::Day(self.since(p)?)),
            "report-published" => self.report_published(p)?,
            "afis" => self.afis_matching(p).count().to_string(),
            "overdue" => self
                .afis_matching(p)
                .filter(|(_, s)| s.days_overdue.is_some())
                .count()
                .to_string(),
            "stale" => self
                .afis_matching(p)
                .filter(|(_, s)| s.days_silent.is_some())
                .count()
                .to_string(),
            "assessed" | "awaiting-assessment" => {
                let wanted = p.name == "assessed";
                self.afis_matching(p)
                    .filter(|(_, s)| s.assessed == Some(wanted))
                    .count()
                    .to_string()
            }
            "moved" => self.moved(p)?.to_string(),
            "inspections" => self.inspections_matching(p).len().to_string(),
            "subjects" => join_and(
                self.inspections_matching(p)
                    .iter()
                    .map(|i| escape_markdown(&i.subject))
                    .collect(),
            ),
            "fieldwork-from" | "fieldwork-to" => self.fieldwork_bound(p)?,
            "published" => self.published(p)?.to_string(),
            "grading" => self.grading(required(p, "framework")?)?,
            "breakdown" => self.breakdown(),
            "published-note" => self.published_note(),
            "framework-summary" => self.framework_summary(required(p, "framework")?),
            "awaited" => self.awaited(p.arg("framework")),
            _ => String::new(),
        })
    }

    /// Group, status and framework values must exist.
    fn check_values(&self, p: &Placeholder) -> Result<(), (String, Option<String>)> {
        let vocabulary = self.setting.vocabulary;
        let frameworks: Vec<&str> = self
            .setting
            .model
            .inspections
            .iter()
            .flat_map(|i| i.gradings.iter().map(|g| g.framework.as_str()))
            .collect();
        let about_inspections = matches!(
            p.name.as_str(),
            "inspections" | "subjects" | "fieldwork-from" | "fieldwork-to"
        );
        let statuses: Vec<&str> = if about_inspections {
            crate::model::InspectionStatus::ALL
                .iter()
                .map(|(id, _)| *id)
                .collect()
        } else {
            vocabulary.statuses.iter().map(|s| s.id.as_str()).collect()
        };
        let checks: [(&str, Vec<&str>); 4] = [
            (
                "group",
                vocabulary.groups.iter().map(|g| g.id.as_str()).collect(),
            ),
            ("status", statuses),
            ("framework", frameworks),
            ("revisit", vec!["published"]),
        ];
        for (key, known) in checks {
            if let Some(value) = p.arg(key)
                && !known.contains(&value)
            {
                let help = did_you_mean(value, known.iter().copied())
                    .map(|s| format!("did you mean `{s}`?"));
                return Err((format!("no {key} is called `{value}`"), help));
            }
        }
        Ok(())
    }

    fn afis_matching<'s>(
        &'s self,
        p: &'s Placeholder,
    ) -> impl Iterator<Item = &'s (&'a Afi, AfiState)> + 's {
        self.afis.iter().filter(move |(afi, state)| {
            p.arg("group").is_none_or(|g| state.group == g)
                && p.arg("status").is_none_or(|s| state.status == s)
                && p.arg("framework")
                    .is_none_or(|f| afi.framework.as_deref() == Some(f))
                && p.arg("theme")
                    .is_none_or(|t| afi.theme.as_deref() == Some(t))
                && p.arg("inspection").is_none_or(|i| afi.inspection == i)
        })
    }

    fn since(&self, p: &Placeholder) -> Result<civil::Date, (String, Option<String>)> {
        self.previous.map(|prev| prev.as_at).ok_or_else(|| {
            (
                format!("`{}` needs the paper this one follows", p.name),
                Some("add `follows:` with the id of the previous paper".to_owned()),
            )
        })
    }

    fn moved(&self, p: &Placeholder) -> Result<usize, (String, Option<String>)> {
        let since = self.since(p)?;
        let group = required(p, "group")?;
        let vocabulary = self.setting.vocabulary;
        Ok(self
            .afis
            .iter()
            .filter(|(afi, state)| {
                let before = rollup::status_on(afi, since, vocabulary)
                    .and_then(|s| vocabulary.status(s))
                    .map(|s| s.group.as_str());
                state.group == group
                    && before != Some(group)
                    && p.arg("framework")
                        .is_none_or(|f| afi.framework.as_deref() == Some(f))
            })
            .count())
    }

    /// Inspections: those in `programme=` when given (covered or not), else the
    /// covered ones; narrowed by status, theme and revisit; in date order.
    fn inspections_matching(&self, p: &Placeholder) -> Vec<&'a Inspection> {
        let model = self.setting.model;
        let pool: Vec<&Inspection> = match p.arg("programme") {
            Some(programme) => model
                .inspections
                .iter()
                .filter(|i| i.programme.as_deref() == Some(programme))
                .map(|i| &**i)
                .collect(),
            None => self.inspections.clone(),
        };
        let mut chosen: Vec<&Inspection> = pool
            .into_iter()
            .filter(|i| {
                p.arg("status").is_none_or(|s| {
                    crate::model::InspectionStatus::ALL
                        .iter()
                        .any(|(id, st)| *id == s && *st == i.status)
                })
            })
            .filter(|i| {
                p.arg("theme").is_none_or(|t| {
                    model
                        .afis
                        .iter()
                        .any(|a| a.inspection == i.id && a.theme.as_deref() == Some(t))
                })
            })
            .filter(|i| {
                p.arg("revisit").is_none_or(|r| {
                    r == "published"
                        && i.revisits.iter().any(|v| {
                            v.published
                                .is_some_and(|d| d.first_day() <= self.paper.as_at)
                        })
                })
            })
            .collect();
        chosen.sort_by_key(|i| {
            (
                i.fieldwork.first().map(|f| f.start.first_day()),
                i.published.map(Date::first_day),
                i.id.clone(),
            )
        });
        chosen
    }

    /// When the report of the covered inspection (or `inspection=`) was
    /// published.
    fn report_published(&self, p: &Placeholder) -> Result<String, (String, Option<String>)> {
        let inspection = match p.arg("inspection") {
            Some(id) => self
                .setting
                .model
                .inspections
                .iter()
                .find(|i| i.id == id)
                .map(|i| &**i),
            None => self.inspections.first().copied(),
        };
        let inspection = inspection.ok_or_else(|| {
            (
                "no such inspection".to_owned(),
                Some("name an inspection id with `inspection=`".to_owned()),
            )
        })?;
        inspection.published.map(long_date).ok_or_else(|| {
            (
                format!("inspection `{}` has no `published` date", inspection.id),
                None,
            )
        })
    }

    fn fieldwork_bound(&self, p: &Placeholder) -> Result<String, (String, Option<String>)> {
        let inspections = self.inspections_matching(p);
        let dates = inspections.iter().flat_map(|i| {
            i.fieldwork.iter().map(|f| {
                if p.name == "fieldwork-from" {
                    f.start
                } else {
                    f.end.unwrap_or(f.start)
                }
            })
        });
        let bound = if p.name == "fieldwork-from" {
            dates.min_by_key(|d| d.first_day())
        } else {
            dates.max_by_key(|d| d.last_day())
        };
        let date = bound.ok_or_else(|| {
            (
                "none of these inspections has fieldwork dates".to_owned(),
                None,
            )
        })?;
        let (year, month) = match date {
            Date::Day(d) => (d.year(), d.month()),
            Date::Month { year, month } => (year, month),
        };
        Ok(long_date(Date::Month { year, month }))
    }

    /// The newest published counts on or before the paper's date, of each
    /// covered inspection.
    pub(super) fn published_counts(&self) -> Vec<&'a crate::model::PublishedCounts> {
        self.inspections
            .iter()
            .filter_map(|i| {
                i.published_counts
                    .iter()
                    .filter(|c| c.date.first_day() <= self.paper.as_at)
                    .max_by_key(|c| c.date.first_day())
            })
            .collect()
    }

    fn published(&self, p: &Placeholder) -> Result<u64, (String, Option<String>)> {
        let counts = self.published_counts();
        if counts.is_empty() {
            return Err((
                "no inspection this paper covers has published counts by its date".to_owned(),
                None,
            ));
        }
        let mut total = 0;
        for c in counts {
            let breakdown = match p.arg("framework") {
                Some(f) => c.frameworks.iter().find(|b| b.name.as_deref() == Some(f)),
                None => Some(&c.overall),
            };
            let Some(b) = breakdown else { continue };
            total += match p.arg("group") {
                Some(g) => b
                    .groups
                    .iter()
                    .find(|(id, _)| id == g)
                    .map_or(0, |(_, n)| *n),
                None => b.total,
            };
        }
        Ok(total)
    }

    pub(super) fn grading(&self, framework: &str) -> Result<String, (String, Option<String>)> {
        self.inspections
            .iter()
            .flat_map(|i| i.gradings.iter())
            .find(|g| g.framework == framework)
            .map(|g| match &g.direction {
                Some(d) => format!("{}/{}", escape_markdown(&g.grade), escape_markdown(d)),
                None => escape_markdown(&g.grade),
            })
            .ok_or_else(|| {
                (
                    format!("no inspection this paper covers grades `{framework}`"),
                    None,
                )
            })
    }

    pub(super) fn group_counts(&self, framework: Option<&str>) -> Vec<(String, String, u64)> {
        self.setting
            .vocabulary
            .groups
            .iter()
            .map(|g| {
                let n = self
                    .afis
                    .iter()
                    .filter(|(a, s)| {
                        s.group == g.id
                            && framework.is_none_or(|f| a.framework.as_deref() == Some(f))
                    })
                    .count();
                (g.id.clone(), g.label.clone(), n as u64)
            })
            .collect()
    }
}
