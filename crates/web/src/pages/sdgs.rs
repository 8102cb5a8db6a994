//! The SDGs page `sdgs/`: for each of the 17 goals (anchors `sdg-1` …
//! `sdg-17`, names from the UI strings `sdgs.goal.N`), the projects
//! (`Project::sdgs`) and policy items (`PolicyItem::sdgs`) mapped to it.
//! The mapping is reviewed, editable plan data, not part of the published
//! document, and the page says so; goals with nothing mapped say that too.

use super::{PageCtx, Rendered, html};
use crate::error::WebError;
use crate::i18n::{Lang, texts};
use crate::snapshot::Snapshot;
use askama::Template;

/// The SDGs are numbered 1 to 17.
const GOALS: std::ops::RangeInclusive<u8> = 1..=17;

/// A linked name, with the ID shown beside it and a context (the field of
/// a policy item).
struct Entry {
    href: String,
    id: String,
    name: String,
    context: Option<String>,
}

/// One goal and what is mapped to it.
struct Goal {
    number: u8,
    name: String,
    projects: Vec<Entry>,
    items: Vec<Entry>,
}

#[derive(Template)]
#[template(path = "sdgs.html")]
struct SdgsPage {
    ctx: PageCtx,
    goals: Vec<Goal>,
    /// ` lang="ja"` on English pages, for the plan's Japanese texts.
    jattr: &'static str,
}

/// Renders `sdgs/`; `None` for other paths.
pub fn route(
    snap: &Snapshot,
    lang: Lang,
    segments: &[&str],
    _query: Option<&str>,
) -> Option<Result<Rendered, WebError>> {
    match segments {
        ["sdgs"] => Some(render(snap, lang).map(Rendered::Html)),
        _ => None,
    }
}

/// The one page of this module.
pub fn paths(_snap: &Snapshot) -> Vec<String> {
    vec!["sdgs/".to_string()]
}

fn render(snap: &Snapshot, lang: Lang) -> Result<String, WebError> {
    let t = texts(lang);
    let ctx = PageCtx::new(snap, lang, "sdgs/", t.get("sdgs.title"), "sdgs");
    let plan = &snap.plan;
    let goals = GOALS
        .map(|n| Goal {
            number: n,
            name: t.get(&format!("sdgs.goal.{n}")).to_string(),
            projects: plan
                .projects
                .iter()
                .filter(|p| p.sdgs.contains(&n))
                .map(|p| Entry {
                    href: ctx.link(&format!("projects/{}/", p.id)),
                    id: p.id.to_string(),
                    name: p.name.clone(),
                    context: None,
                })
                .collect(),
            items: plan
                .fields
                .iter()
                .flat_map(|f| f.items.iter().map(move |i| (f, i)))
                .filter(|(_, i)| i.sdgs.contains(&n))
                .map(|(f, i)| Entry {
                    href: ctx.link(&format!("plan/#{}", i.id)),
                    id: i.id.to_string(),
                    name: i.name.clone(),
                    context: Some(f.name.clone()),
                })
                .collect(),
        })
        .collect();
    let page = SdgsPage {
        jattr: if ctx.en() { " lang=\"ja\"" } else { "" },
        ctx,
        goals,
    };
    html(&page, lang)
}
