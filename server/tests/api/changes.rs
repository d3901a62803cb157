//! What every write leaves behind: one change-log row, and nothing an import can delete.

use crate::common::*;
use axum::http::StatusCode;
use serde_json::{json, Value};
use server::store::import;

on_both_stores!(
    every_write_is_logged_once_newest_first_with_its_author,
    a_reimport_keeps_everything_partners_wrote,
);

/// One write of each kind, with refused ones between them: a referral decision (which appends
/// a note), a note, two contacts and an edit of one, a service status.
async fn write_one_of_each(s: &Store) -> Value {
    let t = s.tenant_url();
    s.accept_referral().await;
    let (status, _) = s.put(&decision_url(REFERRAL), accepted()).await;
    assert_eq!(status, StatusCode::CONFLICT, "refused: stale");
    let (status, _) = s
        .post(&format!("{t}/notes"), json!({"text": "Kick-off held"}))
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, _) = s.post(&format!("{t}/notes"), json!({"text": ""})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "refused: blank");
    let cy = s.add_contact(customer("Cy", true)).await;
    s.add_contact(partner("Pat", false)).await;
    let mut renamed = customer("Cy Renamed", true);
    renamed["version"] = json!(1);
    let (status, _) = s.put(&format!("{t}/contacts/{}", cy["id"]), renamed).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = s
        .put(
            &s.status_url(),
            json!({"version": 0, "intent_note": "Pilot running",
            "splits": [split("In Progress", json!(null), json!(null), TOTAL)]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    cy
}

async fn every_write_is_logged_once_newest_first_with_its_author(s: &Store) {
    write_one_of_each(s).await;
    let (status, log) = s.get(&format!("{}/changes", s.tenant_url())).await;
    assert_eq!(status, StatusCode::OK, "{log}");
    let entities: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["entity"].as_str().unwrap())
        .collect();
    assert_eq!(
        entities,
        [
            "service_status",
            "contact",
            "contact",
            "contact",
            "note",
            "note",
            "referral_decision"
        ],
        "newest first, each write logged once (the referral edit's note too)"
    );
    assert_eq!(log[1]["before"]["name"], "Cy");
    assert_eq!(log[1]["after"]["name"], "Cy Renamed");
    assert_eq!(log[1]["before"]["id"], log[1]["after"]["id"]);
    assert!(log[3]["before"].is_null(), "created: nothing before");
    for entry in log.as_array().unwrap() {
        assert_eq!(entry["who"], AUTHOR, "{entry}");
        assert_eq!(entry["tenant_id"], s.tenant.as_str(), "{entry}");
    }
}

async fn a_reimport_keeps_everything_partners_wrote(s: &Store) {
    write_one_of_each(s).await;
    let before = s.detail().await;
    import::import_folder(&s.db, &s.dir, &|_, _| {})
        .await
        .unwrap();
    let after = s.detail().await;
    for key in ["referrals", "contacts", "service_statuses", "notes"] {
        assert_eq!(after[key], before[key], "{key}");
    }
    assert_eq!(after["notes_total"], 2);
    assert_eq!(after["contacts"].as_array().unwrap().len(), 2);
    let status = find(&after["service_statuses"], "/status/workload", WORKLOAD);
    assert_eq!(status["status"]["version"], 1);
    let r = find(&after["referrals"], "/referral/id", REFERRAL);
    assert_eq!(r["decision"]["acceptance"], "Accepted");
}
