//! The PDF's fonts: Liberation Sans (regular, bold, italic; SIL Open Font
//! License, in `assets/fonts/`), built into the program so that a paper
//! looks the same on every machine. Takes text; gives its width at a size,
//! and the glyphs krilla draws (krilla embeds only the glyphs used).

use krilla::text::{Font, GlyphId, KrillaGlyph};
use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider as _};

const REGULAR: &[u8] = include_bytes!("../../../assets/fonts/LiberationSans-Regular.ttf");
const BOLD: &[u8] = include_bytes!("../../../assets/fonts/LiberationSans-Bold.ttf");
const ITALIC: &[u8] = include_bytes!("../../../assets/fonts/LiberationSans-Italic.ttf");

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
    metrics: FontRef<'static>,
    units_per_em: f32,
}

pub(super) struct Fonts {
    faces: [Loaded; 3],
}

impl Fonts {
    pub(super) fn new() -> Result<Fonts, String> {
        let load = |bytes: &'static [u8]| -> Result<Loaded, String> {
            let broken = || "a built-in font could not be read".to_owned();
            let pdf = Font::new(bytes.into(), 0).ok_or_else(broken)?;
            let metrics = FontRef::new(bytes).map_err(|_| broken())?;
            let units_per_em = f32::from(
                metrics
                    .metrics(Size::unscaled(), LocationRef::default())
                    .units_per_em,
            );
            Ok(Loaded {
                pdf,
                metrics,
                units_per_em,
            })
        };
        Ok(Fonts {
            faces: [load(REGULAR)?, load(BOLD)?, load(ITALIC)?],
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

    /// The glyphs of `text`, each with its advance in ems; a character the
    /// font lacks is its "missing glyph" (the text itself stays right).
    pub(super) fn glyphs(&self, face: Face, text: &str) -> Vec<KrillaGlyph> {
        let loaded = self.face(face);
        let charmap = loaded.metrics.charmap();
        let metrics = loaded
            .metrics
            .glyph_metrics(Size::unscaled(), LocationRef::default());
        text.char_indices()
            .map(|(i, c)| {
                let id = charmap.map(c).unwrap_or_default();
                let advance = metrics.advance_width(id).unwrap_or(0.0) / loaded.units_per_em;
                KrillaGlyph::new(
                    GlyphId::new(id.to_u32()),
                    advance,
                    0.0,
                    0.0,
                    0.0,
                    i..i + c.len_utf8(),
                    None,
                )
            })
            .collect()
    }

    /// The width of `text` at `size` points.
    pub(super) fn width(&self, face: Face, size: f32, text: &str) -> f32 {
        let loaded = self.face(face);
        let charmap = loaded.metrics.charmap();
        let metrics = loaded
            .metrics
            .glyph_metrics(Size::unscaled(), LocationRef::default());
        let units: f32 = text
            .chars()
            .map(|c| {
                metrics
                    .advance_width(charmap.map(c).unwrap_or_default())
                    .unwrap_or(0.0)
            })
            .sum();
        units / loaded.units_per_em * size
    }
}
