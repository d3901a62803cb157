pub mod cloud_endpoints;
pub mod opportunities;
pub mod referrals;
pub mod tenant_detail;
pub mod tenants;
