//! The store: SQLite by default, PostgreSQL for a `postgres://` URL, one code path through
//! sqlx's `Any` driver (portable SQL, `$n` placeholders, TEXT/BIGINT columns only). Every
//! record is kept whole as JSON (`data`) beside the key columns it is found by.
//!
//! This module connects and migrates; the others are split by what they keep: the imported
//! snapshot (`import` writes it, `snapshot` reads it) and what partners write (`tx` is the one
//! way to write it; `tenants`, `notes`, `referrals`, `contacts`, `service_status`,
//! `change_log`); `upgrade` rewrites records stored in an earlier JSON form, once.

pub mod audiences;
pub mod change_log;
pub mod contacts;
pub mod import;
pub mod notes;
pub mod referrals;
pub mod service_status;
pub mod snapshot;
pub mod tenants;
pub mod tx;
pub mod upgrade;

pub use tx::{Edit, StoreError};

use serde::Serialize;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::AnyPool;
use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("unsupported database URL `{0}` (expected sqlite://PATH or postgres://…)")]
    UnsupportedUrl(String),
    #[error("cannot create the folder for {0}: {1}")]
    CreateDir(String, std::io::Error),
    // The causes are in the messages and not also `#[source]`s (`#[from]` would make them
    // one): printed as a chain (`{:#}`), each would otherwise say the same thing twice.
    #[error("database: {0}")]
    Sqlx(sqlx::Error),
    #[error("database migration: {0}")]
    Migrate(sqlx::migrate::MigrateError),
    #[error("stored record is unreadable: {0}")]
    Corrupt(serde_json::Error),
}

/// Why SQLite refused: another connection holds the write lock (`SQLITE_BUSY`).
pub const BUSY: &str = "the database is busy";

impl DbError {
    /// Why the store cannot serve right now, when it is worth trying again later
    /// (PostgreSQL down or restarting, no free connection, SQLite's disk full or file busy):
    /// the API answers 503 with `Retry-After` and this reason rather than 500.
    pub fn unavailable(&self) -> Option<&'static str> {
        const UNREACHABLE: &str = "the database cannot be reached";
        let DbError::Sqlx(e) = self else {
            return None;
        };
        match e {
            sqlx::Error::Io(_)
            | sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::WorkerCrashed
            | sqlx::Error::Tls(_) => Some(UNREACHABLE),
            sqlx::Error::Database(d) => {
                let code = d.code().unwrap_or_default();
                if code.len() == 5 {
                    // PostgreSQL's SQLSTATE: class 08 connection exception, 57P01-03 shutting
                    // down or starting, 53100 disk full, other class 53 out of resources.
                    match code.as_ref() {
                        "53100" => Some("the database's disk is full"),
                        c if c.starts_with("08") || c.starts_with("57P") => Some(UNREACHABLE),
                        c if c.starts_with("53") => Some("the database is out of resources"),
                        _ => None,
                    }
                } else {
                    // SQLite's result code, extended or not.
                    match code.parse::<i64>().map(|c| c & 0xff) {
                        Ok(5) => Some(BUSY),
                        Ok(10) => Some("the database's disk cannot be written"),
                        Ok(13) => Some("the database's disk is full"),
                        _ => None,
                    }
                }
            }
            _ => None,
        }
    }
}

impl From<sqlx::Error> for DbError {
    fn from(e: sqlx::Error) -> Self {
        DbError::Sqlx(e)
    }
}

impl From<sqlx::migrate::MigrateError> for DbError {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        DbError::Migrate(e)
    }
}

impl From<serde_json::Error> for DbError {
    fn from(e: serde_json::Error) -> Self {
        DbError::Corrupt(e)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
    /// The latest import's referrals, parsed once (`referrals::list`).
    referrals: Arc<PerImport<referrals::Imported>>,
    /// The MPN location holding the most tenants (`snapshot::largest_mpn`), found once per
    /// import: demo sign-in asks for it on every token, and it scans every tenant.
    largest_mpn: Arc<PerImport<Option<shared::ids::MpnId>>>,
}

/// A value that only an import changes, kept with the ID of the import it was read from: a
/// reader gets it while that import is the latest, by any process; a new import is noticed
/// by its ID (`snapshot::import_id`). Read the ID and the rows the value comes from in one read
/// transaction (`Db::read_tx`), so what is kept under an ID is that import's.
pub struct PerImport<T>(std::sync::Mutex<Option<(i64, T)>>);

impl<T> Default for PerImport<T> {
    fn default() -> Self {
        PerImport(std::sync::Mutex::new(None))
    }
}

impl<T: Clone> PerImport<T> {
    /// The value kept for `import`, if that is the one kept.
    pub fn get(&self, import: i64) -> Option<T> {
        match self.0.lock().expect("per-import cache").as_ref() {
            Some((id, value)) if *id == import => Some(value.clone()),
            _ => None,
        }
    }

    pub fn put(&self, import: i64, value: T) {
        *self.0.lock().expect("per-import cache") = Some((import, value));
    }
}

impl Db {
    /// A read-only transaction that sees one moment of the store (PostgreSQL `REPEATABLE
    /// READ`; SQLite's read transaction): what several statements read belongs together.
    pub async fn read_tx(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, DbError> {
        Ok(match self.backend {
            Backend::Sqlite => self.pool.begin().await?,
            Backend::Postgres => {
                self.pool
                    .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                    .await?
            }
        })
    }

    /// Connects and brings the schema up to date. `sqlite://PATH` creates the file (and its
    /// folder) when missing.
    pub async fn connect(url: &str) -> Result<Db, DbError> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            return Err(DbError::UnsupportedUrl(url.to_string()));
        };
        let mut url = url.to_string();
        if backend == Backend::Sqlite {
            let path = url
                .trim_start_matches("sqlite://")
                .trim_start_matches("sqlite:")
                .split('?')
                .next()
                .unwrap_or("")
                .to_string();
            if !path.is_empty() && path != ":memory:" {
                if let Some(dir) = Path::new(&path)
                    .parent()
                    .filter(|d| !d.as_os_str().is_empty())
                {
                    std::fs::create_dir_all(dir)
                        .map_err(|e| DbError::CreateDir(path.clone(), e))?;
                }
            }
            let sep = if url.contains('?') { '&' } else { '?' };
            url = format!("{url}{sep}mode=rwc");
        }
        let opts = AnyConnectOptions::from_str(&url)?;
        let pool = AnyPoolOptions::new()
            .max_connections(if backend == Backend::Sqlite { 4 } else { 8 })
            // A store that is down answers 503 within seconds (sqlx waits 30 s by default,
            // longer than the request time limit).
            .acquire_timeout(std::time::Duration::from_secs(5))
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // Said explicitly rather than trusting the build's default: with WAL,
                        // FULL syncs the log on every commit, so an edit answered 200 is on
                        // disk even after `kill -9` or a power cut.
                        sqlx::Executor::execute(&mut *conn, "PRAGMA synchronous=FULL").await?;
                    }
                    Ok(())
                })
            })
            .connect_with(opts)
            .await?;
        match backend {
            Backend::Sqlite => {
                // WAL is a property of the file (synchronous is set per connection above).
                sqlx::query("PRAGMA journal_mode=WAL")
                    .execute(&pool)
                    .await?;
                SQLITE_MIGRATIONS.run(&pool).await?
            }
            Backend::Postgres => POSTGRES_MIGRATIONS.run(&pool).await?,
        }
        let db = Db {
            pool,
            backend,
            referrals: Arc::default(),
            largest_mpn: Arc::default(),
        };
        upgrade::run(&db).await?;
        Ok(db)
    }
}

/// One bound value: PostgreSQL will not take text for a BIGINT column, so ids and sequence
/// numbers stay integers.
#[derive(Debug, Clone)]
pub enum Cell {
    Text(String),
    Int(i64),
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}

impl From<i64> for Cell {
    fn from(i: i64) -> Self {
        Cell::Int(i)
    }
}

// Bound as what it holds: `q.bind(&cell)` works for any query.
impl<'q> sqlx::Encode<'q, sqlx::Any> for Cell {
    fn encode_by_ref(
        &self,
        buf: &mut <sqlx::Any as sqlx::Database>::ArgumentBuffer<'q>,
    ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
        match self {
            Cell::Text(t) => <String as sqlx::Encode<'q, sqlx::Any>>::encode_by_ref(t, buf),
            Cell::Int(i) => <i64 as sqlx::Encode<'q, sqlx::Any>>::encode_by_ref(i, buf),
        }
    }
}

impl sqlx::Type<sqlx::Any> for Cell {
    fn type_info() -> sqlx::any::AnyTypeInfo {
        // Only decoding asks for it, and a Cell is never decoded.
        <String as sqlx::Type<sqlx::Any>>::type_info()
    }
}

/// A record as the `data` column keeps it.
pub(crate) fn to_json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("model types serialize")
}
