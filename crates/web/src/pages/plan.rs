//! The basic plan page `plan/`: the fields (anchors `F1` …) with their goal
//! sentences and numbered policy items (anchors `F1-01` …), each item with
//! the indicators linked to it (`Indicator::policy_items`) and their grade in
//! the latest evaluated year, and its SDG goals; then section II's current
//! issues (anchors `C1` …) and section V's key initiatives (anchors `V1`,
//! `V1-1` …). Beside the plan: links to the administrative reform page
//! (`reform/`) from the table of contents and section V, and from each
//! policy item and key initiative a reform item affects.

use super::{PageCtx, Rendered, html};
use crate::error::WebError;
use crate::i18n::Lang;
use crate::snapshot::Snapshot;
use crate::view::{Badge, grade_badge};
use askama::Template;
use keikaku_model::plan::{CurrentIssue, Field, KeyInitiativeGroup, Plan, PolicyItem};

/// An indicator linked to a policy item, with its latest grade.
struct IndicatorLink {
    href: String,
    id: String,
    name: String,
    badge: Option<Badge>,
}

/// A policy item with its indicators and SDG links.
struct ItemView<'a> {
    item: &'a PolicyItem,
    indicators: Vec<IndicatorLink>,
    /// (link to the SDG goal on the SDGs page, goal number).
    sdgs: Vec<(String, u8)>,
}

/// A reform item linked from a policy item or key initiative of the plan.
struct ReformLink {
    /// The plan element it affects (policy item or key initiative ID).
    target: String,
    href: String,
    id: String,
    title: String,
}

/// A field with its items.
struct FieldView<'a> {
    field: &'a Field,
    items: Vec<ItemView<'a>>,
}

#[derive(Template)]
#[template(path = "plan.html")]
struct PlanPage<'a> {
    ctx: PageCtx,
    fields: Vec<FieldView<'a>>,
    item_count: usize,
    issues_intro: &'a [String],
    issues: &'a [CurrentIssue],
    key_initiatives: &'a [KeyInitiativeGroup],
    /// The latest evaluated year's label, when there is one.
    year_label: Option<String>,
    /// ` lang="ja"` on English pages, for the plan's Japanese texts.
    jattr: &'static str,
    /// Link to the administrative reform page.
    reform_href: String,
    /// Reform items by the policy items and key initiatives they affect.
    reform_links: Vec<ReformLink>,
}

impl PlanPage<'_> {
    /// The reform items affecting a policy item or key initiative.
    fn reform_of(&self, target: &str) -> Vec<&ReformLink> {
        self.reform_links
            .iter()
            .filter(|l| l.target == target)
            .collect()
    }
}

/// Renders `plan/`; `None` for other paths.
pub fn route(
    snap: &Snapshot,
    lang: Lang,
    segments: &[&str],
    _query: Option<&str>,
) -> Option<Result<Rendered, WebError>> {
    match segments {
        ["plan"] => Some(render(snap, lang).map(Rendered::Html)),
        _ => None,
    }
}

/// The one page of this module.
pub fn paths(_snap: &Snapshot) -> Vec<String> {
    vec!["plan/".to_string()]
}

fn render(snap: &Snapshot, lang: Lang) -> Result<String, WebError> {
    let plan: &Plan = &snap.plan;
    let ctx = PageCtx::new(
        snap,
        lang,
        "plan/",
        crate::i18n::texts(lang).get("plan.title"),
        "plan",
    );
    let latest = snap.latest();
    let fields = plan
        .fields
        .iter()
        .map(|field| FieldView {
            field,
            items: field
                .items
                .iter()
                .map(|item| ItemView {
                    item,
                    indicators: plan
                        .indicators
                        .iter()
                        .filter(|i| i.policy_items.contains(&item.id))
                        .map(|i| IndicatorLink {
                            href: ctx.link(&format!("indicators/{}/", i.id)),
                            id: i.id.to_string(),
                            name: i.name.clone(),
                            badge: latest
                                .and_then(|e| snap.result(e.year, &i.id))
                                .map(|r| grade_badge(&r.grade, lang)),
                        })
                        .collect(),
                    sdgs: item
                        .sdgs
                        .iter()
                        .map(|&n| (ctx.link(&format!("sdgs/#sdg-{n}")), n))
                        .collect(),
                })
                .collect(),
        })
        .collect();
    let reform_links = snap
        .reform
        .items
        .iter()
        .flat_map(|r| {
            let targets = r
                .items
                .iter()
                .map(ToString::to_string)
                .chain(r.key_initiatives.iter().map(ToString::to_string));
            targets.map(|target| ReformLink {
                target,
                href: ctx.link(&format!("reform/#{}", r.id)),
                id: r.id.to_string(),
                title: r.title.clone(),
            })
        })
        .collect();
    let page = PlanPage {
        reform_href: ctx.link("reform/"),
        reform_links,
        fields,
        item_count: plan.policy_item_count(),
        issues_intro: &plan.issues_intro,
        issues: &plan.issues,
        key_initiatives: &plan.key_initiatives,
        year_label: latest.map(|e| match lang {
            Lang::Ja => e.year.label_ja(),
            Lang::En => e.year.label_en(),
        }),
        jattr: if ctx.en() { " lang=\"ja\"" } else { "" },
        ctx,
    };
    html(&page, lang)
}
