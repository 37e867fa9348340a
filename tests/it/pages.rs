//! Every page belongs to one thing: names that make the same slug, names
//! spelt two ways in Unicode, and names too long for a file name.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use crate::{actionplan, copy_dir, repo_root};

fn small_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&repo_root().join("tests/fixtures/build/small"), dir.path());
    dir
}

/// Add an AFI of the inspection `harrow` with an owner and a theme.
fn add_afi(root: &Path, id: &str, owner: &str, theme: Option<&str>) {
    let theme = theme.map_or_else(String::new, |t| format!("theme: \"{t}\"\n"));
    let text = format!(
        "---\ntype: afi\nid: {id}\ninspection: harrow\ntitle: Title of {id}\nowner: \"{owner}\"\n{theme}raised: 2004-01-01\nstatus: in-progress\n---\n"
    );
    fs::write(root.join(format!("records/harrow/{id}.md")), text).expect("write");
}

/// Each group page of a dimension (`owners`, `themes`) by file name, with
/// the heading it shows.
fn group_pages(site: &Path, folder: &str) -> BTreeMap<String, String> {
    fs::read_dir(site.join(folder))
        .expect("folder")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name != "index.html")
        .map(|name| {
            let page = fs::read_to_string(site.join(folder).join(&name)).expect("page");
            let heading = page
                .split("<h1>")
                .nth(1)
                .and_then(|h| h.split("</h1>").next())
                .unwrap_or_default()
                .to_owned();
            (name, heading)
        })
        .collect()
}

#[test]
fn names_that_make_one_slug_each_have_their_own_page() {
    let repo = small_repo();
    let root = repo.path();
    add_afi(root, "harrow-r3", "Harrow 2", Some("None 2"));
    add_afi(root, "harrow-r4", "Harrow!", None);
    add_afi(root, "harrow-r5", "Harrow", Some("Index"));
    add_afi(root, "harrow-r6", "Index 2", Some("Index 2"));
    add_afi(root, "harrow-r7", "Index", None);
    let run = actionplan(&["build"], root);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let site = root.join("site");
    let owners = group_pages(&site, "owners");
    for owner in ["Harrow 2", "Harrow!", "Harrow", "Index 2", "Index"] {
        let pages: Vec<&String> = owners
            .iter()
            .filter(|(_, heading)| heading.as_str() == owner)
            .map(|(page, _)| page)
            .collect();
        assert_eq!(pages.len(), 1, "{owner}: {owners:?}");
    }
    // The owner link on each AFI's page leads to that owner's own page.
    for (id, owner) in [("harrow-r3", "Harrow 2"), ("harrow-r4", "Harrow!")] {
        let afi = fs::read_to_string(site.join(format!("afis/{id}.html"))).expect("page");
        let (page, _) = owners
            .iter()
            .find(|(_, heading)| heading.as_str() == owner)
            .expect("a page");
        assert!(afi.contains(&format!("owners/{page}")), "{id}: {page}");
        let owner_page = fs::read_to_string(site.join("owners").join(page)).expect("page");
        assert!(owner_page.contains(&format!("Title of {id}")));
    }
    let themes = group_pages(&site, "themes");
    let none = themes
        .values()
        .filter(|h| h.as_str() == "No theme recorded" || h.as_str() == "None 2")
        .count();
    assert_eq!(none, 2, "{themes:?}");
}

#[test]
fn a_name_spelt_two_ways_in_unicode_is_one_group() {
    let repo = small_repo();
    let root = repo.path();
    add_afi(root, "harrow-r3", "Caf\u{e9} team", None);
    add_afi(root, "harrow-r4", "Cafe\u{301} team", None);
    let run = actionplan(&["build"], root);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let owners = group_pages(&root.join("site"), "owners");
    let cafe: Vec<_> = owners
        .iter()
        .filter(|(_, heading)| heading.contains("team"))
        .collect();
    assert_eq!(cafe.len(), 1, "{owners:?}");
    let page = fs::read_to_string(root.join("site/owners").join(cafe[0].0)).expect("page");
    assert!(page.contains("Title of harrow-r3") && page.contains("Title of harrow-r4"));
    assert!(cafe[0].1.contains("Caf\u{e9} team"));
}

#[test]
fn a_long_owner_builds_and_a_long_id_is_refused_by_check() {
    let repo = small_repo();
    let root = repo.path();
    let owner = "Borough operational command unit ".repeat(9);
    assert!(owner.len() > 255);
    add_afi(root, "harrow-r3", owner.trim(), None);
    let run = actionplan(&["build"], root);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let owners = group_pages(&root.join("site"), "owners");
    assert!(owners.keys().all(|page| page.len() < 100), "{owners:?}");

    let id = format!("harrow-{}", "r".repeat(245));
    assert_eq!(id.len(), 252);
    add_afi(root, &id, "Harrow BOCU", None);
    let run = actionplan(&["check"], root);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains(&format!("error[E014]: `{id}` is not a valid id")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("an id is at most 100 characters (this one has 252)"),
        "{}",
        run.stderr
    );
}
