//! Japanese fonts for the PDF, self-hosted and loaded from disk.
//!
//! [`Fonts::discover`] looks, in order, at `KEIKAKU_FONT_DIR` (a directory
//! of font files, or one file) and then at the places Debian's font
//! packages install to ([`DEBIAN_CANDIDATES`]). Every font file found is
//! loaded (collections such as `.ttc` give several faces); at least one face
//! must cover Japanese (hiragana and kanji), otherwise the error names every
//! place looked at. Nothing is downloaded and no system font service is
//! asked: what is embedded is exactly what was found here.

use crate::error::PdfError;
use std::path::{Path, PathBuf};
use typst::foundations::Bytes;
use typst::text::{Font, FontBook};

/// The environment variable naming a font directory (or file) to use first.
pub const FONT_DIR_ENV: &str = "KEIKAKU_FONT_DIR";

/// Where Debian's Japanese font packages put their files, best first:
/// `fonts-ipaexfont-gothic`, `fonts-noto-cjk`, `fonts-ipafont-gothic`,
/// and the `truetype` directories of older and alternative packages.
pub const DEBIAN_CANDIDATES: [&str; 8] = [
    "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf",
    "/usr/share/fonts/truetype/fonts-japanese-gothic.ttf",
    "/usr/share/fonts/truetype/ipaexfont-gothic/ipaexg.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/vlgothic/VL-Gothic-Regular.ttf",
];

/// Fonts loaded beside the Japanese one when present, for the few symbols
/// Japanese fonts lack (e.g. `≥` in the grade formulas): Debian's
/// `fonts-dejavu-core`. Typst falls back to them glyph by glyph.
pub const FALLBACK_CANDIDATES: [&str; 1] = ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"];

/// Characters a face must have to set Japanese text: hiragana, katakana, kanji.
const JAPANESE_PROBE: [char; 4] = ['あ', 'ア', '計', '画'];

/// The fonts of a PDF, with the families to ask for (Japanese ones first).
#[derive(Debug, Clone)]
pub struct Fonts {
    pub(crate) fonts: Vec<Font>,
    pub(crate) book: FontBook,
    families: Vec<String>,
    sources: Vec<PathBuf>,
}

impl Fonts {
    /// Finds and loads the fonts (see the module documentation).
    pub fn discover() -> Result<Fonts, PdfError> {
        let env = std::env::var_os(FONT_DIR_ENV).map(PathBuf::from);
        let mut places: Vec<PathBuf> = env.into_iter().collect();
        places.extend(DEBIAN_CANDIDATES.iter().map(PathBuf::from));
        places.extend(FALLBACK_CANDIDATES.iter().map(PathBuf::from));
        Fonts::from_places(&places)
    }

    /// Loads the fonts of the given files and directories (directories are
    /// read one level deep); fails when none of them covers Japanese.
    pub fn from_places(places: &[PathBuf]) -> Result<Fonts, PdfError> {
        let mut fonts = Vec::new();
        let mut sources = Vec::new();
        for place in places {
            for file in font_files(place) {
                let Ok(data) = std::fs::read(&file) else {
                    continue;
                };
                let before = fonts.len();
                fonts.extend(Font::iter(Bytes::new(data)));
                if fonts.len() > before {
                    sources.push(file);
                }
            }
        }
        Fonts::from_fonts(fonts, sources).ok_or_else(|| PdfError::NoJapaneseFont {
            searched: places.to_vec(),
        })
    }

    fn from_fonts(fonts: Vec<Font>, sources: Vec<PathBuf>) -> Option<Fonts> {
        let mut families: Vec<String> = Vec::new();
        for f in fonts.iter().filter(|f| covers_japanese(f)) {
            if !families.contains(&f.info().family) {
                families.push(f.info().family.clone());
            }
        }
        if families.is_empty() {
            return None;
        }
        let book = FontBook::from_fonts(&fonts);
        Some(Fonts {
            fonts,
            book,
            families,
            sources,
        })
    }

    /// The Japanese font families found, in the order they are asked for.
    pub fn families(&self) -> &[String] {
        &self.families
    }

    /// The files the fonts were loaded from.
    pub fn sources(&self) -> &[PathBuf] {
        &self.sources
    }
}

fn covers_japanese(f: &Font) -> bool {
    JAPANESE_PROBE
        .iter()
        .all(|c| f.info().coverage.contains(u32::from(*c)))
}

/// The font files of a place: the file itself, or the font files in a
/// directory (sorted, so the choice is the same on every run).
fn font_files(place: &Path) -> Vec<PathBuf> {
    if place.is_file() {
        return vec![place.to_path_buf()];
    }
    let Ok(entries) = std::fs::read_dir(place) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && is_font_file(p))
        .collect();
    files.sort();
    files
}

fn is_font_file(p: &Path) -> bool {
    p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        matches!(
            e.to_ascii_lowercase().as_str(),
            "ttf" | "otf" | "ttc" | "otc"
        )
    })
}
