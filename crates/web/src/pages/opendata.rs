//! The open-data page `open-data/`: the tables of
//! `keikaku_report::opendata` (projects, indicators, printed values and the
//! *published* actuals and grades) as UTF-8 CSV and JSON downloads with the
//! Frictionless `datapackage.json`, licensed CC BY 4.0, served as
//! `open-data/NAME.csv` etc. The snapshot holds only published actuals and
//! records, so nothing unpublished can appear. Its few UI strings are
//! written here in both languages (docs/open-data.md describes the files).

use super::{PageCtx, Rendered, html};
use crate::error::WebError;
use crate::i18n::Lang;
use crate::snapshot::Snapshot;
use askama::Template;
use keikaku_app::publication::public_pairs;
use keikaku_model::grading::Grade;
use keikaku_report::opendata::{self, Encoding, OpenDataInput, Options, OutputFile, PackageMeta};

/// One downloadable table.
struct Download {
    title: String,
    csv: String,
    csv_name: String,
    json: String,
    json_name: String,
    rows: usize,
}

#[derive(Template)]
#[template(path = "opendata.html")]
struct OpenDataPage {
    ctx: PageCtx,
    intro: &'static str,
    licence: &'static str,
    caption: &'static str,
    heading_table: &'static str,
    heading_rows: &'static str,
    package: String,
    package_label: &'static str,
    downloads: Vec<Download>,
}

/// Renders `open-data/` and its files; `None` for other paths.
pub fn route(
    snap: &Snapshot,
    lang: Lang,
    segments: &[&str],
    _query: Option<&str>,
) -> Option<Result<Rendered, WebError>> {
    match segments {
        ["open-data"] => Some(render(snap, lang).map(Rendered::Html)),
        ["open-data", name] => {
            let file = files(snap).ok()?.into_iter().find(|f| f.name == *name)?;
            let content_type = if name.ends_with(".csv") {
                "text/csv; charset=utf-8"
            } else {
                "application/json"
            };
            let body = String::from_utf8(file.bytes).ok()?;
            Some(Ok(Rendered::File { content_type, body }))
        }
        _ => None,
    }
}

/// The page and every file.
pub fn paths(snap: &Snapshot) -> Vec<String> {
    let mut out = vec!["open-data/".to_string()];
    out.extend(
        files(snap)
            .unwrap_or_default()
            .into_iter()
            .map(|f| format!("open-data/{}", f.name)),
    );
    out
}

/// The grades the public may see: those of published (indicator, year) pairs.
fn published_grades(snap: &Snapshot) -> Vec<Grade> {
    let public = public_pairs(&snap.plan, &snap.records);
    snap.evaluations
        .iter()
        .flat_map(|e| e.indicators.iter().map(|r| r.grade.clone()))
        .filter(|g| public.contains(&(g.indicator.clone(), g.year)))
        .collect()
}

fn input_tables(snap: &Snapshot) -> Vec<opendata::Table> {
    let actuals: Vec<_> = snap.actuals.iter().map(|a| a.value.clone()).collect();
    let grades = published_grades(snap);
    opendata::tables(&OpenDataInput {
        plan: &snap.plan,
        actuals: &actuals,
        grades: &grades,
        programs: &snap.budget.programs,
        budget: &snap.budget.lines,
    })
}

fn meta(snap: &Snapshot) -> PackageMeta {
    let plan = &snap.plan;
    PackageMeta {
        name: format!("keikaku-{}-{}", snap.code, plan.edition.id).to_lowercase(),
        title: format!(
            "{} {} 成果指標オープンデータ",
            plan.municipality.name, plan.edition.title
        ),
        publisher: plan.municipality.name.clone(),
        description: format!(
            "{}の実施計画の事業、成果指標、初期値・基準値・目標値、公表済みの実績値と評価。",
            plan.municipality.name
        ),
    }
}

/// Every file, UTF-8 (UTF-8 always encodes, so this fails only on a bug).
fn files(snap: &Snapshot) -> Result<Vec<OutputFile>, opendata::OpenDataError> {
    opendata::render(
        &input_tables(snap),
        &meta(snap),
        Options {
            encoding: Encoding::Utf8,
        },
    )
}

fn render(snap: &Snapshot, lang: Lang) -> Result<String, WebError> {
    let en = lang == Lang::En;
    let pick = |ja: &'static str, en_text: &'static str| if en { en_text } else { ja };
    let title = pick("オープンデータ", "Open data");
    let ctx = PageCtx::new(snap, lang, "open-data/", title, "open-data");
    let downloads = input_tables(snap)
        .into_iter()
        .map(|t| Download {
            title: t.title.to_string(),
            csv: ctx.link(&format!("open-data/{}.csv", t.name)),
            csv_name: format!("{}.csv", t.name),
            json: ctx.link(&format!("open-data/{}.json", t.name)),
            json_name: format!("{}.json", t.name),
            rows: t.rows.len(),
        })
        .collect();
    let page = OpenDataPage {
        intro: pick(
            "実施計画の事業・成果指標・目標値と、公表済みの実績値・評価を、機械判読に適した CSV（UTF-8）と JSON で提供します。各表の先頭列は全国地方公共団体コードです。",
            "The plan's projects, indicators and targets, and the published actuals and grades, as machine-readable CSV (UTF-8) and JSON. Every table starts with the local government code.",
        ),
        licence: pick(
            "ライセンス: クリエイティブ・コモンズ 表示 4.0 国際（CC BY 4.0）",
            "Licence: Creative Commons Attribution 4.0 International (CC BY 4.0)",
        ),
        caption: pick("表の一覧", "Tables"),
        heading_table: pick("表", "Table"),
        heading_rows: pick("行数", "Rows"),
        package: ctx.link("open-data/datapackage.json"),
        package_label: pick(
            "データパッケージ（datapackage.json、Frictionless 形式の表定義）",
            "Data package (datapackage.json, Frictionless table schemas)",
        ),
        ctx,
        downloads,
    };
    html(&page, lang)
}
