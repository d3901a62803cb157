//! Service status: splits that add up to the entitlements, labels, lint, versions.

use crate::common::*;
use axum::http::StatusCode;
use serde_json::json;

on_both_stores!(
    service_status_splits_that_break_a_rule_name_the_field,
    a_service_status_is_saved_with_canonical_labels_and_lint_warnings,
    a_stale_service_status_is_refused_and_nothing_is_overwritten,
    an_unknown_workload_is_not_found,
);

async fn service_status_splits_that_break_a_rule_name_the_field(s: &Store) {
    for (splits, field) in [
        (
            vec![split("In Progress", json!(null), json!(null), TOTAL - 1)],
            "splits",
        ),
        (
            vec![split("In Progress", json!(null), json!(null), TOTAL + 1)],
            "splits",
        ),
        (
            vec![split("Blocked", json!(null), json!(null), TOTAL)],
            "splits[0].l2",
        ),
        (
            vec![split("Blocked", json!("Technical"), json!(null), TOTAL)],
            "splits[0].l3",
        ),
        (
            vec![split("In Progress", json!("Budget"), json!(null), TOTAL)],
            "splits[0].l2",
        ),
    ] {
        let r = s
            .put(
                &s.status_url(),
                json!({"version": 0, "splits": splits, "intent_note": "x"}),
            )
            .await;
        assert_field(&r, field);
    }
}

/// 60 in progress, 40 blocked by a product bug, with a vague note.
async fn save_a_status(s: &Store) -> serde_json::Value {
    let (status, v) = s
        .put(
            &s.status_url(),
            json!({"version": 0, "intent_note": "Not deployed yet",
            "splits": [split("In Progress", json!(null), json!(null), 60),
                       split("Blocked", json!("technical"), json!("Product bug"), 40)]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    v
}

async fn a_service_status_is_saved_with_canonical_labels_and_lint_warnings(s: &Store) {
    let v = save_a_status(s).await;
    assert_eq!(v["status"]["version"], 1);
    assert_eq!(v["status"]["splits"][1]["l2"], "Technical");
    assert_eq!(v["total_entitlements"], TOTAL);
    let kinds: Vec<&str> = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["Ambiguous", "NoReason"], "lint warns, never blocks");
}

async fn a_stale_service_status_is_refused_and_nothing_is_overwritten(s: &Store) {
    let saved = save_a_status(s).await;
    let r = s
        .put(
            &s.status_url(),
            json!({"version": 0, "splits": [split("In Progress", json!(null), json!(null), TOTAL)]}),
        )
        .await;
    assert_stale(&r, 1);
    let detail = s.detail().await;
    let stored = find(&detail["service_statuses"], "/status/workload", WORKLOAD);
    assert_eq!(stored["status"], saved["status"]);
}

async fn an_unknown_workload_is_not_found(s: &Store) {
    let (status, v) = s
        .put(
            &format!("{}/service-status/Nope", s.tenant_url()),
            json!({"version": 0, "splits": []}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{v}");
}
