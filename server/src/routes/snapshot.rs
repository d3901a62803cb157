//! The imported report data, whole.

use crate::error::ApiError;
use crate::extract::{Shown, SignedIn};
use crate::state::AppState;
use crate::store::snapshot;
use axum::extract::State;
use shared::Snapshot;

/// The partner's report data set (tenants, workload usage rows, tipping points, cloud
/// endpoints, referrals) as the signed-in user may see it: the tenants of their scope, without
/// the fields their role may not see. The app loads it once and filters, sorts and
/// recomputes locally.
#[utoipa::path(get, path = "/api/snapshot", tag = "reports",
    responses((status = 200, body = Snapshot), (status = 500, body = ApiError)))]
pub async fn snapshot(
    State(st): State<AppState>,
    user: SignedIn,
) -> Result<Shown<Snapshot>, ApiError> {
    Ok(user.show(snapshot::load(&st.db, &user.0.scope).await?))
}
