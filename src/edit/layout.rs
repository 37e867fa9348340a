//! Where things are in a record's front matter, as text: the line ending,
//! the `status` value, and the `updates` list with each item's lines and
//! indentation. Takes the text and its parsed tree; gives the byte ranges
//! the edits replace, or a refusal for a layout it cannot edit exactly.

use std::ops::Range;

use super::{Edit, FieldValue, Refusal, scalar};
use crate::load::ParsedFile;
use crate::load::yaml::Value;
use crate::model::{line_end, line_start};

/// The front matter's layout, as far as the edits need it.
pub(super) struct Layout {
    eol: &'static str,
    /// Where the lines between the two `---` lines start and end.
    front: Range<usize>,
    /// The status value's text, without quotes.
    status: Option<Range<usize>>,
    updates: Updates,
}

/// How the `updates` list is written.
enum Updates {
    /// No `updates` field: a new one goes at the end of the front matter.
    Missing,
    /// `updates:`, `updates: []` or `updates: ~` on a line of its own,
    /// replaced whole.
    Empty(Range<usize>),
    /// A block list whose items start with `- ` at column `dash` and whose
    /// fields start at column `key`.
    Block {
        dash: usize,
        key: usize,
        items: Vec<Item>,
    },
}

/// One item of a block list.
struct Item {
    /// Just after the end of its last line that is not blank or a comment.
    end: usize,
}

impl Layout {
    pub(super) fn read(text: &str, parsed: &ParsedFile) -> Result<Layout, Refusal> {
        let path = &parsed.path;
        let split = crate::load::split_front_matter(text)
            .map_err(|_| Refusal(format!("`{path}` has no front matter")))?;
        let opening_end = line_end(text, split.yaml.start);
        let eol = if text[split.yaml.start..opening_end].ends_with("\r\n") {
            "\r\n"
        } else {
            "\n"
        };
        let front = opening_end..split.yaml.end;
        let Value::Map(entries) = &parsed.front.value else {
            return Err(Refusal(format!(
                "`{path}`: the front matter is not a list of `name: value` fields"
            )));
        };
        if entries
            .iter()
            .any(|(k, _)| k.span.column != 1 || text[..k.span.start].ends_with(['{', ',']))
        {
            return Err(Refusal(format!(
                "`{path}`: every field of the front matter must start at the beginning of its line, as docs/records.md shows"
            )));
        }
        let key_at = |name: &str| entries.iter().position(|(k, _)| super::key(k) == name);
        let status = match key_at("status") {
            Some(at) => Some(status_range(text, &entries[at].1.span, path)?),
            None => None,
        };
        let updates = match key_at("updates") {
            None => Updates::Missing,
            Some(at) => {
                let start = line_start(text, entries[at].0.span.start);
                let end = entries
                    .get(at + 1)
                    .map_or(front.end, |(k, _)| line_start(text, k.span.start));
                let items = match &entries[at].1.value {
                    Value::Seq(items) => items.len(),
                    _ => 0,
                };
                read_updates(text, start..end, items, path)?
            }
        };
        Ok(Layout {
            eol,
            front,
            status,
            updates,
        })
    }

    /// The edit that sets `status`, or none when it already says so.
    pub(super) fn set_status(&self, text: &str, status: &str) -> Result<Option<Edit>, Refusal> {
        let Some(range) = self.status.clone() else {
            return Err(Refusal(
                "the record has no `status` field; add it first".to_owned(),
            ));
        };
        Ok((text[range.clone()] != *status).then(|| Edit {
            range,
            text: status.to_owned(),
        }))
    }

    /// The edit that appends an item with `fields` to `updates`.
    pub(super) fn append_item(&self, fields: &[(&str, FieldValue)]) -> Edit {
        match &self.updates {
            Updates::Missing => Edit {
                range: self.front.end..self.front.end,
                text: format!("updates:{}{}", self.eol, self.item(2, 4, fields)),
            },
            Updates::Empty(line) => Edit {
                range: line.clone(),
                text: format!("updates:{}{}", self.eol, self.item(2, 4, fields)),
            },
            Updates::Block { dash, key, items } => {
                let at = items.last().map_or(self.front.end, |i| i.end);
                Edit {
                    range: at..at,
                    text: self.item(*dash, *key, fields),
                }
            }
        }
    }

    /// The edit that adds `fields` at the end of the item at `index`.
    pub(super) fn extend_item(
        &self,
        index: usize,
        fields: &[(&str, FieldValue)],
    ) -> Result<Edit, Refusal> {
        let Updates::Block { key, items, .. } = &self.updates else {
            return Err(Refusal("the record has no updates".to_owned()));
        };
        let Some(item) = items.get(index) else {
            return Err(Refusal(format!(
                "the record has {} updates, not {}",
                items.len(),
                index + 1
            )));
        };
        Ok(Edit {
            range: item.end..item.end,
            text: self.fields(*key, fields),
        })
    }

    /// A list item: `- ` at column `dash`, then `fields` at column `key`.
    fn item(&self, dash: usize, key: usize, fields: &[(&str, FieldValue)]) -> String {
        let lines = self.fields(key, fields);
        let mut out = " ".repeat(dash);
        out.push('-');
        out.push_str(&" ".repeat(key.saturating_sub(dash + 1).max(1)));
        out.push_str(lines.trim_start_matches(' '));
        out
    }

    /// One `name: value` line per field at column `key`; a list as an
    /// indented block under its name.
    fn fields(&self, key: usize, fields: &[(&str, FieldValue)]) -> String {
        let indent = " ".repeat(key);
        let mut out = String::new();
        for (name, value) in fields {
            match value {
                FieldValue::Plain(text) => {
                    out.push_str(&format!("{indent}{name}: {text}{}", self.eol));
                }
                FieldValue::Text(text) => {
                    out.push_str(&format!("{indent}{name}: {}{}", scalar(text), self.eol));
                }
                FieldValue::List(items) => {
                    out.push_str(&format!("{indent}{name}:{}", self.eol));
                    for item in items {
                        out.push_str(&format!("{indent}  - {}{}", scalar(item), self.eol));
                    }
                }
            }
        }
        out
    }
}

/// The status value without quotes; refused when it is not a plain word.
fn status_range(
    text: &str,
    span: &crate::model::Span,
    path: &str,
) -> Result<Range<usize>, Refusal> {
    let written = &text[span.start..span.end];
    let word = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    };
    if word(written) {
        return Ok(span.start..span.end);
    }
    for quote in ['"', '\''] {
        if let Some(inner) = written
            .strip_prefix(quote)
            .and_then(|w| w.strip_suffix(quote))
            && word(inner)
        {
            return Ok(span.start + 1..span.end - 1);
        }
    }
    Err(Refusal(format!(
        "`{path}`: `status` is not written as a single word; write it as `status: in-progress`"
    )))
}

/// The layout of the `updates` field whose lines are `region` (from its
/// key's line to the next field's), holding `count` items.
fn read_updates(
    text: &str,
    region: Range<usize>,
    count: usize,
    path: &str,
) -> Result<Updates, Refusal> {
    let key_line = region.start..line_end(text, region.start);
    let after_colon = text[key_line.clone()]
        .split_once(':')
        .map_or("", |(_, rest)| rest.trim());
    if count == 0 {
        if ["", "[]", "~", "null"].contains(&after_colon) {
            let rest = &text[key_line.end..region.end];
            if rest
                .lines()
                .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
            {
                return Ok(Updates::Empty(key_line));
            }
        }
        return Err(unusual_list(path));
    }
    if !after_colon.is_empty() && !after_colon.starts_with('#') {
        return Err(Refusal(format!(
            "`{path}`: `updates` is written on one line (`[ … ]`); write it as a block list, one `- date: …` item per update as docs/records.md shows, and run this again"
        )));
    }
    let lines = lines_in(text, key_line.end..region.end);
    let dash = lines
        .iter()
        .filter_map(|l| dash_column(&text[l.clone()]))
        .min()
        .ok_or_else(|| unusual_list(path))?;
    let starts: Vec<usize> = lines
        .iter()
        .filter(|l| dash_column(&text[(*l).clone()]) == Some(dash))
        .map(|l| l.start)
        .collect();
    if starts.len() != count {
        return Err(unusual_list(path));
    }
    let first = &text[starts[0]..line_end(text, starts[0])];
    let after_dash = &first[dash + 1..];
    let spaces = after_dash.len() - after_dash.trim_start_matches(' ').len();
    if spaces == 0
        || after_dash.trim().is_empty()
        || after_dash.trim_start().starts_with(['{', '#'])
    {
        return Err(unusual_list(path));
    }
    let key = dash + 1 + spaces;
    let mut items = Vec::new();
    for (i, start) in starts.iter().enumerate() {
        let next = starts.get(i + 1).copied().unwrap_or(region.end);
        let end = lines_in(text, *start..next)
            .into_iter()
            .filter(|l| is_content(&text[l.clone()]))
            .map(|l| l.end)
            .next_back()
            .unwrap_or(next);
        items.push(Item { end });
    }
    Ok(Updates::Block { dash, key, items })
}

fn unusual_list(path: &str) -> Refusal {
    Refusal(format!(
        "`{path}`: `updates` is not laid out as a list of `- date: …` items, one field per line; lay it out as docs/records.md shows and run this again"
    ))
}

/// The column of a line's `- ` list marker, when it starts with one.
fn dash_column(line: &str) -> Option<usize> {
    let trimmed = line.trim_start_matches(' ');
    let rest = trimmed.strip_prefix('-')?;
    (rest.starts_with([' ', '\r', '\n']) || rest.is_empty()).then(|| line.len() - trimmed.len())
}

/// A line that holds a value: neither blank nor a comment.
fn is_content(line: &str) -> bool {
    let trimmed = line.trim();
    !trimmed.is_empty() && !trimmed.starts_with('#')
}

/// The byte ranges of the lines in `range` (each with its line ending).
fn lines_in(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut at = range.start;
    while at < range.end {
        let end = line_end(text, at).min(range.end);
        out.push(at..end);
        at = end;
    }
    out
}
