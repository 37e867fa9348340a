//! The five archived committee papers, rebuilt from `records/`, against the
//! text the committee received (`tests/fixtures/sources/`): the share of the
//! source's sentences found word for word in the rebuilt Markdown, every
//! sentence of the rebuilt Markdown found in the source, the paragraph
//! numbers of every section and appendix, and the records' "paragraph N" references.

use std::collections::BTreeMap;
use std::fs;

use crate::{actionplan, repo_root};

/// Each paper, and the least share of its source's sentences it must keep.
const PAPERS: [&str; 5] = [
    "pprc-2003-05-08-report-7",
    "pprc-2003-12-11-report-6",
    "pprc-2005-01-19-report-8",
    "pprc-2006-09-14-report-14",
    "pprc-2007-01-16-report-11",
];

const LEAST_SHARE: f64 = 0.97;

/// The paper's own text in the archive's page: from after the archive's
/// warning to before its "Send an e-mail" link, without its "Supporting
/// material" heading and "[PDF]" markers (the archive's, not the author's).
fn source_text(id: &str) -> String {
    let path = repo_root().join(format!("tests/fixtures/sources/{id}.txt"));
    let page = fs::read_to_string(path).expect("the source is kept");
    let start = page
        .find("See the MOPC website for further information.")
        .expect("the archive's warning")
        + "See the MOPC website for further information.".len();
    let end = page
        .find("Send an e-mail linking to this page")
        .expect("the archive's footer");
    page[start..end]
        .lines()
        .filter(|line| line.trim() != "Supporting material")
        .map(|line| line.replace(" [PDF]", ""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whitespace collapsed, curly quotes made straight, Markdown's backslash
/// escapes and list markers taken away: nothing else is changed.
fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let line = line.trim_start();
        let line = ["- ", "* ", "• "]
            .iter()
            .find_map(|m| line.strip_prefix(m))
            .unwrap_or(line);
        out.push_str(line);
        out.push(' ');
    }
    let mut plain = String::with_capacity(out.len());
    let mut chars = out.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek().is_some_and(char::is_ascii_punctuation) => {}
            '‘' | '’' => plain.push('\''),
            '“' | '”' => plain.push('"'),
            _ => plain.push(c),
        }
    }
    plain.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The source's sentences: each line split after a full stop, question or
/// exclamation mark that a space follows, except after a paragraph's or a
/// section's own number or letter ("3. ", "B. ").
fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let line = normalise(line);
        let mut start = 0;
        let bytes = line.as_bytes();
        for i in 0..bytes.len() {
            let label = start == 0 && i <= 2 && bytes[..i].iter().all(u8::is_ascii_alphanumeric);
            if matches!(bytes[i], b'.' | b'?' | b'!') && bytes.get(i + 1) == Some(&b' ') && !label {
                out.push(line[start..=i].to_owned());
                start = i + 2;
            }
        }
        if start < line.len() {
            out.push(line[start..].to_owned());
        }
    }
    out.retain(|s| !s.is_empty());
    out
}

fn rebuilt(id: &str) -> String {
    let run = actionplan(&["paper", id], &repo_root());
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout
}

/// A part of a paper: a lettered section ("B") or an appendix
/// ("Appendix 1"), named by its letter or number, with the numbers and first
/// words of the paragraphs and list items numbered in it, in order. Each part
/// numbers its own; parts that number nothing are left out.
type Numbering = Vec<(String, Vec<(u32, String)>)>;

/// The name of the part a heading opens, if the line is one: `B. …` or
/// `Appendix N…`.
fn part_name(heading: &str) -> Option<String> {
    if let Some(rest) = heading.strip_prefix("Appendix ") {
        let n: String = rest.chars().take_while(char::is_ascii_digit).collect();
        return (!n.is_empty()).then(|| format!("Appendix {n}"));
    }
    let mut chars = heading.chars();
    match (chars.next(), chars.next(), chars.next()) {
        (Some(letter @ 'A'..='Z'), Some('.'), Some(' ')) => Some(letter.to_string()),
        _ => None,
    }
}

fn numbering_of(lines: impl Iterator<Item = (Option<String>, String)>) -> Numbering {
    let mut parts: Numbering = Vec::new();
    for (heading, line) in lines {
        if let Some(name) = heading {
            parts.push((name, Vec::new()));
        } else if let Some(part) = parts.last_mut() {
            part.1.extend(numbered(std::iter::once(line)));
        }
    }
    parts.retain(|(_, items)| !items.is_empty());
    parts
}

/// The source's numbering: a part starts at a line that is only its
/// heading.
fn numbering_of_source(text: &str) -> Numbering {
    numbering_of(text.lines().map(|line| {
        let line = normalise(line);
        (part_name(&line), line)
    }))
}

/// The rebuilt paper's numbering: a part starts at a `## ` heading.
fn numbering_of_rebuilt(markdown: &str) -> Numbering {
    numbering_of(markdown.lines().map(|line| {
        let heading = line.strip_prefix("## ").and_then(part_name);
        (heading, normalise(line))
    }))
}

fn numbered(lines: impl Iterator<Item = String>) -> Vec<(u32, String)> {
    lines
        .filter_map(|line| {
            let (n, rest) = line.split_once(". ")?;
            let n = n.parse().ok()?;
            Some((n, rest.chars().take(30).collect()))
        })
        .collect()
}

/// The notice `actionplan.toml` puts under every paper's title: the
/// archive's words, not the paper's.
fn notice() -> String {
    let text = fs::read_to_string(repo_root().join("actionplan.toml")).expect("config");
    let config: toml::Table = text.parse().expect("TOML");
    config["paper_notice"]
        .as_str()
        .expect("a notice")
        .to_owned()
}

/// The rebuilt paper's sentences that its source does not have where they
/// stand (a sentence found only elsewhere in the source counts as added),
/// leaving out what the rebuild adds by design: the configured notice and
/// the "Appendix N:" headings (the archive lists the appendices otherwise).
fn added_sentences(markdown: &str, source: &str) -> Vec<String> {
    let notice = sentences(&notice());
    let rebuilt: Vec<String> = sentences(&paragraphs(markdown).join("\n"))
        .into_iter()
        .filter(|s| !notice.contains(s) && !s.starts_with("Appendix "))
        .collect();
    unmatched(&rebuilt, &sentences(source))
}

/// Markdown as the source is laid out, one line a paragraph, heading or
/// list item: lines that continue a paragraph joined, heading and quote
/// marks taken away.
fn paragraphs(markdown: &str) -> Vec<String> {
    let starts_block = |line: &str| {
        let digits = line.trim_start_matches(|c: char| c.is_ascii_digit());
        line.is_empty()
            || line.starts_with(['#', '>', '-', '*', '|'])
            || (digits.len() < line.len()
                && (digits.starts_with("\\. ") || digits.starts_with(". ")))
    };
    let mut out: Vec<String> = Vec::new();
    let mut open = false;
    for line in markdown.lines() {
        let trimmed = line.trim_start();
        match out.last_mut() {
            Some(last) if open && !starts_block(trimmed) => {
                last.push(' ');
                last.push_str(trimmed);
            }
            _ => {
                let text = trimmed.trim_start_matches('#').trim_start();
                out.push(text.strip_prefix("> ").unwrap_or(text).to_owned());
            }
        }
        // A line ending in two spaces is a hard break: the next line is a
        // line of its own.
        open = !trimmed.is_empty() && !line.ends_with("  ");
    }
    out
}

/// The items of `ours` left out of the longest run of items it shares, in
/// order, with `theirs`.
fn unmatched(ours: &[String], theirs: &[String]) -> Vec<String> {
    let (n, m) = (ours.len(), theirs.len());
    // longest[i][j]: the longest common run of ours[i..] and theirs[j..].
    let mut longest = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            longest[i][j] = if ours[i] == theirs[j] {
                longest[i + 1][j + 1] + 1
            } else {
                longest[i + 1][j].max(longest[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < n && j < m {
        if ours[i] == theirs[j] {
            i += 1;
            j += 1;
        } else if longest[i + 1][j] >= longest[i][j + 1] {
            out.push(ours[i].clone());
            i += 1;
        } else {
            j += 1;
        }
    }
    out.extend_from_slice(&ours[i..]);
    out
}

fn check_paper(id: &str) {
    let source = source_text(id);
    let markdown = rebuilt(id);
    let added = added_sentences(&markdown, &source);
    assert!(
        added.is_empty(),
        "{id}: sentences the source does not have:\n{}",
        added.join("\n")
    );
    let haystack = normalise(&markdown);
    let all = sentences(&source);
    let missing: Vec<&String> = all.iter().filter(|s| !haystack.contains(*s)).collect();
    let share = 1.0 - missing.len() as f64 / all.len() as f64;
    assert!(
        share >= LEAST_SHARE,
        "{id}: {:.1}% of {} sentences kept; missing:\n{}",
        share * 100.0,
        all.len(),
        missing
            .iter()
            .map(|s| format!("  {s}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    let numbering = numbering_of_source(&source);
    assert!(
        numbering.iter().any(|(part, _)| part == "B"),
        "{id}: the source's section B is found"
    );
    assert_eq!(
        numbering_of_rebuilt(&markdown),
        numbering,
        "{id}: every part is numbered as the source"
    );
}

#[test]
fn report_6_keeps_its_sources_sentences_and_numbering() {
    check_paper(PAPERS[1]);
}

#[test]
fn report_7_keeps_its_sources_sentences_and_numbering() {
    check_paper(PAPERS[0]);
}

#[test]
fn report_8_keeps_its_sources_sentences_and_numbering() {
    check_paper(PAPERS[2]);
}

#[test]
fn report_14_keeps_its_sources_sentences_and_numbering() {
    check_paper(PAPERS[3]);
}

#[test]
fn report_11_keeps_its_sources_sentences_and_numbering() {
    check_paper(PAPERS[4]);
}

#[test]
fn the_measure_finds_a_changed_sentence() {
    let source = "B. Supporting information\n1. The report was noted. It said ‘nine’.\n";
    let kept =
        normalise("## B. Supporting information\n\n1\\. The report was noted. It said 'nine'.\n");
    let changed =
        normalise("## B. Supporting information\n\n1\\. The report was noted. It said 9.\n");
    let all = sentences(source);
    assert_eq!(all.len(), 3);
    assert!(all.iter().all(|s| kept.contains(s.as_str())));
    assert_eq!(
        all.iter().filter(|s| !changed.contains(s.as_str())).count(),
        1
    );
}

#[test]
fn the_measure_finds_an_added_sentence() {
    let source = "B. Supporting information\n1. The report was noted.\n";
    let kept = "## B. Supporting information\n\n1\\. The report was noted.\n";
    assert!(added_sentences(kept, source).is_empty());
    let added = "## B. Supporting information\n\n1\\. The report was noted. It was late.\n\n## Appendix 1: Plan\n";
    assert_eq!(added_sentences(added, source), ["It was late."]);
    // A sentence the source has only elsewhere is added where it stands.
    let source =
        "A. Harrow\nRevisit: 1 May.\nB. Newham\nRevisit: Awaited.\nC. Brent\nRevisit: 1 May.\n";
    let moved = "## A. Harrow\n\nRevisit: 1 May.\n\n## B. Newham\n\nRevisit: 1 May.\n\n## C. Brent\n\nRevisit: 1 May.\n";
    assert_eq!(added_sentences(moved, source), ["Revisit: 1 May."]);
    // A paragraph wrapped over lines is one paragraph.
    let wrapped = "## B. Supporting information\n\n1\\. The report\nwas noted.\n";
    assert!(
        added_sentences(
            wrapped,
            "B. Supporting information\n1. The report was noted.\n"
        )
        .is_empty()
    );
}

/// Paragraph `n` of a part of a rebuilt paper: from its number to the next
/// numbered paragraph or section heading.
fn paragraph(part: &str, n: u32) -> Option<&str> {
    let start = part.find(&format!("\n{n}\\. "))? + 1;
    let rest = &part[start..];
    let boundary = |line: &str| {
        line.starts_with("## ")
            || line
                .split_once("\\. ")
                .is_some_and(|(k, _)| k.parse::<u32>().is_ok())
    };
    let mut end = 0;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        if i > 0 && boundary(line) {
            break;
        }
        end += line.len();
    }
    Some(&rest[..end])
}

/// Section B of a rebuilt paper, or its appendix `k`.
fn part(markdown: &str, appendix: Option<u32>) -> String {
    let (from, to) = match appendix {
        None => ("\n## B. Supporting information".to_owned(), "\n## "),
        Some(k) => (format!("\n## Appendix {k}:"), "\n## Appendix "),
    };
    let rest = markdown.split_once(&from).expect("the part").1;
    rest.split_once(to).map_or(rest, |(p, _)| p).to_owned()
}

/// The first words of a record's `## Action`, lower-cased.
fn action_start(record: &str) -> String {
    let action = record
        .split_once("## Action\n")
        .map_or("", |(_, a)| a.trim_start());
    let first = action.split("\n\n").next().unwrap_or_default();
    normalise(first)
        .chars()
        .take(40)
        .collect::<String>()
        .to_lowercase()
}

#[test]
fn every_afis_source_paragraph_speaks_of_it() {
    let papers: BTreeMap<&str, String> = [("11", PAPERS[4]), ("8", PAPERS[2]), ("14", PAPERS[3])]
        .into_iter()
        .map(|(n, id)| (n, rebuilt(id)))
        .collect();
    let mut checked = 0;
    let mut wrong = Vec::new();
    for entry in walkdir::WalkDir::new(repo_root().join("records")) {
        let entry = entry.expect("walk");
        if !entry.file_type().is_file() {
            continue;
        }
        let record = fs::read_to_string(entry.path()).expect("read");
        for line in record
            .lines()
            .filter(|l| l.starts_with("Source: PPRC report "))
        {
            let rest = &line["Source: PPRC report ".len()..];
            let (report, rest) = rest.split_once(", ").expect("report number");
            let (where_, n) = rest.rsplit_once("paragraph ").expect("paragraph");
            let n: u32 = n.trim_end_matches('.').parse().expect("number");
            let appendix = where_
                .split_once("Appendix ")
                .map(|(_, k)| k.trim_end_matches(", ").parse().expect("appendix number"));
            let Some(paper) = papers.get(report) else {
                wrong.push(format!(
                    "{}: {line}: no rebuilt paper is Report {report}",
                    entry.path().display()
                ));
                continue;
            };
            let cited = paragraph(&part(paper, appendix), n)
                .map(|p| normalise(p).to_lowercase())
                .unwrap_or_default();
            // The paragraph cited names the AFI (its title) or gives the
            // first words of its action.
            let title = record
                .lines()
                .find_map(|l| l.strip_prefix("title: "))
                .map(|t| normalise(t).to_lowercase())
                .unwrap_or_default();
            let action = action_start(&record);
            checked += 1;
            if !(cited.contains(&title) || (!action.is_empty() && cited.contains(&action))) {
                wrong.push(format!("{}: {line}", entry.path().display()));
            }
        }
    }
    assert!(checked > 60, "{checked} references");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_numbering_is_compared_in_every_part() {
    let source = "B. Supporting information\n1. Noted.\n2. Agreed.\nC. Other\nAppendix 1: Plan\n1. First.\n  1. A list.\n2. Second.\n";
    let same = "## B. Supporting information\n\n1\\. Noted.\n\n2\\. Agreed.\n\n## C. Other\n\n## Appendix 1: Plan\n\n1\\. First.\n\n   1. A list.\n\n2\\. Second.\n";
    assert_eq!(numbering_of_rebuilt(same), numbering_of_source(source));
    assert_eq!(
        numbering_of_source(source),
        [
            (
                "B".to_owned(),
                vec![(1, "Noted.".to_owned()), (2, "Agreed.".to_owned())]
            ),
            (
                "Appendix 1".to_owned(),
                vec![
                    (1, "First.".to_owned()),
                    (1, "A list.".to_owned()),
                    (2, "Second.".to_owned())
                ]
            ),
        ]
    );
    // An appendix numbered on through, where the source starts again.
    let through = same.replace("2\\. Second.", "3\\. Second.");
    assert_ne!(numbering_of_rebuilt(&through), numbering_of_source(source));
}

#[test]
fn report_11s_appendix_1_is_among_the_parts_compared() {
    let numbering = numbering_of_source(&source_text(PAPERS[4]));
    let appendix = numbering
        .iter()
        .find(|(part, _)| part == "Appendix 1")
        .map(|(_, items)| items.iter().map(|(n, _)| *n).collect::<Vec<_>>());
    assert_eq!(appendix, Some((1..=19).collect()));
}
