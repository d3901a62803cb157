//! The sensitive fields: revenue and personal data. A Report viewer sees none of them.

use super::claims::Role;

/// Why a field is sensitive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sensitivity {
    /// Potential earnings, rates per unit, MCI estimates, services estimated value,
    /// subscription values and Azure consumed revenue.
    Revenue,
    /// Names, emails and phone numbers of people; who wrote or changed something.
    Personal,
}

/// Every field a role may be denied, wherever it appears (a record field, a report column,
/// a tile or a chart built on it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// A workload's opportunity units × its rate per unit (computed, never stored).
    PotentialEarnings,
    /// `workloads.csv` Rate per unit.
    RatePerUnit,
    /// `cloud_endpoints.csv` MCI estimate (the Cloud Endpoints report's potential earnings).
    MciEstimate,
    /// A referral decision's services estimated value.
    ServicesEstimatedValue,
    /// `eligibility.csv` Active subscription value (and the Business Applications metrics
    /// computed from it).
    SubscriptionValue,
    /// `eligibility.csv` ACR 12 months (and Security's Azure usage growth computed from it).
    AzureConsumedRevenue,
    /// A contact's name.
    ContactName,
    /// A contact's email address.
    ContactEmail,
    /// Who wrote a note.
    NoteAuthor,
    /// A note's next-action owner.
    NextActionOwner,
    /// Who made a change-log entry.
    ChangeAuthor,
}

impl Field {
    pub const ALL: [Field; 11] = [
        Field::PotentialEarnings,
        Field::RatePerUnit,
        Field::MciEstimate,
        Field::ServicesEstimatedValue,
        Field::SubscriptionValue,
        Field::AzureConsumedRevenue,
        Field::ContactName,
        Field::ContactEmail,
        Field::NoteAuthor,
        Field::NextActionOwner,
        Field::ChangeAuthor,
    ];

    pub fn sensitivity(self) -> Sensitivity {
        match self {
            Field::PotentialEarnings
            | Field::RatePerUnit
            | Field::MciEstimate
            | Field::ServicesEstimatedValue
            | Field::SubscriptionValue
            | Field::AzureConsumedRevenue => Sensitivity::Revenue,
            Field::ContactName
            | Field::ContactEmail
            | Field::NoteAuthor
            | Field::NextActionOwner
            | Field::ChangeAuthor => Sensitivity::Personal,
        }
    }

    /// The field's name in the JSON the API reads and answers (and names in a 403).
    pub fn json_name(self) -> &'static str {
        match self {
            Field::PotentialEarnings => "potential_earnings",
            Field::RatePerUnit => "rate_per_unit",
            Field::MciEstimate => "mci_estimate",
            Field::ServicesEstimatedValue => "services_estimated_value",
            Field::SubscriptionValue => "active_subscription",
            Field::AzureConsumedRevenue => "acr_12_months",
            Field::ContactName => "name",
            Field::ContactEmail => "email",
            Field::NoteAuthor => "author",
            Field::NextActionOwner => "next_action_owner",
            Field::ChangeAuthor => "who",
        }
    }

    /// How a person reads the field's name (also the "what changed" label of a referral edit).
    pub fn label(self) -> &'static str {
        match self {
            Field::PotentialEarnings => "Potential earnings",
            Field::RatePerUnit => "Rate per unit",
            Field::MciEstimate => "MCI estimate",
            Field::ServicesEstimatedValue => "Services estimated value",
            Field::SubscriptionValue => "Active subscription value",
            Field::AzureConsumedRevenue => "ACR 12 months",
            Field::ContactName => "Contact name",
            Field::ContactEmail => "Contact email",
            Field::NoteAuthor => "Note author",
            Field::NextActionOwner => "Next action owner",
            Field::ChangeAuthor => "Changed by",
        }
    }
}

/// What the app says where a field is missing for a viewer (the column picker, a form).
pub const NOT_FOR_VIEWERS: &str = "not available to Report viewers";

/// Whether `role` may see `field`. Executive report viewers see everything; Report viewers
/// see no revenue and no personal data.
pub fn may_see(role: Role, field: Field) -> bool {
    match role {
        Role::Executive => true,
        Role::Viewer => match field.sensitivity() {
            Sensitivity::Revenue | Sensitivity::Personal => false,
        },
    }
}

/// Why `role` does not see `field` (`None` when it does).
pub fn why_hidden(role: Role, field: Field) -> Option<&'static str> {
    (!may_see(role, field)).then_some(NOT_FOR_VIEWERS)
}
