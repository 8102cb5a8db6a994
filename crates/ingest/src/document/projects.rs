//! Section III: the overview of the cross-cutting projects (groups, lead and
//! related departments, summary bullets) and each project's detail page
//! (policy directions with initiatives, KPI tables).

use super::front::join;
use super::kpi::{IndicatorRegistry, table};
use super::lines::{Block, Cursor, bullet_text};
use crate::error::DocumentError;
use keikaku_model::fiscal_year::FiscalYear;
use keikaku_model::ids::*;
use keikaku_model::plan::{Department, Initiative, PolicyDirection, Project, ProjectGroup};

/// What section III yields.
pub struct Section3 {
    pub intro: Vec<String>,
    pub groups: Vec<ProjectGroup>,
    pub projects: Vec<Project>,
    pub departments: Vec<Department>,
    pub baseline: Option<(FiscalYear, String)>,
}

fn starts_with_label(block: Option<&Block<'_>>, label: &str) -> bool {
    block.is_some_and(|b| {
        let t = b.first().text.trim_start_matches(['[', '［']);
        t.starts_with(label)
    })
}

fn id<T: std::str::FromStr<Err = IdError>>(line: u32, s: String) -> Result<T, DocumentError> {
    s.parse()
        .map_err(|e: IdError| DocumentError::at(line, e.to_string()))
}

/// Reads section III up to the next section heading.
pub fn section3(
    cur: &mut Cursor<'_>,
    registry: &mut IndicatorRegistry,
) -> Result<Section3, DocumentError> {
    let mut s = Section3 {
        intro: Vec::new(),
        groups: Vec::new(),
        projects: Vec::new(),
        departments: Vec::new(),
        baseline: None,
    };
    overview(cur, &mut s)?;
    details(cur, &mut s, registry)?;
    if s.projects.is_empty() {
        return Err(DocumentError::at(
            cur.end_line(),
            "section III holds no project (expected a project name followed by [主管部]: …)",
        ));
    }
    if let Some(p) = s.projects.iter().find(|p| p.detail_line.is_none()) {
        return Err(DocumentError::at(
            p.line.unwrap_or(0),
            format!(
                "project 「{}」 has no detail page (主な施策の方向 and KPI tables)",
                p.name
            ),
        ));
    }
    Ok(s)
}

fn overview(cur: &mut Cursor<'_>, s: &mut Section3) -> Result<(), DocumentError> {
    while !cur.at_section() {
        let Some(block) = cur.peek().cloned() else {
            break;
        };
        let text = block.first().text;
        if s.projects.iter().any(|p| p.name == text) {
            return Ok(()); // detail pages start
        }
        if starts_with_label(cur.peek2(), "主管部") {
            cur.next_block();
            let departments = cur.expect_block("[主管部] and [関係部]")?;
            project_entry(s, &block, &departments)?;
            summary(cur, s);
        } else if starts_with_label(cur.peek_at(2), "主管部") {
            cur.next_block();
            let no = block.no();
            let gid = id(no, format!("G{}", s.groups.len() + 1))?;
            s.groups.push(ProjectGroup {
                id: gid,
                name: join(&block.lines),
            });
        } else if s.groups.is_empty() {
            cur.next_block();
            s.intro.push(join(&block.lines));
        } else {
            return Err(DocumentError::at(
                block.no(),
                format!(
                    "expected a project group, a project name followed by [主管部], or the first project's detail page; found 「{text}」"
                ),
            ));
        }
    }
    Ok(())
}

fn project_entry(
    s: &mut Section3,
    name: &Block<'_>,
    deps: &Block<'_>,
) -> Result<(), DocumentError> {
    let no = name.no();
    let Some(group) = s.groups.last().map(|g| g.id.clone()) else {
        return Err(DocumentError::at(
            no,
            "a project appears before any project group heading",
        ));
    };
    let mut lead = Vec::new();
    let mut related = Vec::new();
    let mut current: Option<&mut Vec<DepartmentId>> = None;
    for line in &deps.lines {
        let (label, rest) = match split_label(line.text) {
            Some((l, r)) => (Some(l), r),
            None => (None, line.text),
        };
        match label {
            Some("主管部") => current = Some(&mut lead),
            Some("関係部") => current = Some(&mut related),
            Some(other) => {
                return Err(DocumentError::at(
                    line.no,
                    format!("unknown label [{other}]: expected [主管部] or [関係部]"),
                ));
            }
            None if current.is_none() => {
                return Err(DocumentError::at(
                    line.no,
                    "department list without a [主管部] or [関係部] label",
                ));
            }
            None => {}
        }
        let list = current
            .as_deref_mut()
            .ok_or_else(|| DocumentError::at(line.no, "no label"))?;
        for name in rest
            .split(['、', ',', '，'])
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            list.push(department(&mut s.departments, name, line.no)?);
        }
    }
    if lead.is_empty() {
        return Err(DocumentError::at(
            deps.no(),
            format!(
                "project 「{}」 has no lead department ([主管部])",
                name.first().text
            ),
        ));
    }
    let number = s.projects.len() + 1;
    s.projects.push(Project {
        id: id(no, format!("P{number}"))?,
        name: join(&name.lines),
        group,
        lead,
        related,
        summary: Vec::new(),
        directions: Vec::new(),
        tables: Vec::new(),
        line: Some(no),
        detail_line: None,
        sdgs: Vec::new(),
    });
    Ok(())
}

/// `[主管部]: 企画部` → ("主管部", "企画部").
fn split_label(text: &str) -> Option<(&str, &str)> {
    let rest = text.strip_prefix('[').or_else(|| text.strip_prefix('［'))?;
    let close = rest.find([']', '］'])?;
    let label = &rest[..close];
    let after = rest[close..].trim_start_matches([']', '］']).trim_start();
    let after = after.trim_start_matches([':', '：']).trim();
    Some((label, after))
}

fn department(
    all: &mut Vec<Department>,
    name: &str,
    line: u32,
) -> Result<DepartmentId, DocumentError> {
    if let Some(d) = all.iter().find(|d| d.name == name) {
        return Ok(d.id.clone());
    }
    let dept_id: DepartmentId = id(line, format!("D{:02}", all.len() + 1))?;
    all.push(Department {
        id: dept_id.clone(),
        name: name.to_string(),
    });
    Ok(dept_id)
}

fn summary(cur: &mut Cursor<'_>, s: &mut Section3) {
    while let Some(b) = cur.peek().filter(|b| b.is_bullets()).cloned() {
        cur.next_block();
        if let Some(p) = s.projects.last_mut() {
            p.summary.extend(
                b.lines
                    .iter()
                    .filter_map(|l| bullet_text(l.text))
                    .map(String::from),
            );
        }
    }
}

fn details(
    cur: &mut Cursor<'_>,
    s: &mut Section3,
    registry: &mut IndicatorRegistry,
) -> Result<(), DocumentError> {
    let mut current: Option<usize> = None;
    while !cur.at_section() {
        let Some(block) = cur.next_block() else { break };
        let first = block.first();
        if let Some(i) = s.projects.iter().position(|p| p.name == first.text) {
            if s.projects[i].detail_line.is_some() {
                return Err(DocumentError::at(
                    first.no,
                    format!("project 「{}」 has a second detail page", first.text),
                ));
            }
            s.projects[i].detail_line = Some(first.no);
            current = Some(i);
            continue;
        }
        let Some(pi) = current else {
            return Err(DocumentError::at(
                first.no,
                format!(
                    "expected a project's name to open its detail page; found 「{}」",
                    first.text
                ),
            ));
        };
        if first.text == "主な施策の方向" {
            continue;
        }
        if cur.peek().is_some_and(Block::is_kpi_header) {
            let header = cur.expect_block("the KPI table header")?;
            let project = &mut s.projects[pi];
            let tid: TableId = id(
                first.no,
                format!("{}-T{}", project.id, project.tables.len() + 1),
            )?;
            let (t, baseline) = table(tid, &block, &header, registry)?;
            check_baseline(&mut s.baseline, baseline, header.no())?;
            s.projects[pi].tables.push(t);
        } else if block.lines.len() == 1 && cur.peek().is_some_and(Block::is_bullets) {
            let bullets = cur.expect_block("initiatives")?;
            let project = &mut s.projects[pi];
            let did: DirectionId = id(
                first.no,
                format!("{}-D{}", project.id, project.directions.len() + 1),
            )?;
            let initiatives = initiatives(&did, &bullets)?;
            project.directions.push(PolicyDirection {
                id: did,
                name: first.text.to_string(),
                initiatives,
                line: Some(first.no),
            });
        } else {
            return Err(DocumentError::at(
                first.no,
                format!(
                    "expected a policy direction heading followed by bullets, or a KPI name followed by a table header (初期値 …); found 「{}」",
                    first.text
                ),
            ));
        }
    }
    Ok(())
}

fn check_baseline(
    seen: &mut Option<(FiscalYear, String)>,
    found: (FiscalYear, String),
    line: u32,
) -> Result<(), DocumentError> {
    match seen {
        Some((year, label)) if *year != found.0 => Err(DocumentError::at(
            line,
            format!(
                "the baseline column is 「{}」 here but 「{label}」 in earlier tables",
                found.1
            ),
        )),
        Some(_) => Ok(()),
        None => {
            *seen = Some(found);
            Ok(())
        }
    }
}

fn initiatives(did: &DirectionId, bullets: &Block<'_>) -> Result<Vec<Initiative>, DocumentError> {
    let mut out: Vec<Initiative> = Vec::new();
    for line in &bullets.lines {
        match bullet_text(line.text) {
            Some(text) => out.push(Initiative {
                id: id(line.no, format!("{did}-I{}", out.len() + 1))?,
                text: text.to_string(),
                line: Some(line.no),
            }),
            None => match out.last_mut() {
                Some(last) => last.text.push_str(line.text),
                None => return Err(DocumentError::at(line.no, "expected a bullet (- …)")),
            },
        }
    }
    Ok(out)
}
