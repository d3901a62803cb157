//! What handlers take from a request, typed, with every rejection answered as the JSON
//! [`ApiError`] (its status decided in `error.rs`): the JSON body, the path and query
//! parameters, and who edits.

use crate::error::ApiError;
use crate::store::Edit;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;
use time::OffsetDateTime;
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::{Required, Type};
use utoipa::IntoParams;

/// A JSON body, read or answered. Refused bodies are JSON errors too (400 malformed, 413 too
/// large, 415 not JSON).
pub struct Json<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Json<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let axum::Json(v) = axum::Json::<T>::from_request(req, state).await?;
        Ok(Json(v))
    }
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// The path parameters, as one of the `…Path` types of `routes`.
pub struct Path<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for Path<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let axum::extract::Path(v) =
            axum::extract::Path::<T>::from_request_parts(parts, state).await?;
        Ok(Path(v))
    }
}

/// The query string's parameters; a missing or malformed one is a 400 naming it.
pub struct Query<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Query<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let query = parts.uri.query().unwrap_or_default();
        // Deserialized here rather than through axum's `Query`, whose rejection keeps the
        // failing parameter's name only as text.
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        Ok(Query(serde_path_to_error::deserialize(de)?))
    }
}

/// Who edits. Sign-in is not this product's job yet: the portal in front of it passes the
/// user's name in this header. This extractor is the one place that reads it.
pub const USER_HEADER: &str = "x-insights-user";
const DEFAULT_USER: &str = "partner";
const MAX_USER_CHARS: usize = 200;

/// Every write takes its [`Edit`] from the request: who (the header above) and now.
impl<S: Send + Sync> FromRequestParts<S> for Edit {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let name = match parts.headers.get(USER_HEADER) {
            None => "",
            Some(v) => v
                .to_str()
                .map_err(|_| ApiError::new(StatusCode::BAD_REQUEST, "X-Insights-User is not text"))?
                .trim(),
        };
        if name.chars().count() > MAX_USER_CHARS {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                format!("X-Insights-User is longer than {MAX_USER_CHARS} characters"),
            ));
        }
        Ok(Edit {
            who: if name.is_empty() { DEFAULT_USER } else { name }.to_string(),
            now: OffsetDateTime::now_utc(),
        })
    }
}

/// The OpenAPI description of what the [`Edit`] extractor reads.
impl IntoParams for Edit {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![ParameterBuilder::new()
            .name("X-Insights-User")
            .parameter_in(ParameterIn::Header)
            .required(Required::False)
            .description(Some("Who edits (default `partner`)"))
            .schema(Some(
                utoipa::openapi::ObjectBuilder::new().schema_type(Type::String),
            ))
            .build()]
    }
}
