//! The administrative reform page `reform/` (行財政改革), shown beside the
//! plan: a table of every reform item's status per fiscal year, then each
//! item (anchor = its ID) with its owner department, target, target year,
//! the policy items and key initiatives it affects (linked to the
//! basic-plan page), the initiatives of the budget catalogue it affects, and
//! its statuses with notes. Reform items are published plan information, so
//! all stored items are shown.

use super::{PageCtx, Rendered, html};
use crate::error::WebError;
use crate::i18n::Lang;
use crate::snapshot::Snapshot;
use askama::Template;
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::plan::Plan;
use keikaku_model::reform::{ReformItem, Status};

/// A status as shown: label in the page language and a tone class.
pub(crate) struct StatusView {
    pub(crate) label: &'static str,
    pub(crate) class: &'static str,
}

/// A status's label and badge class in a language.
pub(crate) fn status_view(s: Status, lang: Lang) -> StatusView {
    StatusView {
        label: match lang {
            Lang::Ja => s.label_ja(),
            Lang::En => s.label_en(),
        },
        class: match s {
            Status::Done => "tone-good",
            Status::InProgress => "tone-fair",
            Status::Revised => "tone-poor",
            Status::Dropped => "tone-bad",
            Status::NotStarted => "tone-none",
        },
    }
}

/// A link with its text and the ID beside it.
struct LinkView {
    href: String,
    id: String,
    name: String,
}

/// One fiscal year's status of an item.
struct YearView {
    year: String,
    status: StatusView,
    note: String,
}

/// One reform item as shown.
struct ItemView {
    id: String,
    title: String,
    department: String,
    target: String,
    target_year: Option<String>,
    items: Vec<LinkView>,
    key_initiatives: Vec<LinkView>,
    /// (ID, name when the catalogue has it).
    programs: Vec<(String, Option<String>)>,
    /// One cell per year of the table: the status, if any.
    cells: Vec<Option<StatusView>>,
    /// Every status, oldest year first.
    history: Vec<YearView>,
}

#[derive(Template)]
#[template(path = "reform.html")]
struct ReformPage {
    ctx: PageCtx,
    /// The year columns of the table.
    years: Vec<String>,
    items: Vec<ItemView>,
    /// Link to section V's key initiatives on the plan page.
    plan_link: String,
    /// ` lang="ja"` on English pages, for the plan's and the items' Japanese texts.
    jattr: &'static str,
}

/// Renders `reform/`; `None` for other paths.
pub fn route(
    snap: &Snapshot,
    lang: Lang,
    segments: &[&str],
    _query: Option<&str>,
) -> Option<Result<Rendered, WebError>> {
    match segments {
        ["reform"] => Some(render(snap, lang).map(Rendered::Html)),
        _ => None,
    }
}

/// The one page of this module.
pub fn paths(_snap: &Snapshot) -> Vec<String> {
    vec!["reform/".to_string()]
}

fn year_label(y: FiscalYear, lang: Lang) -> String {
    match lang {
        Lang::Ja => y.label_ja(),
        Lang::En => y.label_en(),
    }
}

fn item_view(snap: &Snapshot, ctx: &PageCtx, item: &ReformItem, years: &[FiscalYear]) -> ItemView {
    let plan: &Plan = &snap.plan;
    let lang = ctx.lang;
    let data = &snap.reform;
    let policy_items = item
        .items
        .iter()
        .map(|id| LinkView {
            href: ctx.link(&format!("plan/#{id}")),
            id: id.to_string(),
            name: plan
                .fields
                .iter()
                .flat_map(|f| &f.items)
                .find(|i| &i.id == id)
                .map_or_else(|| id.to_string(), |i| i.name.clone()),
        })
        .collect();
    let key_initiatives = item
        .key_initiatives
        .iter()
        .map(|id| LinkView {
            href: ctx.link(&format!("plan/#{id}")),
            id: id.to_string(),
            name: plan
                .key_initiatives
                .iter()
                .find_map(|g| {
                    if &g.id == id {
                        Some(g.heading.clone())
                    } else {
                        g.initiatives
                            .iter()
                            .find(|k| &k.id == id)
                            .map(|k| k.name.clone())
                    }
                })
                .unwrap_or_else(|| id.to_string()),
        })
        .collect();
    let mut history: Vec<_> = data
        .statuses
        .iter()
        .filter(|r| r.status.item == item.id)
        .collect();
    history.sort_by_key(|r| r.status.year);
    ItemView {
        id: item.id.to_string(),
        title: item.title.clone(),
        department: plan
            .department(&item.department)
            .map_or_else(|| item.department.to_string(), |d| d.name.clone()),
        target: item.target.clone(),
        target_year: item.target_year.map(|y| year_label(y, lang)),
        items: policy_items,
        key_initiatives,
        programs: item
            .programs
            .iter()
            .map(|p| (p.to_string(), data.program_name(p).map(str::to_string)))
            .collect(),
        cells: years
            .iter()
            .map(|&y| {
                data.status_in(&item.id, y)
                    .map(|r| status_view(r.status.status, lang))
            })
            .collect(),
        history: history
            .into_iter()
            .map(|r| YearView {
                year: year_label(r.status.year, lang),
                status: status_view(r.status.status, lang),
                note: r.status.note.clone(),
            })
            .collect(),
    }
}

fn render(snap: &Snapshot, lang: Lang) -> Result<String, WebError> {
    let ctx = PageCtx::new(
        snap,
        lang,
        "reform/",
        crate::i18n::texts(lang).get("reform_title"),
        "plan",
    );
    let years = snap.reform.years();
    let items = snap
        .reform
        .items
        .iter()
        .map(|i| item_view(snap, &ctx, i, &years))
        .collect();
    let page = ReformPage {
        years: years.iter().map(|&y| year_label(y, lang)).collect(),
        items,
        plan_link: ctx.link("plan/#key-initiatives"),
        jattr: if ctx.en() { " lang=\"ja\"" } else { "" },
        ctx,
    };
    html(&page, lang)
}
