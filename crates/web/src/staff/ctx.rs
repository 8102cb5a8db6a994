//! What every staff page template needs: language, strings, the signed-in
//! account, its CSRF token for forms, and absolute links (the workspace is
//! only served live, never exported).

use super::Signed;
use crate::i18n::{Lang, Texts, texts};
use keikaku_model::access::{Role, Staff};

/// The context of a staff page.
#[derive(Debug, Clone)]
pub struct StaffCtx {
    /// Display language.
    pub lang: Lang,
    /// UI strings of that language.
    pub t: &'static Texts,
    /// Page title.
    pub title: String,
    /// Path below `/staff/`, e.g. `pdca/`, with its query if any.
    pub path: String,
    /// The signed-in account, if any.
    pub staff: Option<Staff>,
    /// The session's CSRF token (empty when signed out).
    pub csrf: String,
    /// Which navigation entry is current.
    pub nav: &'static str,
    /// The site's name.
    pub site: String,
}

impl StaffCtx {
    /// A context for a signed-in page.
    pub fn new(
        lang: Lang,
        signed: Option<&Signed>,
        title: impl Into<String>,
        path: impl Into<String>,
        nav: &'static str,
    ) -> StaffCtx {
        StaffCtx {
            lang,
            t: texts(lang),
            title: title.into(),
            path: path.into(),
            staff: signed.map(|s| s.staff.clone()),
            csrf: signed.map(|s| s.csrf.clone()).unwrap_or_default(),
            nav,
            site: texts(lang).get("staff.site").to_string(),
        }
    }
    /// A UI string.
    pub fn t(&self, key: &'static str) -> &'static str {
        self.t.get(key)
    }
    /// A link to a staff page of the same language.
    pub fn link(&self, path: &str) -> String {
        format!("/{}staff/{path}", self.lang.prefix())
    }
    /// A link to a public portal page of the same language.
    pub fn portal(&self, path: &str) -> String {
        format!("/{}{path}", self.lang.prefix())
    }
    /// This page in the other language.
    pub fn other_lang_link(&self) -> String {
        format!("/{}staff/{}", self.lang.other().prefix(), self.path)
    }
    /// The stylesheet.
    pub fn asset(&self, name: &str) -> String {
        format!("/assets/{name}")
    }
    /// `aria-current` for the navigation.
    pub fn current(&self, nav: &str) -> &'static str {
        if self.nav == nav { "page" } else { "false" }
    }
    /// Whether the signed-in account is an admin.
    pub fn is_admin(&self) -> bool {
        self.staff.as_ref().is_some_and(|s| s.role == Role::Admin)
    }
    /// The signed-in account's role in the page language.
    pub fn role_label(&self) -> &'static str {
        self.staff
            .as_ref()
            .map_or("", |s| super::form::role_label(s.role, self.lang))
    }
    /// Whether the page is English.
    pub fn en(&self) -> bool {
        self.lang == Lang::En
    }
}
