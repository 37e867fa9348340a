//! What `build` and `paper --out` write, and where: the output folder
//! refused where it would do harm, the last good site left whole by a
//! failed build, builds at once taking turns, what killed builds left
//! removed, only changed files written again, and no file ever written
//! through a link planted beside the output.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use crate::build::{build_fixture, files};
use crate::{actionplan, copy_dir, repo_root};

#[test]
fn a_failed_build_leaves_the_last_good_site() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("repo");
    copy_dir(&build_fixture("small"), &root);
    let out = root.join("site");
    let first = actionplan(&["build"], &root);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let before = files(&out);
    fs::write(
        root.join("records/harrow/harrow-r9.md"),
        "---\ntype: afi\nid: harrow-r9\n",
    )
    .expect("write");
    let second = actionplan(&["build"], &root);
    assert_eq!(second.code, 1);
    assert!(second.stderr.contains("error[E004]"), "{}", second.stderr);
    assert!(
        second.stderr.contains("the previous site is unchanged"),
        "{}",
        second.stderr
    );
    assert_eq!(files(&out), before);
    // A broken template override fails the build, names the template and line,
    // and also leaves the site alone.
    fs::remove_file(root.join("records/harrow/harrow-r9.md")).expect("remove");
    fs::create_dir(root.join("templates")).expect("templates");
    fs::write(root.join("templates/afi.html"), "{% extends \"base.html\" %}\n{% block content %}\n{{ row.title | nosuchfilter }}\n{% endblock content %}\n").expect("write");
    let third = actionplan(&["build"], &root);
    assert_eq!(third.code, 1, "{}", third.stderr);
    assert!(third.stderr.contains("afi.html:3"), "{}", third.stderr);
    assert_eq!(files(&out), before);
    // Without the override, the build works again.
    fs::remove_file(root.join("templates/afi.html")).expect("remove");
    assert_eq!(actionplan(&["build"], &root).code, 0);
}

#[test]
fn the_output_folder_is_refused_where_it_would_do_harm() {
    let root = build_fixture("small");
    let here = root.to_str().expect("utf-8");
    for out in ["records/site", "templates", ".", ".."] {
        let run = actionplan(
            &["build", "--root", here, "--out", &format!("{here}/{out}")],
            &root,
        );
        assert_eq!(run.code, 2, "--out {out}: {}", run.stderr);
    }
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("thesis.docx"), "precious").expect("write");
    let run = actionplan(
        &[
            "build",
            "--root",
            here,
            "--out",
            dir.path().to_str().expect("utf-8"),
        ],
        &root,
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("did not write"), "{}", run.stderr);
    assert!(dir.path().join("thesis.docx").exists());
}

#[test]
fn two_builds_at_once_never_leave_a_mixed_site() {
    // Builds of the real records at once, at two as-at dates, each staging
    // its own copy and swapping it in under a lock: each must succeed, and
    // the site left must be one build's whole output.
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("site");
    let root = repo_root();
    {
        let children: Vec<std::process::Child> =
            ["2007-01-16", "2006-12-01", "2007-01-16", "2006-12-01"]
                .iter()
                .map(|as_at| {
                    std::process::Command::new(env!("CARGO_BIN_EXE_actionplan"))
                        .args([
                            "build",
                            "--as-at",
                            as_at,
                            "--out",
                            out.to_str().expect("utf-8"),
                        ])
                        .current_dir(&root)
                        .stderr(std::process::Stdio::null())
                        .spawn()
                        .expect("runs")
                })
                .collect();
        for mut child in children {
            assert!(child.wait().expect("waits").success(), "a build failed");
        }
        let dates: std::collections::BTreeSet<String> = files(&out)
            .iter()
            .filter(|(p, _)| p.ends_with(".html") && !p.starts_with("papers/"))
            .filter_map(|(_, bytes)| {
                let html = String::from_utf8_lossy(bytes);
                let at = html.find("figure on this site is as at ")?;
                Some(html[at..].split('.').next().unwrap_or("").to_owned())
            })
            .collect();
        assert_eq!(dates.len(), 1, "pages from two builds: {dates:?}");
    }
    // Nothing is left beside the site: no staging folder, no lock.
    assert_eq!(names_in(dir.path()), vec!["site".to_owned()]);
}

/// The names in a folder, sorted.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("read")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn what_killed_builds_left_is_removed_by_the_next() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("repo");
    copy_dir(&build_fixture("small"), &root);
    assert_eq!(actionplan(&["build"], &root).code, 0);
    // A build killed while filling its staging folder, one killed while
    // removing the site before, and the lock file of an older version.
    for left in [".site.new-4242", ".site.old-17", ".site.new-1-18c3f-0"] {
        fs::create_dir_all(root.join(left).join("afis")).expect("left");
        fs::write(root.join(left).join("afis/a.html"), "left over").expect("left");
    }
    fs::write(root.join(".site.lock"), "").expect("lock");
    // Something else that only looks alike is not touched.
    fs::create_dir(root.join(".site.new-notes")).expect("other");
    let run = actionplan(&["build"], &root);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let hidden: Vec<String> = names_in(&root)
        .into_iter()
        .filter(|n| n.starts_with(".site"))
        .collect();
    assert_eq!(hidden, vec![".site.new-notes".to_owned()]);
}

#[cfg(unix)]
#[test]
fn links_in_the_output_path_are_followed_before_its_dots() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("repo");
    copy_dir(&build_fixture("small"), &root);
    // `L/..` is `records/`, where `L` leads, not the repository.
    std::os::unix::fs::symlink(root.join("records/harrow"), root.join("L")).expect("link");
    let out = format!("{}/L/../x", root.display());
    let run = actionplan(&["build", "--out", &out], &root);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("the output may not be inside `records/`"),
        "{}",
        run.stderr
    );
    assert!(!root.join("records/x").exists());
}

#[test]
fn an_output_that_cannot_be_written_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("repo");
    copy_dir(&build_fixture("small"), &root);
    fs::write(dir.path().join("not-a-folder"), "a file").expect("write");
    let out = dir.path().join("not-a-folder/site");
    let run = actionplan(&["build", "--out", out.to_str().expect("utf-8")], &root);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("the site could not be written to"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("the previous site is unchanged"),
        "{}",
        run.stderr
    );
}

/// Each file of a site by path: its inode and modification time.
#[cfg(unix)]
fn identities(site: &Path) -> BTreeMap<String, (u64, std::time::SystemTime)> {
    use std::os::unix::fs::MetadataExt as _;
    walkdir::WalkDir::new(site)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let meta = e.metadata().expect("metadata");
            let path = e.path().strip_prefix(site).expect("inside");
            (
                path.to_string_lossy().into_owned(),
                (meta.ino(), meta.modified().expect("mtime")),
            )
        })
        .collect()
}

#[cfg(unix)]
#[test]
fn a_rebuild_writes_only_the_files_whose_bytes_changed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("repo");
    copy_dir(&build_fixture("small"), &root);
    assert_eq!(actionplan(&["build"], &root).code, 0);
    let first = identities(&root.join("site"));
    let bytes = files(&root.join("site"));
    // Nothing changed: not one file is written again.
    let run = actionplan(&["build"], &root);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(identities(&root.join("site")), first);
    assert_eq!(files(&root.join("site")), bytes);
    // One AFI's title changes: its page and the pages and exports that list
    // it are written again; the rest stay as they were.
    let path = root.join("records/harrow/harrow-r2.md");
    let text = fs::read_to_string(&path).expect("read");
    fs::write(
        &path,
        text.replace("Review and refine", "Review and improve"),
    )
    .expect("write");
    assert_eq!(actionplan(&["build"], &root).code, 0);
    let after = identities(&root.join("site"));
    let changed: Vec<&String> = after
        .iter()
        .filter(|(path, id)| first.get(*path) != Some(id))
        .map(|(path, _)| path)
        .collect();
    assert!(
        changed.contains(&&"afis/harrow-r2.html".to_owned()),
        "{changed:?}"
    );
    assert!(changed.contains(&&"data.json".to_owned()), "{changed:?}");
    assert!(
        !changed.contains(&&"afis/harrow-r1.html".to_owned()),
        "{changed:?}"
    );
    assert!(!changed.contains(&&"style.css".to_owned()), "{changed:?}");
    assert!(
        changed.len() < first.len() / 2,
        "{} of {}: {changed:?}",
        changed.len(),
        first.len()
    );
    // And the new site holds the new bytes, whatever was taken over.
    let rebuilt = files(&root.join("site"));
    let fresh_dir = tempfile::tempdir().expect("temp dir");
    let fresh = fresh_dir.path().join("site");
    assert_eq!(
        actionplan(&["build", "--out", fresh.to_str().expect("utf-8")], &root).code,
        0
    );
    assert_eq!(rebuilt, files(&fresh));
}

#[cfg(unix)]
#[test]
fn a_paper_is_never_written_through_a_link_planted_beside_it() {
    // The staging file's name was once the output's name and the process
    // id: a link planted under it, by a shell that then becomes actionplan
    // (same process id), diverted the paper into the file it points at.
    let dir = tempfile::tempdir().expect("temp dir");
    let victim = dir.path().join("victim");
    fs::write(&victim, "untouched").expect("victim");
    let out = dir.path().join("out");
    fs::create_dir(&out).expect("out");
    let script = r#"ln -s "$1" "$2/.paper.md.$$.partial" && exec "$3" paper pprc-2005-01-19-report-8 --root "$4" --out "$2/paper.md""#;
    let status = std::process::Command::new("sh")
        .args(["-c", script, "sh"])
        .arg(&victim)
        .arg(&out)
        .arg(env!("CARGO_BIN_EXE_actionplan"))
        .arg(repo_root())
        .env("NO_COLOR", "1")
        .status()
        .expect("sh runs");
    assert!(status.success());
    let victim = fs::read_to_string(&victim).expect("read");
    assert!(
        victim == "untouched",
        "the paper went through the link into the file it points at"
    );
    let paper = fs::read_to_string(out.join("paper.md")).expect("the paper");
    assert!(paper.starts_with("# "), "{paper}");
}
