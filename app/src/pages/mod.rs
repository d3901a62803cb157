pub mod cloud_endpoints;
pub mod opportunities;
pub mod tenants;
