//! Placeholder: replaced by the page's real implementation.

use super::Rendered;
use crate::error::WebError;
use crate::i18n::Lang;
use crate::snapshot::Snapshot;

/// Renders the paths this module owns; `None` for other paths.
pub fn route(
    _snap: &Snapshot,
    _lang: Lang,
    _segments: &[&str],
    _query: Option<&str>,
) -> Option<Result<Rendered, WebError>> {
    None
}

/// The paths this module owns (for the static export and crawlers).
pub fn paths(_snap: &Snapshot) -> Vec<String> {
    Vec::new()
}
