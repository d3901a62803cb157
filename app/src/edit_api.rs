//! Talking to the edit API (spec §3): JSON in and out, with its refusals turned into what a
//! form shows — field errors beside their inputs, a stale-version conflict, or a message.

use gloo_net::http::{Request, RequestBuilder};
use serde::de::DeserializeOwned;
use serde::Serialize;
use shared::edits::FieldError;

/// Why a request did not succeed.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiFailure {
    /// 400: the refused fields (first = the one to focus).
    Invalid(String, Vec<FieldError>),
    /// 409: someone else saved first.
    Conflict(String),
    /// Anything else, as a sentence.
    Other(String),
}

impl ApiFailure {
    pub fn message(&self) -> String {
        match self {
            ApiFailure::Invalid(m, _) | ApiFailure::Conflict(m) | ApiFailure::Other(m) => m.clone(),
        }
    }

    /// The message for `field`, if the server refused it.
    pub fn field(&self, field: &str) -> Option<String> {
        match self {
            ApiFailure::Invalid(_, errors) => errors
                .iter()
                .find(|e| e.field == field)
                .map(|e| e.message.clone()),
            _ => None,
        }
    }
}

#[derive(serde::Deserialize, Default)]
struct ErrorBody {
    #[serde(default)]
    error: String,
    #[serde(default)]
    field: Option<String>,
    #[serde(default)]
    errors: Vec<FieldError>,
}

async fn send<T: DeserializeOwned>(
    req: Result<Request, gloo_net::Error>,
    expect_body: bool,
) -> Result<Option<T>, ApiFailure> {
    let req = req.map_err(|e| ApiFailure::Other(format!("the request could not be made ({e})")))?;
    let res = req
        .send()
        .await
        .map_err(|e| ApiFailure::Other(format!("the server could not be reached ({e}).")))?;
    let status = res.status();
    if res.ok() {
        if !expect_body || status == 204 {
            return Ok(None);
        }
        return res.json::<T>().await.map(Some).map_err(|e| {
            ApiFailure::Other(format!("the server's answer was not understood ({e})."))
        });
    }
    let body = res.json::<ErrorBody>().await.unwrap_or_default();
    let msg = if body.error.is_empty() {
        format!("the server answered {} {}", status, res.status_text())
    } else {
        body.error.clone()
    };
    Err(match status {
        400 => {
            let mut errors = body.errors;
            if errors.is_empty() {
                if let Some(f) = body.field {
                    errors.push(FieldError::new(f, msg.clone()));
                }
            }
            ApiFailure::Invalid(msg, errors)
        }
        409 => ApiFailure::Conflict(msg),
        _ => ApiFailure::Other(msg),
    })
}

fn missing<T>(v: Option<T>) -> Result<T, ApiFailure> {
    v.ok_or_else(|| ApiFailure::Other("the server sent an empty answer".into()))
}

pub async fn get<T: DeserializeOwned>(url: &str) -> Result<T, ApiFailure> {
    missing(send(Request::get(url).build(), true).await?)
}

fn with_json<B: Serialize>(rb: RequestBuilder, body: &B) -> Result<Request, gloo_net::Error> {
    rb.json(body)
}

pub async fn post<B: Serialize, T: DeserializeOwned>(url: &str, body: &B) -> Result<T, ApiFailure> {
    missing(send(with_json(Request::post(url), body), true).await?)
}

pub async fn put<B: Serialize, T: DeserializeOwned>(url: &str, body: &B) -> Result<T, ApiFailure> {
    missing(send(with_json(Request::put(url), body), true).await?)
}

pub async fn delete(url: &str) -> Result<(), ApiFailure> {
    send::<()>(Request::delete(url).build(), false)
        .await
        .map(|_| ())
}

/// A path segment with `/`, `?`, `#`, `%` and spaces escaped.
pub fn seg(s: &str) -> String {
    String::from(js_sys::encode_uri_component(s))
}
