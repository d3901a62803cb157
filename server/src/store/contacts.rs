//! Contacts: the tenant's customer and partner contacts. Each save is checked against the
//! whole list under the tenant lock (`check_contact_list`: the last survey-eligible customer
//! can be neither deleted nor made ineligible), so two concurrent saves cannot both pass.

use super::tx::{Change, Current, NewRow, Slot, TenantTx};
use super::{Db, Edit, StoreError};
use shared::access::Record;
use shared::edits::contacts::{check_contact_list, Contact, ContactChange, ContactDraft};
use shared::TenantId;
use sqlx::Any;

/// A stored contact; the columns are the truth for its id and version (a contact's JSON is
/// written before its id is known).
fn from_row(id: i64, version: i64, data: &str) -> Result<Contact, StoreError> {
    let mut c: Contact = serde_json::from_str(data)?;
    c.id = id;
    c.version = version;
    Ok(c)
}

/// Where contact `id` of `tenant` is kept.
pub fn slot(tenant: TenantId, id: i64) -> Slot {
    Slot {
        table: "contacts",
        key: vec![("tenant_id", tenant.to_string().into()), ("id", id.into())],
        insert_also: vec![],
        entity: "contact",
        entity_id: id.to_string(),
        what: "This contact",
        must_exist: Some(format!("no contact {id} on tenant {tenant}")),
    }
}

/// The tenant's contacts, oldest first.
pub(super) async fn of_tenant<'e, E: sqlx::Executor<'e, Database = Any>>(
    ex: E,
    tenant: TenantId,
) -> Result<Vec<Contact>, StoreError> {
    let rows: Vec<(i64, i64, String)> =
        sqlx::query_as("SELECT id, version, data FROM contacts WHERE tenant_id = $1 ORDER BY id")
            .bind(tenant.to_string())
            .fetch_all(ex)
            .await?;
    rows.into_iter()
        .map(|(id, v, d)| from_row(id, v, &d))
        .collect()
}

/// Adds a contact (version 1).
pub async fn add(
    db: &Db,
    tenant: TenantId,
    draft: &ContactDraft,
    edit: &Edit,
) -> Result<Contact, StoreError> {
    edit.may_write(Record::Contact, &draft.sensitive_given())?;
    let fields = draft.validated()?;
    let mut tx = TenantTx::begin(db, tenant, &edit.by.scope).await?;
    let existing = of_tenant(tx.conn(), tenant).await?;
    check_contact_list(&existing, &ContactChange::Add(&fields))?;
    let mut contact = Contact {
        id: 0,
        tenant_id: tenant,
        version: 1,
        fields,
    };
    let row = NewRow {
        table: "contacts",
        columns: vec![
            ("tenant_id", tenant.to_string().into()),
            ("version", contact.version.into()),
        ],
        entity: "contact",
    };
    tx.create(edit, row, &mut contact, |c, id| c.id = id)
        .await?;
    tx.commit().await?;
    Ok(contact)
}

/// Locks the tenant and reads contact `id` checked against `version`, with the whole list
/// for the list-wide rule.
async fn existing(
    db: &Db,
    tenant: TenantId,
    id: i64,
    version: i64,
    edit: &Edit,
) -> Result<(TenantTx, Current<Contact>, Vec<Contact>), StoreError> {
    let mut tx = TenantTx::begin(db, tenant, &edit.by.scope).await?;
    let current = tx
        .current(slot(tenant, id), version, |v, d| from_row(id, v, d))
        .await?;
    let all = of_tenant(tx.conn(), tenant).await?;
    Ok((tx, current, all))
}

/// Edits contact `id` based on `version`.
pub async fn update(
    db: &Db,
    tenant: TenantId,
    id: i64,
    version: i64,
    draft: &ContactDraft,
    edit: &Edit,
) -> Result<Contact, StoreError> {
    edit.may_write(Record::Contact, &draft.sensitive_given())?;
    let fields = draft.validated()?;
    let (mut tx, current, all) = existing(db, tenant, id, version, edit).await?;
    check_contact_list(&all, &ContactChange::Edit(id, &fields))?;
    let after = Contact {
        id,
        tenant_id: tenant,
        version: current.next_version(),
        fields,
    };
    tx.write(edit, current, Change::Save(&after)).await?;
    tx.commit().await?;
    Ok(after)
}

/// Deletes contact `id` based on `version`.
pub async fn delete(
    db: &Db,
    tenant: TenantId,
    id: i64,
    version: i64,
    edit: &Edit,
) -> Result<(), StoreError> {
    edit.may_write(Record::Contact, &[])?;
    let (mut tx, current, all) = existing(db, tenant, id, version, edit).await?;
    check_contact_list(&all, &ContactChange::Delete(id))?;
    tx.write(edit, current, Change::Delete).await?;
    tx.commit().await
}
