//! A store written before the API spoke the data contract's JSON forms (dates as `[year,
//! day]`, months as `{year, month}`, money as integer cents, enums by Rust name) reads after
//! the upgrade exactly as a store written today.

use crate::common::*;
use axum::http::StatusCode;
use serde_json::{json, Value};
use server::store::Db;
use shared::access::Role;
use time::macros::format_description;

on_both_stores!(a_store_in_the_old_json_forms_reads_the_same_after_the_upgrade);

/// `value` in the form it had before the contract forms, and whether that differs.
fn old_form(field: &str, value: &Value) -> Option<Value> {
    let s = value.as_str()?;
    let old = match field {
        "segment" => {
            let seg = shared::Segment::ALL.iter().find(|x| x.label() == s)?;
            json!(format!("{seg:?}"))
        }
        "kind" => json!(if s == "Status note" {
            "Status"
        } else {
            "ReferralEdit"
        }),
        "sku" => match s {
            "Office 365" => json!("Office365"),
            "E3" | "E5" => return None,
            other => json!({ "Other": other }),
        },
        "ea_renewal" | "csp_renewal" => {
            let (y, m) = s.split_once('-')?;
            json!({"year": y.parse::<i32>().ok()?, "month": m.parse::<u8>().ok()?})
        }
        "claim_date" => {
            let d = time::Date::parse(s, format_description!("[year]-[month]-[day]")).ok()?;
            json!([d.year(), d.ordinal()])
        }
        "rate_per_unit"
        | "mci_estimate"
        | "services_estimated_value"
        | "active_subscription"
        | "acr_12_months" => {
            json!(shared::Money::parse(s).ok()?.cents())
        }
        _ => return None,
    };
    Some(old)
}

/// Rewrites every record of `table` in the old forms; returns how many fields changed.
async fn write_old_forms(db: &Db, table: &str, key: &str, column: &str) -> usize {
    let rows: Vec<(String, Option<String>)> = sqlx::query_as(&format!(
        "SELECT CAST({key} AS TEXT), {column} FROM {table}"
    ))
    .fetch_all(&db.pool)
    .await
    .unwrap();
    let mut changed = 0;
    for (k, data) in rows {
        let Some(data) = data else { continue };
        let mut v: Value = serde_json::from_str(&data).unwrap();
        let Value::Object(record) = &mut v else {
            continue;
        };
        for (field, value) in record.iter_mut() {
            if let Some(old) = old_form(field, value) {
                *value = old;
                changed += 1;
            }
        }
        sqlx::query(&format!(
            "UPDATE {table} SET {column} = $1 WHERE CAST({key} AS TEXT) = $2"
        ))
        .bind(v.to_string())
        .bind(k)
        .execute(&db.pool)
        .await
        .unwrap();
    }
    changed
}

/// The answer to `uri` from a server just started on `db` (nothing cached), less what the
/// clock changes between two reads (the server's `now`, a pending referral's countdown).
async fn stored(db: &Db, uri: &str) -> Value {
    let fresh = Client::new(
        test_router(db, unlimited()),
        Some(token(AUTHOR, Role::Executive, &[])),
    );
    let (status, mut v) = fresh.get(uri).await;
    assert_eq!(status, StatusCode::OK, "{uri}: {v}");
    if let Some(detail) = v.as_object_mut() {
        detail.remove("now");
        if let Some(Value::Array(referrals)) = detail.get_mut("referrals") {
            for r in referrals.iter_mut().filter_map(Value::as_object_mut) {
                r.remove("state");
            }
        }
    }
    v
}

async fn a_store_in_the_old_json_forms_reads_the_same_after_the_upgrade(s: &Store) {
    s.accept_referral().await;
    let routes = [
        "/api/snapshot".to_string(),
        s.tenant_url(),
        format!("{}/changes", s.tenant_url()),
    ];
    let mut before = Vec::new();
    for uri in &routes {
        before.push(stored(&s.db, uri).await);
    }

    let mut changed = 0;
    // (table, key, column, whether the fixture has a value in an old form there)
    for (table, key, column, some) in [
        ("tenants", "id", "data", true),
        ("workloads", "seq", "data", true),
        ("tipping_points", "seq", "data", false),
        ("cloud_endpoints", "tenant_id", "data", true),
        ("referral_decisions", "referral_id", "data", true),
        ("notes", "id", "data", true),
        ("eligibility", "seq", "data", false),
        ("solutions_partner", "seq", "data", false),
        ("change_log", "id", "before_json", false),
        ("change_log", "id", "after_json", true),
    ] {
        let n = write_old_forms(&s.db, table, key, column).await;
        assert!(n > 0 || !some, "{table}.{column}: nothing in an old form");
        changed += n;
    }
    sqlx::query("DELETE FROM upgrades")
        .execute(&s.db.pool)
        .await
        .unwrap();
    let unupgraded = Client::new(
        test_router(&s.db, unlimited()),
        Some(token(AUTHOR, Role::Executive, &[])),
    );
    for uri in &routes[..2] {
        let (status, _) = unupgraded.get(uri).await;
        assert_eq!(
            status,
            StatusCode::INTERNAL_SERVER_ERROR,
            "{uri}: the old forms are not read as they are ({changed} fields)"
        );
    }

    let upgraded = Db::connect(&s.url).await.unwrap();
    for (uri, want) in routes.iter().zip(&before) {
        assert_eq!(&stored(&upgraded, uri).await, want, "{uri}");
    }
    // Opened again: the upgrade is recorded once and not run twice.
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM upgrades")
        .fetch_one(&upgraded.pool)
        .await
        .unwrap();
    assert_eq!(n, 1);
    upgraded.pool.close().await;
}
