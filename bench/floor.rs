//! The floor for `bench/run`: the least work any build of the records must
//! do, with the same crates actionplan uses and on all cores, and nothing
//! more. It reads every record under `ROOT/records`, parses its front matter
//! as YAML (serde-saphyr), renders its Markdown body (pulldown-cmark), and
//! writes one HTML file per record into `OUT`: no validation, no roll-up, no
//! templates, no lists. `build`'s time over the floor's says what everything
//! else costs.
//!
//! ```text
//! cargo run --release --example floor -- ROOT OUT
//! ```

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rayon::prelude::*;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [root, out] = args.as_slice() else {
        eprintln!("usage: floor ROOT OUT");
        return ExitCode::from(2);
    };
    match run(Path::new(root), Path::new(out)) {
        Ok(count) => {
            eprintln!("floor: {count} records written into {out}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("floor: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(root: &Path, out: &Path) -> Result<usize, String> {
    let files: Vec<PathBuf> = walkdir::WalkDir::new(root.join("records"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(walkdir::DirEntry::into_path)
        .collect();
    fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    files
        .par_iter()
        .map(|path| page(path, out))
        .collect::<Result<Vec<()>, String>>()
        .map(|written| written.len())
}

/// One record in, one page out.
fn page(path: &Path, out: &Path) -> Result<(), String> {
    let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let (yaml, body) =
        split(&text).ok_or_else(|| format!("{}: no front matter", path.display()))?;
    let front: serde_json::Value =
        serde_saphyr::from_str(yaml).map_err(|e| format!("{}: {e}", path.display()))?;
    let title = front["title"].as_str().unwrap_or_default();
    let mut html = String::with_capacity(body.len() * 2 + 256);
    html.push_str("<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>");
    for c in title.chars() {
        match c {
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            '&' => html.push_str("&amp;"),
            '"' => html.push_str("&quot;"),
            c => html.push(c),
        }
    }
    html.push_str("</title></head><body><main>");
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(body));
    html.push_str("</main></body></html>\n");
    let name = path.file_stem().unwrap_or_default();
    let target = out.join(name).with_extension("html");
    fs::write(&target, html).map_err(|e| format!("{}: {e}", target.display()))
}

/// The YAML between the first two `---` lines, and the body after them.
fn split(text: &str) -> Option<(&str, &str)> {
    let rest = text.strip_prefix("---\n")?;
    let end = rest.find("\n---\n")?;
    Some((&rest[..end], &rest[end + 5..]))
}
