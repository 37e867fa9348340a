//! Scaffolding: the text of a new record with valid front matter, the next
//! free id in the repository's pattern, and the files of a new repository.
//! Pure: the commands decide where to write.

use crate::model::{Date, Model};
use crate::render::view::slugify;

/// The next id after the AFIs of `inspection`: their common stem with the
/// next number (`…-r4` after `…-r3`, `…-pvp-07` after `…-pvp-06`), else
/// `<inspection>-r1`.
pub(crate) fn next_afi_id(model: &Model, inspection: &str) -> String {
    let numbered: Vec<(&str, &str)> = model
        .afis
        .iter()
        .filter(|a| a.inspection == inspection)
        .filter_map(|a| {
            let stem = a.id.trim_end_matches(|c: char| c.is_ascii_digit());
            let digits = &a.id[stem.len()..];
            (!digits.is_empty()).then_some((stem, digits))
        })
        .collect();
    // The stem most AFIs share, and the highest number under it.
    let stem = numbered
        .iter()
        .map(|(stem, _)| *stem)
        .max_by_key(|stem| (numbered.iter().filter(|(s, _)| s == stem).count(), *stem));
    let Some(stem) = stem else {
        return format!("{inspection}-r1");
    };
    let (width, highest) = numbered
        .iter()
        .filter(|(s, _)| *s == stem)
        .map(|(_, digits)| (digits.len(), digits.parse::<u64>().unwrap_or(0)))
        .fold((1, 0), |(w, h), (dw, n)| (w.max(dw), h.max(n)));
    let taken = |id: &str| model.afis.iter().any(|a| a.id == id);
    let mut n = highest + 1;
    loop {
        let id = format!("{stem}{n:0width$}");
        if !taken(&id) {
            return id;
        }
        n += 1;
    }
}

/// YAML text, quoted when it would not read back as the same text.
pub(crate) fn yaml_text(text: &str) -> String {
    let plain = !text.is_empty()
        && !text.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c) || c.is_whitespace())
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.ends_with([' ', ':'])
        && text.parse::<f64>().is_err()
        && !matches!(
            text.to_lowercase().as_str(),
            "true" | "false" | "null" | "~" | "yes" | "no" | "on" | "off"
        );
    if plain {
        text.to_owned()
    } else {
        format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

pub(crate) struct NewInspection<'a> {
    pub(crate) id: &'a str,
    pub(crate) title: &'a str,
    pub(crate) body: &'a str,
    pub(crate) subject: &'a str,
}

pub(crate) fn inspection(new: &NewInspection) -> String {
    format!(
        "---\ntype: inspection\nid: {}\ntitle: {}\nbody: {}\nsubject: {}\nstatus: planned\n# fieldwork: {{ start: YYYY-MM-DD, end: YYYY-MM-DD }}\n# published: YYYY-MM-DD\n---\nWhat the inspection is about, in Markdown.\n",
        new.id,
        yaml_text(new.title),
        yaml_text(new.body),
        yaml_text(new.subject)
    )
}

pub(crate) struct NewAfi<'a> {
    pub(crate) id: &'a str,
    pub(crate) inspection: &'a str,
    pub(crate) title: &'a str,
    /// The frameworks the inspection grades: the AFI must name one.
    pub(crate) frameworks: &'a [String],
    pub(crate) raised: Date,
    pub(crate) status: &'a str,
}

pub(crate) fn afi(new: &NewAfi) -> String {
    let framework = match new.frameworks {
        [] => String::new(),
        [first, ..] => format!(
            "framework: {}   # one of: {}\n",
            yaml_text(first),
            new.frameworks.join(" | ")
        ),
    };
    format!(
        "---\ntype: afi\nid: {}\ninspection: {}\ntitle: {}\n{framework}# owner: the business lead or unit\nraised: {}\n# due: YYYY-MM, YYYY-MM-DD or ongoing\nstatus: {}\n---\n## Recommendation\n\nThe text of the recommendation.\n\n## Action\n\nThe action agreed.\n",
        new.id,
        new.inspection,
        yaml_text(new.title),
        new.raised,
        new.status
    )
}

pub(crate) struct NewPaper<'a> {
    pub(crate) id: &'a str,
    pub(crate) title: &'a str,
    pub(crate) committee: &'a str,
    pub(crate) date: Date,
}

pub(crate) fn paper(new: &NewPaper) -> String {
    format!(
        "---\ntype: paper\nid: {}\ntitle: {}\ncommittee: {}\nmeeting: {date}\nreport: \"1\"\nby: The author\nas_at: {date}\ncovers: {{ all: true }}\n---\n{HOUSE_SECTIONS}",
        new.id,
        yaml_text(new.title),
        yaml_text(new.committee),
        date = new.date
    )
}

/// The body of a new paper: the house format's sections A to F, for the
/// author to keep, rename, reorder or add to. `#.` numbers a paragraph.
const HOUSE_SECTIONS: &str = "## Summary

What the paper is about.

## A. Recommendation

That the report be noted.

## B. Supporting information

#. The supporting information, in Markdown. Figures come from the records
as at the paper's date: {{ afis }} AFIs,
of which {{ afis group=completed }} completed.

{{ breakdown }}

#. Each paragraph that starts with `#.` is numbered, 1, 2, 3 … through the
section.

## C. Race and equality impact

None.

## D. Financial implications

None.

## E. Background papers

None.

## F. Contact details

Report author: 
";

/// An id from a title, for a record that has none given.
pub(crate) fn id_from_title(title: &str) -> String {
    slugify(title)
}

/// The files of a new records repository, by path: configuration, a sample
/// inspection and AFI, `.gitignore`, and the CI workflows.
pub(crate) fn repository(today: Date) -> Vec<(String, String)> {
    let config = "# actionplan configuration: every key is optional (see docs/records.md).\n\
organisation = \"Your organisation\"\n\
site_name = \"Inspection action plans\"\n\
time_zone = \"Europe/London\"\n\
# Updates are asked for bi-monthly: an open AFI with no update for longer is\n\
# listed as having no recent update and is never Green ...\n\
stale_after_days = 61\n\
# ... and Red after this long (three times stale_after_days unless set).\n\
# silent_red_after_days = 183\n\
# The \"propose a change\" link on each record's page.\n\
# edit_url = \"https://github.com/ORG/REPO/edit/main/{path}\"\n\
# The GitHub repository whose issue form takes owners' updates (\"Send an\n\
# update\" on each AFI's page; .github/ISSUE_TEMPLATE/afi-update.yml).\n\
# repository = \"ORG/REPO\"\n";
    let inspection_text = inspection(&NewInspection {
        id: "example-inspection",
        title: "Example inspection",
        body: "HMIC",
        subject: "Example unit",
    })
    .replace("status: planned\n# fieldwork: { start: YYYY-MM-DD, end: YYYY-MM-DD }\n# published: YYYY-MM-DD\n", &format!("status: published\npublished: {today}\n"));
    let afi_text = afi(&NewAfi {
        id: "example-inspection-r1",
        inspection: "example-inspection",
        title: "An example area for improvement",
        frameworks: &[],
        raised: today,
        status: "in-progress",
    })
    .replace(
        "status: in-progress\n---\n",
        &format!("status: in-progress\nupdates:\n  - date: {today}\n    status: in-progress\n    note: Work has started.\n---\n"),
    );
    vec![
        ("actionplan.toml".to_owned(), config.to_owned()),
        (
            "records/example-inspection/example-inspection.md".to_owned(),
            inspection_text,
        ),
        (
            "records/example-inspection/example-inspection-r1.md".to_owned(),
            afi_text,
        ),
        (
            ".gitignore".to_owned(),
            "site/\n.actionplan-edit.lock\n".to_owned(),
        ),
        (
            ".github/workflows/check.yml".to_owned(),
            for_records_repository(include_str!("../../.github/workflows/check.yml")),
        ),
        (
            ".github/workflows/pages.yml".to_owned(),
            for_records_repository(include_str!("../../.github/workflows/pages.yml")),
        ),
        // Owners without git send updates through the form; the workflow
        // turns each into a pull request (docs/ci.md). The form's statuses
        // are the default vocabulary's, which this configuration keeps.
        (
            ".github/ISSUE_TEMPLATE/afi-update.yml".to_owned(),
            docs_in_actionplan(include_str!("../../.github/ISSUE_TEMPLATE/afi-update.yml")),
        ),
        (
            ".github/workflows/afi-update.yml".to_owned(),
            for_records_repository(include_str!("../../.github/workflows/afi-update.yml")),
        ),
    ]
}

/// `text` with the documents its comments point to (`docs/ci.md`) named as
/// actionplan's: a records repository has no `docs/` of its own.
fn docs_in_actionplan(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        if line.trim_start().starts_with('#') {
            out.push_str(&line.replace("docs/", "actionplan's docs/"));
        } else {
            out.push_str(line);
        }
    }
    out
}

/// The release tag of this build of actionplan, which a new records
/// repository's workflows install, so that they never build whatever the
/// actionplan repository's default branch holds that day.
const RELEASE_TAG: &str = concat!("v", env!("CARGO_PKG_VERSION"));

/// This repository's workflows build actionplan from their own checkout; a
/// records repository installs it from the actionplan repository instead, at
/// this release's tag.
fn for_records_repository(workflow: &str) -> String {
    let workflow = docs_in_actionplan(workflow);
    let mut out = String::new();
    let mut skipping = false;
    for line in workflow.lines() {
        if line.trim_start().starts_with("- name: Install actionplan") {
            let indent = &line[..line.len() - line.trim_start().len()];
            out.push_str(&format!(
                "{indent}- name: Install actionplan\n{indent}  # Set the repository variable ACTIONPLAN_GIT to the address of the\n{indent}  # actionplan repository (Settings, Secrets and variables, Variables).\n{indent}  # The release this repository was made with; change the tag to upgrade.\n{indent}  env:\n{indent}    ACTIONPLAN_GIT: ${{{{ vars.ACTIONPLAN_GIT }}}}\n{indent}  run: cargo install --locked --git \"$ACTIONPLAN_GIT\" --tag {RELEASE_TAG} actionplan\n"
            ));
            skipping = true;
            continue;
        }
        if skipping {
            let is_next_step = line.trim_start().starts_with("- ")
                || line.trim().is_empty()
                || line.trim_start().starts_with('#');
            if !is_next_step {
                continue;
            }
            skipping = false;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_text_quotes_only_when_needed() {
        assert_eq!(yaml_text("Review the system"), "Review the system");
        assert_eq!(yaml_text("Note: a colon"), "\"Note: a colon\"");
        assert_eq!(yaml_text("no"), "\"no\"");
        assert_eq!(yaml_text("2005"), "\"2005\"");
        assert_eq!(yaml_text("'quoted'"), "\"'quoted'\"");
    }

    #[test]
    fn records_repository_workflows_install_actionplan_from_git() {
        let workflow = "steps:\n      - name: Install actionplan\n        run: |\n          cargo build --release --locked\n          echo x\n\n      - name: Check\n        run: actionplan check\n";
        let out = for_records_repository(workflow);
        assert!(
            out.contains(&format!(
                "cargo install --locked --git \"$ACTIONPLAN_GIT\" --tag v{} actionplan",
                env!("CARGO_PKG_VERSION")
            )),
            "{out}"
        );
        assert!(!out.contains("cargo build"), "{out}");
        assert!(
            out.contains("      - name: Check\n        run: actionplan check\n"),
            "{out}"
        );
    }
}
