//! Removing what a role may not see, record by record. Every answer of the API and every
//! export goes through [`Redact`] before it leaves the server; a withheld field is set to its
//! "absent" value (`None`, or an empty text that is never serialized), so the JSON has no key
//! for it at all.

use super::claims::Role;
use super::field::{may_see, Field};
use crate::edits::contacts::Contact;
use crate::edits::notes::{Note, NoteKind};
use crate::edits::referral::{referral_edit_text, ReferralDecision};
use crate::edits::service_status::ServiceStatus;
use crate::edits::views::{ChangeLogEntry, ReferralView, ServiceStatusView, TenantDetail};
use crate::eligibility::EligibilityRow;
use crate::model::{CloudEndpoint, WorkloadUsage};
use crate::snapshot::Snapshot;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// A record that may carry fields a role may not see.
pub trait Redact {
    /// Removes, in place, every field `role` may not see.
    fn redact(&mut self, role: Role);
}

/// `value` without what `role` may not see.
pub fn redacted<T: Redact>(role: Role, mut value: T) -> T {
    value.redact(role);
    value
}

/// Clears `value` unless `role` may see `field`.
fn withhold<T: Default>(role: Role, field: Field, value: &mut T) {
    if !may_see(role, field) {
        *value = T::default();
    }
}

impl<T: Redact> Redact for Vec<T> {
    fn redact(&mut self, role: Role) {
        for v in self {
            v.redact(role);
        }
    }
}

impl Redact for WorkloadUsage {
    fn redact(&mut self, role: Role) {
        withhold(role, Field::RatePerUnit, &mut self.rate_per_unit);
    }
}

impl Redact for CloudEndpoint {
    fn redact(&mut self, role: Role) {
        withhold(role, Field::MciEstimate, &mut self.mci_estimate);
    }
}

impl Redact for EligibilityRow {
    fn redact(&mut self, role: Role) {
        withhold(
            role,
            Field::SubscriptionValue,
            &mut self.active_subscription,
        );
        withhold(role, Field::AzureConsumedRevenue, &mut self.acr_12_months);
    }
}

impl Redact for Snapshot {
    fn redact(&mut self, role: Role) {
        self.workloads.redact(role);
        self.cloud_endpoints.redact(role);
        self.eligibility.redact(role);
    }
}

impl Redact for ReferralDecision {
    fn redact(&mut self, role: Role) {
        withhold(
            role,
            Field::ServicesEstimatedValue,
            &mut self.services_estimated_value,
        );
    }
}

impl Redact for ReferralView {
    fn redact(&mut self, role: Role) {
        self.decision.redact(role);
    }
}

/// A note loses its author and next-action owner; a referral edit's note also loses the
/// changes of fields the role may not see, and its text is written again from those left.
impl Redact for Note {
    fn redact(&mut self, role: Role) {
        withhold(role, Field::NoteAuthor, &mut self.author);
        withhold(
            role,
            Field::NextActionOwner,
            &mut self.content.next_action_owner,
        );
        let before = self.changes.len();
        self.changes.retain(|c| {
            Field::ALL
                .iter()
                .all(|f| f.label() != c.field || may_see(role, *f))
        });
        if self.changes.len() != before && self.kind == NoteKind::ReferralEdit {
            if let Some(id) = &self.referral_id {
                self.content.text = referral_edit_text(id, &self.changes);
            }
        }
    }
}

impl Redact for Contact {
    fn redact(&mut self, role: Role) {
        withhold(role, Field::ContactName, &mut self.fields.name);
        withhold(role, Field::ContactEmail, &mut self.fields.email);
    }
}

impl Redact for ServiceStatusView {
    /// Entitlement splits and the intent note: nothing sensitive.
    fn redact(&mut self, _: Role) {}
}

impl Redact for ServiceStatus {
    fn redact(&mut self, _: Role) {}
}

impl Redact for TenantDetail {
    fn redact(&mut self, role: Role) {
        self.workloads.redact(role);
        self.referrals.redact(role);
        self.notes.redact(role);
        self.contacts.redact(role);
        self.service_statuses.redact(role);
    }
}

/// A change-log entry loses its author, and the record before and after is redacted as the
/// record itself would be. A record of a kind this module does not know is withheld whole.
impl Redact for ChangeLogEntry {
    fn redact(&mut self, role: Role) {
        withhold(role, Field::ChangeAuthor, &mut self.who);
        if Field::ALL.iter().all(|f| may_see(role, *f)) {
            return;
        }
        let entity = self.entity.clone();
        for value in [&mut self.before, &mut self.after] {
            *value = value.take().and_then(|v| match entity.as_str() {
                "note" => redact_json::<Note>(role, v),
                "contact" => redact_json::<Contact>(role, v),
                "referral_decision" => redact_json::<ReferralDecision>(role, v),
                "service_status" => redact_json::<ServiceStatus>(role, v),
                _ => None,
            });
        }
    }
}

/// `v` read as a `T`, redacted, and written back; `None` (withheld) when it is not a `T`.
fn redact_json<T: Redact + Serialize + DeserializeOwned>(
    role: Role,
    v: serde_json::Value,
) -> Option<serde_json::Value> {
    let record: T = serde_json::from_value(v).ok()?;
    serde_json::to_value(redacted(role, record)).ok()
}
