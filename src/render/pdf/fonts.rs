//! The PDF's fonts: Liberation Sans (regular, bold, italic; SIL Open Font
//! License, in `assets/fonts/`), built into the program so that a paper
//! looks the same on every machine. Takes text; gives its width at a size,
//! and the glyphs krilla draws (krilla embeds only the glyphs used).
//!
//! Every character is drawn as something a PDF/UA-1 reader accepts: its own
//! glyph; an invisible control or format character the fonts lack, as
//! nothing; a non-breaking hyphen, as a hyphen; any other character the
//! fonts lack (a symbol, an emoji, CJK), as a white square, with its real
//! text kept for copying and screen readers (krilla writes it as the
//! square's Unicode mapping, or as `/ActualText` where the square already
//! stands for another character). `check` warns of those (W011).

use krilla::text::{Font, GlyphId, KrillaGlyph};
use skrifa::charmap::Charmap;
use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::GlyphMetrics;
use skrifa::{FontRef, MetadataProvider as _};

const REGULAR: &[u8] = include_bytes!("../../../assets/fonts/LiberationSans-Regular.ttf");
const BOLD: &[u8] = include_bytes!("../../../assets/fonts/LiberationSans-Bold.ttf");
const ITALIC: &[u8] = include_bytes!("../../../assets/fonts/LiberationSans-Italic.ttf");

/// What a character the fonts have no glyph for is drawn as: U+25A1 WHITE
/// SQUARE, which every face has (the fonts have no U+FFFD).
pub(crate) const STAND_IN: char = '\u{25A1}';

/// Which of the three faces a piece of text is set in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Face {
    Regular,
    Bold,
    Italic,
}

impl Face {
    pub(super) fn of(bold: bool, italic: bool) -> Face {
        match (bold, italic) {
            (true, _) => Face::Bold,
            (false, true) => Face::Italic,
            (false, false) => Face::Regular,
        }
    }
}

struct Loaded {
    pdf: Font,
    charmap: Charmap<'static>,
    metrics: GlyphMetrics<'static>,
    units_per_em: f32,
}

impl Loaded {
    fn new(bytes: &'static [u8]) -> Result<Loaded, String> {
        let broken = || "a built-in font could not be read".to_owned();
        let pdf = Font::new(bytes.into(), 0).ok_or_else(broken)?;
        let font = FontRef::new(bytes).map_err(|_| broken())?;
        let units_per_em = f32::from(
            font.metrics(Size::unscaled(), LocationRef::default())
                .units_per_em,
        );
        Ok(Loaded {
            pdf,
            charmap: font.charmap(),
            metrics: font.glyph_metrics(Size::unscaled(), LocationRef::default()),
            units_per_em,
        })
    }

    /// The face's own glyph for `c`, if it has one.
    fn own(&self, c: char) -> Option<skrifa::GlyphId> {
        self.charmap.map(c).filter(|g| g.to_u32() != 0)
    }

    /// The glyph `c` is drawn with, and its advance in ems; `None` for a
    /// character drawn as nothing.
    fn glyph(&self, c: char) -> Option<(skrifa::GlyphId, f32)> {
        let id = match self.own(c) {
            Some(id) => id,
            None if invisible(c) => return None,
            None => self
                .own(equivalent(c))
                .or_else(|| self.own(STAND_IN))
                .unwrap_or_default(),
        };
        let advance = self.metrics.advance_width(id).unwrap_or(0.0) / self.units_per_em;
        Some((id, advance))
    }
}

pub(super) struct Fonts {
    faces: [Loaded; 3],
}

impl Fonts {
    pub(super) fn new() -> Result<Fonts, String> {
        Ok(Fonts {
            faces: [
                Loaded::new(REGULAR)?,
                Loaded::new(BOLD)?,
                Loaded::new(ITALIC)?,
            ],
        })
    }

    fn face(&self, face: Face) -> &Loaded {
        match face {
            Face::Regular => &self.faces[0],
            Face::Bold => &self.faces[1],
            Face::Italic => &self.faces[2],
        }
    }

    pub(super) fn pdf_font(&self, face: Face) -> Font {
        self.face(face).pdf.clone()
    }

    /// The glyphs of `text`, each with its advance in ems and the text it
    /// stands for.
    pub(super) fn glyphs(&self, face: Face, text: &str) -> Vec<KrillaGlyph> {
        let loaded = self.face(face);
        text.char_indices()
            .filter_map(|(i, c)| {
                let (id, advance) = loaded.glyph(c)?;
                Some(KrillaGlyph::new(
                    GlyphId::new(id.to_u32()),
                    advance,
                    0.0,
                    0.0,
                    0.0,
                    i..i + c.len_utf8(),
                    None,
                ))
            })
            .collect()
    }

    /// The width of `text` at `size` points.
    pub(super) fn width(&self, face: Face, size: f32, text: &str) -> f32 {
        let loaded = self.face(face);
        let ems: f32 = text
            .chars()
            .filter_map(|c| loaded.glyph(c))
            .map(|(_, advance)| advance)
            .sum();
        ems * size
    }

    /// Whether some face has no glyph of its own for `c` and draws the
    /// stand-in in its place.
    pub(super) fn lacks(&self, c: char) -> bool {
        self.faces
            .iter()
            .any(|f| f.own(c).is_none() && !invisible(c) && f.own(equivalent(c)).is_none())
    }
}

/// A character that shows nothing: a control character, a zero-width or
/// directional format character, a variation selector, a byte order mark, a
/// noncharacter. Where a face has no glyph for one, it is left out.
fn invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFF9}'..='\u{FFFB}'
                | '\u{FFFE}'
                | '\u{FFFF}'
                | '\u{E0000}'..='\u{E0FFF}'
        )
}

/// A character the fonts lack that looks the same as one they have.
fn equivalent(c: char) -> char {
    match c {
        // NON-BREAKING HYPHEN, drawn as HYPHEN.
        '\u{2011}' => '\u{2010}',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_character_without_a_glyph_is_the_stand_in_never_the_missing_glyph() {
        let fonts = Fonts::new().expect("fonts");
        for face in [Face::Regular, Face::Bold, Face::Italic] {
            let square = fonts.glyphs(face, &STAND_IN.to_string())[0].glyph_id;
            let glyphs = fonts.glyphs(face, "a✔中😀");
            assert_eq!(glyphs.len(), 4);
            assert!(glyphs.iter().all(|g| g.glyph_id != GlyphId::new(0)));
            assert_eq!(glyphs[1].glyph_id, square);
            assert_eq!(glyphs[2].glyph_id, square);
            // Each glyph stands for its own character, for copying.
            assert_eq!(glyphs[3].text_range, 7..11);
        }
    }

    #[test]
    fn invisible_characters_are_left_out_and_take_no_width() {
        let fonts = Fonts::new().expect("fonts");
        let text = "a\u{FEFF}b\u{1}\u{2060}";
        assert_eq!(fonts.glyphs(Face::Regular, text).len(), 2);
        assert_eq!(
            fonts.width(Face::Regular, 11.0, text),
            fonts.width(Face::Regular, 11.0, "ab")
        );
        assert!(!fonts.lacks('\u{FEFF}') && !fonts.lacks('\u{2011}'));
        assert!(fonts.lacks('✔') && !fonts.lacks('é') && !fonts.lacks('–'));
    }
}
