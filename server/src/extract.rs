//! What handlers take from a request, typed, with every rejection answered as the JSON
//! [`ApiError`] (its status decided in `error.rs`): the JSON body, the path and query
//! parameters, who is signed in ([`SignedIn`]) and who edits ([`Edit`]); and what they answer
//! with it ([`Shown`]: redacted for the reader's role).

use crate::error::ApiError;
use crate::store::Edit;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header::CONTENT_TYPE;
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;
use shared::access::{redacted, Principal, Redact};
use time::OffsetDateTime;

/// A JSON body, read or answered. Every refusal is the contract's 400 naming what is wrong
/// (the field, by its path, e.g. `splits[0].l2`, when one is to blame): a body that is not
/// declared JSON (`Content-Type: application/json`), is not JSON, or does not fit the route's
/// type. Only a body over the limit is another status: 413.
pub struct Json<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Json<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        if !declared_json(req.headers()) {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "the body must be JSON, sent with Content-Type: application/json",
            ));
        }
        let bytes = Bytes::from_request(req, state).await?;
        // Read here rather than through axum's `Json`, whose rejections answer 415 and 422
        // and keep the failing field only as text.
        let mut de = serde_json::Deserializer::from_slice(&bytes);
        let v = serde_path_to_error::deserialize(&mut de)?;
        de.end().map_err(ApiError::not_json)?;
        Ok(Json(v))
    }
}

/// `application/json`, or any `application/…+json`, with any parameters (`charset=utf-8`).
fn declared_json(headers: &HeaderMap) -> bool {
    let Some(value) = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let essence = value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || essence
            .strip_prefix("application/")
            .is_some_and(|sub| sub.ends_with("+json"))
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

/// The signed-in principal of the request (put there by `auth::require_token`, which every
/// signed-in route sits behind). Reads take it for their scope; answers go out through
/// [`SignedIn::show`], redacted for its role.
pub struct SignedIn(pub Principal);

fn principal(parts: &Parts) -> Result<Principal, ApiError> {
    parts.extensions.get::<Principal>().cloned().ok_or_else(|| {
        // A route reading who is signed in outside the signed-in routes: a bug of ours.
        tracing::error!(path = %parts.uri.path(), "no principal: route not behind require_token");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "sign-in is not set up for this route",
        )
    })
}

impl<S: Send + Sync> FromRequestParts<S> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        principal(parts).map(SignedIn)
    }
}

/// An answer as its reader may see it: the only way a route answers data from the store.
pub struct Shown<T>(T);

impl SignedIn {
    /// `value` without what the principal's role may not see.
    pub fn show<T: Redact>(&self, value: T) -> Shown<T> {
        Shown(redacted(self.0.role, value))
    }
}

impl Edit {
    /// The answer to the editor, without what its role may not see.
    pub fn show<T: Redact>(&self, value: T) -> Shown<T> {
        Shown(redacted(self.by.role, value))
    }
}

impl crate::snapshot_cache::Audience {
    /// `value` as everyone of this audience may see it: what a request's reader would be shown,
    /// for answers built before anyone asks (`snapshot_answer::refresh`).
    pub fn show<T: Redact>(&self, value: T) -> Shown<T> {
        Shown(redacted(self.role, value))
    }
}

impl Shown<shared::Snapshot> {
    /// The redacted snapshot in `form`: both forms are built from the same `Shown` value, so
    /// what one may not see is absent from both.
    pub fn build(&self, form: crate::snapshot_cache::Form) -> crate::snapshot_cache::Built {
        form.build(&self.0)
    }
}

impl<T: Serialize> IntoResponse for Shown<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// Every write takes its [`Edit`] from the request: who (the signed-in principal, whose `sub`
/// is the author) and now.
impl<S: Send + Sync> FromRequestParts<S> for Edit {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        Ok(Edit {
            by: principal(parts)?,
            now: OffsetDateTime::now_utc(),
        })
    }
}
