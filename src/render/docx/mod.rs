//! A committee paper as a Word document: takes a `Document` (and, when the
//! repository has one, its organisation's template) and gives the bytes of
//! a .docx: Word's own heading styles, numbered paragraphs and lists that
//! Word numbers, tables with header rows that repeat, the report's header
//! block, the running header and "Page N of M" in the footer. Every text is
//! escaped for XML. This file writes the document's body; `package.rs`
//! writes the other parts and the zip.

mod package;

use std::fmt::Write as _;

use super::document::{Block, Document, Run, cell, columns};

pub(crate) use package::{TEMPLATE_LIMIT, Template};

/// The .docx of a paper, with the template's styles, header and footer when
/// there is one.
pub(crate) fn docx(document: &Document, template: Option<&Template>) -> Result<Vec<u8>, String> {
    let mut body = Body::default();
    body.paragraph("Title", &[Run::plain(&document.title)], None);
    body.paragraph("PaperDetails", &document.detail_lines(), None);
    if let Some(notice) = &document.notice {
        body.paragraph("Notice", &[Run::plain(notice)], None);
    }
    body.blocks(&document.body, 0);
    for (title, blocks) in &document.appendices {
        body.new_page = true;
        body.section_start();
        body.paragraph("Heading1", &[Run::plain(title)], None);
        body.blocks(blocks, 0);
    }
    package::write(document, &body.xml, &body.numbering, template)
}

/// The numbered things of a document: each list or run of numbered
/// paragraphs is a numbering instance of its own, so each starts at its
/// own first number.
#[derive(Default)]
pub(super) struct Numbering {
    /// (abstract numbering id, start) of each instance, numbered from 1.
    pub(super) instances: Vec<(u32, u64)>,
}

/// The largest number Word starts a numbering at.
const WORD_LARGEST_START: u64 = 32767;

/// Abstract numberings defined in `numbering.xml`.
pub(super) const BULLETS: u32 = 1;
pub(super) const ORDERED: u32 = 2;
pub(super) const PARAGRAPHS: u32 = 3;

impl Numbering {
    fn instance(&mut self, abstract_id: u32, start: u64) -> usize {
        self.instances.push((abstract_id, start));
        self.instances.len()
    }
}

#[derive(Default)]
struct Body {
    xml: String,
    numbering: Numbering,
    /// The instance numbering this section's paragraphs, and the number the
    /// next one must have for Word to number it.
    paragraphs: Option<(usize, u64)>,
    /// The next paragraph starts a new page.
    new_page: bool,
}

impl Body {
    /// A section's paragraphs are numbered afresh.
    fn section_start(&mut self) {
        self.paragraphs = None;
    }

    fn blocks(&mut self, blocks: &[Block], depth: usize) {
        for block in blocks {
            self.block(block, depth);
        }
    }

    fn block(&mut self, block: &Block, depth: usize) {
        match block {
            Block::Heading { level, runs } => {
                if *level <= 1 {
                    self.section_start();
                }
                let style = format!("Heading{}", level.min(&6));
                self.paragraph(&style, runs, None);
            }
            Block::Paragraph { number, runs } => match number {
                Some(n) => self.numbered_paragraph(n, runs),
                None => self.paragraph("Normal", runs, None),
            },
            Block::List { start, items } => {
                let instance = match start {
                    Some(first) => self.numbering.instance(ORDERED, *first),
                    None => self.numbering.instance(BULLETS, 1),
                };
                for item in items {
                    if item.is_empty() {
                        // An empty item still shows its bullet or number.
                        self.paragraph("ListParagraph", &[], Some((instance, depth)));
                    }
                    let mut first = true;
                    for inner in item {
                        match inner {
                            Block::Paragraph { runs, .. } if first => {
                                self.paragraph("ListParagraph", runs, Some((instance, depth)));
                            }
                            Block::Paragraph { runs, .. } => {
                                self.indented_paragraph(runs, depth + 1);
                            }
                            other => self.block(other, depth + 1),
                        }
                        first = false;
                    }
                }
            }
            Block::Table { head, rows } => self.table(head, rows),
            Block::Quote(blocks) => {
                for inner in blocks {
                    match inner {
                        Block::Paragraph { runs, .. } => self.paragraph("Quote", runs, None),
                        other => self.block(other, depth),
                    }
                }
            }
        }
    }

    /// A numbered paragraph is numbered by Word while the numbers run on
    /// (1, 2, 3 …); a number out of that run is kept as typed, as is one
    /// past the largest Word starts a numbering at.
    fn numbered_paragraph(&mut self, number: &str, runs: &[Run]) {
        let n: u64 = number
            .parse()
            .ok()
            .filter(|n| *n <= WORD_LARGEST_START)
            .unwrap_or(0);
        let instance = match self.paragraphs {
            Some((instance, next)) if next == n => Some(instance),
            _ if n > 0 => Some(self.numbering.instance(PARAGRAPHS, n)),
            _ => None,
        };
        match instance {
            Some(instance) => {
                self.paragraphs = Some((instance, n.saturating_add(1)));
                self.paragraph("NumberedParagraph", runs, Some((instance, 0)));
            }
            None => {
                let mut typed = vec![Run::plain(format!("{number}.\t"))];
                typed.extend_from_slice(runs);
                self.paragraph("NumberedParagraph", &typed, None);
            }
        }
    }

    fn indented_paragraph(&mut self, runs: &[Run], depth: usize) {
        let indent = 360 * (depth + 1);
        let _ = write!(
            self.xml,
            "<w:p><w:pPr><w:pStyle w:val=\"ListParagraph\"/><w:ind w:left=\"{indent}\"/></w:pPr>"
        );
        self.runs(runs);
        self.xml.push_str("</w:p>");
    }

    fn paragraph(&mut self, style: &str, runs: &[Run], numbered: Option<(usize, usize)>) {
        let _ = write!(self.xml, "<w:p><w:pPr><w:pStyle w:val=\"{style}\"/>");
        if std::mem::take(&mut self.new_page) {
            self.xml.push_str("<w:pageBreakBefore/>");
        }
        if let Some((instance, level)) = numbered {
            let _ = write!(
                self.xml,
                "<w:numPr><w:ilvl w:val=\"{}\"/><w:numId w:val=\"{instance}\"/></w:numPr>",
                level.min(8)
            );
        }
        self.xml.push_str("</w:pPr>");
        self.runs(runs);
        self.xml.push_str("</w:p>");
    }

    fn runs(&mut self, runs: &[Run]) {
        for run in runs {
            if run.is_break() {
                self.xml.push_str("<w:r><w:br/></w:r>");
                continue;
            }
            self.xml.push_str("<w:r>");
            if run.bold || run.italic || run.strike {
                self.xml.push_str("<w:rPr>");
                if run.bold {
                    self.xml.push_str("<w:b/>");
                }
                if run.italic {
                    self.xml.push_str("<w:i/>");
                }
                if run.strike {
                    self.xml.push_str("<w:strike/>");
                }
                self.xml.push_str("</w:rPr>");
            }
            let _ = write!(
                self.xml,
                "<w:t xml:space=\"preserve\">{}</w:t></w:r>",
                xml_text(&run.text)
            );
        }
    }

    /// A table whose first row is its header, repeated on each page.
    fn table(&mut self, head: &[Vec<Run>], rows: &[Vec<Vec<Run>>]) {
        let columns = columns(head, rows);
        self.xml.push_str(
            "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:tblLook w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>",
        );
        for _ in 0..columns {
            let _ = write!(self.xml, "<w:gridCol w:w=\"{}\"/>", 9000 / columns);
        }
        self.xml.push_str("</w:tblGrid>");
        let row = |body: &mut Body, cells: &[Vec<Run>], header: bool| {
            body.xml.push_str("<w:tr>");
            if header {
                body.xml
                    .push_str("<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>");
            }
            for i in 0..columns {
                body.xml
                    .push_str("<w:tc><w:p><w:pPr><w:pStyle w:val=\"TableText\"/></w:pPr>");
                body.runs(&cell(cells, i, header));
                body.xml.push_str("</w:p></w:tc>");
            }
            body.xml.push_str("</w:tr>");
        };
        if !head.is_empty() {
            row(self, head, true);
        }
        for cells in rows {
            row(self, cells, false);
        }
        self.xml.push_str("</w:tbl>");
    }
}

/// Text made safe for XML: the five special characters escaped, and the
/// characters XML 1.0 does not allow (most control characters) dropped.
pub(super) fn xml_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_stray_control_characters_dropped() {
        assert_eq!(
            xml_text("<w:t>&'\"\u{1}\u{7}ok"),
            "&lt;w:t&gt;&amp;&apos;&quot;ok"
        );
    }
}
