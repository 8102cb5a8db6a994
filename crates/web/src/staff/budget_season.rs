//! The budget season (予算編成, `/staff/budget/season/?edition=&year=`):
//! while the next edition of the implementation plan is drafted, the
//! planning department sets the budget proposed for each initiative for
//! the coming year (the draft edition's first year) in the light of the
//! last fiscal year (by default the year before):
//!
//! - the grades of the initiative's indicators in that year (the default
//!   rubric over every current actual, as the council report grades them);
//! - its cost trend: 総事業費 per year (settlement basis where settled);
//! - the improvement decisions (継続/拡充/改善/縮小/廃止) of that year's PDCA
//!   reviews of the projects and policy items it serves, each shown;
//! - the proposal recorded so far.
//!
//! A form per initiative records the proposal (amount in 千円, decision,
//! note) in the draft edition through [`keikaku_app::App::set_proposal`],
//! which refuses published editions. Planning and admins write; everyone
//! signed in reads. Without a draft edition the page says how to create one.

use super::budget::{can_edit, department_name, load, money, money_error};
use super::form::{Fields, form_error};
use super::work::subject_name;
use super::{Signed, StaffCtx};
use crate::Live;
use crate::error::{Format, WebError};
use crate::i18n::{Lang, texts};
use crate::view::{Badge, grade_badge};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Extension, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use keikaku_app::Actor;
use keikaku_app::evaluation::evaluate_year;
use keikaku_model::budget::Proposal;
use keikaku_model::budget::money::Thousands;
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::ids::{EditionId, ProgramId};
use keikaku_model::workflow::{Decision, Subject};
use keikaku_store::EditionRow;
use serde::Deserialize;
use std::sync::Arc;

/// `?edition=&year=&saved=` on the season page.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct SeasonQuery {
    /// The edition proposals belong to (default: the newest draft).
    edition: Option<String>,
    /// The year looked back on (default: the year before the coming one).
    year: Option<String>,
    /// The initiative whose proposal was just recorded.
    saved: Option<String>,
}

/// An indicator's grade in the year looked back on.
struct GradeRow {
    id: String,
    name: String,
    href: String,
    badge: Badge,
}

/// One year of the cost trend.
struct TrendRow {
    year: i32,
    total: String,
    settled: bool,
}

/// A PDCA review of a subject the initiative serves.
struct DecisionRow {
    subject: String,
    name: String,
    href: String,
    decision: String,
    state: String,
}

/// The proposal form of one initiative (values as typed or stored).
#[derive(Debug, Clone, Default)]
struct ProposalForm {
    amount: String,
    decision: String,
    note: String,
}

/// One initiative's part of the page.
struct ProgramView {
    id: String,
    name: String,
    department: String,
    grades: Vec<GradeRow>,
    trend: Vec<TrendRow>,
    decisions: Vec<DecisionRow>,
    /// The recorded proposal: amount, decision, note.
    recorded: Option<(String, String, String)>,
    form: ProposalForm,
    errors: Vec<String>,
}

#[derive(Template)]
#[template(path = "staff/budget_season.html")]
struct SeasonPage {
    ctx: StaffCtx,
    /// The edition shown, if any.
    edition: Option<String>,
    draft: bool,
    editions: Vec<(String, String)>,
    coming: i32,
    year: i32,
    years: Vec<i32>,
    programs: Vec<ProgramView>,
    decisions: Vec<(&'static str, &'static str)>,
    can_edit: bool,
    saved: Option<String>,
    errors: Vec<String>,
}

/// A decision in the page's language.
fn decision_label(d: Decision, lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => d.label_ja(),
        Lang::En => d.label_en(),
    }
}

/// The edition asked for, else the newest draft.
fn chosen_edition<'a>(
    editions: &'a [EditionRow],
    asked: Option<&str>,
    lang: Lang,
) -> Result<Option<&'a EditionRow>, WebError> {
    match asked.map(str::trim).filter(|s| !s.is_empty()) {
        Some(id) => editions
            .iter()
            .find(|e| e.id == id)
            .map(Some)
            .ok_or_else(|| WebError::not_found(lang, format!("edition {id}"))),
        None => Ok(editions.iter().rev().find(|e| e.status == "draft")),
    }
}

/// What a failed POST leaves on the page: the initiative, its form, why.
struct Refused {
    program: String,
    form: ProposalForm,
    errors: Vec<String>,
}

async fn render(
    live: &Live,
    lang: Lang,
    signed: &Signed,
    q: &SeasonQuery,
    status: StatusCode,
    refused: Option<Refused>,
) -> Result<Response, WebError> {
    let t = texts(lang);
    let app = live.app();
    let code = live.code();
    let html = |e| WebError::from_app(e, Format::Html(lang));
    let editions = app.editions(code).await.map_err(html)?;
    let edition = chosen_edition(&editions, q.edition.as_deref(), lang)?;
    let data = load(live, lang).await?;
    let plan = &data.plan;
    let book = data.book();
    let coming = edition.map_or_else(|| plan.edition.years.last().year() + 1, |e| e.first_year);
    let year = match q.year.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(y) => y
            .parse::<FiscalYear>()
            .map_err(|e| WebError::bad_request(lang, format!("year: {e}")))?,
        None => {
            FiscalYear::new(coming - 1).map_err(|e| WebError::bad_request(lang, e.to_string()))?
        }
    };
    let path = format!(
        "budget/season/?edition={}&year={}",
        edition.map_or("", |e| e.id.as_str()),
        year.year()
    );
    let ctx = StaffCtx::new(
        lang,
        Some(signed),
        t.get("budget_staff_season_title"),
        path,
        "budget",
    );
    let proposals = match edition {
        Some(e) => app.proposals(code, &e.id).await.map_err(html)?,
        None => Vec::new(),
    };
    let rubric = app.rubric(code, None).await.map_err(html)?;
    let actuals: Vec<_> = app
        .current_actuals(code)
        .await
        .map_err(html)?
        .into_iter()
        .map(|a| a.value)
        .collect();
    let evaluation = evaluate_year(code, plan, &rubric, &actuals, year);
    let records = app.pdca_records(code, Some(year)).await.map_err(html)?;
    let err = |e| money_error(e, lang);
    let mut programs = Vec::new();
    for p in &data.programs {
        let grades = p
            .links
            .indicators
            .iter()
            .filter_map(|id| {
                evaluation
                    .indicators
                    .iter()
                    .find(|r| &r.grade.indicator == id)
            })
            .map(|r| GradeRow {
                id: r.grade.indicator.to_string(),
                name: r.name.clone(),
                href: ctx.link(&format!(
                    "indicators/{}/?year={}",
                    r.grade.indicator,
                    year.year()
                )),
                badge: grade_badge(&r.grade, lang),
            })
            .collect();
        let trend = book
            .trend(|g| g.id == p.id)
            .map_err(err)?
            .into_iter()
            .filter(|(_, totals)| totals.lines > 0)
            .map(|(y, totals)| TrendRow {
                year: y.year(),
                total: money(totals.total),
                settled: totals.fully_settled(),
            })
            .collect();
        let subjects: Vec<Subject> = p
            .projects(plan)
            .into_iter()
            .map(|id| Subject::Project(id.clone()))
            .chain(p.links.items.iter().map(|i| Subject::PolicyItem(i.clone())))
            .collect();
        let decisions = subjects
            .iter()
            .map(|s| {
                let record = records.iter().find(|r| &r.subject == s);
                DecisionRow {
                    subject: s.to_string(),
                    name: subject_name(plan, s),
                    href: ctx.link(&format!("pdca/{}/{s}/", year.year())),
                    decision: record.and_then(|r| r.decision).map_or_else(
                        || t.get("budget_staff_no_decision").to_owned(),
                        |d| decision_label(d, lang).to_owned(),
                    ),
                    state: record.map_or_else(
                        || t.get("budget_staff_no_record").to_owned(),
                        |r| match lang {
                            Lang::Ja => r.state.label_ja().to_owned(),
                            Lang::En => r.state.label_en().to_owned(),
                        },
                    ),
                }
            })
            .collect();
        let stored = proposals.iter().find(|x| x.program == p.id);
        let recorded = stored.map(|x| {
            (
                money(x.amount),
                x.decision
                    .map_or("", |d| decision_label(d, lang))
                    .to_owned(),
                x.note.clone(),
            )
        });
        let (form, errors) = match &refused {
            Some(r) if r.program == p.id.as_str() => (r.form.clone(), r.errors.clone()),
            _ => (
                stored.map_or_else(ProposalForm::default, |x| ProposalForm {
                    amount: x.amount.get().to_string(),
                    decision: x.decision.map_or("", |d| d.label_en()).to_owned(),
                    note: x.note.clone(),
                }),
                Vec::new(),
            ),
        };
        programs.push(ProgramView {
            id: p.id.to_string(),
            name: p.name.clone(),
            department: department_name(plan, p),
            grades,
            trend,
            decisions,
            recorded,
            form,
            errors,
        });
    }
    // Errors not about one initiative of the list (e.g. an unknown one).
    let errors = match &refused {
        Some(r) if !data.programs.iter().any(|p| p.id.as_str() == r.program) => r.errors.clone(),
        _ => Vec::new(),
    };
    let first = plan.edition.years.first().year();
    let page = SeasonPage {
        edition: edition.map(|e| e.id.clone()),
        draft: edition.is_some_and(|e| e.status == "draft"),
        editions: editions
            .iter()
            .map(|e| {
                let status = if e.status == "draft" {
                    t.get("budget_staff_edition_draft")
                } else {
                    t.get("budget_staff_edition_published")
                };
                (
                    e.id.clone(),
                    format!("{} ({}–{}, {status})", e.id, e.first_year, e.last_year),
                )
            })
            .collect(),
        coming,
        year: year.year(),
        years: (first - 1..coming).collect(),
        programs,
        decisions: Decision::ALL
            .iter()
            .map(|&d| (d.label_en(), decision_label(d, lang)))
            .collect(),
        can_edit: can_edit(&signed.staff, plan),
        saved: q.saved.clone(),
        errors,
        ctx,
    };
    Ok((status, Html(crate::pages::html(&page, lang)?)).into_response())
}

/// GET `/staff/budget/season/`.
pub async fn page(
    State(live): State<Arc<Live>>,
    Extension(lang): Extension<Lang>,
    Extension(signed): Extension<Signed>,
    Query(q): Query<SeasonQuery>,
) -> Result<Response, WebError> {
    render(&live, lang, &signed, &q, StatusCode::OK, None).await
}

/// Parses the proposal form; every problem is named with its field.
fn parse_proposal(f: &Fields, lang: Lang) -> Result<Proposal, Vec<String>> {
    let t = texts(lang);
    let mut errors = Vec::new();
    let edition = EditionId::new(f.get("edition").trim())
        .map_err(|e| errors.push(format!("{}: {e}", t.get("budget_staff_edition"))))
        .ok();
    let program = ProgramId::new(f.get("program").trim())
        .map_err(|e| errors.push(format!("{}: {e}", t.get("budget_staff_program"))))
        .ok();
    let year = f
        .get("coming")
        .trim()
        .parse::<FiscalYear>()
        .map_err(|e| errors.push(format!("{}: {e}", t.get("budget_staff_coming"))))
        .ok();
    let amount = match f.get("amount").trim() {
        "" => {
            errors.push(format!(
                "{}: {}",
                t.get("budget_staff_proposal_amount"),
                t.get("budget_staff_required")
            ));
            None
        }
        text => Thousands::parse(text)
            .map_err(|e| errors.push(format!("{}: {e}", t.get("budget_staff_proposal_amount"))))
            .ok(),
    };
    let decision = match f.get("decision").trim() {
        "" => None,
        text => text
            .parse::<Decision>()
            .map_err(|e| errors.push(format!("{}: {e}", t.get("budget_staff_proposal_decision"))))
            .ok(),
    };
    match (edition, program, year, amount) {
        (Some(edition), Some(program), Some(year), Some(amount)) if errors.is_empty() => {
            Ok(Proposal {
                edition,
                program,
                year,
                amount,
                decision,
                note: f.get("note").trim().to_owned(),
            })
        }
        _ => Err(errors),
    }
}

/// POST `/staff/budget/season/`: records one initiative's proposal.
pub async fn propose(
    State(live): State<Arc<Live>>,
    Extension(lang): Extension<Lang>,
    Extension(signed): Extension<Signed>,
    body: Bytes,
) -> Result<Response, WebError> {
    let f = Fields::parse(&body);
    let plan = live
        .app()
        .current_plan(live.code())
        .await
        .map_err(|e| WebError::from_app(e, Format::Html(lang)))?;
    if !can_edit(&signed.staff, &plan) {
        return Err(WebError::forbidden(
            lang,
            texts(lang).get("staff.forbidden_role"),
        ));
    }
    let q = SeasonQuery {
        edition: Some(f.get("edition").to_owned()).filter(|e| !e.trim().is_empty()),
        year: Some(f.get("year").to_owned()).filter(|y| y.trim().parse::<FiscalYear>().is_ok()),
        saved: None,
    };
    let refused = |errors: Vec<String>| Refused {
        program: f.get("program").trim().to_owned(),
        form: ProposalForm {
            amount: f.get("amount").to_owned(),
            decision: f.get("decision").to_owned(),
            note: f.get("note").to_owned(),
        },
        errors,
    };
    let proposal = match parse_proposal(&f, lang) {
        Ok(p) => p,
        Err(errors) => {
            let r = Some(refused(errors));
            return render(&live, lang, &signed, &q, StatusCode::BAD_REQUEST, r).await;
        }
    };
    let actor = Actor(signed.staff.name.to_string());
    match live
        .app()
        .set_proposal(live.code(), &proposal, &actor)
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!(
            "/{}staff/budget/season/?edition={}&year={}&saved={}#program-{}",
            lang.prefix(),
            proposal.edition,
            q.year.as_deref().unwrap_or(""),
            proposal.program,
            proposal.program
        ))
        .into_response()),
        Err(e) => {
            let (status, errors) = form_error(e, lang)?;
            render(&live, lang, &signed, &q, status, Some(refused(errors))).await
        }
    }
}
