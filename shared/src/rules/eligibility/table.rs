//! The Solutions Partner rules table: every qualifying workload list, association list and
//! threshold of seed 003 as data. The product ships a default (`shared/data/
//! solutions_partner.csv`, the seed's values); a partner's imported `solutions_partner.csv`
//! replaces it wholesale, never setting by setting, like the tipping points — so an imported
//! table must give every setting of every area (start from a copy of the default).

use super::scope::{AssociationList, Scope, ScopeGroup, WorkloadList};
use super::settings::{parse_value, Setting, Value};
use crate::eligibility::{AssociationType, SolutionArea, SolutionsPartnerSetting};
use crate::import::{self, ImportError, ImportFile};
use crate::money::Money;
use crate::rules::tipping_points::TableSource;
use std::collections::HashMap;

/// The shipped default table, in the import format so that partners can start from a copy.
pub const DEFAULT_CSV: &str = include_str!("../../../data/solutions_partner.csv");

/// Azure (Data & AI, Digital & App Innovation, Infrastructure): one row scope for the area.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AzureRules {
    pub scope: Scope,
    pub net_qualified_tenants_at_least: u64,
    pub deployment_window_months: u32,
    /// Workloads whose deployments do not count (the seed: Virtual Machines and their
    /// licenses).
    pub deployment_excluded: WorkloadList,
    pub deployed_workloads_at_least: u64,
}

/// Business Applications (SMB or Enterprise track).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BusinessApplicationsRules {
    /// Performance workloads × their association types: net customer adds.
    pub performance: Scope,
    /// A workload qualifies with active subscriptions strictly above this.
    pub net_qualifying_subscription_above: Money,
    pub net_qualifying_workloads_at_least: u64,
    /// Customer-success workloads, grouped by product with their association types:
    /// deployments and usage growth.
    pub customer_success: Scope,
    /// A workload counts as deployed with active subscriptions of at least this, rolled up
    /// at the tenant.
    pub deployment_subscription_at_least: Money,
    pub deployed_workloads_at_least: u64,
}

/// Modern Work (SMB or Enterprise track).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModernWorkRules {
    pub scope: Scope,
    /// PAU of at least one workload strictly above this …
    pub pau_above: u64,
    /// … and at most this (none: no upper bound).
    pub pau_at_most: Option<u64>,
    pub net_qualified_tenants_at_least: u64,
    pub deployment_window_months: u32,
    /// One deployments condition per association type, in this order.
    pub deployment_paths: Vec<AssociationType>,
    pub net_qualified_deployments_at_least: u64,
    /// One usage-growth condition per association type, with the MAU growth the partner
    /// needs overall through it.
    pub usage_growth_paths: Vec<(AssociationType, u64)>,
}

/// Security: an Azure half and a Microsoft 365 half.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityRules {
    pub azure: Scope,
    pub m365: Scope,
    pub net_qualified_tenants_at_least: u64,
    pub deployment_window_months: u32,
    pub deployed_tenants_at_least: u64,
    /// The partner's Security ACR over twelve months must reach this overall.
    pub azure_acr_partner_overall_at_least: Money,
    /// The partner's monthly-protected-users growth must reach this overall.
    pub m365_mpu_growth_partner_overall_at_least: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AreaRules {
    Azure(AzureRules),
    BusinessApplications(BusinessApplicationsRules),
    ModernWork(ModernWorkRules),
    Security(SecurityRules),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SolutionsPartnerTable {
    source: TableSource,
    /// One per area, in [`SolutionArea::ALL`] order.
    areas: Vec<AreaRules>,
}

fn table_error(message: String) -> ImportError {
    ImportError::Table {
        file: ImportFile::SolutionsPartner.file_name(),
        message,
    }
}

/// Reads one area's settings out of the table's lines.
struct AreaReader<'a> {
    area: SolutionArea,
    values: &'a HashMap<(SolutionArea, Setting), String>,
}

impl AreaReader<'_> {
    fn value(&self, s: Setting) -> Result<Value, ImportError> {
        let text = self
            .values
            .get(&(self.area, s))
            .ok_or_else(|| table_error(format!("{} has no \"{s}\" setting", self.area)))?;
        parse_value(s, text).map_err(|m| table_error(format!("{} \"{s}\": {m}", self.area)))
    }

    fn workloads(&self, s: Setting) -> Result<WorkloadList, ImportError> {
        match self.value(s)? {
            Value::Workloads(w) => Ok(w),
            v => unreachable!("{s} is a workload list, read as {v:?}"),
        }
    }

    fn associations(&self, s: Setting) -> Result<AssociationList, ImportError> {
        match self.value(s)? {
            Value::Associations(a) => Ok(a),
            v => unreachable!("{s} is an association list, read as {v:?}"),
        }
    }

    fn count(&self, s: Setting) -> Result<u64, ImportError> {
        match self.value(s)? {
            Value::Count(n) => Ok(n),
            v => unreachable!("{s} is a count, read as {v:?}"),
        }
    }

    fn optional_count(&self, s: Setting) -> Result<Option<u64>, ImportError> {
        match self.value(s)? {
            Value::OptionalCount(n) => Ok(n),
            v => unreachable!("{s} is an optional count, read as {v:?}"),
        }
    }

    fn months(&self, s: Setting) -> Result<u32, ImportError> {
        match self.value(s)? {
            Value::Months(n) => Ok(n),
            v => unreachable!("{s} is months, read as {v:?}"),
        }
    }

    fn usd(&self, s: Setting) -> Result<Money, ImportError> {
        match self.value(s)? {
            Value::Usd(m) => Ok(m),
            v => unreachable!("{s} is money, read as {v:?}"),
        }
    }

    fn association_counts(&self, s: Setting) -> Result<Vec<(AssociationType, u64)>, ImportError> {
        match self.value(s)? {
            Value::AssociationCounts(p) => Ok(p),
            v => unreachable!("{s} is association counts, read as {v:?}"),
        }
    }

    fn scope(&self, workloads: Setting, associations: Setting) -> Result<Scope, ImportError> {
        Ok(Scope::single(
            self.workloads(workloads)?,
            self.associations(associations)?,
        ))
    }

    fn rules(&self) -> Result<AreaRules, ImportError> {
        use Setting::*;
        Ok(match self.area {
            SolutionArea::AzureDataAi
            | SolutionArea::AzureDigitalAppInnovation
            | SolutionArea::AzureInfrastructure => AreaRules::Azure(AzureRules {
                scope: self.scope(Workloads, PartnerAssociationTypes)?,
                net_qualified_tenants_at_least: self.count(NetQualifiedTenantsAtLeast)?,
                deployment_window_months: self.months(DeploymentWindowMonths)?,
                deployment_excluded: self.workloads(DeploymentExcludedWorkloads)?,
                deployed_workloads_at_least: self.count(DeployedWorkloadsAtLeast)?,
            }),
            SolutionArea::BusinessApplicationsSmb
            | SolutionArea::BusinessApplicationsEnterprise => {
                AreaRules::BusinessApplications(BusinessApplicationsRules {
                    performance: self.scope(PerformanceWorkloads, PerformanceAssociationTypes)?,
                    net_qualifying_subscription_above: self.usd(NetQualifyingSubscriptionAbove)?,
                    net_qualifying_workloads_at_least: self.count(NetQualifyingWorkloadsAtLeast)?,
                    customer_success: Scope {
                        groups: vec![
                            ScopeGroup {
                                name: "Dynamics 365",
                                workloads: self.workloads(CustomerSuccessWorkloadsDynamics)?,
                                associations: self
                                    .associations(CustomerSuccessAssociationTypesDynamics)?,
                            },
                            ScopeGroup {
                                name: "Power Platform & Customer Insights",
                                workloads: self.workloads(CustomerSuccessWorkloadsPowerPlatform)?,
                                associations: self
                                    .associations(CustomerSuccessAssociationTypesPowerPlatform)?,
                            },
                        ],
                    },
                    deployment_subscription_at_least: self.usd(DeploymentSubscriptionAtLeast)?,
                    deployed_workloads_at_least: self.count(DeployedWorkloadsAtLeast)?,
                })
            }
            SolutionArea::ModernWorkSmb | SolutionArea::ModernWorkEnterprise => {
                AreaRules::ModernWork(ModernWorkRules {
                    scope: self.scope(Workloads, PartnerAssociationTypes)?,
                    pau_above: self.count(PauAbove)?,
                    pau_at_most: self.optional_count(PauAtMost)?,
                    net_qualified_tenants_at_least: self.count(NetQualifiedTenantsAtLeast)?,
                    deployment_window_months: self.months(DeploymentWindowMonths)?,
                    deployment_paths: self.associations(DeploymentAssociationTypes)?.0,
                    net_qualified_deployments_at_least: self
                        .count(NetQualifiedDeploymentsAtLeast)?,
                    usage_growth_paths: self.association_counts(UsageGrowthPartnerOverallMau)?,
                })
            }
            SolutionArea::Security => AreaRules::Security(SecurityRules {
                azure: self.scope(AzureWorkloads, AzureAssociationTypes)?,
                m365: self.scope(M365Workloads, M365AssociationTypes)?,
                net_qualified_tenants_at_least: self.count(NetQualifiedTenantsAtLeast)?,
                deployment_window_months: self.months(DeploymentWindowMonths)?,
                deployed_tenants_at_least: self.count(DeployedTenantsAtLeast)?,
                azure_acr_partner_overall_at_least: self.usd(AzureAcrPartnerOverallAtLeast)?,
                m365_mpu_growth_partner_overall_at_least: self
                    .count(M365MpuGrowthPartnerOverallAtLeast)?,
            }),
        })
    }
}

impl SolutionsPartnerTable {
    /// The table that ships with the product.
    ///
    /// # Panics
    /// Never in a released build: the shipped file is checked by this module's tests.
    pub fn default_table() -> Self {
        let rows = import::solutions_partner(DEFAULT_CSV.as_bytes())
            .and_then(|parsed| parsed.collect::<Result<Vec<_>, _>>())
            .expect("the shipped solutions_partner.csv parses");
        Self::with_source(rows, TableSource::Default).expect("the shipped table is complete")
    }

    /// A table of imported lines. A setting given twice keeps its last value, as a later line
    /// of a file overrides an earlier one; a setting an area needs and lacks is an error.
    pub fn from_settings(
        rows: impl IntoIterator<Item = SolutionsPartnerSetting>,
    ) -> Result<Self, ImportError> {
        Self::with_source(rows, TableSource::Imported)
    }

    /// The table in force: the imported lines when there are any, else the default.
    pub fn for_settings(imported: &[SolutionsPartnerSetting]) -> Result<Self, ImportError> {
        if imported.is_empty() {
            Ok(Self::default_table())
        } else {
            Self::from_settings(imported.iter().cloned())
        }
    }

    fn with_source(
        rows: impl IntoIterator<Item = SolutionsPartnerSetting>,
        source: TableSource,
    ) -> Result<Self, ImportError> {
        let values: HashMap<(SolutionArea, Setting), String> = rows
            .into_iter()
            .map(|r| ((r.area, r.setting), r.value))
            .collect();
        let areas = SolutionArea::ALL
            .iter()
            .map(|&area| {
                AreaReader {
                    area,
                    values: &values,
                }
                .rules()
            })
            .collect::<Result<_, _>>()?;
        Ok(SolutionsPartnerTable { source, areas })
    }

    pub fn source(&self) -> TableSource {
        self.source
    }

    pub fn rules(&self, area: SolutionArea) -> &AreaRules {
        &self.areas[area.index()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eligibility::AssociationType as A;

    fn table() -> SolutionsPartnerTable {
        SolutionsPartnerTable::default_table()
    }

    #[test]
    fn the_shipped_table_holds_the_seed_values() {
        let t = table();
        assert_eq!(t.source(), TableSource::Default);
        let AreaRules::ModernWork(smb) = t.rules(SolutionArea::ModernWorkSmb) else {
            panic!("Modern Work rules")
        };
        assert_eq!((smb.pau_above, smb.pau_at_most), (10, Some(300)));
        assert_eq!(smb.scope.groups[0].associations.0, [A::Csp, A::Cpor]);
        assert_eq!(smb.deployment_paths, [A::Cpor, A::Csp]);
        assert_eq!(smb.usage_growth_paths, [(A::Cpor, 500), (A::Csp, 2000)]);
        let AreaRules::ModernWork(ent) = t.rules(SolutionArea::ModernWorkEnterprise) else {
            panic!("Modern Work rules")
        };
        assert_eq!((ent.pau_above, ent.pau_at_most), (300, None));
        assert_eq!(ent.scope.groups[0].associations.0, [A::Csp, A::Dpor]);
        assert_eq!(ent.usage_growth_paths, [(A::Cpor, 1000), (A::Dpor, 4000)]);
        for (area, above, deploy) in [
            (SolutionArea::BusinessApplicationsSmb, 500, 5_000),
            (SolutionArea::BusinessApplicationsEnterprise, 1_500, 10_000),
        ] {
            let AreaRules::BusinessApplications(b) = t.rules(area) else {
                panic!("Business Applications rules")
            };
            assert_eq!(b.net_qualifying_subscription_above, Money(above * 100));
            assert_eq!(b.deployment_subscription_at_least, Money(deploy * 100));
            let WorkloadList::Only(perf) = &b.performance.groups[0].workloads else {
                panic!("a list")
            };
            assert_eq!(perf.len(), 23, "the seed's 23 performance workloads");
            assert_eq!(b.customer_success.groups[1].associations.0, [A::Pal]);
        }
        let AreaRules::Security(s) = t.rules(SolutionArea::Security) else {
            panic!("Security rules")
        };
        assert_eq!(s.azure_acr_partner_overall_at_least, Money(2_500_000));
        assert_eq!(s.m365_mpu_growth_partner_overall_at_least, 2500);
        assert_eq!(s.azure.groups[0].associations.0, [A::Pal]);
        assert_eq!(s.m365.groups[0].associations.0, [A::Cpor]);
        for area in [
            SolutionArea::AzureDataAi,
            SolutionArea::AzureDigitalAppInnovation,
            SolutionArea::AzureInfrastructure,
        ] {
            let AreaRules::Azure(a) = t.rules(area) else {
                panic!("Azure rules")
            };
            assert_eq!(a.scope.groups[0].workloads, WorkloadList::Any);
            assert_eq!(
                a.deployment_excluded.describe(""),
                "Virtual Machines, Virtual Machine Licenses"
            );
            assert_eq!(a.scope.groups[0].associations.0, [A::Csp, A::Dpor, A::Pal]);
        }
    }

    fn default_lines() -> Vec<SolutionsPartnerSetting> {
        import::solutions_partner(DEFAULT_CSV.as_bytes())
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    #[test]
    fn an_imported_table_replaces_the_default_and_must_be_complete() {
        assert_eq!(
            SolutionsPartnerTable::for_settings(&[]).unwrap().source(),
            TableSource::Default
        );
        let mut lines = default_lines();
        lines.push(SolutionsPartnerSetting {
            area: SolutionArea::ModernWorkSmb,
            setting: Setting::PauAbove,
            value: "20".into(),
        });
        let t = SolutionsPartnerTable::for_settings(&lines).unwrap();
        assert_eq!(t.source(), TableSource::Imported);
        let AreaRules::ModernWork(smb) = t.rules(SolutionArea::ModernWorkSmb) else {
            panic!()
        };
        assert_eq!(smb.pau_above, 20, "the later line wins");

        lines
            .retain(|l| !(l.area == SolutionArea::Security && l.setting == Setting::M365Workloads));
        assert_eq!(
            SolutionsPartnerTable::from_settings(lines)
                .unwrap_err()
                .to_string(),
            "solutions_partner.csv: Security has no \"Microsoft 365 workloads\" setting"
        );
    }

    #[test]
    fn a_stored_value_that_no_longer_reads_is_named() {
        let mut lines = default_lines();
        lines.push(SolutionsPartnerSetting {
            area: SolutionArea::Security,
            setting: Setting::DeploymentWindowMonths,
            value: "0".into(),
        });
        assert_eq!(
            SolutionsPartnerTable::from_settings(lines).unwrap_err().to_string(),
            "solutions_partner.csv: Security \"Deployment window (months)\": `0` is not a number of months from 1 to 120"
        );
    }
}
