//! Every API route, in one list. Each handler is declared with `utoipa::path`, and the OpenAPI
//! document at `/api/openapi.json` is built from this same list, so it cannot fall out of
//! date.

use crate::error::ApiError;
use crate::routes::{contacts, meta, notes, referrals, service_status, snapshot, tenants};
use crate::state::AppState;
use axum::extract::DefaultBodyLimit;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The largest request body the API reads; edits are small forms, so anything bigger is a
/// mistake or abuse, answered 413.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

#[derive(OpenApi)]
#[openapi(info(
    title = "Partner Insights API",
    description = "Customer-growth reports for Microsoft cloud partners."
))]
struct ApiDoc;

/// The API routes and their OpenAPI document.
pub fn router(state: AppState) -> axum::Router {
    let (router, mut doc) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(meta::health))
        .routes(routes!(snapshot::snapshot))
        .routes(routes!(tenants::get_tenant))
        .routes(routes!(tenants::list_changes))
        .routes(routes!(notes::list_notes, notes::post_note))
        .routes(routes!(referrals::list_referrals))
        .routes(routes!(referrals::put_decision))
        .routes(routes!(contacts::post_contact))
        .routes(routes!(contacts::put_contact, contacts::delete_contact))
        .routes(routes!(service_status::put_service_status))
        .split_for_parts();
    doc.info.version = env!("CARGO_PKG_VERSION").to_string();
    router
        .route("/api/openapi.json", meta::openapi(&doc))
        .fallback(|| async { ApiError::not_found("no such API route") })
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state)
}
