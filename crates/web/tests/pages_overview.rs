//! The overview pages — basic plan, SDGs, editions and their diffs,
//! evaluation, search — rendered from a snapshot of a seeded database with
//! actuals and a second (draft) edition, in Japanese and English: real
//! content, relative links, unique ids, heading order, table header scopes.

mod support;

use keikaku_app::{Actor, App};
use keikaku_model::edition::{add_initiative, set_value};
use keikaku_model::ids::{DirectionId, IndicatorId};
use keikaku_model::indicator::{Column, KpiValue};
use keikaku_model::period::Period;
use keikaku_model::quantity::Quantity;
use keikaku_web::Snapshot;
use keikaku_web::error::{Kind, WebError};
use keikaku_web::i18n::Lang;
use keikaku_web::pages::{Rendered, all_paths, render};

const ACTUALS: &str =
    "indicator,period,value\nKPI-03,2024年度,60\nKPI-07,2025年3月末,19.10\nKPI-01,2023年度,50\n";

fn value(q: &str, period: &str) -> KpiValue {
    let (quantity, bound) = Quantity::parse(q).expect("quantity");
    KpiValue {
        quantity,
        bound,
        period: Period::parse(period).expect("period"),
        annotations: Vec::new(),
        written: format!("{q} ({period})"),
        line: None,
    }
}

/// A seeded database with actuals for FY2023 and FY2024 and a draft E2023
/// whose KPI-03 interim target is raised from 55件 to 60件 and which has a
/// new initiative.
async fn snapshot() -> Snapshot {
    let app = App::open("sqlite::memory:").await.expect("open");
    let code = app.municipality(None).await.expect("municipality");
    let actor = Actor("test".into());
    app.import_actuals(&code, ACTUALS.as_bytes(), &actor)
        .await
        .expect("actuals");
    support::publish_all(&app, &code).await;
    let next = app.new_edition(&code, None, &actor).await.expect("edition");
    assert_eq!(next.edition.id.as_str(), "E2023");
    app.edit_edition(&code, "E2023", &actor, |plan| {
        let kpi = IndicatorId::new("KPI-03").expect("id");
        set_value(plan, &kpi, Column::Interim, value("60件", "2025年度"))?;
        let dir = DirectionId::new("P1-D1").expect("id");
        add_initiative(plan, &dir, "移住体験ツアーの実施")?;
        Ok(())
    })
    .await
    .expect("edit");
    Snapshot::load(&app, &code).await.expect("snapshot")
}

fn page(snap: &Snapshot, lang: Lang, path: &str, query: Option<&str>) -> String {
    match render(snap, lang, path, query) {
        Ok(Rendered::Html(body)) => {
            check_structure(&body, lang, path);
            body
        }
        Ok(other) => panic!("{path}: not a page: {other:?}"),
        Err(e) => panic!("{path}: {e:?}"),
    }
}

fn error(snap: &Snapshot, lang: Lang, path: &str, query: Option<&str>) -> WebError {
    match render(snap, lang, path, query) {
        Err(e) => e,
        Ok(_) => panic!("{path} {query:?} rendered, expected an error"),
    }
}

/// Values of an attribute, e.g. every `href="…"`.
fn attrs<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let needle = format!(" {name}=\"");
    html.match_indices(&needle)
        .filter_map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

/// The main content (between `<main` and `</main>`).
fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("main");
    let end = html.find("</main>").expect("/main");
    &html[start..end]
}

/// The part of a page from an element with `id` to the next `<h2` or the
/// end of the main content.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let main = main_of(html);
    let start = main
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no id {id}"));
    let rest = &main[start..];
    let end = rest[1..].find("<h2").map_or(rest.len(), |i| i + 1);
    &rest[..end]
}

/// Relative links and form actions, unique ids, one h1 and no skipped
/// heading level, every table header with a scope, the page's language.
fn check_structure(html: &str, lang: Lang, path: &str) {
    assert!(
        html.contains(&format!("<html lang=\"{}\">", lang.code())),
        "{path}: lang"
    );
    for url in attrs(html, "href").into_iter().chain(attrs(html, "action")) {
        assert!(
            !url.starts_with('/') && !url.contains("://") && !url.is_empty(),
            "{path}: link {url} is not relative"
        );
    }
    let ids = attrs(html, "id");
    let mut seen = std::collections::BTreeSet::new();
    for id in &ids {
        assert!(seen.insert(*id), "{path}: duplicate id {id}");
    }
    for target in attrs(html, "aria-labelledby") {
        assert!(
            seen.contains(target),
            "{path}: aria-labelledby {target} has no element"
        );
    }
    let levels: Vec<u32> = html
        .match_indices("<h")
        .filter_map(|(i, _)| {
            let c = html[i + 2..].chars().next()?;
            let after = html[i + 3..].chars().next()?;
            (c.is_ascii_digit() && (after == '>' || after == ' ')).then(|| c.to_digit(10))?
        })
        .collect();
    assert_eq!(levels.first(), Some(&1), "{path}: starts with h1");
    assert_eq!(
        levels.iter().filter(|l| **l == 1).count(),
        1,
        "{path}: one h1"
    );
    for w in levels.windows(2) {
        assert!(
            w[1] <= w[0] + 1,
            "{path}: heading h{} after h{}",
            w[1],
            w[0]
        );
    }
    for (i, _) in html.match_indices("<th") {
        let tag = &html[i..i + html[i..].find('>').expect("tag end")];
        if tag == "<thead" {
            continue;
        }
        assert!(tag.contains("scope="), "{path}: {tag} without scope");
    }
    assert!(!main_of(html).contains("<script"), "{path}: script");
}

#[tokio::test]
async fn plan_page_lists_fields_items_indicators_issues_and_key_initiatives() {
    let snap = snapshot().await;
    assert!(all_paths(&snap).contains(&"plan/".to_string()));
    let ja = page(&snap, Lang::Ja, "plan/", None);
    assert_eq!(ja.matches("class=\"plan-item\"").count(), 43);
    for f in 1..=7 {
        assert!(ja.contains(&format!("<h2 id=\"F{f}\"")), "field F{f}");
    }
    assert!(ja.contains("id=\"F1-01\""));
    assert!(ja.contains("助け合い、支え合う地域コミュニティづくりの推進"));
    assert!(
        ja.contains("環境を保全し、一人ひとりが尊重され"),
        "goal sentence"
    );
    // The item 移住・定住の促進 lists KPI-03, graded A in FY2024.
    let item = ja.find("移住・定住の促進").expect("item");
    let next = item + ja[item..].find("class=\"plan-item\"").expect("next item");
    let block = &ja[item..next];
    assert!(block.contains("href=\"../indicators/KPI-03/\""), "{block}");
    assert!(block.contains("移住定住施策による移住件数（年間）"));
    assert!(block.contains("A 目標達成"), "badge with text: {block}");
    // Section II and V.
    let issues = section(&ja, "issues");
    assert_eq!(issues.matches("<h3 id=\"C").count(), 4);
    assert!(issues.contains("SDGs未来都市としての取組の推進"));
    let key = section(&ja, "key-initiatives");
    assert!(key.contains("id=\"V1-1\"") && key.contains("ふるさと寄附金事業"));
    assert!(key.contains("対話と協働による施策の推進"));

    let en = page(&snap, Lang::En, "plan/", None);
    assert!(en.contains("Structure of the basic plan"));
    assert_eq!(en.matches("class=\"plan-item\"").count(), 43);
    assert!(en.contains("href=\"../../en/indicators/KPI-03/\""));
    assert!(en.contains("A Target reached"));
    assert!(
        en.contains("<span lang=\"ja\">移住・定住の促進</span>"),
        "Japanese plan text is marked as Japanese on English pages"
    );
}

#[tokio::test]
async fn sdgs_page_maps_goals_to_projects_and_policy_items() {
    let snap = snapshot().await;
    assert!(all_paths(&snap).contains(&"sdgs/".to_string()));
    let ja = page(&snap, Lang::Ja, "sdgs/", None);
    for n in 1..=17 {
        assert!(ja.contains(&format!("<h2 id=\"sdg-{n}\"")), "goal {n}");
    }
    assert!(ja.contains("対応づけは編集できるデータです"));
    let goal14 = section(&ja, "sdg-14");
    assert!(goal14.contains("海の豊かさを守ろう"));
    assert!(
        goal14.contains("水産物の安定供給と漁村の活性化"),
        "{goal14}"
    );
    assert!(goal14.contains("href=\"../plan/#F4-"));
    let goal17 = section(&ja, "sdg-17");
    assert!(goal17.contains("href=\"../projects/P"), "{goal17}");
    // Goals with nothing mapped say so.
    let plan = &snap.plan;
    for n in 1..=17u8 {
        let mapped = plan.projects.iter().any(|p| p.sdgs.contains(&n))
            || plan
                .fields
                .iter()
                .flat_map(|f| &f.items)
                .any(|i| i.sdgs.contains(&n));
        let text = section(&ja, &format!("sdg-{n}"));
        assert_eq!(
            !mapped,
            text.contains("対応づけられたプロジェクト・中項目はありません"),
            "goal {n}"
        );
    }
    let en = page(&snap, Lang::En, "sdgs/", None);
    assert!(section(&en, "sdg-14").contains("Life below water"));
    assert!(section(&en, "sdg-14").contains("水産物の安定供給と漁村の活性化"));
    assert!(en.contains("editable data"));
}

#[tokio::test]
async fn editions_page_and_structured_diff() {
    let snap = snapshot().await;
    let paths = all_paths(&snap);
    assert!(paths.contains(&"editions/".to_string()));
    assert!(paths.contains(&"editions/E2022/E2023/".to_string()));

    let list = page(&snap, Lang::Ja, "editions/", None);
    assert!(list.contains("<th scope=\"row\">E2022</th>"));
    assert!(list.contains("<th scope=\"row\">E2023</th>"));
    assert!(list.contains("公表済") && list.contains(">案<"));
    assert!(list.contains("2023年度（令和5年度） 〜 2025年度（令和7年度）"));
    assert!(list.contains("href=\"../editions/E2022/E2023/\""));

    let ja = page(&snap, Lang::Ja, "editions/E2022/E2023/", None);
    let values = section(&ja, "diff-values");
    let at = values.find("KPI-03").expect("KPI-03 changed");
    let row = &values[values[..at].rfind("<tr>").expect("row start")..];
    let row = &row[..row.find("</tr>").expect("row end")];
    assert!(
        row.contains("href=\"../../../indicators/KPI-03/\""),
        "{row}"
    );
    assert!(row.contains("実施計画期間設定値"));
    assert!(row.contains("<del>55件 (2024年度)</del>"), "{row}");
    assert!(row.contains("<ins>60件 (2025年度)</ins>"), "{row}");
    assert!(row.contains(">強化<"), "strengthened: {row}");
    let initiatives = section(&ja, "diff-initiatives");
    assert!(initiatives.contains("P1-D1-I4") && initiatives.contains("移住体験ツアーの実施"));
    let header = section(&ja, "diff-header");
    assert!(header.contains("<del>公表済</del>") && header.contains("<ins>案</ins>"));

    let en = page(&snap, Lang::En, "editions/E2022/E2023/", None);
    let values = section(&en, "diff-values");
    assert!(values.contains("Interim target"));
    assert!(values.contains("<del>55件 (FY2024)</del>"), "{values}");
    assert!(values.contains("<ins>60件 (FY2025)</ins>"));
    assert!(values.contains(">Strengthened<"));
    assert!(section(&en, "diff-initiatives").contains("Added"));

    // No changes between an edition and itself; unknown editions are 404.
    let same = page(&snap, Lang::Ja, "editions/E2022/E2022/", None);
    assert!(same.contains("違いはありません"));
    for path in ["editions/E2022/E2099/", "editions/E1999/E2023/"] {
        assert!(matches!(
            error(&snap, Lang::Ja, path, None).kind,
            Kind::NotFound(_)
        ));
    }
}

#[tokio::test]
async fn evaluation_pages_show_rollups_and_every_indicator() {
    let snap = snapshot().await;
    let paths = all_paths(&snap);
    for p in ["evaluation/", "evaluation/2023/", "evaluation/2024/"] {
        assert!(paths.contains(&p.to_string()), "{p}");
    }
    let ja = page(&snap, Lang::Ja, "evaluation/", None);
    assert!(ja.contains("<h1>成果指標の評価（2024年度（令和6年度））</h1>"));
    let overall = section(&ja, "evaluation-plan");
    let row = |badge: &str| {
        let at = overall.find(badge).unwrap_or_else(|| panic!("{badge}"));
        let rest = &overall[at..];
        rest[..rest.find("</tr>").expect("row")].to_string()
    };
    let achieved = row("A 目標達成");
    assert!(
        achieved.contains(">2</td>") && achieved.contains(">9.1%</td>"),
        "{achieved}"
    );
    let unreached = row("B 概ね順調に推移又は現状維持");
    assert!(
        unreached.contains(">0</td>") && unreached.contains(">0.0%</td>"),
        "{unreached}"
    );
    let missing = row("－ 未集計");
    assert!(
        missing.contains(">20</td>") && missing.contains(">90.9%</td>"),
        "{missing}"
    );
    assert!(overall.contains(">22</td>"), "total");
    assert!(overall.contains("0 とはみなしません"), "method note");
    assert_eq!(
        section(&ja, "evaluation-projects").matches("<tr>").count(),
        1 + 7
    );
    assert_eq!(
        section(&ja, "evaluation-fields").matches("<tr>").count(),
        1 + 7
    );
    let table = section(&ja, "evaluation-indicators");
    assert_eq!(table.matches("href=\"../indicators/KPI-").count(), 22);
    let kpi03 = &table[table.find("KPI-03/").expect("KPI-03")..];
    let kpi03 = &kpi03[..kpi03.find("</tr>").expect("row")];
    for part in ["A 目標達成", "60件 (2024年度)", "55件 (2024年度)", "131.3%"] {
        assert!(kpi03.contains(part), "{part}: {kpi03}");
    }

    let y2023 = page(&snap, Lang::Ja, "evaluation/2023/", None);
    assert!(y2023.contains("2023年度（令和5年度）"));
    assert!(y2023.contains("href=\"../../evaluation/2024/\""));
    assert!(y2023.contains("aria-current=\"page\">2023年度"));
    let en = page(&snap, Lang::En, "evaluation/2024/", None);
    assert!(en.contains("<h1>KPI evaluation: FY2024 (Reiwa 6)</h1>"));
    assert!(section(&en, "evaluation-projects").contains("C No progress or falling back"));
    assert!(section(&en, "evaluation-plan").contains("A Target reached"));
    for bad in ["evaluation/2019/", "evaluation/abc/", "evaluation/+2024/"] {
        assert!(
            matches!(error(&snap, Lang::Ja, bad, None).kind, Kind::NotFound(_)),
            "{bad}"
        );
    }
}

#[tokio::test]
async fn evaluation_page_without_actuals_says_so() {
    let app = App::open("sqlite::memory:").await.expect("open");
    let code = app.municipality(None).await.expect("municipality");
    let snap = Snapshot::load(&app, &code).await.expect("snapshot");
    let ja = page(&snap, Lang::Ja, "evaluation/", None);
    assert!(ja.contains("まだ評価できる実績値がありません"));
    let en = page(&snap, Lang::En, "evaluation/", None);
    assert!(en.contains("no actuals to evaluate yet"));
    let paths = all_paths(&snap);
    assert!(paths.contains(&"evaluation/".to_string()));
    assert!(!paths.iter().any(|p| p.starts_with("evaluation/2")));
    // A single edition: the editions page has nothing to compare.
    let list = page(&snap, Lang::Ja, "editions/", None);
    assert!(list.contains("比較はまだありません"));
}

#[tokio::test]
async fn search_finds_japanese_text_without_tokenising() {
    let snap = snapshot().await;
    let paths = all_paths(&snap);
    assert!(paths.contains(&"search/".to_string()));
    assert!(
        !paths
            .iter()
            .any(|p| p.starts_with("search/") && p != "search/")
    );

    // 「移住」, percent-encoded as a browser sends it.
    let ja = page(&snap, Lang::Ja, "search/", Some("q=%E7%A7%BB%E4%BD%8F"));
    let indicators = section(&ja, "kind-indicator");
    assert!(
        indicators.contains("<mark>移住</mark>定住施策による<mark>移住</mark>件数（年間）"),
        "{indicators}"
    );
    assert!(indicators.contains("href=\"../indicators/KPI-03/\""));
    let ja_main = main_of(&ja);
    let items = &ja_main[ja_main
        .find("id=\"kind-policy-item\"")
        .expect("policy items")..];
    assert!(items.contains("<mark>移住</mark>・定住の促進"), "{items}");
    assert!(items.contains("href=\"../plan/#F1-05\""));
    assert!(ja.contains("value=\"移住\""));
    assert!(!ja.contains("書き出した静的なサイトでは検索できません"));

    // Full-width ＳＤＧｓ finds SDGs (case and width folded on both sides).
    let sdgs = page(
        &snap,
        Lang::Ja,
        "search/",
        Some("q=%EF%BC%B3%EF%BC%A4%EF%BC%A7%EF%BD%93"),
    );
    assert!(sdgs.contains("<mark>SDGs</mark>の取組支援"), "direction");
    assert!(
        sdgs.contains("href=\"../projects/P7/#P7-D4\""),
        "direction anchor"
    );
    assert!(
        sdgs.contains("<mark>SDGs</mark>未来都市としての取組の推進"),
        "issue"
    );
    assert!(
        sdgs.contains("地域国際化<mark>SDGs</mark>推進プロジェクト"),
        "project"
    );
    let lower = page(&snap, Lang::En, "search/", Some("q=sdgs"));
    assert!(lower.contains("<mark>SDGs</mark>"));
    assert!(lower.contains("Policy directions"));

    // Markup in the query is inert.
    for q in ["q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "q=<script>"] {
        let body = page(&snap, Lang::Ja, "search/", Some(q));
        assert!(!body.contains("<script"), "{q}");
        assert!(
            body.contains("value=\"&#60;script&#62;") || body.contains("value=\"&lt;script&gt;"),
            "{q}: the query is shown escaped"
        );
        assert!(body.contains("該当するものはありません"));
    }

    // No query: the form, its hint and the static-export note.
    for query in [None, Some("q="), Some("q=+++")] {
        let form = page(&snap, Lang::Ja, "search/", query);
        assert!(form.contains("<label for=\"q\">"));
        assert!(form.contains("method=\"get\""));
        assert!(form.contains("action=\"../search/\""));
        assert!(form.contains("書き出した静的なサイトでは検索できません"));
        assert!(!form.contains("id=\"results\""));
    }
    let en = page(&snap, Lang::En, "search/", None);
    assert!(en.contains("exported static site"));

    // Too long: 400.
    let long = format!("q={}", "%E3%81%82".repeat(201));
    assert!(matches!(
        error(&snap, Lang::Ja, "search/", Some(&long)).kind,
        Kind::BadRequest(_)
    ));
    let ok = format!("q={}", "%E3%81%82".repeat(200));
    page(&snap, Lang::Ja, "search/", Some(&ok));
    assert!(matches!(
        error(&snap, Lang::Ja, "search/", Some("q=%FF")).kind,
        Kind::BadRequest(_)
    ));
}

#[tokio::test]
async fn every_overview_page_is_well_formed_in_both_languages() {
    let snap = snapshot().await;
    let mine = ["plan/", "sdgs/", "editions/", "evaluation/", "search/"];
    for path in all_paths(&snap) {
        if !mine.iter().any(|m| path.starts_with(m)) {
            continue;
        }
        for lang in Lang::ALL {
            let body = page(&snap, lang, &path, None);
            assert!(body.contains("</html>"), "{path}");
        }
    }
    for lang in Lang::ALL {
        page(&snap, lang, "search/", Some("q=%E8%A6%B3%E5%85%89"));
    }
}
