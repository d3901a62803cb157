//! MPN scope (spec §6): a user is granted the whole organization or a list of Partner Center
//! IDs (MPN locations), and sees only the tenants associated through them.

use crate::ids::{MpnId, TenantId};
use crate::snapshot::Snapshot;
use std::collections::{BTreeSet, HashSet};

/// The tenants a user may see.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum Scope {
    /// Every tenant of the partner.
    #[default]
    Organization,
    /// Only tenants whose Partner Center ID is one of these (never empty).
    Locations(BTreeSet<MpnId>),
}

impl Scope {
    /// The scope a token's `mpn` claim grants: none listed is the whole organization.
    pub fn of(mpns: impl IntoIterator<Item = MpnId>) -> Scope {
        let set: BTreeSet<MpnId> = mpns.into_iter().collect();
        if set.is_empty() {
            Scope::Organization
        } else {
            Scope::Locations(set)
        }
    }

    /// Whether a tenant associated through `mpn` is in scope (exact match).
    pub fn contains(&self, mpn: &MpnId) -> bool {
        match self {
            Scope::Organization => true,
            Scope::Locations(set) => set.contains(mpn),
        }
    }

    /// The Partner Center IDs granted (empty for the whole organization).
    pub fn mpns(&self) -> Vec<&MpnId> {
        match self {
            Scope::Organization => Vec::new(),
            Scope::Locations(set) => set.iter().collect(),
        }
    }

    /// "Whole organization", "MPN 4412031", "MPNs 4412031, 4412032".
    pub fn label(&self) -> String {
        match self {
            Scope::Organization => "Whole organization".into(),
            Scope::Locations(set) => {
                let ids: Vec<&str> = set.iter().map(MpnId::as_str).collect();
                let noun = if ids.len() == 1 { "MPN" } else { "MPNs" };
                format!("{noun} {}", ids.join(", "))
            }
        }
    }

    /// Keeps only what this scope sees: its tenants, and the workload rows, cloud endpoints
    /// and referrals of those tenants. Tipping points are reference data, kept whole.
    pub fn restrict(&self, s: &mut Snapshot) {
        if *self == Scope::Organization {
            return;
        }
        s.tenants.retain(|t| self.contains(&t.mpn_id));
        let kept: HashSet<TenantId> = s.tenants.iter().map(|t| t.id).collect();
        s.workloads.retain(|w| kept.contains(&w.tenant_id));
        s.cloud_endpoints.retain(|c| kept.contains(&c.tenant_id));
        s.referrals.retain(|r| kept.contains(&r.tenant_id));
        // A customer (TPID) may span MPN locations: only its tenants in scope are seen.
        s.eligibility.retain(|r| kept.contains(&r.tenant_id));
    }
}
