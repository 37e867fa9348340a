//! `actionplan schema`: the JSON Schema of the front matter.

use std::io::Write as _;
use std::process::ExitCode;

use super::{OK, failed, root};
use crate::cli::SchemaArgs;
use crate::{config, diag};

/// `actionplan schema`: the JSON Schema of the front matter, with the
/// repository's own status vocabulary.
pub(crate) fn run(args: &SchemaArgs) -> ExitCode {
    // Outside a repository, the schema has the built-in vocabulary.
    let root = match &args.root {
        Some(root) => root.clone(),
        None => root::locate(None).unwrap_or_else(|_| ".".into()),
    };
    let (config, diagnostics) = config::load(&root);
    if !diagnostics.is_empty() {
        let sources = std::collections::BTreeMap::new();
        let mut stderr = anstream::stderr();
        let _ = write!(
            stderr,
            "{}",
            diag::render_human(&diagnostics, &sources, true)
        );
        return failed("the configuration has errors; the schema would not match the records");
    }
    let schema = crate::validate::schema::json_schema(&config.vocabulary);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    let _ = write!(std::io::stdout(), "{text}");
    ExitCode::from(OK)
}
