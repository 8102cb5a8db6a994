//! The organisation pages: `org/` (the departments and sections of this
//! fiscal year, links to every year, and the recorded reorganisations in
//! plain words) and `org/{year}/` (the tree of one year, the span of years
//! it holds for, and the reorganisations taking effect that year). The
//! years are those of the current edition, of every reorganisation and
//! this fiscal year, and every year between. Only structure is shown — no
//! staff accounts, nor who recorded an event.
//!
//! Department and section names are the municipality's Japanese texts,
//! marked `lang="ja"` on English pages.

use super::{PageCtx, Rendered, html};
use crate::error::WebError;
use crate::i18n::Lang;
use crate::snapshot::Snapshot;
use askama::Template;
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::ids::DepartmentId;
use keikaku_model::org::{Change, Organisation, Reorganisation, SectionId, Unit};

/// Renders `org/` and `org/{year}/`; a 404 for a year outside the pages'
/// years or a deeper path; `None` for other paths.
pub fn route(
    snap: &Snapshot,
    lang: Lang,
    segments: &[&str],
    _query: Option<&str>,
) -> Option<Result<Rendered, WebError>> {
    let not_found =
        || WebError::not_found(lang, format!("/{}{}/", lang.prefix(), segments.join("/")));
    match segments {
        ["org"] => Some(render(snap, lang, None).map(Rendered::Html)),
        ["org", y] => Some(
            match y
                .parse::<i32>()
                .ok()
                .and_then(|y| FiscalYear::new(y).ok())
                .filter(|y| years(snap).contains(y))
            {
                Some(year) => render(snap, lang, Some(year)).map(Rendered::Html),
                None => Err(not_found()),
            },
        ),
        ["org", ..] => Some(Err(not_found())),
        _ => None,
    }
}

/// The overview and one page per year.
pub fn paths(snap: &Snapshot) -> Vec<String> {
    std::iter::once("org/".to_string())
        .chain(years(snap).iter().map(|y| format!("org/{}/", y.year())))
        .collect()
}

/// Every year with a page: from the earliest to the latest of the current
/// edition's years, the reorganisations' years and this fiscal year.
fn years(snap: &Snapshot) -> Vec<FiscalYear> {
    let edition = snap.plan.edition.years;
    let mut first = edition.first().min(snap.this_year);
    let mut last = edition.last().max(snap.this_year);
    for y in snap.org.years() {
        first = first.min(y);
        last = last.max(y);
    }
    (first.year()..=last.year())
        .filter_map(|y| FiscalYear::new(y).ok())
        .collect()
}

/// `2024年度`, `2022〜2023年度` / `FY2024`, `FY2022–2023`.
pub(crate) fn span_label(from: FiscalYear, to: FiscalYear, lang: Lang) -> String {
    match (lang, from == to) {
        (Lang::Ja, true) => format!("{}年度", from.year()),
        (Lang::Ja, false) => format!("{}〜{}年度", from.year(), to.year()),
        (Lang::En, true) => format!("FY{}", from.year()),
        (Lang::En, false) => format!("FY{}–{}", from.year(), to.year()),
    }
}

/// A piece of a sentence: UI text, or a name from the data (Japanese,
/// marked on English pages).
struct Part {
    text: String,
    name: bool,
}

fn ui(text: impl Into<String>) -> Part {
    Part {
        text: text.into(),
        name: false,
    }
}

fn name(text: impl Into<String>) -> Part {
    Part {
        text: text.into(),
        name: true,
    }
}

/// Projects a split gave to one successor.
struct Takeover {
    department: String,
    projects: Vec<ProjectLink>,
}

struct ProjectLink {
    href: String,
    id: String,
    name: String,
}

/// A reorganisation as listed.
struct EventView {
    year: String,
    kind: &'static str,
    sentence: Vec<Part>,
    takeovers: Vec<Takeover>,
}

/// A year link.
struct YearLink {
    href: String,
    label: String,
    current: bool,
    this_year: bool,
}

#[derive(Template)]
#[template(path = "org.html")]
struct OrgPage {
    ctx: PageCtx,
    /// The year shown (this fiscal year on the overview).
    year: String,
    /// The years with the same tree as the year shown.
    valid: String,
    /// Whether this is the overview (`org/`).
    overview: bool,
    years: Vec<YearLink>,
    tree: Vec<Unit>,
    /// The events listed (all on the overview, the year's on a year page).
    events: Vec<EventView>,
    /// Whether anything was ever reorganised.
    any_event: bool,
    overview_href: String,
    /// ` lang="ja"` on English pages, for department and section names.
    jattr: &'static str,
}

/// The year before `year` (the organisation a change starts from).
fn before(year: FiscalYear) -> FiscalYear {
    FiscalYear::new(year.year() - 1).unwrap_or(year)
}

fn dept_name(org: &Organisation, id: &DepartmentId, year: FiscalYear) -> String {
    org.name_in(id, year)
        .or_else(|| org.name_in(id, before(year)))
        .map_or_else(|| id.to_string(), str::to_owned)
}

fn section_name(org: &Organisation, id: &SectionId, year: FiscalYear) -> String {
    org.departments_in(year)
        .iter()
        .flat_map(|u| &u.sections)
        .find(|s| &s.id == id)
        .map_or_else(|| id.to_string(), |s| s.name.clone())
}

/// Names joined: `A・B` / `A, B and C` (as parts).
fn names(list: Vec<String>, lang: Lang) -> Vec<Part> {
    let n = list.len();
    let mut out = Vec::new();
    for (i, s) in list.into_iter().enumerate() {
        if i > 0 {
            out.push(ui(match lang {
                Lang::Ja => "・",
                Lang::En if i + 1 == n => " and ",
                Lang::En => ", ",
            }));
        }
        out.push(name(s));
    }
    out
}

/// One reorganisation in plain words.
fn describe(snap: &Snapshot, ctx: &PageCtx, e: &Reorganisation) -> EventView {
    let org = &snap.org;
    let lang = ctx.lang;
    let en = lang == Lang::En;
    let y = e.year;
    let old = before(y);
    let mut s: Vec<Part> = Vec::new();
    let mut takeovers = Vec::new();
    match &e.change {
        Change::Rename {
            department,
            name: new,
        } => {
            s.push(name(dept_name(org, department, old)));
            s.push(ui(if en { " was renamed " } else { "を" }));
            s.push(name(new.clone()));
            s.push(ui(if en { "." } else { "に改称しました。" }));
        }
        Change::Merge {
            from,
            into: _,
            name: new,
        } => {
            s.extend(names(
                from.iter().map(|d| dept_name(org, d, old)).collect(),
                lang,
            ));
            s.push(ui(if en {
                " were merged into "
            } else {
                "を統合し、"
            }));
            s.push(name(new.clone()));
            s.push(ui(if en { "." } else { "としました。" }));
        }
        Change::Split {
            from, into, assign, ..
        } => {
            s.push(name(dept_name(org, from, old)));
            s.push(ui(if en { " was split into " } else { "を" }));
            s.extend(names(into.iter().map(|d| d.name.clone()).collect(), lang));
            s.push(ui(if en { "." } else { "に分割しました。" }));
            for succ in into {
                let projects: Vec<ProjectLink> = assign
                    .iter()
                    .filter(|a| a.department == succ.id)
                    .map(|a| ProjectLink {
                        href: ctx.link(&format!("projects/{}/", a.project)),
                        id: a.project.to_string(),
                        name: snap
                            .plan
                            .project(&a.project)
                            .map_or_else(String::new, |p| p.name.clone()),
                    })
                    .collect();
                if !projects.is_empty() {
                    takeovers.push(Takeover {
                        department: succ.name.clone(),
                        projects,
                    });
                }
            }
        }
        Change::AddSection {
            name: new,
            department,
            ..
        } => {
            if en {
                s.push(ui("New section "));
                s.push(name(new.clone()));
                s.push(ui(" in "));
                s.push(name(dept_name(org, department, y)));
                s.push(ui("."));
            } else {
                s.push(name(dept_name(org, department, y)));
                s.push(ui("に"));
                s.push(name(new.clone()));
                s.push(ui("を新設しました。"));
            }
        }
        Change::RenameSection { id, name: new } => {
            s.push(ui(if en { "Section " } else { "" }));
            s.push(name(section_name(org, id, old)));
            s.push(ui(if en { " was renamed " } else { "を" }));
            s.push(name(new.clone()));
            s.push(ui(if en { "." } else { "に改称しました。" }));
        }
        Change::MoveSection { id, department } => {
            s.push(ui(if en { "Section " } else { "" }));
            s.push(name(section_name(org, id, old)));
            s.push(ui(if en { " moved to " } else { "を" }));
            s.push(name(dept_name(org, department, y)));
            s.push(ui(if en { "." } else { "に移しました。" }));
        }
        Change::CloseSection { id } => {
            s.push(ui(if en { "Section " } else { "" }));
            s.push(name(section_name(org, id, old)));
            s.push(ui(if en {
                " was closed."
            } else {
                "を廃止しました。"
            }));
        }
    }
    s.retain(|p| !p.text.is_empty());
    EventView {
        year: span_label(y, y, lang),
        kind: ctx.t(kind_key(&e.change)),
        sentence: s,
        takeovers,
    }
}

fn kind_key(c: &Change) -> &'static str {
    match c {
        Change::Rename { .. } => "org_kind_rename",
        Change::Merge { .. } => "org_kind_merge",
        Change::Split { .. } => "org_kind_split",
        Change::AddSection { .. } => "org_kind_add_section",
        Change::RenameSection { .. } => "org_kind_rename_section",
        Change::MoveSection { .. } => "org_kind_move_section",
        Change::CloseSection { .. } => "org_kind_close_section",
    }
}

fn render(snap: &Snapshot, lang: Lang, year: Option<FiscalYear>) -> Result<String, WebError> {
    let all = years(snap);
    let shown = year.unwrap_or(snap.this_year);
    let t = crate::i18n::texts(lang);
    let title = match year {
        None => t.get("orgpub_title").to_string(),
        Some(y) => format!(
            "{}{}",
            span_label(y, y, lang),
            if lang == Lang::En {
                ": organisation"
            } else {
                "の組織"
            }
        ),
    };
    let path = year.map_or_else(|| "org/".to_string(), |y| format!("org/{}/", y.year()));
    let ctx = PageCtx::new(snap, lang, &path, title, "plan");
    let tree = snap.org.departments_in(shown);
    // The span of page years around `shown` with the same tree.
    let same = |y: &FiscalYear| snap.org.departments_in(*y) == tree;
    let from = all
        .iter()
        .rev()
        .filter(|y| **y <= shown)
        .take_while(|y| same(y))
        .last()
        .copied()
        .unwrap_or(shown);
    let to = all
        .iter()
        .filter(|y| **y >= shown)
        .take_while(|y| same(y))
        .last()
        .copied()
        .unwrap_or(shown);
    let events = snap
        .org
        .events()
        .iter()
        .filter(|e| year.is_none_or(|y| e.year == y))
        .map(|e| describe(snap, &ctx, e))
        .collect();
    let page = OrgPage {
        year: span_label(shown, shown, lang),
        valid: span_label(from, to, lang),
        overview: year.is_none(),
        years: all
            .iter()
            .map(|y| YearLink {
                href: ctx.link(&format!("org/{}/", y.year())),
                label: span_label(*y, *y, lang),
                current: year == Some(*y),
                this_year: *y == snap.this_year,
            })
            .collect(),
        tree: tree.to_vec(),
        events,
        any_event: !snap.org.events().is_empty(),
        overview_href: ctx.link("org/"),
        jattr: if ctx.en() { " lang=\"ja\"" } else { "" },
        ctx,
    };
    html(&page, lang)
}
