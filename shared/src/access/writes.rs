//! What a role may write (spec §6): a Report viewer writes notes, service status and referral
//! decisions, but never a field it may not read — so never a contact (a contact is its name
//! and email), never a services estimated value, never a next-action owner. The server
//! answers such a write 403 naming the field; the app does not offer it.

use super::claims::Role;
use super::field::{may_see, Field};
use crate::edits::contacts::ContactDraft;
use crate::edits::notes::NoteDraft;
use crate::edits::referral::ReferralDecision;

/// What a write saves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Record {
    Note,
    ServiceStatus,
    ReferralDecision,
    Contact,
}

impl Record {
    /// Fields no write of this record goes without.
    fn needs(self) -> &'static [Field] {
        match self {
            Record::Contact => &[Field::ContactName, Field::ContactEmail],
            Record::Note | Record::ServiceStatus | Record::ReferralDecision => &[],
        }
    }

    fn plural(self) -> &'static str {
        match self {
            Record::Note => "notes",
            Record::ServiceStatus => "service status",
            Record::ReferralDecision => "referral decisions",
            Record::Contact => "contacts",
        }
    }
}

/// Why a write is refused (403).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The role may not write this record at all.
    Record(Role, Record),
    /// The role may not set this field.
    Field(Role, Field),
}

impl Refusal {
    /// The JSON name of the refused field, if one is to blame.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Refusal::Record(..) => None,
            Refusal::Field(_, f) => Some(f.json_name()),
        }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Record(role, r) => {
                write!(f, "{}s cannot change {}", role.label(), r.plural())
            }
            Refusal::Field(role, field) => write!(
                f,
                "{}s cannot set {} ({})",
                role.label(),
                field.label().to_lowercase(),
                field.json_name()
            ),
        }
    }
}

/// Whether `role` may write `record` giving the sensitive fields `given` (from the draft's
/// `sensitive_given`).
pub fn check_write(role: Role, record: Record, given: &[Field]) -> Result<(), Refusal> {
    if record.needs().iter().any(|f| !may_see(role, *f)) {
        return Err(Refusal::Record(role, record));
    }
    match given.iter().find(|f| !may_see(role, **f)) {
        Some(f) => Err(Refusal::Field(role, *f)),
        None => Ok(()),
    }
}

/// A decision edited by someone who cannot see some of its fields keeps the stored values of
/// those fields: a viewer's save never clears the services estimated value it was not shown.
pub fn keep_withheld(role: Role, draft: &mut ReferralDecision, stored: &ReferralDecision) {
    if !may_see(role, Field::ServicesEstimatedValue) {
        draft.services_estimated_value = stored.services_estimated_value;
    }
}

impl NoteDraft {
    /// The sensitive fields this note sets.
    pub fn sensitive_given(&self) -> Vec<Field> {
        let mut v = Vec::new();
        if !self.next_action_owner.trim().is_empty() {
            v.push(Field::NextActionOwner);
        }
        v
    }
}

impl ReferralDecision {
    /// The sensitive fields this decision sets.
    pub fn sensitive_given(&self) -> Vec<Field> {
        let mut v = Vec::new();
        if self.services_estimated_value.is_some() {
            v.push(Field::ServicesEstimatedValue);
        }
        v
    }
}

impl ContactDraft {
    /// The sensitive fields this contact sets.
    pub fn sensitive_given(&self) -> Vec<Field> {
        let mut v = Vec::new();
        if !self.name.trim().is_empty() {
            v.push(Field::ContactName);
        }
        if !self.email.trim().is_empty() {
            v.push(Field::ContactEmail);
        }
        v
    }
}
