//! CPOR association (seed 000): a tenant is reported only when we hold at least one claim on
//! it, and a workload claimed by another partner is never shown or exported.

use crate::model::{ClaimState, WorkloadUsage};

/// Whether a workload row may be shown to us at all.
pub fn is_visible_workload(w: &WorkloadUsage) -> bool {
    w.claim_state() != ClaimState::ClaimedByOther
}

/// Whether a tenant with these workload rows is associated with us through CPOR.
pub fn is_associated<'a>(workloads: impl IntoIterator<Item = &'a WorkloadUsage>) -> bool {
    workloads
        .into_iter()
        .any(|w| w.claim_state() == ClaimState::ClaimedByUs)
}
