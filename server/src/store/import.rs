//! Replacing the imported report snapshot with a folder of CSV files. An import streams each CSV in chunks
//! inside one transaction: any bad row rolls everything back, so a failed import leaves the
//! previous snapshot untouched.

use super::{to_json, Backend, Cell, Db, DbError, BUSY};
use serde::Serialize;
use shared::import::{self, ImportError, ImportFile, Parsed};
use shared::rules::eligibility::SolutionsPartnerTable;
use shared::TenantId;
use sqlx::{Any, Transaction};
use std::collections::HashSet;
use std::fmt::Display;
use std::fs::File;
use std::hash::Hash;
use std::io::{BufReader, Read};
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum ImportFailure {
    // Transparent: the message is the import error's own, printed once.
    #[error(transparent)]
    Invalid(#[from] ImportError),
    #[error("{0}: {1}")]
    Io(String, std::io::Error),
    #[error("{0}: the folder has no tenants.csv")]
    NoTenants(String),
    #[error("another import (or a long write) held the database for {0} s: try again when it has finished")]
    Busy(u64),
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
    pub eligibility: u64,
    pub solutions_partner: u64,
}

const CHUNK: usize = 500;

/// A snapshot table: the file it is imported from, its name and the columns one row fills
/// (keys, then `data` JSON).
struct Table {
    file: ImportFile,
    name: &'static str,
    columns: &'static [&'static str],
}

const TENANTS: Table = Table {
    file: ImportFile::Tenants,
    name: "tenants",
    columns: &["id", "name", "mpn_id", "data"],
};
const WORKLOADS: Table = Table {
    file: ImportFile::Workloads,
    name: "workloads",
    columns: &["seq", "tenant_id", "data"],
};
const TIPPING_POINTS: Table = Table {
    file: ImportFile::TippingPoints,
    name: "tipping_points",
    columns: &["seq", "data"],
};
const CLOUD_ENDPOINTS: Table = Table {
    file: ImportFile::CloudEndpoints,
    name: "cloud_endpoints",
    columns: &["tenant_id", "data"],
};
const REFERRALS: Table = Table {
    file: ImportFile::Referrals,
    name: "referrals",
    columns: &["id", "tenant_id", "data"],
};
const ELIGIBILITY: Table = Table {
    file: ImportFile::Eligibility,
    name: "eligibility",
    columns: &["seq", "tenant_id", "data"],
};
const SOLUTIONS_PARTNER: Table = Table {
    file: ImportFile::SolutionsPartner,
    name: "solutions_partner",
    columns: &["seq", "data"],
};

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
    for v in rows.iter().flatten() {
        q = q.bind(v);
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

/// Streams one file's rows into `table`; `keys` gives a row's key columns, and `check` may
/// refuse a row (with the parser's position) before it is written.
async fn stream<R: Read, T: Serialize>(
    tx: &mut Transaction<'static, Any>,
    table: &Table,
    mut parsed: Parsed<R, T>,
    mut keys: impl FnMut(&T, u64) -> Vec<Cell>,
    mut check: impl FnMut(&T, &Parsed<R, T>) -> Result<(), ImportError>,
    progress: &dyn Fn(&'static str, u64),
) -> Result<u64, ImportFailure> {
    let file = table.file.file_name();
    let mut chunk = Vec::with_capacity(CHUNK);
    let mut n = 0u64;
    while let Some(item) = parsed.next() {
        let item = item?;
        check(&item, &parsed)?;
        let mut row = keys(&item, n);
        row.push(Cell::Text(to_json(&item)));
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

/// Refuses a row whose key (in `column`) an earlier row of the file had.
fn first_time<K: Eq + Hash + Display, R: Read, T>(
    seen: &mut HashSet<K>,
    key: K,
    (column, what): (&str, &str),
    parsed: &Parsed<R, T>,
) -> Result<(), ImportError> {
    let message = format!("{what} {key} appears twice");
    if seen.insert(key) {
        Ok(())
    } else {
        Err(parsed.error(column, message))
    }
}

/// How long an import waits for one already running (or a long write) before it gives up.
const WAIT_FOR_OTHER_IMPORT_SECS: u64 = 600;

/// The import's transaction, holding the store's write lock from its first statement: a
/// second import waits for the first to commit (up to [`WAIT_FOR_OTHER_IMPORT_SECS`], then it
/// fails saying so) and then replaces the whole of it, so two imports never interleave.
/// SQLite: `BEGIN IMMEDIATE`, tried again while the file is busy; PostgreSQL: an exclusive lock
/// on `imports`, which only imports take (readers are not blocked).
async fn begin_alone(db: &Db) -> Result<Transaction<'static, Any>, ImportFailure> {
    match db.backend {
        Backend::Sqlite => {
            let started = std::time::Instant::now();
            loop {
                match db
                    .pool
                    .begin_with("BEGIN IMMEDIATE")
                    .await
                    .map_err(DbError::from)
                {
                    Ok(tx) => return Ok(tx),
                    Err(e) if e.unavailable() == Some(BUSY) => {
                        if started.elapsed().as_secs() >= WAIT_FOR_OTHER_IMPORT_SECS {
                            return Err(ImportFailure::Busy(WAIT_FOR_OTHER_IMPORT_SECS));
                        }
                        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
                    }
                    Err(e) => return Err(e.into()),
                }
            }
        }
        Backend::Postgres => {
            let mut tx = db.pool.begin().await?;
            sqlx::query(&format!(
                "SET LOCAL lock_timeout = '{WAIT_FOR_OTHER_IMPORT_SECS}s'"
            ))
            .execute(&mut *tx)
            .await?;
            match sqlx::query("LOCK TABLE imports IN EXCLUSIVE MODE")
                .execute(&mut *tx)
                .await
            {
                Ok(_) => Ok(tx),
                // 55P03 lock_not_available: the lock timeout ran out.
                Err(sqlx::Error::Database(d)) if d.code().as_deref() == Some("55P03") => {
                    Err(ImportFailure::Busy(WAIT_FOR_OTHER_IMPORT_SECS))
                }
                Err(e) => Err(e.into()),
            }
        }
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
    let mut tx = begin_alone(db).await?;
    for table in [
        TENANTS,
        WORKLOADS,
        TIPPING_POINTS,
        CLOUD_ENDPOINTS,
        REFERRALS,
        ELIGIBILITY,
        SOLUTIONS_PARTNER,
    ] {
        sqlx::query(&format!("DELETE FROM {}", table.name))
            .execute(&mut *tx)
            .await?;
    }
    let mut summary = ImportSummary::default();
    let mut ids: HashSet<TenantId> = HashSet::new();
    let tenant_key = ("Tenant ID", "tenant");

    summary.tenants = stream(
        &mut tx,
        &TENANTS,
        import::tenants(tenants_file)?,
        |t, _| {
            let (id, mpn) = (t.id.to_string(), t.mpn_id.to_string());
            vec![id.into(), t.name.to_string().into(), mpn.into()]
        },
        |t, p| first_time(&mut ids, t.id, tenant_key, p),
        progress,
    )
    .await?;
    if let Some(f) = open_file(dir, WORKLOADS.file)? {
        summary.workloads = stream(
            &mut tx,
            &WORKLOADS,
            import::workloads(f)?,
            |w, n| vec![Cell::Int(n as i64), w.tenant_id.to_string().into()],
            |w, p| known_tenant(&ids, w.tenant_id, p),
            progress,
        )
        .await?;
    }
    if let Some(f) = open_file(dir, TIPPING_POINTS.file)? {
        summary.tipping_points = stream(
            &mut tx,
            &TIPPING_POINTS,
            import::tipping_points(f)?,
            |_, n| vec![Cell::Int(n as i64)],
            |_, _| Ok(()),
            progress,
        )
        .await?;
    }
    if let Some(f) = open_file(dir, CLOUD_ENDPOINTS.file)? {
        let mut seen = HashSet::new();
        summary.cloud_endpoints = stream(
            &mut tx,
            &CLOUD_ENDPOINTS,
            import::cloud_endpoints(f)?,
            |c, _| vec![c.tenant_id.to_string().into()],
            |c, p| {
                known_tenant(&ids, c.tenant_id, p)?;
                first_time(&mut seen, c.tenant_id, tenant_key, p)
            },
            progress,
        )
        .await?;
    }
    if let Some(f) = open_file(dir, REFERRALS.file)? {
        let mut seen = HashSet::new();
        summary.referrals = stream(
            &mut tx,
            &REFERRALS,
            import::referrals(f)?,
            |r, _| vec![r.id.to_string().into(), r.tenant_id.to_string().into()],
            |r, p| {
                known_tenant(&ids, r.tenant_id, p)?;
                first_time(&mut seen, r.id.clone(), ("Referral ID", "referral"), p)
            },
            progress,
        )
        .await?;
    }
    if let Some(f) = open_file(dir, ELIGIBILITY.file)? {
        summary.eligibility = stream(
            &mut tx,
            &ELIGIBILITY,
            import::eligibility(f)?,
            |r, n| vec![Cell::Int(n as i64), r.tenant_id.to_string().into()],
            |r, p| known_tenant(&ids, r.tenant_id, p),
            progress,
        )
        .await?;
    }
    if let Some(f) = open_file(dir, SOLUTIONS_PARTNER.file)? {
        // Each line is checked as it is read; the table as a whole (every setting of every
        // area, since it replaces the default wholesale) once it is all in.
        let mut lines = Vec::new();
        summary.solutions_partner = stream(
            &mut tx,
            &SOLUTIONS_PARTNER,
            import::solutions_partner(f)?,
            |_, n| vec![Cell::Int(n as i64)],
            |l, _| {
                lines.push(l.clone());
                Ok(())
            },
            progress,
        )
        .await?;
        if !lines.is_empty() {
            SolutionsPartnerTable::from_settings(lines)?;
        }
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
    if db.backend == Backend::Sqlite {
        // The import went through SQLite's write-ahead log, as large as the data itself, and
        // the log stays that size until a checkpoint truncates it (the server, which only
        // reads, never would): fold it into the database now. Best effort: the data is
        // committed, and a reader that holds the log open only leaves part of it for later.
        if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&db.pool)
            .await
        {
            tracing::warn!(error = %e, "could not truncate SQLite's write-ahead log after the import");
        }
    }
    Ok(summary)
}
