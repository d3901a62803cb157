//! The store's one way to write a versioned record (`server::store::tx`), below the API: when
//! the guarded write finds the record changed after it was checked, the 409 names the version
//! actually stored (or says it was deleted), and nothing is written.
//!
//! Under the tenant lock no request can do that to another, so these tests change the row
//! behind the write's back, inside its own transaction.

use crate::common::*;
use server::store::contacts::slot;
use server::store::tx::{Change, TenantTx};
use server::store::{Edit, StoreError};
use shared::access::{Principal, Role, Scope};
use shared::edits::contacts::Contact;
use shared::TenantId;

on_both_stores!(
    a_write_that_finds_another_version_reports_the_one_stored,
    a_write_that_finds_the_record_deleted_says_so,
);

fn edit() -> Edit {
    Edit {
        by: Principal {
            sub: AUTHOR.to_string(),
            name: None,
            role: Role::Executive,
            scope: Scope::Organization,
        },
        now: time::OffsetDateTime::now_utc(),
    }
}

/// Checks Cy (version 1) for a write, runs `meanwhile` on the same transaction, then writes.
async fn write_after(s: &Store, meanwhile: &str) -> (Result<i64, StoreError>, i64) {
    let cy = s.add_contact(customer("Cy", true)).await;
    let id = cy["id"].as_i64().unwrap();
    let tenant = TenantId::parse(&s.tenant).unwrap();
    let mut tx = TenantTx::begin(&s.db, tenant, &Scope::Organization)
        .await
        .unwrap();
    let current = tx
        .current(slot(tenant, id), 1, |_, d| {
            Ok(serde_json::from_str::<Contact>(d)?)
        })
        .await
        .unwrap();
    let mut after = current.record().unwrap().clone();
    after.fields.name = "Changed".into();
    sqlx::query(meanwhile)
        .bind(id)
        .execute(tx.conn())
        .await
        .unwrap();
    let written = tx.write(&edit(), current, Change::Save(&after)).await;
    drop(tx);
    (written, id)
}

async fn a_write_that_finds_another_version_reports_the_one_stored(s: &Store) {
    let (written, _) = write_after(s, "UPDATE contacts SET version = 7 WHERE id = $1").await;
    match written {
        Err(StoreError::Conflict(m)) => assert!(
            m.contains("version 7, your edit was based on version 1"),
            "{m}"
        ),
        other => panic!("expected a conflict, got {other:?}"),
    }
    let detail = s.detail().await;
    assert_eq!(detail["contacts"][0]["name"], "Cy", "nothing written");
    assert_eq!(detail["contacts"][0]["version"], 1, "rolled back");
}

async fn a_write_that_finds_the_record_deleted_says_so(s: &Store) {
    let (written, _) = write_after(s, "DELETE FROM contacts WHERE id = $1").await;
    match written {
        Err(StoreError::Conflict(m)) => assert!(m.contains("was deleted"), "{m}"),
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(s.detail().await["contacts"].as_array().unwrap().len(), 1);
}
