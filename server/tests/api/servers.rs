//! Several `insights serve` processes on one PostgreSQL database, as behind a load balancer:
//! what one writes the other reads at once, two edits of one record cannot both win, and an
//! import through the command line reaches every server whole, without a restart.

use crate::common::served::{secret_file, Served};
use crate::common::*;
use serde_json::{json, Value};
use server::demo_data::{self, DemoOptions};
use std::collections::HashSet;

/// Two servers on the store's database.
fn two_servers(s: &Store) -> (Served, Served) {
    let secret = secret_file(&s.dir);
    (
        Served::start(&s.url, &secret),
        Served::start(&s.url, &secret),
    )
}

#[tokio::test]
async fn an_edit_through_one_server_reads_back_through_the_other_at_once() {
    let s = Store::postgres().await;
    let (a, b) = two_servers(&s);
    let notes = format!("/api/tenants/{}/notes", s.tenant);
    for i in 0..5 {
        let text = format!("Written through A, #{i}");
        assert_eq!(a.post(&notes, &json!({ "text": text })).await.status, 201);
        let read = b.get(&notes).await;
        assert_eq!(read.status, 200);
        assert_eq!(read.json[0]["text"], text, "B reads A's write at once");
    }
    let contact = b
        .post(
            &format!("/api/tenants/{}/contacts", s.tenant),
            &customer("Cy", true),
        )
        .await;
    assert_eq!(contact.status, 201, "{}", contact.json);
    let detail = a.get(&format!("/api/tenants/{}", s.tenant)).await.json;
    assert_eq!(
        detail["contacts"][0]["name"], "Cy",
        "A reads B's write at once"
    );
    drop((a, b));
    s.close().await;
}

#[tokio::test]
async fn concurrent_edits_of_one_record_through_both_one_wins_the_other_409() {
    let s = Store::postgres().await;
    let (a, b) = two_servers(&s);
    let url = decision_url(REFERRAL);
    for version in 0..6 {
        let mut edit = accepted();
        edit["version"] = json!(version);
        edit["status"] = json!(format!("Round {version}"));
        let (ra, rb) = tokio::join!(a.put(&url, &edit), b.put(&url, &edit));
        let mut statuses = [ra.status, rb.status];
        statuses.sort();
        assert_eq!(
            statuses,
            [200, 409],
            "round {version}: {} / {}",
            ra.json,
            rb.json
        );
        let loser = if ra.status == 409 { &ra } else { &rb };
        assert!(
            loser.json["error"]
                .as_str()
                .unwrap()
                .contains(&format!("(version {},", version + 1)),
            "{}",
            loser.json
        );
    }
    let list = a.get("/api/referrals").await.json;
    assert_eq!(
        find(&list, "/referral/id", REFERRAL)["version"],
        6,
        "one save per round"
    );
    drop((a, b));
    s.close().await;
}

/// What identifies a snapshot: its tenants and workload rows.
fn fingerprint(snapshot: &Value) -> (HashSet<String>, usize) {
    let tenants = snapshot["tenants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_string())
        .collect();
    (tenants, snapshot["workloads"].as_array().unwrap().len())
}

#[tokio::test]
async fn an_import_while_both_serve_is_seen_whole_by_both_without_restart() {
    let s = Store::postgres().await;
    let (a, b) = two_servers(&s);
    let old = a.get("/api/snapshot").await.json;
    let next = s.dir.parent().unwrap().join("next");
    let data = demo_data::generate(&DemoOptions {
        tenants: 400,
        seed: 99,
        as_of: time::OffsetDateTime::now_utc().date(),
    });
    demo_data::write(&data, &next).unwrap();

    let (url, folder) = (s.url.clone(), next.clone());
    let import = tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_insights"))
            .args(["import", "--db", &url])
            .arg(&folder)
            .output()
    });
    let readers = async {
        let mut seen = Vec::new();
        let start = std::time::Instant::now();
        while start.elapsed() < std::time::Duration::from_secs(20) {
            let (ra, rb) = tokio::join!(a.get("/api/snapshot"), b.get("/api/snapshot"));
            assert_eq!((ra.status, rb.status), (200, 200));
            let done = fingerprint(&ra.json).1 != fingerprint(&old).1
                && fingerprint(&rb.json).1 != fingerprint(&old).1;
            seen.push(ra.json);
            seen.push(rb.json);
            if done {
                break;
            }
        }
        seen
    };
    let (out, seen) = tokio::join!(import, readers);
    let out = out.unwrap().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let new = a.get("/api/snapshot").await.json;
    assert_eq!(
        b.get("/api/snapshot").await.json,
        new,
        "both serve the new import"
    );
    let (old_print, new_print) = (fingerprint(&old), fingerprint(&new));
    assert_ne!(old_print, new_print);
    assert_eq!(new_print.0.len(), 400);
    for snapshot in &seen {
        let print = fingerprint(snapshot);
        assert!(
            print == old_print || print == new_print,
            "a mix: {} tenants, {} workload rows",
            print.0.len(),
            print.1
        );
    }
    drop((a, b));
    s.close().await;
}
