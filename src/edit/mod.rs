//! Surgical edits to one AFI record's text. Takes the file's text and what
//! to add (a new update, or an assessment of an update) and gives the new
//! text, in which every byte not edited is as it was: comments, key order,
//! quoting, line endings, the byte-order mark and the Markdown body. The
//! edit is proved by reading both texts back and comparing their values;
//! a layout it cannot edit exactly is refused with a message saying why.
//! `write` puts the result in place atomically.

mod layout;
mod scalar;
mod write;

#[cfg(test)]
mod tests;

use std::ops::Range;
use std::sync::Arc;

use crate::load::yaml::{Node, Value};
use crate::load::{ParsedFile, parse_record};

pub(crate) use scalar::scalar;
pub(crate) use write::write_atomically;

use layout::Layout;

/// A new update, its values already checked and written as the record
/// writes them (dates `YYYY-MM-DD`, targets a date, a month or `ongoing`).
#[derive(Clone, Debug, Default)]
pub(crate) struct NewUpdate {
    pub(crate) date: String,
    pub(crate) status: String,
    pub(crate) note: String,
    pub(crate) due: Option<String>,
    pub(crate) reason: Option<String>,
    pub(crate) evidence: Vec<String>,
    pub(crate) by: Option<String>,
}

/// The liaison unit's assessment of one update.
#[derive(Clone, Debug)]
pub(crate) struct Assessment {
    pub(crate) by: String,
    pub(crate) date: String,
    /// `Some(reason)` when the update is rejected.
    pub(crate) rejected: Option<String>,
}

/// Why a file cannot be edited exactly: for the records keeper, with what
/// to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Refusal(pub(crate) String);

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// `text` with `update` appended to its `updates` list and its `status`
/// set to the update's status; nothing else changes.
pub(crate) fn append_update(path: &str, text: &str, update: &NewUpdate) -> Result<String, Refusal> {
    let before = parsed(path, text)?;
    let layout = Layout::read(text, &before)?;
    let mut edits = Vec::new();
    if let Some(edit) = layout.set_status(text, &update.status)? {
        edits.push(edit);
    }
    edits.push(layout.append_item(&update_fields(update)));
    let after = apply(text, edits);
    let expected = expected_update(update);
    prove(path, &before, &after, Some(&update.status), |old, new| {
        let mut with_new = old.to_vec();
        with_new.push(expected.clone());
        same_list(&with_new, new)
    })?;
    Ok(after)
}

/// `text` with `assessment` added to the update at `index` (counting every
/// update in the file from 0, oldest first); `status`, when given, is the
/// AFI's status afterwards (a rejected update no longer sets it).
pub(crate) fn assess_update(
    path: &str,
    text: &str,
    index: usize,
    assessment: &Assessment,
    status: Option<&str>,
) -> Result<String, Refusal> {
    let before = parsed(path, text)?;
    let layout = Layout::read(text, &before)?;
    let fields = assessment_fields(assessment);
    let mut edits = vec![layout.extend_item(index, &fields)?];
    if let Some(status) = status
        && let Some(edit) = layout.set_status(text, status)?
    {
        edits.push(edit);
    }
    let after = apply(text, edits);
    prove(path, &before, &after, status, |old, new| {
        if old.len() != new.len() {
            return false;
        }
        old.iter().zip(new).enumerate().all(|(i, (o, n))| {
            if i != index {
                return same(o, n);
            }
            let mut expected = entries(o).to_vec();
            expected.extend(fields.iter().map(|(k, v)| (str_node(k), v.expected())));
            same_entries(&expected, entries(n))
        })
    })?;
    Ok(after)
}

/// One field of a new update or assessment: its name and value as written.
#[derive(Clone, Debug)]
pub(crate) enum FieldValue {
    Text(String),
    /// Written as is: a date, a status, `true`.
    Plain(String),
    List(Vec<String>),
}

impl FieldValue {
    fn expected(&self) -> Node<'static> {
        match self {
            FieldValue::Text(text) | FieldValue::Plain(text) => str_node(text),
            FieldValue::List(items) => {
                node(Value::Seq(items.iter().map(|i| str_node(i)).collect()))
            }
        }
    }
}

fn update_fields(update: &NewUpdate) -> Vec<(&'static str, FieldValue)> {
    let mut fields = vec![
        ("date", FieldValue::Plain(update.date.clone())),
        ("status", FieldValue::Plain(update.status.clone())),
        ("note", FieldValue::Text(update.note.clone())),
    ];
    if let Some(due) = &update.due {
        fields.push(("due", FieldValue::Plain(due.clone())));
    }
    if let Some(reason) = &update.reason {
        fields.push(("reason", FieldValue::Text(reason.clone())));
    }
    if !update.evidence.is_empty() {
        fields.push(("evidence", FieldValue::List(update.evidence.clone())));
    }
    if let Some(by) = &update.by {
        fields.push(("by", FieldValue::Text(by.clone())));
    }
    fields
}

fn assessment_fields(assessment: &Assessment) -> Vec<(&'static str, FieldValue)> {
    let mut fields = Vec::new();
    match &assessment.rejected {
        None => fields.push(("assured", FieldValue::Plain("true".to_owned()))),
        Some(reason) => fields.push(("rejected", FieldValue::Text(reason.clone()))),
    }
    fields.push(("assessed", FieldValue::Plain(assessment.date.clone())));
    fields.push(("assessed_by", FieldValue::Text(assessment.by.clone())));
    fields
}

fn expected_update(update: &NewUpdate) -> Node<'static> {
    node(Value::Map(
        update_fields(update)
            .iter()
            .map(|(k, v)| (str_node(k), v.expected()))
            .collect(),
    ))
}

fn parsed(path: &str, text: &str) -> Result<ParsedFile<'static>, Refusal> {
    let text = Arc::from(text);
    let parsed = parse_record(path, &text).map(ParsedFile::into_owned);
    parsed.map_err(|d| {
        Refusal(format!(
            "`{path}` cannot be read as a record ({}); fix it first (`actionplan check` shows where)",
            d.message
        ))
    })
}

/// A replacement of a byte range.
#[derive(Clone, Debug)]
pub(super) struct Edit {
    range: Range<usize>,
    text: String,
}

fn apply(text: &str, mut edits: Vec<Edit>) -> String {
    edits.sort_by_key(|e| std::cmp::Reverse(e.range.start));
    let mut out = text.to_owned();
    for edit in edits {
        out.replace_range(edit.range, &edit.text);
    }
    out
}

/// Read `after` back and check that its front matter says what `before`
/// said, except for `status` (when given) and the `updates` list, which
/// `updates_agree` judges; and that the body is the same text.
fn prove(
    path: &str,
    before: &ParsedFile<'_>,
    after: &str,
    status: Option<&str>,
    updates_agree: impl Fn(&[Node], &[Node]) -> bool,
) -> Result<(), Refusal> {
    let unusual = || {
        Refusal(format!(
            "`{path}` is laid out in a way this edit cannot keep exactly (for example a comment or a block of text at the end of `updates`); make the change by hand, or lay `updates` out as `docs/records.md` shows"
        ))
    };
    let after = Arc::from(after);
    let after = parse_record(path, &after).map_err(|_| unusual())?;
    if *before.body != *after.body {
        return Err(unusual());
    }
    let (old, new) = (entries(&before.front), entries(&after.front));
    let mut new_keys = new.iter().map(|(k, _)| key(k));
    let mut old_keys = old.iter().map(|(k, _)| key(k)).peekable();
    // The new front matter has the old keys in order, plus `updates` when
    // there was none.
    for name in new_keys.by_ref() {
        if old_keys.peek() == Some(&name) {
            old_keys.next();
        } else if name != "updates" {
            return Err(unusual());
        }
    }
    if old_keys.next().is_some() {
        return Err(unusual());
    }
    for (k, value) in new {
        let name = key(k);
        let was = old.iter().find(|(o, _)| key(o) == name).map(|(_, v)| v);
        let agrees = match name {
            "updates" => updates_agree(list(was), list(Some(value))),
            "status" if status.is_some() => {
                matches!(&value.value, Value::Str(s) if Some(s.as_ref()) == status)
            }
            _ => was.is_some_and(|w| same(w, value)),
        };
        if !agrees {
            return Err(unusual());
        }
    }
    Ok(())
}

fn entries<'n>(node: &'n Node<'n>) -> &'n [(Node<'n>, Node<'n>)] {
    match &node.value {
        Value::Map(entries) => entries,
        _ => &[],
    }
}

fn list<'n>(node: Option<&'n Node<'n>>) -> &'n [Node<'n>] {
    match node.map(|n| &n.value) {
        Some(Value::Seq(items)) => items,
        _ => &[],
    }
}

fn key<'n>(node: &'n Node<'_>) -> &'n str {
    match &node.value {
        Value::Str(s) => s,
        _ => "",
    }
}

fn node(value: Value<'static>) -> Node<'static> {
    Node {
        value,
        span: crate::model::Span::default(),
    }
}

fn str_node(text: &str) -> Node<'static> {
    node(Value::Str(text.to_owned().into()))
}

/// The same value, wherever it was written. A scalar written as a date,
/// `true` or a number is compared by its text where the other side is text.
fn same(a: &Node<'_>, b: &Node<'_>) -> bool {
    match (&a.value, &b.value) {
        (Value::Seq(x), Value::Seq(y)) => same_list(x, y),
        (Value::Map(x), Value::Map(y)) => same_entries(x, y),
        (Value::Str(x), Value::Str(y)) => x == y,
        (Value::Str(x), Value::Bool(y)) | (Value::Bool(y), Value::Str(x)) => *x == y.to_string(),
        (x, y) => x == y,
    }
}

fn same_list(a: &[Node<'_>], b: &[Node<'_>]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
}

fn same_entries(a: &[(Node<'_>, Node<'_>)], b: &[(Node<'_>, Node<'_>)]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|((ka, va), (kb, vb))| same(ka, kb) && same(va, vb))
}

/// The field names of the last item of `updates` in `text`, or `None` when
/// there are no updates.
pub(crate) fn last_update_fields(path: &str, text: &str) -> Result<Option<Vec<String>>, Refusal> {
    let parsed = parsed(path, text)?;
    let updates = parsed.front.get("updates");
    Ok(list(updates).last().map(|item| {
        entries(item)
            .iter()
            .map(|(k, _)| key(k).to_owned())
            .collect()
    }))
}

/// How many items `updates` has in `text`.
pub(crate) fn update_count(path: &str, text: &str) -> Result<usize, Refusal> {
    let parsed = parsed(path, text)?;
    let updates = parsed.front.get("updates");
    Ok(list(updates).len())
}
