//! Signing in: what the app needs to know before it can (public), and demo sign-in — the
//! sample users and their tokens, which exist only while no key is configured (404
//! otherwise, as for any route that does not exist).

use crate::auth::demo::{SampleUser, SAMPLE_USERS};
use crate::auth::unix_now;
use crate::error::ApiError;
use crate::extract::Json;
use crate::state::AppState;
use crate::store::snapshot;
use axum::extract::State;
use shared::access::{DemoTokenRequest, DemoUser, IssuedToken, SignInConfig, SignInMode};

/// How to sign in: demo sign-in or tokens from the portal, and the portal origins the app may
/// take tokens from; and the "Got feedback" link, when one is configured.
#[utoipa::path(get, path = "/api/config", tag = "sign-in", security(()),
    responses((status = 200, body = SignInConfig)))]
pub async fn config(State(st): State<AppState>) -> Json<SignInConfig> {
    Json(SignInConfig {
        sign_in: if st.auth.is_demo() {
            SignInMode::Demo
        } else {
            SignInMode::Portal
        },
        portal_origins: st.portal_origins.iter().map(|o| o.to_string()).collect(),
        feedback_url: st.feedback_url.as_ref().map(|u| u.as_str().to_string()),
    })
}

fn demo_only(st: &AppState) -> Result<(), ApiError> {
    if st.auth.is_demo() {
        Ok(())
    } else {
        Err(ApiError::not_found("no such API route"))
    }
}

/// Demo sign-in's sample users: the executive, a Report viewer of the whole organization and
/// a Report viewer of the data's largest MPN location.
#[utoipa::path(get, path = "/api/demo/users", tag = "sign-in", security(()),
    responses((status = 200, body = Vec<DemoUser>), (status = 404, body = ApiError)))]
pub async fn demo_users(State(st): State<AppState>) -> Result<Json<Vec<DemoUser>>, ApiError> {
    demo_only(&st)?;
    let largest = snapshot::largest_mpn(&st.db).await?;
    Ok(Json(
        SAMPLE_USERS
            .iter()
            .map(|u| DemoUser {
                id: u.id.to_string(),
                name: u.name.to_string(),
                role: u.role,
                scope: u.scope(largest.as_ref()).label(),
            })
            .collect(),
    ))
}

/// A token for a sample user (demo sign-in only).
#[utoipa::path(post, path = "/api/demo/token", tag = "sign-in", security(()),
    request_body = DemoTokenRequest,
    responses((status = 200, body = IssuedToken), (status = 400, body = ApiError),
        (status = 404, body = ApiError)))]
pub async fn demo_token(
    State(st): State<AppState>,
    Json(req): Json<DemoTokenRequest>,
) -> Result<Json<IssuedToken>, ApiError> {
    demo_only(&st)?;
    let Some(user) = SampleUser::find(&req.user) else {
        let ids: Vec<&str> = SAMPLE_USERS.iter().map(|u| u.id).collect();
        return Err(ApiError::invalid_field(
            "user",
            format!("no sample user `{}` (one of {})", req.user, ids.join(", ")),
        ));
    };
    let largest = snapshot::largest_mpn(&st.db).await?;
    let claims = user.claims(largest.as_ref(), unix_now());
    let token = st
        .auth
        .demo_token(&claims)
        .ok_or_else(|| ApiError::not_found("no such API route"))?;
    Ok(Json(IssuedToken {
        token,
        expires_at: claims.exp,
    }))
}
