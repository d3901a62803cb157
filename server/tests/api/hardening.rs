//! Hardening: a user's burst over the rate limit is answered 429 with `Retry-After` (others
//! unaffected); a request over the time limit 503, but for the snapshot's; every answer carries the CSP that lets only
//! the configured portal frame the app and runs no inline script. (Bodies over the limit: 413,
//! in `errors.rs`.)

use crate::common::*;
use axum::http::{Method, StatusCode};
use server::origin::PortalOrigin;
use server::state::{AppState, Limits};
use server::store::Backend;
use server::web::{self, WebConfig};
use shared::access::Role;
use std::time::Duration;

on_both_stores!(
    a_burst_over_the_rate_limit_is_answered_429,
    a_request_over_the_time_limit_is_answered_503,
    the_snapshot_is_not_cut_off_by_the_time_limit,
    every_answer_says_who_may_frame_it_and_runs_no_inline_script,
);

async fn a_burst_over_the_rate_limit_is_answered_429(s: &Store) {
    let app = test_router(
        &s.db,
        Limits {
            per_second: 1,
            burst: 3,
            ..Limits::default()
        },
    );
    let ann = Client::new(app.clone(), Some(token(AUTHOR, Role::Executive, &[])));
    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(ann.send(Method::GET, "/api/referrals", None).await.status);
    }
    assert_eq!(&statuses[..3], [StatusCode::OK; 3]);
    let a = ann.send(Method::GET, "/api/referrals", None).await;
    assert_eq!(a.status, StatusCode::TOO_MANY_REQUESTS, "{}", a.body);
    let retry: u64 = a.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=2).contains(&retry), "Retry-After {retry}");
    assert!(a.json()["error"]
        .as_str()
        .unwrap()
        .contains("too many requests"));
    // Keyed by the user, not the token: a fresh token of Ann's is limited too…
    let again = Client::new(app.clone(), Some(token(AUTHOR, Role::Executive, &["1"])));
    assert_eq!(
        again.send(Method::GET, "/api/referrals", None).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    // …and another user is not.
    let bob = Client::new(app.clone(), Some(token("bob", Role::Viewer, &[])));
    assert_eq!(
        bob.send(Method::GET, "/api/referrals", None).await.status,
        StatusCode::OK
    );
    // Public routes are not limited per user.
    let anyone = Client::new(app, None);
    for _ in 0..5 {
        assert_eq!(
            anyone.send(Method::GET, "/api/health", None).await.status,
            StatusCode::OK
        );
    }
}

async fn a_request_over_the_time_limit_is_answered_503(s: &Store) {
    // Another connection holds the store's write lock, so a write waits on it past the limit
    // (SQLite would wait 5 s for the file, PostgreSQL for the table lock as long as it is held).
    let mut blocker = match s.db.backend {
        Backend::Sqlite => s.db.pool.begin_with("BEGIN IMMEDIATE").await.unwrap(),
        Backend::Postgres => {
            let mut tx = s.db.pool.begin().await.unwrap();
            sqlx::query("LOCK TABLE tenants IN ACCESS EXCLUSIVE MODE")
                .execute(&mut *tx)
                .await
                .unwrap();
            tx
        }
    };
    let app = test_router(
        &s.db,
        Limits {
            per_second: 0,
            request_timeout: Duration::from_millis(300),
            ..Limits::default()
        },
    );
    let a = Client::new(app, Some(token(AUTHOR, Role::Executive, &[])))
        .send(
            Method::POST,
            &format!("{}/notes", s.tenant_url()),
            Some(serde_json::json!({"text": "waits for the lock"})),
        )
        .await;
    sqlx::query("SELECT 1")
        .execute(&mut *blocker)
        .await
        .unwrap();
    blocker.rollback().await.unwrap();
    assert_eq!(a.status, StatusCode::SERVICE_UNAVAILABLE, "{}", a.body);
    assert!(a.headers.contains_key("retry-after"));
    assert!(a.json()["error"]
        .as_str()
        .unwrap()
        .contains("took longer than"));
}

async fn the_snapshot_is_not_cut_off_by_the_time_limit(s: &Store) {
    // Building the first snapshot answer (read, redact, encode) takes far longer than 1 ms;
    // it is shared by every reader waiting on it, so the limit leaves it alone.
    let app = test_router(
        &s.db,
        Limits {
            per_second: 0,
            request_timeout: Duration::from_millis(1),
            ..Limits::default()
        },
    );
    let a = Client::new(app, Some(token(AUTHOR, Role::Executive, &[])))
        .send(Method::GET, "/api/snapshot", None)
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert!(!a.json()["tenants"].as_array().unwrap().is_empty());
}

async fn every_answer_says_who_may_frame_it_and_runs_no_inline_script(s: &Store) {
    let portal: PortalOrigin = "https://portal.example.com".parse().unwrap();
    for (origins, ancestors) in [
        (vec![], "frame-ancestors 'self'"),
        (
            vec![portal],
            "frame-ancestors 'self' https://portal.example.com",
        ),
    ] {
        let state = AppState::new(s.db.clone(), auth()).with_portal_origins(origins);
        let app = web::app(
            state,
            &WebConfig {
                assets: s.dir.join("no-app-here"),
            },
        );
        for uri in ["/api/health", "/api/snapshot", "/tenants"] {
            let a = Client::new(app.clone(), None)
                .send(Method::GET, uri, None)
                .await;
            let h = |name: &str| a.headers[name].to_str().unwrap().to_string();
            let csp = h("content-security-policy");
            assert!(csp.ends_with(ancestors), "{uri}: {csp}");
            let script = csp
                .split(';')
                .map(str::trim)
                .find(|d| d.starts_with("script-src"));
            assert_eq!(
                script,
                Some("script-src 'self' 'wasm-unsafe-eval'"),
                "no inline script"
            );
            assert_eq!(h("x-content-type-options"), "nosniff");
            assert_eq!(h("referrer-policy"), "no-referrer");
        }
    }
}
