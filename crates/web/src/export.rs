//! The static export: every page in both languages written as files from the
//! same templates (`DIR/index.html`, `DIR/en/projects/P1/index.html`, …) plus
//! the assets. Links are relative, so the directory can be published on any
//! web server or CDN — how a city publishes from a closed network.

use crate::i18n::Lang;
use crate::pages::{self, Rendered};
use crate::snapshot::Snapshot;
use std::path::Path;

/// What was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ExportSummary {
    /// HTML pages.
    pub pages: usize,
    /// Downloads and assets.
    pub files: usize,
}

/// Writes the whole portal into `dir` (created if missing).
pub fn export(snap: &Snapshot, dir: &Path) -> std::io::Result<ExportSummary> {
    let mut summary = ExportSummary::default();
    std::fs::create_dir_all(dir.join("assets"))?;
    std::fs::write(dir.join("assets/style.css"), crate::STYLE_CSS)?;
    summary.files += 1;
    for lang in Lang::ALL {
        for path in pages::all_paths(snap) {
            let rendered = pages::render(snap, lang, &path, None)
                .map_err(|e| std::io::Error::other(format!("/{}{path}: {e:?}", lang.prefix())))?;
            let target = dir.join(lang.prefix()).join(&path);
            match rendered {
                Rendered::Html(body) => {
                    std::fs::create_dir_all(&target)?;
                    std::fs::write(target.join("index.html"), body)?;
                    summary.pages += 1;
                }
                Rendered::File { body, .. } => {
                    if let Some(parent) = target.parent() {
                        std::fs::create_dir_all(parent)?;
                    }
                    std::fs::write(&target, body)?;
                    summary.files += 1;
                }
            }
        }
    }
    Ok(summary)
}
