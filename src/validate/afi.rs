//! Reading an AFI (area for improvement) record: its fields, its status
//! from the vocabulary, and its dated updates.

use crate::diag::suggest::did_you_mean;
use crate::load::ParsedFile;
use crate::load::yaml::{Node, Value};
use crate::model::{Afi, Date, Span, Update};

use super::reader::{Fields, Reader, list_names};
use super::{AfiRefs, schema};

impl Reader<'_> {
    pub(super) fn afi(
        &mut self,
        top: &Fields,
        id: &str,
        file: &ParsedFile,
    ) -> Option<(Afi, AfiRefs)> {
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
        let (updates, rejected) = self.updates(top, raised.map(|(d, _)| d));
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
                rejected,
                text: file.body.clone(),
            },
            refs,
        ))
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

    /// The updates that count and those the liaison unit rejected, each
    /// oldest first.
    fn updates(&mut self, top: &Fields, raised: Option<Date>) -> (Vec<Update>, Vec<Update>) {
        let items = self.list(top, "updates");
        // Held for the whole run: sized once, without room to grow.
        let mut standing: Vec<Update> = Vec::with_capacity(items.len());
        let mut rejected: Vec<Update> = Vec::new();
        let mut previous: Option<Date> = None;
        let names = schema::names(schema::UPDATE);
        for node in items {
            let allowed = (&names[..], "an update");
            let Some(fields) = self.fields(node, "an update", Some(allowed)) else {
                continue;
            };
            let date = self.required_date(&fields, "date", "the date of the update");
            let status = self.status(fields.get("status"), fields.span, "status");
            let note = self.required_text(&fields, "note", "what was reported");
            let assured = self.flag(&fields, "assured");
            let due = self.target(&fields, "due");
            let timescale = self.optional_text(&fields, "timescale");
            let reason = self.optional_text(&fields, "reason");
            let evidence = self.text_list(&fields, "evidence");
            let by = self.optional_text(&fields, "by");
            let assessed_by = self.optional_text(&fields, "assessed_by");
            let assessed = self.optional_date(&fields, "assessed");
            let rejection = self.optional_text(&fields, "rejected");
            self.assessment_agrees(&fields, assured, rejection.is_some());
            if let (Some(node), None) = (fields.get("reason"), &due) {
                let d = self.error(
                    "E051",
                    node.span,
                    "`reason` explains a revised target, but this update has no `due`".to_owned(),
                );
                Self::help(d, "add the revised target as `due`, or remove `reason`");
            }
            let (Some((date, span)), Some(status)) = (date, status) else {
                continue;
            };
            self.not_in_future(date, span, "date");
            if let Some((on, at)) = assessed {
                self.not_in_future(on, at, "assessed");
                if on.last_day() < date.first_day() {
                    self.error(
                        "E025",
                        at,
                        format!("this update was assessed ({on}) before it was made ({date})"),
                    );
                }
            }
            if let Some(raised) = raised
                && date.last_day() < raised.first_day()
            {
                self.error(
                    "E025",
                    span,
                    format!("this update ({date}) is dated before the AFI was raised ({raised})"),
                );
            }
            if let Some(previous) = previous
                && date.last_day() < previous.first_day()
            {
                let d = self.error(
                    "E025",
                    span,
                    format!("this update ({date}) is dated before the one above it ({previous})"),
                );
                Self::help(d, "list updates oldest first");
            }
            previous = Some(date);
            let update = Update {
                assured,
                due,
                timescale,
                reason,
                evidence,
                by,
                assessed_by,
                assessed: assessed.map(|(d, _)| d),
                rejected: rejection.clone(),
                ..Update::new(date, status, note)
            };
            match rejection {
                Some(_) => rejected.push(update),
                None => standing.push(update),
            }
        }
        standing.shrink_to_fit();
        (standing, rejected)
    }

    /// A `true`/`false` field; absent is false.
    fn flag(&mut self, fields: &Fields, name: &str) -> bool {
        match fields.get(name) {
            None => false,
            Some(Node {
                value: Value::Bool(b),
                ..
            }) => *b,
            Some(other) => {
                let message = format!(
                    "`{name}` must be `true` or `false`, not {}",
                    other.value.kind()
                );
                self.error("E012", other.span, message);
                false
            }
        }
    }

    /// An update is assured or rejected, never both; who assessed it and
    /// when belong to one of the two.
    fn assessment_agrees(&mut self, fields: &Fields, assured: bool, rejected: bool) {
        if assured && let Some(node) = fields.get("rejected") {
            let d = self.error(
                "E050",
                node.span,
                "this update is marked both `assured: true` and `rejected`".to_owned(),
            );
            Self::help(
                d,
                "an assessed update is either accepted (`assured: true`) or rejected; keep one",
            );
        }
        if assured || rejected {
            return;
        }
        for name in ["assessed", "assessed_by"] {
            if let Some(node) = fields.get(name) {
                let d = self.error(
                    "E050",
                    node.span,
                    format!("`{name}` says who or when the update was assessed, but it is neither `assured: true` nor `rejected`"),
                );
                Self::help(
                    d,
                    "run `actionplan assess` to record an assessment, or remove the field",
                );
            }
        }
    }
}
