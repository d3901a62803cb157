//! The rules engine (`../shared/spec/rules.md`). Each rule lives in the module named for it;
//! its thresholds are in [`crate::config`].

pub mod adoption;
pub mod association;
pub mod cloud_endpoints;
pub mod eligibility;
pub mod opportunity;
pub mod tenant_rollup;
pub mod tipping_points;
pub mod trace;
