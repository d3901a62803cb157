//! Requests for what does not exist, and bodies too large: JSON errors with today's statuses.

use crate::common::*;
use axum::http::StatusCode;
use serde_json::json;

on_both_stores!(
    an_unknown_tenant_is_not_found,
    an_id_that_does_not_parse_is_not_found,
    a_body_over_the_limit_is_refused,
);

async fn an_unknown_tenant_is_not_found(s: &Store) {
    let unknown = "/api/tenants/00000000-0000-0000-0000-000000000000";
    for uri in [
        unknown.to_string(),
        format!("{unknown}/notes"),
        format!("{unknown}/changes"),
    ] {
        let (status, v) = s.get(&uri).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}: {v}");
        assert!(v["error"].as_str().unwrap().contains("no tenant"), "{v}");
    }
    let (status, v) = s
        .post(&format!("{unknown}/notes"), json!({"text": "hello"}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{v}");
}

/// A malformed tenant or contact ID names nothing that exists: 404 as for an unknown one.
async fn an_id_that_does_not_parse_is_not_found(s: &Store) {
    let (status, v) = s.get("/api/tenants/not-a-guid").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{v}");
    assert_eq!(v["error"], "no tenant not-a-guid");
    let url = format!("{}/contacts/seven", s.tenant_url());
    let (status, v) = s.put(&url, customer("Cy", true)).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{v}");
    assert_eq!(v["error"], "no contact seven");
    let (status, v) = s.get("/api/nothing-here").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{v}");
    assert_eq!(v["error"], "no such API route");
}

async fn a_body_over_the_limit_is_refused(s: &Store) {
    let big = json!({"text": "x".repeat(100 * 1024)});
    let (status, v) = s.post(&format!("{}/notes", s.tenant_url()), big).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{v}");
    assert_eq!(s.detail().await["notes_total"], 0, "nothing stored");
}
