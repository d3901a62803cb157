//! Reading the imported report snapshot: whole (what the app loads once) or one tenant at a
//! time (what the tenant detail and the edits look up).

use super::{Backend, Db, DbError, StoreError};
use shared::access::Scope;
use shared::{ClaimState, MpnId, Snapshot, Tenant, TenantId, WorkloadUsage};
use sqlx::{Any, AnyConnection};

async fn load_table<T: serde::de::DeserializeOwned>(
    conn: &mut AnyConnection,
    sql: &str,
) -> Result<Vec<T>, DbError> {
    let rows: Vec<(String,)> = sqlx::query_as(sql).fetch_all(conn).await?;
    rows.into_iter()
        .map(|(data,)| serde_json::from_str(&data).map_err(DbError::from))
        .collect()
}

/// The snapshot as `scope` sees it (`Scope::Organization`: whole), in import order (tenants
/// by name). Its tables are read in one transaction that sees one moment of the store
/// (PostgreSQL `REPEATABLE READ`; SQLite's read transaction), so an import committed meanwhile
/// by another process gives the old snapshot or the new one, never tenants of one and
/// workloads of the other.
pub async fn load(db: &Db, scope: &Scope) -> Result<Snapshot, DbError> {
    let mut tx = match db.backend {
        Backend::Sqlite => db.pool.begin().await?,
        Backend::Postgres => {
            db.pool
                .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                .await?
        }
    };
    let mut s = Snapshot {
        tenants: load_table(&mut tx, "SELECT data FROM tenants ORDER BY name, id").await?,
        workloads: load_table(&mut tx, "SELECT data FROM workloads ORDER BY seq").await?,
        tipping_points: load_table(&mut tx, "SELECT data FROM tipping_points ORDER BY seq").await?,
        cloud_endpoints: load_table(
            &mut tx,
            "SELECT data FROM cloud_endpoints ORDER BY tenant_id",
        )
        .await?,
        referrals: load_table(&mut tx, "SELECT data FROM referrals ORDER BY id").await?,
    };
    tx.commit().await?;
    scope.restrict(&mut s);
    Ok(s)
}

/// The Partner Center ID most tenants are associated through (ties: the smallest ID);
/// `None` when nothing is imported.
pub async fn largest_mpn(db: &Db) -> Result<Option<MpnId>, DbError> {
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT mpn_id FROM tenants GROUP BY mpn_id ORDER BY COUNT(*) DESC, mpn_id LIMIT 1",
    )
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.map(|(m,)| MpnId(m)))
}

/// Number of tenants stored (0 = nothing imported yet).
pub async fn tenant_count(db: &Db) -> Result<i64, DbError> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM tenants")
        .fetch_one(&db.pool)
        .await?;
    Ok(n)
}

/// One tenant in `scope`, or `NotFound` — the same answer for a tenant outside the scope as
/// for one that does not exist.
pub async fn tenant<'e, E: sqlx::Executor<'e, Database = Any>>(
    ex: E,
    id: TenantId,
    scope: &Scope,
) -> Result<Tenant, StoreError> {
    let row: Option<(String,)> = sqlx::query_as("SELECT data FROM tenants WHERE id = $1")
        .bind(id.to_string())
        .fetch_optional(ex)
        .await?;
    let found: Option<Tenant> = row.map(|(d,)| serde_json::from_str(&d)).transpose()?;
    found
        .filter(|t| scope.contains(&t.mpn_id))
        .ok_or_else(|| StoreError::NotFound(format!("no tenant {id}")))
}

/// The tenant's workload rows that are ours or unclaimed, in import order: those claimed by
/// another partner are never shown.
pub async fn visible_workloads<'e, E: sqlx::Executor<'e, Database = Any>>(
    ex: E,
    id: TenantId,
) -> Result<Vec<WorkloadUsage>, StoreError> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT data FROM workloads WHERE tenant_id = $1 ORDER BY seq")
            .bind(id.to_string())
            .fetch_all(ex)
            .await?;
    let mut out = Vec::new();
    for (d,) in rows {
        let w: WorkloadUsage = serde_json::from_str(&d)?;
        if w.claim_state() != ClaimState::ClaimedByOther {
            out.push(w);
        }
    }
    Ok(out)
}
