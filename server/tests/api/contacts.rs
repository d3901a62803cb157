//! Contacts: the survey-eligibility rules, versions, and the tenant lock.

use crate::common::*;
use axum::http::{Method, StatusCode};
use serde_json::{json, Value};

on_both_stores!(
    a_survey_eligible_partner_contact_names_the_field,
    the_first_customer_contact_must_be_survey_eligible,
    the_last_survey_eligible_customer_can_be_neither_deleted_nor_made_ineligible,
    editing_a_contact_bumps_its_version,
    a_stale_contact_edit_or_delete_is_refused_and_nothing_is_overwritten,
    deleting_a_contact_needs_its_version_in_the_query,
    a_contact_is_deleted_based_on_its_version,
    two_concurrent_deletes_cannot_both_pass_the_list_wide_rule,
);

fn contact_url(s: &Store, contact: &Value) -> String {
    format!("{}/contacts/{}", s.tenant_url(), contact["id"])
}

/// The eligible customer Cy and a partner: the fixture's contacts for the rules below.
async fn cy_and_a_partner(s: &Store) -> Value {
    let cy = s.add_contact(customer("Cy", true)).await;
    s.add_contact(partner("Pat", false)).await;
    cy
}

/// `contact` as an edit based on `version`.
fn edit(mut contact: Value, version: i64) -> Value {
    contact["version"] = json!(version);
    contact
}

async fn a_survey_eligible_partner_contact_names_the_field(s: &Store) {
    let r = s
        .post(
            &format!("{}/contacts", s.tenant_url()),
            partner("Pat", true),
        )
        .await;
    assert_field(&r, "survey_eligible");
}

async fn the_first_customer_contact_must_be_survey_eligible(s: &Store) {
    let r = s
        .post(
            &format!("{}/contacts", s.tenant_url()),
            customer("Cy", false),
        )
        .await;
    assert_field(&r, "survey_eligible");
}

async fn the_last_survey_eligible_customer_can_be_neither_deleted_nor_made_ineligible(s: &Store) {
    let cy = cy_and_a_partner(s).await;
    let url = contact_url(s, &cy);
    let (status, v) = s.delete(&format!("{url}?version=1")).await;
    assert_eq!(
        (status, v["field"].clone()),
        (StatusCode::BAD_REQUEST, json!("survey_eligible")),
        "{v}"
    );
    let r = s.put(&url, edit(customer("Cy", false), 1)).await;
    assert_field(&r, "survey_eligible");
    assert_eq!(s.detail().await["contacts"].as_array().unwrap().len(), 2);
}

async fn editing_a_contact_bumps_its_version(s: &Store) {
    let cy = cy_and_a_partner(s).await;
    let (status, v) = s
        .put(&contact_url(s, &cy), edit(customer("Cy Renamed", true), 1))
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["version"], 2);
    assert_eq!(v["name"], "Cy Renamed");
}

async fn a_stale_contact_edit_or_delete_is_refused_and_nothing_is_overwritten(s: &Store) {
    let cy = cy_and_a_partner(s).await;
    let url = contact_url(s, &cy);
    let (status, v) = s.put(&url, edit(customer("Cy Renamed", true), 1)).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_stale(
        &s.put(&url, edit(customer("Stale write", true), 1)).await,
        2,
    );
    assert_stale(&s.delete(&format!("{url}?version=1")).await, 2);
    let detail = s.detail().await;
    let stored = detail["contacts"].as_array().unwrap();
    assert_eq!(stored.len(), 2);
    assert_eq!(
        stored[0]["name"], "Cy Renamed",
        "stale writes changed nothing"
    );
}

async fn deleting_a_contact_needs_its_version_in_the_query(s: &Store) {
    let cy = cy_and_a_partner(s).await;
    s.add_contact(customer("Di", true)).await;
    let url = contact_url(s, &cy);
    for query in ["", "?version=", "?version=one", "?versions=1"] {
        let r = s.delete(&format!("{url}{query}")).await;
        assert_field(&r, "version");
    }
    assert_eq!(s.detail().await["contacts"].as_array().unwrap().len(), 3);
}

async fn a_contact_is_deleted_based_on_its_version(s: &Store) {
    let cy = cy_and_a_partner(s).await;
    let di = s.add_contact(customer("Di", true)).await;
    let (status, v) = s
        .delete(&format!("{}?version=1", contact_url(s, &cy)))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{v}");
    let detail = s.detail().await;
    let names: Vec<&str> = detail["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Pat", "Di"]);
    assert_eq!(detail["contacts"][1]["id"], di["id"]);
    let (status, _) = s
        .delete(&format!("{}?version=1", contact_url(s, &cy)))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "a deleted contact is gone");
}

/// Two concurrent deletes of the two survey-eligible customers: the tenant lock lets only one
/// pass the list-wide rule (no write skew), and neither fails as a store error.
async fn two_concurrent_deletes_cannot_both_pass_the_list_wide_rule(s: &Store) {
    let cy = cy_and_a_partner(s).await;
    let di = s.add_contact(customer("Di", true)).await;
    let (u1, u2) = (
        format!("{}?version=1", contact_url(s, &cy)),
        format!("{}?version=1", contact_url(s, &di)),
    );
    let (a, b) = tokio::join!(
        s.call(Method::DELETE, &u1, None),
        s.call(Method::DELETE, &u2, None),
    );
    let mut statuses = [a.0, b.0];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::NO_CONTENT, StatusCode::BAD_REQUEST],
        "{a:?} {b:?}"
    );
}
