//! What can go wrong when making a PDF.

use std::path::PathBuf;

/// A PDF could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// No font that can set Japanese text was found.
    #[error(
        "no Japanese font found: looked at {}; install one (Debian: apt-get install fonts-ipaexfont-gothic) or set KEIKAKU_FONT_DIR to a directory of .ttf/.otf/.ttc files",
        list(.searched)
    )]
    NoJapaneseFont {
        /// Every file and directory looked at, in order.
        searched: Vec<PathBuf>,
    },
    /// The report could not be passed to the typesetter as JSON.
    #[error("cannot serialise the report for typesetting: {0}")]
    Data(#[from] serde_json::Error),
    /// Typesetting failed (a bug in the report template, not in the data).
    #[error("typesetting the {report} failed: {message}")]
    Typeset {
        /// Which report.
        report: &'static str,
        /// The typesetter's diagnostics.
        message: String,
    },
}

fn list(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
