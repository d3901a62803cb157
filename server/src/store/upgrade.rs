//! One-time rewrites of stored records into the JSON forms the code reads today
//! (`shared::json`). A record is kept whole as JSON, so a change of form is not a schema
//! migration: each upgrade is named, runs once when the store is opened (in one transaction,
//! all or nothing), and is recorded in `upgrades` (migration 0004).
//!
//! `contract-json-forms`: before it, JSON spoke the `time` crate's and serde's defaults —
//! dates `[2025, 113]` (year, day of the year), months `{"year": 2027, "month": 4}`, money as
//! integer cents, enums and SKUs by their Rust names (`SmeC`, `Office365`, `{"Other": "F1"}`).
//! Each field that had one of those forms is named below with its form; a value already in the
//! contract's form is left as it is, so the rewrite is idempotent (two servers starting at once
//! on one PostgreSQL cannot harm each other).

use super::{Backend, Db, DbError};
use serde_json::Value;
use shared::edits::notes::NoteKind;
use shared::eligibility::{AssociationType, Designation, NetQualified, SolutionArea};
use shared::rules::eligibility::Setting;
use shared::{Money, Segment, Sku, YearMonth};
use sqlx::{Any, AnyConnection};
use time::Date;

const CONTRACT_FORMS: &str = "contract-json-forms";

/// The form a field had before `contract-json-forms`.
#[derive(Debug, Clone, Copy)]
enum Old {
    Date,
    Month,
    Money,
    Sku,
    /// A closed enum (`labelled_enum!`) by its Rust name: the label of the name, if any.
    Enum(fn(&str) -> Option<&'static str>),
}

const SEGMENT: Old = Old::Enum(|s| Segment::from_rust_name(s).map(Segment::label));
const NOTE_KIND: Old = Old::Enum(|s| NoteKind::from_rust_name(s).map(NoteKind::label));

/// The fields that had another form, by JSON record: the snapshot tables' and what partners
/// write (the change log keeps the same records before → after).
const TENANT: &[(&str, Old)] = &[
    ("segment", SEGMENT),
    ("ea_renewal", Old::Month),
    ("csp_renewal", Old::Month),
];
const WORKLOAD: &[(&str, Old)] = &[
    ("sku", Old::Sku),
    ("claim_date", Old::Date),
    ("rate_per_unit", Old::Money),
];
const TIPPING_POINT: &[(&str, Old)] = &[("segment", SEGMENT), ("sku", Old::Sku)];
const CLOUD_ENDPOINT: &[(&str, Old)] = &[("mci_estimate", Old::Money)];
const DECISION: &[(&str, Old)] = &[("services_estimated_value", Old::Money)];
const NOTE: &[(&str, Old)] = &[("kind", NOTE_KIND)];
const ELIGIBILITY: &[(&str, Old)] = &[
    (
        "designation",
        Old::Enum(|s| Designation::from_rust_name(s).map(Designation::label)),
    ),
    (
        "association",
        Old::Enum(|s| AssociationType::from_rust_name(s).map(AssociationType::label)),
    ),
    (
        "net_qualified",
        Old::Enum(|s| NetQualified::from_rust_name(s).map(NetQualified::label)),
    ),
    ("active_subscription", Old::Money),
    ("acr_12_months", Old::Money),
];
const SOLUTIONS_PARTNER: &[(&str, Old)] = &[
    (
        "area",
        Old::Enum(|s| SolutionArea::from_rust_name(s).map(SolutionArea::label)),
    ),
    (
        "setting",
        Old::Enum(|s| Setting::from_rust_name(s).map(Setting::label)),
    ),
];

/// A table whose `data` holds one record: its key column (an integer or text) and the
/// fields of its record that had another form.
struct Table {
    name: &'static str,
    key: &'static str,
    int_key: bool,
    fields: &'static [(&'static str, Old)],
}

const TABLES: &[Table] = &[
    Table {
        name: "tenants",
        key: "id",
        int_key: false,
        fields: TENANT,
    },
    Table {
        name: "workloads",
        key: "seq",
        int_key: true,
        fields: WORKLOAD,
    },
    Table {
        name: "tipping_points",
        key: "seq",
        int_key: true,
        fields: TIPPING_POINT,
    },
    Table {
        name: "cloud_endpoints",
        key: "tenant_id",
        int_key: false,
        fields: CLOUD_ENDPOINT,
    },
    Table {
        name: "referral_decisions",
        key: "referral_id",
        int_key: false,
        fields: DECISION,
    },
    Table {
        name: "notes",
        key: "id",
        int_key: true,
        fields: NOTE,
    },
    Table {
        name: "eligibility",
        key: "seq",
        int_key: true,
        fields: ELIGIBILITY,
    },
    Table {
        name: "solutions_partner",
        key: "seq",
        int_key: true,
        fields: SOLUTIONS_PARTNER,
    },
];

/// The change log's `entity` names whose records had fields in another form.
const LOGGED: &[(&str, &[(&str, Old)])] = &[("referral_decision", DECISION), ("note", NOTE)];

async fn done<'e, E: sqlx::Executor<'e, Database = Any>>(ex: E) -> Result<bool, DbError> {
    let row: Option<(String,)> = sqlx::query_as("SELECT name FROM upgrades WHERE name = $1")
        .bind(CONTRACT_FORMS)
        .fetch_optional(ex)
        .await?;
    Ok(row.is_some())
}

/// Runs every upgrade the store has not had yet.
pub async fn run(db: &Db) -> Result<(), DbError> {
    // Checked first without a lock: opening an upgraded store (every start, every CLI command)
    // must not wait for a running import's write lock.
    if done(&db.pool).await? {
        return Ok(());
    }
    let mut tx = match db.backend {
        Backend::Sqlite => db.pool.begin_with("BEGIN IMMEDIATE").await?,
        Backend::Postgres => db.pool.begin().await?,
    };
    if db.backend == Backend::Postgres {
        // Servers starting together take turns; the second finds the upgrade done.
        sqlx::query("LOCK TABLE upgrades IN EXCLUSIVE MODE")
            .execute(&mut *tx)
            .await?;
    }
    if done(&mut *tx).await? {
        return Ok(()); // another process did it meanwhile
    }
    for table in TABLES {
        rewrite_table(&mut tx, table).await?;
    }
    rewrite_change_log(&mut tx).await?;
    let now = shared::format::timestamp(time::OffsetDateTime::now_utc());
    sqlx::query("INSERT INTO upgrades (name, done_at) VALUES ($1, $2)")
        .bind(CONTRACT_FORMS)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

async fn rewrite_table(conn: &mut AnyConnection, table: &Table) -> Result<(), DbError> {
    let Table {
        name,
        key,
        int_key,
        fields,
    } = table;
    let select = format!("SELECT {key}, data FROM {name}");
    let update = format!("UPDATE {name} SET data = $1 WHERE {key} = $2");
    if *int_key {
        let rows: Vec<(i64, String)> = sqlx::query_as(&select).fetch_all(&mut *conn).await?;
        for (k, data) in rows {
            if let Some(new) = upgraded(&data, fields)? {
                sqlx::query::<Any>(&update)
                    .bind(new)
                    .bind(k)
                    .execute(&mut *conn)
                    .await?;
            }
        }
    } else {
        let rows: Vec<(String, String)> = sqlx::query_as(&select).fetch_all(&mut *conn).await?;
        for (k, data) in rows {
            if let Some(new) = upgraded(&data, fields)? {
                sqlx::query::<Any>(&update)
                    .bind(new)
                    .bind(k)
                    .execute(&mut *conn)
                    .await?;
            }
        }
    }
    Ok(())
}

async fn rewrite_change_log(conn: &mut AnyConnection) -> Result<(), DbError> {
    for &(entity, fields) in LOGGED {
        let rows: Vec<(i64, Option<String>, Option<String>)> =
            sqlx::query_as("SELECT id, before_json, after_json FROM change_log WHERE entity = $1")
                .bind(entity)
                .fetch_all(&mut *conn)
                .await?;
        for (id, before, after) in rows {
            let b = before
                .as_deref()
                .map(|d| upgraded(d, fields))
                .transpose()?
                .flatten();
            let a = after
                .as_deref()
                .map(|d| upgraded(d, fields))
                .transpose()?
                .flatten();
            if b.is_some() || a.is_some() {
                sqlx::query(
                    "UPDATE change_log SET before_json = $1, after_json = $2 WHERE id = $3",
                )
                .bind(b.or(before))
                .bind(a.or(after))
                .bind(id)
                .execute(&mut *conn)
                .await?;
            }
        }
    }
    Ok(())
}

/// The record in today's forms, or `None` when it already was.
fn upgraded(data: &str, fields: &[(&str, Old)]) -> Result<Option<String>, DbError> {
    let mut v: Value = serde_json::from_str(data)?;
    let mut changed = false;
    if let Value::Object(record) = &mut v {
        for &(field, old) in fields {
            if let Some(value) = record.get_mut(field) {
                if let Some(new) = contract_form(value, old) {
                    *value = new;
                    changed = true;
                }
            }
        }
    }
    Ok(changed.then(|| v.to_string()))
}

/// `value` in the contract's form when it is in the old one; `None` when there is nothing to
/// change (already upgraded, `null`, or not recognised — then reading it says what is wrong).
fn contract_form(value: &Value, old: Old) -> Option<Value> {
    converted(value, old).filter(|new| new != value)
}

fn converted(value: &Value, old: Old) -> Option<Value> {
    let text = |s: String| Some(Value::String(s));
    match (old, value) {
        (Old::Date, Value::Array(parts)) => match parts.as_slice() {
            [y, d] => {
                let date = Date::from_ordinal_date(
                    i32::try_from(y.as_i64()?).ok()?,
                    u16::try_from(d.as_i64()?).ok()?,
                )
                .ok()?;
                text(shared::format::date(date))
            }
            _ => None,
        },
        (Old::Month, Value::Object(m)) => {
            let month = YearMonth {
                year: i32::try_from(m.get("year")?.as_i64()?).ok()?,
                month: u8::try_from(m.get("month")?.as_i64()?).ok()?,
            };
            text(month.to_string())
        }
        (Old::Money, Value::Number(n)) => text(Money(n.as_i64()?).to_string()),
        (Old::Enum(label), Value::String(s)) => text(label(s)?.into()),
        // `E3` and `E5` were already their labels.
        (Old::Sku, Value::String(s)) if s == "Office365" => text(Sku::Office365.label().into()),
        (Old::Sku, Value::Object(o)) => match o.get("Other")? {
            Value::String(name) => text(name.clone()),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn each_old_form_becomes_the_contract_form() {
        let cases = [
            (Old::Date, json!([2025, 113]), Some(json!("2025-04-23"))),
            (Old::Date, json!("2025-04-23"), None),
            (Old::Date, Value::Null, None),
            (
                Old::Month,
                json!({"year": 2027, "month": 4}),
                Some(json!("2027-04")),
            ),
            (Old::Month, json!("2027-04"), None),
            (Old::Money, json!(123450), Some(json!("1234.50"))),
            (Old::Money, json!(-310), Some(json!("-3.10"))),
            (Old::Money, json!("1234.50"), None),
            (SEGMENT, json!("SmeC"), Some(json!("SME&C"))),
            (SEGMENT, json!("Smc"), Some(json!("SMC"))),
            (SEGMENT, json!("Enterprise"), None),
            (SEGMENT, json!("SME&C"), None),
            (Old::Sku, json!("Office365"), Some(json!("Office 365"))),
            (Old::Sku, json!("E3"), None),
            (
                Old::Sku,
                json!({"Other": "Business Premium"}),
                Some(json!("Business Premium")),
            ),
            (Old::Sku, json!("Office 365"), None),
            (
                NOTE_KIND,
                json!("ReferralEdit"),
                Some(json!("Referral edit")),
            ),
            (
                ELIGIBILITY[1].1,
                json!("CspT2"),
                Some(json!(AssociationType::CspT2.label())),
            ),
            (ELIGIBILITY[3].1, json!(150100), Some(json!("1501.00"))),
            (NOTE_KIND, json!("Status"), Some(json!("Status note"))),
            (NOTE_KIND, json!("Status note"), None),
        ];
        for (old, value, want) in cases {
            assert_eq!(contract_form(&value, old), want, "{old:?} {value}");
        }
    }

    #[test]
    fn a_record_already_in_the_contract_forms_is_left_alone() {
        let record = json!({"segment": "SME&C", "ea_renewal": "2027-04", "csp_renewal": null});
        assert_eq!(upgraded(&record.to_string(), TENANT).unwrap(), None);
        let old = json!({"segment": "SmeC", "ea_renewal": {"year": 2027, "month": 4}, "name": "x"});
        let new: Value =
            serde_json::from_str(&upgraded(&old.to_string(), TENANT).unwrap().unwrap()).unwrap();
        assert_eq!(
            new,
            json!({"segment": "SME&C", "ea_renewal": "2027-04", "name": "x"})
        );
    }
}
