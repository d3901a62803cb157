//! The routes for what partners write (spec §3): tenant detail, notes, referral decisions,
//! contacts, service status and the change log. Every write is validated with the shared
//! validators, version-checked (stale → 409) and committed with its change-log row.

use crate::api::{ApiError, AppState};
use crate::edits_store::{self, EditError};
use axum::extract::{FromRequest, FromRequestParts, Path, RawQuery, Request, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::Json;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use shared::edits::contacts::{Contact, ContactDraft};
use shared::edits::notes::{Note, NoteDraft};
use shared::edits::views::{
    ChangeLogEntry, ContactEdit, DecisionEdit, ReferralView, ServiceStatusEdit, ServiceStatusView,
    TenantDetail,
};
use shared::{ReferralId, TenantId};
use time::OffsetDateTime;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Who made an edit, for notes and the change log. Sign-in is not this product's job yet;
/// the portal in front of it passes the user's name.
pub const USER_HEADER: &str = "x-insights-user";
const DEFAULT_USER: &str = "partner";

pub struct Who(pub String);

impl<S: Send + Sync> FromRequestParts<S> for Who {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let name = match parts.headers.get(USER_HEADER) {
            None => DEFAULT_USER.to_string(),
            Some(v) => v
                .to_str()
                .map_err(|_| ApiError::new(StatusCode::BAD_REQUEST, "X-Insights-User is not text"))?
                .trim()
                .to_string(),
        };
        if name.chars().count() > 200 {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "X-Insights-User is longer than 200 characters",
            ));
        }
        Ok(Who(if name.is_empty() {
            DEFAULT_USER.to_string()
        } else {
            name
        }))
    }
}

/// A JSON body whose rejections are JSON errors too (400 malformed, 413 too large, 415).
pub struct Body<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Body<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(v)) => Ok(Body(v)),
            Err(r) => Err(ApiError::new(r.status(), r.body_text())),
        }
    }
}

impl From<EditError> for ApiError {
    fn from(e: EditError) -> Self {
        match e {
            EditError::NotFound(m) => ApiError::new(StatusCode::NOT_FOUND, m),
            EditError::Conflict(m) => ApiError::new(StatusCode::CONFLICT, m),
            EditError::Invalid(errors) => ApiError::invalid(errors),
            EditError::Db(e) => e.into(),
        }
    }
}

fn tenant_id(s: &str) -> Result<TenantId, ApiError> {
    TenantId::parse(s).map_err(|_| ApiError::new(StatusCode::NOT_FOUND, format!("no tenant {s}")))
}

fn contact_id(s: &str) -> Result<i64, ApiError> {
    s.parse()
        .map_err(|_| ApiError::new(StatusCode::NOT_FOUND, format!("no contact {s}")))
}

fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

#[derive(Deserialize, IntoParams)]
#[allow(dead_code)]
struct DeleteParams {
    /// The contact's version as last read.
    version: i64,
}

/// Everything the tenant detail shows: tenant, workloads (ours and unclaimed), referrals with
/// decision and state, the last four notes, contacts, service status per workload with lint
/// warnings, and the L1/L2/L3 taxonomy.
#[utoipa::path(get, path = "/api/tenants/{tenant_id}", tag = "edits",
    params(("tenant_id" = String, Path, description = "Tenant ID (GUID)")),
    responses((status = 200, body = TenantDetail), (status = 404, body = ApiError)))]
async fn get_tenant(
    State(st): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<TenantDetail>, ApiError> {
    let id = tenant_id(&id)?;
    Ok(Json(
        edits_store::tenant_detail(&st.db, id, now(), &st.referral_config, &st.taxonomy).await?,
    ))
}

/// Every note of a tenant ("view all history"), newest first.
#[utoipa::path(get, path = "/api/tenants/{tenant_id}/notes", tag = "edits",
    params(("tenant_id" = String, Path, description = "Tenant ID (GUID)")),
    responses((status = 200, body = Vec<Note>), (status = 404, body = ApiError)))]
async fn list_notes(
    State(st): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Vec<Note>>, ApiError> {
    Ok(Json(
        edits_store::tenant_notes(&st.db, tenant_id(&id)?).await?,
    ))
}

/// Adds a status note.
#[utoipa::path(post, path = "/api/tenants/{tenant_id}/notes", tag = "edits",
    params(("tenant_id" = String, Path, description = "Tenant ID (GUID)"),
        ("X-Insights-User" = Option<String>, Header, description = "Who writes (default `partner`)")),
    request_body = NoteDraft,
    responses((status = 201, body = Note), (status = 400, body = ApiError),
        (status = 404, body = ApiError), (status = 413, body = ApiError)))]
async fn post_note(
    State(st): State<AppState>,
    Path(id): Path<String>,
    who: Who,
    Body(draft): Body<NoteDraft>,
) -> Result<(StatusCode, Json<Note>), ApiError> {
    let id = tenant_id(&id)?;
    let note = edits_store::add_note(&st.db, id, &draft, &who.0, now()).await?;
    Ok((StatusCode::CREATED, Json(note)))
}

/// The tenant's change log (who, when, entity, before → after JSON), newest first.
#[utoipa::path(get, path = "/api/tenants/{tenant_id}/changes", tag = "edits",
    params(("tenant_id" = String, Path, description = "Tenant ID (GUID)")),
    responses((status = 200, body = Vec<ChangeLogEntry>), (status = 404, body = ApiError)))]
async fn list_changes(
    State(st): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Vec<ChangeLogEntry>>, ApiError> {
    Ok(Json(
        edits_store::change_log(&st.db, tenant_id(&id)?).await?,
    ))
}

/// Every referral with the partner's decision and its state now (pending with seconds left,
/// accepted, declined, expired): the Referrals report.
#[utoipa::path(get, path = "/api/referrals", tag = "edits",
    responses((status = 200, body = Vec<ReferralView>)))]
async fn list_referrals(State(st): State<AppState>) -> Result<Json<Vec<ReferralView>>, ApiError> {
    Ok(Json(
        edits_store::referrals(&st.db, now(), &st.referral_config).await?,
    ))
}

/// Saves a referral decision (acceptance, decline reason, status, value-added services,
/// estimated value) based on `version`; appends a note saying what changed. Declining needs
/// `decline_reason`; an expired referral is read-only (409).
#[utoipa::path(put, path = "/api/referrals/{referral_id}/decision", tag = "edits",
    params(("referral_id" = String, Path, description = "Referral (RFA) ID"),
        ("X-Insights-User" = Option<String>, Header, description = "Who edits (default `partner`)")),
    request_body = DecisionEdit,
    responses((status = 200, body = ReferralView), (status = 400, body = ApiError),
        (status = 404, body = ApiError), (status = 409, body = ApiError),
        (status = 413, body = ApiError)))]
async fn put_decision(
    State(st): State<AppState>,
    Path(id): Path<String>,
    who: Who,
    Body(edit): Body<DecisionEdit>,
) -> Result<Json<ReferralView>, ApiError> {
    Ok(Json(
        edits_store::put_decision(
            &st.db,
            &ReferralId(id),
            edit.version,
            &edit.decision,
            &who.0,
            now(),
            &st.referral_config,
        )
        .await?,
    ))
}

/// Adds a contact (version 1).
#[utoipa::path(post, path = "/api/tenants/{tenant_id}/contacts", tag = "edits",
    params(("tenant_id" = String, Path, description = "Tenant ID (GUID)"),
        ("X-Insights-User" = Option<String>, Header, description = "Who edits (default `partner`)")),
    request_body = ContactDraft,
    responses((status = 201, body = Contact), (status = 400, body = ApiError),
        (status = 404, body = ApiError), (status = 413, body = ApiError)))]
async fn post_contact(
    State(st): State<AppState>,
    Path(id): Path<String>,
    who: Who,
    Body(draft): Body<ContactDraft>,
) -> Result<(StatusCode, Json<Contact>), ApiError> {
    let id = tenant_id(&id)?;
    let c = edits_store::add_contact(&st.db, id, &draft, &who.0, now()).await?;
    Ok((StatusCode::CREATED, Json(c)))
}

/// Edits a contact based on `version`.
#[utoipa::path(put, path = "/api/tenants/{tenant_id}/contacts/{contact_id}", tag = "edits",
    params(("tenant_id" = String, Path, description = "Tenant ID (GUID)"),
        ("contact_id" = i64, Path, description = "Contact id"),
        ("X-Insights-User" = Option<String>, Header, description = "Who edits (default `partner`)")),
    request_body = ContactEdit,
    responses((status = 200, body = Contact), (status = 400, body = ApiError),
        (status = 404, body = ApiError), (status = 409, body = ApiError),
        (status = 413, body = ApiError)))]
async fn put_contact(
    State(st): State<AppState>,
    Path((tid, cid)): Path<(String, String)>,
    who: Who,
    Body(edit): Body<ContactEdit>,
) -> Result<Json<Contact>, ApiError> {
    let (tid, cid) = (tenant_id(&tid)?, contact_id(&cid)?);
    Ok(Json(
        edits_store::edit_contact(&st.db, tid, cid, edit.version, &edit.contact, &who.0, now())
            .await?,
    ))
}

/// Deletes a contact based on `?version=`; refused (400, field `survey_eligible`) when it is
/// the tenant's last survey-eligible customer contact.
#[utoipa::path(delete, path = "/api/tenants/{tenant_id}/contacts/{contact_id}", tag = "edits",
    params(("tenant_id" = String, Path, description = "Tenant ID (GUID)"),
        ("contact_id" = i64, Path, description = "Contact id"),
        DeleteParams,
        ("X-Insights-User" = Option<String>, Header, description = "Who edits (default `partner`)")),
    responses((status = 204), (status = 400, body = ApiError),
        (status = 404, body = ApiError), (status = 409, body = ApiError)))]
async fn delete_contact(
    State(st): State<AppState>,
    Path((tid, cid)): Path<(String, String)>,
    RawQuery(query): RawQuery,
    who: Who,
) -> Result<StatusCode, ApiError> {
    let (tid, cid) = (tenant_id(&tid)?, contact_id(&cid)?);
    let version = query
        .as_deref()
        .unwrap_or("")
        .split('&')
        .find_map(|kv| kv.strip_prefix("version="))
        .and_then(|v| v.parse::<i64>().ok())
        .ok_or_else(|| {
            ApiError::invalid(shared::edits::FieldErrors(vec![
                shared::edits::FieldError::new(
                    "version",
                    "?version= (the contact's version) is required",
                ),
            ]))
        })?;
    edits_store::delete_contact(&st.db, tid, cid, version, &who.0, now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Saves the service status of one workload (entitlement splits across L1/L2/L3 and the
/// service intent note) based on `version`. The splits must add up to the workload's total
/// entitlements. Lint warnings on the note come back in the answer and never block.
#[utoipa::path(put, path = "/api/tenants/{tenant_id}/service-status/{workload}", tag = "edits",
    params(("tenant_id" = String, Path, description = "Tenant ID (GUID)"),
        ("workload" = String, Path, description = "Workload name (URL-encoded)"),
        ("X-Insights-User" = Option<String>, Header, description = "Who edits (default `partner`)")),
    request_body = ServiceStatusEdit,
    responses((status = 200, body = ServiceStatusView), (status = 400, body = ApiError),
        (status = 404, body = ApiError), (status = 409, body = ApiError),
        (status = 413, body = ApiError)))]
async fn put_service_status(
    State(st): State<AppState>,
    Path((tid, workload)): Path<(String, String)>,
    who: Who,
    Body(edit): Body<ServiceStatusEdit>,
) -> Result<Json<ServiceStatusView>, ApiError> {
    let tid = tenant_id(&tid)?;
    Ok(Json(
        edits_store::put_service_status(
            &st.db,
            tid,
            &workload,
            edit.version,
            &edit.status,
            &who.0,
            now(),
            &st.taxonomy,
        )
        .await?,
    ))
}

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_tenant))
        .routes(routes!(list_notes, post_note))
        .routes(routes!(list_changes))
        .routes(routes!(list_referrals))
        .routes(routes!(put_decision))
        .routes(routes!(post_contact))
        .routes(routes!(put_contact, delete_contact))
        .routes(routes!(put_service_status))
}
