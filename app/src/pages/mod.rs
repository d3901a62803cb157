pub mod opportunities;
pub mod tenants;
