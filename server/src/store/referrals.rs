//! Referral decisions: what the partner decided about an imported referral (acceptance,
//! decline reason, status, value-added services), versioned, and judged with the referral's
//! state (pending, accepted, declined, expired) as of the request.

use super::notes;
use super::tx::{Change, Slot, TenantTx};
use super::{Db, DbError, Edit, StoreError};
use shared::access::{keep_withheld, Record, Scope};
use shared::config::ReferralConfig;
use shared::edits::notes::{Note, NoteDraft, NoteKind};
use shared::edits::referral::{
    check_editable, referral_edit_text, referral_state, ReferralDecision,
};
use shared::edits::views::ReferralView;
use shared::{MpnId, Referral, ReferralId, TenantId};
use sqlx::Any;
use std::collections::HashMap;
use std::sync::Arc;
use time::OffsetDateTime;

/// Saved decisions by referral ID, with their versions.
type Decisions = HashMap<ReferralId, (i64, ReferralDecision)>;

const DECISIONS: &str = "SELECT referral_id, version, data FROM referral_decisions";

async fn decisions<'e, E: sqlx::Executor<'e, Database = Any>>(
    ex: E,
    tenant: Option<TenantId>,
) -> Result<Decisions, StoreError> {
    let rows: Vec<(String, i64, String)> = match tenant {
        None => sqlx::query_as(DECISIONS).fetch_all(ex).await?,
        Some(t) => {
            sqlx::query_as(&format!("{DECISIONS} WHERE tenant_id = $1"))
                .bind(t.to_string())
                .fetch_all(ex)
                .await?
        }
    };
    let mut out = HashMap::new();
    for (id, v, d) in rows {
        out.insert(ReferralId::from(id), (v, serde_json::from_str(&d)?));
    }
    Ok(out)
}

fn view(
    referral: Referral,
    tenant_name: String,
    saved: Option<(i64, &ReferralDecision)>,
    now: OffsetDateTime,
    cfg: &ReferralConfig,
) -> ReferralView {
    let state = referral_state(&referral, saved.map(|(_, d)| d), now, cfg);
    ReferralView {
        decision: saved
            .map(|(_, d)| d.clone())
            .unwrap_or_else(|| ReferralDecision::from_import(&referral)),
        version: saved.map(|(v, _)| v).unwrap_or(0),
        referral,
        tenant_name,
        state,
    }
}

/// One import's referrals with their tenant's name and Partner Center ID, by referral ID.
pub type Imported = Arc<Vec<(Referral, String, MpnId)>>;

/// The imported referrals as of the latest import, parsed once per import (`Db::referrals`):
/// only an import changes them, and the list is asked for far more often (parsing every
/// referral's JSON per request made it the API's slowest read). Decisions are read per
/// request, so an edit through another server shows at once.
async fn imported(db: &Db) -> Result<Imported, StoreError> {
    let mut tx = db.read_tx().await?;
    let import = super::snapshot::import_id(&mut *tx).await?;
    if let Some(rows) = db.referrals.get(import) {
        return Ok(rows);
    }
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT r.data, t.name, t.mpn_id FROM referrals r JOIN tenants t ON t.id = r.tenant_id \
         ORDER BY r.id",
    )
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    let rows: Imported = Arc::new(
        rows.into_iter()
            .map(|(data, name, mpn)| Ok((serde_json::from_str(&data)?, name, MpnId::from(mpn))))
            .collect::<Result<_, StoreError>>()?,
    );
    db.referrals.put(import, Arc::clone(&rows));
    Ok(rows)
}

/// Every referral of a tenant in `scope` with its decision and state (the Referrals report),
/// by referral ID.
pub async fn list(
    db: &Db,
    now: OffsetDateTime,
    cfg: &ReferralConfig,
    scope: &Scope,
) -> Result<Vec<ReferralView>, StoreError> {
    let rows = imported(db).await?;
    let saved = decisions(&db.pool, None).await?;
    Ok(rows
        .iter()
        .filter(|(_, _, mpn)| scope.contains(mpn))
        .map(|(r, name, _)| {
            let s = saved.get(&r.id).map(|(v, d)| (*v, d));
            view(r.clone(), name.clone(), s, now, cfg)
        })
        .collect())
}

/// One tenant's referrals with their decisions and states, by referral ID.
pub(super) async fn of_tenant(
    db: &Db,
    tenant: TenantId,
    tenant_name: &str,
    now: OffsetDateTime,
    cfg: &ReferralConfig,
) -> Result<Vec<ReferralView>, StoreError> {
    let saved = decisions(&db.pool, Some(tenant)).await?;
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT data FROM referrals WHERE tenant_id = $1 ORDER BY id")
            .bind(tenant.to_string())
            .fetch_all(&db.pool)
            .await?;
    rows.into_iter()
        .map(|(d,)| {
            let r: Referral = serde_json::from_str(&d)?;
            let s = saved.get(&r.id).map(|(v, d)| (*v, d));
            Ok(view(r, tenant_name.to_string(), s, now, cfg))
        })
        .collect()
}

async fn referral<'e, E: sqlx::Executor<'e, Database = Any>>(
    ex: E,
    id: &ReferralId,
) -> Result<(TenantId, Referral), StoreError> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT tenant_id, data FROM referrals WHERE id = $1")
            .bind(id.as_str())
            .fetch_optional(ex)
            .await?;
    let Some((tenant, data)) = row else {
        return Err(StoreError::NotFound(format!("no referral {id}")));
    };
    let tenant = TenantId::parse(&tenant)
        .map_err(|e| StoreError::Db(DbError::Corrupt(serde::de::Error::custom(e))))?;
    Ok((tenant, serde_json::from_str(&data)?))
}

/// Saves a referral decision based on `version` (0 = never edited); the edit appends a note
/// saying what changed. An expired referral is read-only (409); an edit that changes nothing
/// stores nothing. A referral of a tenant outside the editor's scope answers as one that does
/// not exist; fields the editor may not see keep their stored values.
pub async fn put_decision(
    db: &Db,
    id: &ReferralId,
    version: i64,
    draft: &ReferralDecision,
    edit: &Edit,
    cfg: &ReferralConfig,
) -> Result<ReferralView, StoreError> {
    edit.may_write(Record::ReferralDecision, &draft.sensitive_given())?;
    let mut decision = draft.validated()?;
    let (tenant, _) = referral(&db.pool, id).await?;
    let mut tx = TenantTx::begin(db, tenant, &edit.by.scope)
        .await
        .map_err(|e| match e {
            StoreError::NotFound(_) => StoreError::NotFound(format!("no referral {id}")),
            e => e,
        })?;
    // Read again under the lock: an import may have replaced it meanwhile.
    let (tenant, referral) = referral(tx.conn(), id).await?;
    let slot = Slot {
        table: "referral_decisions",
        key: vec![("referral_id", id.to_string().into())],
        insert_also: vec![("tenant_id", tenant.to_string().into())],
        entity: "referral_decision",
        entity_id: id.to_string(),
        what: "This referral",
        must_exist: None,
    };
    let current = tx
        .current(slot, version, |_, data| Ok(serde_json::from_str(data)?))
        .await?;
    let saved = current.record().map(|d| (current.version(), d));
    let name = tx.tenant.name.clone();
    check_editable(&referral_state(&referral, current.record(), edit.now, cfg)).map_err(|e| {
        StoreError::Conflict(e.first().map(|f| f.message.clone()).unwrap_or_default())
    })?;
    let before = current
        .record()
        .cloned()
        .unwrap_or_else(|| ReferralDecision::from_import(&referral));
    keep_withheld(edit.by.role, &mut decision, &before);
    let changes = decision.changes_from(&before);
    if changes.is_empty() {
        // Nothing changed: no new version, no note.
        return Ok(view(referral, name.to_string(), saved, edit.now, cfg));
    }
    let version = tx.write(edit, current, Change::Save(&decision)).await?;
    let text = referral_edit_text(id, &changes);
    notes::insert(
        &mut tx,
        edit,
        Note {
            id: 0,
            tenant_id: tenant,
            kind: NoteKind::ReferralEdit,
            author: edit.who().to_string(),
            created_at: edit.now,
            content: NoteDraft {
                text,
                ..Default::default()
            },
            referral_id: Some(id.clone()),
            changes,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(view(
        referral,
        name.to_string(),
        Some((version, &decision)),
        edit.now,
        cfg,
    ))
}
