//! One tenant: its detail page in one answer, and its change log.

use super::TenantPath;
use crate::error::ApiError;
use crate::extract::{Path, Shown, SignedIn};
use crate::state::AppState;
use crate::store::{change_log, tenants};
use axum::extract::State;
use shared::edits::views::{ChangeLogEntry, TenantDetail};
use time::OffsetDateTime;

/// Everything the tenant detail shows: tenant, workloads (ours and unclaimed), referrals with
/// decision and state, the last four notes, contacts, service status per workload with lint
/// warnings, and the L1/L2/L3 taxonomy.
#[utoipa::path(get, path = "/api/tenants/{tenant_id}", tag = "edits",
    params(TenantPath),
    responses((status = 200, body = TenantDetail), (status = 404, body = ApiError)))]
pub async fn get_tenant(
    State(st): State<AppState>,
    user: SignedIn,
    Path(p): Path<TenantPath>,
) -> Result<Shown<TenantDetail>, ApiError> {
    let now = OffsetDateTime::now_utc();
    let scope = &user.0.scope;
    let cfg = &st.referral_config;
    Ok(user.show(tenants::detail(&st.db, p.tenant_id, scope, now, cfg, &st.taxonomy).await?))
}

/// The tenant's change log (who, when, entity, before → after JSON), newest first.
#[utoipa::path(get, path = "/api/tenants/{tenant_id}/changes", tag = "edits",
    params(TenantPath),
    responses((status = 200, body = Vec<ChangeLogEntry>), (status = 404, body = ApiError)))]
pub async fn list_changes(
    State(st): State<AppState>,
    user: SignedIn,
    Path(p): Path<TenantPath>,
) -> Result<Shown<Vec<ChangeLogEntry>>, ApiError> {
    Ok(user.show(change_log::list(&st.db, p.tenant_id, &user.0.scope).await?))
}
