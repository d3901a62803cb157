//! The domain model of the data contract: what a partner's Partner Center exports hold.

use crate::ids::{ClaimNumber, MpnId, ReferralId, TenantId, Tpid};
use crate::money::Money;
use crate::ratio::Ratio;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;
use time::{Date, OffsetDateTime};

/// Defines a closed enum with its exact report label, parsed case-insensitively (with its
/// aliases) from import files. In JSON it is its label, exactly (`crate::json`): serde and the
/// OpenAPI schema both read the `rename`.
macro_rules! labelled_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident => $label:tt $(| $alias:literal)*),+ $(,)? }) => {
        $(#[$m])*
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name { $(#[serde(rename = $label)] $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            pub fn parse(s: &str) -> Option<Self> {
                let t = s.trim();
                $(
                    if t.eq_ignore_ascii_case($label) $(|| t.eq_ignore_ascii_case($alias))* {
                        return Some($name::$variant);
                    }
                )+
                None
            }

            /// The accepted labels, for error messages.
            pub fn expected() -> String {
                [$($label),+].join(", ")
            }

            /// The Rust name (`SmeC`): how JSON named the value before it spoke the
            /// contract's labels. Only the store's one-time upgrade of old records reads it.
            pub fn from_rust_name(s: &str) -> Option<Self> {
                match s {
                    $(stringify!($variant) => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

// The partner-written records (`edits`) define their closed enums the same way.
pub(crate) use labelled_enum;

labelled_enum!(
    /// Microsoft's customer segment of a tenant.
    Segment {
        Enterprise => "Enterprise" | "ENT",
        Smc => "SMC",
        Smb => "SMB",
        SmeC => "SME&C",
        Edu => "EDU",
        Gov => "Gov",
    }
);

labelled_enum!(
    /// Who holds the CPOR claim on a workload.
    ClaimedBy {
        Us => "Us",
        Other => "Other",
    }
);

labelled_enum!(
    CspTier {
        T1 => "T1",
        T2 => "T2",
    }
);

labelled_enum!(
    /// A partner's answer to a referral.
    Acceptance {
        Pending => "Pending",
        Accepted => "Accepted",
        Declined => "Declined" | "Decline",
    }
);

/// The Microsoft 365 SKU a workload row is licensed under. The growth-propensity model knows
/// three; anything else is kept by name (the Tenants report shows every SKU). In JSON: its
/// label (`crate::json`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Sku {
    Office365,
    E3,
    E5,
    Other(String),
}

impl Sku {
    pub const MODELLED: [Sku; 3] = [Sku::Office365, Sku::E3, Sku::E5];

    pub fn parse(s: &str) -> Sku {
        let t = s.trim();
        let key: String = t.chars().filter(|c| !c.is_whitespace()).collect();
        match key.to_ascii_uppercase().as_str() {
            "OFFICE365" | "O365" => Sku::Office365,
            "E3" | "ME3" | "M365E3" | "MICROSOFT365E3" => Sku::E3,
            "E5" | "ME5" | "M365E5" | "MICROSOFT365E5" => Sku::E5,
            _ => Sku::Other(t.to_string()),
        }
    }

    pub fn label(&self) -> &str {
        match self {
            Sku::Office365 => "Office 365",
            Sku::E3 => "E3",
            Sku::E5 => "E5",
            Sku::Other(s) => s,
        }
    }
}

impl fmt::Display for Sku {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A workload's name (`Exchange Online`, `Teams`, …). Workloads are data, not code: the
/// tipping-point table and the import decide which exist. Shared text: a partner's million
/// rows name a dozen workloads, and a copy shares the name instead of repeating it.
/// (Its OpenAPI schema, a string, is in `json`.)
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Workload(pub Arc<str>);

impl Workload {
    pub fn new(s: &str) -> Self {
        Workload(s.trim().into())
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// Workload names match case-insensitively, as partners' exports are not consistent.
    pub fn key(&self) -> String {
        self.0.to_lowercase()
    }

    /// The order of the two names' [`key`](Self::key)s, without building them for ASCII names
    /// (every name a partner's export has): a million rows are ordered by it.
    pub fn cmp_key(&self, other: &Workload) -> std::cmp::Ordering {
        if Arc::ptr_eq(&self.0, &other.0) {
            return std::cmp::Ordering::Equal;
        }
        if self.0.is_ascii() && other.0.is_ascii() {
            return self
                .0
                .bytes()
                .map(|b| b.to_ascii_lowercase())
                .cmp(other.0.bytes().map(|b| b.to_ascii_lowercase()));
        }
        self.key().cmp(&other.key())
    }

    /// `f` of [`key`](Self::key), without allocating for a short ASCII name (every name a
    /// partner's export has): a million rows look their workload up by it.
    pub fn with_key<T>(&self, f: impl FnOnce(&str) -> T) -> T {
        let mut buf = [0u8; 64];
        let name = self.0.as_bytes();
        match buf.get_mut(..name.len()) {
            Some(folded) if self.0.is_ascii() => {
                folded.copy_from_slice(name);
                folded.make_ascii_lowercase();
                f(std::str::from_utf8(folded).expect("ASCII stays UTF-8"))
            }
            _ => f(&self.key()),
        }
    }
}

impl fmt::Display for Workload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A calendar month (`YYYY-MM`), used for renewals; the same text in JSON (`crate::json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct YearMonth {
    pub year: i32,
    pub month: u8,
}

impl YearMonth {
    pub fn parse(s: &str) -> Option<Self> {
        let (y, m) = s.trim().split_once('-')?;
        if y.len() != 4 || m.len() != 2 {
            return None;
        }
        let year = y.parse().ok()?;
        let month: u8 = m.parse().ok()?;
        (1..=12)
            .contains(&month)
            .then_some(YearMonth { year, month })
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// One customer tenant (`tenants.csv`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tenant {
    pub id: TenantId,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub name: Arc<str>,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub domain: Arc<str>,
    pub tpid: Tpid,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub customer_name: Arc<str>,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub country: Arc<str>,
    pub segment: Segment,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub sub_segment: Arc<str>,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub industry: Arc<str>,
    pub m365_licenses: u64,
    pub ea_renewal: Option<YearMonth>,
    pub csp_renewal: Option<YearMonth>,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub partner_name: Arc<str>,
    pub mpn_id: MpnId,
    pub cpor_association: bool,
    pub csp_association: bool,
    pub csp_tier: Option<CspTier>,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub t2_reseller: Arc<str>,
}

/// Where a workload's CPOR claim stands, from our side.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ClaimState {
    Unclaimed,
    ClaimedByUs,
    ClaimedByOther,
}

/// One tenant × workload usage row (`workloads.csv`), carrying its CPOR claim.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkloadUsage {
    pub tenant_id: TenantId,
    pub workload: Workload,
    pub sku: Sku,
    pub mau: u64,
    pub pau: u64,
    pub claim_number: Option<ClaimNumber>,
    pub claimed_by: Option<ClaimedBy>,
    #[serde(with = "crate::json::opt_date")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub claim_date: Option<Date>,
    pub incentivized: bool,
    /// Revenue: absent for a Report viewer (`access`), always present once imported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_per_unit: Option<Money>,
    pub starting_hwm: Option<u64>,
    pub prior_hwm: Option<u64>,
    pub total_entitlements: u64,
    pub active_entitlements: u64,
    pub assigned_licenses: u64,
    pub sold_licenses: u64,
    /// Shared text, like [`Workload`]: the same guidance link on every row of a workload.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub resources: Arc<str>,
}

impl WorkloadUsage {
    /// `Claimed by` decides; when it is empty, a claim number means the claim is ours (our own
    /// exports leave the column blank), and no number means unclaimed.
    pub fn claim_state(&self) -> ClaimState {
        match self.claimed_by {
            Some(ClaimedBy::Other) => ClaimState::ClaimedByOther,
            Some(ClaimedBy::Us) => ClaimState::ClaimedByUs,
            None if self.claim_number.is_some() => ClaimState::ClaimedByUs,
            None => ClaimState::Unclaimed,
        }
    }
}

/// A workload's usage tipping point for one (workload, segment, SKU) key.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TippingPoint {
    pub workload: Workload,
    pub segment: Segment,
    pub sku: Sku,
    pub tipping_point: Ratio,
}

/// Windows 365 / Cloud Endpoints signals of one tenant (`cloud_endpoints.csv`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CloudEndpoint {
    pub tenant_id: TenantId,
    pub me5_seats: u64,
    pub me3_seats: u64,
    pub f3_seats: u64,
    pub w365_pau: u64,
    pub w365_mau: u64,
    pub intune_pau: u64,
    pub intune_mau: u64,
    pub entra_pau: u64,
    pub entra_mau: u64,
    pub windows_pau: u64,
    pub mci_eligibility: Vec<String>,
    /// Revenue: absent for a Report viewer (`access`), always present once imported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mci_estimate: Option<Money>,
    pub intune_cpor_eligible: bool,
    pub w365_cpor_eligible: bool,
}

/// A FastTrack referral (RFA) assigned to the partner (`referrals.csv`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Referral {
    pub id: ReferralId,
    pub tenant_id: TenantId,
    pub source: String,
    pub rfa_workloads: Vec<String>,
    #[serde(with = "crate::json::instant")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub assigned_at: OffsetDateTime,
    pub acceptance: Acceptance,
    pub status: String,
    pub au_at_referral: Option<Ratio>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::cmp::Ordering::*;

    #[test]
    fn workloads_order_by_their_keys() {
        for (a, b, want) in [
            ("Teams", "teams", Equal),
            ("Exchange Online", "exchange online", Equal),
            ("Intune", "Teams", Less),
            ("intune", "Teams", Less),
            ("Teams", "Intune", Greater),
            ("Team", "Teams", Less),
            ("Viva Engage", "Viva", Greater),
            ("", "A", Less),
            // Past ASCII the key is `to_lowercase`: Ä folds to ä, which sorts after z.
            ("Ärende", "zeta", Greater),
            ("ÄRENDE", "ärende", Equal),
        ] {
            let (a, b) = (Workload::new(a), Workload::new(b));
            assert_eq!(a.cmp_key(&b), want, "{a} vs {b}");
            assert_eq!(b.cmp_key(&a), want.reverse(), "{b} vs {a}");
        }
    }

    proptest! {
        #[test]
        fn cmp_key_is_the_order_of_the_keys(a in "[A-Za-zÄäÖö 0-9]{0,12}", b in "[A-Za-zÄäÖö 0-9]{0,12}") {
            let (a, b) = (Workload(a.into()), Workload(b.into()));
            prop_assert_eq!(a.cmp_key(&b), a.key().cmp(&b.key()));
        }
    }
}
