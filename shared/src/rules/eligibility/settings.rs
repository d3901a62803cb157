//! The settings of the Solutions Partner rules table (`solutions_partner.csv`: Solution area,
//! Setting, Value): which settings each solution area has and how each value is written.
//! Every comparison's direction is part of the setting's name ("above" is strict, "at least"
//! is not), so a partner changing a number cannot change the rule's shape.

use super::scope::{AssociationList, WorkloadList};
use crate::eligibility::{AssociationType, SolutionArea};
use crate::import::parse_count;
use crate::model::labelled_enum;
use crate::money::Money;
// `labelled_enum!` derives serde and implements `Display` with the names in scope.
use serde::{Deserialize, Serialize};
use std::fmt;

labelled_enum!(
    /// A setting of the rules table, named as the file writes it.
    Setting {
        Workloads => "Workloads",
        PartnerAssociationTypes => "Partner association types",
        NetQualifiedTenantsAtLeast => "Net qualified tenants at least",
        DeploymentWindowMonths => "Deployment window (months)",
        DeploymentExcludedWorkloads => "Deployment excluded workloads",
        DeployedWorkloadsAtLeast => "Deployed workloads at least",
        PerformanceWorkloads => "Performance workloads",
        PerformanceAssociationTypes => "Performance partner association types",
        NetQualifyingWorkloadsAtLeast => "Net qualifying workloads at least",
        NetQualifyingSubscriptionAbove => "Net qualifying subscription above (USD)",
        CustomerSuccessWorkloadsDynamics => "Customer success workloads (Dynamics 365)",
        CustomerSuccessAssociationTypesDynamics => "Customer success partner association types (Dynamics 365)",
        CustomerSuccessWorkloadsPowerPlatform => "Customer success workloads (Power Platform & Customer Insights)",
        CustomerSuccessAssociationTypesPowerPlatform => "Customer success partner association types (Power Platform & Customer Insights)",
        DeploymentSubscriptionAtLeast => "Deployment subscription at least (USD)",
        PauAbove => "PAU above",
        PauAtMost => "PAU at most",
        DeploymentAssociationTypes => "Deployment partner association types",
        NetQualifiedDeploymentsAtLeast => "Net qualified deployments at least",
        UsageGrowthPartnerOverallMau => "Usage growth partner overall at least (MAU)",
        AzureWorkloads => "Azure workloads",
        AzureAssociationTypes => "Azure partner association types",
        M365Workloads => "Microsoft 365 workloads",
        M365AssociationTypes => "Microsoft 365 partner association types",
        DeployedTenantsAtLeast => "Deployed tenants at least",
        AzureAcrPartnerOverallAtLeast => "Azure ACR partner overall at least (USD)",
        M365MpuGrowthPartnerOverallAtLeast => "Microsoft 365 MPU growth partner overall at least",
    }
);

/// How a setting's value is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// `*` or `;`-separated workloads, aliases joined by `|`; at least one.
    Workloads,
    /// Like [`ValueKind::Workloads`] but may be empty (nothing excluded).
    ExcludedWorkloads,
    /// `;`-separated partner association types; at least one.
    Associations,
    /// A whole number, 0 or more.
    Count,
    /// A whole number, or empty for "no limit".
    OptionalCount,
    /// Months, 1 to 120.
    Months,
    /// An amount in USD, 0 or more.
    Usd,
    /// `TYPE: N` pairs separated by `;` (e.g. `CPOR: 500; CSP: 2,000`); at least one.
    AssociationCounts,
}

impl Setting {
    pub fn kind(self) -> ValueKind {
        use Setting::*;
        match self {
            Workloads
            | PerformanceWorkloads
            | CustomerSuccessWorkloadsDynamics
            | CustomerSuccessWorkloadsPowerPlatform
            | AzureWorkloads
            | M365Workloads => ValueKind::Workloads,
            DeploymentExcludedWorkloads => ValueKind::ExcludedWorkloads,
            PartnerAssociationTypes
            | PerformanceAssociationTypes
            | CustomerSuccessAssociationTypesDynamics
            | CustomerSuccessAssociationTypesPowerPlatform
            | DeploymentAssociationTypes
            | AzureAssociationTypes
            | M365AssociationTypes => ValueKind::Associations,
            NetQualifiedTenantsAtLeast
            | DeployedWorkloadsAtLeast
            | NetQualifyingWorkloadsAtLeast
            | PauAbove
            | NetQualifiedDeploymentsAtLeast
            | DeployedTenantsAtLeast
            | M365MpuGrowthPartnerOverallAtLeast => ValueKind::Count,
            PauAtMost => ValueKind::OptionalCount,
            DeploymentWindowMonths => ValueKind::Months,
            NetQualifyingSubscriptionAbove
            | DeploymentSubscriptionAtLeast
            | AzureAcrPartnerOverallAtLeast => ValueKind::Usd,
            UsageGrowthPartnerOverallMau => ValueKind::AssociationCounts,
        }
    }
}

const AZURE: &[Setting] = &[
    Setting::Workloads,
    Setting::PartnerAssociationTypes,
    Setting::NetQualifiedTenantsAtLeast,
    Setting::DeploymentWindowMonths,
    Setting::DeploymentExcludedWorkloads,
    Setting::DeployedWorkloadsAtLeast,
];

const BUSINESS_APPLICATIONS: &[Setting] = &[
    Setting::PerformanceWorkloads,
    Setting::PerformanceAssociationTypes,
    Setting::NetQualifyingSubscriptionAbove,
    Setting::NetQualifyingWorkloadsAtLeast,
    Setting::CustomerSuccessWorkloadsDynamics,
    Setting::CustomerSuccessAssociationTypesDynamics,
    Setting::CustomerSuccessWorkloadsPowerPlatform,
    Setting::CustomerSuccessAssociationTypesPowerPlatform,
    Setting::DeploymentSubscriptionAtLeast,
    Setting::DeployedWorkloadsAtLeast,
];

const MODERN_WORK: &[Setting] = &[
    Setting::Workloads,
    Setting::PartnerAssociationTypes,
    Setting::PauAbove,
    Setting::PauAtMost,
    Setting::NetQualifiedTenantsAtLeast,
    Setting::DeploymentWindowMonths,
    Setting::DeploymentAssociationTypes,
    Setting::NetQualifiedDeploymentsAtLeast,
    Setting::UsageGrowthPartnerOverallMau,
];

const SECURITY: &[Setting] = &[
    Setting::AzureWorkloads,
    Setting::AzureAssociationTypes,
    Setting::M365Workloads,
    Setting::M365AssociationTypes,
    Setting::NetQualifiedTenantsAtLeast,
    Setting::DeploymentWindowMonths,
    Setting::DeployedTenantsAtLeast,
    Setting::AzureAcrPartnerOverallAtLeast,
    Setting::M365MpuGrowthPartnerOverallAtLeast,
];

/// Every setting an area needs, in the order the shipped table writes them.
pub fn settings_of(area: SolutionArea) -> &'static [Setting] {
    match area {
        SolutionArea::AzureDataAi
        | SolutionArea::AzureDigitalAppInnovation
        | SolutionArea::AzureInfrastructure => AZURE,
        SolutionArea::BusinessApplicationsSmb | SolutionArea::BusinessApplicationsEnterprise => {
            BUSINESS_APPLICATIONS
        }
        SolutionArea::ModernWorkSmb | SolutionArea::ModernWorkEnterprise => MODERN_WORK,
        SolutionArea::Security => SECURITY,
    }
}

/// A setting's value in its typed form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Workloads(WorkloadList),
    Associations(AssociationList),
    Count(u64),
    OptionalCount(Option<u64>),
    Months(u32),
    Usd(Money),
    AssociationCounts(Vec<(AssociationType, u64)>),
}

/// Reads a value written for `setting`; the message says what was expected.
pub fn parse_value(setting: Setting, text: &str) -> Result<Value, String> {
    let t = text.trim();
    Ok(match setting.kind() {
        ValueKind::Workloads => {
            let list = WorkloadList::parse(t)?;
            if list.is_empty() {
                return Err("at least one workload (or `*` for every workload) is required".into());
            }
            Value::Workloads(list)
        }
        ValueKind::ExcludedWorkloads => Value::Workloads(WorkloadList::parse(t)?),
        ValueKind::Associations => Value::Associations(AssociationList::parse(t)?),
        ValueKind::Count => Value::Count(count(t)?),
        ValueKind::OptionalCount if t.is_empty() => Value::OptionalCount(None),
        ValueKind::OptionalCount => Value::OptionalCount(Some(count(t)?)),
        ValueKind::Months => {
            let m = count(t)?;
            if !(1..=120).contains(&m) {
                return Err(format!("`{t}` is not a number of months from 1 to 120"));
            }
            Value::Months(m as u32)
        }
        ValueKind::Usd => {
            let m = Money::parse(t).map_err(|e| e.to_string())?;
            if m.cents() < 0 {
                return Err(format!("`{t}` is below 0"));
            }
            Value::Usd(m)
        }
        ValueKind::AssociationCounts => Value::AssociationCounts(association_counts(t)?),
    })
}

fn count(t: &str) -> Result<u64, String> {
    if t.is_empty() {
        return Err("a whole number is required".into());
    }
    parse_count(t)
}

fn association_counts(t: &str) -> Result<Vec<(AssociationType, u64)>, String> {
    let mut pairs = Vec::new();
    for part in t.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let (ty, n) = part
            .split_once(':')
            .ok_or_else(|| format!("`{part}` is not `TYPE: number` (e.g. `CPOR: 500`)"))?;
        let ty = AssociationType::parse(ty).ok_or_else(|| {
            format!(
                "`{}` is not a partner association type (expected one of {})",
                ty.trim(),
                AssociationType::expected()
            )
        })?;
        pairs.push((ty, count(n.trim())?));
    }
    if pairs.is_empty() {
        return Err("at least one `TYPE: number` pair is required".into());
    }
    Ok(pairs)
}

/// Checks one line of the table: the setting belongs to the area and its value reads.
/// `Err(true, …)` blames the Setting column, `Err(false, …)` the Value column.
pub fn check(area: SolutionArea, setting: Setting, value: &str) -> Result<Value, (bool, String)> {
    if !settings_of(area).contains(&setting) {
        let names: Vec<&str> = settings_of(area).iter().map(|s| s.label()).collect();
        return Err((
            true,
            format!(
                "`{setting}` is not a setting of {area} (expected one of {})",
                names.join(", ")
            ),
        ));
    }
    parse_value(setting, value).map_err(|m| (false, m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_parse_by_kind() {
        let ok = [
            (Setting::PauAbove, "1,000", Value::Count(1000)),
            (Setting::PauAtMost, "", Value::OptionalCount(None)),
            (Setting::PauAtMost, "300", Value::OptionalCount(Some(300))),
            (Setting::DeploymentWindowMonths, "12", Value::Months(12)),
            (
                Setting::AzureAcrPartnerOverallAtLeast,
                "$25,000",
                Value::Usd(Money(2_500_000)),
            ),
            (
                Setting::UsageGrowthPartnerOverallMau,
                "CPOR: 500; CSP: 2,000",
                Value::AssociationCounts(vec![
                    (AssociationType::Cpor, 500),
                    (AssociationType::Csp, 2000),
                ]),
            ),
            (
                Setting::DeploymentExcludedWorkloads,
                "",
                Value::Workloads(WorkloadList::Only(vec![])),
            ),
        ];
        for (s, text, want) in ok {
            assert_eq!(parse_value(s, text), Ok(want), "{s} = {text}");
        }
        let bad = [
            (Setting::PauAbove, "", "a whole number is required"),
            (
                Setting::PauAbove,
                "-1",
                "`-1` is not a whole number of 0 or more",
            ),
            (
                Setting::DeploymentWindowMonths,
                "0",
                "`0` is not a number of months from 1 to 120",
            ),
            (
                Setting::NetQualifyingSubscriptionAbove,
                "-5",
                "`-5` is below 0",
            ),
            (
                Setting::Workloads,
                " ; ",
                "at least one workload (or `*` for every workload) is required",
            ),
            (
                Setting::UsageGrowthPartnerOverallMau,
                "CPOR 500",
                "`CPOR 500` is not `TYPE: number` (e.g. `CPOR: 500`)",
            ),
        ];
        for (s, text, want) in bad {
            assert_eq!(parse_value(s, text), Err(want.to_string()), "{s} = {text}");
        }
    }

    #[test]
    fn a_setting_belongs_to_its_areas_only() {
        assert!(check(SolutionArea::ModernWorkSmb, Setting::PauAbove, "10").is_ok());
        let (blames_setting, msg) =
            check(SolutionArea::Security, Setting::PauAbove, "10").unwrap_err();
        assert!(blames_setting);
        assert!(
            msg.starts_with(
                "`PAU above` is not a setting of Security (expected one of Azure workloads,"
            ),
            "{msg}"
        );
        let (blames_setting, _) =
            check(SolutionArea::ModernWorkSmb, Setting::PauAbove, "ten").unwrap_err();
        assert!(!blames_setting);
        // Every setting is used by some area, and every kind by some setting.
        for s in Setting::ALL {
            assert!(
                SolutionArea::ALL
                    .iter()
                    .any(|a| settings_of(*a).contains(s)),
                "{s} unused"
            );
        }
    }
}
