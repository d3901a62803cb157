//! `GET /api/snapshot` in both forms: JSON by default, the binary form (`shared::wire`) when
//! asked for; the same data in both, restricted and redacted alike; built once per import and
//! audience, revalidated by ETag.

use crate::common::*;
use axum::http::StatusCode;
use server::router::router;
use server::routes::snapshot::ROWS_HEADER;
use server::snapshot_answer;
use server::snapshot_cache::{Audience, Form};
use server::state::AppState;
use server::store::{audiences, import, snapshot};
use server::web::{self, WebConfig};
use shared::access::{Role, Scope};
use shared::dataset::Dataset;
use shared::wire::{self, MEDIA_TYPE};
use shared::{MpnId, Snapshot};
use std::io::Read;

on_both_stores!(
    a_viewers_binary_snapshot_has_no_revenue_values,
    the_binary_form_decodes_to_exactly_the_json_answer_for_every_audience,
    etags_differ_per_audience_and_form,
    an_unchanged_snapshot_revalidates_with_304,
    a_new_import_changes_the_etag,
    a_new_import_gets_the_apps_answers_built_before_anyone_asks,
    a_restarted_server_builds_the_answers_last_asked_for,
    the_store_lists_the_most_recently_noted_audiences_first,
    the_binary_form_is_compressed_on_the_wire,
    the_openapi_document_names_both_forms,
);

const BINARY: (&str, &str) = ("accept", MEDIA_TYPE);

fn client(s: &Store, role: Role, mpn: &[&str]) -> Client {
    s.as_(Some(token("reader@partner.example", role, mpn)))
}

async fn binary(c: &Client) -> Snapshot {
    let a = c.get_bytes("/api/snapshot", &[BINARY]).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.header("content-type"), MEDIA_TYPE);
    let s = wire::decode(&a.body).unwrap();
    let rows: u64 = Dataset::row_counts_of(&s).iter().sum();
    assert_eq!(a.header(ROWS_HEADER), rows.to_string());
    s
}

async fn json(c: &Client) -> Snapshot {
    let a = c
        .get_bytes("/api/snapshot", &[("accept", "application/json")])
        .await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.header("content-type"), "application/json");
    serde_json::from_slice(&a.body).unwrap()
}

async fn a_viewers_binary_snapshot_has_no_revenue_values(s: &Store) {
    let exec = binary(&client(s, Role::Executive, &[])).await;
    // The fixture's rates (its last row copies the first's), in the snapshot's order (its
    // tenants' report order, not the import's).
    let mut rates: Vec<i64> = exec
        .workloads
        .iter()
        .map(|w| w.rate_per_unit.unwrap().0)
        .collect();
    rates.sort_unstable();
    let n = rates.len() - 1;
    let mut want: Vec<i64> = (0..n).map(rate_cents).chain([rate_cents(0)]).collect();
    want.sort_unstable();
    assert_eq!(rates, want);
    assert!(exec
        .cloud_endpoints
        .iter()
        .all(|c| c.mci_estimate.is_some()));

    let viewer = binary(&client(s, Role::Viewer, &[])).await;
    assert_eq!(viewer.workloads.len(), exec.workloads.len());
    assert!(viewer.workloads.iter().all(|w| w.rate_per_unit.is_none()));
    assert!(viewer
        .cloud_endpoints
        .iter()
        .all(|c| c.mci_estimate.is_none()));
    // Not even as bytes: the first rate's varint (zigzag) appears nowhere in the stream.
    let a = client(s, Role::Viewer, &[])
        .get_bytes("/api/snapshot", &[BINARY])
        .await;
    let mut needle = Vec::new();
    let mut v = (rate_cents(0) as u64) << 1;
    while v >= 0x80 {
        needle.push(v as u8 | 0x80);
        v >>= 7;
    }
    needle.push(v as u8);
    assert!(!a.body.windows(needle.len()).any(|w| w == needle));
}

async fn the_binary_form_decodes_to_exactly_the_json_answer_for_every_audience(s: &Store) {
    for role in Role::ALL {
        for mpn in [
            &[][..],
            &[FIXTURE_MPN],
            &[OTHER_MPN],
            &[FIXTURE_MPN, OTHER_MPN],
        ] {
            let c = client(s, role, mpn);
            let (b, j) = (binary(&c).await, json(&c).await);
            assert!(!b.tenants.is_empty(), "{role} {mpn:?}");
            assert_eq!(b, j, "{role} {mpn:?}");
        }
    }
    let scoped = json(&client(s, Role::Viewer, &[FIXTURE_MPN])).await;
    assert_eq!(scoped.tenants.len(), 1);
    assert_eq!(scoped.tenants[0].id.to_string(), s.tenant);
}

async fn etag_of(c: &Client, headers: &[(&str, &str)]) -> String {
    let a = c.get_bytes("/api/snapshot", headers).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.header("cache-control"), "private, no-cache");
    a.header("etag").to_string()
}

async fn etags_differ_per_audience_and_form(s: &Store) {
    let mut tags = Vec::new();
    for role in Role::ALL {
        for mpn in [&[][..], &[FIXTURE_MPN], &[OTHER_MPN]] {
            for form in [&[BINARY][..], &[]] {
                tags.push(etag_of(&client(s, role, mpn), form).await);
            }
        }
    }
    let mut distinct = tags.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), tags.len(), "{tags:?}");
    // Another user of the same audience gets the same answer, and its ETag.
    let other = s.as_(Some(token(
        "other@partner.example",
        Role::Viewer,
        &[OTHER_MPN],
    )));
    assert_eq!(etag_of(&other, &[BINARY]).await, tags[10]);
}

async fn an_unchanged_snapshot_revalidates_with_304(s: &Store) {
    let c = client(s, Role::Viewer, &[]);
    let tag = etag_of(&c, &[BINARY]).await;
    let again = c
        .get_bytes("/api/snapshot", &[BINARY, ("if-none-match", &tag)])
        .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.body.is_empty());
    assert_eq!(again.header("etag"), tag);
    let weak = format!("\"x\", W/{tag}");
    let weak = c
        .get_bytes("/api/snapshot", &[BINARY, ("if-none-match", &weak)])
        .await;
    assert_eq!(weak.status, StatusCode::NOT_MODIFIED);
    // The JSON form's ETag differs: asking for JSON with the binary's tag is a full answer.
    let json = c
        .get_bytes("/api/snapshot", &[("if-none-match", &tag)])
        .await;
    assert_eq!(json.status, StatusCode::OK);
}

async fn a_new_import_changes_the_etag(s: &Store) {
    let c = client(s, Role::Executive, &[]);
    let before = etag_of(&c, &[BINARY]).await;
    let data_before = binary(&c).await;
    import::import_folder(&s.db, &s.dir, &|_, _| {})
        .await
        .unwrap();
    let after = c
        .get_bytes("/api/snapshot", &[BINARY, ("if-none-match", &before)])
        .await;
    assert_eq!(after.status, StatusCode::OK);
    assert_ne!(after.header("etag"), before);
    assert_eq!(wire::decode(&after.body).unwrap(), data_before);
}

/// The cache's and the store's key for `role` and MPNs `mpn` (none: the whole organization).
fn answer_key(role: Role, mpn: &[&str], form: Form) -> (Audience, Form) {
    let scope = Scope::of(mpn.iter().map(|m| MpnId::from(m.to_string())));
    (Audience { role, scope }, form)
}

async fn a_new_import_gets_the_apps_answers_built_before_anyone_asks(s: &Store) {
    let st = AppState::new(s.db.clone(), auth());
    let app = router(st.clone());
    let exec = Client::new(app.clone(), Some(token(AUTHOR, Role::Executive, &[])));
    let scoped = Client::new(app, Some(token(AUTHOR, Role::Viewer, &[FIXTURE_MPN])));
    let exec_data = binary(&exec).await;
    let scoped_data = binary(&scoped).await;
    json(&scoped).await;
    assert_eq!(
        snapshot_answer::refresh(&st).await.unwrap(),
        0,
        "no new import"
    );

    import::import_folder(&s.db, &s.dir, &|_, _| {})
        .await
        .unwrap();
    let import = snapshot::import_id(&s.db.pool).await.unwrap();
    let exec_key = answer_key(Role::Executive, &[], Form::Binary);
    let scoped_key = answer_key(Role::Viewer, &[FIXTURE_MPN], Form::Binary);
    assert!(!st.snapshots.holds(import, &exec_key));
    assert_eq!(snapshot_answer::refresh(&st).await.unwrap(), 2);
    assert!(st.snapshots.holds(import, &exec_key));
    assert!(st.snapshots.holds(import, &scoped_key));
    let scoped_json = answer_key(Role::Viewer, &[FIXTURE_MPN], Form::Json);
    assert!(
        !st.snapshots.holds(import, &scoped_json),
        "JSON is for scripts: built when asked for"
    );
    assert_eq!(
        snapshot_answer::refresh(&st).await.unwrap(),
        0,
        "built once"
    );
    // What they are then served is what they would have been served anyway.
    assert_eq!(binary(&exec).await, exec_data);
    assert_eq!(binary(&scoped).await, scoped_data);
}

async fn a_restarted_server_builds_the_answers_last_asked_for(s: &Store) {
    let before = AppState::new(s.db.clone(), auth());
    let exec = Client::new(router(before), Some(token(AUTHOR, Role::Executive, &[])));
    let data = binary(&exec).await;

    // Another process on the same store: nothing kept in memory.
    let after = AppState::new(s.db.clone(), auth());
    let import = snapshot::import_id(&s.db.pool).await.unwrap();
    let key = answer_key(Role::Executive, &[], Form::Binary);
    assert!(!after.snapshots.holds(import, &key));
    assert_eq!(snapshot_answer::refresh(&after).await.unwrap(), 1);
    assert!(after.snapshots.holds(import, &key));
    let exec = Client::new(router(after), Some(token(AUTHOR, Role::Executive, &[])));
    assert_eq!(binary(&exec).await, data);
}

async fn the_store_lists_the_most_recently_noted_audiences_first(s: &Store) {
    let (a, b, c) = (
        answer_key(Role::Viewer, &[], Form::Binary).0,
        answer_key(Role::Executive, &[FIXTURE_MPN], Form::Binary).0,
        answer_key(Role::Viewer, &[FIXTURE_MPN, OTHER_MPN], Form::Binary).0,
    );
    assert_eq!(audiences::recent(&s.db, 8).await.unwrap(), vec![]);
    for (k, at) in [(&a, 10), (&b, 20), (&c, 30), (&a, 40)] {
        audiences::record(&s.db, k, at).await.unwrap();
    }
    assert_eq!(
        audiences::recent(&s.db, 8).await.unwrap(),
        vec![a.clone(), c.clone(), b]
    );
    assert_eq!(audiences::recent(&s.db, 2).await.unwrap(), vec![a, c]);
}

async fn the_binary_form_is_compressed_on_the_wire(s: &Store) {
    let app = web::app(
        AppState::new(s.db.clone(), auth()),
        &WebConfig {
            assets: s.dir.join("no-app-here"),
        },
    );
    let c = Client::new(app, Some(token(AUTHOR, Role::Executive, &[])));
    let plain = c.get_bytes("/api/snapshot", &[BINARY]).await;
    for encoding in ["br", "gzip"] {
        let a = c
            .get_bytes("/api/snapshot", &[BINARY, ("accept-encoding", encoding)])
            .await;
        assert_eq!(a.status, StatusCode::OK);
        assert_eq!(a.header("content-encoding"), encoding);
        assert_eq!(a.header("content-type"), MEDIA_TYPE);
        assert_eq!(a.header("cache-control"), "private, no-cache");
        assert!(a.body.len() < plain.body.len(), "{encoding}");
        let mut decoded = Vec::new();
        match encoding {
            "br" => brotli::Decompressor::new(&a.body[..], 4096).read_to_end(&mut decoded),
            _ => flate2::read::GzDecoder::new(&a.body[..]).read_to_end(&mut decoded),
        }
        .unwrap();
        assert_eq!(decoded, plain.body, "{encoding}");
        // Served again from memory: the same bytes.
        let again = c
            .get_bytes("/api/snapshot", &[BINARY, ("accept-encoding", encoding)])
            .await;
        assert_eq!(again.body, a.body);
    }
    let refused = c
        .get_bytes(
            "/api/snapshot",
            &[BINARY, ("accept-encoding", "br;q=0, identity")],
        )
        .await;
    assert_eq!(refused.header("content-encoding"), "");
    assert_eq!(refused.body, plain.body);
}

async fn the_openapi_document_names_both_forms(s: &Store) {
    let (_, doc) = s.get("/api/openapi.json").await;
    let get = &doc["paths"]["/api/snapshot"]["get"];
    let ok = &get["responses"]["200"];
    assert!(ok["content"]["application/json"].is_object(), "{ok}");
    assert!(ok["content"][MEDIA_TYPE].is_object(), "{ok}");
    for h in ["ETag", "X-Snapshot-Rows", "Cache-Control"] {
        assert!(ok["headers"][h].is_object(), "{h}: {ok}");
    }
    assert!(get["responses"]["304"].is_object());
}
