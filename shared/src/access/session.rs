//! Signing in, as the app, the portal and the server speak it: the message protocol between
//! the portal page and the app in its iframe, and the JSON of the sign-in routes.
//!
//! The protocol (`window.postMessage`, JSON objects with a `type`):
//! - app → parent, when it starts framed and whenever it needs a token (at start, before the
//!   token expires, after a 401): [`MSG_READY`] once, then [`MSG_TOKEN_REQUEST`];
//! - parent → app: [`MSG_TOKEN`] with `token`, the JWT. The app takes it only from a window
//!   whose origin is exactly one of the configured portal origins, and only from its parent.

use super::claims::Role;
use serde::{Deserialize, Serialize};

/// app → parent: "I am loaded; send me a token".
pub const MSG_READY: &str = "insights:ready";
/// parent → app: `{type, token}`.
pub const MSG_TOKEN: &str = "insights:token";
/// app → parent: "my token is about to expire, or was refused; send a fresh one".
pub const MSG_TOKEN_REQUEST: &str = "insights:token-request";

/// How users sign in to this server.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SignInMode {
    /// No key configured: the sample users of `/api/demo/*`, signed with a per-process secret.
    Demo,
    /// Tokens from the partner portal (postMessage or `#token=`), checked with the configured
    /// key.
    Portal,
}

/// `GET /api/config`: what the app needs before it can sign in.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInConfig {
    pub sign_in: SignInMode,
    /// The only origins a token is accepted from by postMessage (and that may frame the app).
    pub portal_origins: Vec<String>,
    /// Where the header's "Got feedback" link goes (`--feedback-url`); absent: no link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feedback_url: Option<String>,
}

/// A sample user of demo sign-in (`GET /api/demo/users`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoUser {
    /// What `POST /api/demo/token` takes: `executive`, `viewer`, `viewer-mpn`.
    pub id: String,
    pub name: String,
    pub role: Role,
    /// The scope as the header shows it ("Whole organization", "MPN 4412031").
    pub scope: String,
}

/// `POST /api/demo/token` body.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoTokenRequest {
    pub user: String,
}

/// A signed token and when it expires (seconds since the Unix epoch).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedToken {
    pub token: String,
    pub expires_at: u64,
}
