//! The report data of one import, as the API sends it and the app holds it.

use crate::eligibility::{EligibilityRow, SolutionsPartnerSetting};
use crate::model::{CloudEndpoint, Referral, Tenant, TippingPoint, WorkloadUsage};
use serde::{Deserialize, Serialize};

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub tenants: Vec<Tenant>,
    pub workloads: Vec<WorkloadUsage>,
    pub tipping_points: Vec<TippingPoint>,
    pub cloud_endpoints: Vec<CloudEndpoint>,
    pub referrals: Vec<Referral>,
    /// `eligibility.csv`, in file order (Solutions Partner customer eligibility).
    #[serde(default)]
    pub eligibility: Vec<EligibilityRow>,
    /// An imported `solutions_partner.csv`; empty: the shipped default table applies.
    #[serde(default)]
    pub solutions_partner: Vec<SolutionsPartnerSetting>,
}
