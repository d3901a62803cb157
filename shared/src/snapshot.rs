//! The report data of one import, as the API sends it and the app holds it.

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
}
