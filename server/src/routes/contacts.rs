//! A tenant's contacts: add, edit and delete, each based on the version last read.

use super::TenantPath;
use crate::error::ApiError;
use crate::extract::{Json, Path, Query, Shown};
use crate::state::AppState;
use crate::store::{contacts, Edit};
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use shared::edits::contacts::{Contact, ContactDraft};
use shared::edits::views::ContactEdit;
use shared::TenantId;
use utoipa::IntoParams;

/// `/api/tenants/{tenant_id}/contacts/{contact_id}`. An id that is not a number: 400 naming
/// it.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ContactPath {
    /// Tenant ID (GUID)
    #[param(value_type = String, format = Uuid)]
    pub tenant_id: TenantId,
    /// Contact id
    pub contact_id: i64,
}

/// `DELETE …?version=`: a delete carries no body, so its version is in the query.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeleteParams {
    /// The contact's version as last read.
    pub version: i64,
}

/// Adds a contact (version 1). Contacts are read-only to a Report viewer (403).
#[utoipa::path(post, path = "/api/tenants/{tenant_id}/contacts", tag = "edits",
    params(TenantPath),
    request_body = ContactDraft,
    responses((status = 201, body = Contact), (status = 400, body = ApiError),
        (status = 403, body = ApiError), (status = 404, body = ApiError),
        (status = 413, body = ApiError)))]
pub async fn post_contact(
    State(st): State<AppState>,
    Path(p): Path<TenantPath>,
    edit: Edit,
    Json(draft): Json<ContactDraft>,
) -> Result<(StatusCode, Shown<Contact>), ApiError> {
    let c = contacts::add(&st.db, p.tenant_id, &draft, &edit).await?;
    Ok((StatusCode::CREATED, edit.show(c)))
}

/// Edits a contact based on `version`.
#[utoipa::path(put, path = "/api/tenants/{tenant_id}/contacts/{contact_id}", tag = "edits",
    params(ContactPath),
    request_body = ContactEdit,
    responses((status = 200, body = Contact), (status = 400, body = ApiError),
        (status = 403, body = ApiError), (status = 404, body = ApiError),
        (status = 409, body = ApiError), (status = 413, body = ApiError)))]
pub async fn put_contact(
    State(st): State<AppState>,
    Path(p): Path<ContactPath>,
    edit: Edit,
    Json(body): Json<ContactEdit>,
) -> Result<Shown<Contact>, ApiError> {
    let c = contacts::update(
        &st.db,
        p.tenant_id,
        p.contact_id,
        body.version,
        &body.contact,
        &edit,
    )
    .await?;
    Ok(edit.show(c))
}

/// Deletes a contact based on `?version=`; refused (400, field `survey_eligible`) when it is
/// the tenant's last survey-eligible customer contact.
#[utoipa::path(delete, path = "/api/tenants/{tenant_id}/contacts/{contact_id}", tag = "edits",
    params(ContactPath, DeleteParams),
    responses((status = 204), (status = 400, body = ApiError),
        (status = 403, body = ApiError), (status = 404, body = ApiError),
        (status = 409, body = ApiError)))]
pub async fn delete_contact(
    State(st): State<AppState>,
    Path(p): Path<ContactPath>,
    Query(q): Query<DeleteParams>,
    edit: Edit,
) -> Result<StatusCode, ApiError> {
    contacts::delete(&st.db, p.tenant_id, p.contact_id, q.version, &edit).await?;
    Ok(StatusCode::NO_CONTENT)
}
