//! Referral decisions and the Referrals list.

use crate::common::*;
use axum::http::StatusCode;
use serde_json::json;

on_both_stores!(
    declining_without_a_reason_names_the_field,
    accepting_a_referral_saves_version_1_with_its_state,
    a_stale_decision_is_refused_and_nothing_is_overwritten,
    a_decision_appends_a_note_saying_what_changed,
    an_expired_referral_is_read_only,
    an_unknown_referral_is_not_found,
    the_referrals_list_shows_an_expired_referral_as_expired_and_not_linkable,
);

async fn declining_without_a_reason_names_the_field(s: &Store) {
    for reason in [json!(null), json!(""), json!("   ")] {
        let r = s
            .put(
                &decision_url(REFERRAL),
                json!({"version": 0, "acceptance": "Declined", "decline_reason": reason, "status": "Closed"}),
            )
            .await;
        assert_field(&r, "decline_reason");
    }
}

async fn accepting_a_referral_saves_version_1_with_its_state(s: &Store) {
    let v = s.accept_referral().await;
    assert_eq!(v["version"], 1);
    assert_eq!(v["state"]["kind"], "Accepted");
}

async fn a_stale_decision_is_refused_and_nothing_is_overwritten(s: &Store) {
    s.accept_referral().await;
    // Based on version 0 again.
    let r = s
        .put(
            &decision_url(REFERRAL),
            json!({"version": 0, "acceptance": "Declined", "decline_reason": "no capacity"}),
        )
        .await;
    assert_stale(&r, 1);
    let detail = s.detail().await;
    let r = find(&detail["referrals"], "/referral/id", REFERRAL);
    assert_eq!(r["version"], 1, "stored record unchanged");
    assert_eq!(r["decision"]["acceptance"], "Accepted");
    assert_eq!(r["decision"]["services_estimated_value"], "2500.00");
}

async fn a_decision_appends_a_note_saying_what_changed(s: &Store) {
    s.accept_referral().await;
    let detail = s.detail().await;
    let note = &detail["notes"][0];
    assert_eq!(note["kind"], "Referral edit");
    assert_eq!(note["author"], AUTHOR);
    assert!(
        note["text"]
            .as_str()
            .unwrap()
            .contains("Acceptance: Pending → Accepted"),
        "{note}"
    );
}

async fn an_expired_referral_is_read_only(s: &Store) {
    let (status, v) = s
        .put(
            &decision_url(EXPIRED_REFERRAL),
            json!({"version": 0, "acceptance": "Accepted"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{v}");
}

async fn an_unknown_referral_is_not_found(s: &Store) {
    let (status, v) = s
        .put(
            &decision_url("RFA-NOPE"),
            json!({"version": 0, "acceptance": "Accepted"}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{v}");
}

async fn the_referrals_list_shows_an_expired_referral_as_expired_and_not_linkable(s: &Store) {
    let (status, list) = s.get("/api/referrals").await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let expired = find(&list, "/referral/id", EXPIRED_REFERRAL);
    assert_eq!(expired["state"]["kind"], "Expired");
    assert_eq!(expired["state"]["linkable"], false);
}
