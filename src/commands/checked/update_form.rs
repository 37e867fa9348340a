//! The owners' update form against the vocabulary: a status its drop-down
//! offers that `actionplan.toml` does not define (W052), which `actionplan
//! update` refuses when the workflow runs it, so the owner who picked it
//! gets an error instead of a pull request. Takes the repository root and
//! the vocabulary; gives diagnostics located in the form, whose text is
//! never quoted (only records' lines are).

use std::path::Path;

use crate::diag::Diagnostic;
use crate::files::{self, Refusal};
use crate::load::yaml::{self, Node, Value};
use crate::model::Vocabulary;
use crate::owners::returns::status_id;

/// Where GitHub finds the form that `.github/workflows/afi-update.yml`
/// reads (docs/ci.md).
pub(crate) const FORM: &str = ".github/ISSUE_TEMPLATE/afi-update.yml";

/// A form is a page of YAML; far more is not one.
const MAX_FORM_BYTES: u64 = 64 * 1024;

/// W052 for each status the form offers that the vocabulary lacks. A
/// repository without the form, or with a form GitHub itself would refuse
/// (not YAML, no `status` drop-down), gets none.
pub(super) fn diagnostics(root: &Path, vocabulary: &Vocabulary) -> Vec<Diagnostic> {
    let bytes = match files::read_in_root(root, FORM, MAX_FORM_BYTES) {
        Ok(bytes) => bytes,
        Err(Refusal::Missing) => return Vec::new(),
        Err(refusal) => {
            let message = format!(
                "the update form's statuses are not checked: it is not read ({})",
                refusal.reason()
            );
            return vec![
                Diagnostic::warning("W052", FORM, None, message)
                    .with_help("make the form a plain file of the repository"),
            ];
        }
    };
    let Ok(text) = String::from_utf8(bytes) else {
        return Vec::new();
    };
    let Ok(form) = yaml::parse(&text, 0) else {
        return Vec::new();
    };
    let labels: Vec<String> = vocabulary
        .statuses
        .iter()
        .map(|s| format!("`{}`", s.label))
        .collect();
    let help = format!(
        "offer the statuses of actionplan.toml in the form's `options`: {}",
        labels.join(", ")
    );
    status_options(&form)
        .iter()
        .filter_map(|option| {
            let offered = match &option.value {
                Value::Str(text) => text.to_string(),
                Value::Int(n) => n.to_string(),
                Value::Float(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                _ => return None,
            };
            status_id(vocabulary, &offered).is_err().then(|| {
                Diagnostic::warning(
                    "W052",
                    FORM,
                    Some(option.span),
                    format!(
                        "the update form offers the status `{offered}`, which actionplan.toml does not define: an owner who picks it gets an error, not a pull request"
                    ),
                )
                .with_help(help.clone())
            })
        })
        .collect()
}

/// The `options` of the form's field whose `id` is `status`.
fn status_options<'t>(form: &'t Node<'t>) -> &'t [Node<'t>] {
    let Some(Value::Seq(fields)) = form.get("body").map(|n| &n.value) else {
        return &[];
    };
    let status = fields.iter().find(|f| {
        f.get("id")
            .is_some_and(|id| matches!(&id.value, Value::Str(id) if id == "status"))
    });
    match status
        .and_then(|f| f.get("attributes"))
        .and_then(|a| a.get("options"))
        .map(|o| &o.value)
    {
        Some(Value::Seq(options)) => options,
        _ => &[],
    }
}
