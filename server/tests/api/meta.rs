//! The API as a whole, once (on SQLite): its OpenAPI document, and durability through the
//! real binary.

use crate::common::served::{secret_file, Served};
use crate::common::*;
use axum::http::StatusCode;
use serde_json::json;

#[tokio::test]
async fn the_openapi_document_lists_the_routes_their_statuses_and_forms() {
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
    // Every status a route can answer is listed: the shared ones on every operation, 400
    // where something is read from the request, 413 where a body is.
    let mut operations = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            operations += 1;
            let has = |status: &str| op["responses"][status].is_object();
            let what = format!("{method} {path}");
            assert!(has("500") && has("503"), "{what}: 500 and 503");
            assert!(
                op["responses"]["503"]["headers"]["Retry-After"].is_object(),
                "{what}: 503 says Retry-After"
            );
            let body = op["requestBody"].is_object();
            let params = op["parameters"]
                .as_array()
                .is_some_and(|p| p.iter().any(|p| p["in"] == "path" || p["in"] == "query"));
            assert_eq!(has("400"), body || params, "{what}: 400");
            assert_eq!(has("413"), body, "{what}: 413");
            let signed_in = op["security"].is_null();
            assert_eq!(has("401") && has("429"), signed_in, "{what}: 401, 429");
        }
    }
    assert!(operations >= 14, "{operations}");
    // The contract's value forms are what the document says.
    let schemas = &doc["components"]["schemas"];
    assert_eq!(schemas["Money"]["type"], "string");
    assert_eq!(schemas["Money"]["pattern"], shared::json::MONEY_PATTERN);
    assert_eq!(schemas["YearMonth"]["pattern"], shared::json::MONTH_PATTERN);
    assert_eq!(
        schemas["Segment"]["enum"],
        json!(["Enterprise", "SMC", "SMB", "SME&C", "EDU", "Gov"])
    );
    assert_eq!(
        schemas["WorkloadUsage"]["properties"]["claim_date"]["format"],
        "date"
    );
    // An edit's body is one flat object: the record's fields beside `version`.
    let edit = &schemas["DecisionEdit"];
    assert!(edit["allOf"].is_null(), "{edit}");
    assert_eq!(edit["required"], json!(["acceptance", "version"]));
    assert!(edit["properties"]["services_estimated_value"].is_object());
    // Links lead from an answer to the operations its values feed.
    let ids: Vec<&str> = doc["paths"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|i| i.as_object().unwrap().values())
        .filter_map(|op| op["operationId"].as_str())
        .collect();
    let created = &doc["paths"]["/api/tenants/{tenant_id}/contacts"]["post"]["responses"]["201"];
    assert_eq!(
        created["links"]["PutContact"]["parameters"]["contact_id"],
        "$response.body#/id"
    );
    for item in doc["paths"].as_object().unwrap().values() {
        for op in item.as_object().unwrap().values() {
            for response in op["responses"].as_object().unwrap().values() {
                for link in response["links"]
                    .as_object()
                    .into_iter()
                    .flat_map(|l| l.values())
                {
                    let id = link["operationId"].as_str().unwrap();
                    assert!(ids.contains(&id), "a link to {id}, which does not exist");
                }
            }
        }
    }
    for public in ["/api/health", "/api/config", "/api/demo/users"] {
        let get = &doc["paths"][public]["get"];
        assert_eq!(get["security"], json!([{}]), "{public} is public");
        assert!(get["responses"]["401"].is_null(), "{public}");
    }
    s.close().await;
}

/// An edit answered 200 is on disk: `kill -9` right after the answer, restart, read it back.
#[tokio::test]
async fn an_acknowledged_edit_survives_kill_9() {
    let store = Store::sqlite().await;
    let (db_url, tenant) = (store.url.clone(), store.tenant.clone());
    store.db.pool.close().await;
    let secret = secret_file(&store.dir);
    let s = Served::start(&db_url, &secret);
    let res = s
        .post(
            &format!("/api/tenants/{tenant}/notes"),
            &json!({"text": "Survives a crash"}),
        )
        .await;
    assert_eq!(res.status, 201);
    s.kill();

    let s = Served::start(&db_url, &secret);
    let notes = s.get(&format!("/api/tenants/{tenant}/notes")).await.json;
    s.kill();
    assert_eq!(notes[0]["text"], "Survives a crash");
    store.close().await;
}
