//! A tenant's notes: all of them, and adding a status note.

use super::TenantPath;
use crate::error::ApiError;
use crate::extract::{Json, Path};
use crate::state::AppState;
use crate::store::{notes, Edit};
use axum::extract::State;
use axum::http::StatusCode;
use shared::edits::notes::{Note, NoteDraft};

/// Every note of a tenant ("view all history"), newest first.
#[utoipa::path(get, path = "/api/tenants/{tenant_id}/notes", tag = "edits",
    params(TenantPath),
    responses((status = 200, body = Vec<Note>), (status = 404, body = ApiError)))]
pub async fn list_notes(
    State(st): State<AppState>,
    Path(p): Path<TenantPath>,
) -> Result<Json<Vec<Note>>, ApiError> {
    Ok(Json(notes::list(&st.db, p.tenant_id).await?))
}

/// Adds a status note.
#[utoipa::path(post, path = "/api/tenants/{tenant_id}/notes", tag = "edits",
    params(TenantPath, Edit),
    request_body = NoteDraft,
    responses((status = 201, body = Note), (status = 400, body = ApiError),
        (status = 404, body = ApiError), (status = 413, body = ApiError)))]
pub async fn post_note(
    State(st): State<AppState>,
    Path(p): Path<TenantPath>,
    edit: Edit,
    Json(draft): Json<NoteDraft>,
) -> Result<(StatusCode, Json<Note>), ApiError> {
    let note = notes::add(&st.db, p.tenant_id, &draft, &edit).await?;
    Ok((StatusCode::CREATED, Json(note)))
}
