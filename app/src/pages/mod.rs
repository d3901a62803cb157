pub mod adoption;
pub mod cloud_endpoints;
pub mod eligibility;
pub mod opportunities;
pub mod referrals;
pub mod tenant_detail;
pub mod tenants;
