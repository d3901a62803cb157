//! What partners write, kept beside the snapshot: referral decisions, notes, contacts and
//! service status, each save with its change-log row in one transaction. Stale versions are
//! refused before anything is written; the rules themselves live in `shared::edits`.

use crate::db::{Backend, Db, DbError};
use serde::Serialize;
use shared::config::ReferralConfig;
use shared::edits::contacts::{check_contact_list, Contact, ContactChange, ContactDraft};
use shared::edits::intent_lint::lint_intent_note;
use shared::edits::notes::{newest_first, Note, NoteDraft, NoteKind, DETAIL_NOTES};
use shared::edits::referral::{check_editable, describe_changes, referral_state, ReferralDecision};
use shared::edits::service_status::{ServiceStatus, ServiceStatusDraft};
use shared::edits::taxonomy::Taxonomy;
use shared::edits::views::{ChangeLogEntry, ReferralView, ServiceStatusView, TenantDetail};
use shared::edits::FieldErrors;
use shared::{ClaimState, Referral, ReferralId, Tenant, TenantId, Workload, WorkloadUsage};
use sqlx::{Any, Transaction};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

#[derive(Debug, thiserror::Error)]
pub enum EditError {
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Invalid(FieldErrors),
    #[error("{0}")]
    Conflict(String),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sqlx::Error> for EditError {
    fn from(e: sqlx::Error) -> Self {
        EditError::Db(DbError::Sqlx(e))
    }
}

impl From<serde_json::Error> for EditError {
    fn from(e: serde_json::Error) -> Self {
        EditError::Db(DbError::Corrupt(e))
    }
}

impl From<FieldErrors> for EditError {
    fn from(e: FieldErrors) -> Self {
        EditError::Invalid(e)
    }
}

fn stale(what: &str, current: i64, sent: i64) -> EditError {
    EditError::Conflict(format!(
        "{what} was changed by someone else (version {current}, your edit was based on version {sent}); reload and try again"
    ))
}

fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).expect("UTC times format")
}

fn to_json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("records serialize")
}

/// A write transaction that already holds the tenant's lock. SQLite takes the write lock up
/// front (`BEGIN IMMEDIATE`), so a read-then-write can never fail half way on a busy file;
/// PostgreSQL locks the tenant row, so two saves of one tenant (e.g. deleting two contacts)
/// cannot both pass a list-wide check.
async fn begin_for_tenant(
    db: &Db,
    tenant: TenantId,
) -> Result<(Transaction<'static, Any>, Tenant), EditError> {
    let mut tx = match db.backend {
        Backend::Sqlite => db.pool.begin_with("BEGIN IMMEDIATE").await?,
        Backend::Postgres => db.pool.begin().await?,
    };
    let sql = match db.backend {
        Backend::Sqlite => "SELECT data FROM tenants WHERE id = $1",
        Backend::Postgres => "SELECT data FROM tenants WHERE id = $1 FOR UPDATE",
    };
    let row: Option<(String,)> = sqlx::query_as(sql)
        .bind(tenant.to_string())
        .fetch_optional(&mut *tx)
        .await?;
    match row {
        Some((data,)) => Ok((tx, serde_json::from_str(&data)?)),
        None => Err(EditError::NotFound(format!("no tenant {tenant}"))),
    }
}

#[allow(clippy::too_many_arguments)]
async fn log_change(
    tx: &mut Transaction<'static, Any>,
    tenant: TenantId,
    at: OffsetDateTime,
    who: &str,
    entity: &str,
    entity_id: &str,
    before: Option<String>,
    after: Option<String>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO change_log (tenant_id, at, who, entity, entity_id, before_json, after_json) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(tenant.to_string())
    .bind(rfc3339(at))
    .bind(who.to_string())
    .bind(entity.to_string())
    .bind(entity_id.to_string())
    .bind(before)
    .bind(after)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn insert_note(
    tx: &mut Transaction<'static, Any>,
    mut note: Note,
    who: &str,
) -> Result<Note, EditError> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO notes (tenant_id, created_at, data) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(note.tenant_id.to_string())
    .bind(rfc3339(note.created_at))
    .bind(to_json(&note))
    .fetch_one(&mut **tx)
    .await?;
    note.id = id;
    log_change(
        tx,
        note.tenant_id,
        note.created_at,
        who,
        "note",
        &id.to_string(),
        None,
        Some(to_json(&note)),
    )
    .await?;
    Ok(note)
}

fn note_from_row((id, data): (i64, String)) -> Result<Note, EditError> {
    let mut n: Note = serde_json::from_str(&data)?;
    // The id is only known once inserted; the column is the truth.
    n.id = id;
    Ok(n)
}

// ---- reads ----

async fn tenant_of(db: &Db, id: TenantId) -> Result<Tenant, EditError> {
    let row: Option<(String,)> = sqlx::query_as("SELECT data FROM tenants WHERE id = $1")
        .bind(id.to_string())
        .fetch_optional(&db.pool)
        .await?;
    match row {
        Some((d,)) => Ok(serde_json::from_str(&d)?),
        None => Err(EditError::NotFound(format!("no tenant {id}"))),
    }
}

async fn visible_workloads<'e, E: sqlx::Executor<'e, Database = Any>>(
    ex: E,
    id: TenantId,
) -> Result<Vec<WorkloadUsage>, EditError> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT data FROM workloads WHERE tenant_id = $1 ORDER BY seq")
            .bind(id.to_string())
            .fetch_all(ex)
            .await?;
    let mut out = Vec::new();
    for (d,) in rows {
        let w: WorkloadUsage = serde_json::from_str(&d)?;
        if w.claim_state() != ClaimState::ClaimedByOther {
            out.push(w);
        }
    }
    Ok(out)
}

async fn statuses_of<'e, E: sqlx::Executor<'e, Database = Any>>(
    ex: E,
    id: TenantId,
) -> Result<Vec<ServiceStatus>, EditError> {
    let rows: Vec<(i64, String)> =
        sqlx::query_as("SELECT version, data FROM service_status WHERE tenant_id = $1")
            .bind(id.to_string())
            .fetch_all(ex)
            .await?;
    rows.into_iter()
        .map(|(v, d)| {
            let mut s: ServiceStatus = serde_json::from_str(&d)?;
            s.version = v;
            Ok(s)
        })
        .collect()
}

async fn contacts_of<'e, E: sqlx::Executor<'e, Database = Any>>(
    ex: E,
    id: TenantId,
) -> Result<Vec<Contact>, EditError> {
    let rows: Vec<(i64, i64, String)> =
        sqlx::query_as("SELECT id, version, data FROM contacts WHERE tenant_id = $1 ORDER BY id")
            .bind(id.to_string())
            .fetch_all(ex)
            .await?;
    rows.into_iter()
        .map(|(id, v, d)| {
            let mut c: Contact = serde_json::from_str(&d)?;
            c.id = id;
            c.version = v;
            Ok(c)
        })
        .collect()
}

async fn decisions<'e, E: sqlx::Executor<'e, Database = Any>>(
    ex: E,
    sql: &str,
    bind: Option<String>,
) -> Result<std::collections::HashMap<ReferralId, (i64, ReferralDecision)>, EditError> {
    let mut q = sqlx::query_as::<_, (String, i64, String)>(sql);
    if let Some(b) = bind {
        q = q.bind(b);
    }
    let rows = q.fetch_all(ex).await?;
    let mut out = std::collections::HashMap::new();
    for (id, v, d) in rows {
        out.insert(ReferralId(id), (v, serde_json::from_str(&d)?));
    }
    Ok(out)
}

fn view(
    referral: Referral,
    tenant_name: String,
    saved: Option<&(i64, ReferralDecision)>,
    now: OffsetDateTime,
    cfg: &ReferralConfig,
) -> ReferralView {
    let state = referral_state(&referral, saved.map(|(_, d)| d), now, cfg);
    ReferralView {
        decision: saved
            .map(|(_, d)| d.clone())
            .unwrap_or_else(|| ReferralDecision::from_import(&referral)),
        version: saved.map(|(v, _)| *v).unwrap_or(0),
        referral,
        tenant_name,
        state,
    }
}

/// Every referral with its decision and state (the Referrals report), by referral ID.
pub async fn referrals(
    db: &Db,
    now: OffsetDateTime,
    cfg: &ReferralConfig,
) -> Result<Vec<ReferralView>, EditError> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT r.data, t.name FROM referrals r JOIN tenants t ON t.id = r.tenant_id ORDER BY r.id",
    )
    .fetch_all(&db.pool)
    .await?;
    let saved = decisions(
        &db.pool,
        "SELECT referral_id, version, data FROM referral_decisions",
        None,
    )
    .await?;
    rows.into_iter()
        .map(|(data, name)| {
            let r: Referral = serde_json::from_str(&data)?;
            let s = saved.get(&r.id);
            Ok(view(r, name, s, now, cfg))
        })
        .collect()
}

fn status_views(
    workloads: &[WorkloadUsage],
    saved: Vec<ServiceStatus>,
    tenant: TenantId,
) -> Vec<ServiceStatusView> {
    let mut seen = std::collections::HashSet::new();
    let notes: Vec<(Workload, String)> = saved
        .iter()
        .map(|s| (s.workload.clone(), s.fields.intent_note.clone()))
        .collect();
    workloads
        .iter()
        .filter(|w| seen.insert(w.workload.key()))
        .map(|w| {
            let status = saved
                .iter()
                .find(|s| s.workload.key() == w.workload.key())
                .cloned()
                .unwrap_or_else(|| ServiceStatus {
                    tenant_id: tenant,
                    workload: w.workload.clone(),
                    version: 0,
                    fields: ServiceStatusDraft::default(),
                });
            let warnings = lint_intent_note(&status.fields.intent_note, &status.workload, &notes);
            ServiceStatusView {
                total_entitlements: total_entitlements(workloads, &w.workload),
                status,
                warnings,
            }
        })
        .collect()
}

/// A workload may have a row per SKU; its entitlements are all of them.
fn total_entitlements(workloads: &[WorkloadUsage], workload: &Workload) -> u64 {
    workloads
        .iter()
        .filter(|w| w.workload.key() == workload.key())
        .map(|w| w.total_entitlements)
        .sum()
}

pub async fn tenant_detail(
    db: &Db,
    id: TenantId,
    now: OffsetDateTime,
    cfg: &ReferralConfig,
    taxonomy: &Taxonomy,
) -> Result<TenantDetail, EditError> {
    let tenant = tenant_of(db, id).await?;
    let workloads = visible_workloads(&db.pool, id).await?;
    let saved = decisions(
        &db.pool,
        "SELECT referral_id, version, data FROM referral_decisions WHERE tenant_id = $1",
        Some(id.to_string()),
    )
    .await?;
    let refs: Vec<(String,)> =
        sqlx::query_as("SELECT data FROM referrals WHERE tenant_id = $1 ORDER BY id")
            .bind(id.to_string())
            .fetch_all(&db.pool)
            .await?;
    let mut referrals = Vec::new();
    for (d,) in refs {
        let r: Referral = serde_json::from_str(&d)?;
        let s = saved.get(&r.id);
        referrals.push(view(r, tenant.name.clone(), s, now, cfg));
    }
    let all_notes = notes(db, id).await?;
    let statuses = statuses_of(&db.pool, id).await?;
    Ok(TenantDetail {
        notes_total: all_notes.len() as u64,
        notes: newest_first(&all_notes, DETAIL_NOTES),
        contacts: contacts_of(&db.pool, id).await?,
        service_statuses: status_views(&workloads, statuses, id),
        workloads,
        referrals,
        taxonomy: taxonomy.clone(),
        tenant,
        now,
    })
}

/// Every note of a tenant, newest first.
pub async fn notes(db: &Db, id: TenantId) -> Result<Vec<Note>, EditError> {
    let rows: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, data FROM notes WHERE tenant_id = $1 ORDER BY id")
            .bind(id.to_string())
            .fetch_all(&db.pool)
            .await?;
    let all = rows
        .into_iter()
        .map(note_from_row)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(newest_first(&all, all.len()))
}

pub async fn tenant_notes(db: &Db, id: TenantId) -> Result<Vec<Note>, EditError> {
    tenant_of(db, id).await?;
    notes(db, id).await
}

/// The tenant's change log, newest first.
pub async fn change_log(db: &Db, id: TenantId) -> Result<Vec<ChangeLogEntry>, EditError> {
    tenant_of(db, id).await?;
    type Row = (
        i64,
        String,
        String,
        String,
        String,
        String,
        Option<String>,
        Option<String>,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, tenant_id, at, who, entity, entity_id, before_json, after_json \
         FROM change_log WHERE tenant_id = $1 ORDER BY id DESC",
    )
    .bind(id.to_string())
    .fetch_all(&db.pool)
    .await?;
    let parse = |s: Option<String>| -> Result<Option<serde_json::Value>, EditError> {
        Ok(match s {
            Some(s) => Some(serde_json::from_str(&s)?),
            None => None,
        })
    };
    rows.into_iter()
        .map(|(id, tenant_id, at, who, entity, entity_id, b, a)| {
            Ok(ChangeLogEntry {
                id,
                tenant_id,
                at,
                who,
                entity,
                entity_id,
                before: parse(b)?,
                after: parse(a)?,
            })
        })
        .collect()
}

// ---- writes ----

pub async fn add_note(
    db: &Db,
    tenant: TenantId,
    draft: &NoteDraft,
    who: &str,
    now: OffsetDateTime,
) -> Result<Note, EditError> {
    let content = draft.validated()?;
    let (mut tx, _) = begin_for_tenant(db, tenant).await?;
    let note = insert_note(
        &mut tx,
        Note {
            id: 0,
            tenant_id: tenant,
            kind: NoteKind::Status,
            author: who.to_string(),
            created_at: now,
            content,
            referral_id: None,
            changes: vec![],
        },
        who,
    )
    .await?;
    tx.commit().await?;
    Ok(note)
}

/// Saves a referral decision based on `version` (0 = never edited); the edit appends a note
/// saying what changed. An expired referral is read-only.
pub async fn put_decision(
    db: &Db,
    referral_id: &ReferralId,
    version: i64,
    draft: &ReferralDecision,
    who: &str,
    now: OffsetDateTime,
    cfg: &ReferralConfig,
) -> Result<ReferralView, EditError> {
    let decision = draft.validated()?;
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT tenant_id, data FROM referrals WHERE id = $1")
            .bind(referral_id.as_str())
            .fetch_optional(&db.pool)
            .await?;
    let Some((tenant_id, _)) = row else {
        return Err(EditError::NotFound(format!("no referral {referral_id}")));
    };
    let tenant_id = TenantId::parse(&tenant_id)
        .map_err(|e| EditError::Db(DbError::Corrupt(serde::de::Error::custom(e))))?;
    let (mut tx, tenant) = begin_for_tenant(db, tenant_id).await?;
    // Read again under the lock: an import may have replaced it meanwhile.
    let row: Option<(String,)> = sqlx::query_as("SELECT data FROM referrals WHERE id = $1")
        .bind(referral_id.as_str())
        .fetch_optional(&mut *tx)
        .await?;
    let Some((data,)) = row else {
        return Err(EditError::NotFound(format!("no referral {referral_id}")));
    };
    let referral: Referral = serde_json::from_str(&data)?;
    let saved = decisions(
        &mut *tx,
        "SELECT referral_id, version, data FROM referral_decisions WHERE referral_id = $1",
        Some(referral_id.to_string()),
    )
    .await?
    .remove(referral_id);
    let current = saved.as_ref().map(|(v, _)| *v).unwrap_or(0);
    if current != version {
        return Err(stale("This referral", current, version));
    }
    let before_state = referral_state(&referral, saved.as_ref().map(|(_, d)| d), now, cfg);
    check_editable(&before_state).map_err(|e| {
        EditError::Conflict(e.first().map(|f| f.message.clone()).unwrap_or_default())
    })?;
    let before = saved
        .as_ref()
        .map(|(_, d)| d.clone())
        .unwrap_or_else(|| ReferralDecision::from_import(&referral));
    let changes = decision.changes_from(&before);
    if changes.is_empty() {
        // Nothing changed: no new version, no note.
        return Ok(view(referral, tenant.name, saved.as_ref(), now, cfg));
    }
    let next = current + 1;
    let updated = if current == 0 {
        sqlx::query(
            "INSERT INTO referral_decisions (referral_id, tenant_id, version, data) VALUES ($1, $2, $3, $4)",
        )
        .bind(referral_id.to_string())
        .bind(tenant_id.to_string())
        .bind(next)
        .bind(to_json(&decision))
        .execute(&mut *tx)
        .await?
        .rows_affected()
    } else {
        sqlx::query(
            "UPDATE referral_decisions SET version = $1, data = $2 WHERE referral_id = $3 AND version = $4",
        )
        .bind(next)
        .bind(to_json(&decision))
        .bind(referral_id.to_string())
        .bind(current)
        .execute(&mut *tx)
        .await?
        .rows_affected()
    };
    if updated != 1 {
        return Err(stale("This referral", current + 1, version));
    }
    log_change(
        &mut tx,
        tenant_id,
        now,
        who,
        "referral_decision",
        referral_id.as_str(),
        saved.as_ref().map(|(_, d)| to_json(d)),
        Some(to_json(&decision)),
    )
    .await?;
    insert_note(
        &mut tx,
        Note {
            id: 0,
            tenant_id,
            kind: NoteKind::ReferralEdit,
            author: who.to_string(),
            created_at: now,
            content: NoteDraft {
                text: format!(
                    "Referral {referral_id} edited: {}",
                    describe_changes(&changes)
                ),
                ..Default::default()
            },
            referral_id: Some(referral_id.clone()),
            changes,
        },
        who,
    )
    .await?;
    tx.commit().await?;
    Ok(view(
        referral,
        tenant.name,
        Some(&(next, decision)),
        now,
        cfg,
    ))
}

pub async fn add_contact(
    db: &Db,
    tenant: TenantId,
    draft: &ContactDraft,
    who: &str,
    now: OffsetDateTime,
) -> Result<Contact, EditError> {
    let fields = draft.validated()?;
    let (mut tx, _) = begin_for_tenant(db, tenant).await?;
    let existing = contacts_of(&mut *tx, tenant).await?;
    check_contact_list(&existing, &ContactChange::Add(&fields))?;
    let mut contact = Contact {
        id: 0,
        tenant_id: tenant,
        version: 1,
        fields,
    };
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO contacts (tenant_id, version, data) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(tenant.to_string())
    .bind(1i64)
    .bind(to_json(&contact))
    .fetch_one(&mut *tx)
    .await?;
    contact.id = id;
    log_change(
        &mut tx,
        tenant,
        now,
        who,
        "contact",
        &id.to_string(),
        None,
        Some(to_json(&contact)),
    )
    .await?;
    tx.commit().await?;
    Ok(contact)
}

async fn existing_contact(
    tx: &mut Transaction<'static, Any>,
    tenant: TenantId,
    id: i64,
    version: i64,
) -> Result<(Vec<Contact>, Contact), EditError> {
    let all = contacts_of(&mut **tx, tenant).await?;
    let Some(c) = all.iter().find(|c| c.id == id).cloned() else {
        return Err(EditError::NotFound(format!(
            "no contact {id} on tenant {tenant}"
        )));
    };
    if c.version != version {
        return Err(stale("This contact", c.version, version));
    }
    Ok((all, c))
}

pub async fn edit_contact(
    db: &Db,
    tenant: TenantId,
    id: i64,
    version: i64,
    draft: &ContactDraft,
    who: &str,
    now: OffsetDateTime,
) -> Result<Contact, EditError> {
    let fields = draft.validated()?;
    let (mut tx, _) = begin_for_tenant(db, tenant).await?;
    let (all, before) = existing_contact(&mut tx, tenant, id, version).await?;
    check_contact_list(&all, &ContactChange::Edit(id, &fields))?;
    let after = Contact {
        id,
        tenant_id: tenant,
        version: version + 1,
        fields,
    };
    let n =
        sqlx::query("UPDATE contacts SET version = $1, data = $2 WHERE id = $3 AND version = $4")
            .bind(after.version)
            .bind(to_json(&after))
            .bind(id)
            .bind(version)
            .execute(&mut *tx)
            .await?
            .rows_affected();
    if n != 1 {
        return Err(stale("This contact", version + 1, version));
    }
    log_change(
        &mut tx,
        tenant,
        now,
        who,
        "contact",
        &id.to_string(),
        Some(to_json(&before)),
        Some(to_json(&after)),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

pub async fn delete_contact(
    db: &Db,
    tenant: TenantId,
    id: i64,
    version: i64,
    who: &str,
    now: OffsetDateTime,
) -> Result<(), EditError> {
    let (mut tx, _) = begin_for_tenant(db, tenant).await?;
    let (all, before) = existing_contact(&mut tx, tenant, id, version).await?;
    check_contact_list(&all, &ContactChange::Delete(id))?;
    let n = sqlx::query("DELETE FROM contacts WHERE id = $1 AND version = $2")
        .bind(id)
        .bind(version)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if n != 1 {
        return Err(stale("This contact", version + 1, version));
    }
    log_change(
        &mut tx,
        tenant,
        now,
        who,
        "contact",
        &id.to_string(),
        Some(to_json(&before)),
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Saves the service status of one workload, based on `version` (0 = never saved).
#[allow(clippy::too_many_arguments)]
pub async fn put_service_status(
    db: &Db,
    tenant: TenantId,
    workload: &str,
    version: i64,
    draft: &ServiceStatusDraft,
    who: &str,
    now: OffsetDateTime,
    taxonomy: &Taxonomy,
) -> Result<ServiceStatusView, EditError> {
    let (mut tx, _) = begin_for_tenant(db, tenant).await?;
    let workloads = visible_workloads(&mut *tx, tenant).await?;
    let wanted = Workload::new(workload);
    let Some(w) = workloads
        .iter()
        .find(|w| w.workload.key() == wanted.key())
        .map(|w| w.workload.clone())
    else {
        return Err(EditError::NotFound(format!(
            "tenant {tenant} has no workload `{workload}`"
        )));
    };
    let fields = draft.validated(taxonomy, total_entitlements(&workloads, &w))?;
    let mut saved = statuses_of(&mut *tx, tenant).await?;
    let before = saved.iter().find(|s| s.workload.key() == w.key()).cloned();
    let current = before.as_ref().map(|s| s.version).unwrap_or(0);
    if current != version {
        return Err(stale("This service status", current, version));
    }
    let after = ServiceStatus {
        tenant_id: tenant,
        workload: w.clone(),
        version: current + 1,
        fields,
    };
    let n = if current == 0 {
        sqlx::query(
            "INSERT INTO service_status (tenant_id, workload_key, version, data) VALUES ($1, $2, $3, $4)",
        )
        .bind(tenant.to_string())
        .bind(w.key())
        .bind(after.version)
        .bind(to_json(&after))
        .execute(&mut *tx)
        .await?
        .rows_affected()
    } else {
        sqlx::query(
            "UPDATE service_status SET version = $1, data = $2 \
             WHERE tenant_id = $3 AND workload_key = $4 AND version = $5",
        )
        .bind(after.version)
        .bind(to_json(&after))
        .bind(tenant.to_string())
        .bind(w.key())
        .bind(current)
        .execute(&mut *tx)
        .await?
        .rows_affected()
    };
    if n != 1 {
        return Err(stale("This service status", current + 1, version));
    }
    log_change(
        &mut tx,
        tenant,
        now,
        who,
        "service_status",
        w.as_str(),
        before.as_ref().map(to_json),
        Some(to_json(&after)),
    )
    .await?;
    tx.commit().await?;
    saved.retain(|s| s.workload.key() != w.key());
    saved.push(after);
    let mut views = status_views(&workloads, saved, tenant);
    let i = views
        .iter()
        .position(|v| v.status.workload.key() == w.key())
        .expect("the saved workload is listed");
    Ok(views.swap_remove(i))
}
