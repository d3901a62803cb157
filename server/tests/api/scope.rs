//! MPN scope (spec §6): a user granted some Partner Center IDs sees only the tenants
//! associated through them, in every answer; any other tenant — its detail, notes, change log,
//! referrals and every edit of it — answers exactly as a tenant that does not exist.

use crate::common::*;
use axum::http::{Method, StatusCode};
use serde_json::{json, Value};
use shared::access::Role;

on_both_stores!(
    a_scoped_user_reads_only_the_tenants_of_their_mpns,
    another_mpns_tenant_answers_exactly_as_one_that_does_not_exist,
);

const UNKNOWN: &str = "00000000-0000-0000-0000-000000000000";

fn scoped(s: &Store, role: Role, mpn: &str) -> Client {
    s.as_(Some(token("scoped@partner.example", role, &[mpn])))
}

fn tenant_ids(snapshot: &Value, list: &str) -> Vec<String> {
    let mut ids: Vec<String> = snapshot[list]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            x.get("tenant_id")
                .or_else(|| x.get("id"))
                .unwrap()
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

async fn a_scoped_user_reads_only_the_tenants_of_their_mpns(s: &Store) {
    let (_, all) = s.get("/api/snapshot").await;
    let of_mpn = |mpn: &str| -> Vec<String> {
        let mut ids: Vec<String> = all["tenants"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| t["mpn_id"] == mpn)
            .map(|t| t["id"].as_str().unwrap().to_string())
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(of_mpn(FIXTURE_MPN), std::slice::from_ref(&s.tenant));
    assert_eq!(of_mpn(OTHER_MPN).len(), 4);
    for (mpn, role) in [(FIXTURE_MPN, Role::Viewer), (OTHER_MPN, Role::Executive)] {
        let (status, snap) = scoped(s, role, mpn).get("/api/snapshot").await;
        assert_eq!(status, StatusCode::OK);
        let want = of_mpn(mpn);
        assert_eq!(tenant_ids(&snap, "tenants"), want, "{mpn}");
        for list in ["workloads", "cloud_endpoints", "referrals", "eligibility"] {
            let ids = tenant_ids(&snap, list);
            // The fixture's referrals are the fixture tenant's.
            if list != "referrals" || mpn == FIXTURE_MPN {
                assert!(!ids.is_empty(), "{mpn} {list}");
            }
            assert!(
                ids.iter().all(|id| want.contains(id)),
                "{mpn} {list}: {ids:?}"
            );
        }
        assert_eq!(
            snap["tipping_points"], all["tipping_points"],
            "reference data, whole"
        );
        let (_, referrals) = scoped(s, role, mpn).get("/api/referrals").await;
        let ids: Vec<&str> = referrals
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["referral"]["tenant_id"].as_str().unwrap())
            .collect();
        assert!(
            ids.iter().all(|id| want.iter().any(|w| w == id)),
            "{mpn}: {ids:?}"
        );
        assert_eq!(ids.contains(&s.tenant.as_str()), mpn == FIXTURE_MPN);
    }
    // Several MPNs: the union.
    let both = s.as_(Some(token("two", Role::Viewer, &[FIXTURE_MPN, OTHER_MPN])));
    let (_, snap) = both.get("/api/snapshot").await;
    assert_eq!(snap["tenants"].as_array().unwrap().len(), 5);
}

/// The same status and error text as for an unknown tenant (or referral), the ID aside.
fn assert_like_unknown(
    what: &str,
    got: (StatusCode, Value),
    unknown: (StatusCode, Value),
    id: &str,
    unknown_id: &str,
) {
    assert_eq!(got.0, StatusCode::NOT_FOUND, "{what}: {}", got.1);
    assert_eq!(got.0, unknown.0, "{what}");
    let text = got.1.to_string().replace(id, "ID");
    assert_eq!(
        text,
        unknown.1.to_string().replace(unknown_id, "ID"),
        "{what}"
    );
}

async fn another_mpns_tenant_answers_exactly_as_one_that_does_not_exist(s: &Store) {
    let outsider = scoped(s, Role::Executive, OTHER_MPN);
    let t = s.tenant_url();
    let u = format!("/api/tenants/{UNKNOWN}");
    let note = json!({"text": "hello"});
    let status =
        json!({"version": 0, "splits": [{"l1": "In Progress", "count": TOTAL}], "intent_note": ""});
    let workload = WORKLOAD.replace(' ', "%20");
    let requests: Vec<(&str, Method, String, String, Option<Value>)> = vec![
        ("detail", Method::GET, t.clone(), u.clone(), None),
        (
            "notes",
            Method::GET,
            format!("{t}/notes"),
            format!("{u}/notes"),
            None,
        ),
        (
            "changes",
            Method::GET,
            format!("{t}/changes"),
            format!("{u}/changes"),
            None,
        ),
        (
            "add a note",
            Method::POST,
            format!("{t}/notes"),
            format!("{u}/notes"),
            Some(note),
        ),
        (
            "add a contact",
            Method::POST,
            format!("{t}/contacts"),
            format!("{u}/contacts"),
            Some(customer("Cy", true)),
        ),
        (
            "service status",
            Method::PUT,
            format!("{t}/service-status/{workload}"),
            format!("{u}/service-status/{workload}"),
            Some(status),
        ),
    ];
    for (what, method, theirs, unknown, body) in requests {
        let got = outsider.call(method.clone(), &theirs, body.clone()).await;
        let none = outsider.call(method, &unknown, body).await;
        assert_like_unknown(what, got, none, &s.tenant, UNKNOWN);
    }
    // A contact that exists on the tenant: edited or deleted from outside, it does not.
    let cy = s.add_contact(customer("Cy", true)).await;
    let one = format!("{t}/contacts/{}", cy["id"]);
    let mut edit = customer("Cy", true);
    edit["version"] = json!(1);
    let got = outsider.put(&one, edit.clone()).await;
    let none = outsider
        .put(&format!("{u}/contacts/{}", cy["id"]), edit)
        .await;
    assert_like_unknown("edit a contact", got, none, &s.tenant, UNKNOWN);
    let got = outsider.delete(&format!("{one}?version=1")).await;
    assert_eq!(got.0, StatusCode::NOT_FOUND, "{}", got.1);
    // A referral of the tenant: as a referral that does not exist.
    let got = outsider.put(&decision_url(REFERRAL), accepted()).await;
    let none = outsider.put(&decision_url("RFA-NOPE"), accepted()).await;
    assert_like_unknown("decide a referral", got, none, REFERRAL, "RFA-NOPE");
    // Nothing was written.
    let (_, d) = s.get(&t).await;
    assert_eq!(d["notes_total"], 0);
    assert_eq!(d["contacts"].as_array().unwrap().len(), 1);
    assert_eq!(
        find(&d["referrals"], "/referral/id", REFERRAL)["version"],
        0
    );
}
