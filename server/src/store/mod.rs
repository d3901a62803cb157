//! The store: SQLite by default, PostgreSQL for a `postgres://` URL, one code path through
//! sqlx's `Any` driver (portable SQL, `$n` placeholders, TEXT/BIGINT columns only). Every
//! record is kept whole as JSON (`data`) beside the key columns it is found by.
//!
//! This module connects and migrates; the others are split by what they keep: the imported
//! snapshot (`import` writes it, `snapshot` reads it) and what partners write (`tx` is the one
//! way to write it; `tenants`, `notes`, `referrals`, `contacts`, `service_status`,
//! `change_log`).

pub mod change_log;
pub mod contacts;
pub mod import;
pub mod notes;
pub mod referrals;
pub mod service_status;
pub mod snapshot;
pub mod tenants;
pub mod tx;

pub use tx::{Edit, StoreError};

use serde::Serialize;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::AnyPool;
use std::path::Path;
use std::str::FromStr;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("unsupported database URL `{0}` (expected sqlite://PATH or postgres://…)")]
    UnsupportedUrl(String),
    #[error("cannot create the folder for {0}: {1}")]
    CreateDir(String, std::io::Error),
    #[error("database: {0}")]
    Sqlx(#[from] sqlx::Error),
    #[error("database migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("stored record is unreadable: {0}")]
    Corrupt(#[from] serde_json::Error),
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
}

impl Db {
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
        Ok(Db { pool, backend })
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
