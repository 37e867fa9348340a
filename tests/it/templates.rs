//! The built-in templates are rendered by Rust code written to give the
//! bytes Tera gives for the same template; a repository that overrides a
//! template gets Tera. Overriding every template with its own text plus a
//! Tera comment (which renders as nothing) sends every page through Tera,
//! so the two sites must be the same, byte for byte: a template changed in
//! `templates/` without its Rust, or the other way round, fails here.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use crate::{actionplan, copy_dir, git, repo_root};

/// Every file under `dir`, by its path inside it.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|entry| entry.expect("walk"))
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let path = entry.path().strip_prefix(dir).expect("inside");
            let path = path.to_string_lossy().into_owned();
            (path, fs::read(entry.path()).expect("read"))
        })
        .collect()
}

/// Override every built-in template (HTML and `report.md`) of the repository at `root` with
/// its own text, so that Tera renders every page.
fn override_with_the_built_in_text(root: &Path) {
    fs::create_dir_all(root.join("templates")).expect("templates");
    let built_in = repo_root().join("templates");
    let mut overridden = 0;
    for entry in fs::read_dir(&built_in).expect("templates") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "html" || e == "md") {
            let text = fs::read_to_string(&path).expect("template");
            let name = path.file_name().expect("name");
            fs::write(
                root.join("templates").join(name),
                format!("{text}{{# through Tera #}}"),
            )
            .expect("write");
            overridden += 1;
        }
    }
    assert!(overridden >= 19, "only {overridden} templates found");
}

/// Build the repository at `root` with `args`, then again with every
/// template overridden, and compare the two sites; the first is returned.
fn assert_tera_gives_the_same_site(root: &Path, args: &[&str]) -> BTreeMap<String, Vec<u8>> {
    let build = |out: &str| {
        let mut all = vec!["build", "--out", out];
        all.extend(args);
        let run = actionplan(&all, root);
        assert_eq!(run.code, 0, "{}", run.stderr);
        files(&root.join(out))
    };
    let built_in = build("site-built-in");
    override_with_the_built_in_text(root);
    let tera = build("site-tera");
    assert_eq!(
        built_in.keys().collect::<Vec<_>>(),
        tera.keys().collect::<Vec<_>>()
    );
    assert!(built_in.len() > 8, "only {} files", built_in.len());
    for (path, bytes) in &built_in {
        let theirs = &tera[path];
        if bytes != theirs {
            let ours = String::from_utf8_lossy(bytes);
            let theirs = String::from_utf8_lossy(theirs);
            let line = ours
                .lines()
                .zip(theirs.lines())
                .position(|(a, b)| a != b)
                .map_or(ours.lines().count().min(theirs.lines().count()), |n| n);
            panic!(
                "`{path}` differs from line {}:\nbuilt in: {:?}\nTera:     {:?}",
                line + 1,
                ours.lines().nth(line),
                theirs.lines().nth(line)
            );
        }
    }
    built_in
}

#[test]
fn the_small_fixture_with_history_edit_links_and_update_forms() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    copy_dir(&repo_root().join("tests/fixtures/build/small"), root);
    let config = fs::read_to_string(root.join("actionplan.toml")).expect("config");
    fs::write(
        root.join("actionplan.toml"),
        format!("{config}repository = \"ORG/REPO\"\npaper_notice = \"Archived <material> & \\\"quotes\\\"\"\n"),
    )
    .expect("config");
    git(root, &["init", "-q", "-b", "main"]);
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "Start <the> \"plan\" & more"]);
    let site = assert_tera_gives_the_same_site(root, &["--history"]);
    // The parts only this configuration shows were compared.
    let afi = String::from_utf8_lossy(&site["afis/harrow-r1.html"]).into_owned();
    for shown in [
        "Changes to this record (1)",
        "Start &lt;the&gt; &quot;plan&quot; &amp; more",
        "Propose a change to this record",
        "https://github.com/ORG/REPO/issues/new",
    ] {
        assert!(afi.contains(shown), "{shown} in {afi}");
    }
}

#[test]
fn the_hostile_fixture() {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(
        &repo_root().join("tests/fixtures/build/hostile"),
        dir.path(),
    );
    assert_tera_gives_the_same_site(dir.path(), &[]);
}

/// A copy of the repository's own records and configuration.
fn the_real_records() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&repo_root().join("records"), &dir.path().join("records"));
    fs::copy(
        repo_root().join("actionplan.toml"),
        dir.path().join("actionplan.toml"),
    )
    .expect("config");
    dir
}

#[test]
fn the_real_records_with_their_papers() {
    let dir = the_real_records();
    let root = dir.path();
    let site = assert_tera_gives_the_same_site(root, &[]);
    assert!(site.keys().any(|path| path.starts_with("papers/")));
}

#[test]
fn the_real_records_as_at_a_date_before_most_of_them() {
    // Empty lists, no trend yet on some pages, AFIs after the as-at date.
    let dir = the_real_records();
    let root = dir.path();
    let site = assert_tera_gives_the_same_site(root, &["--as-at", "2003-06-01"]);
    let silent = String::from_utf8_lossy(&site["silent.html"]).into_owned();
    assert!(silent.contains(">None.</td>"), "{silent}");
}

#[test]
fn an_empty_repository() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::create_dir(dir.path().join("records")).expect("records");
    let site = assert_tera_gives_the_same_site(dir.path(), &[]);
    let index = String::from_utf8_lossy(&site["index.html"]).into_owned();
    assert!(index.contains("No AFI had been raised by"), "{index}");
    let papers = String::from_utf8_lossy(&site["papers/index.html"]).into_owned();
    assert!(papers.contains("No papers yet."), "{papers}");
}

#[test]
fn a_shared_template_overridden_reaches_every_page_made_of_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    copy_dir(&repo_root().join("tests/fixtures/build/small"), root);
    fs::create_dir(root.join("templates")).expect("templates");
    fs::write(
        root.join("templates/afi_table.html"),
        "<p class=\"own\">{{ caption }}: {{ afis | length }}</p>\n",
    )
    .expect("write");
    let run = actionplan(&["build"], root);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = |path: &str| fs::read_to_string(root.join("site").join(path)).expect(path);
    assert!(page("silent.html").contains("<p class=\"own\">"));
    assert!(page("overdue.html").contains("<p class=\"own\">"));
    let inspection = page("inspections/harrow.html");
    assert!(
        inspection.contains("<p class=\"own\">AFIs raised by this inspection: 2</p>"),
        "{inspection}"
    );
    // An AFI's page is not made of the table, and is as built in.
    let afi = page("afis/harrow-r1.html");
    assert!(!afi.contains("class=\"own\""), "{afi}");
    assert!(afi.contains("<h2>Progress</h2>"), "{afi}");
}
