//! Whom the app's snapshot answers were built for: the audiences (role and scope) people asked
//! for, kept across restarts so the server can build them ahead (`snapshot_answer::refresh`).
//! No user is recorded, only what they share with everyone of their audience.

use super::{Db, DbError};
use crate::snapshot_cache::Audience;
use shared::access::{Role, Scope};
use shared::MpnId;

fn scope_text(scope: &Scope) -> String {
    let ids: Vec<&str> = scope.mpns().into_iter().map(MpnId::as_str).collect();
    ids.join(",")
}

/// Notes that `audience` asked for the app's answer at `now` (Unix seconds).
pub async fn record(db: &Db, audience: &Audience, now: i64) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO snapshot_audiences (role, scope, asked_at) VALUES ($1, $2, $3) \
         ON CONFLICT (role, scope) DO UPDATE SET asked_at = excluded.asked_at",
    )
    .bind(audience.role.as_str())
    .bind(scope_text(&audience.scope))
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// The `most` most recently noted audiences, the most recent first.
pub async fn recent(db: &Db, most: usize) -> Result<Vec<Audience>, DbError> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT role, scope FROM snapshot_audiences ORDER BY asked_at DESC, role, scope LIMIT $1",
    )
    .bind(most as i64)
    .fetch_all(&db.pool)
    .await?;
    rows.into_iter()
        .map(|(role, scope)| {
            let role: Role = role
                .parse()
                .map_err(|e: String| DbError::Corrupt(serde::de::Error::custom(e)))?;
            let mpns = scope.split(',').filter(|m| !m.is_empty());
            let scope = Scope::of(mpns.map(|m| MpnId::from(m.to_string())));
            Ok(Audience { role, scope })
        })
        .collect()
}
