//! The token-authenticated part of the API, for scripts of the staff:
//! `GET /staff/me` (whose token this is) and `POST /staff/actuals` (record
//! one actual). A request authenticates only with
//! `Authorization: Bearer kk_…`, a token created on the staff account page
//! or with `keikaku user token`; cookies are ignored here, so there is no
//! CSRF to guard against. Department scope is checked with
//! [`allows`]. Responses are never cached (`no-store`, and the API's
//! snapshot cache is bypassed for `/staff/`).

use super::types::Problem;
use crate::Live;
use crate::error::{Format, Kind, WebError};
use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use keikaku_app::{Actor, AppError};
use keikaku_model::access::{Permission, Staff, allows};
use keikaku_model::actual::ActualValue;
use keikaku_model::ids::IndicatorId;
use keikaku_model::period::Period;
use keikaku_model::plan::Plan;
use keikaku_model::quantity::{Quantity, parse_amount};
use keikaku_store::Expected;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use utoipa::ToSchema;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};

/// Adds the bearer-token security scheme to the OpenAPI document.
pub struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let scheme = HttpBuilder::new()
            .scheme(HttpAuthScheme::Bearer)
            .description(Some("An API token of a staff account (`kk_…`)"))
            .build();
        openapi
            .components
            .get_or_insert_with(Default::default)
            .add_security_scheme("token", SecurityScheme::Http(scheme));
    }
}

/// The account a token belongs to.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Me {
    /// Login name.
    pub name: String,
    /// Name shown on pages.
    pub display_name: String,
    /// `admin`, `planning`, `department`, `council` or `viewer`.
    pub role: String,
    /// Department IDs (for the `department` role: its scope).
    pub departments: Vec<String>,
}

/// One actual to record.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewActual {
    /// Indicator ID, e.g. `KPI-03`.
    #[schema(example = "KPI-03")]
    pub indicator: String,
    /// Period as written: `2024年度`, `R6`, `FY2024`, `2025年3月末` …
    #[schema(example = "2024年度")]
    pub period: String,
    /// The amount as a string, to keep its precision (`19.10`, `1,026,000`);
    /// in the indicator's unit.
    #[schema(example = "60")]
    pub value: String,
    /// Where the figure comes from.
    #[serde(default)]
    pub source: Option<String>,
    /// A note.
    #[serde(default)]
    pub note: Option<String>,
    /// The version this writer last read: `0` when it saw none; omitted to
    /// record whatever is there (the latest report wins). A mismatch is 409.
    #[serde(default)]
    pub expected_version: Option<i64>,
}

/// What was recorded.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RecordedActual {
    /// Indicator ID.
    pub indicator: String,
    /// Fiscal year the period belongs to.
    pub fiscal_year: i32,
    /// Period as written.
    pub period: String,
    /// Amount (string, exact).
    pub value: String,
    /// Unit.
    pub unit: String,
    /// The version now current.
    pub version: i64,
    /// True when the value equalled the current one (nothing written).
    pub unchanged: bool,
}

/// A field's problem in a 400 answer.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FieldError {
    /// The field: `indicator`, `period`, `value`, …
    pub field: String,
    /// What is wrong.
    pub message: String,
}

/// A 400 answer with every field's problem.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ValidationProblem {
    /// Always `about:blank`.
    #[serde(rename = "type")]
    pub kind: String,
    /// `Bad Request`.
    pub title: String,
    /// 400.
    pub status: u16,
    /// Summary.
    pub detail: String,
    /// Every problem, by field.
    pub errors: Vec<FieldError>,
}

fn problem(kind: Kind) -> Response {
    let unauthorized = matches!(kind, Kind::Unauthorized(_));
    let mut res = WebError {
        kind,
        format: Format::Json,
    }
    .into_response();
    if unauthorized {
        res.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            header::HeaderValue::from_static("Bearer realm=\"keikaku\""),
        );
    }
    res
}

fn field_errors(errors: Vec<FieldError>) -> Response {
    let body = ValidationProblem {
        kind: "about:blank".into(),
        title: "Bad Request".into(),
        status: 400,
        detail: errors
            .iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect::<Vec<_>>()
            .join("; "),
        errors,
    };
    let json = serde_json::to_string(&body).unwrap_or_default();
    (
        StatusCode::BAD_REQUEST,
        [(header::CONTENT_TYPE, "application/problem+json")],
        json,
    )
        .into_response()
}

/// The account of the request's bearer token (its departments as the
/// organisation stands this fiscal year), or a 401 answer.
async fn bearer(live: &Live, headers: &HeaderMap) -> Result<Staff, Response> {
    let secret = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|s| s.starts_with("kk_"));
    let Some(secret) = secret else {
        return Err(problem(Kind::Unauthorized(
            "send an API token as `Authorization: Bearer kk_…`".into(),
        )));
    };
    match live.app().token_user(secret, crate::staff::now()).await {
        Ok(staff) => live
            .app()
            .acting_staff(live.code(), staff, crate::staff::this_year())
            .await
            .map_err(|e| WebError::from_app(e, Format::Json).into_response()),
        Err(AppError::Unauthenticated) => Err(problem(Kind::Unauthorized(
            "the API token is unknown, revoked, or its account is disabled".into(),
        ))),
        Err(e) => Err(WebError::from_app(e, Format::Json).into_response()),
    }
}

/// The account the bearer token belongs to.
#[utoipa::path(
    get,
    path = "/staff/me",
    tag = "staff",
    operation_id = "staff_me",
    security(("token" = [])),
    responses(
        (status = 200, description = "The token's account", body = Me),
        (status = 401, description = "No token, or an unknown or revoked one", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "Internal error", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn me(State(live): State<Arc<Live>>, headers: HeaderMap) -> Response {
    match bearer(&live, &headers).await {
        Ok(s) => Json(Me {
            name: s.name.to_string(),
            display_name: s.display_name,
            role: s.role.keyword().to_owned(),
            departments: s.departments.iter().map(ToString::to_string).collect(),
        })
        .into_response(),
        Err(res) => res,
    }
}

fn err(field: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.into(),
        message: message.into(),
    }
}

/// Reads the body into a value of a known indicator, or every field's problem.
fn parse_value(plan: &Plan, a: &NewActual) -> Result<ActualValue, Vec<FieldError>> {
    let mut errors = Vec::new();
    let indicator = IndicatorId::new(a.indicator.trim())
        .ok()
        .and_then(|id| plan.indicator(&id))
        .ok_or_else(|| {
            errors.push(err(
                "indicator",
                format!(
                    "「{}」 is not an indicator of the current edition",
                    a.indicator
                ),
            ))
        })
        .ok();
    let period = Period::parse(a.period.trim())
        .map_err(|e| errors.push(err("period", e.to_string())))
        .ok();
    let amount = parse_amount(&a.value)
        .map_err(|e| errors.push(err("value", e.to_string())))
        .ok();
    if let Some(v) = a.expected_version.filter(|v| *v < 0) {
        errors.push(err("expected_version", format!("{v} is not a version")));
    }
    match (indicator, period, amount) {
        (Some(i), Some(period), Some(amount)) if errors.is_empty() => Ok(ActualValue {
            indicator: i.id.clone(),
            period,
            quantity: Quantity {
                amount,
                unit: i.unit.clone(),
            },
            source: a.source.clone().filter(|s| !s.trim().is_empty()),
            note: a.note.clone().filter(|s| !s.trim().is_empty()),
        }),
        _ => Err(errors),
    }
}

/// Records one actual of an indicator in the token's scope.
#[utoipa::path(
    post,
    path = "/staff/actuals",
    tag = "staff",
    operation_id = "staff_record_actual",
    security(("token" = [])),
    request_body(content = NewActual, content_type = "application/json"),
    responses(
        (status = 200, description = "Recorded (or unchanged)", body = RecordedActual),
        (status = 400, description = "Invalid fields, each named", body = ValidationProblem, content_type = "application/problem+json"),
        (status = 401, description = "No token, or an unknown or revoked one", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The indicator is outside the account's scope", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`expected_version` is not the current version", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 500, description = "Internal error", body = Problem, content_type = "application/problem+json"),
    )
)]
pub(super) async fn record_actual(
    State(live): State<Arc<Live>>,
    headers: HeaderMap,
    body: Result<Json<NewActual>, JsonRejection>,
) -> Response {
    let staff = match bearer(&live, &headers).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    let body = match body {
        Ok(Json(b)) => b,
        Err(JsonRejection::MissingJsonContentType(_)) => {
            return problem_status(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "send JSON with Content-Type: application/json",
            );
        }
        Err(e) => return field_errors(vec![err("body", e.body_text())]),
    };
    let app = live.app();
    let plan = match app.current_plan(live.code()).await {
        Ok(p) => p,
        Err(e) => return WebError::from_app(e, Format::Json).into_response(),
    };
    let value = match parse_value(&plan, &body) {
        Ok(v) => v,
        Err(errors) => return field_errors(errors),
    };
    // Scope as the organisation stands this fiscal year.
    let scope = match app.organisation_of(live.code(), &plan).await {
        Ok(org) => org.resolve(&plan, crate::staff::this_year()),
        Err(e) => return WebError::from_app(e, Format::Json).into_response(),
    };
    if !allows(&staff, Permission::RecordActual(&value.indicator), &scope) {
        return problem(Kind::Forbidden(format!(
            "{} is outside the scope of {}",
            value.indicator, staff.name
        )));
    }
    let expected = match body.expected_version {
        None => Expected::Any,
        Some(0) => Expected::Nothing,
        Some(n) => Expected::Version(n),
    };
    let actor = Actor(staff.name.to_string());
    match app
        .record_actual(live.code(), &value, expected, &actor)
        .await
    {
        Ok(r) => Json(RecordedActual {
            indicator: value.indicator.to_string(),
            fiscal_year: value.fiscal_year().year(),
            period: value.period.written().to_owned(),
            value: value.quantity.amount.to_string(),
            unit: value.quantity.unit.to_string(),
            version: r.version,
            unchanged: r.unchanged,
        })
        .into_response(),
        Err(e) => WebError::from_app(e, Format::Json).into_response(),
    }
}

fn problem_status(status: StatusCode, detail: &str) -> Response {
    let body = serde_json::json!({
        "type": "about:blank",
        "title": status.canonical_reason().unwrap_or("error"),
        "status": status.as_u16(),
        "detail": detail,
    });
    (
        status,
        [(header::CONTENT_TYPE, "application/problem+json")],
        body.to_string(),
    )
        .into_response()
}

/// 405 for the other methods of `/staff/actuals`.
pub(super) async fn post_only() -> Response {
    let mut res = problem_status(
        StatusCode::METHOD_NOT_ALLOWED,
        "record actuals with POST and a JSON body",
    );
    res.headers_mut()
        .insert(header::ALLOW, header::HeaderValue::from_static("POST"));
    res
}
