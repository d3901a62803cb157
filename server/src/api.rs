//! The JSON API. Every route is declared with `utoipa::path`, and the OpenAPI document at
//! `/api/openapi.json` is generated from these declarations, so it cannot fall out of date.

use crate::db::{Db, DbError};
use crate::snapshot_store;
use axum::extract::DefaultBodyLimit;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use shared::config::ReferralConfig;
use shared::edits::taxonomy::Taxonomy;
use shared::edits::{FieldError, FieldErrors};
use shared::Snapshot;
use std::sync::Arc;
use utoipa::{OpenApi, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub referral_config: ReferralConfig,
    pub taxonomy: Arc<Taxonomy>,
}

impl AppState {
    /// The store with the spec's default referral expiry and the shipped service taxonomy.
    pub fn new(db: Db) -> Self {
        AppState {
            db,
            referral_config: ReferralConfig::default(),
            taxonomy: Arc::new(Taxonomy::default_table()),
        }
    }
}

/// The largest request body the API reads; edits are small forms, so anything bigger is a
/// mistake or abuse, answered 413.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// The error body of every failed request.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiError {
    pub error: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Every refused field of a 400, when there are several (the first is `field`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    #[serde(skip)]
    status: u16,
}

impl ApiError {
    pub fn new(status: StatusCode, error: impl Into<String>) -> Self {
        ApiError {
            error: error.into(),
            field: None,
            errors: Vec::new(),
            status: status.as_u16(),
        }
    }

    /// 400 naming the first refused field.
    pub fn invalid(errors: FieldErrors) -> Self {
        let first = errors
            .first()
            .cloned()
            .unwrap_or_else(|| FieldError::new("", "invalid input"));
        ApiError {
            error: first.message,
            field: Some(first.field).filter(|f| !f.is_empty()),
            errors: errors.0,
            status: StatusCode::BAD_REQUEST.as_u16(),
        }
    }
}

impl From<DbError> for ApiError {
    fn from(e: DbError) -> Self {
        tracing::error!(error = %e, "database error");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the data store failed; see the server log",
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, Json(self)).into_response()
    }
}

#[derive(Serialize, ToSchema)]
pub struct Health {
    pub status: &'static str,
    pub tenants: i64,
}

/// Liveness, and how many tenants are loaded.
#[utoipa::path(get, path = "/api/health", tag = "meta",
    responses((status = 200, body = Health), (status = 500, body = ApiError)))]
async fn health(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    let tenants = snapshot_store::tenant_count(&state.db).await?;
    Ok(Json(Health {
        status: "ok",
        tenants,
    }))
}

/// The partner's whole report data set (tenants, workload usage rows, tipping points, cloud
/// endpoints, referrals). The app loads it once and filters, sorts and recomputes locally.
#[utoipa::path(get, path = "/api/snapshot", tag = "reports",
    responses((status = 200, body = Snapshot), (status = 500, body = ApiError)))]
async fn snapshot(State(state): State<AppState>) -> Result<Json<Snapshot>, ApiError> {
    Ok(Json(snapshot_store::load(&state.db).await?))
}

#[derive(OpenApi)]
#[openapi(info(
    title = "Partner Insights API",
    description = "Customer-growth reports for Microsoft cloud partners."
))]
struct ApiDoc;

/// The API routes and their OpenAPI document.
pub fn router(state: AppState) -> axum::Router {
    let (router, mut doc) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(health))
        .routes(routes!(snapshot))
        .merge(crate::edits_api::routes())
        .with_state(state)
        .split_for_parts();
    doc.info.version = env!("CARGO_PKG_VERSION").to_string();
    let doc_json = doc
        .to_pretty_json()
        .expect("the OpenAPI document serializes");
    router
        .route(
            "/api/openapi.json",
            axum::routing::get(move || {
                let body = doc_json.clone();
                async move {
                    (
                        [(axum::http::header::CONTENT_TYPE, "application/json")],
                        body,
                    )
                }
            }),
        )
        .fallback(|| async { ApiError::new(StatusCode::NOT_FOUND, "no such API route") })
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
}
