//! `actionplan schema`: the JSON Schema editors use accepts every real record
//! and rejects the broken fixtures the schema can see.

use std::path::Path;

use crate::{actionplan, fixture, repo_root};

fn schema() -> jsonschema::Validator {
    let run = actionplan(&["schema"], &repo_root());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let schema: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    jsonschema::draft7::new(&schema).expect("a valid draft-07 schema")
}

/// The front matter of a record file as JSON, read the way an editor's YAML
/// language server reads it.
fn front_matter(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).expect("readable");
    let yaml = text
        .split("\n---")
        .next()
        .unwrap_or("")
        .trim_start_matches("---");
    serde_saphyr::from_str(yaml).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_schema_accepts_every_real_record() {
    let validator = schema();
    let mut count = 0;
    for entry in walkdir::WalkDir::new(repo_root().join("records"))
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.path().extension().is_some_and(|e| e == "md") {
            let value = front_matter(entry.path());
            let errors: Vec<String> = validator
                .iter_errors(&value)
                .map(|e| e.to_string())
                .collect();
            assert!(errors.is_empty(), "{}: {errors:?}", entry.path().display());
            count += 1;
        }
    }
    assert!(count > 100, "only {count} records");
}

#[test]
fn the_schema_rejects_broken_records() {
    let validator = schema();
    for (case, file) in [
        ("e010_missing_field", "harrow-r1.md"),
        ("e011_unknown_field", "harrow-r1.md"),
        ("e012_wrong_type", "harrow-r1.md"),
        ("e013_invalid_date", "harrow-r1.md"),
        ("e014_invalid_id", "Harrow_R1.md"),
        ("e017_unknown_type", "harrow.md"),
        ("e020_unknown_status", "harrow-r1.md"),
        ("e022_unknown_inspection_status", "harrow.md"),
        ("e028_unknown_group", "harrow.md"),
    ] {
        let value = front_matter(&fixture(case).join("records").join(file));
        assert!(
            !validator.is_valid(&value),
            "{case}/{file} should be rejected"
        );
    }
}
