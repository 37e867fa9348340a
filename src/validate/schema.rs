//! The fields of each record type, in one table: validation takes its lists
//! of allowed fields from here, and `actionplan schema` turns the same table
//! into a JSON Schema for editors, so the two cannot drift apart.

use serde_json::{Map, Value, json};

use crate::model::{AppendixKind, InspectionStatus, Vocabulary};

/// What a field holds.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Kind {
    Text,
    Texts,
    Date,
    Target,
    Bool,
    Count,
    Id,
    /// The record's type, always this word.
    Type(&'static str),
    /// A status of the repository's vocabulary.
    Status,
    InspectionStatus,
    Appendix,
    /// Roll-up group ids with counts.
    GroupCounts,
    Object(&'static [Field]),
    List(&'static [Field]),
    /// One object, or a list of them.
    ObjectOrList(&'static [Field]),
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Field {
    pub(crate) name: &'static str,
    pub(crate) required: bool,
    pub(crate) kind: Kind,
    pub(crate) doc: &'static str,
}

const fn field(name: &'static str, required: bool, kind: Kind, doc: &'static str) -> Field {
    Field {
        name,
        required,
        kind,
        doc,
    }
}

pub(crate) const PERIOD: &[Field] = &[
    field("start", true, Kind::Date, "The first day of fieldwork."),
    field(
        "end",
        false,
        Kind::Date,
        "The last day of fieldwork; left out for a single day or an unknown end.",
    ),
];

pub(crate) const REVISIT: &[Field] = &[
    field("due", false, Kind::Date, "When the revisit is due."),
    field(
        "visited",
        false,
        Kind::Date,
        "When the inspectors revisited.",
    ),
    field(
        "published",
        false,
        Kind::Date,
        "When the revisit report was published.",
    ),
    field(
        "note",
        false,
        Kind::Text,
        "Anything else about the revisit.",
    ),
    field(
        "due_as_written",
        false,
        Kind::Text,
        "The paper's own line for the revisit while due, printed in papers instead of the generated one, such as `Revisit: To take place on 7 December 2004`.",
    ),
    field(
        "published_as_written",
        false,
        Kind::Text,
        "The paper's own line for the published revisit report, printed in papers instead of the generated one, such as `Revisit report: 3 December 2004`.",
    ),
];

pub(crate) const GRADING: &[Field] = &[
    field(
        "framework",
        true,
        Kind::Text,
        "The framework graded; AFIs name it exactly.",
    ),
    field(
        "grade",
        true,
        Kind::Text,
        "The grade given, such as `fair`.",
    ),
    field(
        "direction",
        false,
        Kind::Text,
        "The direction of travel, such as `improved`.",
    ),
    field(
        "note",
        false,
        Kind::Text,
        "What the paper says about the grading.",
    ),
];

pub(crate) const FRAMEWORK_COUNT: &[Field] = &[
    field(
        "framework",
        true,
        Kind::Text,
        "A framework the inspection grades.",
    ),
    field("total", true, Kind::Count, "The number of AFIs published."),
    field(
        "groups",
        false,
        Kind::GroupCounts,
        "Published counts by roll-up group.",
    ),
];

pub(crate) const THEME_COUNT: &[Field] = &[
    field("theme", true, Kind::Text, "An AFI theme."),
    field("total", true, Kind::Count, "The number of AFIs published."),
    field(
        "groups",
        false,
        Kind::GroupCounts,
        "Published counts by roll-up group.",
    ),
];

pub(crate) const PUBLISHED_COUNTS: &[Field] = &[
    field(
        "date",
        true,
        Kind::Date,
        "The date of the paper that published the figures.",
    ),
    field(
        "source",
        false,
        Kind::Text,
        "The paper, such as `PPRC report 11, 16 January 2007`.",
    ),
    field(
        "note",
        false,
        Kind::Text,
        "How the records relate to these figures, such as which AFIs the paper describes; shown beside them.",
    ),
    field(
        "total",
        true,
        Kind::Count,
        "The total number of AFIs published.",
    ),
    field(
        "groups",
        false,
        Kind::GroupCounts,
        "Published counts by roll-up group.",
    ),
    field(
        "frameworks",
        false,
        Kind::List(FRAMEWORK_COUNT),
        "Published counts per framework.",
    ),
    field(
        "themes",
        false,
        Kind::List(THEME_COUNT),
        "Published counts per theme.",
    ),
];

pub(crate) const INSPECTION: &[Field] = &[
    field("type", true, Kind::Type("inspection"), "The record type."),
    field(
        "id",
        true,
        Kind::Id,
        "The record's id: lower-case letters, digits and `-`, the same as its file name.",
    ),
    field(
        "title",
        true,
        Kind::Text,
        "The inspection's name as people use it.",
    ),
    field(
        "programme",
        false,
        Kind::Text,
        "The programme it belongs to.",
    ),
    field(
        "body",
        true,
        Kind::Text,
        "The inspecting body, such as `HMIC`.",
    ),
    field(
        "subject",
        true,
        Kind::Text,
        "The unit or business group inspected.",
    ),
    field(
        "fieldwork",
        false,
        Kind::ObjectOrList(PERIOD),
        "When the inspectors were on site: a period or a list of periods.",
    ),
    field(
        "fieldwork_as_written",
        false,
        Kind::Text,
        "The paper's own line for the fieldwork dates, printed in papers instead of the generated one, such as `Date of inspection: 23-25 June & 30 June-1 July 2003`.",
    ),
    field(
        "published",
        false,
        Kind::Date,
        "When the report was published.",
    ),
    field("revisits", false, Kind::List(REVISIT), "Follow-up visits."),
    field(
        "status",
        true,
        Kind::InspectionStatus,
        "Where the inspection stands.",
    ),
    field(
        "gradings",
        false,
        Kind::List(GRADING),
        "One grading per framework; AFIs must then name one of these frameworks.",
    ),
    field(
        "good_practice",
        false,
        Kind::Texts,
        "The good practice the inspectors found.",
    ),
    field(
        "good_practice_intro",
        false,
        Kind::Text,
        "How the paper introduces the good practice, such as `The inspection team acknowledged eighteen areas of potential good practice including:`.",
    ),
    field(
        "conclusion",
        false,
        Kind::Text,
        "The inspectors' conclusion.",
    ),
    field(
        "published_counts",
        false,
        Kind::List(PUBLISHED_COUNTS),
        "Figures a paper published about this inspection's AFIs, kept as published.",
    ),
];

pub(crate) const UPDATE: &[Field] = &[
    field("date", true, Kind::Date, "The date of the update."),
    field(
        "status",
        true,
        Kind::Status,
        "The status from this date on.",
    ),
    field("note", true, Kind::Text, "What was reported."),
    field(
        "assured",
        false,
        Kind::Bool,
        "True when the liaison unit has quality-assessed the update.",
    ),
    field(
        "due",
        false,
        Kind::Target,
        "A revised target date, from this update on.",
    ),
    field(
        "timescale",
        false,
        Kind::Text,
        "The timescale in the paper's words when it is not a date, such as `In place since January 2003`.",
    ),
    field(
        "reason",
        false,
        Kind::Text,
        "Why the target was revised (with `due`).",
    ),
    field(
        "evidence",
        false,
        Kind::Texts,
        "Links, or paths in the repository, to what shows the work done.",
    ),
    field(
        "by",
        false,
        Kind::Text,
        "Who reported the update, such as the owner who returned it.",
    ),
    field(
        "assessed",
        false,
        Kind::Date,
        "When the liaison unit assessed the update (with `assured: true` or `rejected`).",
    ),
    field("assessed_by", false, Kind::Text, "Who assessed the update."),
    field(
        "rejected",
        false,
        Kind::Text,
        "Why the liaison unit did not accept the update; a rejected update does not count.",
    ),
];

pub(crate) const AFI: &[Field] = &[
    field("type", true, Kind::Type("afi"), "The record type."),
    field(
        "id",
        true,
        Kind::Id,
        "The record's id: lower-case letters, digits and `-`, the same as its file name.",
    ),
    field(
        "inspection",
        true,
        Kind::Text,
        "The id of the inspection that raised it.",
    ),
    field(
        "label",
        false,
        Kind::Text,
        "How the inspection or paper numbers it, such as `Recommendation 2`.",
    ),
    field(
        "title",
        true,
        Kind::Text,
        "One line saying what is to be improved.",
    ),
    field(
        "framework",
        false,
        Kind::Text,
        "One of the inspection's graded frameworks (required when it grades any).",
    ),
    field(
        "theme",
        false,
        Kind::Text,
        "A theme for grouping across inspections.",
    ),
    field(
        "owner",
        false,
        Kind::Text,
        "The business lead or unit that owns the action.",
    ),
    field("raised", true, Kind::Date, "When it was raised."),
    field(
        "due",
        false,
        Kind::Target,
        "The original target date, or `ongoing`.",
    ),
    field(
        "status",
        true,
        Kind::Status,
        "The current status; must equal the newest update's.",
    ),
    field(
        "updates",
        false,
        Kind::List(UPDATE),
        "The dated progress history, oldest first.",
    ),
];

pub(crate) const COVERS: &[Field] = &[
    field("all", false, Kind::Bool, "Every record."),
    field("inspections", false, Kind::Texts, "Inspection ids."),
    field("programmes", false, Kind::Texts, "Programme names."),
    field("frameworks", false, Kind::Texts, "Graded framework names."),
];

pub(crate) const APPENDIX: &[Field] = &[
    field("title", true, Kind::Text, "The appendix's title."),
    field("kind", true, Kind::Appendix, "What it is built from."),
    field(
        "covers",
        false,
        Kind::Object(COVERS),
        "The records it is about, when not those of the paper.",
    ),
    field(
        "text",
        false,
        Kind::Text,
        "The text of a `text` appendix, in Markdown.",
    ),
    field(
        "action_heading",
        false,
        Kind::Text,
        "What an `action-plan` appendix calls the action, such as `MPS proposed action`.",
    ),
];

pub(crate) const PAPER: &[Field] = &[
    field("type", true, Kind::Type("paper"), "The record type."),
    field(
        "id",
        true,
        Kind::Id,
        "The record's id: lower-case letters, digits and `-`, the same as its file name.",
    ),
    field("title", true, Kind::Text, "The paper's title."),
    field("committee", true, Kind::Text, "The committee it goes to."),
    field("meeting", true, Kind::Date, "The date of the meeting."),
    field("report", true, Kind::Text, "The report number."),
    field("by", true, Kind::Text, "Who the paper is by."),
    field(
        "as_at",
        true,
        Kind::Date,
        "The day its figures are computed as at.",
    ),
    field(
        "follows",
        false,
        Kind::Text,
        "The id of the paper it follows.",
    ),
    field(
        "covers",
        true,
        Kind::Object(COVERS),
        "Which records it reports on.",
    ),
    field(
        "appendices",
        false,
        Kind::List(APPENDIX),
        "Appendices generated from the records.",
    ),
];

/// The names of `fields`, for checking that no unknown field is written.
pub(crate) fn names(fields: &[Field]) -> Vec<&'static str> {
    fields.iter().map(|f| f.name).collect()
}

/// A JSON Schema (draft-07, which VS Code's YAML language server reads) of
/// the front matter of every record type.
pub(crate) fn json_schema(vocabulary: &Vocabulary) -> Value {
    let types = [("inspection", INSPECTION), ("afi", AFI), ("paper", PAPER)];
    let branches: Vec<Value> = types
        .iter()
        .map(|(name, fields)| {
            json!({
                "if": { "properties": { "type": { "const": name } }, "required": ["type"] },
                "then": object(fields, vocabulary),
            })
        })
        .collect();
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "actionplan record",
        "description": "The YAML front matter of an actionplan record: an inspection, an AFI or a committee paper.",
        "type": "object",
        "required": ["type", "id"],
        "properties": { "type": { "enum": types.iter().map(|(n, _)| *n).collect::<Vec<_>>() } },
        "allOf": branches,
    })
}

fn object(fields: &[Field], vocabulary: &Vocabulary) -> Value {
    let mut properties = Map::new();
    for f in fields {
        let mut schema = kind(f.kind, vocabulary);
        if let Value::Object(map) = &mut schema {
            map.insert("description".to_owned(), Value::String(f.doc.to_owned()));
        }
        properties.insert(f.name.to_owned(), schema);
    }
    let required: Vec<&str> = fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.name)
        .collect();
    json!({
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    })
}

const DATE_PATTERN: &str = r"^\d{4}-\d{2}(-\d{2})?$";

fn kind(kind: Kind, vocabulary: &Vocabulary) -> Value {
    match kind {
        Kind::Text => json!({ "type": ["string", "number", "boolean"] }),
        Kind::Texts => {
            json!({ "type": "array", "items": { "type": ["string", "number", "boolean"] } })
        }
        Kind::Date => json!({ "type": "string", "pattern": DATE_PATTERN }),
        Kind::Target => json!({
            "type": "string",
            "pattern": r"^(ongoing|Ongoing|ONGOING|\d{4}-\d{2}(-\d{2})?)$",
        }),
        Kind::Bool => json!({ "type": "boolean" }),
        Kind::Count => json!({ "type": "integer", "minimum": 0 }),
        Kind::Id => json!({ "type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$" }),
        Kind::Type(name) => json!({ "const": name }),
        Kind::Status => {
            json!({ "enum": vocabulary.statuses.iter().map(|s| s.id.as_str()).collect::<Vec<_>>() })
        }
        Kind::InspectionStatus => {
            json!({ "enum": InspectionStatus::ALL.iter().map(|(n, _)| *n).collect::<Vec<_>>() })
        }
        Kind::Appendix => {
            json!({ "enum": AppendixKind::ALL.iter().map(|(n, _)| *n).collect::<Vec<_>>() })
        }
        Kind::GroupCounts => json!({
            "type": "object",
            "propertyNames": { "enum": vocabulary.groups.iter().map(|g| g.id.as_str()).collect::<Vec<_>>() },
            "additionalProperties": { "type": "integer", "minimum": 0 },
        }),
        Kind::Object(fields) => object(fields, vocabulary),
        Kind::List(fields) => json!({ "type": "array", "items": object(fields, vocabulary) }),
        Kind::ObjectOrList(fields) => json!({
            "anyOf": [object(fields, vocabulary), { "type": "array", "items": object(fields, vocabulary) }],
        }),
    }
}
