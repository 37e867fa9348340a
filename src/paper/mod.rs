//! Committee papers: a paper record's prose, with its placeholders filled in
//! from the records as at the paper's date, laid out in the house format of
//! the committee, with appendices generated from the records. Pure: no IO.

use std::fmt::Write as _;

use jiff::civil;

use crate::diag::suggest::did_you_mean;
use crate::model::prose::escape_markdown;
use crate::model::prose::{long_date, long_target};
use crate::model::{
    Afi, AppendixKind, Covers, Date, Inspection, Model, Paper, Span, Target, Vocabulary,
};
use crate::rollup::{self, AfiState};

/// A problem with a paper's placeholders or figures, located in its body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Problem {
    pub(crate) warning: bool,
    pub(crate) code: &'static str,
    pub(crate) range: std::ops::Range<usize>,
    pub(crate) message: String,
    pub(crate) help: Option<String>,
}

/// A paper laid out: the main part and each appendix, in Markdown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Laid {
    /// Title, report number, date, author and notice.
    pub(crate) header: String,
    /// From the summary to the contact details.
    pub(crate) main: String,
    pub(crate) appendices: Vec<(String, String)>,
}

impl Laid {
    /// The whole paper as one Markdown document.
    pub(crate) fn markdown(&self) -> String {
        let mut out = format!("{}{}", self.header, self.main);
        for (i, (title, text)) in self.appendices.iter().enumerate() {
            let _ = write!(
                out,
                "\n## Appendix {}: {}\n\n{text}",
                i + 1,
                escape_markdown(title)
            );
        }
        out
    }
}

/// Everything a paper's figures are computed from.
pub(crate) struct Setting<'a> {
    pub(crate) model: &'a Model,
    pub(crate) vocabulary: &'a Vocabulary,
    pub(crate) stale_after_days: u32,
    /// The notice printed under the title of every paper, if any.
    pub(crate) notice: Option<&'a str>,
}

/// The placeholders a paper body can use, for suggestions.
const PLACEHOLDERS: [&str; 17] = [
    "as-at",
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

fn is_covered_inspection(covers: &Covers, inspection: &Inspection) -> bool {
    covers.all
        || covers.inspections.contains(&inspection.id)
        || inspection
            .programme
            .as_ref()
            .is_some_and(|p| covers.programmes.contains(p))
        || inspection
            .gradings
            .iter()
            .any(|g| covers.frameworks.contains(&g.framework))
}

fn is_covered_afi(covers: &Covers, afi: &Afi, model: &Model) -> bool {
    covers.all
        || covers.inspections.contains(&afi.inspection)
        || afi
            .framework
            .as_ref()
            .is_some_and(|f| covers.frameworks.contains(f))
        || model
            .inspections
            .iter()
            .find(|i| i.id == afi.inspection)
            .and_then(|i| i.programme.as_ref())
            .is_some_and(|p| covers.programmes.contains(p))
}

/// A placeholder as written: `{{ name key=value key="a value" }}`.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Placeholder {
    name: String,
    args: Vec<(String, String)>,
    range: std::ops::Range<usize>,
}

impl Placeholder {
    fn arg(&self, key: &str) -> Option<&str> {
        self.args
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

enum Piece<'t> {
    Text(&'t str),
    Placeholder(Placeholder),
}

/// Split `text` into plain text and placeholders.
fn pieces(text: &str) -> (Vec<Piece<'_>>, Vec<Problem>) {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    let mut at = 0;
    while let Some(open) = text[at..].find("{{").map(|i| at + i) {
        out.push(Piece::Text(&text[at..open]));
        let Some(close) = text[open..].find("}}").map(|i| open + i) else {
            problems.push(Problem {
                warning: false,
                code: "E040",
                range: open..open + 2,
                message: "a placeholder is opened with `{{` but never closed".to_owned(),
                help: Some(
                    "close it with `}}`, for example `{{ afis group=completed }}`".to_owned(),
                ),
            });
            return (out, problems);
        };
        match parse_placeholder(&text[open + 2..close], open..close + 2) {
            Ok(p) => out.push(Piece::Placeholder(p)),
            Err(problem) => problems.push(problem),
        }
        at = close + 2;
    }
    out.push(Piece::Text(&text[at..]));
    (out, problems)
}

fn parse_placeholder(inner: &str, range: std::ops::Range<usize>) -> Result<Placeholder, Problem> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in inner.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !current.is_empty() {
                    words.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    let problem = |message: String| Problem {
        warning: false,
        code: "E040",
        range: range.clone(),
        message,
        help: Some("see docs/papers.md for the placeholders and their arguments".to_owned()),
    };
    if quoted {
        return Err(problem(
            "a quoted value in this placeholder is never closed".to_owned(),
        ));
    }
    let mut words = words.into_iter();
    let name = words
        .next()
        .ok_or_else(|| problem("an empty placeholder `{{ }}`".to_owned()))?;
    let mut args = Vec::new();
    for word in words {
        let Some((key, value)) = word.split_once('=') else {
            return Err(problem(format!(
                "`{word}` in `{name}` should be written `name=value`"
            )));
        };
        args.push((key.to_owned(), value.to_owned()));
    }
    Ok(Placeholder { name, args, range })
}

/// Lays out one paper; collects every problem with its placeholders.
pub(crate) struct Layout<'a> {
    setting: &'a Setting<'a>,
    paper: &'a Paper,
    previous: Option<&'a Paper>,
    afis: Vec<(&'a Afi, AfiState)>,
    inspections: Vec<&'a Inspection>,
    problems: Vec<Problem>,
}

impl<'a> Layout<'a> {
    pub(crate) fn new(setting: &'a Setting<'a>, paper: &'a Paper) -> Self {
        let model = setting.model;
        let afis = model
            .afis
            .iter()
            .filter(|a| is_covered_afi(&paper.covers, a, model))
            .filter_map(|a| {
                Some((
                    a,
                    rollup::afi_state(
                        a,
                        paper.as_at,
                        setting.vocabulary,
                        setting.stale_after_days,
                    )?,
                ))
            })
            .collect();
        let inspections = model
            .inspections
            .iter()
            .filter(|i| is_covered_inspection(&paper.covers, i))
            .collect();
        Layout {
            setting,
            paper,
            previous: paper
                .follows
                .as_ref()
                .and_then(|id| model.papers.iter().find(|p| &p.id == id)),
            afis,
            inspections,
            problems: Vec::new(),
        }
    }

    /// The problems found, for `check`: placeholders that cannot be filled
    /// and figures typed in the text that the records contradict.
    pub(crate) fn problems(mut self) -> Vec<Problem> {
        let _ = self.expand_body();
        self.typed_figures();
        self.problems
    }

    /// The paper in the house format.
    pub(crate) fn lay_out(mut self) -> Laid {
        let body = self.expand_body();
        let paper = self.paper;
        let mut header = String::new();
        let _ = writeln!(header, "# {}\n", escape_markdown(&paper.title));
        let _ = writeln!(
            header,
            "Report: {}  \nDate: {}  \nBy: {}\n",
            escape_markdown(&paper.report),
            long_date(paper.meeting),
            escape_markdown(&paper.by)
        );
        let _ = writeln!(
            header,
            "{}. Figures as at {}.\n",
            escape_markdown(&paper.committee),
            long_date(Date::Day(paper.as_at))
        );
        if let Some(notice) = self.setting.notice {
            let _ = writeln!(header, "> {}\n", escape_markdown(notice));
        }
        let mut main = String::new();
        let _ = writeln!(main, "## Summary\n\n{}\n", prose(&paper.summary));
        match paper.recommendations.as_slice() {
            [one] => {
                let _ = writeln!(main, "## A. Recommendation\n\n{}\n", prose(one));
            }
            many => {
                let _ = writeln!(main, "## A. Recommendations\n\nThat\n");
                for (i, r) in many.iter().enumerate() {
                    let _ = writeln!(main, "{}. {}", i + 1, prose(r));
                }
                main.push('\n');
            }
        }
        let _ = writeln!(
            main,
            "## B. Supporting information\n\n{}\n",
            number_paragraphs(&body).trim_end()
        );
        let none = || "None.".to_owned();
        let sections = [
            (
                "C. Race and equality impact",
                paper
                    .race_and_equality
                    .as_deref()
                    .map(prose)
                    .unwrap_or_else(none),
            ),
            (
                "D. Financial implications",
                paper.financial.as_deref().map(prose).unwrap_or_else(none),
            ),
            (
                "E. Background papers",
                if paper.background_papers.is_empty() {
                    none()
                } else {
                    paper
                        .background_papers
                        .iter()
                        .map(|b| format!("- {}", prose(b)))
                        .collect::<Vec<_>>()
                        .join("\n")
                },
            ),
            (
                "F. Contact details",
                paper.contact.as_deref().map(prose).unwrap_or_else(none),
            ),
        ];
        for (heading, text) in sections {
            let _ = writeln!(main, "## {heading}\n\n{text}\n");
        }
        let appendices = paper
            .appendices
            .iter()
            .map(|a| {
                let covers = if a.covers == Covers::default() {
                    &paper.covers
                } else {
                    &a.covers
                };
                let text = match a.kind {
                    AppendixKind::Inspections => self.inspections_appendix(covers),
                    AppendixKind::ActionPlan => self.action_plan(covers),
                    AppendixKind::Frameworks => self.frameworks_appendix(covers),
                    AppendixKind::Text => a.text.as_deref().map(prose).unwrap_or_default() + "\n",
                };
                (a.title.clone(), text)
            })
            .collect();
        Laid {
            header,
            main,
            appendices,
        }
    }

    fn expand_body(&mut self) -> String {
        let (pieces, problems) = pieces(&self.paper.text);
        self.problems.extend(problems);
        let mut out = String::with_capacity(self.paper.text.len());
        for piece in pieces {
            match piece {
                Piece::Text(t) => out.push_str(&neutralise(t)),
                Piece::Placeholder(p) => match self.fill(&p) {
                    Ok(text) => out.push_str(&text),
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
        out
    }

    /// The text a placeholder stands for, or why it cannot be filled.
    fn fill(&self, p: &Placeholder) -> Result<String, (String, Option<String>)> {
        let allowed: &[&str] = match p.name.as_str() {
            "as-at" | "since" | "breakdown" | "published-note" => &[],
            "afis" | "overdue" | "stale" => {
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
                .filter(|(_, s)| s.days_stale.is_some())
                .count()
                .to_string(),
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
            Some(id) => self.setting.model.inspections.iter().find(|i| i.id == id),
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
    fn published_counts(&self) -> Vec<&'a crate::model::PublishedCounts> {
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

    fn grading(&self, framework: &str) -> Result<String, (String, Option<String>)> {
        self.inspections
            .iter()
            .flat_map(|i| i.gradings.iter())
            .find(|g| g.framework == framework)
            .map(|g| match &g.direction {
                Some(d) => format!("{}/{d}", g.grade),
                None => g.grade.clone(),
            })
            .ok_or_else(|| {
                (
                    format!("no inspection this paper covers grades `{framework}`"),
                    None,
                )
            })
    }

    fn group_counts(&self, framework: Option<&str>) -> Vec<(String, String, u64)> {
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

    /// A list of the roll-up groups with the records' counts, and the
    /// published figure beside each where a paper published one.
    fn breakdown(&self) -> String {
        let published = self.published_counts();
        let mut out = String::from("\n");
        for (id, label, n) in self.group_counts(None) {
            let figure: Option<u64> = (!published.is_empty()).then(|| {
                published
                    .iter()
                    .map(|c| {
                        c.overall
                            .groups
                            .iter()
                            .find(|(g, _)| *g == id)
                            .map_or(0, |(_, n)| *n)
                    })
                    .sum()
            });
            let _ = write!(out, "- {}: {n} {}", escape_markdown(&label), afis_word(n));
            if let Some(figure) = figure {
                let _ = write!(out, " (published figure: {figure})");
            }
            out.push('\n');
        }
        out
    }

    /// What the published figures said, where their parts do not add up to
    /// their total, or differ from the records.
    fn published_note(&self) -> String {
        let published = self.published_counts();
        let Some(first) = published.first() else {
            return String::new();
        };
        let total: u64 = published.iter().map(|c| c.overall.total).sum();
        let parts: u64 = published
            .iter()
            .flat_map(|c| c.overall.groups.iter().map(|(_, n)| n))
            .sum();
        let mut note = format!(
            "The figures published on {} gave a total of {total} {}",
            long_date(first.date),
            afis_word(total)
        );
        if parts != total {
            let _ = write!(note, ", but their breakdown adds up to {parts}");
        }
        let _ = write!(
            note,
            "; the records hold {} as at {}.",
            self.afis.len(),
            long_date(Date::Day(self.paper.as_at))
        );
        note
    }

    /// A framework's figures and the work in progress on it, as the papers
    /// describe each framework.
    fn framework_summary(&self, framework: &str) -> String {
        let published = self.published_counts().into_iter().find_map(|c| {
            c.frameworks
                .iter()
                .find(|b| b.name.as_deref() == Some(framework))
                .map(|b| (c.date, b))
        });
        let mut out = String::new();
        let held: Vec<&(&Afi, AfiState)> = self
            .afis
            .iter()
            .filter(|(a, _)| a.framework.as_deref() == Some(framework))
            .collect();
        if let Some((date, b)) = published {
            let _ = write!(
                out,
                "{} {} were identified in this framework, as published on {}",
                b.total,
                afis_word(b.total),
                long_date(date)
            );
            let parts: Vec<String> = b
                .groups
                .iter()
                .map(|(g, n)| {
                    format!(
                        "{n} {}",
                        self.setting
                            .vocabulary
                            .group(g)
                            .map_or(g.as_str(), |x| x.label.as_str())
                            .to_lowercase()
                    )
                })
                .collect();
            if !parts.is_empty() {
                let _ = write!(out, " ({})", parts.join(", "));
            }
            let _ = write!(out, ". The records hold {}", held.len());
        } else {
            let _ = write!(
                out,
                "The records hold {} {} in this framework",
                held.len(),
                afis_word(held.len() as u64)
            );
        }
        let parts: Vec<String> = self
            .group_counts(Some(framework))
            .into_iter()
            .filter(|(_, _, n)| *n > 0)
            .map(|(_, label, n)| format!("{n} {}", label.to_lowercase()))
            .collect();
        if !parts.is_empty() {
            let _ = write!(out, ": {}", join_and(parts));
        }
        out.push('.');
        let in_progress: Vec<String> = held
            .iter()
            .filter(|(_, s)| s.open && s.status != "update-awaited")
            .filter_map(|(a, _)| {
                a.updates
                    .iter()
                    .rev()
                    .find(|u| u.date.first_day() <= self.paper.as_at)
                    .map(|u| prose(&u.note))
            })
            .collect();
        if !in_progress.is_empty() {
            out.push_str(" The work in progress includes:\n\n");
            for note in in_progress {
                let _ = writeln!(out, "- {note}");
            }
        }
        let awaited = self.awaited(Some(framework));
        if !awaited.is_empty() {
            let _ = write!(
                out,
                "\nUpdates are awaited on the AFIs in relation to {awaited}.\n"
            );
        }
        out
    }

    /// The titles of the AFIs awaiting an update, as one phrase.
    fn awaited(&self, framework: Option<&str>) -> String {
        let titles: Vec<String> = self
            .afis
            .iter()
            .filter(|(a, s)| {
                s.status == "update-awaited"
                    && framework.is_none_or(|f| a.framework.as_deref() == Some(f))
            })
            .map(|(a, _)| crate::diag::lower_first(&escape_markdown(&a.title)))
            .collect();
        titles.join("; ")
    }

    fn inspections_appendix(&self, covers: &Covers) -> String {
        let model = self.setting.model;
        let mut inspections: Vec<&Inspection> = model
            .inspections
            .iter()
            .filter(|i| is_covered_inspection(covers, i))
            .collect();
        inspections.sort_by_key(|i| {
            (
                i.fieldwork.first().map(|f| f.start.first_day()),
                i.id.clone(),
            )
        });
        let as_at = self.paper.as_at;
        let mut out = String::new();
        for inspection in inspections {
            let _ = writeln!(out, "### {}\n", escape_markdown(&inspection.subject));
            let dates: Vec<String> = inspection
                .fieldwork
                .iter()
                .map(|p| period(p.start, p.end))
                .collect();
            if !dates.is_empty() {
                let _ = writeln!(out, "- Date of inspection: {}", dates.join(" and "));
            }
            if let Some(published) = inspection.published.filter(|d| d.first_day() <= as_at) {
                let _ = writeln!(out, "- Report published: {}", long_date(published));
            }
            for revisit in &inspection.revisits {
                let line = match (
                    revisit.published.filter(|d| d.first_day() <= as_at),
                    revisit.visited.filter(|d| d.first_day() <= as_at),
                    revisit.due,
                ) {
                    (Some(p), _, _) => format!("Revisit report published: {}", long_date(p)),
                    (None, Some(v), _) => {
                        format!("Revisit report: awaited (revisit {})", long_date(v))
                    }
                    (None, None, Some(d)) => format!("Revisit: due {}", long_date(d)),
                    (None, None, None) => "Revisit report: awaited".to_owned(),
                };
                let _ = writeln!(out, "- {line}");
            }
            out.push('\n');
            let afis: Vec<&Afi> = model
                .afis
                .iter()
                .filter(|a| a.inspection == inspection.id && a.raised.first_day() <= as_at)
                .collect();
            if !afis.is_empty() {
                out.push_str("The inspection team made the following recommendations:\n\n");
                for (i, afi) in afis.iter().enumerate() {
                    let recommendation = section(&afi.text, "Recommendation")
                        .map_or_else(|| escape_markdown(&afi.title), |t| prose(&t));
                    let _ = writeln!(out, "{}. {}\n", i + 1, indent_rest(&recommendation, 3));
                    if let Some(action) = section(&afi.text, "Action") {
                        let _ = writeln!(out, "{}\n", indent(&prose(&action), 3));
                    }
                }
            }
            if !inspection.good_practice.is_empty() {
                out.push_str(
                    "The inspection team acknowledged the following as good practice:\n\n",
                );
                for (i, item) in inspection.good_practice.iter().enumerate() {
                    let _ = writeln!(out, "{}. {}", i + 1, escape_markdown(item));
                }
                out.push('\n');
            }
            if let Some(conclusion) = &inspection.conclusion {
                let _ = writeln!(out, "Conclusion: {}\n", escape_markdown(conclusion));
            }
        }
        out
    }

    fn action_plan(&self, covers: &Covers) -> String {
        let model = self.setting.model;
        let as_at = self.paper.as_at;
        let mut out = String::new();
        for afi in model
            .afis
            .iter()
            .filter(|a| is_covered_afi(covers, a, model) && a.raised.first_day() <= as_at)
        {
            let heading = afi.label.as_deref().unwrap_or(&afi.title);
            let _ = writeln!(out, "### {}\n", escape_markdown(heading));
            let recommendation = section(&afi.text, "Recommendation")
                .map_or_else(|| escape_markdown(&afi.title), |t| prose(&t));
            let _ = writeln!(out, "{recommendation}\n");
            if let Some(action) = section(&afi.text, "Action") {
                let _ = writeln!(out, "**Proposed action**\n\n{}\n", prose(&action));
            }
            let timescale = match rollup::due_on(afi, as_at) {
                Some(Target::Ongoing) => "Ongoing".to_owned(),
                Some(target) => long_target(target),
                None => {
                    let status = rollup::status_on(afi, as_at, self.setting.vocabulary)
                        .unwrap_or(&afi.status);
                    self.setting
                        .vocabulary
                        .status(status)
                        .map_or_else(|| status.to_owned(), |s| s.label.clone())
                }
            };
            let _ = writeln!(out, "**Timescale**\n\n{timescale}\n");
        }
        out
    }

    fn frameworks_appendix(&self, covers: &Covers) -> String {
        let mut out = String::new();
        let frameworks: Vec<&str> = if covers.frameworks.is_empty() {
            self.inspections
                .iter()
                .flat_map(|i| i.gradings.iter().map(|g| g.framework.as_str()))
                .collect()
        } else {
            covers.frameworks.iter().map(String::as_str).collect()
        };
        for (i, framework) in frameworks.iter().enumerate() {
            let grading = self
                .grading(framework)
                .map(|g| format!(" – grading of {g}"))
                .unwrap_or_default();
            let _ = writeln!(out, "### {}{grading}\n", escape_markdown(framework));
            let note = self
                .inspections
                .iter()
                .flat_map(|i| i.gradings.iter())
                .find(|g| g.framework == *framework)
                .and_then(|g| g.note.as_deref());
            let summary = match note {
                Some(note) => format!("{} {}", prose(note), self.framework_summary(framework)),
                None => self.framework_summary(framework),
            };
            let _ = writeln!(out, "{}\\. {summary}\n", i + 1);
        }
        out
    }

    /// Figures typed as digits next to "AFIs" that the records contradict.
    fn typed_figures(&mut self) {
        let (pieces, _) = pieces(&self.paper.text);
        let mut offset = 0;
        let mut found = Vec::new();
        for piece in &pieces {
            match piece {
                Piece::Text(t) => {
                    found.extend(figures_in(t).into_iter().map(|(range, n, clause)| {
                        (range.start + offset..range.end + offset, n, clause)
                    }));
                    offset += t.len();
                }
                Piece::Placeholder(p) => offset = p.range.end,
            }
        }
        let vocabulary = self.setting.vocabulary;
        for (range, n, clause) in found {
            let clause = clause.to_lowercase();
            let group = vocabulary
                .groups
                .iter()
                .find(|g| clause.contains(&g.label.to_lowercase()))
                .map(|g| (g.id.clone(), g.label.clone()));
            let (records, what, placeholder) = match &group {
                Some((id, label)) => (
                    self.afis.iter().filter(|(_, s)| &s.group == id).count(),
                    format!("AFIs ({})", label.to_lowercase()),
                    format!("{{{{ afis group={id} }}}}"),
                ),
                None => (self.afis.len(), "AFIs".to_owned(), "{{ afis }}".to_owned()),
            };
            if records as u64 != n {
                self.problems.push(Problem {
                    warning: true,
                    code: "W010",
                    range,
                    message: format!(
                        "the paper says {n} {what}, but the records give {records} as at {}",
                        long_date(Date::Day(self.paper.as_at))
                    ),
                    help: Some(format!(
                        "write {placeholder} so the figure comes from the records, or `{{{{ published }}}}` for a figure a paper published"
                    )),
                });
            }
        }
    }
}

fn required<'p>(p: &'p Placeholder, key: &str) -> Result<&'p str, (String, Option<String>)> {
    p.arg(key).ok_or_else(|| {
        (
            format!("`{}` needs `{key}=`", p.name),
            Some(format!("for example `{{{{ {} {key}=\"…\" }}}}`", p.name)),
        )
    })
}

fn afis_word(n: u64) -> &'static str {
    if n == 1 { "AFI" } else { "AFIs" }
}

/// "A, B and C".
fn join_and(items: Vec<String>) -> String {
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

/// "12–16 May 2003", or one date.
fn period(start: Date, end: Option<Date>) -> String {
    match (start, end) {
        (Date::Day(s), Some(Date::Day(e)))
            if s != e && s.year() == e.year() && s.month() == e.month() =>
        {
            format!("{}–{}", s.day(), long_date(Date::Day(e)))
        }
        (s, Some(e)) if s != e => format!("{} – {}", long_date(s), long_date(e)),
        (s, _) => long_date(s),
    }
}

/// Record prose for a paper: its Markdown kept, but raw HTML made text.
fn prose(text: &str) -> String {
    neutralise(text).trim().to_owned()
}

/// Markdown kept as Markdown, with raw HTML and script links made text.
fn neutralise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        let rest = &text[i + c.len_utf8()..];
        let escape = match c {
            // Raw HTML becomes text; autolinks to web and mail stay links.
            '<' => {
                let tag_like = rest.starts_with(|n: char| {
                    n.is_ascii_alphabetic() || n == '/' || n == '!' || n == '?'
                });
                tag_like
                    && !["http://", "https://", "mailto:"]
                        .iter()
                        .any(|s| rest.to_ascii_lowercase().starts_with(s))
            }
            // A link or reference whose destination would run script stays text.
            '(' => text[..i].ends_with(']') && !is_safe_destination(rest),
            ':' => {
                text[..i].ends_with(']')
                    && text[..i].trim_start().starts_with('[')
                    && !is_safe_destination(rest)
            }
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Whether a link destination is one a reader can follow safely: a web or
/// mail address, an in-page anchor, or a relative path (no scheme at all).
fn is_safe_destination(rest: &str) -> bool {
    let target = rest.trim_start_matches([' ', '<']);
    let end = target.find([')', ' ', '>', '\n']).unwrap_or(target.len());
    let target = target[..end].to_ascii_lowercase();
    let scheme_end = target.find(':');
    let path_end = target.find(['/', '?', '#']).unwrap_or(target.len());
    match scheme_end {
        Some(colon) if colon < path_end => ["http", "https", "mailto"].contains(&&target[..colon]),
        _ => true,
    }
}

fn indent(text: &str, by: usize) -> String {
    let pad = " ".repeat(by);
    text.lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("{pad}{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Indent every line but the first, to continue a list item.
fn indent_rest(text: &str, by: usize) -> String {
    let mut lines = text.lines();
    let first = lines.next().unwrap_or("").to_owned();
    let rest: Vec<&str> = lines.collect();
    if rest.is_empty() {
        return first;
    }
    format!("{first}\n{}", indent(&rest.join("\n"), by))
}

/// The text under a `## Heading` of a record body, up to the next heading of
/// the same or a higher level.
pub(crate) fn section(body: &str, heading: &str) -> Option<String> {
    use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
    let non_empty = |text: &str| Some(text.trim().to_owned()).filter(|t| !t.is_empty());
    let mut start: Option<usize> = None;
    let mut heading_text: Option<String> = None;
    for (event, range) in Parser::new(body).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                if let Some(from) = start
                    && level <= HeadingLevel::H2
                {
                    return non_empty(&body[from..range.start]);
                }
                heading_text = Some(String::new());
            }
            Event::Text(text) => {
                if let Some(h) = &mut heading_text {
                    h.push_str(&text);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(h) = heading_text.take()
                    && start.is_none()
                    && h.trim().eq_ignore_ascii_case(heading)
                {
                    start = Some(range.end);
                }
            }
            _ => {}
        }
    }
    start.and_then(|from| non_empty(&body[from..]))
}

/// Number the top-level paragraphs 1, 2, 3 …; headings, lists and quotes
/// are not numbered. The number is escaped so it stays text, not a list.
pub(crate) fn number_paragraphs(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser, Tag};
    let mut depth = 0usize;
    let mut starts = Vec::new();
    for (event, range) in Parser::new(markdown).into_offset_iter() {
        match event {
            Event::Start(Tag::Paragraph) if depth == 0 => {
                starts.push(range.start);
                depth += 1;
            }
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    let mut out = String::with_capacity(markdown.len() + starts.len() * 4);
    let mut at = 0;
    for (i, start) in starts.into_iter().enumerate() {
        out.push_str(&markdown[at..start]);
        let _ = write!(out, "{}\\. ", i + 1);
        at = start;
    }
    out.push_str(&markdown[at..]);
    out
}

/// Numbers written as digits before "AFIs" or "areas for improvement", with
/// the clause that follows them (up to a comma, a semicolon, "and", "but" or
/// the end of the sentence), which says what they count.
fn figures_in(text: &str) -> Vec<(std::ops::Range<usize>, u64, &str)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric()) {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            let after = text[i..].trim_start_matches(' ').to_lowercase();
            let is_afis = [
                "afi ",
                "afis",
                "afi.",
                "afi,",
                "areas for improvement",
                "areas of improvement",
            ]
            .iter()
            .any(|w| after.starts_with(w));
            if is_afis && let Ok(n) = text[start..i].parse::<u64>() {
                let rest = &text[i..];
                let lower = rest.to_lowercase();
                let end = [",", ";", ".", "\n", " and ", " but "]
                    .iter()
                    .filter_map(|stop| lower.find(stop))
                    .min()
                    .unwrap_or(rest.len());
                out.push((start..i, n, &rest[..end]));
            }
        } else {
            i += 1;
        }
    }
    out
}

/// A problem's span in the paper's file.
pub(crate) fn problem_span(paper: &Paper, range: &std::ops::Range<usize>) -> Span {
    let span = crate::diag::span_of(&paper.text, range.clone());
    Span {
        line: span.line + paper.text_line - 1,
        column: span.column,
        start: span.start + paper.text_offset,
        end: span.end + paper.text_offset,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_are_numbered_but_not_headings_or_lists() {
        let text = "First.\n\n### Heading\n\nSecond, with a list:\n\n- a\n- b\n\nThird.\n";
        assert_eq!(
            number_paragraphs(text),
            "1\\. First.\n\n### Heading\n\n2\\. Second, with a list:\n\n- a\n- b\n\n3\\. Third.\n"
        );
    }

    #[test]
    fn placeholders_parse_with_quoted_values() {
        let (pieces, problems) =
            pieces("a {{ afis framework=\"Strategic road policing\" group=completed }} b");
        assert!(problems.is_empty());
        let Piece::Placeholder(p) = &pieces[1] else {
            panic!("placeholder")
        };
        assert_eq!(p.name, "afis");
        assert_eq!(p.arg("framework"), Some("Strategic road policing"));
        assert_eq!(p.arg("group"), Some("completed"));
        assert_eq!(p.range, 2..64);
    }

    #[test]
    fn an_unclosed_placeholder_is_a_problem() {
        let (_, problems) = pieces("text {{ afis");
        assert_eq!(problems[0].range, 5..7);
    }

    #[test]
    fn typed_figures_are_found_with_their_clause() {
        let found = figures_in(
            "Since October, 26 AFIs are shown as completed and 1 AFI has work in progress. In 2006 there were 3 reviews.",
        );
        let figures: Vec<(u64, &str)> = found.iter().map(|(_, n, clause)| (*n, *clause)).collect();
        assert_eq!(
            figures,
            [
                (26, " AFIs are shown as completed"),
                (1, " AFI has work in progress")
            ]
        );
    }

    #[test]
    fn sections_of_a_body() {
        let body = "## Recommendation\n\nThat the BOCU reviews.\n\n## Action\n\n- Done.\n";
        assert_eq!(
            section(body, "Recommendation").as_deref(),
            Some("That the BOCU reviews.")
        );
        assert_eq!(section(body, "Action").as_deref(), Some("- Done."));
        assert_eq!(section(body, "Note"), None);
    }

    #[test]
    fn unsafe_links_in_prose_are_made_text() {
        assert_eq!(
            prose("[x](javascript:alert(1))"),
            "[x]\\(javascript:alert(1))"
        );
        assert_eq!(
            prose("[x]( JavaScript:alert(1))"),
            "[x]\\( JavaScript:alert(1))"
        );
        assert_eq!(
            prose("[x](https://example.org) [y](notes.md) [z](#a)"),
            "[x](https://example.org) [y](notes.md) [z](#a)"
        );
        assert_eq!(prose("[x]: data:text/html,hi"), "[x]\\: data:text/html,hi");
        assert_eq!(prose("<javascript:alert(1)>"), "\\<javascript:alert(1)>");
    }

    #[test]
    fn raw_html_in_prose_is_made_text() {
        assert_eq!(
            prose("a <script>x</script> <https://example.org>"),
            "a \\<script>x\\</script> <https://example.org>"
        );
    }
}
