//! The reader's basics, used by every record type: it takes one file's
//! located YAML tree and reads the record's type and id, then gives each
//! field's value checked as text, a date, a target, a list or a count,
//! recording a diagnostic for each problem (unknown and missing fields too).

use std::sync::Arc;

use crate::diag::Diagnostic;
use crate::diag::suggest::did_you_mean;
use crate::load::ParsedFile;
use crate::load::yaml::{Node, Value};
use crate::model::{Date, Span, Target};

use super::dates::is_ongoing;
use super::{Checked, Rules, Typed, parse_date, schema};

const RECORD_TYPES: [&str; 3] = ["inspection", "afi", "paper"];

/// Reads one file's fields, recording every problem.
pub(super) struct Reader<'a> {
    pub(super) path: &'a str,
    pub(super) rules: &'a Rules<'a>,
    pub(super) diagnostics: &'a mut Vec<Diagnostic>,
    /// Set when a required value is missing or invalid: no typed record then.
    pub(super) failed: bool,
}

/// The entries of a YAML mapping by key, checked against the allowed keys.
pub(super) struct Fields<'n> {
    pub(super) span: Span,
    /// Field name, where the name was written, and the value.
    pub(super) entries: Vec<(&'n str, Span, &'n Node<'n>)>,
}

impl<'n> Fields<'n> {
    pub(super) fn get(&self, name: &str) -> Option<&'n Node<'n>> {
        self.entries
            .iter()
            .find(|(key, _, node)| *key == name && !matches!(node.value, Value::Null))
            .map(|(_, _, node)| *node)
    }
}

impl Reader<'_> {
    pub(super) fn error(
        &mut self,
        code: &'static str,
        span: Span,
        message: String,
    ) -> &mut Diagnostic {
        self.diagnostics
            .push(Diagnostic::error(code, self.path, Some(span), message));
        let last = self.diagnostics.len() - 1;
        &mut self.diagnostics[last]
    }

    pub(super) fn help(diagnostic: &mut Diagnostic, help: impl Into<String>) {
        diagnostic.help = Some(help.into());
    }

    pub(super) fn record(&mut self, file: &ParsedFile) -> Option<Checked> {
        let top = self.fields(&file.front, "the front matter", None)?;
        let kind = self.record_type(&top)?;
        let (allowed, context) = match kind {
            "inspection" => (schema::INSPECTION, "an inspection record"),
            "paper" => (schema::PAPER, "a paper record"),
            _ => (schema::AFI, "an afi record"),
        };
        self.unknown_fields(&top, &schema::names(allowed), context);
        let id_node = match top.get("id") {
            Some(node) => node,
            None => {
                self.missing(top.span, "id", "the record's id, the same as its file name");
                return None;
            }
        };
        let id = self.id(id_node, file)?;
        let typed = match kind {
            "inspection" => self
                .inspection(&top, &id, file)
                .map(|i| Typed::Inspection(Arc::new(i))),
            "paper" => self
                .paper(&top, &id, file)
                .map(|(paper, refs)| Typed::Paper(Arc::new(paper), refs)),
            _ => self
                .afi(&top, &id, file)
                .map(|(afi, refs)| Typed::Afi(Arc::new(afi), refs)),
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
    pub(super) fn fields<'n>(
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
            entries: Vec::with_capacity(entries.len()),
        };
        for (key, value) in entries {
            match &key.value {
                Value::Str(name) => fields.entries.push((name.as_ref(), key.span, value)),
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
                let moved = (context == "a paper record")
                    .then(|| super::paper::written_in_the_body(name))
                    .flatten();
                match suggestion {
                    _ if moved.is_some() => Self::help(d, moved.unwrap_or_default()),
                    Some(s) => Self::help(d, format!("did you mean `{s}`?")),
                    None => Self::help(
                        d,
                        format!("the fields of {context} are {}", list_names(allowed)),
                    ),
                }
            }
        }
    }

    pub(super) fn missing(&mut self, span: Span, name: &str, what: &str) {
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
        if let Some(problem) = id_problem(&id) {
            let d = self.error("E014", node.span, format!("`{id}` is not a valid id"));
            Self::help(d, problem);
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
    pub(super) fn scalar_text(&mut self, node: &Node, name: &str) -> Option<String> {
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

    pub(super) fn required_text(&mut self, fields: &Fields, name: &str, what: &str) -> String {
        match fields.get(name) {
            Some(node) => self.scalar_text(node, name).unwrap_or_default(),
            None => {
                self.missing(fields.span, name, what);
                String::new()
            }
        }
    }

    /// An optional text: a problem with it is reported but keeps the record.
    pub(super) fn optional_text(&mut self, fields: &Fields, name: &str) -> Option<String> {
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

    pub(super) fn required_date(
        &mut self,
        fields: &Fields,
        name: &str,
        what: &str,
    ) -> Option<(Date, Span)> {
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

    pub(super) fn optional_date(&mut self, fields: &Fields, name: &str) -> Option<(Date, Span)> {
        let node = fields.get(name)?;
        Some((self.date_value(node, name)?, node.span))
    }

    pub(super) fn target(&mut self, fields: &Fields, name: &str) -> Option<Target> {
        let node = fields.get(name)?;
        // A date is read below, once.
        if let Value::Str(text) = &node.value
            && is_ongoing(text)
        {
            return Some(Target::Ongoing);
        }
        self.date_value(node, name).map(Target::By)
    }

    /// A date of something that has happened: it may not be after as-at.
    pub(super) fn not_in_future(&mut self, date: Date, span: Span, name: &str) {
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

    pub(super) fn list<'n>(&mut self, fields: &Fields<'n>, name: &str) -> Vec<&'n Node<'n>> {
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

    pub(super) fn text_list(&mut self, fields: &Fields, name: &str) -> Vec<String> {
        self.list(fields, name)
            .into_iter()
            .filter_map(|node| self.scalar_text(node, name))
            .collect()
    }

    pub(super) fn count(&mut self, node: &Node, name: &str) -> Option<u64> {
        match node.value {
            Value::Int(n) if n >= 0 => u64::try_from(n).ok(),
            _ => {
                let message = format!("`{name}` must be a whole number, not {}", node.value.kind());
                self.error("E012", node.span, message);
                None
            }
        }
    }
}

pub(super) fn list_names(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

/// The longest id: its pages (`afis/<id>.html`) and files (`<id>.md`) must
/// fit the 255 bytes most file systems allow a name, with room to spare.
pub(crate) const MAX_ID_LEN: usize = 100;

/// What is wrong with `id` as a record's id, in words that say what to do;
/// `None` when it is a good id. `new` asks the same before writing.
pub(crate) fn id_problem(id: &str) -> Option<String> {
    if !is_slug(id) {
        return Some(
            "an id uses only lower-case letters, digits and `-`, and starts with a letter or digit"
                .to_owned(),
        );
    }
    if id == "index" {
        // Its page would be the list page of its kind (`afis/index.html`).
        return Some(
            "`index` names the site's list pages; give the record another id, such as `index-report`"
                .to_owned(),
        );
    }
    if id.len() > MAX_ID_LEN {
        return Some(format!(
            "an id is at most {MAX_ID_LEN} characters (this one has {}), so that its page's file name fits every file system; shorten it",
            id.len()
        ));
    }
    None
}

/// A lower-case slug: `[a-z0-9][a-z0-9-]*`.
pub(crate) fn is_slug(id: &str) -> bool {
    let mut chars = id.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil;

    use crate::validate::{finish, read};

    #[test]
    fn index_is_not_an_id_since_it_names_the_list_pages() {
        let text = "---\ntype: inspection\nid: index\ntitle: T\nbody: HMIC\nsubject: S\nstatus: open\n---\n";
        let vocabulary = crate::model::Vocabulary::standard();
        let rules = Rules {
            vocabulary: &vocabulary,
            as_at: civil::date(2026, 1, 1),
        };
        let loaded = crate::load::from_files(
            vec![("records/index.md".to_owned(), text.as_bytes().to_vec())],
            crate::config::MAX_RECORD_BYTES,
            &|file| read(file, &rules),
        );
        let (model, found) = finish(&loaded.files, &loaded.paths);
        assert!(model.inspections.is_empty());
        assert!(
            found
                .iter()
                .any(|d| d.code == "E014" && d.message.contains("`index`")),
            "{found:?}"
        );
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
}
