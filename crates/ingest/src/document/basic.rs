//! Section IV (the basic plan: fields with goals and numbered policy items)
//! and section V (key initiatives under their headings).

use super::front::join;
use super::lines::{Cursor, bullet_text, is_arrow_bullet, numbered_heading, paren_numbered};
use crate::error::DocumentError;
use keikaku_model::ids::{FieldId, KeyInitiativeId, PolicyItemId};
use keikaku_model::plan::{Field, KeyInitiative, KeyInitiativeGroup, PolicyItem};

fn err_id(line: u32) -> impl Fn(keikaku_model::ids::IdError) -> DocumentError {
    move |e| DocumentError::at(line, e.to_string())
}

/// Reads section IV: `1 暮らしと防災`, its goal sentence, then `- (1) …` items.
pub fn fields(cur: &mut Cursor<'_>) -> Result<Vec<Field>, DocumentError> {
    let mut fields: Vec<Field> = Vec::new();
    while !cur.at_section() {
        let Some(block) = cur.next_block() else { break };
        let first = block.first();
        if block.lines.len() == 1
            && let Some((number, name)) = numbered_heading(first.text)
        {
            let goal = cur.expect_block("the field's goal sentence")?;
            if goal.is_bullets() {
                return Err(DocumentError::at(
                    goal.no(),
                    format!("field 「{name}」: expected its goal sentence before the policy items"),
                ));
            }
            fields.push(Field {
                id: FieldId::new(format!("F{number}")).map_err(err_id(first.no))?,
                number,
                name: name.to_string(),
                goal: join(&goal.lines),
                items: Vec::new(),
                line: Some(first.no),
            });
            continue;
        }
        let Some(field) = fields.last_mut() else {
            return Err(DocumentError::at(
                first.no,
                format!(
                    "expected a numbered field such as 「1 暮らしと防災」, found 「{}」",
                    first.text
                ),
            ));
        };
        for line in &block.lines {
            let item = bullet_text(line.text).and_then(paren_numbered).ok_or_else(|| {
                DocumentError::at(line.no, format!("field 「{}」: expected a policy item such as 「- (1) …」, found 「{}」", field.name, line.text))
            })?;
            let (number, name) = item;
            if field.items.iter().any(|i| i.number == number) {
                return Err(DocumentError::at(
                    line.no,
                    format!(
                        "field 「{}」: policy item ({number}) appears twice",
                        field.name
                    ),
                ));
            }
            field.items.push(PolicyItem {
                id: PolicyItemId::new(format!("{}-{number:02}", field.id))
                    .map_err(err_id(line.no))?,
                number,
                name: name.to_string(),
                line: Some(line.no),
                sdgs: Vec::new(),
            });
        }
    }
    Ok(fields)
}

/// Reads section V: headings, each followed by `- ▶ name` bullets with descriptions.
pub fn key_initiatives(cur: &mut Cursor<'_>) -> Result<Vec<KeyInitiativeGroup>, DocumentError> {
    let mut groups: Vec<KeyInitiativeGroup> = Vec::new();
    while !cur.at_section() {
        let Some(block) = cur.next_block() else { break };
        let first = block.first();
        if !block.is_bullets() {
            // A heading: a group when bullets follow, otherwise a sub-title (主な重点事業).
            if cur.peek().is_some_and(|b| b.is_bullets()) {
                let number = groups.len() + 1;
                groups.push(KeyInitiativeGroup {
                    id: KeyInitiativeId::new(format!("V{number}")).map_err(err_id(first.no))?,
                    heading: join(&block.lines),
                    initiatives: Vec::new(),
                    line: Some(first.no),
                });
            }
            continue;
        }
        let Some(group) = groups.last_mut() else {
            return Err(DocumentError::at(
                first.no,
                "key initiatives appear before any heading",
            ));
        };
        for line in &block.lines {
            if is_arrow_bullet(line.text) || bullet_text(line.text).is_some() {
                let name = bullet_text(line.text).unwrap_or(line.text);
                let n = group.initiatives.len() + 1;
                group.initiatives.push(KeyInitiative {
                    id: KeyInitiativeId::new(format!("{}-{n}", group.id))
                        .map_err(err_id(line.no))?,
                    name: name.to_string(),
                    description: None,
                    line: Some(line.no),
                });
            } else if let Some(item) = group.initiatives.last_mut() {
                item.description
                    .get_or_insert_with(String::new)
                    .push_str(line.text);
            }
        }
    }
    Ok(groups)
}
