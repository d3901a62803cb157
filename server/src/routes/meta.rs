//! About the API itself: liveness and its OpenAPI document.

use crate::error::ApiError;
use crate::extract::Json;
use crate::state::AppState;
use crate::store::snapshot;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::routing::{get, MethodRouter};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct Health {
    pub status: &'static str,
    pub tenants: i64,
}

/// Liveness, and how many tenants are loaded.
#[utoipa::path(get, path = "/api/health", tag = "meta", security(()),
    responses((status = 200, body = Health), (status = 500, body = ApiError)))]
pub async fn health(State(st): State<AppState>) -> Result<Json<Health>, ApiError> {
    let tenants = snapshot::tenant_count(&st.db).await?;
    Ok(Json(Health {
        status: "ok",
        tenants,
    }))
}

/// `GET /api/openapi.json`: `doc`, serialized once.
pub fn openapi(doc: &utoipa::openapi::OpenApi) -> MethodRouter<AppState> {
    let json = doc
        .to_pretty_json()
        .expect("the OpenAPI document serializes");
    get(move || async move { ([(CONTENT_TYPE, "application/json")], json) })
}
