//! The one way to write what partners keep. Every write runs in a [`TenantTx`], a transaction
//! that holds the tenant's lock; a versioned record (a referral decision, a contact, a service
//! status) goes through the same four steps:
//!
//! 1. [`TenantTx::begin`]: lock the tenant (404 when it does not exist);
//! 2. [`TenantTx::current`]: read what is stored at the record's [`Slot`] and refuse an edit
//!    based on another version (409, naming the version actually stored);
//! 3. [`TenantTx::write`]: write the new record (or delete it) guarded by that version, with its
//!    change-log row;
//! 4. [`TenantTx::commit`].
//!
//! The entity modules only say where their record lives and what the rules between the steps
//! are; the rules themselves live in `shared::edits`.

use super::change_log::{self, LogRow};
use super::{to_json, Backend, Cell, Db, DbError};
use serde::Serialize;
use shared::access::{check_write, Field, Principal, Record, Refusal, Scope};
use shared::edits::FieldErrors;
use shared::{Tenant, TenantId};
use sqlx::{Any, AnyConnection, Transaction};
use time::OffsetDateTime;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Invalid(FieldErrors),
    #[error("{0}")]
    Conflict(String),
    /// The signed-in role may not make this write (403).
    #[error("{0}")]
    Forbidden(Refusal),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        StoreError::Db(DbError::Sqlx(e))
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> Self {
        StoreError::Db(DbError::Corrupt(e))
    }
}

impl From<Refusal> for StoreError {
    fn from(r: Refusal) -> Self {
        StoreError::Forbidden(r)
    }
}

impl From<FieldErrors> for StoreError {
    fn from(e: FieldErrors) -> Self {
        StoreError::Invalid(e)
    }
}

/// Who makes an edit and when: the signed-in principal (its `sub` is the author of the
/// change-log row and of any note the edit appends; its role and scope decide what it may
/// write, and where), and the clock a referral's state is judged by. Every store write takes
/// one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub by: Principal,
    pub now: OffsetDateTime,
}

impl Edit {
    /// The author recorded with the write: the token's `sub`.
    pub fn who(&self) -> &str {
        &self.by.sub
    }

    /// Refuses the write when the editor's role may not make it (403), before anything is
    /// read: a refusal says nothing about whether the tenant exists.
    pub fn may_write(&self, record: Record, given: &[Field]) -> Result<(), StoreError> {
        Ok(check_write(self.by.role, record, given)?)
    }
}

/// A write transaction that holds the tenant's lock. SQLite takes the write lock up front
/// (`BEGIN IMMEDIATE`), so a read-then-write can never fail half way on a busy file;
/// PostgreSQL locks the tenant row, so two saves of one tenant (e.g. deleting two contacts)
/// cannot both pass a list-wide check. Dropped without [`commit`](Self::commit), it rolls
/// back.
pub struct TenantTx {
    tx: Transaction<'static, Any>,
    /// The tenant as stored when the lock was taken.
    pub tenant: Tenant,
}

/// Where one versioned record is kept: a table with `version` and `data` columns, the key
/// columns that find the record, and how the change log and messages name it.
pub struct Slot {
    pub table: &'static str,
    pub key: Vec<(&'static str, Cell)>,
    /// Further columns a first save fills (beside the key, `version` and `data`).
    pub insert_also: Vec<(&'static str, Cell)>,
    /// The change log's `entity` and `entity_id`.
    pub entity: &'static str,
    pub entity_id: String,
    /// How a conflict names the record ("This contact").
    pub what: &'static str,
    /// The 404 message when the record must already exist (an edit or a delete of it).
    /// `None`: a record never saved is at version 0 and the first save inserts it.
    pub must_exist: Option<String>,
}

impl Slot {
    /// `k1 = $first AND k2 = $first+1 …`
    fn where_key(&self, first: usize) -> String {
        self.key
            .iter()
            .enumerate()
            .map(|(i, (col, _))| format!("{col} = ${}", first + i))
            .collect::<Vec<_>>()
            .join(" AND ")
    }
}

/// Where a record without a version (a note, a new contact) is inserted: its table, the
/// columns beside `data`, and the change log's name for it. The row id is its identity.
pub struct NewRow {
    pub table: &'static str,
    pub columns: Vec<(&'static str, Cell)>,
    pub entity: &'static str,
}

/// What a [`Slot`] held when the edit was checked against it: the only way to
/// [`write`](TenantTx::write) one.
pub struct Current<T> {
    slot: Slot,
    version: i64,
    record: Option<T>,
}

impl<T> Current<T> {
    /// The stored record (`None` when never saved).
    pub fn record(&self) -> Option<&T> {
        self.record.as_ref()
    }

    /// 0 when never saved.
    pub fn version(&self) -> i64 {
        self.version
    }

    /// The version the next save stores.
    pub fn next_version(&self) -> i64 {
        self.version + 1
    }
}

/// What an edit does to a versioned record.
pub enum Change<'a, T> {
    Save(&'a T),
    Delete,
}

fn stale(what: &str, stored: Option<i64>, sent: i64) -> StoreError {
    StoreError::Conflict(match stored {
        Some(v) => format!(
            "{what} was changed by someone else (version {v}, your edit was based on version {sent}); reload and try again"
        ),
        None => format!("{what} was deleted by someone else; reload and try again"),
    })
}

impl TenantTx {
    /// Begins a write transaction holding `tenant`'s lock: 404 when there is no such tenant,
    /// and exactly the same 404 when it is outside the editor's scope.
    pub async fn begin(db: &Db, tenant: TenantId, scope: &Scope) -> Result<TenantTx, StoreError> {
        let mut tx = match db.backend {
            Backend::Sqlite => db.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => db.pool.begin().await?,
        };
        // SQLite's whole file is already locked; PostgreSQL locks the tenant's row.
        let sql = match db.backend {
            Backend::Sqlite => "SELECT data FROM tenants WHERE id = $1",
            Backend::Postgres => "SELECT data FROM tenants WHERE id = $1 FOR UPDATE",
        };
        let row: Option<(String,)> = sqlx::query_as(sql)
            .bind(tenant.to_string())
            .fetch_optional(&mut *tx)
            .await?;
        let found: Option<Tenant> = row.map(|(d,)| serde_json::from_str(&d)).transpose()?;
        let Some(tenant) = found.filter(|t| scope.contains(&t.mpn_id)) else {
            return Err(StoreError::NotFound(format!("no tenant {tenant}")));
        };
        Ok(TenantTx { tx, tenant })
    }

    pub fn id(&self) -> TenantId {
        self.tenant.id
    }

    /// The connection, for the entity's own reads and writes inside the transaction.
    pub fn conn(&mut self) -> &mut AnyConnection {
        &mut self.tx
    }

    /// Reads what is stored at `slot` (`parse` turns its version and data into the record)
    /// and refuses an edit based on any other version than `sent`: 404 when the record must
    /// exist and does not, 409 naming the stored version when stale.
    pub async fn current<T>(
        &mut self,
        slot: Slot,
        sent: i64,
        parse: impl FnOnce(i64, &str) -> Result<T, StoreError>,
    ) -> Result<Current<T>, StoreError> {
        let sql = format!(
            "SELECT version, data FROM {} WHERE {}",
            slot.table,
            slot.where_key(1)
        );
        let mut q = sqlx::query_as::<_, (i64, String)>(&sql);
        for (_, v) in &slot.key {
            q = q.bind(v);
        }
        let row = q.fetch_optional(&mut *self.tx).await?;
        let (version, record) = match row {
            Some((v, data)) => (v, Some(parse(v, &data)?)),
            None => match &slot.must_exist {
                Some(missing) => return Err(StoreError::NotFound(missing.clone())),
                None => (0, None),
            },
        };
        if version != sent {
            return Err(stale(slot.what, Some(version), sent));
        }
        Ok(Current {
            slot,
            version,
            record,
        })
    }

    /// Saves or deletes the record checked in `current`, guarded by its version so that
    /// nothing is overwritten that was not checked, and appends the change-log row (before →
    /// after). Returns the version now stored (0 after a delete).
    pub async fn write<T: Serialize>(
        &mut self,
        edit: &Edit,
        current: Current<T>,
        change: Change<'_, T>,
    ) -> Result<i64, StoreError> {
        let Current {
            slot,
            version,
            record,
        } = current;
        let key = slot.key.iter().map(|(_, v)| v.clone());
        let (sql, params, now_stored, after) = match change {
            Change::Save(after) if version == 0 => {
                let cols: Vec<&str> = slot
                    .key
                    .iter()
                    .chain(&slot.insert_also)
                    .map(|(c, _)| *c)
                    .chain(["version", "data"])
                    .collect();
                let places: Vec<String> = (1..=cols.len()).map(|i| format!("${i}")).collect();
                let sql = format!(
                    "INSERT INTO {} ({}) VALUES ({})",
                    slot.table,
                    cols.join(", "),
                    places.join(", ")
                );
                let data = to_json(after);
                let params: Vec<Cell> = key
                    .chain(slot.insert_also.iter().map(|(_, v)| v.clone()))
                    .chain([Cell::Int(1), Cell::Text(data.clone())])
                    .collect();
                (sql, params, 1, Some(data))
            }
            Change::Save(after) => {
                let sql = format!(
                    "UPDATE {} SET version = $1, data = $2 WHERE {} AND version = ${}",
                    slot.table,
                    slot.where_key(3),
                    slot.key.len() + 3
                );
                let data = to_json(after);
                let params: Vec<Cell> = [Cell::Int(version + 1), Cell::Text(data.clone())]
                    .into_iter()
                    .chain(key)
                    .chain([Cell::Int(version)])
                    .collect();
                (sql, params, version + 1, Some(data))
            }
            Change::Delete => {
                let sql = format!(
                    "DELETE FROM {} WHERE {} AND version = ${}",
                    slot.table,
                    slot.where_key(1),
                    slot.key.len() + 1
                );
                let params: Vec<Cell> = key.chain([Cell::Int(version)]).collect();
                (sql, params, 0, None)
            }
        };
        let mut q = sqlx::query(&sql);
        for p in &params {
            q = q.bind(p);
        }
        if q.execute(&mut *self.tx).await?.rows_affected() != 1 {
            // Cannot happen under the tenant lock; if it ever does, say what is stored now.
            return Err(stale(slot.what, self.stored_version(&slot).await?, version));
        }
        self.log(
            edit,
            LogRow {
                entity: slot.entity,
                entity_id: &slot.entity_id,
                before: record.as_ref().map(to_json),
                after,
            },
        )
        .await?;
        Ok(now_stored)
    }

    async fn stored_version(&mut self, slot: &Slot) -> Result<Option<i64>, StoreError> {
        let sql = format!(
            "SELECT version FROM {} WHERE {}",
            slot.table,
            slot.where_key(1)
        );
        let mut q = sqlx::query_as::<_, (i64,)>(&sql);
        for (_, v) in &slot.key {
            q = q.bind(v);
        }
        Ok(q.fetch_optional(&mut *self.tx).await?.map(|(v,)| v))
    }

    /// Inserts `record` as a new row, gives it the row's id (`set_id`) and appends the
    /// change-log row of its creation. Returns the id.
    pub async fn create<T: Serialize>(
        &mut self,
        edit: &Edit,
        row: NewRow,
        record: &mut T,
        set_id: impl FnOnce(&mut T, i64),
    ) -> Result<i64, StoreError> {
        let cols: Vec<&str> = row.columns.iter().map(|(c, _)| *c).collect();
        let places: Vec<String> = (1..=cols.len() + 1).map(|i| format!("${i}")).collect();
        let sql = format!(
            "INSERT INTO {} ({}, data) VALUES ({}) RETURNING id",
            row.table,
            cols.join(", "),
            places.join(", ")
        );
        let mut q = sqlx::query_as::<_, (i64,)>(&sql);
        for (_, v) in &row.columns {
            q = q.bind(v);
        }
        // The JSON is written before the id is known; readers take the id from its column.
        let (id,) = q.bind(to_json(record)).fetch_one(&mut *self.tx).await?;
        set_id(record, id);
        self.log(
            edit,
            LogRow {
                entity: row.entity,
                entity_id: &id.to_string(),
                before: None,
                after: Some(to_json(record)),
            },
        )
        .await?;
        Ok(id)
    }

    async fn log(&mut self, edit: &Edit, row: LogRow<'_>) -> Result<(), StoreError> {
        let tenant = self.id();
        change_log::append(&mut self.tx, tenant, edit, row).await?;
        Ok(())
    }

    pub async fn commit(self) -> Result<(), StoreError> {
        self.tx.commit().await?;
        Ok(())
    }
}
