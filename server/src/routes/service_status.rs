//! The service status of one workload of a tenant.

use crate::error::ApiError;
use crate::extract::{Json, Path, Shown};
use crate::state::AppState;
use crate::store::{service_status, Edit};
use axum::extract::State;
use serde::Deserialize;
use shared::edits::views::{ServiceStatusEdit, ServiceStatusView};
use shared::TenantId;
use utoipa::IntoParams;

/// `/api/tenants/{tenant_id}/service-status/{workload}`
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ServiceStatusPath {
    /// Tenant ID (GUID)
    #[param(value_type = String, format = Uuid)]
    pub tenant_id: TenantId,
    /// Workload name (URL-encoded)
    pub workload: String,
}

/// Saves the service status of one workload (entitlement splits across L1/L2/L3 and the
/// service intent note) based on `version`. The splits must add up to the workload's total
/// entitlements. Lint warnings on the note come back in the answer and never block.
#[utoipa::path(put, path = "/api/tenants/{tenant_id}/service-status/{workload}", tag = "edits",
    params(ServiceStatusPath),
    request_body = ServiceStatusEdit,
    responses((status = 200, body = ServiceStatusView), (status = 400, body = ApiError),
        (status = 404, body = ApiError), (status = 409, body = ApiError),
        (status = 413, body = ApiError)))]
pub async fn put_service_status(
    State(st): State<AppState>,
    Path(p): Path<ServiceStatusPath>,
    edit: Edit,
    Json(body): Json<ServiceStatusEdit>,
) -> Result<Shown<ServiceStatusView>, ApiError> {
    let view = service_status::put(
        &st.db,
        p.tenant_id,
        &p.workload,
        body.version,
        &body.status,
        &edit,
        &st.taxonomy,
    )
    .await?;
    Ok(edit.show(view))
}
