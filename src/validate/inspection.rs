//! Reading an inspection record: its fields, fieldwork periods, revisits,
//! gradings, and the counts of AFIs its papers published, by framework and
//! theme.

use crate::diag::Diagnostic;
use crate::diag::suggest::did_you_mean;
use crate::load::ParsedFile;
use crate::load::yaml::{Node, Value};
use crate::model::{
    Breakdown, Grading, Inspection, InspectionStatus, Period, PublishedCounts, Revisit, Span,
};

use super::reader::{Fields, Reader, list_names};
use super::schema;

impl Reader<'_> {
    pub(super) fn inspection(
        &mut self,
        top: &Fields,
        id: &str,
        file: &ParsedFile,
    ) -> Option<Inspection> {
        let title = self.required_text(top, "title", "the inspection's name");
        let body = self.required_text(top, "body", "the inspecting body, such as `HMIC`");
        let subject = self.required_text(top, "subject", "the unit or business group inspected");
        let programme = self.optional_text(top, "programme");
        let status = self.inspection_status(top);
        let fieldwork = self.fieldwork(top);
        let fieldwork_as_written = self.as_written(
            top,
            "fieldwork_as_written",
            "fieldwork",
            !fieldwork.is_empty(),
        );
        let published = self.optional_date(top, "published");
        if let Some((date, span)) = published {
            self.not_in_future(date, span, "published");
            if let Some(first) = fieldwork.first()
                && date.last_day() < first.start.first_day()
            {
                let message = format!(
                    "the report is published ({date}) before the fieldwork starts ({})",
                    first.start
                );
                self.error("E025", span, message);
            }
        }
        let revisits = self.revisits(top);
        let gradings = self.gradings(top);
        let good_practice = self.text_list(top, "good_practice");
        let good_practice_intro = self.optional_text(top, "good_practice_intro");
        let conclusion = self.optional_text(top, "conclusion");
        let published_counts = self.published_counts(top, &gradings);
        Some(Inspection {
            id: id.to_owned(),
            path: file.path.clone(),
            title,
            programme,
            body,
            subject,
            fieldwork,
            fieldwork_as_written,
            published: published.map(|(d, _)| d),
            revisits,
            status: status?,
            gradings,
            good_practice,
            good_practice_intro,
            conclusion,
            published_counts,
            text: file.body.clone(),
        })
    }

    fn inspection_status(&mut self, top: &Fields) -> Option<InspectionStatus> {
        let Some(node) = top.get("status") else {
            self.missing(
                top.span,
                "status",
                "where the inspection stands: `planned`, `published`, `closed` …",
            );
            return None;
        };
        let text = self.scalar_text(node, "status")?;
        let names = InspectionStatus::ALL.map(|(name, _)| name);
        if let Some((_, status)) = InspectionStatus::ALL.iter().find(|(name, _)| *name == text) {
            return Some(*status);
        }
        let d = self.error(
            "E022",
            node.span,
            format!("unknown inspection status `{text}`"),
        );
        Self::help(
            d,
            match did_you_mean(&text, names) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("an inspection's status is one of {}", list_names(&names)),
            },
        );
        self.failed = true;
        None
    }

    fn fieldwork(&mut self, top: &Fields) -> Vec<Period> {
        let Some(node) = top.get("fieldwork") else {
            return Vec::new();
        };
        let periods: Vec<&Node> = match &node.value {
            Value::Seq(items) => items.iter().collect(),
            _ => vec![node],
        };
        let mut out = Vec::new();
        for period in periods {
            let Some(fields) = self.fields(
                period,
                "a fieldwork period",
                Some((&schema::names(schema::PERIOD), "a fieldwork period")),
            ) else {
                continue;
            };
            let Some((start, _)) =
                self.required_date(&fields, "start", "the first day of fieldwork")
            else {
                continue;
            };
            let end = self.optional_date(&fields, "end");
            if let Some((end_date, span)) = end
                && end_date.last_day() < start.first_day()
            {
                let message = format!("fieldwork ends ({end_date}) before it starts ({start})");
                self.error("E025", span, message);
            }
            out.push(Period {
                start,
                end: end.map(|(d, _)| d),
            });
        }
        out
    }

    fn revisits(&mut self, top: &Fields) -> Vec<Revisit> {
        let mut out = Vec::new();
        for node in self.list(top, "revisits") {
            let names = schema::names(schema::REVISIT);
            let allowed = (&names[..], "a revisit");
            let Some(fields) = self.fields(node, "a revisit", Some(allowed)) else {
                continue;
            };
            let visited = self.optional_date(&fields, "visited");
            let published = self.optional_date(&fields, "published");
            for (date, span, name) in [(visited, "visited"), (published, "published")]
                .into_iter()
                .filter_map(|(d, name)| d.map(|(d, s)| (d, s, name)))
            {
                self.not_in_future(date, span, name);
            }
            if let (Some((v, _)), Some((p, span))) = (visited, published)
                && p.last_day() < v.first_day()
            {
                self.error(
                    "E025",
                    span,
                    format!("the revisit report is published ({p}) before the visit ({v})"),
                );
            }
            let due = self.optional_date(&fields, "due").map(|(d, _)| d);
            let revisit = Revisit {
                due_as_written: self.as_written(&fields, "due_as_written", "due", due.is_some()),
                published_as_written: self.as_written(
                    &fields,
                    "published_as_written",
                    "published",
                    published.is_some(),
                ),
                due,
                visited: visited.map(|(d, _)| d),
                published: published.map(|(d, _)| d),
                note: self.optional_text(&fields, "note"),
            };
            let named = schema::names(schema::REVISIT);
            if !fields
                .entries
                .iter()
                .any(|(name, _, _)| named.contains(name))
            {
                let d = self.error(
                    "E010",
                    node.span,
                    "a revisit has none of its fields".to_owned(),
                );
                Self::help(
                    d,
                    "give at least one of `due`, `visited`, `published` or `note`",
                );
            }
            out.push(revisit);
        }
        out
    }

    /// A line as a paper wrote it for the date in `dated`: one line of text,
    /// and only beside the date it words, so that it is printed exactly when
    /// the generated line for that date would be.
    fn as_written(
        &mut self,
        fields: &Fields,
        name: &str,
        dated: &str,
        has_date: bool,
    ) -> Option<String> {
        let node = fields.get(name)?;
        let text = self.optional_text(fields, name)?;
        if text.contains(['\n', '\r']) {
            let d = self.error(
                "E012",
                node.span,
                format!("`{name}` must be one line, as the paper printed it"),
            );
            Self::help(d, "write it on one line, or fold it with `>-`");
            return None;
        }
        if !has_date {
            let d = self.error(
                "E019",
                node.span,
                format!("`{name}` words the `{dated}` date, but there is no `{dated}`"),
            );
            Self::help(
                d,
                format!("add `{dated}`, the date these words give, or remove `{name}`"),
            );
            return None;
        }
        Some(text)
    }

    fn gradings(&mut self, top: &Fields) -> Vec<Grading> {
        let mut out: Vec<Grading> = Vec::new();
        for node in self.list(top, "gradings") {
            let allowed = (&schema::names(schema::GRADING)[..], "a grading");
            let Some(fields) = self.fields(node, "a grading", Some(allowed)) else {
                continue;
            };
            let framework = self.required_text(&fields, "framework", "the framework graded");
            let grade = self.required_text(&fields, "grade", "the grade given, such as `fair`");
            if out.iter().any(|g| g.framework == framework) {
                let span = fields.get("framework").map_or(fields.span, |n| n.span);
                self.error(
                    "E016",
                    span,
                    format!("framework `{framework}` is graded twice"),
                );
            }
            out.push(Grading {
                framework,
                grade,
                direction: self.optional_text(&fields, "direction"),
                note: self.optional_text(&fields, "note"),
            });
        }
        out
    }

    fn published_counts(&mut self, top: &Fields, gradings: &[Grading]) -> Vec<PublishedCounts> {
        let mut out = Vec::new();
        for node in self.list(top, "published_counts") {
            let allowed = (
                &schema::names(schema::PUBLISHED_COUNTS)[..],
                "published counts",
            );
            let Some(fields) = self.fields(node, "published counts", Some(allowed)) else {
                continue;
            };
            let date =
                self.required_date(&fields, "date", "the date of the paper that published them");
            let source = self.optional_text(&fields, "source");
            let note = self.optional_text(&fields, "note");
            let Some(overall) = self.breakdown(&fields, None) else {
                continue;
            };
            let frameworks = self.breakdowns(&fields, "frameworks", "framework", gradings);
            let themes = self.breakdowns(&fields, "themes", "theme", &[]);
            if let Some((date, _)) = date {
                out.push(PublishedCounts {
                    date,
                    source,
                    note,
                    overall,
                    frameworks,
                    themes,
                });
            }
        }
        out
    }

    fn breakdowns(
        &mut self,
        fields: &Fields,
        list: &str,
        key: &str,
        gradings: &[Grading],
    ) -> Vec<Breakdown> {
        let mut out = Vec::new();
        for node in self.list(fields, list) {
            let spec = if key == "framework" {
                schema::FRAMEWORK_COUNT
            } else {
                schema::THEME_COUNT
            };
            let allowed = (schema::names(spec), format!("a `{list}` entry"));
            let Some(entry) = self.fields(node, &allowed.1, Some((&allowed.0, &allowed.1))) else {
                continue;
            };
            let name = self.required_text(&entry, key, &format!("the {key}'s name"));
            if key == "framework" {
                let span = entry.get(key).map_or(entry.span, |n| n.span);
                self.graded_framework(&name, span, gradings);
            }
            if let Some(breakdown) = self.breakdown(&entry, Some(name)) {
                out.push(breakdown);
            }
        }
        out
    }

    /// `total` and `groups` of one breakdown, with the warning when its parts
    /// cannot add up to its total.
    fn breakdown(&mut self, fields: &Fields, name: Option<String>) -> Option<Breakdown> {
        let Some(total_node) = fields.get("total") else {
            self.missing(fields.span, "total", "the number of AFIs the paper gave");
            return None;
        };
        let total = self.count(total_node, "total")?;
        let mut groups = Vec::new();
        if let Some(node) = fields.get("groups") {
            let vocabulary = self.rules.vocabulary;
            let group_ids: Vec<&str> = vocabulary.groups.iter().map(|g| g.id.as_str()).collect();
            if let Some(entries) = self.fields(node, "`groups`", None) {
                for (group, key_span, value) in &entries.entries {
                    if vocabulary.group(group).is_none() {
                        let d = self.error(
                            "E028",
                            *key_span,
                            format!("unknown roll-up group `{group}`"),
                        );
                        Self::help(
                            d,
                            match did_you_mean(group, group_ids.iter().copied()) {
                                Some(s) => format!("did you mean `{s}`?"),
                                None => format!("the groups are {}", list_names(&group_ids)),
                            },
                        );
                        continue;
                    }
                    if let Some(n) = self.count(value, group) {
                        groups.push(((*group).to_owned(), n));
                    }
                }
            }
        }
        let breakdown = Breakdown {
            name,
            total,
            groups,
        };
        let unbalanced = breakdown.unbalanced_sum(self.rules.vocabulary.groups.len());
        if let (Some(groups_node), Some(sum)) = (fields.get("groups"), unbalanced) {
            let what = breakdown
                .name
                .as_deref()
                .map_or(String::new(), |n| format!(" for `{n}`"));
            let message = format!(
                "the published counts{what} do not add up: the groups sum to {sum}, the total is {}",
                breakdown.total
            );
            self.diagnostics.push(
                Diagnostic::warning("W001", self.path, Some(groups_node.span), message)
                    .with_help("keep the figures as the paper published them; reports show the records' own figures beside them"),
            );
        }
        Some(breakdown)
    }

    fn graded_framework(&mut self, name: &str, span: Span, gradings: &[Grading]) {
        if gradings.is_empty() || gradings.iter().any(|g| g.framework == name) {
            return;
        }
        let names: Vec<&str> = gradings.iter().map(|g| g.framework.as_str()).collect();
        let d = self.error(
            "E024",
            span,
            format!("framework `{name}` is not graded by this inspection"),
        );
        Self::help(
            d,
            match did_you_mean(name, names.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("the inspection grades {}", list_names(&names)),
            },
        );
    }
}
