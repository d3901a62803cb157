//! Reading the imported report snapshot: whole (what the app loads once) or one tenant at a
//! time (what the tenant detail and the edits look up).

use super::{Db, DbError, StoreError};
use futures_util::TryStreamExt;
use shared::access::Scope;
use shared::snapshot::report_order_key;
use shared::{ClaimState, MpnId, Snapshot, Tenant, TenantId, TippingPoint, WorkloadUsage};
use sqlx::Any;
use std::collections::HashMap;

async fn load_table<'e, E: sqlx::Executor<'e, Database = Any>, T: serde::de::DeserializeOwned>(
    ex: E,
    sql: &str,
) -> Result<Vec<T>, DbError> {
    // Parsed as they arrive: the driver reads the next rows meanwhile (SQLite on its own
    // thread), and no table's text is held whole beside its records.
    let mut rows = sqlx::query_as::<_, (String,)>(sql).fetch(ex);
    let mut out = Vec::new();
    while let Some((data,)) = rows.try_next().await? {
        out.push(serde_json::from_str(&data)?);
    }
    Ok(out)
}

/// The snapshot as `scope` sees it (`Scope::Organization`: whole): tenants in report order
/// with their workload records grouped in that order (`Snapshot::put_in_report_order`, so
/// the app builds its rows reading forward), the other tables in import order. Its tables
/// are read in one transaction that sees one moment of the store (PostgreSQL
/// `REPEATABLE READ`; SQLite's read transaction), so an import committed meanwhile by another
/// process gives the old snapshot or the new one, never tenants of one and workloads of the
/// other.
pub async fn load(db: &Db, scope: &Scope) -> Result<Snapshot, DbError> {
    let mut tx = db.read_tx().await?;
    let mut s = Snapshot {
        // Unordered: `put_in_report_order` below orders them (by a key SQL does not have).
        tenants: load_table(&mut *tx, "SELECT data FROM tenants").await?,
        workloads: load_table(&mut *tx, "SELECT data FROM workloads ORDER BY seq").await?,
        tipping_points: load_table(&mut *tx, "SELECT data FROM tipping_points ORDER BY seq")
            .await?,
        cloud_endpoints: load_table(
            &mut *tx,
            "SELECT data FROM cloud_endpoints ORDER BY tenant_id",
        )
        .await?,
        referrals: load_table(&mut *tx, "SELECT data FROM referrals ORDER BY id").await?,
        eligibility: load_table(&mut *tx, "SELECT data FROM eligibility ORDER BY seq").await?,
        solutions_partner: load_table(&mut *tx, "SELECT data FROM solutions_partner ORDER BY seq")
            .await?,
    };
    tx.commit().await?;
    scope.restrict(&mut s);
    s.put_in_report_order();
    Ok(s)
}

/// The IDs of the tenants `scope` sees, in report order: name (case aside), then ID — the
/// order every per-tenant report sorts its rows by, so reading tenants in parts of this list
/// gives each report's rows in its own order.
pub async fn tenant_order(db: &Db, scope: &Scope) -> Result<Vec<TenantId>, DbError> {
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT id, name, mpn_id FROM tenants")
            .fetch_all(&db.pool)
            .await?;
    let mut keys: Vec<(String, TenantId)> = Vec::with_capacity(rows.len());
    for (id, name, mpn) in rows {
        if scope.contains(&MpnId::from(mpn)) {
            let id =
                TenantId::parse(&id).map_err(|e| DbError::Corrupt(serde::de::Error::custom(e)))?;
            keys.push((report_order_key(&name), id));
        }
    }
    keys.sort_unstable();
    Ok(keys.into_iter().map(|(_, id)| id).collect())
}

/// The tipping-point table (reference data, whole).
pub async fn tipping_points(db: &Db) -> Result<Vec<TippingPoint>, DbError> {
    load_table(&db.pool, "SELECT data FROM tipping_points ORDER BY seq").await
}

/// Part of the snapshot: the tenants `ids` (in that order) with their workload rows (in
/// import order), cloud endpoints and referrals, as `scope` sees them; no tipping points and no
/// eligibility rows.
pub async fn part(db: &Db, ids: &[TenantId], scope: &Scope) -> Result<Snapshot, DbError> {
    let list = (1..=ids.len())
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let of = |sql: String| async move {
        let mut q = sqlx::query_as::<_, (String,)>(&sql);
        for id in ids {
            q = q.bind(id.to_string());
        }
        let rows = q.fetch_all(&db.pool).await?;
        Ok::<_, DbError>(rows.into_iter().map(|(d,)| d))
    };
    let mut tenants: Vec<Tenant> = of(format!("SELECT data FROM tenants WHERE id IN ({list})"))
        .await?
        .map(parse)
        .collect::<Result<_, _>>()?;
    let position: HashMap<TenantId, usize> =
        ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    tenants.sort_by_key(|t| position.get(&t.id).copied());
    let mut s = Snapshot {
        tenants,
        workloads: of(format!(
            "SELECT data FROM workloads WHERE tenant_id IN ({list}) ORDER BY seq"
        ))
        .await?
        .map(parse)
        .collect::<Result<_, _>>()?,
        tipping_points: Vec::new(),
        cloud_endpoints: of(format!(
            "SELECT data FROM cloud_endpoints WHERE tenant_id IN ({list}) ORDER BY tenant_id"
        ))
        .await?
        .map(parse)
        .collect::<Result<_, _>>()?,
        referrals: of(format!(
            "SELECT data FROM referrals WHERE tenant_id IN ({list}) ORDER BY id"
        ))
        .await?
        .map(parse)
        .collect::<Result<_, _>>()?,
        // Per customer, not per tenant: the eligibility report reads the whole snapshot.
        eligibility: Vec::new(),
        solutions_partner: Vec::new(),
    };
    scope.restrict(&mut s);
    Ok(s)
}

fn parse<T: serde::de::DeserializeOwned>(data: String) -> Result<T, DbError> {
    serde_json::from_str(&data).map_err(DbError::from)
}

/// The latest import's ID (0 before the first): it changes with every import, so it names
/// what the snapshot holds (the snapshot answer's ETag).
pub async fn import_id<'e, E: sqlx::Executor<'e, Database = Any>>(ex: E) -> Result<i64, DbError> {
    let (id,): (i64,) = sqlx::query_as("SELECT COALESCE(MAX(id), 0) FROM imports")
        .fetch_one(ex)
        .await?;
    Ok(id)
}

/// The Partner Center ID most tenants are associated through (ties: the smallest ID);
/// `None` when nothing is imported.
pub async fn largest_mpn(db: &Db) -> Result<Option<MpnId>, DbError> {
    let mut tx = db.read_tx().await?;
    let import = import_id(&mut *tx).await?;
    if let Some(largest) = db.largest_mpn.get(import) {
        return Ok(largest);
    }
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT mpn_id FROM tenants GROUP BY mpn_id ORDER BY COUNT(*) DESC, mpn_id LIMIT 1",
    )
    .fetch_optional(&mut *tx)
    .await?;
    tx.commit().await?;
    let largest = row.map(|(m,)| MpnId::from(m));
    db.largest_mpn.put(import, largest.clone());
    Ok(largest)
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
