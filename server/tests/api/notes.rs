//! Status notes.

use crate::common::*;
use axum::http::StatusCode;
use serde_json::json;

on_both_stores!(
    a_blank_note_names_the_field,
    a_note_is_saved_with_its_next_action,
);

async fn a_blank_note_names_the_field(s: &Store) {
    let r = s
        .post(&format!("{}/notes", s.tenant_url()), json!({"text": "  "}))
        .await;
    assert_field(&r, "text");
}

async fn a_note_is_saved_with_its_next_action(s: &Store) {
    let (status, n) = s
        .post(
            &format!("{}/notes", s.tenant_url()),
            json!({"text": "Kick-off held", "next_action": "Pilot",
            "next_action_date": "2026-12-01", "next_action_owner": "Ann"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{n}");
    assert_eq!(n["next_action_date"], "2026-12-01");
    assert_eq!(n["author"], AUTHOR);
    let (status, all) = s.get(&format!("{}/notes", s.tenant_url())).await;
    assert_eq!(status, StatusCode::OK, "{all}");
    assert_eq!(all[0]["id"], n["id"]);
    assert_eq!(all[0]["text"], "Kick-off held");
}
