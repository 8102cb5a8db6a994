//! Staff accounts. Every change of an account is audited (role,
//! departments, disabled; a password change as the fact only — hashes never
//! enter the audit log).

use crate::audit::{self, Change};
use crate::error::{Result, StoreError};
use crate::{Store, now};
use keikaku_model::access::{Role, Staff, Username};
use keikaku_model::ids::DepartmentId;
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;

/// A stored account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRow {
    /// Who, with role and departments.
    pub staff: Staff,
    /// The argon2id PHC string.
    pub password_hash: String,
    /// Disabled accounts cannot sign in or use tokens.
    pub disabled: bool,
    /// Created (RFC 3339).
    pub created_at: String,
    /// Last changed (RFC 3339).
    pub updated_at: String,
}

/// What the audit log records about an account.
#[derive(Serialize)]
struct Audited<'a> {
    name: &'a str,
    display_name: &'a str,
    role: Role,
    departments: &'a [DepartmentId],
    disabled: bool,
}

fn audited(u: &UserRow) -> Result<String> {
    audit::json(&Audited {
        name: u.staff.name.as_str(),
        display_name: &u.staff.display_name,
        role: u.staff.role,
        departments: &u.staff.departments,
        disabled: u.disabled,
    })
}

fn corrupt(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("user {what}: {e}"))
}

fn user_of(row: &AnyRow) -> Result<UserRow> {
    let name: String = row.try_get("name")?;
    let role: String = row.try_get("role")?;
    let departments: String = row.try_get("departments")?;
    let disabled: i64 = row.try_get("disabled")?;
    Ok(UserRow {
        staff: Staff {
            name: Username::new(&name).map_err(|e| corrupt(&name, e))?,
            display_name: row.try_get("display_name")?,
            role: role.parse().map_err(|e| corrupt(&name, e))?,
            departments: serde_json::from_str(&departments).map_err(|e| corrupt(&name, e))?,
        },
        password_hash: row.try_get("password_hash")?,
        disabled: disabled != 0,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

impl Store {
    /// Adds an account; refuses a name already taken.
    pub async fn create_user(&self, staff: &Staff, password_hash: &str, actor: &str) -> Result<()> {
        let at = now();
        let departments = audit::json(&staff.departments)?;
        let mut tx = self.begin_write().await?;
        let taken = sqlx::query("SELECT name FROM users WHERE name = $1")
            .bind(staff.name.as_str())
            .fetch_optional(&mut *tx)
            .await?;
        if taken.is_some() {
            return Err(StoreError::Conflict {
                what: format!("user {}", staff.name),
                current: 1,
            });
        }
        sqlx::query("INSERT INTO users (name, display_name, role, departments, password_hash, disabled, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 0, $6, $6)")
            .bind(staff.name.as_str())
            .bind(&staff.display_name)
            .bind(staff.role.keyword())
            .bind(&departments)
            .bind(password_hash)
            .bind(&at)
            .execute(&mut *tx)
            .await?;
        let row = UserRow {
            staff: staff.clone(),
            password_hash: String::new(),
            disabled: false,
            created_at: at.clone(),
            updated_at: at.clone(),
        };
        let entity = format!("user/{}", staff.name);
        let change = Change {
            actor,
            code: None,
            action: "user.create",
            entity: &entity,
            before: None,
            after: Some(audited(&row)?),
        };
        audit::append(&mut tx, change, &at).await?;
        tx.commit().await?;
        Ok(())
    }

    /// One account.
    pub async fn user(&self, name: &Username) -> Result<Option<UserRow>> {
        let row = sqlx::query("SELECT * FROM users WHERE name = $1")
            .bind(name.as_str())
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(user_of).transpose()
    }

    /// Every account, by name.
    pub async fn users(&self) -> Result<Vec<UserRow>> {
        let rows = sqlx::query("SELECT * FROM users ORDER BY name")
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(user_of).collect()
    }

    /// Changes an account: `change` edits a copy of the stored row, which is
    /// then saved with an audit entry named `action`. Sessions of a changed
    /// account end when its role, departments, password or status change.
    pub async fn update_user(
        &self,
        name: &Username,
        action: &str,
        actor: &str,
        change: impl FnOnce(&mut UserRow),
    ) -> Result<UserRow> {
        let at = now();
        let mut tx = self.begin_write().await?;
        let row = sqlx::query("SELECT * FROM users WHERE name = $1")
            .bind(name.as_str())
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("there is no user {name}")))?;
        let before = user_of(&row)?;
        let mut after = before.clone();
        change(&mut after);
        after.updated_at.clone_from(&at);
        sqlx::query("UPDATE users SET display_name = $1, role = $2, departments = $3, password_hash = $4, disabled = $5, updated_at = $6 WHERE name = $7")
            .bind(&after.staff.display_name)
            .bind(after.staff.role.keyword())
            .bind(audit::json(&after.staff.departments)?)
            .bind(&after.password_hash)
            .bind(i64::from(after.disabled))
            .bind(&at)
            .bind(name.as_str())
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE user_name = $1")
            .bind(name.as_str())
            .execute(&mut *tx)
            .await?;
        let entity = format!("user/{name}");
        let action = format!("user.{action}");
        let entry = Change {
            actor,
            code: None,
            action: &action,
            entity: &entity,
            before: Some(audited(&before)?),
            after: Some(audited(&after)?),
        };
        audit::append(&mut tx, entry, &at).await?;
        tx.commit().await?;
        Ok(after)
    }
}
