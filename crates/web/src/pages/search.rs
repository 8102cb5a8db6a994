//! The search page `search/?q=…`: a plain GET form (works without
//! JavaScript) and the matches of the query in the current edition's texts,
//! grouped by kind, each linked to its page with the matching text shown and
//! the match marked (see [`crate::search_index`]).
//!
//! No query: the form, a hint and, because a static export cannot run
//! queries, a note saying search needs the server. A query longer than
//! [`MAX_QUERY_CHARS`] is a 400. Only `search/` itself is exported.

use super::{PageCtx, Rendered, html};
use crate::error::WebError;
use crate::i18n::Lang;
use crate::search_index::{self, Kind, MAX_QUERY_CHARS, Query, QueryError, Segment};
use crate::snapshot::Snapshot;
use askama::Template;

/// One found thing as shown.
struct Item {
    href: String,
    id: String,
    title: Vec<Segment>,
    context: Option<String>,
    texts: Vec<Vec<Segment>>,
}

/// The hits of one kind.
struct Group {
    anchor: String,
    label: String,
    items: Vec<Item>,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    ctx: PageCtx,
    /// The query as typed, for the input's value.
    q: String,
    /// Whether a (non-empty) query was searched.
    searched: bool,
    total: usize,
    groups: Vec<Group>,
    max: usize,
    /// ` lang="ja"` on English pages, for the plan's Japanese texts.
    jattr: &'static str,
}

/// Renders `search/`; `None` for other paths.
pub fn route(
    snap: &Snapshot,
    lang: Lang,
    segments: &[&str],
    query: Option<&str>,
) -> Option<Result<Rendered, WebError>> {
    match segments {
        ["search"] => Some(render(snap, lang, query).map(Rendered::Html)),
        _ => None,
    }
}

/// Only the form page: the static export cannot run queries.
pub fn paths(_snap: &Snapshot) -> Vec<String> {
    vec!["search/".to_string()]
}

fn render(snap: &Snapshot, lang: Lang, raw: Option<&str>) -> Result<String, WebError> {
    let t = crate::i18n::texts(lang);
    let bad = || WebError::bad_request(lang, t.get("search.bad_query"));
    let typed = match raw {
        Some(raw) => form_value(raw, "q").map_err(|()| bad())?,
        None => None,
    }
    .unwrap_or_default();
    let query = Query::new(&typed).map_err(|e| match e {
        QueryError::TooLong => WebError::bad_request(lang, t.get("search.too_long")),
    })?;
    let title = match &query {
        Some(_) => format!("{}: {}", t.get("search.title"), typed.trim()),
        None => t.get("search.title").to_string(),
    };
    let ctx = PageCtx::new(snap, lang, "search/", title, "search");
    let docs = search_index::documents(&snap.plan);
    let hits = query
        .as_ref()
        .map(|q| search_index::search(&docs, q))
        .unwrap_or_default();
    let total = hits.len();
    let groups = Kind::ALL
        .iter()
        .filter_map(|&kind| {
            let items: Vec<Item> = hits
                .iter()
                .filter(|h| h.doc.kind == kind)
                .map(|h| Item {
                    href: ctx.link(&h.doc.path),
                    id: h.doc.id.clone(),
                    title: h.title.clone(),
                    context: h.doc.context.clone(),
                    texts: h.texts.clone(),
                })
                .collect();
            if items.is_empty() {
                return None;
            }
            let key = format!("search.kind.{}", kind.as_str());
            Some(Group {
                anchor: format!("kind-{}", kind.as_str().replace('_', "-")),
                label: t.get(&key).to_string(),
                items,
            })
        })
        .collect();
    let page = SearchPage {
        jattr: if ctx.en() { " lang=\"ja\"" } else { "" },
        ctx,
        q: typed,
        searched: query.is_some(),
        total,
        groups,
        max: MAX_QUERY_CHARS,
    };
    html(&page, lang)
}

/// The first value of `key` in an `application/x-www-form-urlencoded`
/// query string; `Err` when its percent-encoding is not UTF-8.
fn form_value(raw: &str, key: &str) -> Result<Option<String>, ()> {
    for pair in raw.split('&') {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        if decode(k)? == key {
            return decode(v).map(Some);
        }
    }
    Ok(None)
}

/// Decodes `+` and `%XX`; a `%` not followed by two hex digits stays as is.
fn decode(s: &str) -> Result<String, ()> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_values_are_decoded() {
        assert_eq!(
            form_value("q=%E7%A7%BB%E4%BD%8F&x=1", "q"),
            Ok(Some("移住".to_string()))
        );
        assert_eq!(form_value("x=1&q=a+b%2Bc", "q"), Ok(Some("a b+c".into())));
        assert_eq!(form_value("q", "q"), Ok(Some(String::new())));
        assert_eq!(form_value("x=1", "q"), Ok(None));
        assert_eq!(form_value("q=100%", "q"), Ok(Some("100%".into())));
        assert_eq!(form_value("q=%FF", "q"), Err(()));
    }
}
