//! Service status: per workload of a tenant, how its entitlements split across L1/L2/L3 and
//! the service intent note. The splits must add up to the workload's entitlements (all its
//! SKU rows); the note's lint warnings come back with every view and never block a save.

use super::tx::{Change, Slot, TenantTx};
use super::{snapshot, Db, Edit, StoreError};
use shared::access::Record;
use shared::edits::intent_lint::lint_intent_note;
use shared::edits::service_status::{ServiceStatus, ServiceStatusDraft};
use shared::edits::taxonomy::Taxonomy;
use shared::edits::views::ServiceStatusView;
use shared::{TenantId, Workload, WorkloadUsage};
use sqlx::Any;

/// A stored status; the column is the truth for its version.
fn from_row(version: i64, data: &str) -> Result<ServiceStatus, StoreError> {
    let mut s: ServiceStatus = serde_json::from_str(data)?;
    s.version = version;
    Ok(s)
}

pub(super) async fn of_tenant<'e, E: sqlx::Executor<'e, Database = Any>>(
    ex: E,
    tenant: TenantId,
) -> Result<Vec<ServiceStatus>, StoreError> {
    let rows: Vec<(i64, String)> =
        sqlx::query_as("SELECT version, data FROM service_status WHERE tenant_id = $1")
            .bind(tenant.to_string())
            .fetch_all(ex)
            .await?;
    rows.into_iter().map(|(v, d)| from_row(v, &d)).collect()
}

/// One view per distinct workload of `workloads`, in their order: the saved status (version 0
/// and no splits when never saved) with its lint warnings.
pub(super) fn views(
    workloads: &[WorkloadUsage],
    saved: &[ServiceStatus],
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

/// Saves the service status of one workload, based on `version` (0 = never saved).
pub async fn put(
    db: &Db,
    tenant: TenantId,
    workload: &str,
    version: i64,
    draft: &ServiceStatusDraft,
    edit: &Edit,
    taxonomy: &Taxonomy,
) -> Result<ServiceStatusView, StoreError> {
    edit.may_write(Record::ServiceStatus, &[])?;
    let mut tx = TenantTx::begin(db, tenant, &edit.by.scope).await?;
    let workloads = snapshot::visible_workloads(tx.conn(), tenant).await?;
    let wanted = Workload::new(workload);
    let Some(w) = workloads
        .iter()
        .find(|w| w.workload.key() == wanted.key())
        .map(|w| w.workload.clone())
    else {
        return Err(StoreError::NotFound(format!(
            "tenant {tenant} has no workload `{workload}`"
        )));
    };
    let fields = draft.validated(taxonomy, total_entitlements(&workloads, &w))?;
    let slot = Slot {
        table: "service_status",
        key: vec![
            ("tenant_id", tenant.to_string().into()),
            ("workload_key", w.key().into()),
        ],
        insert_also: vec![],
        entity: "service_status",
        entity_id: w.as_str().to_string(),
        what: "This service status",
        must_exist: None,
    };
    let current = tx.current(slot, version, from_row).await?;
    let after = ServiceStatus {
        tenant_id: tenant,
        workload: w.clone(),
        version: current.next_version(),
        fields,
    };
    tx.write(edit, current, Change::Save(&after)).await?;
    let mut saved = of_tenant(tx.conn(), tenant).await?;
    tx.commit().await?;
    saved.retain(|s| s.workload.key() != w.key());
    saved.push(after);
    let mut views = views(&workloads, &saved, tenant);
    let i = views
        .iter()
        .position(|v| v.status.workload.key() == w.key())
        .expect("the saved workload is listed");
    Ok(views.swap_remove(i))
}
