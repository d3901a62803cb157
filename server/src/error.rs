//! `ApiError`, the answer of every failed request, and every conversion into it: a handler
//! returns `Result<_, ApiError>` and uses `?` on store results and extractor rejections alike,
//! so each status is decided here, once.
//!
//! The body is the data contract's JSON error: `{"error": "…", "field": "…", "errors": […]}`
//! (`field` and `errors` only when a field is to blame).

use crate::store::{DbError, StoreError};
use axum::extract::path::ErrorKind;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::http::header::{RETRY_AFTER, WWW_AUTHENTICATE};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use shared::access::Refusal;
use shared::edits::{FieldError, FieldErrors};
use utoipa::ToSchema;

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
    /// Headers the status calls for: `WWW-Authenticate` with a 401, `Retry-After` with a
    /// 429 or 503.
    #[serde(skip)]
    headers: Vec<(HeaderName, HeaderValue)>,
}

impl ApiError {
    pub fn new(status: StatusCode, error: impl Into<String>) -> Self {
        ApiError {
            error: error.into(),
            field: None,
            errors: Vec::new(),
            status: status.as_u16(),
            headers: Vec::new(),
        }
    }

    /// 401 with the RFC 6750 challenge: `Bearer realm="partner-insights"`, plus
    /// `error="invalid_token"` when a token was sent and refused.
    pub fn unauthorized(error: impl Into<String>, token_sent: bool) -> Self {
        let error = error.into();
        let mut challenge = r#"Bearer realm="partner-insights""#.to_string();
        if token_sent {
            // The description is ours (no token text in it); quotes would end the parameter.
            let description = error.replace(['"', '\\'], "'");
            challenge.push_str(&format!(
                r#", error="invalid_token", error_description="{description}""#
            ));
        }
        let mut e = ApiError::new(StatusCode::UNAUTHORIZED, error);
        // Always a challenge: without the description if it is no valid header text.
        let v = HeaderValue::from_str(&challenge)
            .unwrap_or_else(|_| HeaderValue::from_static(r#"Bearer realm="partner-insights""#));
        e.headers.push((WWW_AUTHENTICATE, v));
        e
    }

    /// 429 (or 503) with `Retry-After` in seconds.
    pub fn retry_after(status: StatusCode, error: impl Into<String>, seconds: u64) -> Self {
        let mut e = ApiError::new(status, error);
        e.headers.push((RETRY_AFTER, HeaderValue::from(seconds)));
        e
    }

    pub fn not_found(error: impl Into<String>) -> Self {
        ApiError::new(StatusCode::NOT_FOUND, error)
    }

    pub fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
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
            headers: Vec::new(),
        }
    }

    /// 400 naming one field.
    pub fn invalid_field(field: &str, message: impl Into<String>) -> Self {
        ApiError::invalid(FieldErrors(vec![FieldError::new(field, message)]))
    }

    /// A failure that is ours, not the caller's: logged in full, answered without details.
    fn internal(cause: &dyn std::fmt::Display, what: &str) -> Self {
        tracing::error!(error = %cause, "{what}");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("{what}; see the server log"),
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(mut self) -> Response {
        let headers = std::mem::take(&mut self.headers);
        let mut res = (self.status(), Json(self)).into_response();
        res.headers_mut().extend(headers);
        res
    }
}

/// A write the role may not make: 403, naming the field when one is to blame.
impl From<Refusal> for ApiError {
    fn from(r: Refusal) -> Self {
        let mut e = ApiError::new(StatusCode::FORBIDDEN, r.to_string());
        e.field = r.field().map(str::to_string);
        e
    }
}

impl From<DbError> for ApiError {
    fn from(e: DbError) -> Self {
        if let Some(why) = e.unavailable() {
            tracing::warn!(error = %e, "the data store is unavailable");
            return ApiError::retry_after(
                StatusCode::SERVICE_UNAVAILABLE,
                format!("{why}; try again shortly"),
                5,
            );
        }
        ApiError::internal(&e, "the data store failed")
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(m) => ApiError::not_found(m),
            StoreError::Conflict(m) => ApiError::new(StatusCode::CONFLICT, m),
            StoreError::Invalid(errors) => ApiError::invalid(errors),
            StoreError::Forbidden(r) => r.into(),
            StoreError::Db(e) => e.into(),
        }
    }
}

/// A body that cannot be read: over the limit (413), or cut short.
impl From<BytesRejection> for ApiError {
    fn from(r: BytesRejection) -> Self {
        match r.status() {
            StatusCode::PAYLOAD_TOO_LARGE => ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!(
                    "the body is larger than {} KiB",
                    crate::router::MAX_BODY_BYTES / 1024
                ),
            ),
            _ => ApiError::new(
                StatusCode::BAD_REQUEST,
                format!("the body could not be read: {}", r.body_text()),
            ),
        }
    }
}

impl ApiError {
    /// 400: the body is not JSON at all (serde_json's message says where).
    pub fn not_json(e: serde_json::Error) -> Self {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            format!("the body is not valid JSON: {e}"),
        )
    }
}

/// A JSON body that does not fit the route's type: 400 naming the field by its path
/// (`splits[0].l2`; a missing one by the path it is missing at).
impl From<serde_path_to_error::Error<serde_json::Error>> for ApiError {
    fn from(e: serde_path_to_error::Error<serde_json::Error>) -> Self {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if !inner.is_data() {
            return ApiError::not_json(inner);
        }
        // The field is named; where in the text it was is noise.
        let full = inner.to_string();
        let located = format!(" at line {} column {}", inner.line(), inner.column());
        let message = full.strip_suffix(&located).unwrap_or(&full).to_string();
        let missing = message
            .strip_prefix("missing field `")
            .and_then(|m| m.strip_suffix('`'));
        let field = match (path.as_str(), missing) {
            (".", Some(m)) => m.to_string(),
            (p, Some(m)) => format!("{p}.{m}"),
            (".", None) => String::new(),
            (p, None) => p.to_string(),
        };
        if field.is_empty() {
            return ApiError::new(StatusCode::BAD_REQUEST, format!("the body: {message}"));
        }
        ApiError::invalid_field(&field, format!("{field}: {message}"))
    }
}

const ROUTE_BUG: &str = "the route and its path parameters disagree";

/// A path parameter that does not parse (a tenant ID that is no GUID, a contact id that is no
/// number): 400 naming the parameter.
impl From<PathRejection> for ApiError {
    fn from(r: PathRejection) -> Self {
        let PathRejection::FailedToDeserializePathParams(e) = r else {
            // The route and its path type disagree: a bug of ours.
            return ApiError::internal(&r, ROUTE_BUG);
        };
        match e.kind() {
            ErrorKind::ParseErrorAtKey {
                key,
                value,
                expected_type,
            } => ApiError::invalid_field(
                key,
                format!("`{value}` is not a valid {key} (expected {expected_type})"),
            ),
            ErrorKind::DeserializeError {
                key,
                value,
                message,
            } => ApiError::invalid_field(key, format!("`{value}` is not a valid {key}: {message}")),
            ErrorKind::InvalidUtf8InPathParam { key } => {
                ApiError::invalid_field(key, format!("{key} is not valid UTF-8"))
            }
            ErrorKind::WrongNumberOfParameters { .. } | ErrorKind::UnsupportedType { .. } => {
                ApiError::internal(&e, ROUTE_BUG)
            }
            _ => ApiError::new(StatusCode::BAD_REQUEST, e.body_text()),
        }
    }
}

/// A query string that does not fit the route's parameters: 400 naming the parameter.
impl From<serde_path_to_error::Error<serde_urlencoded::de::Error>> for ApiError {
    fn from(e: serde_path_to_error::Error<serde_urlencoded::de::Error>) -> Self {
        let message = e.inner().to_string();
        let path = e.path().to_string();
        // A missing parameter fails at the top level: serde names it in its message,
        // "missing field `version`".
        let field = if path == "." {
            message
                .strip_prefix("missing field `")
                .and_then(|m| m.strip_suffix('`'))
                .unwrap_or_default()
                .to_string()
        } else {
            path
        };
        if field.is_empty() {
            return ApiError::new(StatusCode::BAD_REQUEST, format!("query string: {message}"));
        }
        let error = if message.starts_with("missing field") {
            format!("?{field}= is required")
        } else {
            format!("?{field}=: {message}")
        };
        ApiError::invalid_field(&field, error)
    }
}
