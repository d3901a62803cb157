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
    let mut value = serde_json::to_value(doc).expect("the OpenAPI document serializes");
    link_fields_in_camel_case(&mut value);
    let json = serde_json::to_string_pretty(&value).expect("the OpenAPI document serializes");
    get(move || async move { ([(CONTENT_TYPE, "application/json")], json) })
}

/// utoipa 5.5 writes a Link Object's fields as in Rust (`operation_id`), where OpenAPI says
/// `operationId`, `operationRef`, `requestBody`: a client would not find the linked operation.
fn link_fields_in_camel_case(doc: &mut serde_json::Value) {
    let Some(paths) = doc.get_mut("paths").and_then(|p| p.as_object_mut()) else {
        return;
    };
    let responses = paths
        .values_mut()
        .filter_map(|item| item.as_object_mut())
        .flat_map(|item| item.values_mut())
        .filter_map(|op| op.get_mut("responses")?.as_object_mut())
        .flat_map(|r| r.values_mut());
    for response in responses {
        let Some(links) = response.get_mut("links").and_then(|l| l.as_object_mut()) else {
            continue;
        };
        for link in links.values_mut().filter_map(|l| l.as_object_mut()) {
            for (from, to) in [
                ("operation_id", "operationId"),
                ("operation_ref", "operationRef"),
                ("request_body", "requestBody"),
            ] {
                if let Some(v) = link.remove(from) {
                    link.insert(to.into(), v);
                }
            }
        }
    }
}
