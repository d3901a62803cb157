//! The imported report data, whole.

use crate::error::ApiError;
use crate::extract::Json;
use crate::state::AppState;
use crate::store::snapshot;
use axum::extract::State;
use shared::Snapshot;

/// The partner's whole report data set (tenants, workload usage rows, tipping points, cloud
/// endpoints, referrals). The app loads it once and filters, sorts and recomputes locally.
#[utoipa::path(get, path = "/api/snapshot", tag = "reports",
    responses((status = 200, body = Snapshot), (status = 500, body = ApiError)))]
pub async fn snapshot(State(st): State<AppState>) -> Result<Json<Snapshot>, ApiError> {
    Ok(Json(snapshot::load(&st.db).await?))
}
