//! Reading and replacing the imported report snapshot. An import streams each CSV in chunks
//! inside one transaction: any bad row rolls everything back, so a failed import leaves the
//! previous snapshot untouched.

use crate::db::{Db, DbError};
use serde::Serialize;
use shared::import::{self, ImportError, ImportFile, Parsed};
use shared::{Snapshot, TenantId};
use sqlx::{Any, Transaction};
use std::collections::HashSet;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum ImportFailure {
    #[error("{0}")]
    Invalid(#[from] ImportError),
    #[error("{0}: {1}")]
    Io(String, std::io::Error),
    #[error("{0}: the folder has no tenants.csv")]
    NoTenants(String),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sqlx::Error> for ImportFailure {
    fn from(e: sqlx::Error) -> Self {
        ImportFailure::Db(DbError::Sqlx(e))
    }
}

#[derive(Debug, Default, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct ImportSummary {
    pub tenants: u64,
    pub workloads: u64,
    pub tipping_points: u64,
    pub cloud_endpoints: u64,
    pub referrals: u64,
}

const CHUNK: usize = 500;

/// One bound value: PostgreSQL will not take text for a BIGINT column, so sequence numbers
/// stay integers.
enum Cell {
    Text(String),
    Int(i64),
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}

/// A snapshot table: its name and the columns one row fills (keys, then `data` JSON).
struct Table {
    name: &'static str,
    columns: &'static [&'static str],
}

async fn insert_chunk(
    tx: &mut Transaction<'static, Any>,
    table: &Table,
    rows: &[Vec<Cell>],
) -> Result<(), sqlx::Error> {
    if rows.is_empty() {
        return Ok(());
    }
    let width = table.columns.len();
    let mut sql = format!(
        "INSERT INTO {} ({}) VALUES ",
        table.name,
        table.columns.join(", ")
    );
    for (r, _) in rows.iter().enumerate() {
        if r > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for c in 0..width {
            if c > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!("${}", r * width + c + 1));
        }
        sql.push(')');
    }
    let mut q = sqlx::query(&sql);
    for row in rows {
        for v in row {
            q = match v {
                Cell::Text(t) => q.bind(t.as_str()),
                Cell::Int(i) => q.bind(*i),
            };
        }
    }
    q.execute(&mut **tx).await?;
    Ok(())
}

fn open_file(dir: &Path, file: ImportFile) -> Result<Option<BufReader<File>>, ImportFailure> {
    let path = dir.join(file.file_name());
    match File::open(&path) {
        Ok(f) => Ok(Some(BufReader::new(f))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(ImportFailure::Io(path.display().to_string(), e)),
    }
}

fn json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("model types serialize")
}

/// Streams one file's rows into `table`; `keys` gives a row's key columns, and `check` may
/// refuse a row (with the parser's position) before it is written.
async fn stream<R: Read, T: Serialize>(
    tx: &mut Transaction<'static, Any>,
    table: &Table,
    mut parsed: Parsed<R, T>,
    mut keys: impl FnMut(&T, u64) -> Vec<Cell>,
    mut check: impl FnMut(&T, &Parsed<R, T>) -> Result<(), ImportError>,
    progress: &dyn Fn(&'static str, u64),
    file: &'static str,
) -> Result<u64, ImportFailure> {
    let mut chunk = Vec::with_capacity(CHUNK);
    let mut n = 0u64;
    while let Some(item) = parsed.next() {
        let item = item?;
        check(&item, &parsed)?;
        let mut row = keys(&item, n);
        row.push(Cell::Text(json(&item)));
        chunk.push(row);
        n += 1;
        if chunk.len() == CHUNK {
            insert_chunk(tx, table, &chunk).await?;
            chunk.clear();
            progress(file, n);
        }
    }
    insert_chunk(tx, table, &chunk).await?;
    progress(file, n);
    Ok(n)
}

fn known_tenant<R: Read, T>(
    tenants: &HashSet<TenantId>,
    id: TenantId,
    parsed: &Parsed<R, T>,
) -> Result<(), ImportError> {
    if tenants.contains(&id) {
        Ok(())
    } else {
        Err(parsed.error("Tenant ID", format!("tenant {id} is not in tenants.csv")))
    }
}

/// Replaces the snapshot with the CSV folder `dir`, all or nothing. `progress` hears
/// (file, rows so far) as the import goes.
pub async fn import_folder(
    db: &Db,
    dir: &Path,
    progress: &dyn Fn(&'static str, u64),
) -> Result<ImportSummary, ImportFailure> {
    let tenants_file = open_file(dir, ImportFile::Tenants)?
        .ok_or_else(|| ImportFailure::NoTenants(dir.display().to_string()))?;
    let mut tx = db.pool.begin().await?;
    for table in [
        "tenants",
        "workloads",
        "tipping_points",
        "cloud_endpoints",
        "referrals",
    ] {
        sqlx::query(&format!("DELETE FROM {table}"))
            .execute(&mut *tx)
            .await?;
    }
    let mut summary = ImportSummary::default();
    let mut ids: HashSet<TenantId> = HashSet::new();

    let t = Table {
        name: "tenants",
        columns: &["id", "name", "mpn_id", "data"],
    };
    summary.tenants = stream(
        &mut tx,
        &t,
        import::tenants(tenants_file)?,
        |t, _| {
            vec![
                t.id.to_string().into(),
                t.name.clone().into(),
                t.mpn_id.to_string().into(),
            ]
        },
        |t, p| {
            if ids.insert(t.id) {
                Ok(())
            } else {
                Err(p.error("Tenant ID", format!("tenant {} appears twice", t.id)))
            }
        },
        progress,
        "tenants.csv",
    )
    .await?;

    if let Some(f) = open_file(dir, ImportFile::Workloads)? {
        let t = Table {
            name: "workloads",
            columns: &["seq", "tenant_id", "data"],
        };
        summary.workloads = stream(
            &mut tx,
            &t,
            import::workloads(f)?,
            |w, n| vec![Cell::Int(n as i64), w.tenant_id.to_string().into()],
            |w, p| known_tenant(&ids, w.tenant_id, p),
            progress,
            "workloads.csv",
        )
        .await?;
    }
    if let Some(f) = open_file(dir, ImportFile::TippingPoints)? {
        let t = Table {
            name: "tipping_points",
            columns: &["seq", "data"],
        };
        summary.tipping_points = stream(
            &mut tx,
            &t,
            import::tipping_points(f)?,
            |_, n| vec![Cell::Int(n as i64)],
            |_, _| Ok(()),
            progress,
            "tipping_points.csv",
        )
        .await?;
    }
    if let Some(f) = open_file(dir, ImportFile::CloudEndpoints)? {
        let t = Table {
            name: "cloud_endpoints",
            columns: &["tenant_id", "data"],
        };
        let mut seen = HashSet::new();
        summary.cloud_endpoints = stream(
            &mut tx,
            &t,
            import::cloud_endpoints(f)?,
            |c, _| vec![c.tenant_id.to_string().into()],
            |c, p| {
                known_tenant(&ids, c.tenant_id, p)?;
                if seen.insert(c.tenant_id) {
                    Ok(())
                } else {
                    Err(p.error("Tenant ID", format!("tenant {} appears twice", c.tenant_id)))
                }
            },
            progress,
            "cloud_endpoints.csv",
        )
        .await?;
    }
    if let Some(f) = open_file(dir, ImportFile::Referrals)? {
        let t = Table {
            name: "referrals",
            columns: &["id", "tenant_id", "data"],
        };
        let mut seen = HashSet::new();
        summary.referrals = stream(
            &mut tx,
            &t,
            import::referrals(f)?,
            |r, _| vec![r.id.to_string().into(), r.tenant_id.to_string().into()],
            |r, p| {
                known_tenant(&ids, r.tenant_id, p)?;
                if seen.insert(r.id.clone()) {
                    Ok(())
                } else {
                    Err(p.error("Referral ID", format!("referral {} appears twice", r.id)))
                }
            },
            progress,
            "referrals.csv",
        )
        .await?;
    }
    let now = time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    sqlx::query(
        "INSERT INTO imports (id, imported_at, source, tenants, workloads) \
         VALUES ((SELECT COALESCE(MAX(id), 0) + 1 FROM imports), $1, $2, $3, $4)",
    )
    .bind(now)
    .bind(dir.display().to_string())
    .bind(summary.tenants as i64)
    .bind(summary.workloads as i64)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(summary)
}

async fn load_table<T: serde::de::DeserializeOwned>(db: &Db, sql: &str) -> Result<Vec<T>, DbError> {
    let rows: Vec<(String,)> = sqlx::query_as(sql).fetch_all(&db.pool).await?;
    rows.into_iter()
        .map(|(data,)| serde_json::from_str(&data).map_err(DbError::from))
        .collect()
}

/// The whole snapshot, in import order (tenants by name).
pub async fn load(db: &Db) -> Result<Snapshot, DbError> {
    Ok(Snapshot {
        tenants: load_table(db, "SELECT data FROM tenants ORDER BY name, id").await?,
        workloads: load_table(db, "SELECT data FROM workloads ORDER BY seq").await?,
        tipping_points: load_table(db, "SELECT data FROM tipping_points ORDER BY seq").await?,
        cloud_endpoints: load_table(db, "SELECT data FROM cloud_endpoints ORDER BY tenant_id")
            .await?,
        referrals: load_table(db, "SELECT data FROM referrals ORDER BY id").await?,
    })
}

/// Number of tenants stored (0 = nothing imported yet).
pub async fn tenant_count(db: &Db) -> Result<i64, DbError> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM tenants")
        .fetch_one(&db.pool)
        .await?;
    Ok(n)
}
