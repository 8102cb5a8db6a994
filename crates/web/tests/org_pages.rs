//! The organisation on the portal, with the shipped Tsuruoka plan: before
//! any reorganisation `org/` lists 健康福祉部 (D02) and says nothing was
//! reorganised; after recording its split from FY2024 into 健康部 (D12,
//! takes P2) and 福祉部 (D13), the FY2024 tree lists the successors and not
//! 健康福祉部, the FY2022 tree still lists it, the history names the split
//! in plain words, and project P2's page shows 健康部 as lead now with
//! "2022〜2023年度: 健康福祉部" as history (and its published FY2022
//! evaluation under 健康福祉部) — in Japanese and English, well formed,
//! with relative links, and department names rendered as text.

use keikaku_app::{Actor, App};
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::ids::{DepartmentId, ProjectId};
use keikaku_model::org::{Assignment, Change, Reorganisation, Successor};
use keikaku_model::plan::Plan;
use keikaku_model::workflow::{Action, Decision, Subject};
use keikaku_web::Snapshot;
use keikaku_web::error::Kind;
use keikaku_web::i18n::Lang;
use keikaku_web::pages::{Rendered, all_paths, render};

const PAYLOAD: &str = r#"<script>alert(1)</script>"><img src=x onerror=alert(1)>"#;

fn fy(y: i32) -> FiscalYear {
    FiscalYear::new(y).expect("year")
}

fn dept(d: &str) -> DepartmentId {
    DepartmentId::new(d).expect("dept")
}

/// The split of D02 from FY2024: P2 to D12 健康部, every other project to
/// D13 福祉部.
fn split(plan: &Plan) -> Reorganisation {
    let d02 = dept("D02");
    let assign = plan
        .projects
        .iter()
        .filter(|p| p.lead.contains(&d02) || p.related.contains(&d02))
        .map(|p| Assignment {
            project: p.id.clone(),
            department: dept(if p.id.as_str() == "P2" { "D12" } else { "D13" }),
        })
        .collect();
    Reorganisation {
        year: fy(2024),
        change: Change::Split {
            from: d02,
            into: vec![
                Successor {
                    id: dept("D12"),
                    name: "健康部".into(),
                },
                Successor {
                    id: dept("D13"),
                    name: "福祉部".into(),
                },
            ],
            assign,
            sections: vec![],
        },
    }
}

/// Publishes P2's FY2022 evaluation.
async fn publish_p2_2022(app: &App, code: &str) {
    let actor = Actor("test:publisher".into());
    let steps = [
        Action::EditSelfEvaluation("自己評価".into()),
        Action::Submit,
        Action::EditReview("評価".into()),
        Action::SetDecision(Decision::Continue),
        Action::Review,
        Action::Publish,
    ];
    for step in steps {
        app.pdca_apply(
            code,
            fy(2022),
            Subject::Project(ProjectId::new("P2").expect("id")),
            step,
            &actor,
        )
        .await
        .expect("workflow step");
    }
}

fn page(snap: &Snapshot, lang: Lang, path: &str) -> String {
    match render(snap, lang, path, None) {
        Ok(Rendered::Html(body)) => {
            check_structure(&body, path);
            body
        }
        Ok(other) => panic!("{path}: not a page: {other:?}"),
        Err(e) => panic!("{path}: {e:?}"),
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

/// Relative links, unique ids, one h1, every table header with a scope,
/// no script.
fn check_structure(html: &str, path: &str) {
    for url in attrs(html, "href") {
        assert!(
            !url.starts_with('/') && !url.contains("://") && !url.is_empty(),
            "{path}: link {url} is not relative"
        );
    }
    let mut seen = std::collections::BTreeSet::new();
    for id in attrs(html, "id") {
        assert!(seen.insert(id), "{path}: duplicate id {id}");
    }
    for target in attrs(html, "aria-labelledby")
        .into_iter()
        .flat_map(str::split_whitespace)
    {
        assert!(seen.contains(target), "{path}: aria-labelledby {target}");
    }
    assert_eq!(html.matches("<h1").count(), 1, "{path}: one h1");
    for (i, _) in html.match_indices("<th") {
        let tag = &html[i..i + html[i..].find('>').expect("tag end")];
        if tag != "<thead" {
            assert!(tag.contains("scope="), "{path}: {tag} without scope");
        }
    }
    assert!(!html.contains("<script"), "{path}: script");
}

/// The text of an HTML fragment (tags removed).
fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// From the element with `id` to the end of its `<section>`.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no id {id}"));
    let end = html[start..]
        .find("</section>")
        .map_or(html.len(), |e| start + e);
    &html[start..end]
}

/// The `<dd>` after the `<dt>` holding `label`.
fn fact<'a>(html: &'a str, label: &str) -> &'a str {
    let at = html
        .find(&format!("<dt>{label}</dt>"))
        .unwrap_or_else(|| panic!("no fact {label}"));
    let rest = &html[at..];
    let start = rest.find("<dd").expect("dd");
    let end = rest.find("</dd>").expect("/dd");
    &rest[start..end]
}

#[tokio::test]
async fn the_portal_shows_the_organisation_over_time_and_who_is_responsible_now() {
    let app = App::open("sqlite::memory:").await.expect("open");
    let code = app.municipality(None).await.expect("municipality");
    publish_p2_2022(&app, &code).await;

    // Before any reorganisation.
    let snap = Snapshot::load(&app, &code).await.expect("snapshot");
    let paths = all_paths(&snap);
    assert!(paths.contains(&"org/".to_string()));
    for y in 2022..=2024 {
        assert!(paths.contains(&format!("org/{y}/")), "org/{y}/ exported");
    }
    let ja = page(&snap, Lang::Ja, "org/");
    assert!(section(&ja, "org-tree").contains("健康福祉部"));
    assert!(
        section(&ja, "org-history").contains("組織改正は記録されていません"),
        "says nothing was reorganised"
    );
    let p2 = page(&snap, Lang::Ja, "projects/P2/");
    assert!(fact(&p2, "主管部").contains("健康福祉部"));
    assert!(
        !p2.contains("年度ごとの担当部"),
        "no history without events"
    );
    assert!(
        page(&snap, Lang::Ja, "").contains("href=\"./org/\""),
        "the footer links the page"
    );

    // The split from FY2024.
    let plan = app.current_plan(&code).await.expect("plan");
    app.record_reorganisation(&code, split(&plan), &Actor("admin".into()))
        .await
        .expect("split");
    let snap = Snapshot::load(&app, &code).await.expect("snapshot");
    assert!(snap.this_year >= fy(2024), "the test runs after FY2024");

    let y2024 = page(&snap, Lang::Ja, "org/2024/");
    let tree = section(&y2024, "org-tree");
    assert!(tree.contains("健康部") && tree.contains("福祉部"), "{tree}");
    assert!(!tree.contains("健康福祉部"), "{tree}");
    assert!(text(&y2024).contains("2024年度の組織"));
    let y2022 = page(&snap, Lang::Ja, "org/2022/");
    let tree = section(&y2022, "org-tree");
    assert!(
        tree.contains("健康福祉部") && !tree.contains("D13"),
        "{tree}"
    );
    assert!(
        text(tree).contains("2022〜2023年度"),
        "span of the same tree"
    );
    assert!(section(&y2022, "org-history").contains("この年度に発効した組織改正はありません"));

    let ja = page(&snap, Lang::Ja, "org/");
    let history = text(section(&ja, "org-history"));
    assert!(history.contains("2024年度"), "{history}");
    assert!(history.contains("分割"), "{history}");
    assert!(
        history.contains("健康福祉部を健康部・福祉部に分割しました。"),
        "{history}"
    );
    assert!(history.contains("P2 全世代全対象型地域包括ケア推進プロジェクト"));
    assert!(
        section(&ja, "org-history").contains("href=\"../projects/P2/\""),
        "takeovers link the projects"
    );
    assert!(!ja.contains("admin"), "no staff account on the public page");

    let p2 = page(&snap, Lang::Ja, "projects/P2/");
    let lead = fact(&p2, "主管部");
    assert!(
        lead.contains("健康部") && !lead.contains("健康福祉部"),
        "{lead}"
    );
    let history = text(fact(&p2, "年度ごとの担当部"));
    assert!(history.contains("2022〜2023年度: 健康福祉部"), "{history}");
    assert!(
        history.contains("2024〜") && history.contains("（今年度）"),
        "{history}"
    );
    let evaluation = section(&p2, "project-evaluations");
    assert!(
        fact(evaluation, "当該年度の主管部").contains("健康福祉部"),
        "the FY2022 evaluation names FY2022's department"
    );
    // P1 (related to D02) is now related to 福祉部.
    let p1 = page(&snap, Lang::Ja, "projects/P1/");
    let related = fact(&p1, "関係部");
    assert!(related.contains("福祉部") && !related.contains("健康福祉部"));

    // English.
    let en = page(&snap, Lang::En, "org/");
    assert!(en.contains("<html lang=\"en\">"));
    let history = section(&en, "org-history");
    assert!(
        text(history).contains("健康福祉部 was split into 健康部 and 福祉部."),
        "{history}"
    );
    assert!(history.contains("<span lang=\"ja\">健康福祉部</span>"));
    assert!(history.contains("href=\"../../en/projects/P2/\""));
    let en2024 = page(&snap, Lang::En, "org/2024/");
    let tree = section(&en2024, "org-tree");
    assert!(tree.contains("健康部") && !tree.contains("健康福祉部"));
    let p2 = page(&snap, Lang::En, "projects/P2/");
    assert!(fact(&p2, "Lead department").contains("健康部"));
    assert!(!fact(&p2, "Lead department").contains("健康福祉部"));
    assert!(
        p2.contains("FY2022–2023: <span lang=\"ja\">健康福祉部</span>"),
        "English history"
    );

    // Years outside the pages and deeper paths are not found.
    for path in ["org/1999/", "org/x/", "org/2024/more/"] {
        match render(&snap, Lang::Ja, path, None) {
            Err(e) => assert!(matches!(e.kind, Kind::NotFound(_)), "{path}"),
            Ok(_) => panic!("{path} rendered"),
        }
    }
}

#[tokio::test]
async fn department_names_are_rendered_as_text() {
    let app = App::open("sqlite::memory:").await.expect("open");
    let code = app.municipality(None).await.expect("municipality");
    let plan = app.current_plan(&code).await.expect("plan");
    let admin = Actor("admin".into());
    app.record_reorganisations(
        &code,
        vec![
            split(&plan),
            Reorganisation {
                year: fy(2024),
                change: Change::Rename {
                    department: dept("D12"),
                    name: PAYLOAD.into(),
                },
            },
            Reorganisation {
                year: fy(2024),
                change: Change::AddSection {
                    id: keikaku_model::org::SectionId::new("D13-S1").expect("id"),
                    department: dept("D13"),
                    name: PAYLOAD.into(),
                },
            },
        ],
        &admin,
    )
    .await
    .expect("record");
    let snap = Snapshot::load(&app, &code).await.expect("snapshot");
    for lang in Lang::ALL {
        for path in ["org/", "org/2024/", "projects/P2/"] {
            let body = page(&snap, lang, path);
            assert!(
                !body.contains("<script>alert(1)") && !body.contains("<img src=x onerror"),
                "{lang:?} {path} renders the payload as markup"
            );
            assert!(
                body.contains("&#60;script&#62;alert(1)")
                    || body.contains("&lt;script&gt;alert(1)"),
                "{lang:?} {path} shows the name as text"
            );
        }
    }
}
