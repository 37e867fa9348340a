//! Committee papers as Word and PDF documents: what `build` and `paper
//! --format docx|pdf` write, read back as Word and a PDF reader would.

use std::fs;
use std::io::Read as _;
use std::path::Path;

use crate::{actionplan, copy_dir, repo_root, word_template};

/// The footer of the organisation template the tests use.
const FOOTER: &str = "OFFICIAL – Example Police Authority";

/// The text of one part of a .docx.
fn part(docx: &Path, name: &str) -> String {
    let file = fs::File::open(docx).expect("the .docx exists");
    let mut archive = zip::ZipArchive::new(file).expect("a zip");
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap_or_else(|_| panic!("{name} is in {}", docx.display()))
        .read_to_string(&mut text)
        .expect("UTF-8");
    text
}

/// The paragraphs of a part, each as (style, text).
fn paragraphs(xml: &str) -> Vec<(String, String)> {
    xml.split("<w:p>")
        .skip(1)
        .map(|p| {
            let style = p
                .split_once("<w:pStyle w:val=\"")
                .and_then(|(_, rest)| rest.split_once('"'))
                .map_or("", |(style, _)| style)
                .to_owned();
            let text: String = p
                .split("<w:t xml:space=\"preserve\">")
                .skip(1)
                .filter_map(|t| t.split_once("</w:t>").map(|(t, _)| t))
                .collect();
            (style, text)
        })
        .collect()
}

#[test]
fn build_writes_each_paper_as_word_with_headings_numbered_paragraphs_and_footer() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("site");
    let run = actionplan(
        &["build", "--out", out.to_str().expect("utf-8")],
        &repo_root(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let docx = out.join("papers/pprc-2003-05-08-report-7.docx");
    // The running header numbers the paper as its text does, not "07".
    let header = part(&docx, "word/header1.xml");
    assert!(
        header.contains(">Report 7, Planning, Performance &amp; Review Committee, 8 May 2003<"),
        "{header}"
    );
    let body = part(&docx, "word/document.xml");
    let paragraphs = paragraphs(&body);
    let headings: Vec<&str> = paragraphs
        .iter()
        .filter(|(style, _)| style == "Heading1")
        .map(|(_, text)| text.as_str())
        .collect();
    assert_eq!(
        headings,
        [
            "Summary",
            "A. Recommendations",
            "B. Supporting information",
            "C. Financial implications",
            "D. Equality and diversity implications",
            "E. Background papers",
            "F. Contact details",
            "Appendix 1: MPS action plan"
        ]
    );
    // Section B's seven paragraphs are numbered by Word, as one list.
    let numbered: Vec<&str> = paragraphs
        .iter()
        .filter(|(style, _)| style == "NumberedParagraph")
        .map(|(_, text)| text.as_str())
        .collect();
    assert_eq!(numbered.len(), 7);
    assert!(
        numbered[0].starts_with("District Audit issued"),
        "{numbered:?}"
    );
    let first_num = body
        .split("<w:pStyle w:val=\"NumberedParagraph\"/><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap_or_default())
        .collect::<Vec<_>>();
    assert_eq!(first_num.len(), 7);
    assert!(first_num.windows(2).all(|w| w[0] == w[1]), "{first_num:?}");
    // The appendix starts a new page; the timescale is the paper's words.
    assert!(body.contains("<w:pageBreakBefore/>"));
    assert!(body.contains(">In place since January 2003<"));
    assert!(body.contains(">MPS proposed action<"));
    // Page numbers and the as-at note are in the footer, not the text.
    let footer = part(&docx, "word/footer1.xml");
    assert!(
        footer.contains(" PAGE ") && footer.contains(" NUMPAGES "),
        "{footer}"
    );
    assert!(footer.contains("Figures as at 8 May 2003"), "{footer}");
    assert!(!body.contains("Figures as at"));
    let core = part(&docx, "docProps/core.xml");
    assert!(
        core.contains("<dc:title>Audit report on 2002/03 policing and performance plan</dc:title>")
    );
    assert!(core.contains("<dc:language>en-GB</dc:language>"));
    let styles = part(&docx, "word/styles.xml");
    assert!(styles.contains("w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/>"));
    for id in [
        "pprc-2003-12-11-report-6",
        "pprc-2005-01-19-report-8",
        "pprc-2006-09-14-report-14",
        "pprc-2007-01-16-report-11",
    ] {
        assert!(out.join(format!("papers/{id}.docx")).is_file(), "{id}");
    }
}

#[test]
fn paper_writes_word_to_a_file_and_the_same_bytes_as_build() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("report-8.docx");
    let root = repo_root();
    let run = actionplan(
        &[
            "paper",
            "pprc-2005-01-19-report-8",
            "--format",
            "docx",
            "--out",
            file.to_str().expect("utf-8"),
        ],
        &root,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let again = dir.path().join("again.docx");
    let run = actionplan(
        &[
            "paper",
            "pprc-2005-01-19-report-8",
            "--format",
            "docx",
            "--out",
            again.to_str().expect("utf-8"),
        ],
        &root,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        fs::read(&file).expect("read"),
        fs::read(&again).expect("read"),
        "the same paper gives the same bytes"
    );
    let body = part(&file, "word/document.xml");
    assert!(body.contains(">Harrow BOCU<"));
    // Without --out a Word document is refused, not poured onto a terminal.
    let run = actionplan(
        &["paper", "pprc-2005-01-19-report-8", "--format", "docx"],
        &root,
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--out FILE"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
}

#[test]
fn hostile_text_is_escaped_in_word_and_tables_have_header_rows() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    copy_dir(&repo_root().join("tests/fixtures/build/hostile"), root);
    let file = root.join("evil.docx");
    let run = actionplan(
        &[
            "paper",
            "evil-paper",
            "--format",
            "docx",
            "--out",
            file.to_str().expect("utf-8"),
            "--root",
            root.to_str().expect("utf-8"),
        ],
        root,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    for name in ["word/document.xml", "docProps/core.xml", "word/header1.xml"] {
        let xml = part(&file, name);
        assert!(!xml.contains("<script"), "{name}: {xml}");
        assert!(!xml.contains("<img"), "{name}");
        assert!(!xml.contains("<b onclick"), "{name}");
    }
    let body = part(&file, "word/document.xml");
    assert!(body.contains("&lt;script&gt;alert(&apos;paper&apos;)&lt;/script&gt; Paper"));
    assert!(
        body.contains("<w:tblHeader/>"),
        "the table's first row repeats"
    );
    let header_row = body
        .split("<w:tblHeader/>")
        .nth(1)
        .and_then(|rest| rest.split("</w:tr>").next())
        .expect("a header row");
    assert!(
        header_row.contains("<w:b/>") && header_row.contains(">Field<"),
        "{header_row}"
    );
}

#[test]
fn an_organisations_template_gives_its_styles_and_footer() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    copy_dir(&repo_root().join("records"), &root.join("records"));
    fs::create_dir_all(root.join("templates")).expect("dir");
    word_template(&root.join("templates/paper.docx"), FOOTER);
    let config = fs::read_to_string(repo_root().join("actionplan.toml")).expect("config");
    fs::write(
        root.join("actionplan.toml"),
        format!("{config}\npaper_template = \"templates/paper.docx\"\n"),
    )
    .expect("write");
    let out = root.join("site");
    let run = actionplan(&["build", "--out", out.to_str().expect("utf-8")], root);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let docx = out.join("papers/pprc-2005-01-19-report-8.docx");
    let styles = part(&docx, "word/styles.xml");
    assert!(styles.contains("C00000"), "the template's heading 1");
    assert_eq!(styles.matches("w:styleId=\"Heading1\"").count(), 1);
    assert!(
        styles.contains("w:styleId=\"NumberedParagraph\""),
        "ours it lacks"
    );
    let footer = part(&docx, "word/footer1.xml");
    assert!(
        footer.contains("OFFICIAL – Example Police Authority"),
        "{footer}"
    );
    // The running header is still the paper's.
    assert!(part(&docx, "word/header1.xml").contains("Report 8"));

    // A template that is not a Word document stops the build, saying so.
    fs::write(root.join("templates/paper.docx"), "not a zip").expect("write");
    let run = actionplan(&["build", "--out", out.to_str().expect("utf-8")], root);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("the paper template `templates/paper.docx`")
            && run.stderr.contains("it is not a Word document"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_template_outside_the_repository_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    copy_dir(&repo_root().join("records"), &root.join("records"));
    fs::write(
        root.join("actionplan.toml"),
        "paper_template = \"../elsewhere/paper.docx\"\n",
    )
    .expect("write");
    let run = actionplan(&["check"], root);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("`paper_template` must be a path inside the repository"),
        "{}",
        run.stderr
    );
}

/// The structure types a PDF's tag tree uses, with how often.
fn structure_types(pdf: &[u8]) -> std::collections::BTreeMap<String, usize> {
    let text = String::from_utf8_lossy(pdf);
    let mut counts = std::collections::BTreeMap::new();
    for rest in text.split("/S/").skip(1) {
        let name: String = rest
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        *counts.entry(name).or_insert(0) += 1;
    }
    counts
}

#[test]
fn build_writes_each_paper_as_a_tagged_pdf_with_title_language_and_bookmarks() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("site");
    let root = repo_root();
    let run = actionplan(&["build", "--out", out.to_str().expect("utf-8")], &root);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (id, title) in [
        (
            "pprc-2003-05-08-report-7",
            "Audit report on 2002/03 policing and performance plan",
        ),
        (
            "pprc-2003-12-11-report-6",
            "Service improvement review of operational support policing: final report and improvement plan",
        ),
        (
            "pprc-2005-01-19-report-8",
            "HMIC Going Local Inspection Programme 2003-2004",
        ),
        ("pprc-2006-09-14-report-14", "Inspections"),
        (
            "pprc-2007-01-16-report-11",
            "PPAF and Baseline Improvement Plan",
        ),
    ] {
        let pdf = fs::read(out.join(format!("papers/{id}.pdf"))).expect("the PDF");
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.starts_with("%PDF-"), "{id}");
        for mark in [
            "/Lang(en-GB)",
            "/StructTreeRoot",
            "/MarkInfo<</Marked true",
            "/Outlines",
            "/DisplayDocTitle true",
            "<pdfuaid:part>1</pdfuaid:part>",
        ] {
            assert!(text.contains(mark), "{id}: {mark}");
        }
        assert!(
            text.contains(&format!(
                "<rdf:li xml:lang=\"x-default\">{}</rdf:li>",
                title.replace('&', "&amp;")
            )),
            "{id}: the title in the metadata"
        );
        let types = structure_types(&pdf);
        for tag in ["H1", "H2", "P"] {
            assert!(types.contains_key(tag), "{id}: {tag} in {types:?}");
        }
    }
    // Report 8's lists are lists, its appendix headings headings.
    let pdf = fs::read(out.join("papers/pprc-2005-01-19-report-8.pdf")).expect("the PDF");
    let types = structure_types(&pdf);
    for tag in ["L", "LI", "Lbl", "LBody", "H3"] {
        assert!(types.contains_key(tag), "{tag} in {types:?}");
    }
    // `paper --format pdf` writes the same bytes as the build.
    let file = dir.path().join("report-8.pdf");
    let run = actionplan(
        &[
            "paper",
            "pprc-2005-01-19-report-8",
            "--format",
            "pdf",
            "--out",
            file.to_str().expect("utf-8"),
        ],
        &root,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(fs::read(&file).expect("read"), pdf);
}

#[test]
fn a_pdf_tables_header_cells_are_tagged_as_headers() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    copy_dir(&repo_root().join("tests/fixtures/build/hostile"), root);
    let file = root.join("evil.pdf");
    let run = actionplan(
        &[
            "paper",
            "evil-paper",
            "--format",
            "pdf",
            "--out",
            file.to_str().expect("utf-8"),
        ],
        root,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let types = structure_types(&fs::read(&file).expect("read"));
    assert_eq!(types.get("Table"), Some(&1), "{types:?}");
    assert_eq!(types.get("TH"), Some(&2), "{types:?}");
    assert_eq!(types.get("TD"), Some(&2), "{types:?}");
}

/// The real records, in a folder of their own for a test to change.
fn real_records(root: &Path) {
    copy_dir(&repo_root().join("records"), &root.join("records"));
    fs::copy(
        repo_root().join("actionplan.toml"),
        root.join("actionplan.toml"),
    )
    .expect("copy");
}

#[test]
fn a_tab_or_a_character_the_pdf_font_lacks_still_builds_and_check_says_where() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    real_records(root);
    let afi = root.join("records/district-audit-2002-03/district-audit-2002-03-plan-r1.md");
    let text = fs::read_to_string(&afi).expect("read");
    let odd = "Publicity\tin relation ✔ ☐ ➢ 😀 中文 co\u{2011}operate zero\u{feff}width";
    fs::write(&afi, text.replacen("Publicity in relation", odd, 1)).expect("write");
    let out = root.join("site");
    let run = actionplan(&["build", "--out", out.to_str().expect("utf-8")], root);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pdf = fs::read(out.join("papers/pprc-2003-05-08-report-7.pdf")).expect("the PDF");
    assert!(pdf.starts_with(b"%PDF-"));
    // The Word document keeps the characters; the tab is a space.
    let body = part(
        &out.join("papers/pprc-2003-05-08-report-7.docx"),
        "word/document.xml",
    );
    assert!(
        body.contains("Publicity in relation ✔ ☐ ➢ 😀 中文 co\u{2011}operate"),
        "{body}"
    );
    // `check` names the line and each character the PDF draws as a square.
    let run = actionplan(&["check"], root);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "warning[W011]: the PDF of paper `pprc-2003-05-08-report-7` cannot draw the characters `✔` (U+2714), `☐` (U+2610), `➢` (U+27A2), `😀` (U+1F600), `中` (U+4E2D) and 1 more"
        ) && run
            .stderr
            .contains("--> records/district-audit-2002-03/district-audit-2002-03-plan-r1.md:22:23"),
        "{}",
        run.stderr
    );
    assert_eq!(
        run.stderr.matches("warning[W011]").count(),
        1,
        "{}",
        run.stderr
    );
}

/// A repository holding one paper with `body`.
fn one_paper(root: &Path, body: &str) {
    fs::create_dir_all(root.join("records/papers")).expect("dir");
    fs::write(
        root.join("records/papers/p.md"),
        format!(
            "---\ntype: paper\nid: p\ntitle: A paper\ncommittee: Committee\nmeeting: 2007-01-16\nreport: \"1\"\nby: Someone\nas_at: 2007-01-16\ncovers: {{ all: true }}\n---\n{body}"
        ),
    )
    .expect("write");
}

#[test]
fn lists_and_quotes_nested_thousands_deep_do_not_crash_word_or_pdf() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let body = format!(
        "## Summary\n\n{}deep quote\n\n{}deep list\n",
        "> ".repeat(20_000),
        "- ".repeat(30_000)
    );
    one_paper(root, &body);
    let out = root.join("site");
    let run = actionplan(&["build", "--out", out.to_str().expect("utf-8")], root);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let body = part(&out.join("papers/p.docx"), "word/document.xml");
    assert!(
        body.contains(">deep quote<") && body.contains(">deep list<"),
        "the text is kept"
    );
    assert!(
        fs::read(out.join("papers/p.pdf"))
            .expect("the PDF")
            .starts_with(b"%PDF-")
    );
}

#[test]
fn code_blocks_and_struck_text_are_kept_in_word() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    one_paper(
        root,
        "## Summary\n\nThe target was ~~March~~ June.\n\n    indented line one\n    indented line two\n\n```\nfenced line\n```\n",
    );
    let out = root.join("site");
    let run = actionplan(&["build", "--out", out.to_str().expect("utf-8")], root);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let body = part(&out.join("papers/p.docx"), "word/document.xml");
    assert!(
        body.contains(
            "<w:r><w:rPr><w:strike/></w:rPr><w:t xml:space=\"preserve\">March</w:t></w:r>"
        ),
        "{body}"
    );
    assert!(
        body.contains(">indented line one</w:t></w:r><w:r><w:br/></w:r><w:r><w:t xml:space=\"preserve\">indented line two<"),
        "{body}"
    );
    assert!(body.contains(">fenced line<"), "{body}");
}

#[cfg(unix)]
#[test]
fn a_template_that_is_a_link_is_refused_unread() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("repo");
    one_paper(&root, "## Summary\n\nText.\n");
    word_template(&dir.path().join("elsewhere.docx"), FOOTER);
    fs::create_dir_all(root.join("templates")).expect("dir");
    std::os::unix::fs::symlink(
        dir.path().join("elsewhere.docx"),
        root.join("templates/paper.docx"),
    )
    .expect("link");
    fs::write(
        root.join("actionplan.toml"),
        "paper_template = \"templates/paper.docx\"\n",
    )
    .expect("write");
    let out = root.join("site");
    let run = actionplan(&["build", "--out", out.to_str().expect("utf-8")], &root);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("the paper template `templates/paper.docx`")
            && run.stderr.contains("is a symbolic link"),
        "{}",
        run.stderr
    );
}

#[test]
fn paragraph_numbers_past_what_word_numbers_are_kept_as_typed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    one_paper(
        root,
        "## Summary\n\n18446744073709551615\\. Largest.\n\n32768\\. Past Word.\n\n32767\\. The largest.\n",
    );
    let out = root.join("site");
    let run = actionplan(&["build", "--out", out.to_str().expect("utf-8")], root);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let body = part(&out.join("papers/p.docx"), "word/document.xml");
    let paragraphs = paragraphs(&body);
    assert!(
        paragraphs.contains(&(
            "NumberedParagraph".to_owned(),
            "18446744073709551615. Largest.".to_owned()
        )),
        "{paragraphs:?}"
    );
    assert!(
        paragraphs.contains(&(
            "NumberedParagraph".to_owned(),
            "32768. Past Word.".to_owned()
        )),
        "{paragraphs:?}"
    );
    assert!(
        paragraphs.contains(&("NumberedParagraph".to_owned(), "The largest.".to_owned())),
        "Word numbers it: {paragraphs:?}"
    );
    let numbering = part(&out.join("papers/p.docx"), "word/numbering.xml");
    assert!(numbering.contains("<w:startOverride w:val=\"32767\"/>"));
}

#[test]
fn a_table_row_taller_than_a_page_still_makes_a_pdf() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let cell = "a long cell ".repeat(3000);
    one_paper(
        root,
        &format!("## Summary\n\n| Action | Timescale |\n| --- | --- |\n| {cell} | 2007 |\n"),
    );
    let out = root.join("site");
    let run = actionplan(&["build", "--out", out.to_str().expect("utf-8")], root);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pdf = fs::read(out.join("papers/p.pdf")).expect("the PDF");
    assert!(structure_types(&pdf).get("TD").is_some_and(|n| *n >= 1));
}

#[test]
fn an_empty_list_item_keeps_its_bullet_in_word() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    one_paper(root, "## Summary\n\n- one\n-\n- three\n");
    let out = root.join("site");
    let run = actionplan(&["build", "--out", out.to_str().expect("utf-8")], root);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let body = part(&out.join("papers/p.docx"), "word/document.xml");
    let items: Vec<String> = paragraphs(&body)
        .into_iter()
        .filter(|(style, _)| style == "ListParagraph")
        .map(|(_, text)| text)
        .collect();
    assert_eq!(items, ["one", "", "three"]);
}
