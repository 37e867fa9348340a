//! A paper's blocks set on A4 pages: takes a `Document` and the fonts, and
//! gives what each page shows (lines of text, table rules) and the
//! structure the text belongs to (headings, paragraphs, lists, tables), in
//! reading order, with the headings for the bookmarks. Words wrap at the
//! margins; headings keep with what follows; appendices start new pages;
//! tables are set in `table.rs`.

mod table;

use super::fonts::{Face, Fonts};
use crate::render::document::{Block, Document, Run};

pub(super) const PAGE_WIDTH: f32 = 595.28;
pub(super) const PAGE_HEIGHT: f32 = 841.89;
pub(super) const MARGIN_X: f32 = 64.0;
const TOP: f32 = 78.0;
const BOTTOM: f32 = PAGE_HEIGHT - 78.0;
const TEXT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN_X;

const BODY: f32 = 11.0;
const LEADING: f32 = 1.35;
const AFTER_PARAGRAPH: f32 = 6.0;
/// Where a numbered paragraph's text starts, after its number.
const NUMBER_INDENT: f32 = 28.0;
/// How far each level of a list is indented, and its text from its mark.
const LIST_INDENT: f32 = 18.0;
const CELL_PADDING: f32 = 4.0;

/// What a page shows.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Piece {
    /// Text of one line; `fragment` says which tagged stretch it is in.
    Text {
        x: f32,
        y: f32,
        face: Face,
        size: f32,
        text: String,
        fragment: usize,
    },
    /// A rule of a table, or the bar beside a notice: not content.
    Rule { x1: f32, y1: f32, x2: f32, y2: f32 },
    /// Text of one line that repeats content tagged where it first stood
    /// (a table's header row at the top of each later page of the table):
    /// page furniture, so a screen reader reads the header once.
    Repeat {
        x: f32,
        y: f32,
        face: Face,
        size: f32,
        text: String,
    },
}

/// The structure of the paper, in reading order.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Node {
    Group(Tag, Vec<Node>),
    /// A tagged stretch of text (a line, or a list's mark).
    Fragment(usize),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Tag {
    /// A heading of this level (1 the title, 2 a section or appendix …)
    /// and its text.
    Heading(u16, String),
    Paragraph,
    List {
        ordered: bool,
    },
    Item,
    Label,
    ItemBody,
    Table,
    Row,
    HeaderCell,
    Cell,
    Quote,
}

/// A heading, for the bookmarks.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Heading {
    pub(super) level: u16,
    pub(super) text: String,
    pub(super) page: usize,
    pub(super) y: f32,
}

pub(super) struct Pages {
    pub(super) pages: Vec<Vec<Piece>>,
    pub(super) tree: Vec<Node>,
    pub(super) headings: Vec<Heading>,
    pub(super) fragments: usize,
}

/// One stretch of a line in one face.
#[derive(Clone, Debug, PartialEq)]
struct Segment {
    face: Face,
    text: String,
    strike: bool,
}

struct Setter<'f> {
    fonts: &'f Fonts,
    pages: Vec<Vec<Piece>>,
    y: f32,
    fragments: usize,
    headings: Vec<Heading>,
}

pub(super) fn set(document: &Document, fonts: &Fonts) -> Pages {
    let mut setter = Setter {
        fonts,
        pages: vec![Vec::new()],
        y: TOP,
        fragments: 0,
        headings: Vec::new(),
    };
    let mut tree = Vec::new();
    let title = vec![Run {
        text: document.title.clone(),
        bold: true,
        ..Run::default()
    }];
    tree.push(setter.heading(1, &title, 18.0));
    tree.push(setter.paragraph(&document.detail_lines(), MARGIN_X, TEXT_WIDTH, None));
    if let Some(notice) = &document.notice {
        let runs = vec![Run {
            text: notice.clone(),
            italic: true,
            ..Run::default()
        }];
        let top = setter.y;
        let node = setter.paragraph(&runs, MARGIN_X + 12.0, TEXT_WIDTH - 12.0, None);
        let bottom = setter.y - AFTER_PARAGRAPH;
        setter.rule(MARGIN_X + 3.0, top, MARGIN_X + 3.0, bottom);
        tree.push(node);
    }
    tree.extend(setter.blocks(&document.body, MARGIN_X, TEXT_WIDTH));
    for (title, blocks) in &document.appendices {
        setter.new_page();
        tree.push(setter.heading(2, &[Run::plain(title)], 14.0));
        tree.extend(setter.blocks(blocks, MARGIN_X, TEXT_WIDTH));
    }
    Pages {
        pages: setter.pages,
        tree,
        headings: setter.headings,
        fragments: setter.fragments,
    }
}

fn line_height(size: f32) -> f32 {
    size * LEADING
}

impl Setter<'_> {
    fn page(&mut self) -> &mut Vec<Piece> {
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn new_page(&mut self) {
        if !self.page().is_empty() {
            self.pages.push(Vec::new());
        }
        self.y = TOP;
    }

    /// Start a new page unless `height` more fits on this one.
    fn room_for(&mut self, height: f32) {
        if self.y + height > BOTTOM && self.y > TOP {
            self.new_page();
        }
    }

    fn fragment(&mut self) -> usize {
        self.fragments += 1;
        self.fragments - 1
    }

    fn rule(&mut self, x1: f32, y1: f32, x2: f32, y2: f32) {
        self.page().push(Piece::Rule { x1, y1, x2, y2 });
    }

    fn blocks(&mut self, blocks: &[Block], x: f32, width: f32) -> Vec<Node> {
        let mut out = Vec::new();
        for (i, block) in blocks.iter().enumerate() {
            let node = match block {
                Block::Heading { level, runs } => {
                    let (size, tag) = match level {
                        1 => (14.0, 2),
                        2 => (12.5, 3),
                        3 => (11.5, 4),
                        _ => (11.0, 5),
                    };
                    // A heading keeps with the first lines of what follows.
                    let next = if blocks.get(i + 1).is_some() {
                        2.0 * line_height(BODY)
                    } else {
                        0.0
                    };
                    self.room_for(line_height(size) + 8.0 + next);
                    let runs: Vec<Run> = runs
                        .iter()
                        .map(|r| Run {
                            bold: true,
                            italic: r.italic || *level >= 4,
                            ..r.clone()
                        })
                        .collect();
                    self.heading(tag, &runs, size)
                }
                Block::Paragraph { number, runs } => {
                    self.paragraph(runs, x, width, number.as_deref())
                }
                Block::List { start, items } => self.list(*start, items, x, width),
                Block::Table { head, rows } => self.table(head, rows, x, width),
                Block::Quote(inner) => {
                    let italic: Vec<Block> = inner.iter().map(italicise).collect();
                    Node::Group(
                        Tag::Quote,
                        self.blocks(&italic, x + LIST_INDENT, width - 2.0 * LIST_INDENT),
                    )
                }
            };
            out.push(node);
        }
        out
    }

    fn heading(&mut self, level: u16, runs: &[Run], size: f32) -> Node {
        self.y += if level == 1 { 0.0 } else { 6.0 };
        self.room_for(line_height(size));
        let text: String = runs
            .iter()
            .map(|r| if r.is_break() { " " } else { r.text.as_str() })
            .collect();
        self.headings.push(Heading {
            level,
            text: text.clone(),
            page: self.pages.len() - 1,
            y: self.y,
        });
        let lines = self.set_lines(runs, MARGIN_X, TEXT_WIDTH, size, None);
        self.y += 2.0;
        Node::Group(Tag::Heading(level, text), lines)
    }

    /// A paragraph, with its number hanging in the margin when it has one.
    fn paragraph(&mut self, runs: &[Run], x: f32, width: f32, number: Option<&str>) -> Node {
        let lines = match number {
            Some(n) => {
                let label = Segment {
                    face: Face::Regular,
                    text: format!("{n}."),
                    strike: false,
                };
                self.set_lines(
                    runs,
                    x + NUMBER_INDENT,
                    width - NUMBER_INDENT,
                    BODY,
                    Some((x, label)),
                )
            }
            None => self.set_lines(runs, x, width, BODY, None),
        };
        self.y += AFTER_PARAGRAPH;
        Node::Group(Tag::Paragraph, lines)
    }

    /// Lines of `runs` from the cursor down, each a fragment of its own;
    /// `label` goes at the start of the first line.
    fn set_lines(
        &mut self,
        runs: &[Run],
        x: f32,
        width: f32,
        size: f32,
        label: Option<(f32, Segment)>,
    ) -> Vec<Node> {
        let mut label = label;
        let mut nodes = Vec::new();
        for line in self.break_lines(runs, width, size) {
            self.room_for(line_height(size));
            let baseline = self.y + size;
            let fragment = self.fragment();
            if let Some((label_x, segment)) = label.take() {
                self.page().push(Piece::Text {
                    x: label_x,
                    y: baseline,
                    face: segment.face,
                    size,
                    text: format!("{} ", segment.text),
                    fragment,
                });
            }
            self.segments(line, x, baseline, size, Some(fragment));
            nodes.push(Node::Fragment(fragment));
            self.y += line_height(size);
        }
        nodes
    }

    /// A line's segments from `x` along the baseline, each struck-through
    /// one with a line drawn through it after the line's text (a fragment's
    /// text is one tagged stretch, which a rule between would cut). Text of
    /// the tagged `fragment`, or, with none, a repeat of text tagged
    /// elsewhere, set as furniture.
    fn segments(
        &mut self,
        line: Vec<Segment>,
        x: f32,
        baseline: f32,
        size: f32,
        fragment: Option<usize>,
    ) {
        let mut at = x;
        let mut strikes = Vec::new();
        for segment in line {
            let advance = self.fonts.width(segment.face, size, &segment.text);
            if segment.strike {
                strikes.push((at, at + advance));
            }
            let (x, y, face, text) = (at, baseline, segment.face, segment.text);
            self.page().push(match fragment {
                Some(fragment) => Piece::Text {
                    x,
                    y,
                    face,
                    size,
                    text,
                    fragment,
                },
                None => Piece::Repeat {
                    x,
                    y,
                    face,
                    size,
                    text,
                },
            });
            at += advance;
        }
        let y = baseline - 0.3 * size;
        for (from, to) in strikes {
            self.rule(from, y, to, y);
        }
    }

    /// Runs broken into lines no wider than `width`: at spaces, at line
    /// breaks, and inside a word only when it is wider than a line.
    fn break_lines(&self, runs: &[Run], width: f32, size: f32) -> Vec<Vec<Segment>> {
        let mut lines: Vec<Vec<Segment>> = vec![Vec::new()];
        let mut used = 0.0;
        for run in runs {
            if run.is_break() {
                lines.push(Vec::new());
                used = 0.0;
                continue;
            }
            let face = Face::of(run.bold, run.italic);
            for word in run.text.split_inclusive(' ') {
                let w = self.fonts.width(face, size, word);
                let bare = self.fonts.width(face, size, word.trim_end());
                let line_is_empty = lines.last().is_none_or(Vec::is_empty);
                if used + bare > width && !line_is_empty {
                    lines.push(Vec::new());
                    used = 0.0;
                }
                if bare > width {
                    // A word longer than a line is cut where it must be.
                    for c in word.chars() {
                        let cw = self.fonts.width(face, size, c.encode_utf8(&mut [0; 4]));
                        if used + cw > width && used > 0.0 {
                            lines.push(Vec::new());
                            used = 0.0;
                        }
                        push_text(lines.last_mut(), face, run.strike, &c.to_string());
                        used += cw;
                    }
                    continue;
                }
                push_text(lines.last_mut(), face, run.strike, word);
                used += w;
            }
        }
        for line in &mut lines {
            if let Some(last) = line.last_mut() {
                let trimmed = last.text.trim_end().len();
                last.text.truncate(trimmed);
            }
            line.retain(|s| !s.text.is_empty());
        }
        // Empty lines count only between lines of text: a blank line of a
        // code block keeps its place, a break at either end takes none.
        while lines.len() > 1 && lines.last().is_some_and(Vec::is_empty) {
            lines.pop();
        }
        let leading = lines.iter().take_while(|l| l.is_empty()).count();
        lines.drain(..leading.min(lines.len().saturating_sub(1)));
        lines
    }

    fn list(&mut self, start: Option<u64>, items: &[Vec<Block>], x: f32, width: f32) -> Node {
        let mut nodes = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let mark = match start {
                Some(first) => format!("{}.", first + i as u64),
                None => "•".to_owned(),
            };
            let body_x = x + LIST_INDENT + if start.is_some() { 6.0 } else { 0.0 };
            let body_width = width - (body_x - x);
            self.room_for(line_height(BODY));
            let label_fragment = self.fragment();
            let baseline = self.y + BODY;
            self.page().push(Piece::Text {
                x: x + 4.0,
                y: baseline,
                face: Face::Regular,
                size: BODY,
                text: mark,
                fragment: label_fragment,
            });
            let mut body = Vec::new();
            for (j, block) in item.iter().enumerate() {
                let node = match block {
                    Block::Paragraph { runs, .. } => {
                        let lines = self.set_lines(runs, body_x, body_width, BODY, None);
                        let last = j + 1 == item.len();
                        self.y += if last { 2.0 } else { AFTER_PARAGRAPH };
                        Node::Group(Tag::Paragraph, lines)
                    }
                    other => {
                        let mut inner =
                            self.blocks(std::slice::from_ref(other), body_x, body_width);
                        inner
                            .pop()
                            .unwrap_or(Node::Group(Tag::Paragraph, Vec::new()))
                    }
                };
                body.push(node);
            }
            nodes.push(Node::Group(
                Tag::Item,
                vec![
                    Node::Group(Tag::Label, vec![Node::Fragment(label_fragment)]),
                    Node::Group(Tag::ItemBody, body),
                ],
            ));
        }
        self.y += AFTER_PARAGRAPH;
        Node::Group(
            Tag::List {
                ordered: start.is_some(),
            },
            nodes,
        )
    }
}

fn push_text(line: Option<&mut Vec<Segment>>, face: Face, strike: bool, text: &str) {
    let Some(line) = line else { return };
    match line.last_mut() {
        Some(last) if last.face == face && last.strike == strike => last.text.push_str(text),
        _ => line.push(Segment {
            face,
            text: text.to_owned(),
            strike,
        }),
    }
}

fn italicise(block: &Block) -> Block {
    match block {
        Block::Paragraph { number, runs } => Block::Paragraph {
            number: number.clone(),
            runs: runs
                .iter()
                .map(|r| Run {
                    italic: true,
                    ..r.clone()
                })
                .collect(),
        },
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paper::Footer;
    use crate::render::document::blocks;

    fn document(body: &str, appendix: &str) -> Document {
        Document {
            title: "A paper".to_owned(),
            details: vec![("Report", "1".to_owned())],
            notice: None,
            body: blocks(body),
            appendices: vec![("Appendix 1: More".to_owned(), blocks(appendix))],
            footer: Footer {
                committee: "Committee".to_owned(),
                report: "1".to_owned(),
                meeting: "1 May 2003".to_owned(),
                as_at: "1 May 2003".to_owned(),
                computed: false,
            },
        }
    }

    #[test]
    fn an_appendix_starts_a_new_page_at_its_top() {
        let fonts = Fonts::new().expect("fonts");
        let pages = set(&document("## Summary\n\nShort.\n", "Text.\n"), &fonts);
        assert_eq!(pages.pages.len(), 2);
        let appendix = pages
            .headings
            .iter()
            .find(|h| h.text == "Appendix 1: More")
            .expect("a heading");
        assert_eq!((appendix.page, appendix.level), (1, 2));
        assert!(appendix.y <= TOP + 6.0, "{}", appendix.y);
    }

    #[test]
    fn a_code_blocks_lines_are_lines_and_struck_text_has_a_line_through_it() {
        let fonts = Fonts::new().expect("fonts");
        let pages = set(
            &document("```\nfirst line\nsecond line\n```\n\n~~gone~~\n", ""),
            &fonts,
        );
        let texts: Vec<(f32, &str)> = pages
            .pages
            .iter()
            .flatten()
            .filter_map(|p| match p {
                Piece::Text { y, text, .. } => Some((*y, text.as_str())),
                Piece::Rule { .. } | Piece::Repeat { .. } => None,
            })
            .collect();
        let y_of = |wanted: &str| {
            texts
                .iter()
                .find(|(_, t)| *t == wanted)
                .map(|(y, _)| *y)
                .unwrap_or_else(|| panic!("{wanted} in {texts:?}"))
        };
        assert!(y_of("first line") < y_of("second line"));
        // A blank line of code keeps its place.
        let blank = set(&document("```\nabove\n\nbelow\n```\n", ""), &fonts);
        let y = |wanted: &str| {
            blank.pages.iter().flatten().find_map(|p| match p {
                Piece::Text { y, text, .. } if text == wanted => Some(*y),
                _ => None,
            })
        };
        let gap = y("below").zip(y("above")).map(|(b, a)| b - a);
        assert!(
            gap.is_some_and(|g| (g - 2.0 * line_height(BODY)).abs() < 0.01),
            "{gap:?}"
        );
        let gone = y_of("gone");
        let struck = pages.pages.iter().flatten().any(|p| {
            matches!(p, Piece::Rule { x1, y1, x2, y2 }
                if (y1 - y2).abs() < 0.01 && *y1 < gone && *y1 > gone - BODY
                    && (x2 - x1 - fonts.width(Face::Regular, BODY, "gone")).abs() < 0.01)
        });
        assert!(struck, "a line through \"gone\"");
    }

    #[test]
    fn a_table_row_taller_than_a_page_goes_on_over_the_pages_losing_nothing() {
        let fonts = Fonts::new().expect("fonts");
        let words: Vec<String> = (0..4000).map(|i| format!("w{i}")).collect();
        let table = format!(
            "Before.\n\n| A | B |\n| --- | --- |\n| {} | short |\n",
            words.join(" ")
        );
        let pages = set(&document(&table, ""), &fonts);
        assert!(pages.pages.len() > 3, "{}", pages.pages.len());
        let mut printed = Vec::new();
        for piece in pages.pages.iter().flatten() {
            match piece {
                Piece::Text { y, text, .. } => {
                    assert!(*y <= BOTTOM, "{y}: {text}");
                    printed.extend(text.split(' ').map(str::to_owned));
                }
                Piece::Rule { y1, y2, .. } => assert!(y1.max(*y2) <= BOTTOM + 0.01, "{y1} {y2}"),
                Piece::Repeat { y, text, .. } => assert!(*y <= BOTTOM, "{y}: {text}"),
            }
        }
        let cell: Vec<&String> = printed.iter().filter(|w| w.starts_with('w')).collect();
        assert_eq!(cell, words.iter().collect::<Vec<_>>());
        assert!(printed.contains(&"short".to_owned()));
    }

    #[test]
    fn a_table_over_several_pages_repeats_its_header_row_as_furniture() {
        let fonts = Fonts::new().expect("fonts");
        let rows: String = (0..120).map(|i| format!("| Row {i} | v{i} |\n")).collect();
        let table = format!("Before.\n\n| Name | Value |\n| --- | --- |\n{rows}\nAfter.\n");
        let pages = set(&document(&table, ""), &fonts);
        assert!(pages.pages.len() >= 3, "{}", pages.pages.len());
        let mut body = Vec::new();
        for (number, page) in pages.pages.iter().enumerate() {
            let repeated: Vec<(f32, &str)> = page
                .iter()
                .filter_map(|p| match p {
                    Piece::Repeat { y, text, .. } => Some((*y, text.as_str())),
                    _ => None,
                })
                .collect();
            let texts: Vec<(f32, &str)> = page
                .iter()
                .filter_map(|p| match p {
                    Piece::Text { y, text, .. } => Some((*y, text.as_str())),
                    _ => None,
                })
                .collect();
            let table_goes_on = texts.iter().any(|(_, t)| t.starts_with("Row "));
            if number == 0 || !table_goes_on {
                assert!(repeated.is_empty(), "page {number}: {repeated:?}");
            } else {
                // The header first, at the top, and every row below it.
                assert_eq!(
                    repeated.iter().map(|(_, t)| *t).collect::<Vec<_>>(),
                    ["Name", "Value"],
                    "page {number}"
                );
                let header_y = repeated[0].0;
                assert!(header_y < TOP + line_height(BODY) + 2.0 * CELL_PADDING);
                assert!(texts.iter().all(|(y, _)| *y > header_y), "page {number}");
            }
            body.extend(texts.iter().map(|(_, t)| t.to_string()));
        }
        // Every row once, in order; the header once as content.
        let printed: Vec<&String> = body.iter().filter(|t| t.starts_with("Row ")).collect();
        let wanted: Vec<String> = (0..120).map(|i| format!("Row {i}")).collect();
        assert_eq!(printed, wanted.iter().collect::<Vec<_>>());
        assert_eq!(body.iter().filter(|t| *t == "Name").count(), 1);
        fn header_cells(nodes: &[Node]) -> usize {
            nodes
                .iter()
                .map(|node| match node {
                    Node::Group(Tag::HeaderCell, _) => 1,
                    Node::Group(_, children) => header_cells(children),
                    Node::Fragment(_) => 0,
                })
                .sum()
        }
        assert_eq!(header_cells(&pages.tree), 2);
    }

    #[test]
    fn lines_wrap_inside_the_margins_and_pages_break_before_the_bottom() {
        let fonts = Fonts::new().expect("fonts");
        let long = "word ".repeat(3000)
            + "Averyveryverylongwordthatcannotfitonasinglelineofthepageatallwhateverhappens"
                .repeat(3)
                .as_str();
        let pages = set(&document(&format!("#. {long}\n"), ""), &fonts);
        assert!(pages.pages.len() > 3);
        for piece in pages.pages.iter().flatten() {
            if let Piece::Text {
                x,
                y,
                face,
                size,
                text,
                ..
            } = piece
            {
                let right = x + fonts.width(*face, *size, text);
                assert!(right <= PAGE_WIDTH - MARGIN_X + 0.01, "{right}: {text}");
                assert!(*y <= BOTTOM + *size, "{y}");
            }
        }
    }
}
