//! A committee paper as an accessible PDF, made by the program itself with
//! krilla (no browser, no TeX): takes a `Document` and gives the bytes of an
//! A4, tagged PDF checked against PDF/UA-1: a structure tree of headings,
//! paragraphs, lists and tables in reading order; the title and `en-GB` in
//! its metadata; bookmarks from the headings; a running header with the
//! report number and date and "Page N of M" as page furniture (artifacts);
//! appendices on new pages. `layout` sets the pages, `fonts` holds the
//! built-in fonts; this file draws them and builds the tags.

mod fonts;
mod layout;

use std::collections::BTreeSet;
use std::num::NonZeroU16;
use std::sync::LazyLock;

use krilla::configure::{Accessibility, ConfigurationBuilder, ValidationError};
use krilla::destination::XyzDestination;
use krilla::error::KrillaError;
use krilla::geom::{PathBuilder, Point};
use krilla::metadata::Metadata;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::Stroke;
use krilla::surface::Surface;
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Identifier, ListNumbering, SpanTag, TableHeaderScope,
    Tag as PdfTag, TagGroup, TagTree,
};
use krilla::{Document as PdfDocument, SerializeSettings};

use super::document::Document;
use fonts::{Face, Fonts};
use layout::{MARGIN_X, Node, PAGE_HEIGHT, PAGE_WIDTH, Piece, Tag};

const FURNITURE: f32 = 8.5;

/// The paper as a tagged PDF.
pub(crate) fn pdf(document: &Document) -> Result<Vec<u8>, String> {
    let fonts = Fonts::new()?;
    let pages = layout::set(document, &fonts);
    let configuration = ConfigurationBuilder::new()
        .with_accessibility_validator(Accessibility::UA1)
        .finish()
        .map_err(|_| "the PDF could not be set up for PDF/UA-1".to_owned())?;
    let settings = SerializeSettings {
        configuration,
        enable_tagging: true,
        ..SerializeSettings::default()
    };
    let mut pdf = PdfDocument::new_with(settings);
    let mut ids: Vec<Option<Identifier>> = vec![None; pages.fragments];
    let total = pages.pages.len();
    let header = document.running_header();
    let as_at = document.footer.as_at_note();
    for (index, pieces) in pages.pages.iter().enumerate() {
        let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT)
            .ok_or_else(|| "the page size is not valid".to_owned())?;
        let mut page = pdf.start_page_with(settings);
        let mut surface = page.surface();
        furniture(
            &mut surface,
            &fonts,
            ArtifactType::Header,
            &header,
            42.0,
            None,
        );
        let numbers = format!("Page {} of {total}", index + 1);
        furniture(
            &mut surface,
            &fonts,
            ArtifactType::Footer,
            &as_at,
            PAGE_HEIGHT - 36.0,
            Some(&numbers),
        );
        draw(&mut surface, &fonts, pieces, &mut ids);
        surface.finish();
        page.finish();
    }
    let mut tree = TagTree::new().with_lang(Some("en-GB".to_owned()));
    for node in &pages.tree {
        if let Some(child) = tag_node(node, &mut ids) {
            tree.push(child);
        }
    }
    pdf.set_tag_tree(tree);
    pdf.set_outline(outline(&pages.headings));
    pdf.set_metadata(
        Metadata::new()
            .title(document.title.clone())
            .language("en-GB".to_owned())
            .description(format!("{header}. {as_at}"))
            .creator("actionplan".to_owned()),
    );
    pdf.finish().map_err(|e| explain(&e))
}

/// The characters of `document` that the PDF's fonts have no glyph for,
/// and draw as a white square (`check` warns of them: W011).
pub(crate) fn lacking(document: &Document) -> Result<BTreeSet<char>, String> {
    let fonts = Fonts::new()?;
    let mut lacking = BTreeSet::new();
    document.each_text(|text| lacking.extend(text.chars().filter(|c| fonts.lacks(*c))));
    Ok(lacking)
}

/// Whether the PDF's fonts draw every character of `text`. A record whose
/// text they do can make no W011 warning, whatever paper prints from it,
/// so `check` need not keep its text. `false` when the fonts cannot be
/// read, which keeps every text.
pub(crate) fn draws_all(text: &str) -> bool {
    // The fonts are read once, and which ASCII characters they draw (all
    // of them, with the built-in fonts) is found once: nearly every record
    // is all ASCII, which a quick scan of its bytes tells.
    struct Drawn {
        fonts: Fonts,
        ascii: [bool; 128],
        every_ascii: bool,
    }
    static DRAWN: LazyLock<Option<Drawn>> = LazyLock::new(|| {
        let fonts = Fonts::new().ok()?;
        let ascii: [bool; 128] =
            std::array::from_fn(|b| char::from_u32(b as u32).is_some_and(|c| !fonts.lacks(c)));
        let every_ascii = ascii.iter().all(|&drawn| drawn);
        Some(Drawn {
            fonts,
            ascii,
            every_ascii,
        })
    });
    let Some(drawn) = &*DRAWN else {
        return false;
    };
    if drawn.every_ascii && text.is_ascii() {
        return true;
    }
    text.chars().all(|c| match drawn.ascii.get(c as usize) {
        Some(&ascii) => ascii,
        None => !drawn.fonts.lacks(c),
    })
}

/// krilla's refusal, in words: what in the paper broke which rule.
fn explain(error: &KrillaError) -> String {
    let KrillaError::Validation(errors) = error else {
        return format!("the PDF could not be made: {error}");
    };
    let mut reasons: Vec<String> = errors
        .iter()
        .map(|(error, _)| match error {
            ValidationError::ContainsNotDefGlyph(_, _, text) => {
                format!("its font has no glyph for {}", characters(text))
            }
            ValidationError::InvalidCodepointMapping(_, _, c, _) => format!(
                "it has the character U+{:04X}, which a PDF may not give as text",
                u32::from(*c)
            ),
            ValidationError::NoCodepointMapping(..) => {
                "a character it draws has no text for copying and screen readers".to_owned()
            }
            ValidationError::NoDocumentTitle => "it has no title".to_owned(),
            ValidationError::MissingHeadingTitle => "a heading has no text".to_owned(),
            other => format!("it breaks the rule krilla calls {other:?}"),
        })
        .collect();
    reasons.sort();
    reasons.dedup();
    format!(
        "the PDF could not be made, as it would not meet PDF/UA-1 (accessible PDF): {}",
        reasons.join("; ")
    )
}

/// "`✔` (U+2714)", for each character of `text`.
fn characters(text: &str) -> String {
    text.chars()
        .map(|c| format!("`{c}` (U+{:04X})", u32::from(c)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The running header (left) or the footer (the as-at note left, the page
/// numbers right), marked as page furniture, not content.
fn furniture(
    surface: &mut Surface<'_>,
    fonts: &Fonts,
    kind: ArtifactType,
    left: &str,
    baseline: f32,
    right: Option<&str>,
) {
    surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(kind)));
    text(
        surface,
        fonts,
        Face::Regular,
        FURNITURE,
        MARGIN_X,
        baseline,
        left,
    );
    if let Some(right) = right {
        let width = fonts.width(Face::Regular, FURNITURE, right);
        let x = PAGE_WIDTH - MARGIN_X - width;
        text(surface, fonts, Face::Regular, FURNITURE, x, baseline, right);
    }
    surface.end_tagged();
}

fn text(
    surface: &mut Surface<'_>,
    fonts: &Fonts,
    face: Face,
    size: f32,
    x: f32,
    y: f32,
    text: &str,
) {
    let glyphs = fonts.glyphs(face, text);
    surface.draw_glyphs(
        Point::from_xy(x, y),
        &glyphs,
        fonts.pdf_font(face),
        text,
        size,
        false,
    );
}

/// A page's pieces: each fragment's text in one tagged stretch, rules and
/// repeated table headers as page furniture.
fn draw(
    surface: &mut Surface<'_>,
    fonts: &Fonts,
    pieces: &[Piece],
    ids: &mut [Option<Identifier>],
) {
    let mut open: Option<usize> = None;
    for piece in pieces {
        match piece {
            Piece::Text {
                x,
                y,
                face,
                size,
                text: words,
                fragment,
            } => {
                if open != Some(*fragment) {
                    if open.is_some() {
                        surface.end_tagged();
                    }
                    let id = surface.start_tagged(ContentTag::Span(SpanTag::empty()));
                    if let Some(slot) = ids.get_mut(*fragment) {
                        *slot = Some(id);
                    }
                    open = Some(*fragment);
                }
                text(surface, fonts, *face, *size, *x, *y, words);
            }
            Piece::Repeat {
                x,
                y,
                face,
                size,
                text: words,
            } => {
                if open.take().is_some() {
                    surface.end_tagged();
                }
                surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
                    ArtifactType::Layout,
                )));
                text(surface, fonts, *face, *size, *x, *y, words);
                surface.end_tagged();
            }
            Piece::Rule { x1, y1, x2, y2 } => {
                if open.take().is_some() {
                    surface.end_tagged();
                }
                let mut path = PathBuilder::new();
                path.move_to(*x1, *y1);
                path.line_to(*x2, *y2);
                if let Some(path) = path.finish() {
                    surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(
                        ArtifactType::Layout,
                    )));
                    surface.set_fill(None);
                    surface.set_stroke(Some(Stroke {
                        width: 0.6,
                        ..Stroke::default()
                    }));
                    surface.draw_path(&path);
                    surface.set_stroke(None);
                    surface.set_fill(Some(krilla::paint::Fill::default()));
                    surface.end_tagged();
                }
            }
        }
    }
    if open.is_some() {
        surface.end_tagged();
    }
}

/// Our structure as krilla's tags; a group with nothing drawn in it is left
/// out, as an empty group may not be in the tree.
fn tag_node(node: &Node, ids: &mut [Option<Identifier>]) -> Option<krilla::tagging::Node> {
    match node {
        Node::Fragment(i) => ids.get_mut(*i)?.take().map(Into::into),
        Node::Group(tag, children) => {
            let children: Vec<krilla::tagging::Node> =
                children.iter().filter_map(|c| tag_node(c, ids)).collect();
            if children.is_empty() {
                return None;
            }
            let group = match tag {
                Tag::Heading(level, title) => {
                    let level = NonZeroU16::new(*level).unwrap_or(NonZeroU16::MIN);
                    TagGroup::with_children(PdfTag::Hn(level, Some(title.clone())), children)
                }
                Tag::Paragraph => TagGroup::with_children(PdfTag::P, children),
                Tag::List { ordered } => {
                    let numbering = if *ordered {
                        ListNumbering::Decimal
                    } else {
                        ListNumbering::Disc
                    };
                    TagGroup::with_children(PdfTag::L(numbering), children)
                }
                Tag::Item => TagGroup::with_children(PdfTag::LI, children),
                Tag::Label => TagGroup::with_children(PdfTag::Lbl, children),
                Tag::ItemBody => TagGroup::with_children(PdfTag::LBody, children),
                Tag::Table => TagGroup::with_children(PdfTag::Table, children),
                Tag::Row => TagGroup::with_children(PdfTag::TR, children),
                Tag::HeaderCell => {
                    TagGroup::with_children(PdfTag::TH(TableHeaderScope::Column), children)
                }
                Tag::Cell => TagGroup::with_children(PdfTag::TD, children),
                Tag::Quote => TagGroup::with_children(PdfTag::BlockQuote, children),
            };
            Some(group.into())
        }
    }
}

/// Bookmarks from the headings, nested by level: the sections and
/// appendices at the top, in order, with the headings inside each below
/// it. The title is not a bookmark: the reader shows it in its title bar.
fn outline(headings: &[layout::Heading]) -> Outline {
    let mut outline = Outline::new();
    // Each open level's node, built bottom up when a heading closes it.
    let mut stack: Vec<(u16, OutlineNode)> = Vec::new();
    let close = |stack: &mut Vec<(u16, OutlineNode)>, outline: &mut Outline, down_to: u16| {
        while stack.last().is_some_and(|(level, _)| *level >= down_to) {
            let Some((_, node)) = stack.pop() else { break };
            match stack.last_mut() {
                Some((_, parent)) => parent.push_child(node),
                None => outline.push_child(node),
            }
        }
    };
    for heading in headings.iter().filter(|h| h.level >= 2) {
        close(&mut stack, &mut outline, heading.level);
        let destination = XyzDestination::new(heading.page, Point::from_xy(MARGIN_X, heading.y));
        stack.push((
            heading.level,
            OutlineNode::new(heading.text.clone(), destination),
        ));
    }
    close(&mut stack, &mut outline, 0);
    outline
}

#[cfg(test)]
mod tests {
    use super::*;
    use krilla::configure::Validators;

    #[test]
    fn a_text_is_drawn_whole_only_when_the_fonts_have_every_character() {
        assert!(draws_all(
            "---\nid: x\r\n\tAll ASCII, with controls ~ | `\n"
        ));
        assert!(draws_all("The BOCU’s co‑operation, £5 and café"));
        assert!(!draws_all("Reviewed ✔ in September"));
        assert!(!draws_all("☎"));
        assert!(draws_all(""));
    }

    #[test]
    fn a_refusal_is_explained_in_words_not_debug_output() {
        let fonts = Fonts::new().expect("fonts");
        let font = fonts.pdf_font(Face::Regular);
        let error = KrillaError::Validation(vec![
            (
                ValidationError::ContainsNotDefGlyph(font.clone(), None, "✔".to_owned()),
                Validators::default(),
            ),
            (
                ValidationError::InvalidCodepointMapping(
                    font,
                    krilla::text::GlyphId::new(3),
                    '\u{feff}',
                    None,
                ),
                Validators::default(),
            ),
            (ValidationError::NoDocumentTitle, Validators::default()),
        ]);
        assert_eq!(
            explain(&error),
            "the PDF could not be made, as it would not meet PDF/UA-1 (accessible PDF): it has no title; it has the character U+FEFF, which a PDF may not give as text; its font has no glyph for `✔` (U+2714)"
        );
    }
}
