//! The change log: append-only, one row per write (who, when, which record, its JSON before
//! and after). Rows are appended inside the write's own transaction, so a write and its row
//! are committed together or not at all.

use super::{Db, Edit, StoreError};
use shared::access::Scope;
use shared::edits::views::ChangeLogEntry;
use shared::TenantId;
use sqlx::AnyConnection;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// One write as the log keeps it: the record's JSON before (`None` = created) and after
/// (`None` = deleted).
pub struct LogRow<'a> {
    /// `referral_decision`, `note`, `contact` or `service_status`.
    pub entity: &'a str,
    pub entity_id: &'a str,
    pub before: Option<String>,
    pub after: Option<String>,
}

pub(crate) fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).expect("UTC times format")
}

pub(super) async fn append(
    conn: &mut AnyConnection,
    tenant: TenantId,
    edit: &Edit,
    row: LogRow<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO change_log (tenant_id, at, who, entity, entity_id, before_json, after_json) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(tenant.to_string())
    .bind(rfc3339(edit.now))
    .bind(edit.who())
    .bind(row.entity)
    .bind(row.entity_id)
    .bind(row.before)
    .bind(row.after)
    .execute(conn)
    .await?;
    Ok(())
}

/// The tenant's change log, newest first (404 when there is no such tenant in `scope`).
pub async fn list(db: &Db, id: TenantId, scope: &Scope) -> Result<Vec<ChangeLogEntry>, StoreError> {
    super::snapshot::tenant(&db.pool, id, scope).await?;
    type Row = (
        i64,
        String,
        String,
        String,
        String,
        String,
        Option<String>,
        Option<String>,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, tenant_id, at, who, entity, entity_id, before_json, after_json \
         FROM change_log WHERE tenant_id = $1 ORDER BY id DESC",
    )
    .bind(id.to_string())
    .fetch_all(&db.pool)
    .await?;
    let parse = |s: Option<String>| -> Result<Option<serde_json::Value>, StoreError> {
        Ok(match s {
            Some(s) => Some(serde_json::from_str(&s)?),
            None => None,
        })
    };
    rows.into_iter()
        .map(|(id, tenant_id, at, who, entity, entity_id, b, a)| {
            Ok(ChangeLogEntry {
                id,
                tenant_id,
                at,
                who,
                entity,
                entity_id,
                before: parse(b)?,
                after: parse(a)?,
            })
        })
        .collect()
}
