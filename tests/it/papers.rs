//! Committee papers rebuilt from the records: pinned output, figures that
//! follow the records, and papers that say the same thing years later.

use std::fs;
use std::path::Path;

use crate::{actionplan, copy_dir, repo_root};

const PAPERS: [&str; 5] = [
    "pprc-2003-05-08-report-7",
    "pprc-2003-12-11-report-6",
    "pprc-2005-01-19-report-8",
    "pprc-2006-09-14-report-14",
    "pprc-2007-01-16-report-11",
];

fn paper(root: &Path, id: &str) -> String {
    let run = actionplan(
        &["paper", id, "--root", root.to_str().expect("utf-8")],
        root,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout
}

/// A copy of the repository's records and configuration to change freely.
fn copy_of_repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let from = repo_root();
    fs::copy(
        from.join("actionplan.toml"),
        dir.path().join("actionplan.toml"),
    )
    .expect("config");
    copy_dir(&from.join("records"), &dir.path().join("records"));
    dir
}

#[test]
fn the_five_seed_papers_are_pinned_as_markdown_and_html() {
    let root = repo_root();
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("site");
    let run = actionplan(&["build", "--out", out.to_str().expect("utf-8")], &root);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for id in PAPERS {
        let markdown = paper(&root, id);
        assert_eq!(
            markdown,
            fs::read_to_string(out.join(format!("papers/{id}.md"))).expect("built"),
            "the site's Markdown is what `paper` prints"
        );
        insta::assert_snapshot!(format!("{id}_md"), markdown);
        let html = fs::read_to_string(out.join(format!("papers/{id}.html"))).expect("built");
        insta::assert_snapshot!(format!("{id}_html"), html);
    }
    let index = fs::read_to_string(out.join("papers/index.html")).expect("index");
    let positions: Vec<usize> = [
        "report-7.html",
        "report-6.html",
        "report-8.html",
        "report-14.html",
        "report-11.html",
    ]
    .iter()
    .map(|r| index.find(r).expect("listed"))
    .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "in meeting date order: {positions:?}"
    );
    // Report numbers as the papers' opening sentences write them, not "07".
    assert!(index.contains("<td>Report 7</td>"), "{index}");
    assert!(!index.contains(">07<"), "{index}");
}

#[test]
fn a_changed_record_changes_the_papers_figure() {
    let repo = copy_of_repository();
    let before = paper(repo.path(), "pprc-2003-05-08-report-7");
    assert!(
        before.contains("the performance management framework (4)"),
        "{before}"
    );
    // Move recommendation 4 from the performance management framework to the
    // best value reviews: the paper's breakdown follows.
    let r4 = repo
        .path()
        .join("records/district-audit-2002-03/district-audit-2002-03-plan-r4.md");
    let text = fs::read_to_string(&r4).expect("read");
    fs::write(
        &r4,
        text.replace(
            "theme: Performance management framework",
            "theme: Best value reviews",
        ),
    )
    .expect("write");
    let after = paper(repo.path(), "pprc-2003-05-08-report-7");
    assert!(
        after.contains("the performance management framework (3)"),
        "{after}"
    );
    assert!(after.contains("best value reviews (4)"), "{after}");
}

#[test]
fn a_paper_ignores_what_happened_after_its_date() {
    let repo = copy_of_repository();
    let before = paper(repo.path(), "pprc-2005-01-19-report-8");
    // A later update completes Kensington & Chelsea's first recommendation.
    let afi = repo.path().join("records/hmic-going-local-2003-04/kensington-chelsea/hmic-going-local-2003-kensington-chelsea-r1.md");
    let text = fs::read_to_string(&afi).expect("read");
    let text = text.replacen("status: in-progress", "status: completed", 1).replacen(
        "\n---\n",
        "\n  - date: 2005-06-30\n    status: completed\n    note: HMIC's revisit report found the action complete.\n---\n",
        1,
    );
    fs::write(&afi, text).expect("write");
    assert_eq!(actionplan(&["check"], repo.path()).code, 0);
    let after = paper(repo.path(), "pprc-2005-01-19-report-8");
    assert_eq!(
        before, after,
        "the paper as at 19 January 2005 is unchanged"
    );
}

#[test]
fn a_later_as_at_changes_only_what_the_records_changed_since() {
    let repo = copy_of_repository();
    let path = repo
        .path()
        .join("records/papers/pprc-2003-05-08-report-7.md");
    let before = paper(repo.path(), "pprc-2003-05-08-report-7");
    let text = fs::read_to_string(&path).expect("read");
    fs::write(
        &path,
        text.replace("as_at: 2003-05-08", "as_at: 2007-01-16"),
    )
    .expect("write");
    let after = paper(repo.path(), "pprc-2003-05-08-report-7");
    let changed: Vec<(&str, &str)> = before
        .lines()
        .zip(after.lines())
        .filter(|(b, a)| b != a)
        .collect();
    // The records of the District Audit plan did not change after 8 May 2003
    // except by the passing of time, and the as-at date is not part of the
    // paper's text: nothing differs.
    assert_eq!(changed, []);
    assert_eq!(before, after);
}

#[test]
fn paper_command_errors() {
    let root = repo_root();
    let run = actionplan(&["paper", "pprc-2005-01-19-report-9"], &root);
    assert_eq!(run.code, 2, "an unknown id is a bad argument");
    assert!(
        run.stderr
            .contains("did you mean `pprc-2005-01-19-report-8`?"),
        "{}",
        run.stderr
    );
    let run = actionplan(
        &[
            "paper",
            "pprc-2005-01-19-report-8",
            "--out",
            "records/papers/x.md",
        ],
        &root,
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(!root.join("records/papers/x.md").exists());
}
