//! What the edit API sends and receives, shared so that the app deserializes exactly what the
//! server serializes.

use super::contacts::{Contact, ContactDraft};
use super::intent_lint::LintWarning;
use super::notes::Note;
use super::referral::{ReferralDecision, ReferralState};
use super::service_status::{ServiceStatus, ServiceStatusDraft};
use super::taxonomy::Taxonomy;
use crate::model::{Referral, Tenant, WorkloadUsage};
use serde::{Deserialize, Deserializer, Serialize};
use time::OffsetDateTime;

/// A referral with the partner's decision and its state as of the request.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReferralView {
    pub referral: Referral,
    pub tenant_name: String,
    /// The partner's decision, or the imported values when never edited.
    pub decision: ReferralDecision,
    /// 0 until the first saved edit; send it back with the next edit.
    pub version: i64,
    pub state: ReferralState,
}

/// A workload's service status (version 0 and no splits when never saved), with the intent
/// note's lint warnings.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceStatusView {
    pub status: ServiceStatus,
    pub total_entitlements: u64,
    pub warnings: Vec<LintWarning>,
}

/// Everything the tenant detail page shows, in one request.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TenantDetail {
    pub tenant: Tenant,
    /// Our and unclaimed workloads; those claimed by another partner are never sent.
    pub workloads: Vec<WorkloadUsage>,
    pub referrals: Vec<ReferralView>,
    /// The last four notes, newest first.
    pub notes: Vec<Note>,
    pub notes_total: u64,
    pub contacts: Vec<Contact>,
    /// One per distinct workload of `workloads`, in the same order.
    pub service_statuses: Vec<ServiceStatusView>,
    pub taxonomy: Taxonomy,
    /// The server's clock when answering: countdowns start from here.
    #[serde(with = "crate::json::instant")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub now: OffsetDateTime,
}

/// One append-only change-log row.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChangeLogEntry {
    pub id: i64,
    pub tenant_id: String,
    /// RFC 3339.
    pub at: String,
    /// Who made the change (the token's `sub`). Personal data: absent for a Report viewer.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub who: String,
    /// `referral_decision`, `note`, `contact` or `service_status`.
    pub entity: String,
    pub entity_id: String,
    /// The record before (null when created) and after (null when deleted).
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// A referral edit: the decision fields and the version it was based on.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecisionEdit {
    /// `version` of the referral as last read (0 when never edited).
    pub version: i64,
    #[serde(flatten)]
    pub decision: ReferralDecision,
}

impl<'de> Deserialize<'de> for DecisionEdit {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let (version, decision) = crate::json::versioned(d)?;
        Ok(DecisionEdit { version, decision })
    }
}

/// A contact edit: the fields and the version it was based on.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContactEdit {
    pub version: i64,
    #[serde(flatten)]
    pub contact: ContactDraft,
}

impl<'de> Deserialize<'de> for ContactEdit {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let (version, contact) = crate::json::versioned(d)?;
        Ok(ContactEdit { version, contact })
    }
}

/// A service-status edit: the splits and note, and the version it was based on (0 when
/// never saved).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceStatusEdit {
    pub version: i64,
    #[serde(flatten)]
    pub status: ServiceStatusDraft,
}

impl<'de> Deserialize<'de> for ServiceStatusEdit {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let (version, status) = crate::json::versioned(d)?;
        Ok(ServiceStatusEdit { version, status })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edits::contacts::ContactType;
    use crate::model::Acceptance;

    #[test]
    fn edits_are_flat_json_with_a_version() {
        let e: DecisionEdit = serde_json::from_str(
            r#"{"version":3,"acceptance":"Declined","decline_reason":"no capacity","services_estimated_value":"10.50"}"#,
        )
        .unwrap();
        assert_eq!(e.version, 3);
        assert_eq!(e.decision.acceptance, Acceptance::Declined);
        assert_eq!(e.decision.services_estimated_value.unwrap().cents(), 1050);
        let c: ContactEdit = serde_json::from_str(
            r#"{"version":1,"contact_type":"Partner","name":"P","email":"p@x.io","services_assisted_with":["Teams"]}"#,
        )
        .unwrap();
        assert_eq!(c.contact.contact_type, ContactType::Partner);
        let s: ServiceStatusEdit = serde_json::from_str(
            r#"{"version":0,"splits":[{"l1":"In Progress","count":3}],"intent_note":"n"}"#,
        )
        .unwrap();
        assert_eq!(s.status.splits[0].l2, None);
        let back: ServiceStatusEdit =
            serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
        assert_eq!(back, s);
    }
}
