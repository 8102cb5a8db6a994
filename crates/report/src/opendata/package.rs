//! The JSON equivalents of the tables and the Frictionless Tabular Data
//! Package descriptor (`datapackage.json`): one resource per CSV file with
//! its table schema (field names and types, primary and foreign keys), its
//! encoding, and the CC BY 4.0 licence.

use super::encode::Encoding;
use super::{Cell, Table};
use serde_json::{Value, json};

/// What the package says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageMeta {
    /// Package name: lower case, digits, `-`, `_`, `.` (e.g. `keikaku-062031-e2022`).
    pub name: String,
    /// Title, e.g. `鶴岡市 第2次鶴岡市総合計画 実施計画 成果指標`.
    pub title: String,
    /// Who publishes it (the municipality's name).
    pub publisher: String,
    /// A description.
    pub description: String,
}

/// The table as a JSON array of objects keyed by the field names, in field
/// order. Decimal numbers are JSON strings (`"45.0"`), so their digits and
/// scale survive every JSON parser; whole numbers and years are numbers;
/// empty cells are `null`.
pub(crate) fn json_rows(table: &Table) -> Vec<u8> {
    let mut out = String::from("[");
    for (i, row) in table.rows.iter().enumerate() {
        out.push_str(if i == 0 { "\n  {" } else { ",\n  {" });
        for (k, (field, cell)) in table.fields.iter().zip(row).enumerate() {
            if k > 0 {
                out.push_str(", ");
            }
            out.push_str(&Value::from(field.name).to_string());
            out.push_str(": ");
            let value = match cell {
                Cell::Empty => Value::Null,
                Cell::Text(s) => Value::from(s.as_str()),
                Cell::Int(n) => Value::from(*n),
                Cell::Number(d) => Value::from(d.to_string()),
            };
            out.push_str(&value.to_string());
        }
        out.push('}');
    }
    out.push_str("\n]\n");
    out.into_bytes()
}

fn schema(table: &Table) -> Value {
    let fields: Vec<Value> = table
        .fields
        .iter()
        .map(|f| json!({"name": f.name, "type": f.ty.name(), "description": f.description}))
        .collect();
    let foreign: Vec<Value> = table
        .foreign_keys
        .iter()
        .map(|(field, resource, target)| {
            json!({"fields": [field], "reference": {"resource": resource, "fields": [target]}})
        })
        .collect();
    let mut schema = json!({"fields": fields, "primaryKey": table.primary_key});
    if !foreign.is_empty() {
        schema["foreignKeys"] = Value::from(foreign);
    }
    schema
}

/// The `datapackage.json` descriptor, pretty-printed.
pub(crate) fn datapackage(tables: &[Table], meta: &PackageMeta, encoding: Encoding) -> Vec<u8> {
    let resources: Vec<Value> = tables
        .iter()
        .map(|t| {
            json!({
                "name": t.name,
                "title": t.title,
                "path": format!("{}.csv", t.name),
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": encoding.label(),
                "dialect": {"delimiter": ",", "header": true},
                "schema": schema(t),
            })
        })
        .collect();
    let package = json!({
        "profile": "tabular-data-package",
        "name": meta.name,
        "title": meta.title,
        "description": meta.description,
        "licenses": [{
            "name": "CC-BY-4.0",
            "title": "Creative Commons Attribution 4.0 International",
            "path": "https://creativecommons.org/licenses/by/4.0/",
        }],
        "contributors": [{"title": meta.publisher, "role": "publisher"}],
        "resources": resources,
    });
    let mut text = serde_json::to_string_pretty(&package).unwrap_or_default();
    text.push('\n');
    text.into_bytes()
}
