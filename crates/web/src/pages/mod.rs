//! The portal's pages, rendered from a [`Snapshot`] by [`render`]: the same
//! function serves HTTP requests and writes the static export. Links are
//! relative (`PageCtx::link`), so an exported site works from any directory
//! of any web server.
//!
//! Paths are language-independent (`projects/P1/`); English pages live under
//! the `en/` prefix. Each page has its own module with one template struct.

pub(crate) mod budget;
mod editions;
mod evaluation;
mod home;
pub(crate) mod indicator;
mod opendata;
mod org;
mod plan;
mod project;
pub(crate) mod reform;
mod sdgs;
mod search;

use crate::error::WebError;
use crate::i18n::{Lang, Texts, texts};
use crate::snapshot::Snapshot;

/// What a path renders to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rendered {
    /// An HTML page.
    Html(String),
    /// A download (CSV, JSON) with its content type.
    File {
        /// MIME type.
        content_type: &'static str,
        /// Body.
        body: String,
    },
}

/// What every page template needs: language, strings, relative links.
#[derive(Debug, Clone)]
pub struct PageCtx {
    /// Display language.
    pub lang: Lang,
    /// UI strings of that language.
    pub t: &'static Texts,
    /// `../` repeated to reach the site root from this page.
    pub base: String,
    /// The page's language-independent path, e.g. `projects/P1/`.
    pub path: String,
    /// The page title (without the site name).
    pub title: String,
    /// The site's name: municipality and plan.
    pub site: String,
    /// Which navigation entry is current (`home`, `plan`, …), for `aria-current`.
    pub nav: &'static str,
}

impl PageCtx {
    /// A context for a page at `path` in `lang`.
    pub fn new(
        snap: &Snapshot,
        lang: Lang,
        path: &str,
        title: impl Into<String>,
        nav: &'static str,
    ) -> PageCtx {
        let depth = format!("{}{path}", lang.prefix()).matches('/').count();
        PageCtx {
            lang,
            t: texts(lang),
            base: if depth == 0 {
                "./".to_string()
            } else {
                "../".repeat(depth)
            },
            path: path.to_string(),
            title: title.into(),
            site: format!("{} {}", snap.plan.municipality.name, snap.plan.plan.name),
            nav,
        }
    }
    /// A UI string.
    pub fn t(&self, key: &'static str) -> &'static str {
        self.t.get(key)
    }
    /// A relative link to a page of the same language.
    pub fn link(&self, path: &str) -> String {
        format!("{}{}{path}", self.base, self.lang.prefix())
    }
    /// A relative link to this page in the other language.
    pub fn other_lang_link(&self) -> String {
        format!("{}{}{}", self.base, self.lang.other().prefix(), self.path)
    }
    /// A relative link to an asset.
    pub fn asset(&self, name: &str) -> String {
        format!("{}assets/{name}", self.base)
    }
    /// `aria-current="page"` for the current navigation entry.
    pub fn current(&self, nav: &str) -> &'static str {
        if self.nav == nav { "page" } else { "false" }
    }
    /// Whether the page is English.
    pub fn en(&self) -> bool {
        self.lang == Lang::En
    }
}

/// A page module's router: renders the paths it owns, `None` for others.
type Route = fn(&Snapshot, Lang, &[&str], Option<&str>) -> Option<Result<Rendered, WebError>>;

/// A page module's list of paths (for the static export and crawlers).
type Paths = fn(&Snapshot) -> Vec<String>;

/// Every page module with its router and its list of paths.
const MODULES: [(Route, Paths); 11] = [
    (project::route, project::paths),
    (indicator::route, indicator::paths),
    (plan::route, plan::paths),
    (sdgs::route, sdgs::paths),
    (editions::route, editions::paths),
    (evaluation::route, evaluation::paths),
    (search::route, search::paths),
    (opendata::route, opendata::paths),
    (reform::route, reform::paths),
    (budget::route, budget::paths),
    (org::route, org::paths),
];

/// Renders the page at a language-independent `path` (no leading slash,
/// trailing slash for pages), with the raw query string for search.
pub fn render(
    snap: &Snapshot,
    lang: Lang,
    path: &str,
    query: Option<&str>,
) -> Result<Rendered, WebError> {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    if segments.is_empty() {
        return home::render(snap, lang).map(Rendered::Html);
    }
    MODULES
        .iter()
        .find_map(|(route, _)| route(snap, lang, &segments, query))
        .unwrap_or_else(|| {
            Err(WebError::not_found(
                lang,
                format!("/{}{path}", lang.prefix()),
            ))
        })
}

/// Every page and download of the site (language-independent paths), for
/// the static export and the crawler tests.
pub fn all_paths(snap: &Snapshot) -> Vec<String> {
    let mut paths = vec![String::new()];
    for (_, list) in MODULES {
        paths.extend(list(snap));
    }
    paths
}

/// Renders an askama template, mapping a failure to an internal error.
pub(crate) fn html<T: askama::Template>(t: &T, lang: Lang) -> Result<String, WebError> {
    t.render().map_err(|e| {
        tracing::error!(error = %e, "template failed");
        WebError {
            kind: crate::error::Kind::Internal,
            format: crate::error::Format::Html(lang),
        }
    })
}
