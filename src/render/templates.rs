//! Rendering: the views through the templates into the files of the site.
//! The default templates are built into the binary (and written in Rust,
//! `render/builtin/`); a repository's own `templates/` folder overrides them
//! file by file, and a page whose template is overridden, or is made of one
//! that is, is rendered by Tera.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use tera::{Context, Kwargs, State, Tera};

use crate::model::prose::escape_markdown;
use crate::render::builtin;
use crate::render::view::Page;

/// The default templates, as shipped in `templates/`.
pub(crate) const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    (
        "afi_table.html",
        include_str!("../../templates/afi_table.html"),
    ),
    (
        "counts_table.html",
        include_str!("../../templates/counts_table.html"),
    ),
    (
        "reconciliation.html",
        include_str!("../../templates/reconciliation.html"),
    ),
    ("index.html", include_str!("../../templates/index.html")),
    (
        "inspections.html",
        include_str!("../../templates/inspections.html"),
    ),
    (
        "inspection.html",
        include_str!("../../templates/inspection.html"),
    ),
    ("afi.html", include_str!("../../templates/afi.html")),
    (
        "dimension.html",
        include_str!("../../templates/dimension.html"),
    ),
    ("group.html", include_str!("../../templates/group.html")),
    ("overdue.html", include_str!("../../templates/overdue.html")),
    ("silent.html", include_str!("../../templates/silent.html")),
    (
        "movement.html",
        include_str!("../../templates/movement.html"),
    ),
    (
        "movement_table.html",
        include_str!("../../templates/movement_table.html"),
    ),
    ("trend.html", include_str!("../../templates/trend.html")),
    (
        "trend_chart.html",
        include_str!("../../templates/trend_chart.html"),
    ),
    ("paper.html", include_str!("../../templates/paper.html")),
    ("papers.html", include_str!("../../templates/papers.html")),
    ("report.md", include_str!("../../templates/report.md")),
    ("style.css", include_str!("../../templates/style.css")),
    ("site.js", include_str!("../../templates/site.js")),
];

/// The templates to use: the defaults, with any file of the same name in
/// `root/templates/` in its place. An override is read by the rule every
/// file is (`files`), up to `limit` bytes; every one that cannot be is named,
/// with the reason.
pub(crate) fn templates(root: &Path, limit: u64) -> Result<BTreeMap<String, String>, String> {
    let mut templates = BTreeMap::new();
    let mut problems = Vec::new();
    for (name, default) in DEFAULT_TEMPLATES {
        let path = format!("templates/{name}");
        let text = match crate::files::read_in_root(root, &path, limit) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(_) => {
                    problems.push(format!("`{path}` could not be read: it is not UTF-8 text"));
                    continue;
                }
            },
            Err(crate::files::Refusal::Missing) => (*default).to_owned(),
            Err(refusal) => {
                problems.push(format!("`{path}` could not be read: {}", refusal.reason()));
                continue;
            }
        };
        templates.insert((*name).to_owned(), text);
    }
    if problems.is_empty() {
        Ok(templates)
    } else {
        Err(problems.join("\n"))
    }
}

/// Files among the templates that are copied into the site as they are.
pub(crate) const ASSETS: [&str; 2] = ["style.css", "site.js"];

/// The templates, ready to render pages: the built-in ones written in
/// Rust (`render/builtin/`), Tera for the rest and for every page whose
/// template, or a template it is made of, the repository overrides.
pub(crate) struct Engine {
    tera: Tera,
    /// The templates whose text is not the built-in one.
    overridden: BTreeSet<String>,
}

impl Engine {
    /// Whether `template`'s pages are rendered without Tera.
    fn renders_builtin(&self, template: &str) -> bool {
        builtin::made_of(template)
            .is_some_and(|parts| parts.iter().all(|p| !self.overridden.contains(*p)))
    }
}

/// Compile the templates once. A broken one is named, with the engine's
/// report of where in it the problem is.
pub(crate) fn engine(templates: &BTreeMap<String, String>) -> Result<Engine, String> {
    let mut tera = Tera::new();
    tera.register_filter("md", markdown_text);
    let pages = templates
        .iter()
        .filter(|(name, _)| !ASSETS.contains(&name.as_str()));
    tera.add_raw_templates(pages.map(|(n, t)| (n.as_str(), t.as_str())))
        .map_err(|error| format!("a template could not be compiled: {error}"))?;
    let overridden = DEFAULT_TEMPLATES
        .iter()
        .filter(|(name, default)| templates.get(*name).is_some_and(|text| text != default))
        .map(|(name, _)| (*name).to_owned())
        .collect();
    Ok(Engine { tera, overridden })
}

/// The most one page (or `report.md`) may come to. A page from the built-in
/// templates is far smaller; one this large could not be read in a browser,
/// and is almost surely a template looping on itself.
pub(crate) const MAX_PAGE_BYTES: usize = 64 * 1024 * 1024;

/// Render one page: through the built-in templates written in Rust when
/// the repository overrides none that the page is made of (their pages are
/// bounded by the records, `docs/hardening.md`), else through Tera,
/// stopping as soon as it passes `MAX_PAGE_BYTES`.
pub(crate) fn render_page(engine: &Engine, page: &Page) -> Result<String, String> {
    if engine.renders_builtin(page.template)
        && let Some(text) = builtin::render(page)
    {
        return Ok(text);
    }
    let tera = &engine.tera;
    let context = Context::from_serialize(page)
        .map_err(|error| format!("the page `{}` could not be prepared: {error}", page.path))?;
    let mut out = Capped {
        bytes: Vec::new(),
        limit: MAX_PAGE_BYTES,
    };
    let rendered = tera.render_to(page.template, &context, &mut out);
    let failed = |why: String| {
        format!(
            "the template `templates/{}` failed while rendering `{}`:\n{why}",
            page.template, page.path
        )
    };
    if out.bytes.len() > out.limit {
        return Err(failed(format!(
            "the page passed {} MB, the most a page may be; check the template for a loop that never ends or repeats too often",
            MAX_PAGE_BYTES / (1024 * 1024)
        )));
    }
    rendered.map_err(|error| failed(error.to_string()))?;
    String::from_utf8(out.bytes).map_err(|_| failed("the page is not UTF-8 text".to_owned()))
}

/// A buffer that refuses to grow past `limit`: the write that would take it
/// past keeps one byte more (so the overflow shows) and fails, which stops
/// the render.
struct Capped {
    bytes: Vec<u8>,
    limit: usize,
}

impl std::io::Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let room = self.limit.saturating_sub(self.bytes.len());
        if buf.len() > room {
            self.bytes.extend_from_slice(&buf[..room]);
            self.bytes.push(b'!');
            return Err(std::io::Error::other("the page is too large"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The `md` filter: text from a record made safe inside a line of Markdown,
/// so that it reads as itself and can never become a link, markup or HTML.
fn markdown_text(value: &str, _: Kwargs, _: &State) -> String {
    escape_markdown(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_escaped_in_html_templates() {
        let templates = BTreeMap::from([("t.html".to_owned(), "{{ v }}".to_owned())]);
        let tera = engine(&templates).expect("compiles").tera;
        let mut context = Context::new();
        context.insert("v", "<a href=\"x\" title='y'>&amp;</a>");
        assert_eq!(
            tera.render("t.html", &context).expect("renders"),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;"
        );
    }

    #[test]
    fn default_templates_compile() {
        let templates = DEFAULT_TEMPLATES
            .iter()
            .map(|(n, t)| ((*n).to_owned(), (*t).to_owned()))
            .collect();
        assert!(engine(&templates).is_ok());
    }

    #[test]
    fn a_broken_template_is_named_with_its_line() {
        let mut templates: BTreeMap<String, String> = DEFAULT_TEMPLATES
            .iter()
            .map(|(n, t)| ((*n).to_owned(), (*t).to_owned()))
            .collect();
        templates.insert("afi.html".to_owned(), "line one\n{% if %}\n".to_owned());
        let error = engine(&templates).err().unwrap_or_default();
        assert!(error.contains("afi.html:2"), "{error}");
    }
}
