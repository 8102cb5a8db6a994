//! The readable diff report (`PlanDiff::render_text`) and its wording helpers.

use super::*;

impl PlanDiff {
    /// True when the two plans are the same in everything compared,
    /// the edition header included.
    pub fn is_empty(&self) -> bool {
        self.header.is_empty() && self.content_is_empty()
    }

    /// True when nothing but the edition header differs: what
    /// [`crate::edition::next_edition`] gives before any edit.
    pub fn content_is_empty(&self) -> bool {
        self.indicators.is_empty()
            && self.units_changed.is_empty()
            && self.polarities_changed.is_empty()
            && self.values.is_empty()
            && self.projects.is_empty()
            && self.directions.is_empty()
            && self.initiatives.is_empty()
            && self.rows.is_empty()
            && self.departments.is_empty()
            && self.project_departments.is_empty()
    }

    /// Value changes of one kind, e.g. every weakened target.
    pub fn values_of(&self, kind: ValueChangeKind) -> impl Iterator<Item = &ValueChange> {
        self.values.iter().filter(move |v| v.change == kind)
    }

    /// A readable report with Japanese names beside the IDs, one change a
    /// line under headings, e.g.
    /// `KPI-03 移住定住施策による移住件数（年間）: 実施計画期間設定値 55件 (2024年度) → 60件 (2025年度) [strengthened]`.
    /// `old` and `new` must be the plans the diff was made from (they give
    /// the names).
    pub fn render_text(&self, old: &Plan, new: &Plan) -> String {
        let mut out = format!(
            "差分 / diff: {} ({}) → {} ({})\n",
            self.old_edition.id,
            years_ja(self.old_edition.years),
            self.new_edition.id,
            years_ja(self.new_edition.years),
        );
        if self.is_empty() {
            out.push_str("変更なし / no changes\n");
            return out;
        }
        let mut section = |title: &str, lines: Vec<String>| {
            if !lines.is_empty() {
                let _ = writeln!(out, "\n{title}");
                for line in lines {
                    let _ = writeln!(out, "  {line}");
                }
            }
        };
        section(
            "版 / edition",
            self.header
                .iter()
                .map(|h| {
                    format!(
                        "{}: {} → {}",
                        header_label_ja(h.field),
                        header_value_ja(h.field, &h.old),
                        header_value_ja(h.field, &h.new)
                    )
                })
                .collect(),
        );
        let ind_name = |id: &IndicatorId| {
            new.indicator(id)
                .or_else(|| old.indicator(id))
                .map_or_else(String::new, |i| i.name.clone())
        };
        let ind = &self.indicators;
        section("成果指標の追加 / indicators added", added(&ind.added));
        section("成果指標の削除 / indicators removed", removed(&ind.removed));
        section(
            "成果指標の名称変更 / indicators renamed",
            renamed(&ind.renamed),
        );
        section(
            "単位の変更 / units changed",
            self.units_changed
                .iter()
                .map(|u| {
                    format!(
                        "{} {}: {} → {}",
                        u.indicator,
                        ind_name(&u.indicator),
                        u.old,
                        u.new
                    )
                })
                .collect(),
        );
        section(
            "方向の変更 / better direction changed",
            self.polarities_changed
                .iter()
                .map(|p| {
                    format!(
                        "{} {}: {} → {}",
                        p.indicator,
                        ind_name(&p.indicator),
                        polarity_ja(p.old),
                        polarity_ja(p.new)
                    )
                })
                .collect(),
        );
        section(
            "値の変更 / values changed",
            self.values
                .iter()
                .map(|v| {
                    format!(
                        "{} {}: {} {} → {} [{}]",
                        v.indicator,
                        ind_name(&v.indicator),
                        v.column.label_ja(),
                        value_text(v.old.as_ref()),
                        value_text(v.new.as_ref()),
                        v.change
                    )
                })
                .collect(),
        );
        let pr = &self.projects;
        section("プロジェクトの追加 / projects added", added(&pr.added));
        section(
            "プロジェクトの削除 / projects removed",
            removed(&pr.removed),
        );
        section(
            "プロジェクトの名称変更 / projects renamed",
            renamed(&pr.renamed),
        );
        let dir = &self.directions;
        section("施策の方向の追加 / directions added", added(&dir.added));
        section(
            "施策の方向の削除 / directions removed",
            removed(&dir.removed),
        );
        section(
            "施策の方向の名称変更 / directions renamed",
            renamed(&dir.renamed),
        );
        let ini = &self.initiatives;
        section("取組の追加 / initiatives added", added(&ini.added));
        section("取組の削除 / initiatives removed", removed(&ini.removed));
        section(
            "取組の内容変更 / initiatives changed",
            renamed(&ini.renamed),
        );
        section(
            "KPI表の行の追加 / table rows added",
            self.rows
                .added
                .iter()
                .map(|r| format!("+ {}: {} {}", r.table, r.indicator, r.label))
                .collect(),
        );
        section(
            "KPI表の行の削除 / table rows removed",
            self.rows
                .removed
                .iter()
                .map(|r| format!("- {}: {} {}", r.table, r.indicator, r.label))
                .collect(),
        );
        section(
            "KPI表の表記変更 / table rows relabelled",
            self.rows
                .relabelled
                .iter()
                .map(|r| format!("{}: {} {} → {}", r.table, r.indicator, r.old, r.new))
                .collect(),
        );
        let dep = &self.departments;
        section("部局の追加 / departments added", added(&dep.added));
        section("部局の削除 / departments removed", removed(&dep.removed));
        section(
            "部局の名称変更 / departments renamed",
            renamed(&dep.renamed),
        );
        let dept_names = |ids: &[DepartmentId]| {
            if ids.is_empty() {
                return "なし".to_owned();
            }
            ids.iter()
                .map(|id| {
                    new.department(id)
                        .or_else(|| old.department(id))
                        .map_or_else(|| id.to_string(), |d| format!("{} ({id})", d.name))
                })
                .collect::<Vec<_>>()
                .join("、")
        };
        section(
            "プロジェクトの担当部局 / project departments",
            self.project_departments
                .iter()
                .map(|c| {
                    let name = new
                        .project(&c.project)
                        .or_else(|| old.project(&c.project))
                        .map_or("", |p| p.name.as_str());
                    format!(
                        "{} {}: {} {} → {}",
                        c.project,
                        name,
                        c.role.label_ja(),
                        dept_names(&c.old),
                        dept_names(&c.new)
                    )
                })
                .collect(),
        );
        out
    }
}

pub(super) fn added<Id: std::fmt::Display>(items: &[Named<Id>]) -> Vec<String> {
    items
        .iter()
        .map(|n| format!("+ {} {}", n.id, n.name))
        .collect()
}

pub(super) fn removed<Id: std::fmt::Display>(items: &[Named<Id>]) -> Vec<String> {
    items
        .iter()
        .map(|n| format!("- {} {}", n.id, n.name))
        .collect()
}

pub(super) fn renamed<Id: std::fmt::Display>(items: &[Renamed<Id>]) -> Vec<String> {
    items
        .iter()
        .map(|r| format!("{}: {} → {}", r.id, r.old, r.new))
        .collect()
}

pub(super) fn or_none(s: &str) -> &str {
    if s.is_empty() { "なし" } else { s }
}

pub(super) fn header_label_ja(field: &str) -> &str {
    match field {
        "municipality" => "自治体",
        "comprehensive_plan" => "総合計画",
        "plan_years" => "総合計画の期間",
        "id" => "版ID",
        "title" => "表題",
        "variant" => "版の種類",
        "years" => "計画期間",
        "baseline_year" => "実績値の年度",
        "baseline_label" => "実績値の見出し",
        "published" => "公表",
        "status" => "状態",
        other => other,
    }
}

/// A header value for the report: statuses in Japanese, `なし` for none.
pub(super) fn header_value_ja<'a>(field: &str, value: &'a str) -> &'a str {
    match (field, value) {
        ("status", "draft") => "案 (draft)",
        ("status", "published") => "公表済 (published)",
        (_, v) => or_none(v),
    }
}

pub(super) fn polarity_ja(p: Polarity) -> &'static str {
    match p {
        Polarity::Increase => "増加が望ましい (increase)",
        Polarity::Decrease => "減少が望ましい (decrease)",
        Polarity::Unknown => "不明 (unknown)",
    }
}

pub(super) fn years_ja(y: Years) -> String {
    format!("{}–{}", y.first(), y.last())
}

/// A value as the tables print it: `55件 (2024年度)`, `19.0%以下 (2029年3月末)`,
/// `1042.8kt-co2 (▲3%) (2018年)`; `なし` when absent.
pub(super) fn value_text(value: Option<&KpiValue>) -> String {
    let Some(v) = value else {
        return "なし".to_owned();
    };
    let mut s = v.quantity.to_string();
    if let Some(b) = v.bound {
        s.push_str(b.suffix_ja());
    }
    for a in &v.annotations {
        let _ = write!(s, " ({})", a.written);
    }
    let _ = write!(s, " ({})", v.period.written());
    s
}

pub(super) fn status_text(s: EditionStatus) -> &'static str {
    match s {
        EditionStatus::Draft => "draft",
        EditionStatus::Published => "published",
    }
}
