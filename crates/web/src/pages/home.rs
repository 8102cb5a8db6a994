//! The home page: plan name, catchphrase, period, current edition; the grade
//! summary of the latest evaluated year; projects by group; the basic plan's fields.

use super::{PageCtx, html};
use crate::error::WebError;
use crate::i18n::Lang;
use crate::snapshot::Snapshot;
use crate::view::{LevelCount, level_counts};
use askama::Template;
use keikaku_model::plan::{Field, Plan, Project, ProjectGroup};

#[derive(Template)]
#[template(path = "home.html")]
struct Home<'a> {
    ctx: PageCtx,
    plan: &'a Plan,
    period: String,
    edition_period: String,
    year_label: Option<String>,
    rubric: String,
    counts: Vec<LevelCount>,
    total: usize,
    groups: Vec<(&'a ProjectGroup, Vec<&'a Project>)>,
    fields: &'a [Field],
}

pub fn render(snap: &Snapshot, lang: Lang) -> Result<String, WebError> {
    let plan = &snap.plan;
    let ctx = PageCtx::new(snap, lang, "", plan.plan.name.clone(), "home");
    let years = |y: keikaku_model::plan::Years| match lang {
        Lang::Ja => format!("{} 〜 {}", y.first().label_ja(), y.last().label_ja()),
        Lang::En => format!("{} – {}", y.first().label_en(), y.last().label_en()),
    };
    let latest = snap.latest();
    let (counts, total) = latest
        .map(|e| level_counts(&e.rollup.plan, &snap.rubric, lang))
        .unwrap_or_default();
    let page = Home {
        period: years(plan.plan.years),
        edition_period: years(plan.edition.years),
        year_label: latest.map(|e| match lang {
            Lang::Ja => e.year.label_ja(),
            Lang::En => e.year.label_en(),
        }),
        rubric: latest
            .map(|e| format!("{} v{}", e.rubric, e.rubric_version))
            .unwrap_or_default(),
        counts,
        total,
        groups: plan
            .groups
            .iter()
            .map(|g| {
                (
                    g,
                    plan.projects.iter().filter(|p| p.group == g.id).collect(),
                )
            })
            .collect(),
        fields: &plan.fields,
        plan,
        ctx,
    };
    html(&page, lang)
}
