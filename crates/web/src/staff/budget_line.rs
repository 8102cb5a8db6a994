//! One initiative's budget line for one fiscal year
//! (`/staff/budget/{program}/{year}/`): its figures as computed by the
//! model and a form with every field — 当初, 補正, 決算, the four funding
//! sources and FTE × unit cost — for the planning department and admins.
//!
//! Money is parsed with [`Thousands::parse`] (`12,345`, full-width digits,
//! `▲`/`△` negatives; never fractions), FTE as an exact decimal. Every
//! problem is shown next to its field and listed above the form, and
//! nothing is written. The form carries the version it was loaded with, so
//! a save over someone else's change is refused with 409 Conflict instead
//! of overwriting it ([`keikaku_app::App::set_budget_line`]).

use super::budget::{can_edit, department_name, load, money, money_error, money_opt, percent};
use super::form::form_error;
use super::{Signed, StaffCtx};
use crate::Live;
use crate::error::{Format, WebError};
use crate::i18n::{Lang, texts};
use askama::Template;
use axum::extract::{Extension, Form, Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use keikaku_app::Actor;
use keikaku_model::budget::money::Thousands;
use keikaku_model::budget::{BudgetLine, Funding, Personnel};
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::ids::ProgramId;
use keikaku_model::text::fold_width;
use keikaku_store::Expected;
use rust_decimal::Decimal;
use serde::Deserialize;
use std::str::FromStr;
use std::sync::Arc;

/// The form's fields, as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct LineForm {
    #[serde(default)]
    initial: String,
    #[serde(default)]
    supplementary: String,
    #[serde(default)]
    settlement: String,
    #[serde(default)]
    general: String,
    #[serde(default)]
    grants: String,
    #[serde(default)]
    bonds: String,
    #[serde(default)]
    other: String,
    #[serde(default)]
    fte: String,
    #[serde(default)]
    unit_cost: String,
    /// The version the form was loaded with (0: no line yet).
    #[serde(default)]
    version: i64,
}

/// The form's field names, in form order.
const FIELDS: [&str; 9] = [
    "initial",
    "supplementary",
    "settlement",
    "general",
    "grants",
    "bonds",
    "other",
    "fte",
    "unit_cost",
];

/// A field's label key.
fn label_key(field: &str) -> &'static str {
    match field {
        "initial" => "budget_staff_initial",
        "supplementary" => "budget_staff_supplementary",
        "settlement" => "budget_staff_settlement",
        "general" => "budget_staff_general",
        "grants" => "budget_staff_grants",
        "bonds" => "budget_staff_bonds",
        "other" => "budget_staff_other",
        "fte" => "budget_staff_fte",
        _ => "budget_staff_unit_cost",
    }
}

impl LineForm {
    fn value(&self, field: &str) -> &str {
        match field {
            "initial" => &self.initial,
            "supplementary" => &self.supplementary,
            "settlement" => &self.settlement,
            "general" => &self.general,
            "grants" => &self.grants,
            "bonds" => &self.bonds,
            "other" => &self.other,
            "fte" => &self.fte,
            _ => &self.unit_cost,
        }
    }

    /// The form filled from a stored line.
    fn of(line: &BudgetLine, version: i64) -> LineForm {
        let f = line.funding;
        let p = line.personnel;
        let m = |t: Option<Thousands>| t.map(|t| t.get().to_string()).unwrap_or_default();
        LineForm {
            initial: line.initial.get().to_string(),
            supplementary: line.supplementary.get().to_string(),
            settlement: m(line.settlement),
            general: m(f.map(|f| f.general)),
            grants: m(f.map(|f| f.grants)),
            bonds: m(f.map(|f| f.bonds)),
            other: m(f.map(|f| f.other)),
            fte: p.map(|p| p.fte.to_string()).unwrap_or_default(),
            unit_cost: m(p.map(|p| p.unit_cost)),
            version,
        }
    }
}

/// A problem with one field (or with the line as a whole when `field` is empty).
#[derive(Debug, Clone)]
struct FieldError {
    field: &'static str,
    message: String,
}

/// Parses the form into a line; every problem is named with its field.
fn parse_line(
    program: &ProgramId,
    year: FiscalYear,
    f: &LineForm,
    lang: Lang,
) -> Result<BudgetLine, Vec<FieldError>> {
    let t = texts(lang);
    let mut errors = Vec::new();
    let mut amount = |field: &'static str, required: bool| -> Option<Thousands> {
        let text = f.value(field).trim();
        if text.is_empty() {
            if required {
                errors.push(FieldError {
                    field,
                    message: format!(
                        "{}: {}",
                        t.get(label_key(field)),
                        t.get("budget_staff_required")
                    ),
                });
            }
            return None;
        }
        match Thousands::parse(text) {
            Ok(v) => Some(v),
            Err(e) => {
                errors.push(FieldError {
                    field,
                    message: format!("{}: {e}", t.get(label_key(field))),
                });
                None
            }
        }
    };
    let initial = amount("initial", true);
    let supplementary = amount("supplementary", false);
    let settlement = amount("settlement", false);
    let sources = ["general", "grants", "bonds", "other"].map(|s| (s, amount(s, false)));
    let unit_cost = amount("unit_cost", false);
    let fte_text = f.fte.trim();
    let fte = if fte_text.is_empty() {
        None
    } else {
        match Decimal::from_str(&fold_width(fte_text)) {
            Ok(d) => Some(d),
            Err(_) => {
                errors.push(FieldError {
                    field: "fte",
                    message: format!(
                        "{}: 「{fte_text}」 {}",
                        t.get("budget_staff_fte"),
                        t.get("budget_staff_fte_help")
                    ),
                });
                None
            }
        }
    };
    // Funding: all four or none (a blank source is zero once any is given).
    let any_source = sources.iter().any(|(s, _)| !f.value(s).trim().is_empty());
    let funding = any_source.then(|| Funding {
        general: sources[0].1.unwrap_or_default(),
        grants: sources[1].1.unwrap_or_default(),
        bonds: sources[2].1.unwrap_or_default(),
        other: sources[3].1.unwrap_or_default(),
    });
    // Personnel: FTE and unit cost together.
    let personnel = match (
        fte,
        unit_cost,
        fte_text.is_empty(),
        f.unit_cost.trim().is_empty(),
    ) {
        (Some(fte), Some(unit_cost), _, _) => Some(Personnel { fte, unit_cost }),
        (None, None, true, true) => None,
        (_, _, true, false) => {
            errors.push(FieldError {
                field: "fte",
                message: format!(
                    "{}: {}",
                    t.get("budget_staff_fte"),
                    t.get("budget_staff_personnel_pair")
                ),
            });
            None
        }
        (_, _, false, true) => {
            errors.push(FieldError {
                field: "unit_cost",
                message: format!(
                    "{}: {}",
                    t.get("budget_staff_unit_cost"),
                    t.get("budget_staff_personnel_pair")
                ),
            });
            None
        }
        _ => None,
    };
    let Some(initial) = initial.filter(|_| errors.is_empty()) else {
        return Err(errors);
    };
    let line = BudgetLine {
        program: program.clone(),
        year,
        initial,
        supplementary: supplementary.unwrap_or_default(),
        settlement,
        funding,
        personnel,
    };
    // The model's own arithmetic checks, named with the field they concern.
    if let Err(e) = line.check() {
        use keikaku_model::budget::BudgetError as B;
        let field = match &e {
            B::Negative { field, .. } if field.starts_with("当初") => "initial",
            B::Negative { field, .. } if field.starts_with("予算現額") => "supplementary",
            B::Negative { field, .. } if field.starts_with("決算") => "settlement",
            B::Negative { field, .. } if field.starts_with("一般") => "general",
            B::Negative { field, .. } if field.starts_with("国県") => "grants",
            B::Negative { field, .. } if field.starts_with("地方債") => "bonds",
            B::Negative { field, .. } if field.starts_with("その他") => "other",
            B::Negative { .. } => "unit_cost",
            B::FundingMismatch { .. } => "general",
            B::BadFte(_) => "fte",
            _ => "",
        };
        let label = if field.is_empty() {
            String::new()
        } else {
            format!("{}: ", t.get(label_key(field)))
        };
        return Err(vec![FieldError {
            field,
            message: format!("{label}{e}"),
        }]);
    }
    Ok(line)
}

/// One field of the form as rendered.
struct FieldView {
    name: &'static str,
    label: &'static str,
    value: String,
    error: Option<String>,
    help: &'static str,
}

/// The stored line's computed figures.
struct Computed {
    budget: String,
    personnel: String,
    spending: String,
    total: String,
    rate: String,
    funding_total: String,
}

#[derive(Template)]
#[template(path = "staff/budget_line.html")]
struct LinePage {
    ctx: StaffCtx,
    program: String,
    name: String,
    department: String,
    year: i32,
    version: i64,
    computed: Option<Computed>,
    fields: Vec<FieldView>,
    can_edit: bool,
    errors: Vec<String>,
    published: bool,
    audit_href: String,
    back_href: String,
}

struct Target {
    program: ProgramId,
    year: FiscalYear,
}

fn target(program: &str, year: &str, lang: Lang) -> Result<Target, WebError> {
    let year = year
        .trim()
        .parse::<FiscalYear>()
        .map_err(|e| WebError::bad_request(lang, format!("year: {e}")))?;
    let program = ProgramId::new(program)
        .map_err(|_| WebError::not_found(lang, format!("initiative {program}")))?;
    Ok(Target { program, year })
}

#[allow(clippy::too_many_arguments)]
async fn render(
    live: &Live,
    lang: Lang,
    signed: &Signed,
    target: &Target,
    status: StatusCode,
    form: Option<LineForm>,
    field_errors: Vec<FieldError>,
    other_errors: Vec<String>,
) -> Result<Response, WebError> {
    let t = texts(lang);
    let data = load(live, lang).await?;
    let program = data
        .program(target.program.as_str())
        .ok_or_else(|| WebError::not_found(lang, format!("initiative {}", target.program)))?;
    let y = target.year.year();
    let stored = data
        .rows
        .iter()
        .find(|r| r.line.program == target.program && r.line.year == target.year);
    let err = |e| money_error(e, lang);
    let computed = match stored {
        Some(r) => {
            let l = &r.line;
            Some(Computed {
                budget: money(l.current_budget().map_err(err)?),
                personnel: match l.personnel {
                    Some(p) => format!(
                        "{} ({} × {})",
                        money(l.personnel_cost().map_err(err)?),
                        p.fte,
                        money(p.unit_cost)
                    ),
                    None => "—".to_owned(),
                },
                spending: money(l.spending().map_err(err)?),
                total: money(l.total_cost().map_err(err)?),
                rate: percent(l.execution_rate().map_err(err)?),
                funding_total: money_opt(l.funding.map(|f| f.total()).transpose().map_err(err)?),
            })
        }
        None => None,
    };
    let form = form.unwrap_or_else(|| {
        stored.map_or_else(LineForm::default, |r| LineForm::of(&r.line, r.version))
    });
    let fields = FIELDS
        .iter()
        .map(|&name| FieldView {
            name,
            label: t.get(label_key(name)),
            value: form.value(name).to_owned(),
            error: field_errors
                .iter()
                .filter(|e| e.field == name)
                .map(|e| e.message.clone())
                .reduce(|a, b| format!("{a} {b}")),
            help: match name {
                "fte" => t.get("budget_staff_fte_help"),
                "settlement" => t.get("budget_staff_settlement_help"),
                "supplementary" => t.get("budget_staff_supplementary_help"),
                "general" => t.get("budget_staff_funding_help"),
                _ => t.get("budget_staff_money_help"),
            },
        })
        .collect();
    let mut errors: Vec<String> = field_errors.into_iter().map(|e| e.message).collect();
    errors.extend(other_errors);
    let ctx = StaffCtx::new(
        lang,
        Some(signed),
        format!("{} {} {y}", program.id, program.name),
        format!("budget/{}/{y}/", program.id),
        "budget",
    );
    let page = LinePage {
        program: program.id.to_string(),
        name: program.name.clone(),
        department: department_name(&data.plan, program),
        year: y,
        version: form.version,
        computed,
        fields,
        can_edit: can_edit(&signed.staff, &data.plan),
        errors,
        published: data.is_published(y, keikaku_store::PublishStage::Budget),
        audit_href: ctx.link(&format!("audit/?entity=budget/{}/{y}", program.id)),
        back_href: ctx.link(&format!("budget/?year={y}")),
        ctx,
    };
    Ok((status, Html(crate::pages::html(&page, lang)?)).into_response())
}

/// GET `/staff/budget/{program}/{year}/`.
pub async fn page(
    State(live): State<Arc<Live>>,
    Extension(lang): Extension<Lang>,
    Extension(signed): Extension<Signed>,
    Path((program, year)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let target = target(&program, &year, lang)?;
    render(
        &live,
        lang,
        &signed,
        &target,
        StatusCode::OK,
        None,
        Vec::new(),
        Vec::new(),
    )
    .await
}

/// POST `/staff/budget/{program}/{year}/`: saves the line if it is still
/// at the form's version.
pub async fn save(
    State(live): State<Arc<Live>>,
    Extension(lang): Extension<Lang>,
    Extension(signed): Extension<Signed>,
    Path((program, year)): Path<(String, String)>,
    Form(form): Form<LineForm>,
) -> Result<Response, WebError> {
    let target = target(&program, &year, lang)?;
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
    let line = match parse_line(&target.program, target.year, &form, lang) {
        Ok(l) => l,
        Err(errors) => {
            return render(
                &live,
                lang,
                &signed,
                &target,
                StatusCode::BAD_REQUEST,
                Some(form),
                errors,
                Vec::new(),
            )
            .await;
        }
    };
    let expected = match form.version {
        0 => Expected::Nothing,
        n => Expected::Version(n),
    };
    let actor = Actor(signed.staff.name.to_string());
    match live
        .app()
        .set_budget_line(live.code(), &line, expected, &actor)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!(
            "/{}staff/budget/?year={}&saved={}",
            lang.prefix(),
            target.year.year(),
            target.program
        ))
        .into_response()),
        Err(e) => {
            let (status, errors) = form_error(e, lang)?;
            render(
                &live,
                lang,
                &signed,
                &target,
                status,
                Some(form),
                Vec::new(),
                errors,
            )
            .await
        }
    }
}
