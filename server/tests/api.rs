//! The edit API end to end through the real router: validation naming the field, stale
//! versions refused without overwriting, the contact and entitlement rules, edits kept across
//! a re-import, and (with the real binary) an acknowledged edit surviving `kill -9`. The write
//! scenario runs on SQLite and on the machine's PostgreSQL.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use serde_json::{json, Value};
use server::demo_data::{self, DemoOptions};
use server::router::router;
use server::state::AppState;
use server::store::import as snapshot_store;
use server::store::Db;
use shared::{Acceptance, ClaimedBy, Referral, ReferralId, Workload};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use time::OffsetDateTime;
use tower::ServiceExt;

const WORKLOAD: &str = "Teams Rooms Test";
const TOTAL: u64 = 100;
const REFERRAL: &str = "RFA-TEST-1";
const EXPIRED_REFERRAL: &str = "RFA-TEST-OLD";

/// A small import folder with one tenant whose referral is fresh and pending, one expired
/// referral, and a workload of ours with 100 entitlements. Returns the tenant ID.
fn fixture(dir: &Path) -> String {
    let mut data = demo_data::generate(&DemoOptions {
        tenants: 5,
        seed: 11,
        as_of: OffsetDateTime::now_utc().date(),
    });
    let t0 = data.tenants[0].id;
    let mut w = data.workloads[0].clone();
    w.tenant_id = t0;
    w.workload = Workload::new(WORKLOAD);
    w.claimed_by = Some(ClaimedBy::Us);
    w.total_entitlements = TOTAL;
    data.workloads.push(w);
    let r = Referral {
        id: ReferralId::from(REFERRAL),
        tenant_id: t0,
        source: "FastTrack".into(),
        rfa_workloads: vec![WORKLOAD.into()],
        assigned_at: OffsetDateTime::now_utc() - time::Duration::hours(1),
        acceptance: Acceptance::Pending,
        status: "New".into(),
        au_at_referral: None,
    };
    let mut old = r.clone();
    old.id = ReferralId::from(EXPIRED_REFERRAL);
    old.assigned_at = OffsetDateTime::now_utc() - time::Duration::hours(169);
    data.referrals.retain(|x| x.tenant_id != t0);
    data.referrals.push(r);
    data.referrals.push(old);
    demo_data::write(&data, dir).unwrap();
    t0.to_string()
}

struct Api {
    app: axum::Router,
}

impl Api {
    async fn call(&self, method: Method, uri: &str, body: Option<Value>) -> (StatusCode, Value) {
        let mut req = Request::builder()
            .method(method)
            .uri(uri)
            .header("x-insights-user", "ann@partner.example");
        let body = match body {
            Some(v) => {
                req = req.header("content-type", "application/json");
                Body::from(v.to_string())
            }
            None => Body::empty(),
        };
        let res = self
            .app
            .clone()
            .oneshot(req.body(body).unwrap())
            .await
            .unwrap();
        let status = res.status();
        let bytes = axum::body::to_bytes(res.into_body(), 10 << 20)
            .await
            .unwrap();
        let v = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).unwrap_or_else(|_| {
                panic!("not JSON ({status}): {}", String::from_utf8_lossy(&bytes))
            })
        };
        (status, v)
    }
    async fn get(&self, uri: &str) -> (StatusCode, Value) {
        self.call(Method::GET, uri, None).await
    }
    async fn put(&self, uri: &str, body: Value) -> (StatusCode, Value) {
        self.call(Method::PUT, uri, Some(body)).await
    }
    async fn post(&self, uri: &str, body: Value) -> (StatusCode, Value) {
        self.call(Method::POST, uri, Some(body)).await
    }
}

fn customer(name: &str, eligible: bool) -> Value {
    json!({"contact_type": "Customer", "name": name, "email": "c@contoso.com",
        "country": "Norway", "survey_language": "English",
        "services_assisted_with": ["Teams"], "survey_eligible": eligible})
}

fn assert_field(r: &(StatusCode, Value), field: &str) {
    assert_eq!(r.0, StatusCode::BAD_REQUEST, "{:?}", r.1);
    assert_eq!(r.1["field"], field, "{:?}", r.1);
    assert!(r.1["error"].as_str().is_some_and(|e| !e.is_empty()));
}

/// Every write rule, on one store; `dir` is the imported folder (for the re-import).
async fn write_scenario(db: &Db, dir: &Path, tenant: &str) {
    let api = Api {
        app: router(AppState::new(db.clone())),
    };
    let t = format!("/api/tenants/{tenant}");
    let decision = format!("/api/referrals/{REFERRAL}/decision");

    // --- referral decision ---
    for reason in [json!(null), json!(""), json!("   ")] {
        let r = api
            .put(&decision, json!({"version": 0, "acceptance": "Declined", "decline_reason": reason, "status": "Closed"}))
            .await;
        assert_field(&r, "decline_reason");
    }
    let (s, v) = api
        .put(
            &decision,
            json!({"version": 0, "acceptance": "Accepted", "status": "Engaged",
            "value_added_services_sold": "Adoption workshop", "services_estimated_value": 250000}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["version"], 1);
    assert_eq!(v["state"]["kind"], "Accepted");
    // Stale: based on version 0 again.
    let (s, v) = api
        .put(
            &decision,
            json!({"version": 0, "acceptance": "Declined", "decline_reason": "no capacity"}),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{v}");
    assert!(v["error"].as_str().unwrap().contains("version"));
    let (s, detail) = api.get(&t).await;
    assert_eq!(s, StatusCode::OK, "{detail}");
    let r = detail["referrals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["referral"]["id"] == REFERRAL)
        .unwrap();
    assert_eq!(r["version"], 1, "stored record unchanged");
    assert_eq!(r["decision"]["acceptance"], "Accepted");
    assert_eq!(r["decision"]["services_estimated_value"], 250000);
    // The edit appended a note saying what changed.
    let note = &detail["notes"][0];
    assert_eq!(note["kind"], "ReferralEdit");
    assert_eq!(note["author"], "ann@partner.example");
    assert!(
        note["text"]
            .as_str()
            .unwrap()
            .contains("Acceptance: Pending → Accepted"),
        "{note}"
    );
    // Expired referrals are read-only.
    let (s, v) = api
        .put(
            &format!("/api/referrals/{EXPIRED_REFERRAL}/decision"),
            json!({"version": 0, "acceptance": "Accepted"}),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{v}");
    let (s, _) = api
        .put(
            "/api/referrals/RFA-NOPE/decision",
            json!({"version": 0, "acceptance": "Accepted"}),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    // --- notes ---
    assert_field(
        &api.post(&format!("{t}/notes"), json!({"text": "  "})).await,
        "text",
    );
    let (s, n) = api
        .post(
            &format!("{t}/notes"),
            json!({"text": "Kick-off held", "next_action": "Pilot",
            "next_action_date": "2026-12-01", "next_action_owner": "Ann"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{n}");
    assert_eq!(n["next_action_date"], "2026-12-01");

    // --- contacts ---
    let mut partner = customer("Pat", true);
    partner["contact_type"] = json!("Partner");
    assert_field(
        &api.post(&format!("{t}/contacts"), partner.clone()).await,
        "survey_eligible",
    );
    assert_field(
        &api.post(&format!("{t}/contacts"), customer("Cy", false))
            .await,
        "survey_eligible",
    );
    let (s, c1) = api
        .post(&format!("{t}/contacts"), customer("Cy", true))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{c1}");
    partner["survey_eligible"] = json!(false);
    let (s, p) = api.post(&format!("{t}/contacts"), partner).await;
    assert_eq!(s, StatusCode::CREATED, "{p}");
    let c1_url = format!("{t}/contacts/{}", c1["id"]);
    // The last survey-eligible customer can be neither deleted nor made ineligible.
    let (s, v) = api
        .call(Method::DELETE, &format!("{c1_url}?version=1"), None)
        .await;
    assert_eq!(
        (s, v["field"].clone()),
        (StatusCode::BAD_REQUEST, json!("survey_eligible")),
        "{v}"
    );
    let mut edit = customer("Cy", false);
    edit["version"] = json!(1);
    assert_field(&api.put(&c1_url, edit.clone()).await, "survey_eligible");
    edit["survey_eligible"] = json!(true);
    edit["name"] = json!("Cy Renamed");
    let (s, v) = api.put(&c1_url, edit.clone()).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["version"], 2);
    edit["name"] = json!("Stale write");
    let (s, _) = api.put(&c1_url, edit).await;
    assert_eq!(s, StatusCode::CONFLICT);
    let (s, _) = api
        .call(Method::DELETE, &format!("{c1_url}?version=1"), None)
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    let (_, detail) = api.get(&t).await;
    let stored = detail["contacts"].as_array().unwrap();
    assert_eq!(stored.len(), 2);
    assert_eq!(
        stored[0]["name"], "Cy Renamed",
        "stale writes changed nothing"
    );

    // --- service status ---
    let ss = format!("{t}/service-status/{}", WORKLOAD.replace(' ', "%20"));
    let split =
        |l1: &str, l2: Value, l3: Value, n: u64| json!({"l1": l1, "l2": l2, "l3": l3, "count": n});
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
        assert_field(
            &api.put(
                &ss,
                json!({"version": 0, "splits": splits, "intent_note": "x"}),
            )
            .await,
            field,
        );
    }
    let (s, v) = api
        .put(
            &ss,
            json!({"version": 0, "intent_note": "Not deployed yet",
            "splits": [split("In Progress", json!(null), json!(null), 60),
                       split("Blocked", json!("technical"), json!("Product bug"), 40)]}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["status"]["version"], 1);
    assert_eq!(v["status"]["splits"][1]["l2"], "Technical");
    let kinds: Vec<&str> = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["Ambiguous", "NoReason"], "lint warns, never blocks");
    let (s, _) = api
        .put(&ss, json!({"version": 0, "splits": [split("In Progress", json!(null), json!(null), TOTAL)]}))
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    let (s, _) = api
        .put(
            &format!("{t}/service-status/Nope"),
            json!({"version": 0, "splits": []}),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    // --- change log, list, errors ---
    let (s, log) = api.get(&format!("{t}/changes")).await;
    assert_eq!(s, StatusCode::OK);
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
    assert_eq!(log[0]["who"], "ann@partner.example");
    let (_, list) = api.get("/api/referrals").await;
    let expired = list
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["referral"]["id"] == EXPIRED_REFERRAL)
        .unwrap();
    assert_eq!(expired["state"]["kind"], "Expired");
    assert_eq!(expired["state"]["linkable"], false);
    let (s, v) = api
        .get("/api/tenants/00000000-0000-0000-0000-000000000000")
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND, "{v}");
    let big = json!({"text": "x".repeat(100 * 1024)});
    let (s, v) = api.post(&format!("{t}/notes"), big).await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE, "{v}");

    // --- `insights export referrals` carries the decision; a viewer loses its value ---
    use server::export::{export, Report, Role};
    let now = OffsetDateTime::now_utc();
    let exec = export(db, Report::Referrals, Role::Executive, now)
        .await
        .unwrap();
    let viewer = export(db, Report::Referrals, Role::Viewer, now)
        .await
        .unwrap();
    let row = exec.lines().find(|l| l.contains(REFERRAL)).unwrap();
    assert!(
        row.contains(",Accepted,") && row.contains(",Adoption workshop,2500.00,"),
        "{row}"
    );
    let row = viewer.lines().find(|l| l.contains(REFERRAL)).unwrap();
    assert!(!row.contains("2500.00"), "{row}");
    let row = exec.lines().find(|l| l.contains(EXPIRED_REFERRAL)).unwrap();
    assert!(row.contains(",Expired (reassigned),"), "{row}");

    // --- a re-import (refresh) keeps everything partners wrote ---
    let (_, before) = api.get(&t).await;
    snapshot_store::import_folder(db, dir, &|_, _| {})
        .await
        .unwrap();
    let (_, after) = api.get(&t).await;
    for key in ["referrals", "contacts", "service_statuses", "notes"] {
        assert_eq!(after[key], before[key], "{key}");
    }
    assert_eq!(after["notes_total"], 2);
    assert_eq!(after["contacts"].as_array().unwrap().len(), 2);
    let status = after["service_statuses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["status"]["workload"] == WORKLOAD)
        .unwrap();
    assert_eq!(status["status"]["version"], 1);
    // Two concurrent deletes of the two survey-eligible customers: the tenant lock lets only
    // one pass the list-wide rule (no write skew), and neither fails as a store error.
    let (_, c2) = api
        .post(&format!("{t}/contacts"), customer("Di", true))
        .await;
    let (u1, u2) = (
        format!("{t}/contacts/{}?version=2", c1["id"]),
        format!("{t}/contacts/{}?version=1", c2["id"]),
    );
    let (a, b) = tokio::join!(
        api.call(Method::DELETE, &u1, None),
        api.call(Method::DELETE, &u2, None),
    );
    let mut statuses = [a.0, b.0];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::NO_CONTENT, StatusCode::BAD_REQUEST],
        "{a:?} {b:?}"
    );

    let r = after["referrals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["referral"]["id"] == REFERRAL)
        .unwrap();
    assert_eq!(r["decision"]["acceptance"], "Accepted");
}

#[tokio::test]
async fn writes_on_sqlite() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("csv");
    let tenant = fixture(&dir);
    let db = Db::connect(&format!("sqlite://{}", tmp.path().join("x.db").display()))
        .await
        .unwrap();
    snapshot_store::import_folder(&db, &dir, &|_, _| {})
        .await
        .unwrap();
    write_scenario(&db, &dir, &tenant).await;
}

/// The same scenario on PostgreSQL, in a schema of its own so that it collides with no
/// other test (the CLI parity test imports into `public`).
#[tokio::test]
async fn writes_on_postgres() {
    let base = std::env::var("INSIGHTS_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_string());
    let schema = format!("api_test_{}", uuid::Uuid::new_v4().simple());
    sqlx::any::install_default_drivers();
    let admin = sqlx::AnyPool::connect(&base).await.unwrap();
    sqlx::query(&format!("CREATE SCHEMA {schema}"))
        .execute(&admin)
        .await
        .unwrap();
    let sep = if base.contains('?') { '&' } else { '?' };
    let url = format!("{base}{sep}options=-c%20search_path%3D{schema}");
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("csv");
    let tenant = fixture(&dir);
    let db = Db::connect(&url).await.unwrap();
    snapshot_store::import_folder(&db, &dir, &|_, _| {})
        .await
        .unwrap();
    write_scenario(&db, &dir, &tenant).await;
    db.pool.close().await;
    sqlx::query(&format!("DROP SCHEMA {schema} CASCADE"))
        .execute(&admin)
        .await
        .unwrap();
}

#[tokio::test]
async fn the_openapi_document_lists_the_edit_routes() {
    let tmp = tempfile::tempdir().unwrap();
    let db = Db::connect(&format!("sqlite://{}", tmp.path().join("x.db").display()))
        .await
        .unwrap();
    let api = Api {
        app: router(AppState::new(db)),
    };
    let (s, doc) = api.get("/api/openapi.json").await;
    assert_eq!(s, StatusCode::OK);
    for (path, method) in [
        ("/api/tenants/{tenant_id}", "get"),
        ("/api/tenants/{tenant_id}/notes", "get"),
        ("/api/tenants/{tenant_id}/notes", "post"),
        ("/api/tenants/{tenant_id}/changes", "get"),
        ("/api/referrals", "get"),
        ("/api/referrals/{referral_id}/decision", "put"),
        ("/api/tenants/{tenant_id}/contacts", "post"),
        ("/api/tenants/{tenant_id}/contacts/{contact_id}", "put"),
        ("/api/tenants/{tenant_id}/contacts/{contact_id}", "delete"),
        ("/api/tenants/{tenant_id}/service-status/{workload}", "put"),
    ] {
        assert!(doc["paths"][path][method].is_object(), "{method} {path}");
    }
}

struct Served {
    child: Child,
    base: String,
}

fn serve(db: &str) -> Served {
    let mut child = Command::new(env!("CARGO_BIN_EXE_insights"))
        .args([
            "serve",
            "--db",
            db,
            "--addr",
            "127.0.0.1:0",
            "--assets",
            "/nonexistent",
        ])
        .env("RUST_LOG", "error")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let base = loop {
        let line = lines
            .next()
            .expect("the server prints its address")
            .unwrap();
        if let Some(url) = line.trim().strip_prefix("Partner Insights at ") {
            break url.to_string();
        }
    };
    // Keep reading, so the server never blocks on (or dies of) a full or closed pipe.
    std::thread::spawn(move || lines.for_each(drop));
    Served { child, base }
}

/// An edit answered 200 is on disk: `kill -9` right after the answer, restart, read it back.
#[tokio::test]
async fn an_acknowledged_edit_survives_kill_9() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("csv");
    let tenant = fixture(&dir);
    let db_url = format!("sqlite://{}", tmp.path().join("x.db").display());
    {
        let db = Db::connect(&db_url).await.unwrap();
        snapshot_store::import_folder(&db, &dir, &|_, _| {})
            .await
            .unwrap();
        db.pool.close().await;
    }
    let http = reqwest::Client::new();
    let mut s = serve(&db_url);
    let res = http
        .post(format!("{}/api/tenants/{tenant}/notes", s.base))
        .json(&json!({"text": "Survives a crash"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    s.child.kill().unwrap(); // SIGKILL: no graceful shutdown, no checkpoint
    s.child.wait().unwrap();

    let mut s = serve(&db_url);
    let notes: Value = http
        .get(format!("{}/api/tenants/{tenant}/notes", s.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    s.child.kill().unwrap();
    s.child.wait().unwrap();
    assert_eq!(notes[0]["text"], "Survives a crash");
}
