//! The API as a whole, once (on SQLite): its OpenAPI document, and durability through the
//! real binary.

use crate::common::*;
use axum::http::StatusCode;
use serde_json::{json, Value};
use shared::access::Role;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

#[tokio::test]
async fn the_openapi_document_lists_the_edit_routes() {
    let s = Store::sqlite().await;
    let (status, doc) = s.get("/api/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
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
    // The typed extractors document their parameters where they are read.
    let delete = &doc["paths"]["/api/tenants/{tenant_id}/contacts/{contact_id}"]["delete"];
    let params: Vec<(&str, &str)> = delete["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["name"].as_str().unwrap(), p["in"].as_str().unwrap()))
        .collect();
    assert_eq!(
        params,
        [
            ("tenant_id", "path"),
            ("contact_id", "path"),
            ("version", "query"),
        ]
    );
    // Sign-in: the bearer scheme on every route but the public ones, which answer 401 too.
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    assert_eq!(doc["security"][0]["bearer"], json!([]));
    assert!(delete["responses"]["401"].is_object() && delete["responses"]["429"].is_object());
    assert!(
        delete["responses"]["403"].is_object(),
        "a viewer may not delete contacts"
    );
    for public in ["/api/health", "/api/config", "/api/demo/users"] {
        let get = &doc["paths"][public]["get"];
        assert_eq!(get["security"], json!([{}]), "{public} is public");
        assert!(get["responses"]["401"].is_null(), "{public}");
    }
    s.close().await;
}

struct Served {
    child: Child,
    base: String,
}

fn serve(db: &str, secret: &std::path::Path) -> Served {
    let mut child = Command::new(env!("CARGO_BIN_EXE_insights"))
        .args([
            "serve",
            "--db",
            db,
            "--addr",
            "127.0.0.1:0",
            "--assets",
            "/nonexistent",
            "--jwt-secret-file",
            secret.to_str().unwrap(),
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
    let store = Store::sqlite().await;
    let (db_url, tenant) = (store.url.clone(), store.tenant.clone());
    store.db.pool.close().await;
    let secret = store.dir.join("secret");
    std::fs::write(&secret, SECRET).unwrap();
    let bearer = format!("Bearer {}", token(AUTHOR, Role::Executive, &[]));
    let http = reqwest::Client::new();
    let mut s = serve(&db_url, &secret);
    let res = http
        .post(format!("{}/api/tenants/{tenant}/notes", s.base))
        .header("authorization", &bearer)
        .json(&json!({"text": "Survives a crash"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    s.child.kill().unwrap(); // SIGKILL: no graceful shutdown, no checkpoint
    s.child.wait().unwrap();

    let mut s = serve(&db_url, &secret);
    let notes: Value = http
        .get(format!("{}/api/tenants/{tenant}/notes", s.base))
        .header("authorization", &bearer)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    s.child.kill().unwrap();
    s.child.wait().unwrap();
    assert_eq!(notes[0]["text"], "Survives a crash");
    store.close().await;
}
