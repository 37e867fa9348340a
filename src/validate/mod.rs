//! Validation: the located YAML trees of every record become typed records,
//! and every problem found on the way becomes a diagnostic. Each field is
//! checked on its own, so one bad field never hides another; checks across
//! records (ids, references, links) run once every file has been read.

pub(crate) mod schema;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use jiff::civil;

use crate::diag::suggest::did_you_mean;
use crate::diag::{Diagnostic, span_of};
use crate::load::ParsedFile;
use crate::load::yaml::{Node, Value};
use crate::model::{
    Afi, Appendix, AppendixKind, Breakdown, Covers, Date, Grading, Inspection, InspectionStatus,
    Model, Paper, Period, PublishedCounts, Revisit, Span, Target, Update, Vocabulary, month_name,
};

const RECORD_TYPES: [&str; 3] = ["inspection", "afi", "paper"];

/// What validation needs besides the records.
pub(crate) struct Rules<'a> {
    pub(crate) vocabulary: &'a Vocabulary,
    /// Dates of things that happened may not be later than this.
    pub(crate) as_at: civil::Date,
}

/// Check every parsed file and build the model from the valid ones. `paths`
/// lists every record file found, so that links to any of them resolve.
pub(crate) fn validate(
    files: &[Arc<ParsedFile>],
    paths: &[String],
    rules: &Rules,
) -> (Model, Vec<Diagnostic>) {
    // Each file is read on its own, on all cores; the order of `files` is kept.
    use rayon::prelude::*;
    let read: Vec<Read> = files.par_iter().map(|file| read(file, rules)).collect();
    finish(read, files, paths)
}

/// What reading one file gave: its record, if its type and id could be
/// read, its problems, and the links in its text to record files.
type Read = (Option<Checked>, Vec<Diagnostic>, Vec<RecordLink>);

/// A link in a record's text to a record file, which must exist.
#[derive(Clone)]
struct RecordLink {
    /// As written.
    url: String,
    /// The repository path it points at.
    target: String,
    span: Span,
}

/// What each file gave when last read, kept by `serve` between rebuilds: a
/// file that is still the same (the same loaded file) is not read again.
#[derive(Default)]
pub(crate) struct ReadCache {
    as_at: Option<civil::Date>,
    files: BTreeMap<String, (Arc<ParsedFile>, Read)>,
}

/// `validate`, reading again only the files that changed since `cache` was
/// filled. The vocabulary must be the same as then; `serve` empties the
/// cache when the configuration changes.
pub(crate) fn validate_reusing(
    files: &[Arc<ParsedFile>],
    paths: &[String],
    rules: &Rules,
    cache: &mut ReadCache,
) -> (Model, Vec<Diagnostic>) {
    if cache.as_at != Some(rules.as_at) {
        *cache = ReadCache {
            as_at: Some(rules.as_at),
            ..ReadCache::default()
        };
    }
    use rayon::prelude::*;
    let read: Vec<Read> = files
        .par_iter()
        .map(|file| match cache.files.get(&file.path) {
            Some((same, earlier)) if Arc::ptr_eq(same, file) => earlier.clone(),
            _ => read(file, rules),
        })
        .collect();
    cache.files = files
        .iter()
        .zip(&read)
        .map(|(file, read)| (file.path.clone(), (Arc::clone(file), read.clone())))
        .collect();
    finish(read, files, paths)
}

/// One file's record and problems.
fn read(file: &ParsedFile, rules: &Rules) -> Read {
    let mut found = Vec::new();
    let mut reader = Reader {
        path: &file.path,
        rules,
        diagnostics: &mut found,
        failed: false,
    };
    (reader.record(file), found, record_links(file))
}

/// The checks across records, and the model of the valid ones.
fn finish(
    read: Vec<Read>,
    files: &[Arc<ParsedFile>],
    paths: &[String],
) -> (Model, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut checked = Vec::new();
    let mut links = Vec::new();
    for (file, (record, found, file_links)) in files.iter().zip(read) {
        checked.extend(record);
        diagnostics.extend(found);
        links.extend(
            file_links
                .into_iter()
                .map(|link| (file.path.as_str(), link)),
        );
    }
    cross_check(&checked, &links, paths, &mut diagnostics);
    let mut model = Model::default();
    for record in checked {
        match record.typed {
            Some(Typed::Inspection(i)) => model.inspections.push(i),
            Some(Typed::Afi(a, _)) => model.afis.push(a),
            Some(Typed::Paper(p, _)) => model.papers.push(p),
            None => {}
        }
    }
    model.inspections.sort_by(|a, b| a.id.cmp(&b.id));
    model.afis.sort_by(|a, b| a.id.cmp(&b.id));
    model.papers.sort_by(|a, b| a.id.cmp(&b.id));
    (model, diagnostics)
}

/// A record whose type and id could be read, and, where every required field
/// was valid, its typed form.
#[derive(Clone)]
struct Checked {
    path: String,
    kind: &'static str,
    id: String,
    id_span: Span,
    typed: Option<Typed>,
}

#[derive(Clone)]
enum Typed {
    Inspection(Inspection),
    Afi(Afi, AfiRefs),
    Paper(Paper, Vec<Reference>),
}

/// A name a paper uses that must exist in another record.
#[derive(Clone)]
struct Reference {
    kind: ReferenceKind,
    name: String,
    span: Span,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ReferenceKind {
    Paper,
    Inspection,
    Programme,
    Framework,
}

/// Where an AFI's references were written, for the checks across records.
#[derive(Clone)]
struct AfiRefs {
    inspection: Span,
    framework: Option<Span>,
}

/// Reads one file's fields, recording every problem.
struct Reader<'a> {
    path: &'a str,
    rules: &'a Rules<'a>,
    diagnostics: &'a mut Vec<Diagnostic>,
    /// Set when a required value is missing or invalid: no typed record then.
    failed: bool,
}

/// The entries of a YAML mapping by key, checked against the allowed keys.
struct Fields<'n> {
    span: Span,
    /// Field name, where the name was written, and the value.
    entries: Vec<(&'n str, Span, &'n Node)>,
}

impl<'n> Fields<'n> {
    fn get(&self, name: &str) -> Option<&'n Node> {
        self.entries
            .iter()
            .find(|(key, _, node)| *key == name && node.value != Value::Null)
            .map(|(_, _, node)| *node)
    }
}

impl Reader<'_> {
    fn error(&mut self, code: &'static str, span: Span, message: String) -> &mut Diagnostic {
        self.diagnostics
            .push(Diagnostic::error(code, self.path, Some(span), message));
        let last = self.diagnostics.len() - 1;
        &mut self.diagnostics[last]
    }

    fn help(diagnostic: &mut Diagnostic, help: impl Into<String>) {
        diagnostic.help = Some(help.into());
    }

    fn record(&mut self, file: &ParsedFile) -> Option<Checked> {
        let top = self.fields(&file.front, "the front matter", None)?;
        let kind = self.record_type(&top)?;
        let allowed = match kind {
            "inspection" => schema::INSPECTION,
            "paper" => schema::PAPER,
            _ => schema::AFI,
        };
        let article = if kind == "paper" { "a" } else { "an" };
        self.unknown_fields(
            &top,
            &schema::names(allowed),
            &format!("{article} {kind} record"),
        );
        let id_node = match top.get("id") {
            Some(node) => node,
            None => {
                self.missing(top.span, "id", "the record's id, the same as its file name");
                return None;
            }
        };
        let id = self.id(id_node, file)?;
        let typed = match kind {
            "inspection" => self.inspection(&top, &id, file).map(Typed::Inspection),
            "paper" => self
                .paper(&top, &id, file)
                .map(|(paper, refs)| Typed::Paper(paper, refs)),
            _ => self
                .afi(&top, &id, file)
                .map(|(afi, refs)| Typed::Afi(afi, refs)),
        };
        Some(Checked {
            path: file.path.clone(),
            kind,
            id,
            id_span: id_node.span,
            typed: if self.failed { None } else { typed },
        })
    }

    /// The mapping in `node`; `allowed` keys, when given, are checked here.
    fn fields<'n>(
        &mut self,
        node: &'n Node,
        what: &str,
        allowed: Option<(&[&str], &str)>,
    ) -> Option<Fields<'n>> {
        let Value::Map(entries) = &node.value else {
            let message = if node.value == Value::Null {
                format!("{what} is empty")
            } else {
                format!(
                    "{what} must be a set of `name: value` fields, not {}",
                    node.value.kind()
                )
            };
            let d = self.error("E012", node.span, message);
            Self::help(
                d,
                "write one `name: value` field per line; see docs/records.md",
            );
            self.failed = true;
            return None;
        };
        let mut fields = Fields {
            span: node.span,
            entries: Vec::new(),
        };
        for (key, value) in entries {
            match &key.value {
                Value::Str(name) => fields.entries.push((name.as_str(), key.span, value)),
                other => {
                    let message = format!("a field name must be text, not {}", other.kind());
                    self.error("E012", key.span, message);
                }
            }
        }
        if let Some((allowed, context)) = allowed {
            self.unknown_fields(&fields, allowed, context);
        }
        Some(fields)
    }

    fn unknown_fields(&mut self, fields: &Fields, allowed: &[&str], context: &str) {
        for (name, key_span, _) in &fields.entries {
            if !allowed.contains(name) {
                let key_span = *key_span;
                let suggestion = did_you_mean(name, allowed.iter().copied());
                let d = self.error(
                    "E011",
                    key_span,
                    format!("unknown field `{name}` in {context}"),
                );
                match suggestion {
                    Some(s) => Self::help(d, format!("did you mean `{s}`?")),
                    None => Self::help(
                        d,
                        format!("the fields of {context} are {}", list_names(allowed)),
                    ),
                }
            }
        }
    }

    fn missing(&mut self, span: Span, name: &str, what: &str) {
        let d = self.error("E010", span, format!("missing field `{name}`"));
        Self::help(d, format!("add `{name}:` with {what}"));
        self.failed = true;
    }

    fn record_type(&mut self, top: &Fields) -> Option<&'static str> {
        let Some(node) = top.get("type") else {
            self.missing(top.span, "type", "`inspection` or `afi`");
            return None;
        };
        let text = self.scalar_text(node, "type")?;
        match RECORD_TYPES.iter().find(|t| **t == text) {
            Some(kind) => Some(kind),
            None => {
                let suggestion = did_you_mean(&text, RECORD_TYPES);
                let d = self.error("E017", node.span, format!("unknown record type `{text}`"));
                Self::help(
                    d,
                    match suggestion {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!("a record's type is one of {}", list_names(&RECORD_TYPES)),
                    },
                );
                None
            }
        }
    }

    fn id(&mut self, node: &Node, file: &ParsedFile) -> Option<String> {
        let id = self.scalar_text(node, "id")?;
        if !is_slug(&id) {
            let d = self.error("E014", node.span, format!("`{id}` is not a valid id"));
            Self::help(
                d,
                "an id uses only lower-case letters, digits and `-`, and starts with a letter or digit",
            );
            return None;
        }
        if id == "index" {
            // Its page would be the list page of its kind (`afis/index.html`).
            let d = self.error("E014", node.span, "`index` is not a valid id".to_owned());
            Self::help(
                d,
                "`index` names the site's list pages; give the record another id, such as `index-report`",
            );
            return None;
        }
        let stem = file
            .path
            .rsplit('/')
            .next()
            .and_then(|name| name.strip_suffix(".md"))
            .unwrap_or("");
        if stem != id {
            let d = self.error(
                "E015",
                node.span,
                format!("id `{id}` does not match the file name `{stem}.md`"),
            );
            Self::help(
                d,
                format!("rename the file to `{id}.md`, or change the id to `{stem}`"),
            );
        }
        Some(id)
    }

    /// A text value: text, or a number or true/false written where text is
    /// expected (`label: 2`). Reports lists, sets of fields and empty values.
    fn scalar_text(&mut self, node: &Node, name: &str) -> Option<String> {
        match &node.value {
            Value::Str(s) if s.trim().is_empty() => {
                self.error("E012", node.span, format!("`{name}` is empty"));
                self.failed = true;
                None
            }
            Value::Str(s) => Some(s.trim().to_owned()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(f.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            other => {
                let message = format!("`{name}` must be text, not {}", other.kind());
                self.error("E012", node.span, message);
                self.failed = true;
                None
            }
        }
    }

    fn required_text(&mut self, fields: &Fields, name: &str, what: &str) -> String {
        match fields.get(name) {
            Some(node) => self.scalar_text(node, name).unwrap_or_default(),
            None => {
                self.missing(fields.span, name, what);
                String::new()
            }
        }
    }

    /// An optional text: a problem with it is reported but keeps the record.
    fn optional_text(&mut self, fields: &Fields, name: &str) -> Option<String> {
        let node = fields.get(name)?;
        let failed = self.failed;
        let text = self.scalar_text(node, name);
        self.failed = failed;
        text
    }

    fn date_value(&mut self, node: &Node, name: &str) -> Option<Date> {
        let Value::Str(text) = &node.value else {
            let message = format!("`{name}` must be a date, not {}", node.value.kind());
            let d = self.error("E013", node.span, message);
            Self::help(
                d,
                "write dates as YYYY-MM-DD, or YYYY-MM when only the month is known",
            );
            return None;
        };
        match parse_date(text.trim()) {
            Ok(date) => Some(date),
            Err(reason) => {
                let d = self.error(
                    "E013",
                    node.span,
                    format!("`{name}` is not a valid date: {reason}"),
                );
                Self::help(
                    d,
                    "write dates as YYYY-MM-DD, or YYYY-MM when only the month is known",
                );
                None
            }
        }
    }

    fn required_date(&mut self, fields: &Fields, name: &str, what: &str) -> Option<(Date, Span)> {
        let Some(node) = fields.get(name) else {
            self.missing(fields.span, name, what);
            return None;
        };
        let date = self.date_value(node, name);
        if date.is_none() {
            self.failed = true;
        }
        Some((date?, node.span))
    }

    fn optional_date(&mut self, fields: &Fields, name: &str) -> Option<(Date, Span)> {
        let node = fields.get(name)?;
        Some((self.date_value(node, name)?, node.span))
    }

    fn target(&mut self, fields: &Fields, name: &str) -> Option<Target> {
        let node = fields.get(name)?;
        if let Value::Str(text) = &node.value
            && parse_target(text) == Ok(Target::Ongoing)
        {
            return Some(Target::Ongoing);
        }
        self.date_value(node, name).map(Target::By)
    }

    /// A date of something that has happened: it may not be after as-at.
    fn not_in_future(&mut self, date: Date, span: Span, name: &str) {
        if date.first_day() > self.rules.as_at {
            let message = format!(
                "`{name}` {date} is after the as-at date {}",
                self.rules.as_at
            );
            let d = self.error("E026", span, message);
            Self::help(
                d,
                "check the year; a date of something that has happened cannot be in the future",
            );
        }
    }

    fn list<'n>(&mut self, fields: &Fields<'n>, name: &str) -> Vec<&'n Node> {
        match fields.get(name) {
            None => Vec::new(),
            Some(Node {
                value: Value::Seq(items),
                ..
            }) => items.iter().collect(),
            Some(node) => {
                let message = format!("`{name}` must be a list, not {}", node.value.kind());
                let d = self.error("E012", node.span, message);
                Self::help(
                    d,
                    format!("write each entry of `{name}` on its own line starting with `- `"),
                );
                Vec::new()
            }
        }
    }

    fn text_list(&mut self, fields: &Fields, name: &str) -> Vec<String> {
        self.list(fields, name)
            .into_iter()
            .filter_map(|node| self.scalar_text(node, name))
            .collect()
    }

    fn count(&mut self, node: &Node, name: &str) -> Option<u64> {
        match node.value {
            Value::Int(n) if n >= 0 => u64::try_from(n).ok(),
            _ => {
                let message = format!("`{name}` must be a whole number, not {}", node.value.kind());
                self.error("E012", node.span, message);
                None
            }
        }
    }

    fn inspection(&mut self, top: &Fields, id: &str, file: &ParsedFile) -> Option<Inspection> {
        let title = self.required_text(top, "title", "the inspection's name");
        let body = self.required_text(top, "body", "the inspecting body, such as `HMIC`");
        let subject = self.required_text(top, "subject", "the unit or business group inspected");
        let programme = self.optional_text(top, "programme");
        let status = self.inspection_status(top);
        let fieldwork = self.fieldwork(top);
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
            published: published.map(|(d, _)| d),
            revisits,
            status: status?,
            gradings,
            good_practice,
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
            let revisit = Revisit {
                due: self.optional_date(&fields, "due").map(|(d, _)| d),
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
            let Some(overall) = self.breakdown(&fields, None) else {
                continue;
            };
            let frameworks = self.breakdowns(&fields, "frameworks", "framework", gradings);
            let themes = self.breakdowns(&fields, "themes", "theme", &[]);
            if let Some((date, _)) = date {
                out.push(PublishedCounts {
                    date,
                    source,
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
            let sum: u64 = groups.iter().map(|(_, n)| n).sum();
            let all_given = vocabulary.groups.len() == groups.len();
            if sum > total || (all_given && sum != total) {
                let what = name
                    .as_deref()
                    .map_or(String::new(), |n| format!(" for `{n}`"));
                let message = format!(
                    "the published counts{what} do not add up: the groups sum to {sum}, the total is {total}"
                );
                self.diagnostics.push(
                    Diagnostic::warning("W001", self.path, Some(node.span), message)
                        .with_help("keep the figures as the paper published them; reports show the records' own figures beside them"),
                );
            }
        }
        Some(Breakdown {
            name,
            total,
            groups,
        })
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

    fn afi(&mut self, top: &Fields, id: &str, file: &ParsedFile) -> Option<(Afi, AfiRefs)> {
        let inspection_node = top.get("inspection");
        let inspection =
            self.required_text(top, "inspection", "the id of the inspection that raised it");
        let title = self.required_text(top, "title", "one line saying what is to be improved");
        let label = self.optional_text(top, "label");
        let framework = self.optional_text(top, "framework");
        let theme = self.optional_text(top, "theme");
        let owner = self.optional_text(top, "owner");
        let raised = self.required_date(top, "raised", "the date it was raised");
        if let Some((date, span)) = raised {
            self.not_in_future(date, span, "raised");
        }
        let due = self.target(top, "due");
        let status = self.status(top.get("status"), top.span, "status");
        let updates = self.updates(top, raised.map(|(d, _)| d));
        if let (Some(status), Some(newest), Some(node)) =
            (&status, updates.last(), top.get("status"))
            && newest.status != *status
        {
            let message = format!(
                "`status` is `{status}` but the newest update ({}) says `{}`",
                newest.date, newest.status
            );
            let d = self.error("E021", node.span, message);
            Self::help(
                d,
                "set `status` to the newest update's status, or add an update that records the change",
            );
        }
        let refs = AfiRefs {
            inspection: inspection_node.map_or(top.span, |n| n.span),
            framework: top.get("framework").map(|n| n.span),
        };
        Some((
            Afi {
                id: id.to_owned(),
                path: file.path.clone(),
                inspection,
                label,
                title,
                framework,
                theme,
                owner,
                raised: raised?.0,
                due,
                status: status?,
                updates,
                text: file.body.clone(),
            },
            refs,
        ))
    }

    fn paper(
        &mut self,
        top: &Fields,
        id: &str,
        file: &ParsedFile,
    ) -> Option<(Paper, Vec<Reference>)> {
        let mut refs = Vec::new();
        let title = self.required_text(top, "title", "the paper's title");
        let committee = self.required_text(top, "committee", "the committee it goes to");
        let meeting = self.required_date(top, "meeting", "the date of the meeting");
        let report = self.required_text(top, "report", "the report number, such as `8`");
        let by = self.required_text(top, "by", "who the paper is by, such as `Commissioner`");
        let as_at = self.required_date(top, "as_at", "the date its figures are as at");
        if let Some((Date::Month { .. }, span)) = as_at {
            let d = self.error(
                "E013",
                span,
                "`as_at` must be a day, not a month".to_owned(),
            );
            Self::help(d, "write the date as YYYY-MM-DD");
            self.failed = true;
        }
        if let Some((date, span)) = as_at {
            self.not_in_future(date, span, "as_at");
        }
        let follows = top.get("follows").and_then(|node| {
            let name = self.scalar_text(node, "follows")?;
            refs.push(Reference {
                kind: ReferenceKind::Paper,
                name: name.clone(),
                span: node.span,
            });
            Some(name)
        });
        let covers = match top.get("covers") {
            Some(node) => self.covers(node, &mut refs),
            None => {
                self.missing(
                    top.span,
                    "covers",
                    "which records it reports on, for example `{ all: true }`",
                );
                Covers::default()
            }
        };
        let summary = self.required_text(top, "summary", "the paper's summary");
        let recommendations = self.text_list(top, "recommendations");
        if recommendations.is_empty() && top.get("recommendations").is_none() {
            self.missing(
                top.span,
                "recommendations",
                "the recommendation to members, such as `That the report be noted.`",
            );
        }
        let race_and_equality = self.optional_text(top, "race_and_equality");
        let financial = self.optional_text(top, "financial");
        let background_papers = self.text_list(top, "background_papers");
        let contact = self.optional_text(top, "contact");
        let appendices = self.appendices(top, &mut refs);
        let paper = Paper {
            id: id.to_owned(),
            path: file.path.clone(),
            title,
            committee,
            meeting: meeting?.0,
            report,
            by,
            as_at: as_at?.0.first_day(),
            follows,
            covers,
            summary,
            recommendations,
            race_and_equality,
            financial,
            background_papers,
            contact,
            appendices,
            text: file.body.clone(),
            text_offset: file.body_offset,
            text_line: file.body_line,
        };
        Some((paper, refs))
    }

    fn covers(&mut self, node: &Node, refs: &mut Vec<Reference>) -> Covers {
        let mut covers = Covers::default();
        let Some(fields) = self.fields(
            node,
            "`covers`",
            Some((&schema::names(schema::COVERS), "`covers`")),
        ) else {
            return covers;
        };
        if let Some(all) = fields.get("all") {
            match all.value {
                Value::Bool(b) => covers.all = b,
                _ => {
                    let message =
                        format!("`all` must be `true` or `false`, not {}", all.value.kind());
                    self.error("E012", all.span, message);
                }
            }
        }
        let lists = [
            ("inspections", ReferenceKind::Inspection),
            ("programmes", ReferenceKind::Programme),
            ("frameworks", ReferenceKind::Framework),
        ];
        for (name, kind) in lists {
            for item in self.list(&fields, name) {
                let Some(text) = self.scalar_text(item, name) else {
                    continue;
                };
                refs.push(Reference {
                    kind,
                    name: text.clone(),
                    span: item.span,
                });
                match kind {
                    ReferenceKind::Inspection => covers.inspections.push(text),
                    ReferenceKind::Programme => covers.programmes.push(text),
                    _ => covers.frameworks.push(text),
                }
            }
        }
        covers
    }

    fn appendices(&mut self, top: &Fields, refs: &mut Vec<Reference>) -> Vec<Appendix> {
        let mut out = Vec::new();
        for node in self.list(top, "appendices") {
            let names = schema::names(schema::APPENDIX);
            let allowed = (&names[..], "an appendix");
            let Some(fields) = self.fields(node, "an appendix", Some(allowed)) else {
                continue;
            };
            let title = self.required_text(&fields, "title", "the appendix's title");
            let kind_node = fields.get("kind");
            let kind = match kind_node
                .and_then(|n| self.scalar_text(n, "kind").map(|t| (t, n.span)))
            {
                None => {
                    self.missing(
                        fields.span,
                        "kind",
                        "`inspections`, `action-plan`, `frameworks` or `text`",
                    );
                    continue;
                }
                Some((text, span)) => {
                    match AppendixKind::ALL.iter().find(|(name, _)| *name == text) {
                        Some((_, kind)) => *kind,
                        None => {
                            let names = AppendixKind::ALL.map(|(n, _)| n);
                            let d =
                                self.error("E029", span, format!("unknown appendix kind `{text}`"));
                            Self::help(
                                d,
                                match did_you_mean(&text, names) {
                                    Some(s) => format!("did you mean `{s}`?"),
                                    None => format!(
                                        "an appendix's kind is one of {}",
                                        list_names(&names)
                                    ),
                                },
                            );
                            self.failed = true;
                            continue;
                        }
                    }
                }
            };
            let covers = fields
                .get("covers")
                .map(|n| self.covers(n, refs))
                .unwrap_or_default();
            let text = self.optional_text(&fields, "text");
            if kind == AppendixKind::Text && text.is_none() {
                self.missing(fields.span, "text", "the appendix's text, in Markdown");
            }
            out.push(Appendix {
                title,
                kind,
                covers,
                text,
            });
        }
        out
    }

    /// A status from the vocabulary.
    fn status(&mut self, node: Option<&Node>, parent: Span, name: &str) -> Option<String> {
        let Some(node) = node else {
            self.missing(
                parent,
                name,
                "a status such as `in-progress` or `completed`",
            );
            return None;
        };
        let text = self.scalar_text(node, name)?;
        let vocabulary = self.rules.vocabulary;
        if vocabulary.status(&text).is_some() {
            return Some(text);
        }
        let ids: Vec<&str> = vocabulary.statuses.iter().map(|s| s.id.as_str()).collect();
        let d = self.error("E020", node.span, format!("unknown status `{text}`"));
        Self::help(
            d,
            match did_you_mean(&text, ids.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("the statuses are {}", list_names(&ids)),
            },
        );
        self.failed = true;
        None
    }

    fn updates(&mut self, top: &Fields, raised: Option<Date>) -> Vec<Update> {
        let mut out: Vec<Update> = Vec::new();
        for node in self.list(top, "updates") {
            let allowed = (&schema::names(schema::UPDATE)[..], "an update");
            let Some(fields) = self.fields(node, "an update", Some(allowed)) else {
                continue;
            };
            let date = self.required_date(&fields, "date", "the date of the update");
            let status = self.status(fields.get("status"), fields.span, "status");
            let note = self.required_text(&fields, "note", "what was reported");
            let assured = match fields.get("assured") {
                None => false,
                Some(Node {
                    value: Value::Bool(b),
                    ..
                }) => *b,
                Some(other) => {
                    let message = format!(
                        "`assured` must be `true` or `false`, not {}",
                        other.value.kind()
                    );
                    self.error("E012", other.span, message);
                    false
                }
            };
            let due = self.target(&fields, "due");
            let (Some((date, span)), Some(status)) = (date, status) else {
                continue;
            };
            self.not_in_future(date, span, "date");
            if let Some(raised) = raised
                && date.last_day() < raised.first_day()
            {
                self.error(
                    "E025",
                    span,
                    format!("this update ({date}) is dated before the AFI was raised ({raised})"),
                );
            }
            if let Some(previous) = out.last()
                && date.last_day() < previous.date.first_day()
            {
                let d = self.error(
                    "E025",
                    span,
                    format!(
                        "this update ({date}) is dated before the one above it ({})",
                        previous.date
                    ),
                );
                Self::help(d, "list updates oldest first");
            }
            out.push(Update {
                date,
                status,
                note,
                assured,
                due,
            });
        }
        out
    }
}

fn list_names(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

/// A lower-case slug: `[a-z0-9][a-z0-9-]*`.
pub(crate) fn is_slug(id: &str) -> bool {
    let mut chars = id.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Parse a target: `ongoing`, or a date as `parse_date` reads it.
pub(crate) fn parse_target(text: &str) -> Result<Target, String> {
    if text.trim().eq_ignore_ascii_case("ongoing") {
        return Ok(Target::Ongoing);
    }
    parse_date(text.trim()).map(Target::By)
}

/// Parse `YYYY-MM-DD` or `YYYY-MM`, with a reason a person can act on.
pub(crate) fn parse_date(text: &str) -> Result<Date, String> {
    let parts: Vec<&str> = text.split('-').collect();
    let number = |part: &str, digits: usize| -> Option<i16> {
        (part.len() == digits && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse().ok())
            .flatten()
    };
    let shape = || format!("`{text}` is not written YYYY-MM-DD or YYYY-MM");
    let year = parts.first().and_then(|p| number(p, 4)).ok_or_else(shape)?;
    let month = parts.get(1).and_then(|p| number(p, 2)).ok_or_else(shape)?;
    if !(1..=12).contains(&month) {
        return Err(format!("there is no month {month}"));
    }
    let month = month as i8;
    match parts.len() {
        2 => Ok(Date::Month { year, month }),
        3 => {
            let day = parts.get(2).and_then(|p| number(p, 2)).ok_or_else(shape)?;
            civil::Date::new(year, month, day as i8)
                .map(Date::Day)
                .map_err(|_| {
                    let last = civil::date(year, month, 1).last_of_month().day();
                    format!("{} {year} has {last} days", month_name(month))
                })
        }
        _ => Err(shape()),
    }
}

/// Checks across records: unique ids, AFIs' inspections and frameworks, links.
fn cross_check(
    checked: &[Checked],
    links: &[(&str, RecordLink)],
    paths: &[String],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut by_id: BTreeMap<&str, &Checked> = BTreeMap::new();
    for record in checked {
        match by_id.get(record.id.as_str()) {
            Some(first) => diagnostics.push(
                Diagnostic::error(
                    "E016",
                    &record.path,
                    Some(record.id_span),
                    format!("id `{}` is already used by {}", record.id, first.path),
                )
                .with_help("every record needs its own id; give this one a new id and file name"),
            ),
            None => {
                by_id.insert(&record.id, record);
            }
        }
    }
    let inspection_ids: Vec<&str> = checked
        .iter()
        .filter(|r| r.kind == "inspection")
        .map(|r| r.id.as_str())
        .collect();
    for record in checked {
        let Some(Typed::Afi(afi, refs)) = &record.typed else {
            continue;
        };
        match by_id.get(afi.inspection.as_str()) {
            None => diagnostics.push(
                Diagnostic::error(
                    "E023",
                    &record.path,
                    Some(refs.inspection),
                    format!("no inspection has the id `{}`", afi.inspection),
                )
                .with_help(
                    match did_you_mean(&afi.inspection, inspection_ids.iter().copied()) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => "`inspection` must be the id of an inspection record".to_owned(),
                    },
                ),
            ),
            Some(target) if target.kind != "inspection" => diagnostics.push(Diagnostic::error(
                "E023",
                &record.path,
                Some(refs.inspection),
                format!(
                    "`{}` is an {}, not an inspection",
                    afi.inspection, target.kind
                ),
            )),
            Some(target) => {
                if let Some(Typed::Inspection(inspection)) = &target.typed {
                    check_framework(record, afi, refs, inspection, diagnostics);
                }
            }
        }
    }
    for record in checked {
        if let Some(Typed::Paper(_, refs)) = &record.typed {
            check_paper_references(record, refs, checked, &by_id, diagnostics);
        }
    }
    let known: BTreeSet<&str> = paths.iter().map(String::as_str).collect();
    for (path, link) in links {
        if !known.contains(link.target.as_str()) {
            diagnostics.push(
                Diagnostic::error(
                    "E027",
                    path,
                    Some(link.span),
                    format!("link to `{}`, but there is no record file {}", link.url, link.target),
                )
                .with_help("link to a record by its path relative to this file, for example `../other-inspection/its-id.md`"),
            );
        }
    }
}

/// A paper's `follows`, `covers` and appendices must name records, programmes
/// and frameworks that exist.
fn check_paper_references(
    record: &Checked,
    refs: &[Reference],
    checked: &[Checked],
    by_id: &BTreeMap<&str, &Checked>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let inspections: Vec<&Inspection> = checked
        .iter()
        .filter_map(|c| match &c.typed {
            Some(Typed::Inspection(i)) => Some(i),
            _ => None,
        })
        .collect();
    let ids_of = |kind: &str| -> Vec<&str> {
        checked
            .iter()
            .filter(|c| c.kind == kind)
            .map(|c| c.id.as_str())
            .collect()
    };
    let mut programmes: Vec<&str> = inspections
        .iter()
        .filter_map(|i| i.programme.as_deref())
        .collect();
    programmes.sort_unstable();
    programmes.dedup();
    let mut frameworks: Vec<&str> = inspections
        .iter()
        .flat_map(|i| i.gradings.iter().map(|g| g.framework.as_str()))
        .collect();
    frameworks.sort_unstable();
    frameworks.dedup();
    for reference in refs {
        let (what, known, kind_ok): (&str, Vec<&str>, bool) = match reference.kind {
            ReferenceKind::Paper => (
                "paper",
                ids_of("paper"),
                by_id
                    .get(reference.name.as_str())
                    .is_some_and(|c| c.kind == "paper"),
            ),
            ReferenceKind::Inspection => (
                "inspection",
                ids_of("inspection"),
                by_id
                    .get(reference.name.as_str())
                    .is_some_and(|c| c.kind == "inspection"),
            ),
            ReferenceKind::Programme => (
                "programme",
                programmes.clone(),
                programmes.contains(&reference.name.as_str()),
            ),
            ReferenceKind::Framework => (
                "graded framework",
                frameworks.clone(),
                frameworks.contains(&reference.name.as_str()),
            ),
        };
        if kind_ok {
            continue;
        }
        diagnostics.push(
            Diagnostic::error(
                "E023",
                &record.path,
                Some(reference.span),
                format!("no {what} is called `{}`", reference.name),
            )
            .with_help(match did_you_mean(&reference.name, known.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("name a {what} that the records hold"),
            }),
        );
    }
}

fn check_framework(
    record: &Checked,
    afi: &Afi,
    refs: &AfiRefs,
    inspection: &Inspection,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if inspection.gradings.is_empty() {
        return;
    }
    let names: Vec<&str> = inspection
        .gradings
        .iter()
        .map(|g| g.framework.as_str())
        .collect();
    match (&afi.framework, refs.framework) {
        (None, _) => diagnostics.push(
            Diagnostic::error(
                "E024",
                &record.path,
                Some(record.id_span),
                format!(
                    "missing field `framework`: inspection `{}` grades frameworks",
                    inspection.id
                ),
            )
            .with_help(format!(
                "add `framework:` with one of {}",
                list_names(&names)
            )),
        ),
        (Some(name), Some(span)) if !names.contains(&name.as_str()) => diagnostics.push(
            Diagnostic::error(
                "E024",
                &record.path,
                Some(span),
                format!(
                    "framework `{name}` is not graded by inspection `{}`",
                    inspection.id
                ),
            )
            .with_help(match did_you_mean(name, names.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("the inspection grades {}", list_names(&names)),
            }),
        ),
        _ => {}
    }
}

/// The relative links to `.md` files in a record's text, which must name
/// record files.
fn record_links(file: &ParsedFile) -> Vec<RecordLink> {
    use pulldown_cmark::{Event, Parser, Tag};
    // Only a body that mentions a `.md` file can link to a record: most do
    // not, and need no Markdown parse.
    if !file.body.contains(".md") {
        return Vec::new();
    }
    let dir = file.path.rsplit_once('/').map_or("", |(d, _)| d);
    let mut links = Vec::new();
    for (event, range) in Parser::new(&file.body).into_offset_iter() {
        let Event::Start(Tag::Link { dest_url, .. }) = event else {
            continue;
        };
        let Some(target) = record_link_target(dir, &dest_url) else {
            continue;
        };
        let body_span = span_of(&file.body, range);
        let line_offset = file.body_line - 1;
        links.push(RecordLink {
            url: dest_url.into_string(),
            target,
            span: Span {
                line: body_span.line + line_offset,
                column: body_span.column,
                start: body_span.start + file.body_offset,
                end: body_span.end + file.body_offset,
            },
        });
    }
    links
}

/// The repository path a relative `.md` link points at, or `None` for links
/// that are not to records (web addresses, anchors, other files).
pub(crate) fn record_link_target(dir: &str, url: &str) -> Option<String> {
    let path = url.split(['#', '?']).next().unwrap_or("");
    if path.is_empty() || path.contains(':') || path.starts_with('/') || !path.ends_with(".md") {
        return None;
    }
    let mut parts: Vec<&str> = if dir.is_empty() {
        Vec::new()
    } else {
        dir.split('/').collect()
    };
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_is_not_an_id_since_it_names_the_list_pages() {
        let text = "---\ntype: inspection\nid: index\ntitle: T\nbody: HMIC\nsubject: S\nstatus: open\n---\n";
        let loaded = crate::load::from_files(
            vec![("records/index.md".to_owned(), text.as_bytes().to_vec())],
            crate::config::MAX_RECORD_BYTES,
        );
        let vocabulary = crate::model::Vocabulary::standard();
        let rules = Rules {
            vocabulary: &vocabulary,
            as_at: civil::date(2026, 1, 1),
        };
        let (model, found) = validate(&loaded.files, &loaded.paths, &rules);
        assert!(model.inspections.is_empty());
        assert!(
            found
                .iter()
                .any(|d| d.code == "E014" && d.message.contains("`index`")),
            "{found:?}"
        );
    }

    #[test]
    fn dates_with_day_or_month() {
        assert_eq!(
            parse_date("2003-07-28").map(|d| d.to_string()),
            Ok("2003-07-28".to_owned())
        );
        assert_eq!(
            parse_date("2003-12"),
            Ok(Date::Month {
                year: 2003,
                month: 12
            })
        );
    }

    #[test]
    fn impossible_dates_say_why() {
        assert_eq!(
            parse_date("2003-02-30"),
            Err("February 2003 has 28 days".to_owned())
        );
        assert_eq!(
            parse_date("2004-02-30"),
            Err("February 2004 has 29 days".to_owned())
        );
        assert_eq!(
            parse_date("2003-13"),
            Err("there is no month 13".to_owned())
        );
        assert!(parse_date("28/07/2003").is_err());
        assert!(parse_date("2003-7-28").is_err());
        assert!(parse_date("2003").is_err());
    }

    #[test]
    fn targets_are_dates_or_ongoing() {
        assert_eq!(parse_target("ongoing"), Ok(Target::Ongoing));
        assert_eq!(parse_target("Ongoing"), Ok(Target::Ongoing));
        assert_eq!(
            parse_target("2004-03"),
            Ok(Target::By(Date::Month {
                year: 2004,
                month: 3
            }))
        );
        assert!(parse_target("soon").is_err());
    }

    #[test]
    fn month_dates_run_from_first_to_last_day() {
        let december = parse_date("2003-12").expect("valid");
        assert_eq!(december.first_day(), civil::date(2003, 12, 1));
        assert_eq!(december.last_day(), civil::date(2003, 12, 31));
    }

    #[test]
    fn slugs() {
        assert!(is_slug("hmic-going-local-2003-harrow-r2"));
        assert!(is_slug("2003-review"));
        assert!(!is_slug("Harrow"));
        assert!(!is_slug("-harrow"));
        assert!(!is_slug("harrow_r2"));
        assert!(!is_slug(""));
    }

    #[test]
    fn link_targets_resolve_relative_to_the_file() {
        assert_eq!(
            record_link_target("records/a", "../b/x.md#top"),
            Some("records/b/x.md".to_owned())
        );
        assert_eq!(
            record_link_target("records/a", "https://example.org/x.md"),
            None
        );
        assert_eq!(record_link_target("records/a", "notes.pdf"), None);
    }

    proptest::proptest! {
        #[test]
        fn parsing_any_date_text_never_panics(text in "[0-9-]{0,12}|[a-zA-Z0-9/ -]{0,12}") {
            if let Ok(date) = parse_date(&text) {
                // A date that parses prints back as written.
                proptest::prop_assert_eq!(date.to_string(), text);
            }
        }

        #[test]
        fn validating_any_loaded_record_never_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..400)) {
            let mut text = b"---\ntype: afi\nid: x\n".to_vec();
            text.extend(bytes);
            text.extend(b"\n---\n");
            let _ = crate::fuzzing::load_record(&text);
        }
    }
}
