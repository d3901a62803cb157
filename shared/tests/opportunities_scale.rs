//! Scale: the Opportunities report at the size the browser holds (≈50,000 rows).

use shared::config::RulesConfig;
use shared::ids::{MpnId, TenantId, Tpid};
use shared::model::*;
use shared::reports::opportunities::build_rows;
use shared::{Money, Snapshot};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Live heap bytes. Process-wide, so this binary holds a single test.
struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        LIVE.fetch_add(l.size(), Ordering::Relaxed);
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size(), Ordering::Relaxed);
        unsafe { System.dealloc(p, l) }
    }
}

#[global_allocator]
static A: Counting = Counting;

const WORKLOADS: [&str; 11] = [
    "Exchange Online",
    "SharePoint Online",
    "OneDrive",
    "Teams",
    "Microsoft 365 Apps",
    "Intune",
    "Entra ID P1",
    "Defender for Office 365",
    "Defender for Endpoint",
    "Purview Information Protection",
    "Viva Engage",
];

fn snapshot(tenants: u128) -> Snapshot {
    let mut s = Snapshot::default();
    for n in 0..tenants {
        let t = Tenant {
            id: TenantId(uuid::Uuid::from_u128(n + 1)),
            name: format!("Tenant {n}").into(),
            domain: format!("t{n}.example").into(),
            tpid: Tpid::from(format!("{}", 1000 + n)),
            customer_name: String::new().into(),
            country: "US".into(),
            segment: if n % 2 == 0 {
                Segment::Enterprise
            } else {
                Segment::Smc
            },
            sub_segment: String::new().into(),
            industry: String::new().into(),
            m365_licenses: 500,
            ea_renewal: None,
            csp_renewal: None,
            partner_name: String::new().into(),
            mpn_id: MpnId("1".into()),
            cpor_association: true,
            csp_association: false,
            csp_tier: None,
            t2_reseller: String::new().into(),
        };
        for (i, w) in WORKLOADS.iter().enumerate() {
            let pau = 100 + ((n as u64 * 37 + i as u64 * 91) % 900);
            s.workloads.push(WorkloadUsage {
                tenant_id: t.id,
                workload: Workload::new(w),
                sku: Sku::MODELLED[(n % 3) as usize].clone(),
                mau: (pau * ((n as u64 + i as u64) % 10)) / 8,
                pau,
                claim_number: (i % 3 != 0).then(|| format!("C-{n}-{i}").as_str().into()),
                claimed_by: None,
                claim_date: None,
                incentivized: i % 2 == 0,
                rate_per_unit: Some(Money(450)),
                starting_hwm: Some(pau / 2),
                prior_hwm: (i % 4 == 0).then_some(pau / 3),
                total_entitlements: pau,
                active_entitlements: 0,
                assigned_licenses: pau,
                sold_licenses: pau,
                resources: "".into(),
            });
        }
        s.tenants.push(t);
    }
    s
}

/// The browser holds every row with its traces; this guards their footprint (measured on a
/// 64-bit target; wasm32 halves the pointers). ≈1.6 KB per row when written.
#[test]
fn fifty_thousand_rows_stay_small() {
    let snap = snapshot(4_546);
    let before = LIVE.load(Ordering::Relaxed);
    let rows = build_rows(&snap, &RulesConfig::default());
    let per_row = (LIVE.load(Ordering::Relaxed) - before) / rows.len();
    assert_eq!(rows.len(), 50_006);
    assert!(per_row < 2_048, "{per_row} bytes per row");
    let e = &rows[7].evaluation;
    assert!(!e.opportunity.trace.is_empty() && !e.at_risk.trace.is_empty());
}
