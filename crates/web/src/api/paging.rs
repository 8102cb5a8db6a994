//! Pagination of list endpoints: `?page=1&per_page=20` (pages count from 1,
//! at most [`MAX_PER_PAGE`] items per page) and the page envelope
//! `{items, page, per_page, total, next}`, where `next` is the link to the
//! following page or `null` on the last one.

use super::{API_BASE, bad_request};
use crate::error::WebError;
use axum::extract::Query;
use axum::extract::rejection::QueryRejection;
use serde::Deserialize;
use utoipa::IntoParams;

/// Items per page when `per_page` is not given.
pub const DEFAULT_PER_PAGE: u32 = 20;
/// The largest `per_page` accepted.
pub const MAX_PER_PAGE: u32 = 100;

/// The pagination query of list endpoints.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Page number, from 1. A page after the last one is empty.
    #[param(minimum = 1, default = 1)]
    pub page: Option<u32>,
    /// Items per page, 1 to 100.
    #[param(minimum = 1, maximum = 100, default = 20)]
    pub per_page: Option<u32>,
}

/// A validated page request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    /// Page number, from 1.
    pub page: u32,
    /// Items per page, 1..=[`MAX_PER_PAGE`].
    pub per_page: u32,
}

const PAGING_RULES: &str =
    "page must be an integer from 1 and per_page an integer from 1 to 100 (default 20)";

impl Paging {
    /// Checks `page` and `per_page`.
    pub fn new(page: Option<u32>, per_page: Option<u32>) -> Result<Paging, WebError> {
        let page = page.unwrap_or(1);
        let per_page = per_page.unwrap_or(DEFAULT_PER_PAGE);
        if page == 0 {
            return Err(bad_request(format!("page={page}: {PAGING_RULES}")));
        }
        if per_page == 0 || per_page > MAX_PER_PAGE {
            return Err(bad_request(format!("per_page={per_page}: {PAGING_RULES}")));
        }
        Ok(Paging { page, per_page })
    }

    /// The paging of a query string, or 400 when it is not well formed.
    pub fn from_query(q: Result<Query<PageQuery>, QueryRejection>) -> Result<Paging, WebError> {
        match q {
            Ok(Query(q)) => Paging::new(q.page, q.per_page),
            Err(_) => Err(bad_request(PAGING_RULES)),
        }
    }

    /// The items of this page out of all of them, the total and the link
    /// to the next page (`path` relative to the API root, `extra` further
    /// query parameters already encoded, e.g. `q=%E5%B8%82&`).
    pub fn cut<T>(self, all: Vec<T>, path: &str, extra: &str) -> (Vec<T>, usize, Option<String>) {
        let total = all.len();
        let per = self.per_page as usize;
        let skip = (self.page as usize - 1).saturating_mul(per);
        let items: Vec<T> = all.into_iter().skip(skip).take(per).collect();
        let next = (skip.saturating_add(per) < total).then(|| {
            format!(
                "{API_BASE}{path}?{extra}page={}&per_page={}",
                self.page + 1,
                self.per_page
            )
        });
        (items, total, next)
    }
}

/// Percent-encodes a query-string component (everything but RFC 3986
/// unreserved characters).
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Declares a page envelope type for one item type.
macro_rules! page_type {
    ($(#[$doc:meta])* $name:ident, $item:ty) => {
        $(#[$doc])*
        #[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
        pub struct $name {
            /// The items of this page.
            pub items: Vec<$item>,
            /// This page's number, from 1.
            pub page: u32,
            /// Items per page.
            pub per_page: u32,
            /// Items on all pages.
            pub total: usize,
            /// Link to the next page; `null` on the last page.
            pub next: Option<String>,
        }

        impl $name {
            /// The page `paging` of `all`, linked at `path` with `extra` query parameters.
            pub fn of(
                all: Vec<$item>,
                paging: $crate::api::paging::Paging,
                path: &str,
                extra: &str,
            ) -> Self {
                let (items, total, next) = paging.cut(all, path, extra);
                $name {
                    items,
                    page: paging.page,
                    per_page: paging.per_page,
                    total,
                    next,
                }
            }
        }
    };
}

pub(crate) use page_type;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_cut_and_linked() {
        let p = Paging::new(Some(2), Some(3)).unwrap_or_else(|e| panic!("{e:?}"));
        let (items, total, next) = p.cut((1..=7).collect::<Vec<i32>>(), "/x", "");
        assert_eq!((items, total), (vec![4, 5, 6], 7));
        assert_eq!(next.as_deref(), Some("/api/v1/x?page=3&per_page=3"));
        let last = Paging::new(Some(3), Some(3)).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(last.cut((1..=7).collect::<Vec<i32>>(), "/x", "").2, None);
        let beyond = Paging::new(Some(9), Some(3)).unwrap_or_else(|e| panic!("{e:?}"));
        assert!(
            beyond
                .cut((1..=7).collect::<Vec<i32>>(), "/x", "")
                .0
                .is_empty()
        );
    }

    #[test]
    fn bad_paging_is_refused() {
        assert!(Paging::new(Some(0), None).is_err());
        assert!(Paging::new(None, Some(0)).is_err());
        assert!(Paging::new(None, Some(101)).is_err());
        assert!(Paging::new(None, Some(100)).is_ok());
    }

    #[test]
    fn components_are_encoded() {
        assert_eq!(encode_component("a b&市"), "a%20b%26%E5%B8%82");
    }
}
