//! Referrals: the report with the partners' decisions, and saving a decision.

use crate::error::ApiError;
use crate::extract::{Json, Path, Shown, SignedIn};
use crate::state::AppState;
use crate::store::{referrals, Edit};
use axum::extract::State;
use serde::Deserialize;
use shared::edits::views::{DecisionEdit, ReferralView};
use shared::ReferralId;
use time::OffsetDateTime;
use utoipa::IntoParams;

/// `/api/referrals/{referral_id}/…`
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ReferralPath {
    /// Referral (RFA) ID
    #[param(value_type = String)]
    pub referral_id: ReferralId,
}

/// Every referral with the partner's decision and its state now (pending with seconds left,
/// accepted, declined, expired): the Referrals report.
#[utoipa::path(get, path = "/api/referrals", tag = "edits",
    responses((status = 200, body = Vec<ReferralView>)))]
pub async fn list_referrals(
    State(st): State<AppState>,
    user: SignedIn,
) -> Result<Shown<Vec<ReferralView>>, ApiError> {
    let now = OffsetDateTime::now_utc();
    let cfg = &st.referral_config;
    Ok(user.show(referrals::list(&st.db, now, cfg, &user.0.scope).await?))
}

/// Saves a referral decision (acceptance, decline reason, status, value-added services,
/// estimated value) based on `version`; appends a note saying what changed. Declining needs
/// `decline_reason`; an expired referral is read-only (409). A Report viewer may not set
/// `services_estimated_value` (403 naming it); its save keeps the stored value.
#[utoipa::path(put, path = "/api/referrals/{referral_id}/decision", tag = "edits",
    params(ReferralPath),
    request_body = DecisionEdit,
    responses((status = 200, body = ReferralView), (status = 400, body = ApiError),
        (status = 403, body = ApiError), (status = 404, body = ApiError),
        (status = 409, body = ApiError), (status = 413, body = ApiError)))]
pub async fn put_decision(
    State(st): State<AppState>,
    Path(p): Path<ReferralPath>,
    edit: Edit,
    Json(body): Json<DecisionEdit>,
) -> Result<Shown<ReferralView>, ApiError> {
    let view = referrals::put_decision(
        &st.db,
        &p.referral_id,
        body.version,
        &body.decision,
        &edit,
        &st.referral_config,
    )
    .await?;
    Ok(edit.show(view))
}
