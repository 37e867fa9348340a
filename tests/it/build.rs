//! `build` and `status`: the site, the report and the exports over small
//! fixture folders: pages pinned, figures worked by hand, links that
//! resolve, identical builds, hostile content inert, template overrides.
//! What is written where, and what a failed build leaves, is `output.rs`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::{Run, actionplan, copy_dir, repo_root};

pub(crate) fn build_fixture(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures/build").join(name)
}

/// Build `root` into a fresh folder; the folder lives as long as the guard.
fn build(root: &Path, extra: &[&str]) -> (tempfile::TempDir, PathBuf, Run) {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("site");
    let mut args = vec![
        "build",
        "--root",
        root.to_str().expect("utf-8"),
        "--out",
        out.to_str().expect("utf-8"),
    ];
    args.extend_from_slice(extra);
    let run = actionplan(&args, root);
    (dir, out, run)
}

/// Every file of a built site with its bytes, by relative path.
pub(crate) fn files(site: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(site)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(site)
                .expect("inside")
                .to_string_lossy()
                .replace('\\', "/");
            (rel, fs::read(e.path()).expect("readable"))
        })
        .collect()
}

fn text(site: &Path, path: &str) -> String {
    fs::read_to_string(site.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn small_site_pages_and_report_are_pinned() {
    let (_dir, site, run) = build(&build_fixture("small"), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for page in [
        "index.html",
        "inspections/harrow.html",
        "inspections/baseline.html",
        "afis/harrow-r1.html",
        "owners/harrow-bocu.html",
        "frameworks/index.html",
        "overdue.html",
        "silent.html",
        "movement.html",
        "trend.html",
        "report.md",
        "afis.csv",
    ] {
        insta::assert_snapshot!(
            format!("small_{}", page.replace(['/', '.'], "_")),
            text(&site, page)
        );
    }
}

#[test]
fn small_site_figures_are_the_hand_worked_ones() {
    // As at 16 January 2007: harrow-r1 is in progress and 16 days past its
    // revised target (December 2006); harrow-r2 was completed on 20 December
    // 2006; baseline-srp-01 is in progress, due February 2007, updated that
    // day; baseline-lead-01 is "update awaited", with no update since it was
    // raised 84 days before (more than the 61-day stale period).
    let root = build_fixture("small");
    let run = actionplan(&["status", "--root", root.to_str().expect("utf-8")], &root);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let line = |label: &str| {
        run.stdout
            .lines()
            .find(|l| l.trim_start().starts_with(label))
            .map(|l| l.split_whitespace().last().unwrap_or("").to_owned())
            .unwrap_or_else(|| panic!("no line {label} in\n{}", run.stdout))
    };
    assert_eq!(line("Work in progress"), "2");
    assert_eq!(line("Completed"), "1");
    assert_eq!(line("Update awaited"), "1");
    assert_eq!(line("Total"), "4");
    assert_eq!(line("Overdue"), "1");
    assert_eq!(line("No update for more than 61 days"), "1");
    assert_eq!(line("Due in the next 30 days"), "0");
    assert_eq!(line("Target revised"), "1");

    let (_dir, site, _) = build(&root, &[]);
    let data: serde_json::Value = serde_json::from_str(&text(&site, "data.json")).expect("JSON");
    let r1 = data["afis"]
        .as_array()
        .expect("afis")
        .iter()
        .find(|a| a["id"] == "harrow-r1")
        .expect("harrow-r1");
    assert_eq!(r1["as_at"]["days_overdue"], 16);
    assert_eq!(r1["as_at"]["rag"], "Red");
    assert_eq!(r1["as_at"]["due"], "2006-12");
    assert_eq!(r1["as_at"]["days_since_update"], 47);
    let afi = |id: &str| {
        data["afis"]
            .as_array()
            .and_then(|a| a.iter().find(|a| a["id"] == id))
            .unwrap_or_else(|| panic!("{id}"))
            .clone()
    };
    // Update awaited and silent for 84 days: Amber, never Green.
    let lead = afi("baseline-lead-01");
    assert_eq!(lead["as_at"]["rag"], "Amber");
    assert_eq!(lead["as_at"]["silent"], true);
    assert_eq!(
        data["rollup"]["silent"],
        serde_json::json!(["baseline-lead-01"])
    );
    // Updated on the as-at date, target 28 February 2007: on track.
    let srp = afi("baseline-srp-01");
    assert_eq!(srp["as_at"]["rag"], "Green");
    assert_eq!(
        srp["as_at"]["rag_reason"],
        "on track: target February 2007, last update on the as-at date"
    );
    // Since 17 November 2006 (60 days before; no paper): harrow-r2 closed.
    let movement = &data["rollup"]["movement"];
    assert_eq!(movement["since"], "2006-11-17");
    assert_eq!(movement["closed"], serde_json::json!(["harrow-r2"]));
    assert_eq!(movement["raised"], serde_json::json!([]));
    assert_eq!(movement["moved"], serde_json::json!([]));
    // The trend: the end of every month from July 2003, then the as-at date.
    let trend = data["rollup"]["trend"].as_array().expect("trend");
    assert_eq!(trend.len(), 43);
    assert_eq!(trend[0]["date"], "2003-07-31");
    assert_eq!(trend[0]["counts"]["work-in-progress"], 2);
    assert_eq!(trend[42]["date"], "2007-01-16");
    assert_eq!(trend[42]["counts"]["update-awaited"], 1);
    assert_eq!(trend[42]["counts"]["completed"], 1);
    assert_eq!(trend[42]["total"], 4);

    let index = text(&site, "index.html");
    assert!(index.contains("<strong>1</strong> closed</a>"), "{index}");
    assert!(
        index.contains("<strong>1</strong> with no update for more than 61 days</a>"),
        "{index}"
    );
    // The records hold 2 of the 4 Baseline AFIs the paper counted.
    assert!(
        index.contains("The records hold 2 of the 4 AFIs published for HMIC Baseline Assessment 2005/06 on 16 January 2007"),
        "{index}"
    );
    // The owner's page: how long since Harrow was heard from.
    let owner = text(&site, "owners/harrow-bocu.html");
    assert!(
        owner.contains("<strong>0</strong> with no update for more than 61 days; the longest time without an update is 47 days"),
        "{owner}"
    );
    let csv = text(&site, "afis.csv");
    assert!(csv.contains("\"days since last update\",\"No update for more than 61 days\""));
}

#[test]
fn every_link_and_asset_in_the_real_site_resolves() {
    let (_dir, site, run) = build(&repo_root(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let all = files(&site);
    let mut broken = Vec::new();
    let mut checked = 0;
    for (path, bytes) in all.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        for target in attribute_values(&html, "href")
            .into_iter()
            .chain(attribute_values(&html, "src"))
        {
            if target.starts_with("http://")
                || target.starts_with("https://")
                || target.starts_with("mailto:")
            {
                continue;
            }
            let (file, fragment) = target.split_once('#').unwrap_or((&target, ""));
            let resolved = if file.is_empty() {
                path.clone()
            } else {
                resolve(path, file)
            };
            checked += 1;
            if !all.contains_key(&resolved) {
                broken.push(format!("{path} -> {target}"));
            } else if !fragment.is_empty()
                && !String::from_utf8_lossy(&all[&resolved]).contains(&format!("id=\"{fragment}\""))
            {
                broken.push(format!("{path} -> {target} (no such anchor)"));
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    assert!(checked > 1000, "only {checked} links checked");
}

/// The values of `name="…"` attributes of the tags in `html`. Text never
/// holds a raw `<`, so every `<…>` is a tag.
fn attribute_values(html: &str, name: &str) -> Vec<String> {
    let needle = format!(" {name}=\"");
    html.split('<')
        .skip(1)
        .filter_map(|rest| rest.split_once('>').map(|(tag, _)| tag))
        .flat_map(|tag| {
            tag.match_indices(&needle)
                .filter_map(|(i, _)| {
                    let rest = &tag[i + needle.len()..];
                    rest.find('"').map(|end| rest[..end].replace("&amp;", "&"))
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

fn resolve(from: &str, target: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in target.split('/') {
        match part {
            "." | "" => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

#[test]
fn two_builds_are_byte_identical() {
    let root = repo_root();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut sites = Vec::new();
    for (i, threads) in ["1", "4"].iter().enumerate() {
        let out = dir.path().join(format!("site-{i}"));
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_actionplan"))
            .args(["build", "--out", out.to_str().expect("utf-8")])
            .current_dir(&root)
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .expect("runs");
        assert!(output.status.success());
        sites.push(files(&out));
    }
    assert_eq!(
        sites[0].keys().collect::<Vec<_>>(),
        sites[1].keys().collect::<Vec<_>>()
    );
    // The Word and PDF papers are among the files compared, all five of each.
    for format in [".docx", ".pdf"] {
        let papers = sites[0]
            .keys()
            .filter(|p| p.starts_with("papers/") && p.ends_with(format))
            .count();
        assert_eq!(papers, 5, "{format} papers built");
    }
    for (path, bytes) in &sites[0] {
        assert!(bytes == &sites[1][path], "{path} differs between builds");
    }
}

#[test]
fn hostile_content_comes_out_inert() {
    let (_dir, site, run) = build(&build_fixture("hostile"), &["--as-at", "2007-01-16"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let all = files(&site);
    for (path, bytes) in all.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes).to_lowercase();
        // The site's own script, from the binary, is the one script allowed.
        let depth = path.matches('/').count();
        let own_script = format!(
            "<script src=\"{}site.js\" defer></script>",
            "../".repeat(depth)
        );
        assert_eq!(html.matches(&own_script).count(), 1, "{path}");
        let html = html.replace(&own_script, "");
        for forbidden in [
            "<script",
            "<iframe",
            "<svg onload",
            "<img",
            "<b onclick",
            "<div onclick",
            "<a href=\"javascript",
            "<!--",
        ] {
            assert!(
                !html.contains(forbidden),
                "{path} contains live `{forbidden}`"
            );
        }
        for href in attribute_values(&html, "href") {
            let scheme = href.split(':').next().unwrap_or("");
            assert!(
                !href.contains(':') || ["http", "https", "mailto"].contains(&scheme),
                "{path} links to {href}"
            );
        }
    }
    // The Markdown report and the papers, read as Markdown, have no live
    // markup either.
    assert!(all.contains_key("papers/evil-paper.md"));
    for (path, bytes) in all.iter().filter(|(p, _)| p.ends_with(".md")) {
        let markdown = String::from_utf8_lossy(bytes);
        let mut rendered = String::new();
        pulldown_cmark::html::push_html(&mut rendered, pulldown_cmark::Parser::new(&markdown));
        let rendered = rendered.to_lowercase();
        for forbidden in [
            "<script",
            "<img",
            "<svg",
            "<iframe",
            "<b onclick",
            "<div onclick",
            "<a href='javascript",
            "<!--",
        ] {
            assert!(
                !rendered.contains(forbidden),
                "{path} renders live `{forbidden}`"
            );
        }
        for href in attribute_values(&rendered, "href") {
            let scheme = href.split(':').next().unwrap_or("");
            assert!(
                !href.contains(':') || ["http", "https", "mailto"].contains(&scheme),
                "{path} links to {href}"
            );
        }
    }
    // Spreadsheet cells that would run as formulas are text.
    let csv = text(&site, "afis.csv");
    assert!(csv.starts_with('\u{feff}'), "a byte-order mark for Excel");
    for cell in csv.split("\",\"") {
        let cell = cell.trim_start_matches(['\u{feff}', '"']);
        assert!(
            !cell.starts_with(['=', '+', '-', '@']),
            "a formula cell: {cell}"
        );
    }
}

#[test]
fn an_override_template_replaces_the_default() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("repo");
    copy_dir(&build_fixture("small"), &root);
    fs::create_dir(root.join("templates")).expect("templates");
    fs::write(root.join("templates/silent.html"), "{% extends \"base.html\" %}{% block content %}<h1>Chasers</h1>{% for afi in afis %}<p>{{ afi.title }}</p>{% endfor %}{% endblock content %}").expect("write");
    let run = actionplan(&["build"], &root);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let silent = text(&root.join("site"), "silent.html");
    assert!(
        silent.contains("<h1>Chasers</h1><p>Management processes</p>"),
        "{silent}"
    );
}
