//! Recorded reorganisations of a municipality (renames, merges, splits,
//! sections; see `keikaku_model::org`), append-only. Each event is stored as
//! its JSON with its effective fiscal year and recording order (`seq`); an
//! append states how many events it saw when it validated, so two appends
//! validated against the same history cannot both land (the second is a
//! conflict). Every append is audited in the same transaction.

use crate::audit::{self, Change};
use crate::error::{Result, StoreError};
use crate::{Store, now};
use keikaku_model::org::Reorganisation;
use sqlx::Row;

/// A stored reorganisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReorganisationRow {
    /// Recording order within the municipality, from 1.
    pub seq: i64,
    /// The event.
    pub event: Reorganisation,
    /// Who recorded it.
    pub actor: String,
    /// When (RFC 3339, UTC).
    pub recorded_at: String,
}

impl Store {
    /// Every recorded reorganisation of a municipality, in recording order.
    pub async fn reorganisations(&self, code: &str) -> Result<Vec<ReorganisationRow>> {
        let rows = sqlx::query(
            "SELECT seq, body, actor, recorded_at FROM reorganisations WHERE code = $1 ORDER BY seq",
        )
        .bind(code)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                let body: String = r.try_get("body")?;
                let event = serde_json::from_str(&body)
                    .map_err(|e| StoreError::Corrupt(format!("reorganisation: {e}")))?;
                Ok(ReorganisationRow {
                    seq: r.try_get("seq")?,
                    event,
                    actor: r.try_get("actor")?,
                    recorded_at: r.try_get("recorded_at")?,
                })
            })
            .collect()
    }

    /// Appends a reorganisation validated against the first `seen` events;
    /// a `Conflict` when someone recorded another meanwhile. Returns its `seq`.
    pub async fn append_reorganisation(
        &self,
        code: &str,
        seen: i64,
        event: &Reorganisation,
        actor: &str,
    ) -> Result<i64> {
        let seqs = self
            .append_reorganisations(code, seen, std::slice::from_ref(event), actor)
            .await?;
        Ok(seqs.first().copied().unwrap_or(seen))
    }

    /// Appends several reorganisations in one transaction (all or none),
    /// validated together against the first `seen` events. Returns their `seq`s.
    pub async fn append_reorganisations(
        &self,
        code: &str,
        seen: i64,
        events: &[Reorganisation],
        actor: &str,
    ) -> Result<Vec<i64>> {
        let at = now();
        let mut tx = self.begin_write().await?;
        let count: i64 = sqlx::query("SELECT COUNT(*) AS n FROM reorganisations WHERE code = $1")
            .bind(code)
            .fetch_one(&mut *tx)
            .await?
            .try_get("n")?;
        if count != seen {
            return Err(StoreError::Conflict {
                what: format!("the organisation of {code}"),
                current: count,
            });
        }
        let mut seqs = Vec::with_capacity(events.len());
        for (k, event) in events.iter().enumerate() {
            let body = audit::json(event)?;
            let seq = count + 1 + i64::try_from(k).unwrap_or(i64::MAX - count - 1);
            sqlx::query(
                "INSERT INTO reorganisations (code, seq, effective_year, body, actor, recorded_at) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(code)
            .bind(seq)
            .bind(event.year.year())
            .bind(&body)
            .bind(actor)
            .bind(&at)
            .execute(&mut *tx)
            .await?;
            let entity = format!("org/{seq}");
            let change = Change {
                actor,
                code: Some(code),
                action: "org.reorganise",
                entity: &entity,
                before: None,
                after: Some(body),
            };
            audit::append(&mut tx, change, &at).await?;
            seqs.push(seq);
        }
        tx.commit().await?;
        Ok(seqs)
    }
}
