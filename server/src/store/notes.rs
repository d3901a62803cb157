//! Notes: status notes partners write, and the notes a referral edit appends saying what
//! changed. Notes are never edited, so they carry no version; the row id is their identity.

use super::change_log::rfc3339;
use super::tx::{NewRow, TenantTx};
use super::{snapshot, Db, Edit, StoreError};
use shared::access::{Record, Scope};
use shared::edits::notes::{newest_first, Note, NoteDraft, NoteKind};
use shared::TenantId;

/// Adds a status note.
pub async fn add(
    db: &Db,
    tenant: TenantId,
    draft: &NoteDraft,
    edit: &Edit,
) -> Result<Note, StoreError> {
    edit.may_write(Record::Note, &draft.sensitive_given())?;
    let content = draft.validated()?;
    let mut tx = TenantTx::begin(db, tenant, &edit.by.scope).await?;
    let note = insert(
        &mut tx,
        edit,
        Note {
            id: 0,
            tenant_id: tenant,
            kind: NoteKind::Status,
            author: edit.who().to_string(),
            created_at: edit.now,
            content,
            referral_id: None,
            changes: vec![],
        },
    )
    .await?;
    tx.commit().await?;
    Ok(note)
}

/// Inserts `note` with its change-log row, inside the caller's transaction.
pub(super) async fn insert(
    tx: &mut TenantTx,
    edit: &Edit,
    mut note: Note,
) -> Result<Note, StoreError> {
    let row = NewRow {
        table: "notes",
        columns: vec![
            ("tenant_id", note.tenant_id.to_string().into()),
            ("created_at", rfc3339(note.created_at).into()),
        ],
        entity: "note",
    };
    tx.create(edit, row, &mut note, |n, id| n.id = id).await?;
    Ok(note)
}

/// Every note of a tenant, newest first (404 when there is no such tenant in `scope`).
pub async fn list(db: &Db, id: TenantId, scope: &Scope) -> Result<Vec<Note>, StoreError> {
    snapshot::tenant(&db.pool, id, scope).await?;
    all(db, id).await
}

/// Every note of a tenant known to exist, newest first.
pub(super) async fn all(db: &Db, id: TenantId) -> Result<Vec<Note>, StoreError> {
    let rows: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, data FROM notes WHERE tenant_id = $1 ORDER BY id")
            .bind(id.to_string())
            .fetch_all(&db.pool)
            .await?;
    let all = rows
        .into_iter()
        .map(|(id, data)| {
            let mut n: Note = serde_json::from_str(&data)?;
            // The id is only known once inserted; the column is the truth.
            n.id = id;
            Ok(n)
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    Ok(newest_first(&all, all.len()))
}
