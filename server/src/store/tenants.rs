//! The tenant detail: one tenant's snapshot rows joined with everything partners wrote about
//! it, in one answer.

use super::{contacts, notes, referrals, service_status, snapshot, Db, StoreError};
use shared::access::Scope;
use shared::config::ReferralConfig;
use shared::edits::notes::{newest_first, DETAIL_NOTES};
use shared::edits::taxonomy::Taxonomy;
use shared::edits::views::TenantDetail;
use shared::TenantId;
use time::OffsetDateTime;

/// Everything the tenant detail shows (404 when there is no such tenant in `scope`).
pub async fn detail(
    db: &Db,
    id: TenantId,
    scope: &Scope,
    now: OffsetDateTime,
    cfg: &ReferralConfig,
    taxonomy: &Taxonomy,
) -> Result<TenantDetail, StoreError> {
    let tenant = snapshot::tenant(&db.pool, id, scope).await?;
    let workloads = snapshot::visible_workloads(&db.pool, id).await?;
    let referrals = referrals::of_tenant(db, id, &tenant.name, now, cfg).await?;
    let all_notes = notes::all(db, id).await?;
    let statuses = service_status::of_tenant(&db.pool, id).await?;
    Ok(TenantDetail {
        notes_total: all_notes.len() as u64,
        notes: newest_first(&all_notes, DETAIL_NOTES),
        contacts: contacts::of_tenant(&db.pool, id).await?,
        service_statuses: service_status::views(&workloads, &statuses, id),
        workloads,
        referrals,
        taxonomy: taxonomy.clone(),
        tenant,
        now,
    })
}
