//! Whom snapshot answers were built for: the audiences (role and scope) and forms people
//! asked for, kept across restarts so the server can build them ahead
//! (`snapshot_answer::refresh`). No user is recorded, only what they share with everyone of
//! their audience.

use super::{Db, DbError};
use crate::snapshot_cache::{Audience, Form, Key};
use shared::access::{Role, Scope};
use shared::MpnId;

fn scope_text(scope: &Scope) -> String {
    let ids: Vec<&str> = scope.mpns().into_iter().map(MpnId::as_str).collect();
    ids.join(",")
}

fn corrupt(what: String) -> DbError {
    DbError::Corrupt(serde::de::Error::custom(what))
}

/// Notes that `key` was asked for at `now` (Unix seconds).
pub async fn record(db: &Db, key: &Key, now: i64) -> Result<(), DbError> {
    let (audience, form) = key;
    sqlx::query(
        "INSERT INTO snapshot_audiences (role, scope, form, asked_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (role, scope, form) DO UPDATE SET asked_at = excluded.asked_at",
    )
    .bind(audience.role.as_str())
    .bind(scope_text(&audience.scope))
    .bind(form.as_str())
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// The `most` most recently asked-for audiences and forms, the most recent first.
pub async fn recent(db: &Db, most: usize) -> Result<Vec<Key>, DbError> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT role, scope, form FROM snapshot_audiences \
         ORDER BY asked_at DESC, role, scope, form LIMIT $1",
    )
    .bind(most as i64)
    .fetch_all(&db.pool)
    .await?;
    rows.into_iter()
        .map(|(role, scope, form)| {
            let role: Role = role.parse().map_err(corrupt)?;
            let scope = Scope::of(
                scope
                    .split(',')
                    .filter(|m| !m.is_empty())
                    .map(|m| MpnId::from(m.to_string())),
            );
            let form = Form::parse(&form)
                .ok_or_else(|| corrupt(format!("`{form}` is not a snapshot form")))?;
            Ok((Audience { role, scope }, form))
        })
        .collect()
}
