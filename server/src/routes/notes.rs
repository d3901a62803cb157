//! A tenant's notes: all of them, and adding a status note.

use super::TenantPath;
use crate::error::ApiError;
use crate::extract::{Json, Path, Shown, SignedIn};
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
    user: SignedIn,
    Path(p): Path<TenantPath>,
) -> Result<Shown<Vec<Note>>, ApiError> {
    Ok(user.show(notes::list(&st.db, p.tenant_id, &user.0.scope).await?))
}

/// Adds a status note. A Report viewer may not set `next_action_owner` (403).
#[utoipa::path(post, path = "/api/tenants/{tenant_id}/notes", tag = "edits",
    params(TenantPath),
    request_body = NoteDraft,
    responses((status = 201, body = Note), (status = 400, body = ApiError),
        (status = 403, body = ApiError), (status = 404, body = ApiError),
        (status = 413, body = ApiError)))]
pub async fn post_note(
    State(st): State<AppState>,
    Path(p): Path<TenantPath>,
    edit: Edit,
    Json(draft): Json<NoteDraft>,
) -> Result<(StatusCode, Shown<Note>), ApiError> {
    let note = notes::add(&st.db, p.tenant_id, &draft, &edit).await?;
    Ok((StatusCode::CREATED, edit.show(note)))
}
