//! The evaluation pages: `evaluation/` (the latest evaluated fiscal year)
//! and `evaluation/{year}/` (e.g. `evaluation/2024/`). Each shows the plan
//! roll-up (count and share per level; shares are of all indicators, the
//! no-figure level counted apart, never as zero), the roll-ups by project
//! and by field, and every indicator with its grade, actual, target and
//! achievement rate, linked to its page. Without any evaluation yet,
//! `evaluation/` says so (it is not an error); an unknown year is a 404.

use super::{PageCtx, Rendered, html};
use crate::error::WebError;
use crate::i18n::{Lang, texts};
use crate::snapshot::Snapshot;
use crate::view::{Badge, LevelCount, grade_badge, level_counts};
use askama::Template;
use keikaku_app::evaluation::{Evaluation, IndicatorResult};
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::grading::{Input, InputRole};
use keikaku_model::quantity::group_thousands;
use keikaku_model::rollup::Rollup;

/// A link to another evaluated year.
struct YearLink {
    href: String,
    label: String,
    current: bool,
}

/// A project's or field's roll-up as a table row.
struct GroupRow {
    href: String,
    id: String,
    name: String,
    counts: Vec<LevelCount>,
    total: usize,
}

/// One indicator's result as a table row.
struct IndicatorRow {
    href: String,
    id: String,
    name: String,
    badge: Badge,
    reason: Option<String>,
    actual: Option<String>,
    target: Option<String>,
    rate: Option<String>,
}

/// What an evaluated year shows.
struct YearView {
    rubric: String,
    counts: Vec<LevelCount>,
    total: usize,
    evaluated: usize,
    levels: Vec<Badge>,
    projects: Vec<GroupRow>,
    fields: Vec<GroupRow>,
    indicators: Vec<IndicatorRow>,
}

#[derive(Template)]
#[template(path = "evaluation.html")]
struct EvaluationPage {
    ctx: PageCtx,
    years: Vec<YearLink>,
    /// `None` when nothing has been evaluated yet.
    year: Option<YearView>,
    /// ` lang="ja"` on English pages, for the plan's Japanese texts.
    jattr: &'static str,
}

/// Renders `evaluation/` and `evaluation/{year}/`; `None` for other paths.
pub fn route(
    snap: &Snapshot,
    lang: Lang,
    segments: &[&str],
    _query: Option<&str>,
) -> Option<Result<Rendered, WebError>> {
    match segments {
        ["evaluation"] => {
            Some(render(snap, lang, "evaluation/", snap.latest()).map(Rendered::Html))
        }
        ["evaluation", year] => {
            let found = year
                .parse::<i32>()
                .ok()
                .filter(|_| year.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|y| FiscalYear::new(y).ok())
                .and_then(|y| snap.evaluation(y));
            Some(match found {
                Some(e) => {
                    render(snap, lang, &format!("evaluation/{year}/"), Some(e)).map(Rendered::Html)
                }
                None => Err(WebError::not_found(
                    lang,
                    format!("{}: {year}", texts(lang).get("evaluation.unknown_year")),
                )),
            })
        }
        _ => None,
    }
}

/// `evaluation/` and every evaluated year's page.
pub fn paths(snap: &Snapshot) -> Vec<String> {
    let mut out = vec!["evaluation/".to_string()];
    out.extend(
        snap.evaluations
            .iter()
            .map(|e| format!("evaluation/{}/", e.year.year())),
    );
    out
}

fn year_label(y: FiscalYear, lang: Lang) -> String {
    match lang {
        Lang::Ja => y.label_ja(),
        Lang::En => y.label_en(),
    }
}

/// `1,026,000人 (2024年度)`.
fn input_text(i: &Input) -> String {
    format!("{}{} ({})", group_thousands(&i.amount), i.unit, i.period)
}

fn input(r: &IndicatorResult, role: InputRole) -> Option<String> {
    r.grade
        .explanation
        .inputs
        .iter()
        .find(|i| i.role == role)
        .map(input_text)
}

fn render(
    snap: &Snapshot,
    lang: Lang,
    path: &str,
    shown: Option<&Evaluation>,
) -> Result<String, WebError> {
    let t = texts(lang);
    let title = match shown {
        Some(e) => match lang {
            Lang::Ja => format!(
                "{}（{}）",
                t.get("evaluation.title"),
                year_label(e.year, lang)
            ),
            Lang::En => format!(
                "{}: {}",
                t.get("evaluation.title"),
                year_label(e.year, lang)
            ),
        },
        None => t.get("evaluation.title").to_string(),
    };
    let ctx = PageCtx::new(snap, lang, path, title, "evaluation");
    let years = snap
        .evaluations
        .iter()
        .map(|e| YearLink {
            href: ctx.link(&format!("evaluation/{}/", e.year.year())),
            label: year_label(e.year, lang),
            current: shown.is_some_and(|s| s.year == e.year),
        })
        .collect();
    let year = shown.map(|e| year_view(snap, &ctx, e, lang));
    let page = EvaluationPage {
        jattr: if ctx.en() { " lang=\"ja\"" } else { "" },
        ctx,
        years,
        year,
    };
    html(&page, lang)
}

fn year_view(snap: &Snapshot, ctx: &PageCtx, e: &Evaluation, lang: Lang) -> YearView {
    let plan = &snap.plan;
    let (counts, total) = level_counts(&e.rollup.plan, &snap.rubric, lang);
    let row = |href: String, id: String, name: String, r: &Rollup| {
        let (counts, total) = level_counts(r, &snap.rubric, lang);
        GroupRow {
            href,
            id,
            name,
            counts,
            total,
        }
    };
    let version = format!("{} v{}", e.rubric, e.rubric_version);
    let rubric = match (snap.rubric.name == e.rubric, lang) {
        (true, Lang::Ja) => format!("{}（{version}）", snap.rubric.title_ja),
        (true, Lang::En) => format!("{} ({version})", snap.rubric.title_en),
        (false, _) => version,
    };
    YearView {
        rubric,
        levels: counts.iter().map(|c| c.badge.clone()).collect(),
        evaluated: e.rollup.plan.evaluated,
        counts,
        total,
        projects: e
            .rollup
            .projects
            .iter()
            .map(|(id, r)| {
                let name = plan
                    .project(id)
                    .map_or_else(String::new, |p| p.name.clone());
                row(
                    ctx.link(&format!("projects/{id}/")),
                    id.to_string(),
                    name,
                    r,
                )
            })
            .collect(),
        fields: e
            .rollup
            .fields
            .iter()
            .map(|(id, r)| {
                let name = plan
                    .fields
                    .iter()
                    .find(|f| &f.id == id)
                    .map_or_else(String::new, |f| f.name.clone());
                row(ctx.link(&format!("plan/#{id}")), id.to_string(), name, r)
            })
            .collect(),
        indicators: e
            .indicators
            .iter()
            .map(|r| IndicatorRow {
                href: ctx.link(&format!("indicators/{}/", r.grade.indicator)),
                id: r.grade.indicator.to_string(),
                name: r.name.clone(),
                badge: grade_badge(&r.grade, lang),
                reason: match lang {
                    Lang::Ja => r.grade.missing_reason_ja.clone(),
                    Lang::En => r.grade.missing_reason.clone(),
                },
                actual: input(r, InputRole::Actual),
                target: input(r, InputRole::Target),
                rate: r.grade.metrics.rounded().rate.map(|d| format!("{d}%")),
            })
            .collect(),
    }
}
