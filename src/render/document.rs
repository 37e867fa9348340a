//! A committee paper as blocks, for the Word and PDF writers: takes a paper
//! laid out in Markdown (`paper::Laid`) and gives its header, and its body
//! and appendices as headings, paragraphs (with their numbers), lists,
//! tables and quotes made of runs of text. Raw HTML is kept as text, as on
//! the site. Pure: no IO.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::model::Paper;
use crate::model::prose::long_date;
use crate::paper::{Footer, Laid};

/// A paper ready for a page-based writer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Document {
    pub(crate) title: String,
    /// "Report", "Date" and "By", with their values.
    pub(crate) details: Vec<(&'static str, String)>,
    pub(crate) notice: Option<String>,
    pub(crate) body: Vec<Block>,
    /// "Appendix 1: title", and the appendix's blocks.
    pub(crate) appendices: Vec<(String, Vec<Block>)>,
    pub(crate) footer: Footer,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Block {
    /// Level 1 is a section of the paper (`##` in its Markdown), 2 the
    /// heading inside it, and so on.
    Heading {
        level: u8,
        runs: Vec<Run>,
    },
    /// `number` is the paragraph's own number ("3"), when it has one.
    Paragraph {
        number: Option<String>,
        runs: Vec<Run>,
    },
    /// `start` is the first number of an ordered list; `None` for bullets.
    List {
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    Table {
        head: Vec<Vec<Run>>,
        rows: Vec<Vec<Vec<Run>>>,
    },
    Quote(Vec<Block>),
}

/// A stretch of text in one style. A `text` of "\n" is a line break.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Run {
    pub(crate) text: String,
    pub(crate) bold: bool,
    pub(crate) italic: bool,
    /// Struck through (`~~text~~`): the author's deletion, shown as one.
    pub(crate) strike: bool,
}

impl Run {
    pub(crate) fn plain(text: impl Into<String>) -> Run {
        Run {
            text: text.into(),
            ..Run::default()
        }
    }

    pub(crate) fn is_break(&self) -> bool {
        self.text == "\n"
    }
}

impl Document {
    pub(crate) fn new(paper: &Paper, laid: &Laid, notice: Option<&str>) -> Document {
        Document {
            title: spaced(&paper.title),
            details: vec![
                ("Report", spaced(&paper.report)),
                ("Date", long_date(paper.meeting)),
                ("By", spaced(&paper.by)),
            ],
            notice: notice.map(spaced),
            body: blocks(&laid.main),
            appendices: laid
                .appendices
                .iter()
                .enumerate()
                .map(|(i, (title, text))| {
                    (
                        spaced(&format!("Appendix {}: {title}", i + 1)),
                        blocks(text),
                    )
                })
                .collect(),
            footer: Footer {
                committee: spaced(&laid.footer.committee),
                report: spaced(&laid.footer.report),
                ..laid.footer.clone()
            },
        }
    }

    /// Every text the document prints, one piece at a time, in no
    /// particular order: for finding the characters a writer cannot show.
    pub(crate) fn each_text(&self, mut visit: impl FnMut(&str)) {
        visit(&self.title);
        self.details.iter().for_each(|(_, value)| visit(value));
        if let Some(notice) = &self.notice {
            visit(notice);
        }
        visit(&self.running_header());
        visit(&self.footer.as_at_note());
        // Blocks nest; an explicit stack walks them without recursion.
        let mut stack: Vec<&Block> = self.body.iter().collect();
        for (title, blocks) in &self.appendices {
            visit(title);
            stack.extend(blocks);
        }
        while let Some(block) = stack.pop() {
            match block {
                Block::Heading { runs, .. } | Block::Paragraph { runs, .. } => {
                    runs.iter().for_each(|r| visit(&r.text));
                }
                Block::List { items, .. } => stack.extend(items.iter().flatten()),
                Block::Table { head, rows } => head
                    .iter()
                    .chain(rows.iter().flatten())
                    .flatten()
                    .for_each(|r| visit(&r.text)),
                Block::Quote(blocks) => stack.extend(blocks),
            }
        }
    }

    /// The header block's details, one to a line: "Report: 8", "Date: …",
    /// "By: …".
    pub(crate) fn detail_lines(&self) -> Vec<Run> {
        let mut runs = Vec::new();
        for (i, (name, value)) in self.details.iter().enumerate() {
            if i > 0 {
                runs.push(Run::plain("\n"));
            }
            runs.push(Run::plain(format!("{name}: {value}")));
        }
        runs
    }

    /// The running header: "Report 8, Planning, Performance & Review
    /// Committee, 19 January 2005".
    pub(crate) fn running_header(&self) -> String {
        format!(
            "Report {}, {}, {}",
            self.footer.report, self.footer.committee, self.footer.meeting
        )
    }
}

/// How many columns a table has: as many as its widest row, the header
/// included, and at least one.
pub(crate) fn columns(head: &[Vec<Run>], rows: &[Vec<Vec<Run>>]) -> usize {
    rows.iter()
        .map(Vec::len)
        .chain([head.len()])
        .max()
        .unwrap_or(1)
        .max(1)
}

/// The runs of a row's cell `i` (none past the row's end), bold in a
/// header row.
pub(crate) fn cell(cells: &[Vec<Run>], i: usize, header: bool) -> Vec<Run> {
    cells
        .get(i)
        .map(|c| {
            c.iter()
                .map(|r| Run {
                    bold: r.bold || header,
                    ..r.clone()
                })
                .collect()
        })
        .unwrap_or_default()
}

/// How deep lists and quotes nest in a document: Word numbers nine levels
/// of a list, and each level takes width from a PDF's line. Lists and quotes
/// nested deeper keep their text, as plain paragraphs at the deepest level,
/// so that no paper nests the writers (or their memory) without bound.
pub(crate) const MAX_NESTING: usize = 8;

/// Markdown into blocks.
pub(crate) fn blocks(markdown: &str) -> Vec<Block> {
    // `check` refuses a text whose tables pass the limit (E006); were one
    // laid out all the same, its tables stay text rather than take memory
    // and pages without bound.
    let options = if crate::validate::tables_fit(markdown) {
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
    } else {
        Options::ENABLE_STRIKETHROUGH
    };
    let mut builder = Builder::default();
    for (event, range) in Parser::new_ext(markdown, options).into_offset_iter() {
        builder.event(event, &markdown[range]);
    }
    builder.finish()
}

/// A block being built: its kind, and what it holds so far.
enum Open {
    Heading(u8, Vec<Run>),
    Paragraph(Option<String>, Vec<Run>),
    List(Option<u64>, Vec<Vec<Block>>),
    /// The blocks so far, and text not yet in a block: a tight list item's,
    /// or one of an item nested too deep to be kept as an item.
    Item(Vec<Block>, Vec<Run>),
    Quote(Vec<Block>, Vec<Run>),
    Table(Vec<Vec<Run>>, Vec<Vec<Vec<Run>>>),
    Row(Vec<Vec<Run>>),
    Cell(Vec<Run>),
    /// A code block, or a block of raw HTML, kept line for line.
    Lines(String),
}

#[derive(Default)]
struct Builder {
    done: Vec<Block>,
    open: Vec<Open>,
    bold: usize,
    italic: usize,
    strike: usize,
    /// Lists, items and quotes open inside one nested too deep, whose
    /// text goes into the deepest kept container.
    skipped: usize,
}

impl Builder {
    fn event(&mut self, event: Event<'_>, source: &str) {
        match event {
            Event::Start(tag) => self.start(tag, source),
            Event::End(end) => self.end(end),
            Event::Text(text) | Event::Code(text) => self.text(&text),
            // Raw HTML and footnote marks stay text, as on the site.
            Event::Html(text) | Event::InlineHtml(text) | Event::FootnoteReference(text) => {
                self.text(&text);
            }
            Event::SoftBreak => self.text(" "),
            Event::HardBreak => self.text("\n"),
            Event::Rule | Event::TaskListMarker(_) => {}
            Event::InlineMath(text) | Event::DisplayMath(text) => self.text(&text),
        }
    }

    fn start(&mut self, tag: Tag<'_>, source: &str) {
        if matches!(tag, Tag::List(_) | Tag::Item | Tag::BlockQuote(_)) {
            let too_deep = !matches!(tag, Tag::Item) && self.nesting() >= MAX_NESTING;
            if self.skipped > 0 || too_deep {
                self.skipped += 1;
                self.loose_paragraph();
                return;
            }
        }
        let open = match tag {
            Tag::Heading { level, .. } => Open::Heading(heading_level(level), Vec::new()),
            Tag::Paragraph => Open::Paragraph(paragraph_number(source), Vec::new()),
            Tag::List(start) => Open::List(start, Vec::new()),
            Tag::Item => Open::Item(Vec::new(), Vec::new()),
            Tag::BlockQuote(_) => Open::Quote(Vec::new(), Vec::new()),
            Tag::Table(_) => Open::Table(Vec::new(), Vec::new()),
            Tag::TableHead => Open::Row(Vec::new()),
            Tag::TableRow => Open::Row(Vec::new()),
            Tag::TableCell => Open::Cell(Vec::new()),
            Tag::CodeBlock(_) | Tag::HtmlBlock => Open::Lines(String::new()),
            Tag::Strong => {
                self.bold += 1;
                return;
            }
            Tag::Emphasis => {
                self.italic += 1;
                return;
            }
            Tag::Strikethrough => {
                self.strike += 1;
                return;
            }
            _ => return,
        };
        self.open.push(open);
    }

    fn end(&mut self, end: TagEnd) {
        let container = matches!(end, TagEnd::List(_) | TagEnd::Item | TagEnd::BlockQuote(_));
        if container && self.skipped > 0 {
            self.skipped -= 1;
            self.loose_paragraph();
            return;
        }
        match end {
            TagEnd::Strong => {
                self.bold = self.bold.saturating_sub(1);
                return;
            }
            TagEnd::Emphasis => {
                self.italic = self.italic.saturating_sub(1);
                return;
            }
            TagEnd::Strikethrough => {
                self.strike = self.strike.saturating_sub(1);
                return;
            }
            TagEnd::Heading(_)
            | TagEnd::Paragraph
            | TagEnd::List(_)
            | TagEnd::Item
            | TagEnd::BlockQuote(_)
            | TagEnd::Table
            | TagEnd::TableHead
            | TagEnd::TableRow
            | TagEnd::TableCell
            | TagEnd::CodeBlock
            | TagEnd::HtmlBlock => {}
            _ => return,
        }
        let Some(open) = self.open.pop() else { return };
        match open {
            Open::Heading(level, runs) => self.block(Block::Heading { level, runs }),
            Open::Paragraph(number, mut runs) => {
                if let (Some(n), Some(first)) = (&number, runs.first_mut()) {
                    // The number is the block's own; the text starts after it.
                    let prefix = format!("{n}. ");
                    if let Some(rest) = first.text.strip_prefix(&prefix) {
                        first.text = rest.to_owned();
                    }
                }
                self.block(Block::Paragraph { number, runs });
            }
            Open::List(start, items) => self.block(Block::List { start, items }),
            Open::Item(mut blocks, runs) => {
                if !runs.is_empty() {
                    blocks.push(Block::Paragraph { number: None, runs });
                }
                if let Some(Open::List(_, items)) = self.open.last_mut() {
                    items.push(blocks);
                }
            }
            Open::Quote(mut blocks, runs) => {
                if !runs.is_empty() {
                    blocks.push(Block::Paragraph { number: None, runs });
                }
                self.block(Block::Quote(blocks));
            }
            Open::Table(head, rows) => self.block(Block::Table { head, rows }),
            Open::Row(cells) => {
                if let Some(Open::Table(head, rows)) = self.open.last_mut() {
                    if matches!(end, TagEnd::TableHead) {
                        *head = cells;
                    } else {
                        rows.push(cells);
                    }
                }
            }
            Open::Lines(text) => self.block(Block::Paragraph {
                number: None,
                runs: lines(&text),
            }),
            Open::Cell(runs) => {
                if let Some(Open::Row(cells)) = self.open.last_mut() {
                    cells.push(runs);
                }
            }
        }
    }

    /// A finished block goes into the innermost open container.
    fn block(&mut self, block: Block) {
        self.loose_paragraph();
        match self.open.last_mut() {
            Some(Open::Item(blocks, _) | Open::Quote(blocks, _)) => blocks.push(block),
            _ => self.done.push(block),
        }
    }

    /// The text an item or quote holds outside a block made a paragraph of
    /// its own, before what follows it.
    fn loose_paragraph(&mut self) {
        if let Some(Open::Item(blocks, runs) | Open::Quote(blocks, runs)) = self.open.last_mut()
            && !runs.is_empty()
        {
            let runs = std::mem::take(runs);
            blocks.push(Block::Paragraph { number: None, runs });
        }
    }

    /// How many lists and quotes are open.
    fn nesting(&self) -> usize {
        self.open
            .iter()
            .filter(|o| matches!(o, Open::List(..) | Open::Quote(..)))
            .count()
    }

    fn text(&mut self, text: &str) {
        if let Some(Open::Lines(lines)) = self.open.last_mut() {
            lines.push_str(text);
            return;
        }
        let run = Run {
            text: spaced(text),
            bold: self.bold > 0,
            italic: self.italic > 0,
            strike: self.strike > 0,
        };
        let runs = match self.open.last_mut() {
            Some(
                Open::Heading(_, runs)
                | Open::Paragraph(_, runs)
                | Open::Item(_, runs)
                | Open::Quote(_, runs)
                | Open::Cell(runs),
            ) => runs,
            _ => return,
        };
        // Neighbouring text in one style is one run.
        match runs.last_mut() {
            Some(last)
                if last.bold == run.bold
                    && last.italic == run.italic
                    && last.strike == run.strike
                    && !last.is_break()
                    && !run.is_break() =>
            {
                last.text.push_str(&run.text);
            }
            _ => runs.push(run),
        }
    }

    fn finish(self) -> Vec<Block> {
        self.done
    }
}

/// A block's lines as runs with line breaks between them; a blank line is
/// a line with one space, so that no writer drops it.
fn lines(text: &str) -> Vec<Run> {
    let mut runs = Vec::new();
    for (i, line) in text.trim_end_matches('\n').split('\n').enumerate() {
        if i > 0 {
            runs.push(Run::plain("\n"));
        }
        let line = spaced(line.trim_end_matches('\r'));
        runs.push(Run::plain(if line.is_empty() {
            " ".to_owned()
        } else {
            line
        }));
    }
    runs
}

/// Text with its tabs made spaces: a tab has no meaning in a paragraph, and
/// a PDF font has no glyph for it.
fn spaced(text: &str) -> String {
    text.replace('\t', " ")
}

/// `##` is a section of the paper (level 1 in the document), `###` a
/// heading inside it (2), and so on; `#` is the paper's title.
fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 | HeadingLevel::H2 => 1,
        HeadingLevel::H3 => 2,
        HeadingLevel::H4 => 3,
        HeadingLevel::H5 => 4,
        HeadingLevel::H6 => 5,
    }
}

/// A paragraph's number, when its source starts with an escaped one
/// ("3\. "), as numbered paragraphs are written.
fn paragraph_number(source: &str) -> Option<String> {
    let digits = source.len()
        - source
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .len();
    (digits > 0 && source[digits..].starts_with("\\. ")).then(|| source[..digits].to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(text: &str) -> Vec<Run> {
        vec![Run::plain(text)]
    }

    #[test]
    fn numbered_paragraphs_headings_lists_and_tables() {
        let markdown = "## B. Supporting information\n\n1\\. The report also;\n\n- one; and\n- two\n\n#### Leadership\n\nNot numbered, **bold** text  \nand a break.\n\n| A | B |\n| --- | --- |\n| 1 | <b>2</b> |\n";
        assert_eq!(
            blocks(markdown),
            vec![
                Block::Heading {
                    level: 1,
                    runs: runs("B. Supporting information")
                },
                Block::Paragraph {
                    number: Some("1".to_owned()),
                    runs: runs("The report also;")
                },
                Block::List {
                    start: None,
                    items: vec![
                        vec![Block::Paragraph {
                            number: None,
                            runs: runs("one; and")
                        }],
                        vec![Block::Paragraph {
                            number: None,
                            runs: runs("two")
                        }],
                    ]
                },
                Block::Heading {
                    level: 3,
                    runs: runs("Leadership")
                },
                Block::Paragraph {
                    number: None,
                    runs: vec![
                        Run::plain("Not numbered, "),
                        Run {
                            text: "bold".to_owned(),
                            bold: true,
                            ..Run::default()
                        },
                        Run::plain(" text"),
                        Run::plain("\n"),
                        Run::plain("and a break."),
                    ]
                },
                Block::Table {
                    head: vec![runs("A"), runs("B")],
                    rows: vec![vec![runs("1"), runs("<b>2</b>")]],
                },
            ]
        );
    }

    /// How deep lists and quotes nest in `blocks`, and all their text.
    fn depth_and_text(blocks: &[Block]) -> (usize, String) {
        let mut deepest = 0;
        let mut text = String::new();
        let mut stack: Vec<(&Block, usize)> = blocks.iter().rev().map(|b| (b, 0)).collect();
        while let Some((block, depth)) = stack.pop() {
            deepest = deepest.max(depth);
            match block {
                Block::Heading { runs, .. } | Block::Paragraph { runs, .. } => {
                    runs.iter().for_each(|r| text.push_str(&r.text));
                    text.push('|');
                }
                Block::List { items, .. } => {
                    stack.extend(items.iter().flatten().rev().map(|b| (b, depth + 1)));
                }
                Block::Quote(inner) => stack.extend(inner.iter().rev().map(|b| (b, depth + 1))),
                Block::Table { .. } => {}
            }
        }
        (deepest, text)
    }

    #[test]
    fn lists_and_quotes_nested_too_deep_keep_their_text_as_paragraphs() {
        // Deep enough to overflow the stack of any writer that recursed.
        let quotes = format!("{}deep\n", "> ".repeat(20_000));
        let (depth, text) = depth_and_text(&blocks(&quotes));
        assert_eq!((depth, text.as_str()), (MAX_NESTING, "deep|"));
        let dashes = format!("{}end\n", "- ".repeat(30_000));
        let (depth, text) = depth_and_text(&blocks(&dashes));
        assert!(depth <= MAX_NESTING, "{depth}");
        assert_eq!(text, "end|");
        // Each item nested too deep is a paragraph of its own, in order.
        let mut list = String::new();
        for level in 0..12 {
            list.push_str(&format!("{}- item {level}\n", "  ".repeat(level)));
        }
        list.push_str("  - back at level 1\n");
        let (depth, text) = depth_and_text(&blocks(&list));
        assert_eq!(depth, MAX_NESTING);
        let expected: String = (0..12).map(|l| format!("item {l}|")).collect();
        assert_eq!(text, expected + "back at level 1|");
    }

    #[test]
    fn text_after_a_block_inside_a_list_item_stays_after_it() {
        let list = |items| Block::List { start: None, items };
        let para = |text: &str| Block::Paragraph {
            number: None,
            runs: runs(text),
        };
        assert_eq!(
            blocks("- before\n  #### Inside\n  after\n"),
            vec![list(vec![vec![
                para("before"),
                Block::Heading {
                    level: 3,
                    runs: runs("Inside")
                },
                para("after"),
            ]])]
        );
    }

    #[test]
    fn code_blocks_and_raw_html_keep_their_lines_and_struck_text_is_marked() {
        let markdown = "Intro ~~withdrawn~~ kept.\n\n    indented code\n      second line\n\n```\nfenced\n\nafter a blank\n```\n\n<div>\nraw\n</div>\n";
        let lines = |texts: &[&str]| {
            let mut runs = Vec::new();
            for (i, text) in texts.iter().enumerate() {
                if i > 0 {
                    runs.push(Run::plain("\n"));
                }
                runs.push(Run::plain(*text));
            }
            Block::Paragraph { number: None, runs }
        };
        assert_eq!(
            blocks(markdown),
            vec![
                Block::Paragraph {
                    number: None,
                    runs: vec![
                        Run::plain("Intro "),
                        Run {
                            strike: true,
                            ..Run::plain("withdrawn")
                        },
                        Run::plain(" kept."),
                    ]
                },
                lines(&["indented code", "  second line"]),
                lines(&["fenced", " ", "after a blank"]),
                lines(&["<div>", "raw", "</div>"]),
            ]
        );
    }

    #[test]
    fn tables_past_the_size_limit_stay_text() {
        // 362 header cells over 724 one-cell rows: 262,000 cells, padded.
        let wide = format!(
            "|{}\n|{}\n{}",
            " h |".repeat(362),
            "---|".repeat(362),
            "| x |\n".repeat(724)
        );
        let laid = blocks(&wide);
        assert!(
            !laid.iter().any(|b| matches!(b, Block::Table { .. })),
            "no table"
        );
        let narrow = "| a | b |\n| --- | --- |\n| 1 | 2 |\n";
        assert!(matches!(blocks(narrow).as_slice(), [Block::Table { .. }]));
    }

    #[test]
    fn a_number_typed_without_escape_is_a_list_not_a_paragraph_number() {
        assert!(matches!(
            blocks("3. An ordered list item.\n").as_slice(),
            [Block::List { start: Some(3), .. }]
        ));
        assert_eq!(paragraph_number("2006 was a year"), None);
    }
}
