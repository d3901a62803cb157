//! The imported report data, whole, as JSON or in the binary form (`shared::wire`).

use crate::error::ApiError;
use crate::extract::SignedIn;
use crate::snapshot_answer;
use crate::snapshot_cache::{etag, Audience, Encoding, Form};
use crate::state::AppState;
use crate::store::snapshot;
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use shared::Snapshot;

/// Rows over all tables of the answer, so a client can show progress before it has decoded
/// them.
pub const ROWS_HEADER: &str = "x-snapshot-rows";

/// The partner's report data set (tenants, workload usage rows, tipping points, cloud
/// endpoints, referrals) as the signed-in user may see it: the tenants of their scope, without
/// the fields their role may not see. The app loads it once and filters, sorts and
/// recomputes locally.
///
/// `Accept: application/vnd.insights.snapshot` answers the compact binary form the app
/// decodes (columnar, dictionary-encoded; ARCHITECTURE.md), anything else JSON; both hold the
/// same data. Built once per import and audience (role and scope) and then served from
/// memory, compressed (br or gzip, per `Accept-Encoding`) once; revalidate with
/// `If-None-Match` (304 while the import and audience are the same).
#[utoipa::path(get, path = "/api/snapshot", tag = "reports",
    params(
        ("Accept" = Option<String>, Header,
            description = "`application/vnd.insights.snapshot` for the binary form; JSON otherwise"),
        ("If-None-Match" = Option<String>, Header, description = "an ETag of an earlier answer"),
    ),
    responses(
        (status = 200, description = "The snapshot",
            content(
                (Snapshot = "application/json"),
                (Vec<u8> = "application/vnd.insights.snapshot"),
            ),
            headers(
                ("ETag" = String, description = "import, audience, form and layout"),
                ("Cache-Control" = String, description = "`private, no-cache`: revalidate"),
                ("X-Snapshot-Rows" = u64, description = "rows over all tables"),
            )),
        (status = 304, description = "Unchanged since the ETag given in If-None-Match"),
        (status = 500, body = ApiError)))]
pub async fn snapshot(
    State(st): State<AppState>,
    user: SignedIn,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let text = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    let form = Form::negotiate(text(header::ACCEPT));
    let audience = Audience::of(&user.0);
    let import = snapshot::import_id(&st.db.pool).await?;
    let tag = etag(import, &audience, form);
    let res = Response::builder()
        .header(header::ETAG, &tag)
        .header(header::CACHE_CONTROL, "private, no-cache")
        .header(header::VARY, "accept, accept-encoding");
    if text(header::IF_NONE_MATCH).is_some_and(|inm| matches(inm, &tag)) {
        return Ok(res
            .status(StatusCode::NOT_MODIFIED)
            .body(Body::empty())
            .expect("a valid response"));
    }
    let key = (audience.clone(), form);
    let answer = snapshot_answer::build(st.db.clone(), audience, form);
    let built = st
        .snapshots
        .get_or_build(import, key.clone(), answer)
        .await?;
    if form == Form::Binary && st.snapshots.first_request(import, &key) {
        snapshot_answer::asked_for(&st.db, &key.0).await;
    }
    let encoding = Encoding::negotiate(text(header::ACCEPT_ENCODING));
    let rows = built.rows;
    let body = tokio::task::spawn_blocking(move || built.encoded(encoding))
        .await
        .unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()));
    let res = match encoding.header() {
        Some(coding) => res.header(header::CONTENT_ENCODING, coding),
        None => res,
    };
    Ok(res
        .header(header::CONTENT_TYPE, form.media_type())
        .header(ROWS_HEADER, rows)
        .body(Body::from(body))
        .expect("a valid response"))
}

/// Whether `If-None-Match` names `tag` (or is `*`); weak or strong alike (RFC 9110 §13.1.2).
fn matches(if_none_match: &str, tag: &str) -> bool {
    if_none_match
        .split(',')
        .map(str::trim)
        .any(|t| t == "*" || t.strip_prefix("W/").unwrap_or(t) == tag)
}
