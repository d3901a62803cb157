//! Talking to the server: one typed function per route, all through `send`, the one place a
//! request is built — it carries the signed-in user's token (`Authorization: Bearer`, from
//! `session`'s memory) and, when the server refuses it (401), asks for a fresh one and tries
//! once more — and the one place a refusal is read: field errors for a form, a stale-version
//! conflict, or a sentence a partner can act on.

use crate::load::Progress;
use crate::session;
use crate::timing;
use gloo_net::http::{Method, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;
use shared::access::{DemoTokenRequest, DemoUser, IssuedToken, SignInConfig};
use shared::edits::contacts::{Contact, ContactDraft};
use shared::edits::notes::{Note, NoteDraft};
use shared::edits::views::{
    ContactEdit, DecisionEdit, ReferralView, ServiceStatusEdit, ServiceStatusView, TenantDetail,
};
use shared::edits::FieldError;
use shared::wire::{self, DeferredEligibility};
use shared::{Snapshot, Workload};
use std::fmt;
use wasm_bindgen::JsCast;

/// Why a request did not succeed.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// 400: the refused fields (first = the one to focus) and the server's sentence.
    Invalid {
        message: String,
        errors: Vec<FieldError>,
    },
    /// 409: someone else saved first.
    Conflict(String),
    /// Anything else, as a sentence.
    Other(String),
}

impl ApiError {
    pub fn message(&self) -> &str {
        match self {
            ApiError::Invalid { message, .. } | ApiError::Conflict(message) => message,
            ApiError::Other(message) => message,
        }
    }

    /// The server's message for `field`, if it refused that field.
    pub fn field(&self, field: &str) -> Option<String> {
        match self {
            ApiError::Invalid { errors, .. } => errors
                .iter()
                .find(|e| e.field == field)
                .map(|e| e.message.clone()),
            _ => None,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

// ---------------------------------------------------------------- routes

/// `GET /api/config`: how to sign in (public).
pub async fn sign_in_config() -> Result<SignInConfig, ApiError> {
    get("/api/config".into()).await
}

/// `GET /api/demo/users`: demo sign-in's sample users (public, demo only).
pub async fn demo_users() -> Result<Vec<DemoUser>, ApiError> {
    get("/api/demo/users".into()).await
}

/// `POST /api/demo/token`: a token for a sample user (public, demo only).
pub async fn demo_token(user: &str) -> Result<IssuedToken, ApiError> {
    let body = DemoTokenRequest {
        user: user.to_string(),
    };
    write(Method::POST, "/api/demo/token".into(), &body).await
}

/// `GET /api/snapshot`: the whole data set every report is computed from, in the compact
/// binary form (`shared::wire`), decoded chunk by chunk as it arrives; `on_progress` hears the
/// bytes received and the rows decoded. Eligibility's records come back as read (checked, not
/// decoded), to decode when a page first needs them (`load::use_eligibility`).
pub async fn snapshot(
    on_progress: impl Fn(Progress),
) -> Result<(Snapshot, DeferredEligibility), ApiError> {
    let span = timing::Span::start("snapshot");
    let res = send_accepting(
        Method::GET,
        "/api/snapshot".into(),
        None,
        Some(wire::MEDIA_TYPE),
    )
    .await?;
    let mut progress = expected(&res);
    on_progress(progress);
    // The app and its server are built and served together, so the answer is the binary form
    // (the JSON form is for scripts); anything else is a proxy's page or a stale server.
    let kind = res.headers().get("content-type").unwrap_or_default();
    if !kind.starts_with(wire::MEDIA_TYPE) {
        return Err(not_understood(&format_args!(
            "{kind:?} instead of {}",
            wire::MEDIA_TYPE
        )));
    }
    let mut decoder = wire::Decoder::deferring_eligibility();
    read_chunks(&res, |chunk| {
        let decoded = decoder.feed(chunk).map_err(|e| not_understood(&e))?;
        progress.received += chunk.len() as u64;
        progress.rows = Some(decoded.rows);
        progress.rows_total = decoded.total.or(progress.rows_total);
        on_progress(progress);
        Ok(())
    })
    .await?;
    let (snapshot, eligibility) = decoder.finish_deferred().map_err(|e| not_understood(&e))?;
    span.end();
    Ok((snapshot, eligibility.unwrap_or_default()))
}

/// `GET /api/tenants/{id}`: everything the tenant detail page shows.
pub async fn tenant(tenant_id: &str) -> Result<TenantDetail, ApiError> {
    get(format!("/api/tenants/{}", seg(tenant_id))).await
}

/// `GET /api/tenants/{id}/notes`: every note and referral edit, newest first.
pub async fn notes(tenant_id: &str) -> Result<Vec<Note>, ApiError> {
    get(format!("/api/tenants/{}/notes", seg(tenant_id))).await
}

/// `POST /api/tenants/{id}/notes`.
pub async fn add_note(tenant_id: &str, draft: &NoteDraft) -> Result<Note, ApiError> {
    write(
        Method::POST,
        format!("/api/tenants/{}/notes", seg(tenant_id)),
        draft,
    )
    .await
}

/// `GET /api/referrals`: every referral with its decision and state.
pub async fn referrals() -> Result<Vec<ReferralView>, ApiError> {
    get("/api/referrals".into()).await
}

/// `PUT /api/referrals/{id}/decision`.
pub async fn put_decision(
    referral_id: &str,
    edit: &DecisionEdit,
) -> Result<ReferralView, ApiError> {
    write(
        Method::PUT,
        format!("/api/referrals/{}/decision", seg(referral_id)),
        edit,
    )
    .await
}

/// `POST /api/tenants/{id}/contacts`.
pub async fn add_contact(tenant_id: &str, draft: &ContactDraft) -> Result<Contact, ApiError> {
    write(
        Method::POST,
        format!("/api/tenants/{}/contacts", seg(tenant_id)),
        draft,
    )
    .await
}

/// `PUT /api/tenants/{id}/contacts/{contact}`.
pub async fn put_contact(
    tenant_id: &str,
    contact_id: i64,
    edit: &ContactEdit,
) -> Result<Contact, ApiError> {
    write(
        Method::PUT,
        format!("/api/tenants/{}/contacts/{contact_id}", seg(tenant_id)),
        edit,
    )
    .await
}

/// `DELETE /api/tenants/{id}/contacts/{contact}?version=` (204).
pub async fn delete_contact(
    tenant_id: &str,
    contact_id: i64,
    version: i64,
) -> Result<(), ApiError> {
    let path = format!(
        "/api/tenants/{}/contacts/{contact_id}?version={version}",
        seg(tenant_id)
    );
    send(Method::DELETE, path, None).await.map(drop)
}

/// `PUT /api/tenants/{id}/service-status/{workload}`.
pub async fn put_service_status(
    tenant_id: &str,
    workload: &Workload,
    edit: &ServiceStatusEdit,
) -> Result<ServiceStatusView, ApiError> {
    let path = format!(
        "/api/tenants/{}/service-status/{}",
        seg(tenant_id),
        seg(workload.as_str())
    );
    write(Method::PUT, path, edit).await
}

// ---------------------------------------------------------------- the one request helper

async fn get<T: DeserializeOwned>(path: String) -> Result<T, ApiError> {
    json(send(Method::GET, path, None).await?).await
}

async fn write<B: Serialize, T: DeserializeOwned>(
    method: Method,
    path: String,
    body: &B,
) -> Result<T, ApiError> {
    let body = serde_json::to_string(body)
        .map_err(|e| ApiError::Other(format!("the request could not be made ({e}).")))?;
    json(send(method, path, Some(body)).await?).await
}

/// Sends one request as the signed-in user; a token the server refuses (401) is renewed once.
/// A non-2xx answer becomes an `ApiError` read from its JSON body.
async fn send(
    method: Method,
    path: String,
    json_body: Option<String>,
) -> Result<Response, ApiError> {
    send_accepting(method, path, json_body, None).await
}

/// [`send`], asking for the media type `accept` when given.
async fn send_accepting(
    method: Method,
    path: String,
    json_body: Option<String>,
    accept: Option<&str>,
) -> Result<Response, ApiError> {
    let mut res = attempt(&method, &path, json_body.clone(), accept).await?;
    if res.status() == 401 && session::renew().await {
        res = attempt(&method, &path, json_body, accept).await?;
    }
    if res.ok() {
        return Ok(res);
    }
    let body = res.json::<ErrorBody>().await.unwrap_or_default();
    Err(refusal(res.status(), &res.status_text(), body))
}

async fn attempt(
    method: &Method,
    path: &str,
    json_body: Option<String>,
    accept: Option<&str>,
) -> Result<Response, ApiError> {
    let mut builder = RequestBuilder::new(path).method(method.clone());
    if let Some(accept) = accept {
        builder = builder.header("Accept", accept);
    }
    if let Some(token) = session::token() {
        builder = builder.header("Authorization", &format!("Bearer {token}"));
    }
    let request = match json_body {
        Some(body) => builder
            .header("Content-Type", "application/json")
            .body(body),
        None => builder.build(),
    }
    .map_err(|e| ApiError::Other(format!("the request could not be made ({e}).")))?;
    request
        .send()
        .await
        .map_err(|e| ApiError::Other(format!("the server could not be reached ({e}).")))
}

async fn json<T: DeserializeOwned>(res: Response) -> Result<T, ApiError> {
    res.json::<T>().await.map_err(|e| not_understood(&e))
}

fn not_understood(e: &dyn fmt::Display) -> ApiError {
    ApiError::Other(format!("the server's answer was not understood ({e})."))
}

/// What the answer's headers say is coming: `X-Snapshot-Bytes`, or the `Content-Length` of an
/// answer sent uncompressed (a compressed one's length is not the length read), and
/// `X-Snapshot-Rows`.
fn expected(res: &Response) -> Progress {
    let headers = res.headers();
    let number = |name: &str| headers.get(name).and_then(|v| v.trim().parse::<u64>().ok());
    let total = number("x-snapshot-bytes").or_else(|| {
        headers
            .get("content-encoding")
            .is_none()
            .then(|| number("content-length"))
            .flatten()
    });
    Progress {
        total,
        rows_total: number("x-snapshot-rows"),
        ..Progress::default()
    }
}

/// Reads the body of `res` from its stream, handing each chunk to `on_chunk` as it arrives:
/// the body is never held whole unless the reader keeps it.
async fn read_chunks(
    res: &Response,
    mut on_chunk: impl FnMut(&[u8]) -> Result<(), ApiError>,
) -> Result<(), ApiError> {
    let Some(stream) = res.body() else {
        return Ok(());
    };
    let broken = |e: wasm_bindgen::JsValue| {
        ApiError::Other(format!("the answer was cut off ({}).", js_text(&e)))
    };
    let reader: web_sys::ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let mut buf = Vec::new();
    loop {
        let chunk: web_sys::ReadableStreamReadResult =
            wasm_bindgen_futures::JsFuture::from(reader.read())
                .await
                .map_err(broken)?
                .unchecked_into();
        if chunk.get_done().unwrap_or(false) {
            return Ok(());
        }
        // The value is a Uint8Array already: `Uint8Array::new` of it would copy every chunk.
        let bytes: js_sys::Uint8Array = chunk.get_value().unchecked_into();
        buf.resize(bytes.length() as usize, 0);
        bytes.copy_to(&mut buf);
        on_chunk(&buf)?;
    }
}

fn js_text(e: &wasm_bindgen::JsValue) -> String {
    e.as_string()
        .or_else(|| {
            e.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
        })
        .unwrap_or_else(|| format!("{e:?}"))
}

/// The server's error body (data contract: `error`, and for 400 the refused `field` or
/// `errors`).
#[derive(serde::Deserialize, Default, Debug)]
struct ErrorBody {
    #[serde(default)]
    error: String,
    #[serde(default)]
    field: Option<String>,
    #[serde(default)]
    errors: Vec<FieldError>,
}

/// A refused request as the app shows it: 400 and 409 in the server's words (a form puts them
/// beside the field or offers Reload), anything else as "the server answered N: …".
fn refusal(status: u16, status_text: &str, body: ErrorBody) -> ApiError {
    let said = if body.error.is_empty() {
        status_text.to_string()
    } else {
        body.error
    };
    match status {
        400 => {
            let mut errors = body.errors;
            if errors.is_empty() {
                if let Some(f) = body.field {
                    errors.push(FieldError::new(f, said.clone()));
                }
            }
            ApiError::Invalid {
                message: said,
                errors,
            }
        }
        409 => ApiError::Conflict(said),
        _ => ApiError::Other(format!("the server answered {status}: {said}")),
    }
}

/// A path segment with `/`, `?`, `#`, `%` and spaces escaped.
fn seg(s: &str) -> String {
    String::from(js_sys::encode_uri_component(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(error: &str, field: Option<&str>, errors: &[(&str, &str)]) -> ErrorBody {
        ErrorBody {
            error: error.into(),
            field: field.map(str::to_string),
            errors: errors
                .iter()
                .map(|(f, m)| FieldError::new(*f, *m))
                .collect(),
        }
    }

    #[test]
    fn refusals_read_as_the_form_shows_them() {
        let invalid = |message: &str, errors: &[(&str, &str)]| ApiError::Invalid {
            message: message.into(),
            errors: errors
                .iter()
                .map(|(f, m)| FieldError::new(*f, *m))
                .collect(),
        };
        let cases = [
            (
                400,
                body(
                    "email is not an address",
                    None,
                    &[("email", "Enter an email address")],
                ),
                invalid(
                    "email is not an address",
                    &[("email", "Enter an email address")],
                ),
            ),
            // Only `field`: the sentence is that field's message.
            (
                400,
                body("version is required", Some("version"), &[]),
                invalid("version is required", &[("version", "version is required")]),
            ),
            (400, body("", None, &[]), invalid("Bad Request", &[])),
            (
                409,
                body("stored version is 2, not 1", None, &[]),
                ApiError::Conflict("stored version is 2, not 1".into()),
            ),
            (
                404,
                body("no tenant 42", None, &[]),
                ApiError::Other("the server answered 404: no tenant 42".into()),
            ),
            (
                500,
                ErrorBody::default(),
                ApiError::Other("the server answered 500: Internal Server Error".into()),
            ),
        ];
        for (status, body, want) in cases {
            let text = match status {
                400 => "Bad Request",
                404 => "Not Found",
                409 => "Conflict",
                _ => "Internal Server Error",
            };
            assert_eq!(refusal(status, text, body), want, "status {status}");
        }
    }

    #[test]
    fn a_field_message_comes_only_from_a_400_naming_it() {
        let e = refusal(400, "", body("bad", None, &[("name", "Enter a name")]));
        assert_eq!(e.field("name").as_deref(), Some("Enter a name"));
        assert_eq!(e.field("email"), None);
        assert_eq!(ApiError::Conflict("x".into()).field("name"), None);
        assert_eq!(e.to_string(), "bad");
    }
}
