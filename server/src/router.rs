//! Every API route, in two lists: the public ones (health, the OpenAPI document, how to sign
//! in, demo sign-in) and the signed-in ones, which sit behind `auth::require_token` (a valid
//! bearer token, else 401) and the per-user rate limit (429 with `Retry-After`). Each handler
//! is declared with `utoipa::path` (its own statuses: 200, 403, 404, 409 …), and the OpenAPI
//! document at `/api/openapi.json` is built from these same lists, with the statuses every
//! route shares added by `document_statuses`, so it cannot fall out of date.

use crate::auth::require_token;
use crate::error::ApiError;
use crate::routes::{contacts, meta, notes, referrals, service_status, session, snapshot, tenants};
use crate::state::{AppState, Limits};
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use shared::access::Principal;
use std::time::Duration;
use tower_governor::governor::GovernorConfigBuilder;
use tower_governor::key_extractor::KeyExtractor;
use tower_governor::{GovernorError, GovernorLayer};
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::link::LinkBuilder;
use utoipa::openapi::path::ParameterIn;
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{Content, OpenApi as Doc, Ref, RefOr, ResponseBuilder};
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The largest request body the API reads; edits are small forms, so anything bigger is a
/// mistake or abuse, answered 413.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

#[derive(OpenApi)]
#[openapi(info(
    title = "Partner Insights API",
    description = "Customer-growth reports for Microsoft cloud partners. Every route but \
        those marked otherwise needs `Authorization: Bearer <JWT>` from the partner portal \
        (README: Signing in)."
))]
struct ApiDoc;

/// The API routes and their OpenAPI document.
pub fn router(state: AppState) -> axum::Router {
    let signed_in = OpenApiRouter::new()
        .routes(routes!(snapshot::snapshot))
        .routes(routes!(tenants::get_tenant))
        .routes(routes!(tenants::list_changes))
        .routes(routes!(notes::list_notes, notes::post_note))
        .routes(routes!(referrals::list_referrals))
        .routes(routes!(referrals::put_decision))
        .routes(routes!(contacts::post_contact))
        .routes(routes!(contacts::put_contact, contacts::delete_contact))
        .routes(routes!(service_status::put_service_status))
        // Layers run outside in: the token is checked first, then the signed-in user's rate.
        .route_layer(tower::util::option_layer(rate_limit(state.limits)))
        .route_layer(middleware::from_fn_with_state(state.clone(), require_token));
    let (router, mut doc) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(meta::health))
        .routes(routes!(session::config))
        .routes(routes!(session::demo_users))
        .routes(routes!(session::demo_token))
        .merge(signed_in)
        .split_for_parts();
    doc.info.version = env!("CARGO_PKG_VERSION").to_string();
    document_statuses(&mut doc);
    document_links(&mut doc);
    let timeout = state.limits.request_timeout;
    router
        .route("/api/openapi.json", meta::openapi(&doc))
        .fallback(|| async { ApiError::not_found("no such API route") })
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn(move |req, next| {
            time_limit(timeout, req, next)
        }))
        .with_state(state)
}

/// The rate limiter's key: the signed-in user (`sub`), whatever token they hold.
#[derive(Clone)]
struct BySub;

impl KeyExtractor for BySub {
    type Key = String;

    fn extract<T>(&self, req: &Request<T>) -> Result<String, GovernorError> {
        req.extensions()
            .get::<Principal>()
            .map(|p| p.sub.clone())
            .ok_or(GovernorError::UnableToExtractKey)
    }
}

/// `limits.per_second` requests per second per user after a burst of `limits.burst`; `None`
/// when limits are off (`per_second` 0). Over it: 429 with `Retry-After`. One entry per user
/// who signed in, so the limiter's memory is bounded by the organization's users.
fn rate_limit(
    limits: Limits,
) -> Option<GovernorLayer<BySub, governor::middleware::NoOpMiddleware, axum::body::Body>> {
    if limits.per_second == 0 {
        return None;
    }
    let config = GovernorConfigBuilder::default()
        // Above a billion per second the period would round to zero (no limiter at all).
        .period(Duration::from_secs(1) / limits.per_second.min(1_000_000_000))
        .burst_size(limits.burst.max(1))
        .key_extractor(BySub)
        .finish()?;
    Some(GovernorLayer::new(config).error_handler(|e| {
        match e {
            GovernorError::TooManyRequests { wait_time, .. } => ApiError::retry_after(
                StatusCode::TOO_MANY_REQUESTS,
                "too many requests: slow down and try again",
                // Whole seconds, rounded down by the limiter: round up instead.
                wait_time + 1,
            )
            .into_response(),
            other => {
                tracing::error!(error = %other, "rate limiter");
                ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "the rate limiter failed")
                    .into_response()
            }
        }
    }))
}

/// Routes the time limit leaves alone: the snapshot's first answer after an import is built
/// once, in a task of its own, for every reader waiting on it — a minute at two million rows
/// on 2 cores. Answering 503 meanwhile would only send the app back to the same queue.
const UNLIMITED: &[&str] = &["/api/snapshot"];

/// A request still running after `limit` is answered 503 with `Retry-After`, as the
/// contract's JSON error. (tower-http's `TimeoutLayer` does the same with an empty body.)
async fn time_limit(limit: Duration, req: Request, next: Next) -> Response {
    if UNLIMITED.contains(&req.uri().path()) {
        return next.run(req).await;
    }
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(res) => res,
        Err(_) => ApiError::retry_after(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "the request took longer than {} s; try again",
                limit.as_secs()
            ),
            5,
        )
        .into_response(),
    }
}

/// The bearer scheme, required by every route that does not say `security(())`; and every
/// status a route can answer besides those its handler declares, decided by what it reads:
/// all routes 500 and 503 (`time_limit`, a store that is down) with `Retry-After`; a route
/// with a body or parameters 400 (`extract`); with a body 413 (`MAX_BODY_BYTES`); a signed-in
/// route 401 and 429.
fn document_statuses(doc: &mut Doc) {
    let components = doc.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        "bearer",
        SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .bearer_format("JWT")
                .description(Some(
                    "A token from the partner portal: claims sub, name, role (executive | viewer), mpn",
                ))
                .build(),
        ),
    );
    doc.security = Some(vec![SecurityRequirement::new(
        "bearer",
        Vec::<String>::new(),
    )]);
    let error = |what: &str| {
        ResponseBuilder::new()
            .description(what)
            .content(
                "application/json",
                Content::new(Some(Ref::from_schema_name("ApiError"))),
            )
            .build()
    };
    let retry = |what: &str| {
        let seconds = ObjectBuilder::new()
            .schema_type(Type::Integer)
            .minimum(Some(0));
        let mut r = error(what);
        r.headers.insert(
            "Retry-After".into(),
            HeaderBuilder::new()
                .schema(seconds)
                .description(Some("seconds to wait before trying again"))
                .build(),
        );
        r
    };
    for item in doc.paths.paths.values_mut() {
        let ops = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
        ];
        for op in ops.into_iter().flatten() {
            let body = op.request_body.is_some();
            // Headers (Accept, If-None-Match) are read leniently; path and query parameters
            // must parse.
            let params = op
                .parameters
                .iter()
                .flatten()
                .any(|p| matches!(p.parameter_in, ParameterIn::Path | ParameterIn::Query));
            let signed_in = op.security.is_none();
            let r = &mut op.responses.responses;
            let mut add = |status: &str, response: utoipa::openapi::Response| {
                r.entry(status.into()).or_insert_with(|| response.into());
            };
            if body || params {
                add(
                    "400",
                    error("Bad input: the field or parameter is named in `field`"),
                );
            }
            if body {
                add("413", error("The body is over 64 KiB"));
            }
            if signed_in {
                add("401", error("No valid bearer token"));
                add("429", retry("Too many requests"));
            }
            add("500", error("A failure of the server; details in its log"));
            add(
                "503",
                retry("The request took too long or the store is unavailable"),
            );
        }
    }
}

/// OpenAPI links: where an answer's values are the next request's parameters (a tenant of the
/// snapshot → its detail, a created contact → its edit and delete). A client (and the contract
/// test's stateful phase) follows them to reach real records rather than random IDs.
/// (answering path, method, status, link, operation, [(parameter, runtime expression)])
type LinkSpec = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);
const LINKS: &[LinkSpec] = &[
    (
        "/api/snapshot",
        "get",
        "200",
        "GetTenant",
        "get_tenant",
        &[("tenant_id", "$response.body#/tenants/0/id")],
    ),
    (
        "/api/snapshot",
        "get",
        "200",
        "ListNotes",
        "list_notes",
        &[("tenant_id", "$response.body#/tenants/0/id")],
    ),
    (
        "/api/snapshot",
        "get",
        "200",
        "ListChanges",
        "list_changes",
        &[("tenant_id", "$response.body#/tenants/0/id")],
    ),
    (
        "/api/snapshot",
        "get",
        "200",
        "PostNote",
        "post_note",
        &[("tenant_id", "$response.body#/tenants/0/id")],
    ),
    (
        "/api/snapshot",
        "get",
        "200",
        "PostContact",
        "post_contact",
        &[("tenant_id", "$response.body#/tenants/0/id")],
    ),
    (
        "/api/referrals",
        "get",
        "200",
        "PutDecision",
        "put_decision",
        &[("referral_id", "$response.body#/0/referral/id")],
    ),
    (
        "/api/tenants/{tenant_id}",
        "get",
        "200",
        "PutServiceStatus",
        "put_service_status",
        &[
            ("tenant_id", "$request.path.tenant_id"),
            ("workload", "$response.body#/workloads/0/workload"),
        ],
    ),
    (
        "/api/tenants/{tenant_id}/contacts",
        "post",
        "201",
        "PutContact",
        "put_contact",
        &[
            ("tenant_id", "$request.path.tenant_id"),
            ("contact_id", "$response.body#/id"),
        ],
    ),
    (
        "/api/tenants/{tenant_id}/contacts",
        "post",
        "201",
        "DeleteContact",
        "delete_contact",
        &[
            ("tenant_id", "$request.path.tenant_id"),
            ("contact_id", "$response.body#/id"),
            ("version", "$response.body#/version"),
        ],
    ),
    (
        "/api/tenants/{tenant_id}/notes",
        "post",
        "201",
        "ListNotes",
        "list_notes",
        &[("tenant_id", "$request.path.tenant_id")],
    ),
];

fn document_links(doc: &mut Doc) {
    for &(path, method, status, name, operation, params) in LINKS {
        let Some(item) = doc.paths.paths.get_mut(path) else {
            continue;
        };
        let op = match method {
            "get" => item.get.as_mut(),
            "post" => item.post.as_mut(),
            _ => None,
        };
        let Some(RefOr::T(response)) = op.and_then(|op| op.responses.responses.get_mut(status))
        else {
            continue;
        };
        let link = params
            .iter()
            .fold(LinkBuilder::new().operation_id(operation), |l, (p, e)| {
                l.parameter(*p, *e)
            })
            .build();
        response.links.insert(name.into(), link.into());
    }
}
