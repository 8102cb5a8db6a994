//! Sign-in sessions, API tokens and failed-login records. Tokens are random
//! and only their SHA-256 hashes are stored, so a copy of the database
//! cannot be used to sign in. Times are Unix seconds, supplied by the
//! caller (the use-case layer owns the clock and the expiry policy).
//! Sessions are not audited (they are not changes to the plan's data);
//! token creation and revocation are.

use crate::audit::{self, Change};
use crate::error::{Result, StoreError};
use crate::{Store, now};
use keikaku_model::access::Username;
use sqlx::Row;

/// A stored session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    /// Whose.
    pub user: Username,
    /// The anti-CSRF token of the session's forms.
    pub csrf: String,
    /// Started (Unix seconds).
    pub created_at: i64,
    /// Last request (Unix seconds).
    pub last_seen: i64,
}

/// A stored API token (without its secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRow {
    /// Public ID, shown in lists and used to revoke.
    pub id: String,
    /// Whose.
    pub user: Username,
    /// What it is for.
    pub label: String,
    /// Created (RFC 3339).
    pub created_at: String,
    /// Last used (Unix seconds).
    pub last_used: Option<i64>,
    /// Revoked (RFC 3339).
    pub revoked_at: Option<String>,
}

fn username(s: &str) -> Result<Username> {
    Username::new(s).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn token_of(row: &sqlx::any::AnyRow) -> Result<TokenRow> {
    Ok(TokenRow {
        id: row.try_get("id")?,
        user: username(&row.try_get::<String, _>("user_name")?)?,
        label: row.try_get("label")?,
        created_at: row.try_get("created_at")?,
        last_used: row.try_get("last_used")?,
        revoked_at: row.try_get("revoked_at")?,
    })
}

impl Store {
    /// Starts a session.
    pub async fn create_session(
        &self,
        token_hash: &str,
        user: &Username,
        csrf: &str,
        at: i64,
    ) -> Result<()> {
        sqlx::query("INSERT INTO sessions (token_hash, user_name, csrf, created_at, last_seen) VALUES ($1, $2, $3, $4, $4)")
            .bind(token_hash)
            .bind(user.as_str())
            .bind(csrf)
            .bind(at)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// A session by its token's hash.
    pub async fn session(&self, token_hash: &str) -> Result<Option<SessionRow>> {
        let row = sqlx::query("SELECT * FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .fetch_optional(self.pool())
            .await?;
        row.map(|r| {
            Ok(SessionRow {
                user: username(&r.try_get::<String, _>("user_name")?)?,
                csrf: r.try_get("csrf")?,
                created_at: r.try_get("created_at")?,
                last_seen: r.try_get("last_seen")?,
            })
        })
        .transpose()
    }

    /// Records activity on a session.
    pub async fn touch_session(&self, token_hash: &str, at: i64) -> Result<()> {
        sqlx::query("UPDATE sessions SET last_seen = $1 WHERE token_hash = $2")
            .bind(at)
            .bind(token_hash)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Ends a session.
    pub async fn delete_session(&self, token_hash: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Removes sessions idle since before `idle_before` or started before `started_before`.
    pub async fn expire_sessions(&self, idle_before: i64, started_before: i64) -> Result<u64> {
        let done = sqlx::query("DELETE FROM sessions WHERE last_seen < $1 OR created_at < $2")
            .bind(idle_before)
            .bind(started_before)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected())
    }

    /// Records a failed sign-in for a name (known or not).
    pub async fn record_login_failure(&self, user: &str, at: i64) -> Result<()> {
        sqlx::query("INSERT INTO login_failures (user_name, at) VALUES ($1, $2)")
            .bind(user)
            .bind(at)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Failed sign-ins for a name since a time, and the newest one's time.
    pub async fn login_failures_since(&self, user: &str, since: i64) -> Result<(i64, Option<i64>)> {
        let row = sqlx::query("SELECT COUNT(*) AS n, MAX(at) AS newest FROM login_failures WHERE user_name = $1 AND at >= $2")
            .bind(user)
            .bind(since)
            .fetch_one(self.pool())
            .await?;
        Ok((row.try_get("n")?, row.try_get("newest")?))
    }

    /// Forgets the failed sign-ins of a name (after a success), and any
    /// older than `before`.
    pub async fn clear_login_failures(&self, user: &str, before: i64) -> Result<()> {
        sqlx::query("DELETE FROM login_failures WHERE user_name = $1 OR at < $2")
            .bind(user)
            .bind(before)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Stores a new API token.
    pub async fn create_token(
        &self,
        token_hash: &str,
        id: &str,
        user: &Username,
        label: &str,
        actor: &str,
    ) -> Result<()> {
        let at = now();
        let mut tx = self.begin_write().await?;
        sqlx::query("INSERT INTO api_tokens (token_hash, id, user_name, label, created_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(token_hash)
            .bind(id)
            .bind(user.as_str())
            .bind(label)
            .bind(&at)
            .execute(&mut *tx)
            .await?;
        let entity = format!("user/{user}/token/{id}");
        let after = audit::json(&serde_json::json!({ "id": id, "label": label }))?;
        let change = Change {
            actor,
            code: None,
            action: "token.create",
            entity: &entity,
            before: None,
            after: Some(after),
        };
        audit::append(&mut tx, change, &at).await?;
        tx.commit().await?;
        Ok(())
    }

    /// A live (not revoked) token by its hash; records its use.
    pub async fn use_token(&self, token_hash: &str, at: i64) -> Result<Option<TokenRow>> {
        let row =
            sqlx::query("SELECT * FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL")
                .bind(token_hash)
                .fetch_optional(self.pool())
                .await?;
        let Some(row) = row else { return Ok(None) };
        sqlx::query("UPDATE api_tokens SET last_used = $1 WHERE token_hash = $2")
            .bind(at)
            .bind(token_hash)
            .execute(self.pool())
            .await?;
        token_of(&row).map(Some)
    }

    /// A user's tokens, newest first.
    pub async fn tokens(&self, user: &Username) -> Result<Vec<TokenRow>> {
        let rows = sqlx::query(
            "SELECT * FROM api_tokens WHERE user_name = $1 ORDER BY created_at DESC, id",
        )
        .bind(user.as_str())
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(token_of).collect()
    }

    /// Revokes a token of a user.
    pub async fn revoke_token(&self, user: &Username, id: &str, actor: &str) -> Result<()> {
        let at = now();
        let mut tx = self.begin_write().await?;
        let done = sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_name = $3 AND revoked_at IS NULL")
            .bind(&at)
            .bind(id)
            .bind(user.as_str())
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!(
                "{user} has no live API token {id}"
            )));
        }
        let entity = format!("user/{user}/token/{id}");
        let change = Change {
            actor,
            code: None,
            action: "token.revoke",
            entity: &entity,
            before: None,
            after: None,
        };
        audit::append(&mut tx, change, &at).await?;
        tx.commit().await?;
        Ok(())
    }
}
