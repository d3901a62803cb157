//! The records of Solutions Partner customer eligibility (seed 003): `eligibility.csv`, what
//! Partner Center's own exports give per customer (TPID) × tenant × workload × partner
//! association, and the solution areas the report evaluates them for. The rules that read them
//! are in [`crate::rules::eligibility`]; the file's columns are documented in
//! `docs/eligibility.md`.

use crate::ids::{TenantId, Tpid};
use crate::model::{labelled_enum, Workload};
use crate::money::Money;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;
use time::Date;

labelled_enum!(
    /// The Solutions Partner designation an `eligibility.csv` row counts for (its "Solution
    /// area" column). Business Applications and Modern Work rows are evaluated for both their
    /// SMB and Enterprise tracks: the tracks differ in thresholds, not in data.
    Designation {
        AzureDataAi => "Data & AI (Azure)" | "Azure Data & AI" | "Data & AI" | "Data and AI" | "Azure Data and AI",
        AzureDigitalAppInnovation => "Digital & App Innovation (Azure)" | "Azure Digital & App Innovation" | "Digital & App Innovation" | "Digital and App Innovation" | "Azure Digital and App Innovation",
        AzureInfrastructure => "Infrastructure (Azure)" | "Azure Infrastructure" | "Infrastructure",
        BusinessApplications => "Business Applications",
        ModernWork => "Modern Work",
        Security => "Security",
    }
);

labelled_enum!(
    /// What the report evaluates: a designation and, where it has them, its SMB or Enterprise
    /// track. [`SolutionArea::ALL`] is the seed's order.
    SolutionArea {
        AzureDataAi => "Data & AI (Azure)",
        AzureDigitalAppInnovation => "Digital & App Innovation (Azure)",
        AzureInfrastructure => "Infrastructure (Azure)",
        BusinessApplicationsSmb => "Business Applications SMB",
        BusinessApplicationsEnterprise => "Business Applications Enterprise",
        ModernWorkSmb => "Modern Work SMB",
        ModernWorkEnterprise => "Modern Work Enterprise",
        Security => "Security",
    }
);

impl SolutionArea {
    /// The rows it is evaluated on.
    pub fn designation(self) -> Designation {
        match self {
            SolutionArea::AzureDataAi => Designation::AzureDataAi,
            SolutionArea::AzureDigitalAppInnovation => Designation::AzureDigitalAppInnovation,
            SolutionArea::AzureInfrastructure => Designation::AzureInfrastructure,
            SolutionArea::BusinessApplicationsSmb
            | SolutionArea::BusinessApplicationsEnterprise => Designation::BusinessApplications,
            SolutionArea::ModernWorkSmb | SolutionArea::ModernWorkEnterprise => {
                Designation::ModernWork
            }
            SolutionArea::Security => Designation::Security,
        }
    }

    /// Its position in [`SolutionArea::ALL`].
    pub fn index(self) -> usize {
        SolutionArea::ALL
            .iter()
            .position(|a| *a == self)
            .expect("ALL lists every area")
    }
}

labelled_enum!(
    /// How a partner is associated with a customer's workload. A general `CSP` or `CPOR` in a
    /// qualifying list covers its specific kinds (see [`AssociationType::covers`]).
    AssociationType {
        Csp => "CSP",
        CspT1 => "CSP T1" | "CSP Tier 1" | "CSP-T1",
        CspT2 => "CSP T2" | "CSP Tier 2" | "CSP-T2",
        Dpor => "DPOR",
        Pal => "PAL",
        Cpor => "CPOR",
        CporRevRec => "CPOR RevRec",
        CporOsa => "CPOR OSA",
        CporRevRecPerformance => "CPOR RevRec Performance",
        CporOsu => "CPOR OSU",
    }
);

impl AssociationType {
    /// `CSP` for any CSP tier, `CPOR` for any CPOR kind, itself otherwise.
    pub fn family(self) -> AssociationType {
        use AssociationType::*;
        match self {
            Csp | CspT1 | CspT2 => Csp,
            Cpor | CporRevRec | CporOsa | CporRevRecPerformance | CporOsu => Cpor,
            Dpor => Dpor,
            Pal => Pal,
        }
    }

    /// Whether `self`, as an entry of a qualifying list, admits a row associated as `row`:
    /// the same type, or `self` is the general family of `row` (`CSP` admits `CSP T2`). A
    /// specific entry never admits the general type: the seed's `CPOR OSU` does not admit a
    /// row that only says `CPOR`.
    pub fn covers(self, row: AssociationType) -> bool {
        self == row || self == row.family()
    }
}

labelled_enum!(
    /// A row's change in qualification over the period: gained (+1), unchanged (0), lost (−1).
    NetQualified {
        Gained => "+1" | "1",
        Unchanged => "0" | "+0" | "-0",
        Lost => "-1" | "−1",
    }
);

impl NetQualified {
    pub fn value(self) -> i64 {
        match self {
            NetQualified::Gained => 1,
            NetQualified::Unchanged => 0,
            NetQualified::Lost => -1,
        }
    }
}

/// One `eligibility.csv` row: a customer's tenant × workload × partner association, with the
/// measures the Solutions Partner metrics read. Empty numbers are 0; an empty date is none.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EligibilityRow {
    pub tpid: Tpid,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub customer_name: Arc<str>,
    pub tenant_id: TenantId,
    pub designation: Designation,
    pub workload: Workload,
    pub association: AssociationType,
    /// Paid available units of the workload on the tenant (Modern Work's PAU metric).
    pub pau: u64,
    /// Monthly active users gained over the trailing twelve months (may be negative).
    pub mau_growth: i64,
    pub net_qualified: NetQualified,
    /// When the deployment qualified; none when it has not.
    #[serde(with = "crate::json::opt_date")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub qualified_deployment: Option<Date>,
    /// Value of the workload's active subscriptions (never negative). Revenue: absent for a
    /// role that may not see [`Field::SubscriptionValue`](crate::access::Field).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active_subscription: Option<Money>,
    /// The usage measure Partner Center reports for the area, a year ago and now.
    pub usage_baseline: u64,
    pub usage_current: u64,
    /// Azure consumed revenue over the last twelve months (credits can make it negative).
    /// Revenue: absent for a role that may not see
    /// [`Field::AzureConsumedRevenue`](crate::access::Field).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acr_12_months: Option<Money>,
    /// Change in monthly protected users (may be negative).
    pub mpu_growth: i64,
}

/// One line of a Solutions Partner rules table (`solutions_partner.csv`): a solution area's
/// setting and its value as written. The value is checked when the file is imported and read
/// into its typed form by [`crate::rules::eligibility::SolutionsPartnerTable`].
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SolutionsPartnerSetting {
    pub area: SolutionArea,
    pub setting: crate::rules::eligibility::Setting,
    pub value: String,
}

impl fmt::Display for SolutionsPartnerSetting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} · {} = {}", self.area, self.setting, self.value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn association_families_cover_their_kinds_only_downwards() {
        use AssociationType::*;
        for (entry, row, covered) in [
            (Csp, CspT1, true),
            (Csp, CspT2, true),
            (Csp, Csp, true),
            (CspT1, Csp, false),
            (CspT1, CspT2, false),
            (Cpor, CporOsu, true),
            (Cpor, CporRevRecPerformance, true),
            (CporOsu, Cpor, false),
            (CporOsu, CporOsa, false),
            (Dpor, Dpor, true),
            (Dpor, Pal, false),
            (Cpor, Csp, false),
        ] {
            assert_eq!(entry.covers(row), covered, "{entry} covers {row}");
        }
    }

    #[test]
    fn labels_parse_back_with_aliases() {
        assert_eq!(
            AssociationType::parse("cpor revrec performance"),
            Some(AssociationType::CporRevRecPerformance)
        );
        assert_eq!(
            AssociationType::parse("CSP Tier 2"),
            Some(AssociationType::CspT2)
        );
        assert_eq!(AssociationType::parse("Reseller"), None);
        assert_eq!(
            Designation::parse("Data and AI"),
            Some(Designation::AzureDataAi)
        );
        assert_eq!(NetQualified::parse("−1"), Some(NetQualified::Lost));
        assert_eq!(NetQualified::parse("1").map(NetQualified::value), Some(1));
        assert_eq!(NetQualified::parse("2"), None);
        for a in SolutionArea::ALL {
            assert_eq!(SolutionArea::parse(a.label()), Some(*a));
            assert_eq!(SolutionArea::ALL[a.index()], *a);
        }
        assert_eq!(
            SolutionArea::ModernWorkEnterprise.designation(),
            Designation::ModernWork
        );
    }
}
