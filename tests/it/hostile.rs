//! Hostile text that must come out inert everywhere it goes: the committee
//! papers in Markdown (read by pandoc, GitHub or any Markdown tool), the
//! links made from the configuration, and raw control characters.

use std::fs;

use crate::{actionplan, copy_dir, repo_root};

/// A copy of the hostile fixture, with a grading and an AFI whose body has
/// an unsafe reference definition and an entity-encoded script link.
fn hostile_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    copy_dir(&repo_root().join("tests/fixtures/build/hostile"), root);
    let evil = root.join("records/evil.md");
    let text = fs::read_to_string(&evil).expect("read").replace(
        "grade: \"=1+1\" }",
        "grade: \"<script>alert('grade')</script>\", direction: \"<img src=x onerror=alert('direction')>\" }",
    );
    fs::write(&evil, text).expect("write");
    fs::write(
        root.join("records/evil-refs.md"),
        "---\ntype: afi\nid: evil-refs\ninspection: evil\ntitle: References\nframework: \"<b onclick=alert('fw')>Framework</b>\"\nraised: 2006-10-24\nstatus: in-progress\n---\n## Action\n\nSee [the guide][g] and [that](&#106;avascript&#58;alert(3)).\n\n[g]: javascript:alert(4)\n",
    )
    .expect("write");
    let paper = root.join("records/papers/evil-paper.md");
    let text = fs::read_to_string(&paper).expect("read").replace(
        "Body <script>",
        "Graded {{ grading framework=\"<b onclick=alert('fw')>Framework</b>\" }}. Body <script>",
    );
    fs::write(&paper, text).expect("write");
    dir
}

/// Markdown as a CommonMark tool renders it, raw HTML allowed, lower case.
fn rendered(markdown: &str) -> String {
    let mut html = String::new();
    let parser = pulldown_cmark::Parser::new_ext(markdown, pulldown_cmark::Options::all());
    pulldown_cmark::html::push_html(&mut html, parser);
    html.to_ascii_lowercase()
}

/// The first tag that would be live in a browser, if any: a script, an
/// image, a frame or SVG, an event handler, or a link to a script or data.
/// Text never holds a bare `<`, so every `<` starts a tag.
fn live_markup(html: &str) -> Option<String> {
    html.split('<')
        .skip(1)
        .map(|rest| rest.split('>').next().unwrap_or_default())
        .find(|tag| {
            let name = tag
                .split([' ', '/', '\n'])
                .find(|n| !n.is_empty())
                .unwrap_or("");
            ["script", "img", "iframe", "svg", "object", "embed"].contains(&name)
                || tag
                    .split_whitespace()
                    .any(|word| word.starts_with("on") && word.contains('='))
                || ["href=\"javascript", "href=\"data", "href=\"vbscript"]
                    .iter()
                    .any(|bad| tag.contains(bad))
        })
        .map(str::to_owned)
}

#[test]
fn committee_papers_in_markdown_are_inert_in_any_markdown_tool() {
    let repo = hostile_repo();
    let root = repo.path();
    let run = actionplan(&["paper", "evil-paper"], root);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let markdown = &run.stdout;
    assert!(markdown.contains("Graded \\<script\\>alert"), "{markdown}");
    assert!(
        markdown.contains("\\[g\\]\\: javascript:alert(4)"),
        "{markdown}"
    );
    let html = rendered(markdown);
    assert_eq!(live_markup(&html), None, "{html}");
    let build = actionplan(&["build", "--as-at", "2007-01-16"], root);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let written = fs::read_to_string(root.join("site/papers/evil-paper.md")).expect("paper");
    assert_eq!(live_markup(&rendered(&written)), None);
}

/// The small fixture with `edit_url` set to `url`.
fn with_edit_url(url: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&repo_root().join("tests/fixtures/build/small"), dir.path());
    let config = dir.path().join("actionplan.toml");
    let text = fs::read_to_string(&config).expect("config");
    let text = text.replace(
        "edit_url = \"https://example.org/edit/main/{path}\"",
        &format!("edit_url = \"{url}\""),
    );
    fs::write(&config, text).expect("config");
    dir
}

#[test]
fn an_edit_url_that_is_not_on_the_web_is_refused() {
    for url in [
        "javascript:alert(1)//{path}",
        "data:text/html,x{path}",
        "//evil.example/{path}",
    ] {
        let repo = with_edit_url(url);
        let run = actionplan(&["check"], repo.path());
        assert_eq!(run.code, 1, "{url}: {}", run.stderr);
        assert!(
            run.stderr.contains(
                "error[E030]: `edit_url` must be a web address starting with https:// or http://"
            ),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr.contains("--> actionplan.toml:5:12"),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn the_path_in_an_edit_link_is_percent_encoded() {
    let repo = with_edit_url("https://example.org/edit/main/{path}");
    let root = repo.path();
    let folder = root.join("records/q?a#b c%");
    fs::rename(root.join("records/harrow"), &folder).expect("move");
    let run = actionplan(&["build"], root);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = fs::read_to_string(root.join("site/afis/harrow-r1.html")).expect("page");
    assert!(
        page.contains(
            "href=\"https://example.org/edit/main/records/q%3Fa%23b%20c%25/harrow-r1.md\""
        ),
        "{page}"
    );
}

#[test]
fn a_nul_in_yaml_never_reaches_a_page_as_a_raw_nul() {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&repo_root().join("tests/fixtures/build/small"), dir.path());
    let r1 = dir.path().join("records/harrow/harrow-r1.md");
    let text = fs::read_to_string(&r1).expect("read").replace(
        "title: Clarify accountability for crime and disorder plans",
        "title: \"Clarify\\0accountability\\x01for plans\"",
    );
    fs::write(&r1, text).expect("write");
    let run = actionplan(&["build"], dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    for entry in walkdir::WalkDir::new(dir.path().join("site"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let bytes = fs::read(entry.path()).expect("read");
        assert!(
            !bytes.iter().any(|b| *b == 0 || *b == 1),
            "a raw control character in {}",
            entry.path().display()
        );
    }
    let page = fs::read_to_string(dir.path().join("site/afis/harrow-r1.html")).expect("page");
    assert!(page.contains("Clarify\u{fffd}accountability\u{fffd}for plans"));
}

/// The seeds of the `pipeline` fuzz target, by name.
fn pipeline_seeds() -> Vec<(String, Vec<u8>)> {
    let dir = repo_root().join("fuzz/corpus/pipeline");
    let mut seeds: Vec<(String, Vec<u8>)> = fs::read_dir(&dir)
        .expect("seeds")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("seed-"))
        .map(|name| {
            let bytes = fs::read(dir.join(&name)).expect("seed");
            (name, bytes)
        })
        .collect();
    seeds.sort();
    seeds
}

/// What the `pipeline` fuzz target allows a page: its templates and a
/// small multiple of the records.
fn page_bound(input: &[u8]) -> usize {
    256 * 1024 + 16 * input.len()
}

#[test]
fn the_pipeline_fuzz_seeds_build_within_the_bound() {
    let seeds = pipeline_seeds();
    assert!(seeds.len() >= 3, "{seeds:?}");
    for (name, bytes) in &seeds {
        let largest = actionplan::fuzzing::pipeline(bytes);
        // Every seed is a clean records folder, so the fuzzer starts from
        // pages, not from errors.
        assert!(largest > 0, "{name} has errors");
        assert!(largest <= page_bound(bytes), "{name}: {largest} bytes");
    }
}

#[test]
fn a_table_blow_up_through_the_pipeline_stays_within_the_bound() {
    let (_, small) = pipeline_seeds()
        .into_iter()
        .find(|(name, _)| name == "seed-small")
        .expect("seed-small");
    let mut bytes = small;
    let afi = format!(
        "---\ntype: afi\nid: r4\ninspection: r0\ntitle: Tables\nraised: 2004-01-01\nstatus: in-progress\n---\n|{}\n|{}\n{}",
        " h |".repeat(362),
        "---|".repeat(362),
        "| x |\n".repeat(724)
    );
    bytes.push(actionplan::fuzzing::FILE_SEPARATOR);
    bytes.extend_from_slice(afi.as_bytes());
    let largest = actionplan::fuzzing::pipeline(&bytes);
    assert!(largest <= page_bound(&bytes), "{largest} bytes");
}

#[test]
fn an_afi_raised_in_the_earliest_year_keeps_the_trend_within_the_bound() {
    let (_, small) = pipeline_seeds()
        .into_iter()
        .find(|(name, _)| name == "seed-small")
        .expect("seed-small");
    let with_raised = |raised: &str| {
        let mut bytes = small.clone();
        bytes.push(actionplan::fuzzing::FILE_SEPARATOR);
        bytes.extend_from_slice(
            format!(
                "---\ntype: afi\nid: r4\ninspection: r5\ntitle: Old\nraised: {raised}\nstatus: in-progress\n---\n\x1c\
                 ---\ntype: inspection\nid: r5\ntitle: Old\nbody: HMIC\nsubject: Old\npublished: {raised}\nstatus: published\n---\n"
            )
            .as_bytes(),
        );
        bytes
    };
    // A monthly trend since 1900 would be 1,285 points on every trend page.
    let bytes = with_raised("1900-01-01");
    let largest = actionplan::fuzzing::pipeline(&bytes);
    assert!(largest > 0, "the records have errors");
    assert!(largest <= page_bound(&bytes), "{largest} bytes");
    // Earlier is refused by check (once made pages of 2.6 MB from 1.4 KB).
    assert_eq!(actionplan::fuzzing::pipeline(&with_raised("1001-07-28")), 0);
}

/// A paper and an AFI whose text holds pandoc's own live syntax: raw
/// attributes, attribute spans, fenced divs, raw TeX, a metadata block,
/// and a reference definition that only a filled placeholder completes.
fn pandoc_hostile_repo() -> tempfile::TempDir {
    let repo = hostile_repo();
    let root = repo.path();
    let syntax = "`<b>x</b>`{=html} and [go]{onclick=alert('span')}\n\n::: {onclick=alert('div')}\nIn a div.\n:::\n\n```{=html}\n<script>alert('raw')</script>\n```\n\n\\input{/etc/passwd}\n\n---\nheader-includes: \"\\x3cscript>alert('meta')\\x3c/script>\"\n---\n";
    fs::write(
        root.join("records/pandoc-afi.md"),
        format!(
            "---\ntype: afi\nid: pandoc-afi\ninspection: evil\ntitle: Pandoc\nframework: \"<b onclick=alert('fw')>Framework</b>\"\nraised: 2006-10-24\nstatus: in-progress\n---\n## Recommendation\n\nThat it is inert.\n\n## Action\n\n{syntax}"
        ),
    )
    .expect("write");
    fs::write(
        root.join("records/papers/pandoc-paper.md"),
        format!(
            "---\ntype: paper\nid: pandoc-paper\ntitle: Pandoc paper\ncommittee: Committee\nmeeting: 2007-01-16\nreport: \"2\"\nby: Someone\nas_at: 2007-01-16\ncovers: {{ all: true }}\nappendices:\n  - {{ title: Action plan, kind: action-plan }}\n---\n## Summary\n\nSee [the guide][g16 January 2007].\n\n[g{{{{ as-at }}}}]: javascript:alert('split')\n\n{syntax}"
        ),
    )
    .expect("write");
    repo
}

#[test]
fn pandocs_own_syntax_from_the_records_is_inert_in_a_paper() {
    let repo = pandoc_hostile_repo();
    let root = repo.path();
    let run = actionplan(&["paper", "pandoc-paper"], root);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let markdown = &run.stdout;
    for inert in [
        "`{=html}` raw attribute|`\\<b>x\\</b>`\\{=html}",
        "attribute span|[go]\\{onclick=",
        "fenced div|\\::: \\{onclick=",
        "raw block|```\\{=html}",
        "raw TeX|\\\\input\\{/etc/passwd}",
        "metadata block|\n- - -\nheader-includes",
        "split reference|\\[g16 January 2007\\]\\: javascript:",
    ] {
        let (what, text) = inert.split_once('|').expect("a pair");
        // Once in the body, once in the action plan (where there is no
        // placeholder, and a metadata block, in a list item, opens none).
        let wanted = if what == "split reference" || what == "metadata block" {
            1
        } else {
            2
        };
        assert_eq!(markdown.matches(text).count(), wanted, "{what}: {markdown}");
    }
    assert_eq!(live_markup(&rendered(markdown)), None);
    // pandoc itself, where it is installed, must find nothing live either.
    let Ok(mut pandoc) = std::process::Command::new("pandoc")
        .args([
            "--standalone",
            "--from",
            "markdown",
            "--to",
            "html",
            "--metadata",
            "title=t",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
    else {
        return;
    };
    use std::io::Write as _;
    pandoc
        .stdin
        .take()
        .expect("stdin")
        .write_all(markdown.as_bytes())
        .expect("write");
    let output = pandoc.wait_with_output().expect("pandoc");
    assert!(output.status.success());
    let html = String::from_utf8_lossy(&output.stdout).to_ascii_lowercase();
    assert_eq!(live_markup(&html), None, "{html}");
    // What the records hold prints as text: no tag of theirs, no attribute.
    for raw in ["<script", "<b>x</b>", "<div onclick", "<span onclick"] {
        assert!(!html.contains(raw), "{raw} in {html}");
    }
}

#[test]
fn a_paper_of_short_list_items_stays_within_the_papers_bound() {
    let (_, small) = pipeline_seeds()
        .into_iter()
        .find(|(name, _)| name == "seed-small")
        .expect("seed-small");
    // The file's id is its name: records/r<n>.md after the seed's files.
    let id = small
        .iter()
        .filter(|b| **b == actionplan::fuzzing::FILE_SEPARATOR)
        .count()
        + 1;
    let mut bytes = small;
    bytes.push(actionplan::fuzzing::FILE_SEPARATOR);
    // Each item is a tagged label and body in the PDF: about 110 bytes a byte.
    bytes.extend_from_slice(
        format!(
            "---\ntype: paper\nid: r{id}\ntitle: Items\ncommittee: C\nmeeting: 2007-01-16\nreport: \"1\"\nby: B\nas_at: 2007-01-16\ncovers: {{ all: true }}\n---\n## Items\n\n{}",
            "- x\n".repeat(4000)
        )
        .as_bytes(),
    );
    let largest = actionplan::fuzzing::pipeline(&bytes);
    assert!(largest > 0, "the records have errors");
    assert!(largest <= page_bound(&bytes), "{largest} bytes");
}

/// Every input the fuzz targets found a problem with, kept under
/// `tests/fixtures/fuzz/<target>/`, fed again to the target's entry point:
/// `link_scan` panics when the plain scan and pulldown-cmark read a body's
/// links differently.
#[test]
fn inputs_the_fuzzers_found_stay_fixed() {
    let folder = repo_root().join("tests/fixtures/fuzz/link_scan");
    let mut inputs = 0;
    for entry in fs::read_dir(&folder).expect("the fixtures folder") {
        let path = entry.expect("an entry").path();
        let text = fs::read_to_string(&path).expect("UTF-8 text");
        actionplan::fuzzing::link_scan(&text);
        inputs += 1;
    }
    assert!(inputs > 0, "no inputs in {}", folder.display());
}
