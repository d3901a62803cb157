//! Partner Insights' shared core: the domain model, CSV import parsing, the rules engine and
//! the report definitions. Pure functions only — no I/O, no async, no clock reads — so the
//! very same code runs natively in the server and as wasm32 in the browser.

pub mod access;
pub mod config;
pub mod csv_out;
pub mod dataset;
pub mod edits;
pub mod eligibility;
pub mod format;
pub mod ids;
pub mod import;
pub mod json;
pub mod model;
pub mod money;
pub mod ratio;
pub mod reports;
pub mod rules;
pub mod snapshot;
#[cfg(test)]
pub mod testdata;
pub mod usage;
pub mod wire;

pub use ids::{ClaimNumber, MpnId, ReferralId, TenantId, Tpid};
pub use model::*;
pub use money::Money;
pub use ratio::Ratio;
pub use snapshot::Snapshot;
