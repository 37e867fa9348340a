//! Reading a committee paper record: its fields, what it covers, and its
//! appendices; the names it uses are kept as references for the checks
//! across records.

use crate::diag::suggest::did_you_mean;
use crate::load::ParsedFile;
use crate::load::yaml::{Node, Value};
use crate::model::{Appendix, AppendixKind, Covers, Date, Paper};

use super::reader::{Fields, Reader, list_names};
use super::{Reference, ReferenceKind, schema};

/// The help for a field that papers once had in their front matter and now
/// write in the body, as the author lays the paper out.
pub(super) fn written_in_the_body(name: &str) -> Option<String> {
    let heading = match name {
        "summary" => "`## Summary`",
        "recommendations" => "`## A. Recommendation`",
        "race_and_equality" | "financial" => {
            "the heading the paper gives it, such as `## D. Financial implications`"
        }
        "background_papers" => "`## E. Background papers`",
        "contact" => "`## F. Contact details`",
        _ => return None,
    };
    Some(format!(
        "a paper's sections are written in its body, in the order and with the headings its author gives them: move this text under {heading}"
    ))
}

impl Reader<'_> {
    pub(super) fn paper(
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
            // A text appendix without text is an attachment kept by title.
            let text = self.optional_text(&fields, "text");
            let action_heading = self.optional_text(&fields, "action_heading");
            out.push(Appendix {
                title,
                kind,
                covers,
                text,
                action_heading,
            });
        }
        out
    }
}
