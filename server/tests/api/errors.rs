//! Every refusal is the contract's JSON error: what does not exist 404; bad input (a body that
//! is not JSON, not declared JSON, or not of the route's shape; a path parameter that does not
//! parse) 400 naming the field; a body too large 413.

use crate::common::*;
use axum::http::{Method, StatusCode};
use serde_json::{json, Value};

on_both_stores!(
    an_unknown_tenant_is_not_found,
    an_id_that_does_not_parse_is_400_naming_it,
    a_body_over_the_limit_is_refused,
    a_body_that_is_not_json_is_400,
    a_body_without_the_json_content_type_is_400,
    a_body_of_the_wrong_shape_is_400_naming_the_field,
    a_missing_field_is_400_naming_it,
    a_nested_field_is_named_by_its_path,
    a_value_not_in_the_contract_form_is_400_naming_the_field,
);

/// The answer to a raw request: `body` sent as is, with `content_type` (none: no header).
async fn raw(s: &Store, uri: &str, content_type: Option<&str>, body: &str) -> (StatusCode, Value) {
    use axum::body::Body;
    use tower::ServiceExt;
    let mut req = axum::http::Request::builder()
        .method(Method::POST)
        .uri(uri)
        .header(
            "authorization",
            format!(
                "Bearer {}",
                token(AUTHOR, shared::access::Role::Executive, &[])
            ),
        );
    if let Some(ct) = content_type {
        req = req.header("content-type", ct);
    }
    let app = test_router(&s.db, unlimited());
    let res = app
        .oneshot(req.body(Body::from(body.to_string())).unwrap())
        .await
        .unwrap();
    let status = res.status();
    assert_eq!(
        res.headers()["content-type"],
        "application/json",
        "{status}: the contract's JSON error"
    );
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .unwrap();
    (status, serde_json::from_slice(&bytes).unwrap())
}

fn notes_url(s: &Store) -> String {
    format!("{}/notes", s.tenant_url())
}

async fn a_body_that_is_not_json_is_400(s: &Store) {
    for body in ["{\"text\": ", "text=hello", "{\"text\": \"a\"} trailing"] {
        let (status, v) = raw(s, &notes_url(s), Some("application/json"), body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}: {v}");
        assert!(
            v["error"]
                .as_str()
                .unwrap()
                .starts_with("the body is not valid JSON"),
            "{v}"
        );
    }
    assert_eq!(s.detail().await["notes_total"], 0, "nothing stored");
}

async fn a_body_without_the_json_content_type_is_400(s: &Store) {
    let body = r#"{"text": "hello"}"#;
    for ct in [
        None,
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
    ] {
        let (status, v) = raw(s, &notes_url(s), ct, body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{ct:?}: {v}");
        assert!(
            v["error"]
                .as_str()
                .unwrap()
                .contains("Content-Type: application/json"),
            "{v}"
        );
    }
    let (status, v) = raw(
        s,
        &notes_url(s),
        Some("application/json; charset=utf-8"),
        body,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{v}");
}

async fn a_body_of_the_wrong_shape_is_400_naming_the_field(s: &Store) {
    for (body, field) in [
        (json!({"text": 42}), "text"),
        (
            json!({"text": "x", "next_action_date": [2025, 113]}),
            "next_action_date",
        ),
    ] {
        let (status, v) = s.post(&notes_url(s), body.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}: {v}");
        assert_eq!(v["field"], field, "{v}");
        assert_eq!(v["errors"][0]["field"], field, "{v}");
    }
    let (status, v) = raw(s, &notes_url(s), Some("application/json"), "[1, 2]").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{v}");
}

async fn a_missing_field_is_400_naming_it(s: &Store) {
    let (status, v) = s
        .put(&decision_url(REFERRAL), json!({"acceptance": "Accepted"}))
        .await;
    assert_eq!(
        (status, v["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("version")),
        "{v}"
    );
}

async fn a_nested_field_is_named_by_its_path(s: &Store) {
    let (status, v) = s
        .put(
            &s.status_url(),
            json!({"version": 0, "intent_note": "", "splits": [{"l1": "In Progress", "count": "ten"}]}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{v}");
    assert_eq!(v["field"], "splits[0].count", "{v}");
    let (status, v) = s
        .put(
            &s.status_url(),
            json!({"version": 0, "intent_note": "", "splits": [{"l1": "In Progress"}]}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{v}");
    assert_eq!(v["field"], "splits[0].count", "{v}");
}

async fn a_value_not_in_the_contract_form_is_400_naming_the_field(s: &Store) {
    for (field, value) in [
        ("services_estimated_value", json!(250000)),
        ("services_estimated_value", json!("2,500")),
        ("acceptance", json!("accepted")),
    ] {
        let mut body = accepted();
        body[field] = value.clone();
        let (status, v) = s.put(&decision_url(REFERRAL), body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{field} {value}: {v}");
        assert_eq!(v["field"], field, "{v}");
    }
    let (status, v) = s
        .post(&format!("{}/contacts", s.tenant_url()), {
            let mut c = customer("Cy", true);
            c["contact_type"] = json!("Robot");
            c
        })
        .await;
    assert_eq!(
        (status, v["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("contact_type")),
        "{v}"
    );
}

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

/// A malformed tenant or contact ID is bad input: 400 naming the path parameter.
async fn an_id_that_does_not_parse_is_400_naming_it(s: &Store) {
    let (status, v) = s.get("/api/tenants/not-a-guid").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{v}");
    assert_eq!(v["field"], "tenant_id", "{v}");
    assert!(v["error"].as_str().unwrap().contains("`not-a-guid`"), "{v}");
    let url = format!("{}/contacts/seven", s.tenant_url());
    let (status, v) = s.put(&url, customer("Cy", true)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{v}");
    assert_eq!(v["field"], "contact_id", "{v}");
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
