//! Who sees what (spec §6): a Report viewer's answers, on every route, carry none of the
//! sensitive fields — not their names, not their values — and a viewer writes notes, service
//! status and referral decisions but no field it may not read, and no contact. Every write
//! records the token's `sub` as its author.

use crate::common::*;
use axum::http::StatusCode;
use serde_json::{json, Value};
use shared::access::Role;

on_both_stores!(
    a_viewer_reads_no_revenue_and_no_personal_data_on_any_route,
    a_viewer_writes_notes_status_and_decisions_but_no_field_it_cannot_read,
    contacts_are_read_only_to_a_viewer,
    every_write_records_the_tokens_sub,
);

const VIEWER: &str = "vic@partner.example";
/// A services estimated value found nowhere else (USD, as the API writes money).
const VALUE: &str = "76543.21";

fn viewer(s: &Store) -> Client {
    s.as_(Some(token(VIEWER, Role::Viewer, &[])))
}

/// Keys a viewer's answer never holds, wherever in it.
const SENSITIVE_KEYS: [&str; 8] = [
    "rate_per_unit",
    "mci_estimate",
    "services_estimated_value",
    "potential_earnings",
    "author",
    "next_action_owner",
    "who",
    "email",
];

/// Every object key of `v`, with the key of the array or object it sits in.
fn keys(v: &Value, parent: &str, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                out.push((parent.to_string(), k.clone()));
                keys(x, k, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| keys(x, parent, out)),
        _ => {}
    }
}

/// The values of the sensitive fields in an executive's answer, as text: every value of a
/// sensitive key (money also as shown, `76543.21`), and contacts' names — wherever a contact
/// is (`contacts`, and change-log records of contacts).
fn sensitive_values(v: &Value, in_contact: bool, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            let contact = in_contact || m.contains_key("contact_type");
            for (k, x) in m {
                let sensitive = SENSITIVE_KEYS.contains(&k.as_str()) || (contact && k == "name");
                match x {
                    Value::String(t) if sensitive && !t.is_empty() => out.push(t.clone()),
                    Value::Number(n) if sensitive => {
                        out.push(n.to_string());
                        if let Some(c) = n.as_i64() {
                            out.push(shared::Money(c).to_string());
                        }
                    }
                    _ => sensitive_values(x, false, out),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| sensitive_values(x, in_contact, out)),
        _ => {}
    }
}

/// Data in every sensitive field: a contact, a note with a next-action owner, a referral
/// decision with its value (which appends a note), a service status.
async fn everything_written(s: &Store) {
    s.add_contact(json!({"contact_type": "Customer", "name": "Zelda Quill",
        "email": "zelda.quill@contoso.example", "country": "Norway",
        "survey_language": "English", "services_assisted_with": ["Teams"],
        "survey_eligible": true}))
        .await;
    let (status, v) = s
        .post(
            &format!("{}/notes", s.tenant_url()),
            json!({"text": "Kick-off", "next_action": "Pilot", "next_action_owner": "Olga Owner"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{v}");
    let mut decision = accepted();
    decision["services_estimated_value"] = json!(VALUE);
    let (status, v) = s.put(&decision_url(REFERRAL), decision).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let (status, v) = s
        .put(
            &s.status_url(),
            json!({"version": 0, "splits": [{"l1": "In Progress", "count": TOTAL}], "intent_note": ""}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
}

async fn a_viewer_reads_no_revenue_and_no_personal_data_on_any_route(s: &Store) {
    everything_written(s).await;
    let routes = [
        "/api/snapshot".to_string(),
        s.tenant_url(),
        format!("{}/notes", s.tenant_url()),
        format!("{}/changes", s.tenant_url()),
        "/api/referrals".to_string(),
    ];
    let mut all_values = Vec::new();
    for uri in &routes {
        let (status, exec) = s.get(uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        let mut values = Vec::new();
        sensitive_values(&exec, false, &mut values);
        assert!(
            !values.is_empty(),
            "{uri}: the executive sees sensitive data here"
        );
        let answer = viewer(s).send(axum::http::Method::GET, uri, None).await;
        assert_eq!(answer.status, StatusCode::OK, "{uri}");
        assert_no_sensitive_data(uri, &answer.body, &values);
        all_values.extend(values);
    }
    for expected in [
        shared::Money(rate_cents(0)).to_string(),
        shared::Money(mci_cents(0)).to_string(),
        VALUE.to_string(),
        "Zelda Quill".to_string(),
        "zelda.quill@contoso.example".to_string(),
        "Olga Owner".to_string(),
        AUTHOR.to_string(),
    ] {
        assert!(
            all_values.contains(&expected),
            "the test looks for {expected}"
        );
    }
}

/// No sensitive key in `body`, no contact with a name, and none of `values` anywhere in it.
pub fn assert_no_sensitive_data(what: &str, body: &str, values: &[String]) {
    let around = |i: usize| {
        let start = body.floor_char_boundary(i.saturating_sub(120));
        let end = body.ceil_char_boundary((i + 120).min(body.len()));
        &body[start..end]
    };
    let v: Value = serde_json::from_str(body).unwrap();
    let mut k = Vec::new();
    keys(&v, "", &mut k);
    for (parent, key) in &k {
        let at = || around(body.find(&format!("\"{key}\"")).unwrap_or(0));
        assert!(
            !SENSITIVE_KEYS.contains(&key.as_str()),
            "{what}: `{key}` in …{}…",
            at()
        );
        assert!(
            !(key == "name" && (parent == "contacts" || parent == "before" || parent == "after")),
            "{what}: a contact's name in …{}…",
            at()
        );
    }
    for value in values {
        if let Some(i) = body.find(value.as_str()) {
            panic!("{what}: `{value}` in …{}…", around(i));
        }
    }
}

async fn a_viewer_writes_notes_status_and_decisions_but_no_field_it_cannot_read(s: &Store) {
    everything_written(s).await;
    let v = viewer(s);
    let secrets = [VALUE.into(), AUTHOR.into(), VIEWER.into()];
    // A note: yes, without an owner.
    let a = v
        .send(
            axum::http::Method::POST,
            &format!("{}/notes", s.tenant_url()),
            Some(json!({"text": "Viewer note", "next_action": "Call"})),
        )
        .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    assert_no_sensitive_data("the viewer's note", &a.body, &secrets);
    let (status, e) = v
        .post(
            &format!("{}/notes", s.tenant_url()),
            json!({"text": "x", "next_action": "Call", "next_action_owner": "Olga"}),
        )
        .await;
    assert_eq!(
        (status, e["field"].as_str()),
        (StatusCode::FORBIDDEN, Some("next_action_owner")),
        "{e}"
    );
    // A decision: yes, keeping the value it was not shown; setting the value: no.
    let (_, list) = v.get("/api/referrals").await;
    let version = find(&list, "/referral/id", REFERRAL)["version"]
        .as_i64()
        .unwrap();
    let mut decision = json!({"version": version, "acceptance": "Accepted", "status": "Onboarding",
        "value_added_services_sold": "Adoption workshop"});
    let a = v
        .send(
            axum::http::Method::PUT,
            &decision_url(REFERRAL),
            Some(decision.clone()),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_no_sensitive_data("the viewer's decision", &a.body, &secrets);
    let (_, list) = s.get("/api/referrals").await;
    let saved = find(&list, "/referral/id", REFERRAL);
    assert_eq!(saved["decision"]["status"], "Onboarding");
    assert_eq!(saved["decision"]["services_estimated_value"], VALUE, "kept");
    decision["version"] = saved["version"].clone();
    decision["services_estimated_value"] = json!("0.01");
    let (status, e) = v.put(&decision_url(REFERRAL), decision).await;
    assert_eq!(
        (status, e["field"].as_str()),
        (StatusCode::FORBIDDEN, Some("services_estimated_value")),
        "{e}"
    );
    let (_, list) = s.get("/api/referrals").await;
    assert_eq!(
        find(&list, "/referral/id", REFERRAL)["version"],
        saved["version"],
        "unchanged"
    );
    // Service status: yes.
    let (_, detail) = v.get(&s.tenant_url()).await;
    let st = find(&detail["service_statuses"], "/status/workload", WORKLOAD);
    let a = v
        .send(
            axum::http::Method::PUT,
            &s.status_url(),
            Some(json!({"version": st["status"]["version"], "splits": [{"l1": "Completed", "count": TOTAL}],
                "intent_note": ""})),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_no_sensitive_data("the viewer's service status", &a.body, &secrets);
}

async fn contacts_are_read_only_to_a_viewer(s: &Store) {
    let zelda = s.add_contact(customer("Zelda Quill", true)).await;
    let id = zelda["id"].as_i64().unwrap();
    let v = viewer(s);
    let url = format!("{}/contacts", s.tenant_url());
    let one = format!("{url}/{id}");
    let tries = [
        v.post(&url, customer("Vic", true)).await,
        v.put(&one, {
            let mut c = customer("Vic", true);
            c["version"] = json!(1);
            c
        })
        .await,
        v.delete(&format!("{one}?version=1")).await,
        // Whatever the tenant: the refusal says nothing about what exists.
        v.post(
            "/api/tenants/00000000-0000-0000-0000-000000000000/contacts",
            customer("V", true),
        )
        .await,
    ];
    for (status, e) in tries {
        assert_eq!(status, StatusCode::FORBIDDEN, "{e}");
        assert_eq!(e["error"], "Report viewers cannot change contacts");
    }
    let (_, detail) = v.get(&s.tenant_url()).await;
    let contacts = detail["contacts"].as_array().unwrap();
    assert_eq!(contacts.len(), 1, "unchanged");
    let mut fields: Vec<&str> = contacts[0]
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.as_str())
        .collect();
    fields.sort();
    assert_eq!(
        fields,
        [
            "contact_type",
            "country",
            "id",
            "services_assisted_with",
            "survey_eligible",
            "survey_language",
            "tenant_id",
            "version"
        ]
    );
}

async fn every_write_records_the_tokens_sub(s: &Store) {
    let (status, _) = viewer(s)
        .post(
            &format!("{}/notes", s.tenant_url()),
            json!({"text": "Hello"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    s.add_contact(customer("Cy", true)).await;
    let (_, notes) = s.get(&format!("{}/notes", s.tenant_url())).await;
    assert_eq!(notes[0]["author"], VIEWER);
    let (_, changes) = s.get(&format!("{}/changes", s.tenant_url())).await;
    let who: Vec<&str> = changes
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["who"].as_str().unwrap())
        .collect();
    assert_eq!(who, [AUTHOR, VIEWER], "newest first");
}
