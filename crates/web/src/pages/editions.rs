//! The editions page `editions/` (every edition of the rolling
//! implementation plan with its years, status and last change, and a link to
//! the comparison of each consecutive pair) and the comparison page
//! `editions/{old}/{new}/`: [`keikaku_model::diff::diff`] shown as structured
//! HTML — the edition header, changed values (old → new, judged
//! strengthened / weakened by the indicator's direction), indicators added,
//! removed and renamed, units and directions, projects, policy directions,
//! initiatives, KPI table rows and departments. An unknown edition is a 404.

use super::{PageCtx, Rendered, html};
use crate::error::WebError;
use crate::i18n::{Lang, Texts, texts};
use crate::snapshot::Snapshot;
use crate::view::{period_label, value_text};
use askama::Template;
use keikaku_model::diff::{EntityChanges, PlanDiff, ValueChangeKind, diff};
use keikaku_model::ids::DepartmentId;
use keikaku_model::indicator::{Column, KpiValue, Polarity};
use keikaku_model::plan::{EditionStatus, Plan, Years};
use keikaku_store::EditionRow;

/// One edition in the list.
struct EditionView {
    id: String,
    title: String,
    years: String,
    status: String,
    draft: bool,
    current: bool,
    /// RFC 3339, for `<time datetime>`.
    updated: String,
    /// `2026-11-24 10:23 UTC`.
    updated_label: String,
}

/// A consecutive pair of editions and how much changed.
struct Comparison {
    old: String,
    new: String,
    href: String,
    changes: usize,
}

#[derive(Template)]
#[template(path = "editions.html")]
struct EditionsPage {
    ctx: PageCtx,
    editions: Vec<EditionView>,
    comparisons: Vec<Comparison>,
    /// ` lang="ja"` on English pages, for the plan's Japanese texts.
    jattr: &'static str,
}

/// An element added or removed: ID, name or text, link when it has a page.
struct Line {
    id: String,
    href: Option<String>,
    text: String,
}

/// An element whose name or text changed.
struct Rename {
    id: String,
    href: Option<String>,
    old: String,
    new: String,
}

/// Added, removed and renamed elements of one kind.
struct EntitySection {
    anchor: &'static str,
    title: &'static str,
    renamed_title: &'static str,
    added: Vec<Line>,
    removed: Vec<Line>,
    renamed: Vec<Rename>,
}

impl EntitySection {
    fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.renamed.is_empty()
    }
}

/// A changed value of an indicator.
struct ValueRow {
    id: String,
    href: Option<String>,
    name: String,
    column: String,
    old: String,
    new: String,
    kind: String,
    kind_class: &'static str,
    period_changed: bool,
}

/// A labelled old → new pair (header fields, units, directions, departments).
struct Pair {
    label: String,
    href: Option<String>,
    old: String,
    new: String,
}

#[derive(Template)]
#[template(path = "diff.html")]
struct DiffPage {
    ctx: PageCtx,
    old: EditionView,
    new: EditionView,
    empty: bool,
    header: Vec<Pair>,
    values: Vec<ValueRow>,
    strengthened: usize,
    weakened: usize,
    units: Vec<Pair>,
    polarities: Vec<Pair>,
    entities: Vec<EntitySection>,
    rows: EntitySection,
    departments: EntitySection,
    project_departments: Vec<Pair>,
    /// ` lang="ja"` on English pages, for the plan's Japanese texts.
    jattr: &'static str,
}

/// Renders `editions/` and `editions/{old}/{new}/`; `None` for other paths.
pub fn route(
    snap: &Snapshot,
    lang: Lang,
    segments: &[&str],
    _query: Option<&str>,
) -> Option<Result<Rendered, WebError>> {
    match segments {
        ["editions"] => Some(render_list(snap, lang).map(Rendered::Html)),
        ["editions", old, new] => Some(render_diff(snap, lang, old, new).map(Rendered::Html)),
        _ => None,
    }
}

/// `editions/` and the comparison of each consecutive pair of editions.
pub fn paths(snap: &Snapshot) -> Vec<String> {
    let mut out = vec!["editions/".to_string()];
    out.extend(
        snap.editions
            .windows(2)
            .map(|w| format!("editions/{}/{}/", w[0].0.id, w[1].0.id)),
    );
    out
}

fn jattr(lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => "",
        Lang::En => " lang=\"ja\"",
    }
}

fn years_label(y: Years, lang: Lang) -> String {
    match lang {
        Lang::Ja => format!("{} 〜 {}", y.first().label_ja(), y.last().label_ja()),
        Lang::En => format!("{} – {}", y.first().label_en(), y.last().label_en()),
    }
}

fn status_label(t: &Texts, s: EditionStatus) -> String {
    match s {
        EditionStatus::Draft => t.get("editions.status.draft"),
        EditionStatus::Published => t.get("editions.status.published"),
    }
    .to_string()
}

/// `2026-11-24T10:23:20.123Z` → `2026-11-24 10:23 UTC`; other text as is.
fn updated_label(rfc3339: &str) -> String {
    match (
        rfc3339.get(..10),
        rfc3339.get(11..16),
        rfc3339.ends_with('Z'),
    ) {
        (Some(date), Some(time), true) => format!("{date} {time} UTC"),
        _ => rfc3339.to_string(),
    }
}

fn edition_view(snap: &Snapshot, row: &EditionRow, plan: &Plan, lang: Lang) -> EditionView {
    EditionView {
        id: row.id.clone(),
        title: match &plan.edition.variant {
            Some(v) => format!("{}（{v}）", plan.edition.title),
            None => plan.edition.title.clone(),
        },
        years: years_label(plan.edition.years, lang),
        status: status_label(texts(lang), plan.edition.status),
        draft: plan.edition.status == EditionStatus::Draft,
        current: snap.plan.edition.id.as_str() == row.id,
        updated: row.updated_at.clone(),
        updated_label: updated_label(&row.updated_at),
    }
}

/// How many changes a diff holds besides the edition header.
fn change_count(d: &PlanDiff) -> usize {
    fn entities<Id>(e: &EntityChanges<Id>) -> usize {
        e.added.len() + e.removed.len() + e.renamed.len()
    }
    entities(&d.indicators)
        + d.units_changed.len()
        + d.polarities_changed.len()
        + d.values.len()
        + entities(&d.projects)
        + entities(&d.directions)
        + entities(&d.initiatives)
        + d.rows.added.len()
        + d.rows.removed.len()
        + d.rows.relabelled.len()
        + entities(&d.departments)
        + d.project_departments.len()
}

fn render_list(snap: &Snapshot, lang: Lang) -> Result<String, WebError> {
    let ctx = PageCtx::new(
        snap,
        lang,
        "editions/",
        texts(lang).get("editions.title"),
        "editions",
    );
    let editions = snap
        .editions
        .iter()
        .map(|(row, plan)| edition_view(snap, row, plan, lang))
        .collect();
    let comparisons = snap
        .editions
        .windows(2)
        .map(|w| {
            let ((a, old), (b, new)) = (&w[0], &w[1]);
            Comparison {
                old: a.id.clone(),
                new: b.id.clone(),
                href: ctx.link(&format!("editions/{}/{}/", a.id, b.id)),
                changes: change_count(&diff(old, new)),
            }
        })
        .collect();
    let page = EditionsPage {
        jattr: jattr(lang),
        ctx,
        editions,
        comparisons,
    };
    html(&page, lang)
}

/// A value as the tables print it, with its period in the page's language:
/// `60件 (2025年度)` / `60件 (FY2025)`; "none" when absent.
fn value_cell(v: Option<&KpiValue>, t: &Texts, lang: Lang) -> String {
    match v {
        None => t.get("common.none").to_string(),
        Some(v) => {
            let mut s = value_text(v);
            for a in &v.annotations {
                s.push_str(&format!(" ({})", a.written));
            }
            // Japanese pages show the period as the plan writes it.
            let period = match lang {
                Lang::Ja => v.period.written().to_string(),
                Lang::En => period_label(&v.period, lang),
            };
            format!("{s} ({period})")
        }
    }
}

fn column_label(c: Column, lang: Lang) -> String {
    match lang {
        Lang::Ja => c.label_ja().to_string(),
        Lang::En => {
            let en = c.label_en();
            let mut chars = en.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => String::new(),
            }
        }
    }
}

fn kind_label(t: &Texts, k: ValueChangeKind) -> String {
    t.get(&format!("diff.kind.{}", k.as_str())).to_string()
}

fn kind_class(k: ValueChangeKind) -> &'static str {
    match k {
        ValueChangeKind::Strengthened => "tone-good",
        ValueChangeKind::Weakened => "tone-poor",
        _ => "tone-none",
    }
}

fn polarity_label(t: &Texts, p: Polarity) -> String {
    match p {
        Polarity::Increase => t.get("common.direction_up"),
        Polarity::Decrease => t.get("common.direction_down"),
        Polarity::Unknown => t.get("common.direction_unknown"),
    }
    .to_string()
}

/// The added, removed and renamed elements of one kind, linked by `href`.
fn lines<Id: std::fmt::Display>(
    e: &EntityChanges<Id>,
    href: &dyn Fn(&str) -> Option<String>,
) -> (Vec<Line>, Vec<Line>, Vec<Rename>) {
    let line = |n: &keikaku_model::diff::Named<Id>| {
        let id = n.id.to_string();
        Line {
            href: href(&id),
            id,
            text: n.name.clone(),
        }
    };
    (
        e.added.iter().map(line).collect(),
        e.removed.iter().map(line).collect(),
        e.renamed
            .iter()
            .map(|r| {
                let id = r.id.to_string();
                Rename {
                    href: href(&id),
                    id,
                    old: r.old.clone(),
                    new: r.new.clone(),
                }
            })
            .collect(),
    )
}

fn entity_section(
    anchor: &'static str,
    title: &'static str,
    renamed_title: &'static str,
    (added, removed, renamed): (Vec<Line>, Vec<Line>, Vec<Rename>),
) -> EntitySection {
    EntitySection {
        anchor,
        title,
        renamed_title,
        added,
        removed,
        renamed,
    }
}

fn render_diff(
    snap: &Snapshot,
    lang: Lang,
    old_id: &str,
    new_id: &str,
) -> Result<String, WebError> {
    let t = texts(lang);
    let find = |id: &str| {
        snap.editions
            .iter()
            .find(|(row, _)| row.id == id)
            .ok_or_else(|| {
                WebError::not_found(lang, format!("{}: {id}", t.get("editions.unknown")))
            })
    };
    let (old_row, old) = find(old_id)?;
    let (new_row, new) = find(new_id)?;
    let ctx = PageCtx::new(
        snap,
        lang,
        &format!("editions/{old_id}/{new_id}/"),
        format!("{}: {old_id} → {new_id}", t.get("diff.title")),
        "editions",
    );
    let d = diff(old, new);
    let current = &snap.plan;

    // Links only to pages that exist: those of the current edition.
    let indicator_href = |id: &str| {
        current
            .indicators
            .iter()
            .any(|i| i.id.as_str() == id)
            .then(|| ctx.link(&format!("indicators/{id}/")))
    };
    let project_href = |id: &str| {
        current
            .projects
            .iter()
            .any(|p| p.id.as_str() == id)
            .then(|| ctx.link(&format!("projects/{id}/")))
    };
    // Directions and initiatives link to their anchors on the project page.
    let direction_href = |id: &str| {
        current
            .projects
            .iter()
            .find(|p| p.directions.iter().any(|d| d.id.as_str() == id))
            .map(|p| ctx.link(&format!("projects/{}/#{id}", p.id)))
    };
    let initiative_href = |id: &str| {
        current
            .projects
            .iter()
            .find(|p| {
                p.directions
                    .iter()
                    .any(|d| d.initiatives.iter().any(|i| i.id.as_str() == id))
            })
            .map(|p| ctx.link(&format!("projects/{}/#{id}", p.id)))
    };
    let indicator_name = |id: &str| {
        new.indicators
            .iter()
            .chain(&old.indicators)
            .find(|i| i.id.as_str() == id)
            .map_or_else(String::new, |i| i.name.clone())
    };
    let header = d
        .header
        .iter()
        .map(|h| {
            let value = |v: &str| match (h.field, v) {
                (_, "") => t.get("common.none").to_string(),
                ("status", "draft") => t.get("editions.status.draft").to_string(),
                ("status", "published") => t.get("editions.status.published").to_string(),
                (_, v) => v.to_string(),
            };
            Pair {
                label: t.get(&format!("diff.field.{}", h.field)).to_string(),
                href: None,
                old: value(&h.old),
                new: value(&h.new),
            }
        })
        .collect();
    let values: Vec<ValueRow> = d
        .values
        .iter()
        .map(|v| ValueRow {
            id: v.indicator.to_string(),
            href: indicator_href(v.indicator.as_str()),
            name: indicator_name(v.indicator.as_str()),
            column: column_label(v.column, lang),
            old: value_cell(v.old.as_ref(), t, lang),
            new: value_cell(v.new.as_ref(), t, lang),
            kind: kind_label(t, v.change),
            kind_class: kind_class(v.change),
            period_changed: v.period_changed,
        })
        .collect();
    let units = d
        .units_changed
        .iter()
        .map(|u| Pair {
            label: format!("{} {}", u.indicator, indicator_name(u.indicator.as_str())),
            href: indicator_href(u.indicator.as_str()),
            old: u.old.to_string(),
            new: u.new.to_string(),
        })
        .collect();
    let polarities = d
        .polarities_changed
        .iter()
        .map(|p| Pair {
            label: format!("{} {}", p.indicator, indicator_name(p.indicator.as_str())),
            href: indicator_href(p.indicator.as_str()),
            old: polarity_label(t, p.old),
            new: polarity_label(t, p.new),
        })
        .collect();
    let no_link = |_: &str| None;
    let entities = vec![
        entity_section(
            "indicators",
            "diff.indicators",
            "diff.renamed",
            lines(&d.indicators, &indicator_href),
        ),
        entity_section(
            "projects",
            "diff.projects",
            "diff.renamed",
            lines(&d.projects, &project_href),
        ),
        entity_section(
            "directions",
            "diff.directions",
            "diff.renamed",
            lines(&d.directions, &direction_href),
        ),
        entity_section(
            "initiatives",
            "diff.initiatives",
            "diff.text_changed",
            lines(&d.initiatives, &initiative_href),
        ),
    ];
    let row_line = |table: &str, indicator: &str, label: &str| Line {
        id: format!("{table} {indicator}"),
        href: indicator_href(indicator),
        text: label.to_string(),
    };
    let rows = entity_section(
        "rows",
        "diff.rows",
        "diff.relabelled",
        (
            d.rows
                .added
                .iter()
                .map(|r| row_line(r.table.as_str(), r.indicator.as_str(), &r.label))
                .collect(),
            d.rows
                .removed
                .iter()
                .map(|r| row_line(r.table.as_str(), r.indicator.as_str(), &r.label))
                .collect(),
            d.rows
                .relabelled
                .iter()
                .map(|r| Rename {
                    id: format!("{} {}", r.table, r.indicator),
                    href: indicator_href(r.indicator.as_str()),
                    old: r.old.clone(),
                    new: r.new.clone(),
                })
                .collect(),
        ),
    );
    let departments = entity_section(
        "departments",
        "diff.departments",
        "diff.renamed",
        lines(&d.departments, &no_link),
    );
    let dept_names = |ids: &[DepartmentId]| {
        if ids.is_empty() {
            return t.get("common.none").to_string();
        }
        ids.iter()
            .map(|id| {
                new.department(id)
                    .or_else(|| old.department(id))
                    .map_or_else(|| id.to_string(), |d| d.name.clone())
            })
            .collect::<Vec<_>>()
            .join("、")
    };
    let project_departments = d
        .project_departments
        .iter()
        .map(|c| {
            let name = new
                .project(&c.project)
                .or_else(|| old.project(&c.project))
                .map_or("", |p| p.name.as_str());
            let role = match c.role {
                keikaku_model::diff::DepartmentRole::Lead => t.get("common.lead"),
                keikaku_model::diff::DepartmentRole::Related => t.get("common.related"),
            };
            Pair {
                label: format!("{} {name}: {role}", c.project),
                href: project_href(c.project.as_str()),
                old: dept_names(&c.old),
                new: dept_names(&c.new),
            }
        })
        .collect();
    let page = DiffPage {
        old: edition_view(snap, old_row, old, lang),
        new: edition_view(snap, new_row, new, lang),
        empty: d.is_empty(),
        header,
        strengthened: d.values_of(ValueChangeKind::Strengthened).count(),
        weakened: d.values_of(ValueChangeKind::Weakened).count(),
        values,
        units,
        polarities,
        entities,
        rows,
        departments,
        project_departments,
        jattr: jattr(lang),
        ctx,
    };
    html(&page, lang)
}
